//! Reports: every weekly report from the first item's week to the last
//! complete one (`reports/2026-W47.html`), every quarterly review up to the
//! current quarter (`reports/2026-Q4.html`), and the reports index.

use super::{Description, Page};
use crate::calendar::{Calendar, Period};
use crate::model::Time;
use crate::report::{
    PeriodInfo, QuarterlyReport, ReportMemo, WeeklyReport, quarterly_reports, weekly_reports,
};
use crate::site::output::{Output, Source};
use crate::site::reports::{Readers, quarterly_page, report_ref, weekly_page};
use crate::site::views::{ReportRef, ReportsPage};
use crate::site::{Shared, SiteBuild, charts};
use anyhow::Result;
use rayon::prelude::*;

/// How many weeks the trend charts look back.
const CHART_WEEKS: usize = 12;

/// The most weekly reports a site holds: ten years. One item received far
/// in the past (a typo, `0001-01-01`) would otherwise make a page for every
/// week since; older weeks are left out, with a notice.
pub(crate) const MAX_REPORT_WEEKS: usize = 520;

/// The most quarterly reviews a site holds (the same ten years).
const MAX_REPORT_QUARTERS: usize = MAX_REPORT_WEEKS / 52 * 4;

/// The latest weekly and quarterly report, for the home page.
pub(in crate::site) type Latest = (Option<ReportRef>, Option<ReportRef>);

/// Periods from the one containing `first` to `last`, both included, at
/// most `max` of them (the latest), and how many earlier ones were dropped.
fn periods(first: Period, last: Period, max: usize, cal: &Calendar) -> (Vec<Period>, usize) {
    let end = last.bounds(cal).0;
    let mut out = std::collections::VecDeque::new();
    let mut dropped = 0;
    let mut p = first;
    while p.bounds(cal).0 <= end {
        if out.len() == max {
            out.pop_front();
            dropped += 1;
        }
        out.push_back(p);
        p = p.next();
    }
    (out.into(), dropped)
}

impl SiteBuild<'_> {
    /// The report pages and their index; none in a public build with
    /// `[site] public_reports = false`.
    pub(in crate::site) fn report_pages(&self, shared: &Shared, out: &Output) -> Result<Latest> {
        if !self.has_reports() {
            return Ok((None, None));
        }
        let memo = out.memo().map(|m| m.reports());
        if let Some(memo) = memo {
            crate::timing::phase("report-memo", || memo.settle(&shared.inputs, self.now));
        }
        let weeks = self.weekly_pages(shared, out, memo)?;
        let quarters = self.quarterly_pages(shared, out, memo)?;
        let latest = (weeks.last().cloned(), quarters.last().cloned());
        let view = ReportsPage {
            weeks: weeks.into_iter().rev().collect(),
            quarters: quarters.into_iter().rev().collect(),
        };
        let page = Page {
            path: "reports/index.html",
            template: "reports.html",
            title: "Reports",
            section: "reports",
            description: Description::Site,
        };
        let source = Source::page("the reports index");
        self.write_page(out, shared, page, source, "reports", &view)?;
        Ok(latest)
    }

    /// The first item's moment, if there is any item.
    fn first_received(&self) -> Option<Time> {
        self.repo.checked.items.first().map(|i| i.received)
    }

    fn note_dropped(&self, out: &Output, dropped: usize, kind: &str, max: usize) {
        if dropped > 0 {
            let first = &self.repo.checked.items[0];
            out.notice(format!(
                "the site keeps the latest {max} {kind} reports; {dropped} earlier ones, back to the item received {} ({}), have no page",
                crate::parse::time::format_utc(first.received),
                first.file
            ));
        }
    }

    fn weekly_pages(
        &self,
        shared: &Shared,
        out: &Output,
        memo: Option<&ReportMemo>,
    ) -> Result<Vec<ReportRef>> {
        let cal = &self.repo.config.calendar;
        let Some(first) = self.first_received() else {
            return Ok(Vec::new());
        };
        let (periods, dropped) = periods(
            Period::week_containing(first, cal),
            Period::last_complete_week(self.now, cal),
            MAX_REPORT_WEEKS,
            cal,
        );
        self.note_dropped(out, dropped, "weekly", MAX_REPORT_WEEKS);
        let weeks: Vec<WeeklyReport> = crate::timing::phase("weekly", || {
            let infos = periods
                .iter()
                .map(|p| PeriodInfo::new(*p, cal, self.now))
                .collect();
            weekly_reports(&shared.inputs, infos, memo)
        });
        let refs: Vec<ReportRef> = weeks
            .iter()
            .map(|w| report_ref(&w.week, &w.period, cal))
            .collect();
        let readers = Readers {
            items: shared.inputs.items,
            owners: &self.repo.config.owners,
            visibility: &shared.vis,
            calendar: cal,
        };
        weeks.par_iter().enumerate().try_for_each(|(i, w)| {
            let window: Vec<&WeeklyReport> = weeks[i.saturating_sub(CHART_WEEKS - 1)..=i]
                .iter()
                .collect();
            let charts = vec![charts::received_by_tag(&window), charts::trends(&window)];
            let view = weekly_page(w, &readers, neighbours(&refs, i), charts);
            let path = format!("reports/{}.html", w.week);
            let title = format!("Developer Signal Report {}", w.week);
            let page = Page {
                path: &path,
                template: "weekly.html",
                title: &title,
                section: "reports",
                description: Description::Site,
            };
            let source = Source::named("the weekly report", w.week.as_str());
            self.write_page(out, shared, page, source, "report", &view)
        })?;
        if let Some(memo) = out.memo() {
            memo.drop_later(weeks);
        }
        Ok(refs)
    }

    fn quarterly_pages(
        &self,
        shared: &Shared,
        out: &Output,
        memo: Option<&ReportMemo>,
    ) -> Result<Vec<ReportRef>> {
        let cal = &self.repo.config.calendar;
        let Some(first) = self.first_received() else {
            return Ok(Vec::new());
        };
        let (periods, dropped) = periods(
            Period::quarter_containing(first, cal),
            Period::quarter_containing(self.now, cal),
            MAX_REPORT_QUARTERS,
            cal,
        );
        self.note_dropped(out, dropped, "quarterly", MAX_REPORT_QUARTERS);
        let quarters: Vec<QuarterlyReport> = crate::timing::phase("quarterly", || {
            let infos = periods
                .iter()
                .map(|p| PeriodInfo::new(*p, cal, self.now))
                .collect();
            quarterly_reports(&shared.inputs, infos, memo)
        });
        let refs: Vec<ReportRef> = quarters
            .iter()
            .map(|q| report_ref(&q.quarter, &q.period, cal))
            .collect();
        for (i, q) in quarters.iter().enumerate() {
            let view = quarterly_page(q, cal, neighbours(&refs, i));
            let path = format!("reports/{}.html", q.quarter);
            let title = format!("Quarterly review {}", q.quarter);
            let page = Page {
                path: &path,
                template: "quarterly.html",
                title: &title,
                section: "reports",
                description: Description::Site,
            };
            let source = Source::named("the quarterly review", q.quarter.as_str());
            self.write_page(out, shared, page, source, "report", &view)?;
        }
        Ok(refs)
    }
}

/// The reports before and after the `i`-th one, for its pager.
fn neighbours(refs: &[ReportRef], i: usize) -> (Option<ReportRef>, Option<ReportRef>) {
    (
        i.checked_sub(1).map(|p| refs[p].clone()),
        refs.get(i + 1).cloned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_latest_periods_and_counts_the_rest() {
        let cal = Calendar::default();
        let first: Period = "2026-W01".parse().unwrap();
        let last: Period = "2026-W10".parse().unwrap();
        let (kept, dropped) = periods(first, last, 4, &cal);
        let names: Vec<String> = kept.iter().map(|p| p.to_string()).collect();
        assert_eq!(names, ["2026-W07", "2026-W08", "2026-W09", "2026-W10"]);
        assert_eq!(dropped, 6);
        let (kept, dropped) = periods(first, last, 100, &cal);
        assert_eq!((kept.len(), dropped), (10, 0));
        let (kept, _) = periods(last, first, 100, &cal);
        assert!(kept.is_empty());
    }
}
