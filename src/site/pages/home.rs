//! The home page (`index.html`): the signal window's headline figures, the
//! latest shipped changes and releases, the latest reports.

use super::releases::Releases;
use super::reports::Latest;
use super::{Description, Page};
use crate::model::Item;
use crate::render::format;
use crate::site::output::{Output, Source};
use crate::site::present::item_view;
use crate::site::views::{HeadlineView, HomePage, ReleaseSummary};
use crate::site::{Shared, SiteBuild};
use anyhow::Result;

/// How many shipped changes and releases the home page lists.
const LATEST_SHIPPED: usize = 10;
const LATEST_RELEASES: usize = 5;

impl SiteBuild<'_> {
    pub(in crate::site) fn home_page(
        &self,
        shared: &Shared,
        releases: &Releases,
        (latest_week, latest_quarter): Latest,
        out: &Output,
    ) -> Result<()> {
        let cal = &self.repo.config.calendar;
        let shipped = self.latest_shipped();
        let view = HomePage {
            headline: self.headline(),
            shipped_private: shipped.iter().filter(|i| !shared.vis.shows(i)).count(),
            shipped: shipped
                .iter()
                .filter(|i| shared.vis.shows(i))
                .map(|i| item_view(i, &shared.vis, cal, &shared.urls))
                .collect(),
            releases: releases
                .views
                .iter()
                .take(LATEST_RELEASES)
                .map(ReleaseSummary::of)
                .collect(),
            hidden_releases: releases.hidden,
            latest_week,
            latest_quarter,
        };
        let page = Page {
            path: "index.html",
            template: "index.html",
            title: "Home",
            section: "home",
            description: Description::Site,
        };
        let source = Source::page("the home page");
        self.write_page(out, shared, page, source, "home", &view)
    }

    /// Items received in the signal window, and how many were responded
    /// to and closed by *now*.
    fn headline(&self) -> HeadlineView {
        let signals = &self.repo.config.signals;
        let now = crate::calendar::Moment::Now(self.now);
        let in_window = now.window(signals.window);
        let window: Vec<&Item> = self
            .repo
            .checked
            .items
            .iter()
            .filter(|i| in_window.contains(i.received))
            .collect();
        let share = |f: &dyn Fn(&Item) -> bool| {
            let n = window.iter().filter(|i| f(i)).count();
            format::percent(crate::report::percent(n, window.len()))
        };
        HeadlineView {
            received: window.len(),
            window_days: signals.window.num_days(),
            responded: share(&|i| now.happened_opt(i.acknowledged)),
            closed: share(&|i| now.happened_opt(i.closed.as_ref().map(|c| c.at))),
        }
    }

    /// The latest items shipped by *now*, newest first.
    fn latest_shipped(&self) -> Vec<&Item> {
        let at = |i: &Item| i.shipped.as_ref().map(|s| s.at);
        let mut shipped: Vec<&Item> = self
            .repo
            .checked
            .items
            .iter()
            .filter(|i| i.shipped.as_ref().is_some_and(|s| s.at <= self.now))
            .collect();
        shipped.sort_by(|a, b| (at(b), &b.id).cmp(&(at(a), &a.id)));
        shipped.truncate(LATEST_SHIPPED);
        shipped
    }
}
