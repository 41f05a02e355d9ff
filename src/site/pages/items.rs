//! One page per item: `feedback/<id>.html`.

use super::{Description, Page};
use crate::render::inline::code_spans_plain;
use crate::site::output::{Output, Source};
use crate::site::present::{internal_view, item_url};
use crate::site::views::{ItemPage, ItemView};
use crate::site::{Audience, Shared, Shown, SiteBuild};
use crate::sla::Clock;
use anyhow::Result;
use foldhash::HashMap;
use rayon::prelude::*;

impl SiteBuild<'_> {
    /// Every item the audience may see; the internal build adds the
    /// team's fields and the item's clocks.
    pub(in crate::site) fn item_pages(
        &self,
        shared: &Shared,
        shown: &Shown,
        out: &Output,
    ) -> Result<()> {
        let internal = self.audience == Audience::Internal;
        let mut clocks_of: HashMap<&str, Vec<&Clock>> = HashMap::default();
        let config = &self.repo.config;
        let todo = if internal {
            crate::todo::todo_from(&shared.clocks, &self.repo.checked.items, config, self.now)
        } else {
            Vec::new()
        };
        let mut next_of: HashMap<&str, Vec<&crate::todo::ToDo>> = HashMap::default();
        if internal {
            for c in &shared.clocks {
                clocks_of.entry(c.item.id.as_str()).or_default().push(c);
            }
            for t in &todo {
                next_of.entry(t.item.id.as_str()).or_default().push(t);
            }
        }
        let cal = &self.repo.config.calendar;
        shown
            .items
            .par_iter()
            .zip(&shown.views)
            .zip(&shown.serials)
            .try_for_each(|((item, view), serial)| {
                let internal = internal.then(|| {
                    let own: Vec<Clock> = clocks_of
                        .get(item.id.as_str())
                        .map(|v| v.iter().map(|c| (*c).clone()).collect())
                        .unwrap_or_default();
                    let next = next_of.get(item.id.as_str()).map_or(&[][..], Vec::as_slice);
                    internal_view(item, &own, next, &config.owners, cal, self.now)
                });
                let path = item_url(&item.id);
                let describe = || item_description(view);
                let page = Page {
                    path: &path,
                    template: "item.html",
                    title: &item.title,
                    section: "items",
                    description: Description::Lazy(&describe),
                };
                // The item's view is known by its serial; the team's
                // fields are serialized.
                let identity = crate::site::output::ContextHash::of(&(serial, &internal));
                let view = ItemPage {
                    item: view,
                    internal,
                };
                let source = Source::named("the page of item", item.id.as_str());
                self.write_page_as(out, shared, page, source, "item_page", &view, identity)
            })
    }
}

/// An item's shared-link text: what changed (or what was asked) and whom
/// to thank, as the page itself shows it.
fn item_description(view: &ItemView) -> String {
    let lead = code_spans_plain(view.summary.as_deref().unwrap_or(&view.title));
    let text = match &view.shipped {
        Some(_) => format!("{lead} {}", view.credit_line),
        None => format!("Developer feedback on {}: {lead}", view.area),
    };
    super::clip(&text, 200)
}
