//! The SLA board (`sla.html`), for the team only: every open clock, most
//! urgent first.

use super::{Description, Page};
use crate::site::output::{Output, Source};
use crate::site::present::clock_view;
use crate::site::views::SlaPage;
use crate::site::{Audience, Shared, SiteBuild};
use crate::sla::{Clock, ClockStatus, sort_by_urgency};
use anyhow::Result;

impl SiteBuild<'_> {
    pub(in crate::site) fn sla_board(&self, shared: &Shared, out: &Output) -> Result<()> {
        if self.audience != Audience::Internal {
            return Ok(());
        }
        let cal = &self.repo.config.calendar;
        let mut open: Vec<Clock> = shared
            .clocks
            .iter()
            .filter(|c| c.stopped.is_none())
            .cloned()
            .collect();
        sort_by_urgency(&mut open);
        let count = |s: ClockStatus| open.iter().filter(|c| c.status == s).count();
        let view = SlaPage {
            breached: count(ClockStatus::Breached),
            at_risk: count(ClockStatus::AtRisk),
            running: count(ClockStatus::Running),
            clocks: open
                .iter()
                .map(|c| clock_view(c, &self.repo.config.owners, cal, self.now))
                .collect(),
        };
        let page = Page {
            path: "sla.html",
            template: "sla.html",
            title: "SLA board",
            section: "sla",
            description: Description::Site,
        };
        let source = Source::page("the SLA board");
        self.write_page(out, shared, page, source, "sla", &view)
    }
}
