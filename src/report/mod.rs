//! The weekly Developer Signal Report and the quarterly review (SPEC §6).
//!
//! Every figure is a pure function of the items, the roadmap, the
//! configuration, the period and *now*, computed **as of the end of the
//! period** (or *now* while it runs) from timestamps alone: a milestone
//! after that moment has not happened yet, so a past report never changes
//! when new files land.

mod figures;
mod markdown;
mod memo;
mod quarterly;
#[cfg(test)]
mod reference;
#[cfg(test)]
mod regressions;
mod weekly;

pub(crate) use figures::{ItemRef, SlaAttainment, percent};
pub(crate) use markdown::{quarterly_markdown, weekly_markdown};
pub(crate) use memo::ReportMemo;
pub(crate) use quarterly::{MedianTime, QuarterlyReport, quarterly_report, quarterly_reports};
pub(crate) use weekly::WinRef;
pub(crate) use weekly::{WeeklyReport, weekly_report, weekly_reports};

use crate::calendar::{Calendar, Moment, Period};
use crate::check::{Checked, LeftOutCount};
use crate::config::{Config, SignalsConfig};
use crate::model::{Item, RoadmapItem, Time};
use crate::parse::time::format_utc;
use crate::sla::Deadlines;
use serde::Serialize;

/// What every report is computed from: plain data borrowed from the checked repository.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ReportInputs<'a> {
    /// The items that passed every check, by (received, id).
    pub items: &'a [Item],
    /// The roadmap items that passed, by id.
    pub roadmap: &'a [RoadmapItem],
    /// The due times of `items`' clocks.
    pub deadlines: &'a Deadlines,
    /// The signal window and top share.
    pub signals: &'a SignalsConfig,
    /// How many items were left out for errors: every report says so.
    pub left_out: LeftOutCount,
    /// The team's calendar: where the previous week or quarter starts.
    pub calendar: &'a Calendar,
}

impl<'a> ReportInputs<'a> {
    pub(crate) fn of(checked: &'a Checked, config: &'a Config) -> ReportInputs<'a> {
        ReportInputs {
            items: &checked.items,
            roadmap: &checked.roadmap,
            deadlines: &checked.deadlines,
            signals: &config.signals,
            left_out: checked.left_out_count(),
            calendar: &config.calendar,
        }
    }
}

/// A report's period: its name, bounds, and whether it is still running.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PeriodInfo {
    #[serde(skip)]
    pub period: Period,
    #[serde(serialize_with = "as_rfc3339")]
    pub start: Time,
    #[serde(serialize_with = "as_rfc3339")]
    pub end: Time,
    pub running: bool,
    /// The moment the figures are computed at: the end, or *now*.
    #[serde(serialize_with = "as_rfc3339")]
    pub as_of: Time,
    /// The same moment with its boundary rule (SPEC §6 "Boundaries").
    #[serde(skip)]
    pub moment: Moment,
    /// *now*, for the neighbouring periods' figures.
    #[serde(skip)]
    pub now: Time,
}

impl PeriodInfo {
    pub(crate) fn new(period: Period, calendar: &Calendar, now: Time) -> PeriodInfo {
        let (start, end) = period.bounds(calendar);
        PeriodInfo {
            period,
            start,
            end,
            running: now < end,
            as_of: now.min(end),
            moment: Moment::of_period(end, now),
            now,
        }
    }

    /// The period before this one, seen at the same *now*.
    pub(crate) fn previous(&self, calendar: &Calendar) -> PeriodInfo {
        PeriodInfo::new(self.period.prev(), calendar, self.now)
    }

    /// Whether `t` lies in the period and has happened by its moment.
    pub(crate) fn holds(&self, t: Time) -> bool {
        t >= self.start && t < self.end && self.moment.happened(t)
    }

    /// Whether an event at `t` has happened by the period's moment: before
    /// its end, or at or before *now* while it runs.
    pub(crate) fn happened(&self, t: Time) -> bool {
        self.moment.happened(t)
    }

    /// Whether an optional event has happened by the period's moment.
    pub(crate) fn happened_opt(&self, t: Option<Time>) -> bool {
        self.moment.happened_opt(t)
    }
}

pub(crate) fn as_rfc3339<S: serde::Serializer>(t: &Time, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_utc(*t))
}
