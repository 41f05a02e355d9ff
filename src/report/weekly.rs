//! The weekly Developer Signal Report.

use super::figures::{ItemRef, SlaAttainment, by_tag, percent, sla_attainment, top};
use super::{PeriodInfo, ReportInputs};
use crate::check::LeftOutCount;
use crate::config::SignalsConfig;
use crate::model::{Item, RoadmapItem, RoadmapStatus};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// How many items each top list holds.
pub(super) const TOP_N: usize = 5;

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
    /// Items left out of every figure because they have errors.
    pub left_out: LeftOutCount,
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
}

/// The report of one week.
pub(crate) fn weekly_report(inputs: &ReportInputs, period: PeriodInfo) -> WeeklyReport {
    let items = inputs.items;
    let in_week: Vec<&Item> = items.iter().filter(|i| period.holds(i.received)).collect();
    WeeklyReport {
        week: period.period.to_string(),
        received: in_week.len(),
        by_tag: by_tag(in_week.iter().copied()),
        top_frictions: top(
            in_week.iter().copied().filter(|i| i.tag.is_friction()),
            TOP_N,
            &period,
        ),
        top_delights: top(
            in_week
                .iter()
                .copied()
                .filter(|i| i.tag == crate::model::Tag::DxDelight),
            TOP_N,
            &period,
        ),
        roadmap_origin: roadmap_origin(items, inputs.roadmap, &period),
        closed_loop: closed_loop(items, inputs.signals, &period),
        sla: sla_attainment(inputs, &period),
        left_out: inputs.left_out,
        period,
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
    ClosedLoop {
        items: n,
        responded_percent: percent(count(&|i| by(i.acknowledged)), n),
        // A duplicate changed when its original shipped.
        changed_percent: percent(count(&|i| by(i.changed_at())), n),
        closed_percent: percent(count(&|i| by(i.closed.as_ref().map(|c| c.at))), n),
    }
}
