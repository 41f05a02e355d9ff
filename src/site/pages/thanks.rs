//! Thank-you pages: `thanks/<handle>.html` per developer who chose
//! `credit: public` and whose feedback changed something, to link in the
//! reply that closes their loop.
//!
//! A developer is thanked for every shipped item they reported with public
//! credit, and for the original of every duplicate they filed (SPEC §12:
//! each developer behind a change is credited as their own credit allows).
//! Credit is per item: the same handle on a `credit: private` item earns
//! nothing on this page, and its item is never named.

use super::{Description, Page};
use crate::model::{Credit, Item, Time};
use crate::site::output::{Output, Source};
use crate::site::present::Visibility;
use crate::site::views::{ItemView, ReleaseRef, ThanksIndex, ThanksPage, ThanksRef};
use crate::site::{Shared, Shown, SiteBuild};
use anyhow::Result;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Handle → the ids of the shipped items their public feedback led to,
/// newest ship first.
pub(crate) fn credited<'i>(
    items: &'i [Item],
    vis: &Visibility,
    now: Time,
) -> BTreeMap<&'i str, Vec<&'i Item>> {
    // Only duplicates need it, and most repositories have few.
    let by_id = std::cell::OnceCell::new();
    let by_id = || -> &foldhash::HashMap<&str, &Item> {
        by_id.get_or_init(|| items.iter().map(|i| (i.id.as_str(), i)).collect())
    };
    let shipped = |i: &Item| i.shipped.as_ref().is_some_and(|s| s.at <= now);
    let mut out: BTreeMap<&str, Vec<&Item>> = BTreeMap::new();
    for item in items {
        if item.developer.credit != Credit::Public || !vis.shows(item) {
            continue;
        }
        let target = match &item.duplicate_of {
            Some(original) => match by_id().get(original.as_str()) {
                Some(o) => *o,
                None => continue,
            },
            None => item,
        };
        if shipped(target) && vis.shows(target) {
            out.entry(item.developer.handle.as_str())
                .or_default()
                .push(target);
        }
    }
    let at = |i: &Item| i.shipped.as_ref().map(|s| s.at);
    for list in out.values_mut() {
        list.sort_by(|a, b| (at(b), &b.id).cmp(&(at(a), &a.id)));
        list.dedup_by(|a, b| a.id == b.id);
    }
    out
}

/// Handle → `thanks/<slug>.html`, slugs unique in handle order (`index`
/// is the list page's).
pub(crate) fn thanks_urls<'h>(handles: impl Iterator<Item = &'h str>) -> BTreeMap<String, String> {
    super::unique_urls(handles, &["index"], "thanks")
}

impl SiteBuild<'_> {
    /// A page per credited developer, and the list of them.
    pub(in crate::site) fn thanks_pages(
        &self,
        shared: &Shared,
        shown: &Shown,
        out: &Output,
    ) -> Result<()> {
        let views = shown.views_by_id();
        let mut pages = Vec::new();
        for (handle, items) in &shared.credited {
            let changes: Vec<&ItemView> = items
                .iter()
                .filter_map(|i| views.get(i.id.as_str()).copied())
                .collect();
            let mut releases: Vec<ReleaseRef> = Vec::new();
            for c in &changes {
                if let Some(r) = &c.release
                    && !releases.iter().any(|x| x.name == r.name)
                {
                    releases.push(r.clone());
                }
            }
            pages.push(ThanksPage {
                handle: (*handle).to_owned(),
                url: shared.urls.thanks[*handle].clone(),
                changes,
                releases,
            });
        }
        pages.par_iter().try_for_each(|t| {
            let n = t.changes.len();
            let title = format!("Thank you, {}", t.handle);
            let page = Page {
                path: &t.url,
                template: "thanks.html",
                title: &title,
                section: "thanks",
                description: Description::Lazy(&|| {
                    format!(
                        "{n} change{} made because of {}'s feedback. Thank you.",
                        if n == 1 { "" } else { "s" },
                        t.handle
                    )
                }),
            };
            // The page is its handle, its address and its changes' views
            // (their releases come from the views): with a memo the views
            // are known by their serials, and nothing is serialized.
            let serials: Option<Vec<u64>> = t.changes.iter().map(|c| c.serial()).collect();
            let identity = serials.map(|serials| {
                crate::site::output::ContextHash::of_hashable(&(&t.handle, &t.url, serials))
            });
            let source = Source::named("the thank-you page of", t.handle.as_str());
            self.write_page_as(out, shared, page, source, "thanks", t, identity)
        })?;
        let mut developers: Vec<ThanksRef> = pages
            .iter()
            .map(|p| ThanksRef {
                handle: p.handle.clone(),
                url: p.url.clone(),
                changes: p.changes.len(),
            })
            .collect();
        developers.sort_by(|a, b| {
            b.changes
                .cmp(&a.changes)
                .then_with(|| a.handle.to_lowercase().cmp(&b.handle.to_lowercase()))
                .then_with(|| a.handle.cmp(&b.handle))
        });
        let page = Page {
            path: "thanks/index.html",
            template: "thanks_index.html",
            title: "Thank you",
            section: "thanks",
            description: Description::Text(
                "The developers whose feedback changed our product, and what it changed."
                    .to_owned(),
            ),
        };
        let view = ThanksIndex { developers };
        self.write_page(
            out,
            shared,
            page,
            Source::page("the thank-you list"),
            "thanks_index",
            &view,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_unique_and_never_the_index() {
        let urls = thanks_urls(["@index", "@mara", "@Mara", "mara"].into_iter());
        assert_eq!(urls["@index"], "thanks/index-2.html");
        let mut all: Vec<&String> = urls.values().collect();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), 4);
        assert_eq!(urls["@Mara"], "thanks/mara.html");
    }
}
