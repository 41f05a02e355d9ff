//! The site's page families, one file each: item pages, the item list,
//! releases, reports, the home page, the SLA board and the feed. Each
//! family is one function on [`SiteBuild`](super::SiteBuild) that renders its pages and
//! writes them through the [`Output`](super::output::Output) as they are
//! ready; [`SiteBuild::emit`](super::SiteBuild::emit) calls them in turn.
//!
//! [`render`] is the one way a view becomes HTML: the site and
//! `report --format html` both go through it.

mod feed;
mod home;
mod item_list;
mod items;
mod releases;
mod reports;
mod sla_board;
mod todo;

pub use releases::{RESERVED_RELEASE_SLUGS, release_urls};
pub use reports::MAX_REPORT_WEEKS;

use super::views::{PageView, SiteView};
use crate::render::templates::{STYLE_CSS, Templates};
use anyhow::Result;

/// One page: where it goes, the template that draws it, its title and the
/// navigation entry it belongs to (`home`, `items`, `releases`, `reports`,
/// `sla`).
pub struct Page<'p> {
    pub path: &'p str,
    pub template: &'static str,
    pub title: &'p str,
    pub section: &'static str,
}

/// How a page is read: inside the site (links to its neighbours and the
/// shared stylesheet), or on its own (`report --format html`: the
/// stylesheet inlined, no links out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    Site,
    Standalone,
}

/// The relative prefix from a page to the site root.
fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Renders one page: the site's shared values, the page's own, and its
/// view under `key`. Views go straight into Tera's context, without a JSON
/// value in between (that copy was a tenth of the build).
pub fn render(
    templates: &Templates,
    site: &SiteView,
    page: &Page,
    key: &'static str,
    view: &impl serde::Serialize,
    frame: Frame,
) -> Result<String> {
    let mut context = tera::Context::new();
    context.insert("site", site);
    context.insert(
        "page",
        &PageView {
            root: match frame {
                Frame::Site => root_of(page.path),
                Frame::Standalone => String::new(),
            },
            title: page.title.to_owned(),
            section: page.section,
            stamped: matches!(page.section, "home" | "reports" | "sla" | "todo"),
        },
    );
    context.insert(key, view);
    let standalone = frame == Frame::Standalone;
    context.insert("standalone", &standalone);
    context.insert("css", if standalone { STYLE_CSS } else { "" });
    templates.render_context(page.template, &context)
}

#[cfg(test)]
mod tests {
    use super::root_of;

    #[test]
    fn root_prefix_follows_the_depth() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("feedback/a.html"), "../");
        assert_eq!(root_of("a/b/c.html"), "../../");
    }
}
