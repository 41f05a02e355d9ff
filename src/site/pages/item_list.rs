//! The item list: `items/index.html`, `items/2.html`, … newest first,
//! [`ITEMS_PER_PAGE`] to a page. A folder of its own, so no item id can
//! collide with a list page.

use super::{Description, Page};
use crate::model::Item;
use crate::site::output::{Output, Source};
use crate::site::views::{ItemView, ItemsPage, ReportRef};
use crate::site::{ITEMS_PER_PAGE, Shared, Shown, SiteBuild};
use anyhow::Result;
use rayon::prelude::*;

/// The path of list page `n` (from 1).
fn list_url(n: usize) -> String {
    if n == 1 {
        "items/index.html".to_owned()
    } else {
        format!("items/{n}.html")
    }
}

/// The pager entry of list page `n` of a list of `total` items.
fn list_ref(n: usize, total: usize) -> ReportRef {
    ReportRef {
        name: if n == 1 {
            "Newest".to_owned()
        } else {
            format!("Page {n}")
        },
        url: list_url(n),
        dates: format!(
            "items {}–{}",
            (n - 1) * ITEMS_PER_PAGE + 1,
            (n * ITEMS_PER_PAGE).min(total)
        ),
        running: false,
    }
}

impl SiteBuild<'_> {
    pub(in crate::site) fn item_list(
        &self,
        shared: &Shared,
        shown: &Shown,
        out: &Output,
    ) -> Result<()> {
        let mut newest: Vec<(&Item, &ItemView, u64)> = shown
            .items
            .iter()
            .zip(&shown.views)
            .zip(&shown.serials)
            .map(|((item, view), serial)| (*item, &**view, *serial))
            .collect();
        newest.sort_by(|(a, _, _), (b, _, _)| (b.received, &b.id).cmp(&(a.received, &a.id)));
        let chunks: Vec<&[(&Item, &ItemView, u64)]> = if newest.is_empty() {
            vec![&[]]
        } else {
            newest.chunks(ITEMS_PER_PAGE).collect()
        };
        let pages = chunks.len();
        let total = newest.len();
        chunks.par_iter().enumerate().try_for_each(|(i, chunk)| {
            let n = i + 1;
            let view = ItemsPage {
                items: chunk.iter().map(|(_, v, _)| *v).collect(),
                hidden: self.repo.checked.items.len() - shown.items.len(),
                total,
                number: n,
                pages,
                first: i * ITEMS_PER_PAGE + 1,
                prev: (n > 1).then(|| list_ref(n - 1, total)),
                next: (n < pages).then(|| list_ref(n + 1, total)),
            };
            let title = if n == 1 {
                "Feedback".to_owned()
            } else {
                format!("Feedback, page {n}")
            };
            let path = list_url(n);
            let page = Page {
                path: &path,
                template: "items.html",
                title: &title,
                section: "items",
                description: Description::Site,
            };
            // The views are known by their serials (with a memo); the
            // destructuring names every field, so a new one is not missed.
            let ItemsPage {
                items: _,
                hidden,
                total,
                number,
                pages,
                first,
                prev,
                next,
            } = &view;
            let serials: Vec<u64> = chunk.iter().map(|(_, _, s)| *s).collect();
            let identity = crate::site::output::ContextHash::of(&(
                serials, hidden, total, number, pages, first, prev, next,
            ));
            let source = Source::named("the item list, page", n.to_string());
            self.write_page_as(out, shared, page, source, "items", &view, identity)
        })
    }
}
