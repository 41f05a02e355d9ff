//! Releases: one page per named release (`releases/<slug>.html`), the PR-only
//! changes (`releases/other.html` when there are too many for the index),
//! and the releases index (`releases/index.html`).

use super::{Description, Page};
use crate::model::{Item, Time};
use crate::render::inline::code_spans_plain;
use crate::site::output::{Output, Source};
use crate::site::present::day;
use crate::site::views::{ItemView, OTHER_ON_INDEX, ReleaseSummary, ReleaseView, ReleasesPage};
use crate::site::{Shared, Shown, SiteBuild};
use anyhow::Result;
use foldhash::HashMap;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// File names in `releases/` that the site uses itself: a release whose
/// name slugs to one of them gets the next free slug (`index-2`).
pub(crate) const RESERVED_RELEASE_SLUGS: &[&str] = &["index", "other"];

/// Where the PR-only changes are listed in full.
const OTHER_URL: &str = "releases/other.html";

/// Release name → `releases/<slug>.html`, slugs made unique in name order
/// (`v2.3.0` and `v2-3-0` would otherwise collide) and never one of
/// [`RESERVED_RELEASE_SLUGS`].
pub(crate) fn release_urls<'i>(items: impl Iterator<Item = &'i Item>) -> BTreeMap<String, String> {
    let names = items.filter_map(|i| i.shipped.as_ref()?.release.as_deref());
    super::unique_urls(names, RESERVED_RELEASE_SLUGS, "releases")
}

/// A release's shared-link text: how many changes, and what they are.
fn release_description(r: &ReleaseView) -> String {
    let lines: Vec<String> = r
        .items
        .iter()
        .map(|i| code_spans_plain(i.summary.as_deref().unwrap_or(&i.title)))
        .collect();
    let head = format!(
        "{} change{} from developer feedback",
        r.total,
        if r.total == 1 { "" } else { "s" }
    );
    if lines.is_empty() {
        return format!("{}: {head}.", r.name);
    }
    super::clip(&format!("{}: {head} — {}.", r.name, lines.join("; ")), 200)
}

fn shipped_at(i: &Item) -> Option<Time> {
    i.shipped.as_ref().map(|s| s.at)
}

/// Items shipped by *now*: by release name, and those with no release.
/// The releases the audience may see, newest first, and how many others
/// there are (releases none of whose changes it may see: only counted).
pub(in crate::site) struct Releases {
    pub views: Vec<ReleaseView>,
    pub hidden: usize,
}

struct Shipped<'a> {
    by_release: BTreeMap<&'a str, Vec<&'a Item>>,
    other: Vec<&'a Item>,
}

impl SiteBuild<'_> {
    /// Writes every release page and the index; returns the releases,
    /// newest first, for the home page and the feed.
    pub(in crate::site) fn release_pages(
        &self,
        shared: &Shared,
        shown: &Shown,
        out: &Output,
    ) -> Result<Releases> {
        let views = shown.shared_views_by_id();
        let shipped = self.shipped();
        let all = shipped.by_release.len();
        let releases = self.release_views(shared, &views, shipped.by_release);
        let releases = Releases {
            hidden: all - releases.len(),
            views: releases,
        };
        releases.views.par_iter().try_for_each(|r| {
            let page = Page {
                path: &r.url,
                template: "release.html",
                title: &r.name,
                section: "releases",
                description: Description::Text(release_description(r)),
            };
            let source = Source::named("the release", r.name.as_str());
            let identity = release_identity(r);
            self.write_page_as(out, shared, page, source, "release", r, identity)
        })?;
        self.other_changes(shared, &views, shipped.other, &releases, out)?;
        Ok(releases)
    }

    fn shipped(&self) -> Shipped<'_> {
        let mut by_release: BTreeMap<&str, Vec<&Item>> = BTreeMap::new();
        let mut other: Vec<&Item> = Vec::new();
        for item in &self.repo.checked.items {
            if let Some(s) = item.shipped.as_ref().filter(|s| s.at <= self.now) {
                match &s.release {
                    Some(name) => by_release.entry(name).or_default().push(item),
                    None => other.push(item),
                }
            }
        }
        other.sort_by(|a, b| (shipped_at(b), &b.id).cmp(&(shipped_at(a), &a.id)));
        Shipped { by_release, other }
    }

    /// One view per release the audience may see something of, newest
    /// first; the changes it may not see are only counted.
    fn release_views(
        &self,
        shared: &Shared,
        views: &HashMap<&str, &Arc<ItemView>>,
        by_release: BTreeMap<&str, Vec<&Item>>,
    ) -> Vec<ReleaseView> {
        let cal = &self.repo.config.calendar;
        let mut dated: Vec<(Time, ReleaseView)> = by_release
            .into_iter()
            .filter(|(_, items)| items.iter().any(|i| shared.vis.shows(i)))
            .map(|(name, mut items)| {
                items.sort_by(|a, b| (shipped_at(a), &a.id).cmp(&(shipped_at(b), &b.id)));
                let date = items
                    .iter()
                    .filter_map(|i| shipped_at(i))
                    .max()
                    .expect("a release has items");
                let visible = visible(shared, views, &items);
                let view = ReleaseView {
                    name: name.to_owned(),
                    url: shared.urls.releases[name].clone(),
                    date: day(date, cal),
                    private_count: items.len() - visible.len(),
                    total: items.len(),
                    items: visible,
                };
                (date, view)
            })
            .collect();
        dated.sort_by(|a, b| (b.0, &b.1.name).cmp(&(a.0, &a.1.name)));
        dated.into_iter().map(|(_, v)| v).collect()
    }

    /// The PR-only changes: on the index, and on a page of their own,
    /// shaped like a release, when there are more than the index shows.
    fn other_changes(
        &self,
        shared: &Shared,
        views: &HashMap<&str, &Arc<ItemView>>,
        other: Vec<&Item>,
        releases: &Releases,
        out: &Output,
    ) -> Result<()> {
        let other_views = visible(shared, views, &other);
        let other_private = other.len() - other_views.len();
        let other_url = (other_views.len() > OTHER_ON_INDEX).then_some(OTHER_URL);
        if let Some(url) = other_url {
            let view = ReleaseView {
                name: "Other changes".to_owned(),
                url: url.to_owned(),
                date: String::new(),
                total: other.len(),
                private_count: other_private,
                items: other_views.clone(),
            };
            let page = Page {
                path: url,
                template: "release.html",
                title: &view.name,
                section: "releases",
                description: Description::Site,
            };
            let source = Source::page("the page of changes without a release");
            self.write_page(out, shared, page, source, "release", &view)?;
        }
        let view = ReleasesPage {
            releases: releases.views.iter().map(ReleaseSummary::of).collect(),
            other: &other_views[..other_views.len().min(OTHER_ON_INDEX)],
            other_total: other_views.len(),
            other_url,
            other_private,
            hidden_releases: releases.hidden,
        };
        let page = Page {
            path: "releases/index.html",
            template: "releases.html",
            title: "Releases",
            section: "releases",
            description: Description::Site,
        };
        let source = Source::page("the releases index");
        self.write_page(out, shared, page, source, "releases", &view)
    }
}

/// What a release page shows, with its items' views known by their
/// serials (with a memo; see `SiteBuild::write_page_as`). The
/// destructuring names every field, so a new one is not missed.
fn release_identity(r: &ReleaseView) -> Option<u64> {
    let ReleaseView {
        name,
        url,
        date,
        private_count,
        total,
        items,
    } = r;
    let serials: Vec<u64> = items.iter().map(|v| v.serial()).collect::<Option<_>>()?;
    crate::site::output::ContextHash::of(&(name, url, date, private_count, total, serials))
}

/// The views of the items the audience may see, in order.
fn visible(
    shared: &Shared,
    views: &HashMap<&str, &Arc<ItemView>>,
    items: &[&Item],
) -> Vec<Arc<ItemView>> {
    items
        .iter()
        .filter(|i| shared.vis.shows(i))
        .map(|i| Arc::clone(views[i.id.as_str()]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_slugs_are_never_given_to_a_release() {
        let taken: std::collections::BTreeSet<String> = RESERVED_RELEASE_SLUGS
            .iter()
            .map(|s| format!("releases/{s}.html"))
            .collect();
        assert!(taken.contains("releases/index.html"));
        assert!(taken.contains(OTHER_URL));
    }
}
