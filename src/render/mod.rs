//! Turning views into pages: safe Markdown, safe URLs, templates.

pub(crate) mod format;
pub(crate) mod inline;
pub(crate) mod json;
pub(crate) mod markdown;
pub(crate) mod templates;
pub(crate) mod url;
