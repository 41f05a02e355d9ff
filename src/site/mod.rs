//! `closeloop build`: the repository as a static site.
//!
//! Pages are views ([`views`] is the contract with the templates) rendered
//! by page families ([`pages`], one function each) and handed to one
//! [`output::Output`] as soon as each is ready: on disk, [`write`] stages
//! them beside the output folder and swaps the folder into place; in
//! memory, `serve` answers from them. Nothing holds every page at once, so
//! memory stays flat whatever the size of the repository. The same files
//! and the same *now* give the same bytes: every list has a total order and
//! nothing reads the clock.

mod charts;
mod credits;
pub mod output;
pub mod pages;
mod present;
pub mod reports;
pub mod views;
pub mod write;

pub use present::{Audience, Visibility, is_public, item_url};

use crate::model::{Item, Time};
use crate::render::format;
use crate::render::templates::Templates;
use crate::repo::Repository;
use crate::sla::{Clock, Deadlines};
use output::Output;
use std::collections::BTreeMap;
use views::{ItemView, SiteView};

/// How many items a page of the item list shows.
pub const ITEMS_PER_PAGE: usize = 500;

/// Everything needed to render one site.
pub struct SiteBuild<'a> {
    pub repo: &'a Repository,
    pub now: Time,
    pub audience: Audience,
    pub templates: &'a Templates,
}

/// What several page families share, computed once per build.
struct Shared<'a> {
    site: SiteView,
    /// Which items this build shows (SPEC §13): the one rule every page,
    /// list and count follows.
    vis: Visibility<'a>,
    /// Release name → its page, for the releases the audience may see.
    release_urls: BTreeMap<String, String>,
    /// Due times, for the SLA board, item pages and every report.
    deadlines: Deadlines<'a>,
    /// Every clock as of *now*.
    clocks: Vec<Clock<'a>>,
}

/// The items the audience may see, each with its view (its Markdown
/// rendered once, for its own page, the list pages and the releases).
struct Shown<'a> {
    items: Vec<&'a Item>,
    views: Vec<ItemView>,
}

impl<'a> SiteBuild<'a> {
    /// Renders every page and writes each to `out` as soon as it is ready,
    /// from several threads, in no particular order.
    pub fn emit(&self, out: &Output) -> anyhow::Result<()> {
        let shared = self.shared();
        let releases = {
            let shown = self.shown(&shared);
            self.item_pages(&shared, &shown, out)?;
            self.item_list(&shared, &shown, out)?;
            self.release_pages(&shared, &shown, out)?
            // The item views are freed here, before the reports.
        };
        let latest = self.report_pages(&shared, out)?;
        self.home_page(&shared, &releases, latest, out)?;
        self.sla_board(&shared, out)?;
        self.todo_page(&shared, out)?;
        self.feed(&shared, &releases.views, out)?;
        self.stylesheet(out)
    }

    fn shared(&self) -> Shared<'a> {
        let repo = self.repo;
        let config = &repo.config;
        let deadlines = crate::timing::phase("deadlines", || Deadlines::new(&repo.items, config));
        let clocks = crate::timing::phase("clocks", || deadlines.clocks(self.now, None));
        let vis = Visibility::new(self.audience, &repo.items, &config.site, self.now);
        // Only releases the audience may see get a page (and a name in a URL).
        let release_urls = pages::release_urls(repo.items.iter().filter(|i| vis.shows(i)));
        Shared {
            site: SiteView {
                title: config.site.title.clone(),
                internal: self.audience == Audience::Internal,
                generated: format::moment(self.now, &config.calendar),
                has_feed: !config.site.base_url.is_empty(),
                reports: self.has_reports(),
            },
            vis,
            release_urls,
            deadlines,
            clocks,
        }
    }

    fn shown(&self, shared: &Shared) -> Shown<'a> {
        use rayon::prelude::*;
        let items: Vec<&Item> = self
            .repo
            .items
            .iter()
            .filter(|i| shared.vis.shows(i))
            .collect();
        let cal = &self.repo.config.calendar;
        let internal = self.audience == Audience::Internal;
        let owners = &self.repo.config.owners;
        let views = items
            .par_iter()
            .map(|item| {
                let mut view = present::item_view(item, &shared.vis, cal, &shared.release_urls);
                // The owner is never public (SPEC §7).
                view.owner = internal
                    .then(|| owners.of(item).map(str::to_owned))
                    .flatten();
                view
            })
            .collect();
        Shown { items, views }
    }

    /// Whether this build has report pages: the internal one always, the
    /// public one unless `[site] public_reports = false`.
    fn has_reports(&self) -> bool {
        self.audience == Audience::Internal || self.repo.config.site.public_reports
    }

    /// Renders one page of the site and writes it.
    fn write_page(
        &self,
        out: &Output,
        shared: &Shared,
        page: pages::Page,
        source: output::Source,
        key: &'static str,
        view: &impl serde::Serialize,
    ) -> anyhow::Result<()> {
        let html = pages::render(
            self.templates,
            &shared.site,
            &page,
            key,
            view,
            pages::Frame::Site,
        )?;
        out.write(page.path, html.into_bytes(), source)
    }
}
