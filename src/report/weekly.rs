//! The weekly Developer Signal Report.

use super::figures::{
    ItemRef, SlaAttainment, by_tag, count_attainment, delta, empty_attainment, finish_attainment,
    percent, points, sla_change, top,
};
use super::{PeriodInfo, ReportInputs, ReportMemo};
use crate::calendar::round_ratio;
use crate::check::LeftOutCount;
use crate::config::SignalsConfig;
use crate::model::{ClockKind, Credit, Item, RoadmapItem, RoadmapStatus, Tag, Time};
use crate::sla::ClockStatus;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// How many items each top list holds (SPEC §6).
pub(super) const TOP_N: usize = 5;

/// How many strategic insights the report lists: fewer, so that the
/// report still prints on two pages.
pub(super) const TOP_STRATEGIC: usize = 3;

#[derive(Debug, Clone, Serialize)]
pub(crate) struct WeeklyReport {
    pub week: String,
    #[serde(flatten)]
    pub period: PeriodInfo,
    pub received: usize,
    pub by_tag: BTreeMap<&'static str, usize>,
    pub top_frictions: Vec<ItemRef>,
    pub top_delights: Vec<ItemRef>,
    pub roadmap_origin: RoadmapOrigin,
    pub closed_loop: ClosedLoop,
    pub sla: BTreeMap<&'static str, SlaAttainment>,
    /// Up to 3 items received in the week tagged `strategic-insight`, in
    /// the order of the other top lists.
    pub top_strategic: Vec<ItemRef>,
    /// Clocks still running at the week's moment whose due lies before it.
    pub open_past_due: OpenPastDue,
    /// What shipped and which loops closed in the week.
    pub wins: Wins,
    /// The headline figures against the previous ISO week's, by the same
    /// rules (`None` until [`weekly_report`] fills it in).
    pub change: Option<WeekChange>,
    /// The signal window, in whole hours (for "feedback from the last 90 days").
    pub window_hours: i64,
    /// Items left out of every figure because they have errors.
    pub left_out: LeftOutCount,
}

/// Clocks past due and still open at the report's moment: what an
/// executive must not miss.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct OpenPastDue {
    pub total: usize,
    pub clocks: BTreeMap<&'static str, PastDue>,
}

/// One clock's open, past-due count, and how long the oldest is overdue.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub(crate) struct PastDue {
    pub count: usize,
    /// From the earliest due among them to the report's moment, in hours
    /// (one decimal); `None` when there is none.
    pub longest_overdue_hours: Option<f64>,
    /// The same, exactly, in nanoseconds.
    #[serde(skip)]
    pub longest_overdue_nanos: Option<i128>,
}

/// What shipped and which loops closed in the week, by time then id.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct Wins {
    /// Items (not duplicates: they follow their original) shipped in the week.
    pub shipped: Vec<WinRef>,
    /// Items closed in the week, duplicates included (every developer's
    /// loop is closed on its own).
    pub closed: Vec<WinRef>,
}

/// A shipped change or a closed loop.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct WinRef {
    pub id: String,
    pub title: String,
    /// When it shipped (or its loop closed).
    #[serde(serialize_with = "super::as_rfc3339")]
    pub at: Time,
    pub release: Option<String>,
    pub credit: Credit,
    /// The closing satisfaction score, for a closed loop.
    pub satisfaction: Option<u8>,
    /// Its position in [`ReportInputs::items`], for the views.
    #[serde(skip)]
    pub index: usize,
}

/// The headline figures against the previous week: counts as differences,
/// shares in percentage points (exact, rounded once; `None` when either
/// week has nothing to divide by).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct WeekChange {
    /// The previous week (`2026-W46`).
    pub previous: String,
    pub received: i64,
    pub open_past_due: i64,
    pub responded_points: Option<f64>,
    pub changed_points: Option<f64>,
    pub closed_points: Option<f64>,
    pub roadmap_origin_points: Option<f64>,
    /// Per clock, the change of SLA attainment in points.
    pub sla: BTreeMap<&'static str, Option<f64>>,
}

/// Roadmap items that came straight from developer feedback.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub(crate) struct RoadmapOrigin {
    pub total: usize,
    pub with_origin: usize,
    pub percent: Option<f64>,
}

/// How much of the recent feedback got a response, a change, a close.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub(crate) struct ClosedLoop {
    pub items: usize,
    pub responded_percent: Option<f64>,
    pub changed_percent: Option<f64>,
    pub closed_percent: Option<f64>,
    /// The counts behind the shares (responded, changed, closed).
    #[serde(skip)]
    pub counts: [usize; 3],
}

/// The report of one week, with its change from the week before.
pub(crate) fn weekly_report(inputs: &ReportInputs, period: PeriodInfo) -> WeeklyReport {
    let previous = weekly_figures(inputs, period.previous(inputs.calendar));
    let mut report = weekly_figures(inputs, period);
    report.change = Some(week_change(&report, &previous));
    report
}

/// The reports of consecutive weeks, each with its change from the week
/// before, every week computed once; with a memo (settled for these
/// inputs), only the weeks it does not keep.
pub(crate) fn weekly_reports(
    inputs: &ReportInputs,
    periods: Vec<PeriodInfo>,
    memo: Option<&ReportMemo>,
) -> Vec<WeeklyReport> {
    use rayon::prelude::*;
    let Some(first) = periods.first() else {
        return Vec::new();
    };
    let before = first.previous(inputs.calendar);
    let mut reports: Vec<WeeklyReport> = std::iter::once(before)
        .chain(periods)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|p| {
            let Some(memo) = memo else {
                return weekly_figures(inputs, p);
            };
            memo.week(p.period).unwrap_or_else(|| {
                let report = weekly_figures(inputs, p);
                memo.keep_week(&report);
                report
            })
        })
        .collect();
    for i in (1..reports.len()).rev() {
        let change = week_change(&reports[i], &reports[i - 1]);
        reports[i].change = Some(change);
    }
    reports.remove(0);
    reports
}

/// Every figure of one week but its change.
fn weekly_figures(inputs: &ReportInputs, period: PeriodInfo) -> WeeklyReport {
    let items = inputs.items;
    let in_week: Vec<(usize, &Item)> = items
        .iter()
        .enumerate()
        .filter(|(_, i)| period.holds(i.received))
        .collect();
    let tagged = |f: fn(Tag) -> bool, n: usize| {
        let list = in_week.iter().copied().filter(move |(_, i)| f(i.tag));
        top(list, n, &period)
    };
    let (sla, open_past_due) = sla_and_past_due(inputs, &period);
    WeeklyReport {
        week: period.period.to_string(),
        received: in_week.len(),
        by_tag: by_tag(in_week.iter().map(|(_, i)| *i)),
        top_frictions: tagged(Tag::is_friction, TOP_N),
        top_delights: tagged(|t| t == Tag::DxDelight, TOP_N),
        top_strategic: tagged(|t| t == Tag::StrategicInsight, TOP_STRATEGIC),
        roadmap_origin: roadmap_origin(items, inputs.roadmap, &period),
        closed_loop: closed_loop(items, inputs.signals, &period),
        sla,
        open_past_due,
        wins: wins(items, &period),
        change: None,
        window_hours: inputs.signals.window.num_hours(),
        left_out: inputs.left_out,
        period,
    }
}

/// In one pass over the clocks as of the week's moment: the SLA attainment
/// of those due in the week, and per clock those still running whose due
/// lies before the moment (status `breached`, not stopped).
pub(super) fn sla_and_past_due(
    inputs: &ReportInputs,
    period: &PeriodInfo,
) -> (BTreeMap<&'static str, SlaAttainment>, OpenPastDue) {
    let mut sla = empty_attainment();
    let mut clocks: BTreeMap<&'static str, PastDue> = ClockKind::ALL
        .iter()
        .map(|k| (k.as_str(), PastDue::default()))
        .collect();
    let at = period.moment.instant();
    let mut total = 0;
    inputs
        .deadlines
        .each_clock(inputs.items, period.moment, None, |_, clock| {
            if clock.due >= period.start && clock.due < period.end {
                count_attainment(&mut sla, clock.kind, clock.status);
            }
            if clock.stopped.is_some() || clock.status != ClockStatus::Breached {
                return;
            }
            total += 1;
            let entry = clocks.entry(clock.kind.as_str()).or_default();
            entry.count += 1;
            let late = crate::sla::nanos(at - clock.due);
            entry.longest_overdue_nanos =
                Some(entry.longest_overdue_nanos.map_or(late, |l| l.max(late)));
        });
    finish_attainment(&mut sla);
    const HOUR: i128 = 3_600_000_000_000;
    for entry in clocks.values_mut() {
        entry.longest_overdue_hours = entry.longest_overdue_nanos.map(|n| round_ratio(n, HOUR, 1));
    }
    (sla, OpenPastDue { total, clocks })
}

/// What shipped and which loops closed in the week, as of its moment.
pub(super) fn wins(items: &[Item], period: &PeriodInfo) -> Wins {
    let win = |index: usize, item: &Item, at: Time, satisfaction: Option<u8>| WinRef {
        id: item.id.clone(),
        title: item.title.clone(),
        at,
        release: item.shipped.as_ref().and_then(|s| s.release.clone()),
        credit: item.developer.credit,
        satisfaction,
        index,
    };
    let mut shipped: Vec<WinRef> = Vec::new();
    let mut closed: Vec<WinRef> = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let own_ship = item.shipped.as_ref().filter(|_| !item.is_duplicate());
        if let Some(s) = own_ship.filter(|s| period.holds(s.at)) {
            shipped.push(win(n, item, s.at, None));
        }
        if let Some(c) = item.closed.as_ref().filter(|c| period.holds(c.at)) {
            closed.push(win(n, item, c.at, c.satisfaction));
        }
    }
    for list in [&mut shipped, &mut closed] {
        list.sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
    }
    Wins { shipped, closed }
}

/// The headline figures of `now` against those of `before`.
fn week_change(now: &WeeklyReport, before: &WeeklyReport) -> WeekChange {
    let share = |i: usize| {
        points(
            now.closed_loop.counts[i],
            now.closed_loop.items,
            before.closed_loop.counts[i],
            before.closed_loop.items,
        )
    };
    let sla = sla_change(&now.sla, &before.sla);
    let (o, p) = (&now.roadmap_origin, &before.roadmap_origin);
    WeekChange {
        previous: before.week.clone(),
        received: delta(now.received, before.received),
        open_past_due: delta(now.open_past_due.total, before.open_past_due.total),
        responded_points: share(0),
        changed_points: share(1),
        closed_points: share(2),
        roadmap_origin_points: points(o.with_origin, o.total, p.with_origin, p.total),
        sla,
    }
}

/// Roadmap items not dropped and added before the end of the week; how
/// many are named by a decision made before the end of the week.
pub(super) fn roadmap_origin(
    items: &[Item],
    roadmap: &[RoadmapItem],
    period: &PeriodInfo,
) -> RoadmapOrigin {
    let named: BTreeSet<&str> = items
        .iter()
        .filter_map(|i| i.decision.as_ref())
        .filter(|d| period.happened(d.at))
        .filter_map(|d| d.roadmap.as_deref())
        .collect();
    let live: Vec<&RoadmapItem> = roadmap
        .iter()
        .filter(|r| r.status != RoadmapStatus::Dropped && period.happened(r.added))
        .collect();
    let with_origin = live
        .iter()
        .filter(|r| named.contains(r.id.as_str()))
        .count();
    RoadmapOrigin {
        total: live.len(),
        with_origin,
        percent: percent(with_origin, live.len()),
    }
}

/// Over items received in the signal window before the week's moment
/// (duplicates included: each is a developer's feedback): the share
/// acknowledged, shipped (for a duplicate, its original) and closed by then.
pub(super) fn closed_loop(
    items: &[Item],
    signals: &SignalsConfig,
    period: &PeriodInfo,
) -> ClosedLoop {
    let window = period.moment.window(signals.window);
    let by = |t: Option<crate::model::Time>| period.happened_opt(t);
    let window: Vec<&Item> = items
        .iter()
        .filter(|i| window.contains(i.received))
        .collect();
    let n = window.len();
    let count = |f: &dyn Fn(&Item) -> bool| window.iter().filter(|i| f(i)).count();
    let responded = count(&|i| by(i.acknowledged));
    // A duplicate changed when its original shipped.
    let changed = count(&|i| by(i.changed_at()));
    let closed = count(&|i| by(i.closed.as_ref().map(|c| c.at)));
    ClosedLoop {
        items: n,
        responded_percent: percent(responded, n),
        changed_percent: percent(changed, n),
        closed_percent: percent(closed, n),
        counts: [responded, changed, closed],
    }
}
