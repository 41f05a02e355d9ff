//! Turning views into pages: safe Markdown, safe URLs, templates.

pub mod format;
pub mod inline;
pub mod markdown;
pub mod templates;
pub mod url;
