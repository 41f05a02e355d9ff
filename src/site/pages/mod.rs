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
mod roadmap;
mod sla_board;
mod thanks;
mod todo;

pub(crate) use releases::release_urls;
pub(crate) use thanks::{credited, thanks_urls};

use super::views::PageView;
#[cfg(doc)]
use super::views::SiteView;
use crate::render::inline::code_spans_plain;
use crate::render::templates::{STYLE_CSS, Templates};
use anyhow::Result;

/// One page: where it goes, the template that draws it, its title and the
/// navigation entry it belongs to (`home`, `items`, `releases`, `reports`,
/// `sla`).
pub(crate) struct Page<'p> {
    pub path: &'p str,
    pub template: &'static str,
    pub title: &'p str,
    pub section: &'static str,
    /// What a shared link's card says.
    pub description: Description<'p>,
}

/// What a page's shared-link card says.
pub(crate) enum Description<'p> {
    /// What the site is ([`SITE_DESCRIPTION`]).
    Site,
    Text(String),
    /// Made only if the page is rendered: a page the memo keeps needs
    /// none, and the item pages are ten thousand of them.
    Lazy(&'p (dyn Fn() -> String + Sync)),
}

/// What the site is, for pages without a description of their own.
pub(crate) const SITE_DESCRIPTION: &str =
    "What developers told us, what we changed because of it, and who to thank.";

/// A description at most `max` characters long, cut at a word.
pub(crate) fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ' ']))
}

/// How a page is read: inside the site (links to its neighbours and the
/// shared stylesheet), or on its own (`report --format html`: the
/// stylesheet inlined, no links out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Frame {
    Site,
    Standalone,
}

/// The relative prefix from a page to the site root.
fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Renders one page: the site's shared values (a [`SiteView`], or the
/// Tera value made of it once for a whole build), the page's own, and its
/// view under `key`. Views go straight into Tera's context, without a JSON
/// value in between (that copy was a tenth of the build); item views bring
/// their own Tera value, made once.
pub(crate) fn render(
    templates: &Templates,
    site: &impl serde::Serialize,
    page: &Page,
    key: &'static str,
    view: &impl serde::Serialize,
    frame: Frame,
) -> Result<String> {
    let bytes = render_bytes(templates, site, page, key, view, frame)?;
    Ok(String::from_utf8(bytes)?)
}

/// [`render`], as the bytes of the page's file.
pub(crate) fn render_bytes(
    templates: &Templates,
    site: &impl serde::Serialize,
    page: &Page,
    key: &'static str,
    view: &impl serde::Serialize,
    frame: Frame,
) -> Result<Vec<u8>> {
    let context = super::views::for_templates::run(|| context(site, page, key, view, frame));
    templates.render_bytes(page.template, &context)
}

/// What [`render`] passes to the template.
fn context(
    site: &impl serde::Serialize,
    page: &Page,
    key: &'static str,
    view: &impl serde::Serialize,
    frame: Frame,
) -> tera::Context {
    let mut context = tera::Context::new();
    context.insert("site", site);
    context.insert(
        "page",
        &PageView {
            root: match frame {
                Frame::Site => root_of(page.path),
                Frame::Standalone => String::new(),
            },
            title: code_spans_plain(page.title),
            section: page.section,
            stamped: matches!(page.section, "home" | "reports" | "sla" | "todo"),
            path: page.path.to_owned(),
            description: match &page.description {
                Description::Site => SITE_DESCRIPTION.to_owned(),
                Description::Text(text) => text.clone(),
                Description::Lazy(describe) => describe(),
            },
        },
    );
    context.insert(key, view);
    let standalone = frame == Frame::Standalone;
    context.insert("standalone", &standalone);
    context.insert("css", if standalone { STYLE_CSS } else { "" });
    context
}

/// Name → `<folder>/<slug>.html` for each distinct name, in name order:
/// names whose slugs collide (`v2.3.0` and `v2-3-0`), or hit one of
/// `reserved`, get `-2`, `-3`, … so that no page overwrites another.
fn unique_urls<'n>(
    names: impl Iterator<Item = &'n str>,
    reserved: &[&str],
    folder: &str,
) -> std::collections::BTreeMap<String, String> {
    // Sorted and deduplicated in a vector: most items share their
    // release or developer with others, and a tree takes each insert as
    // a search.
    let mut names: Vec<&str> = names.collect();
    names.sort_unstable();
    names.dedup();
    let mut taken: std::collections::BTreeSet<String> =
        reserved.iter().map(|s| (*s).to_owned()).collect();
    let mut out = std::collections::BTreeMap::new();
    for name in names {
        let base = crate::render::url::slug(name);
        let mut candidate = base.clone();
        let mut n = 2;
        while !taken.insert(candidate.clone()) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        out.insert(name.to_owned(), format!("{folder}/{candidate}.html"));
    }
    out
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
