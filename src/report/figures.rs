//! Figures shared by both reports.

use super::{PeriodInfo, ReportInputs};
use crate::model::{ClockKind, Item, State, Tag, Time};
use crate::sla::ClockStatus;
use serde::Serialize;
use std::collections::BTreeMap;

/// `n / d` as a percentage rounded to one decimal (exactly, halves away
/// from zero); `None` for a share of nothing (printed as `null` and "—").
pub(crate) fn percent(n: usize, d: usize) -> Option<f64> {
    (d > 0).then(|| crate::calendar::round_ratio(n as i128 * 100, d as i128, 1))
}

/// The change from `n0 / d0` to `n1 / d1` in percentage points, computed exactly and
/// rounded once to one decimal; `None` when either share is of nothing.
pub(crate) fn points(n1: usize, d1: usize, n0: usize, d0: usize) -> Option<f64> {
    (d1 > 0 && d0 > 0).then(|| {
        let (n1, d1, n0, d0) = (n1 as i128, d1 as i128, n0 as i128, d0 as i128);
        crate::calendar::round_ratio((n1 * d0 - n0 * d1) * 100, d1 * d0, 1)
    })
}

/// The change in SLA attainment of each clock from `before` to `now`, in
/// percentage points ([`points`]).
pub(crate) fn sla_change(
    now: &BTreeMap<&'static str, SlaAttainment>,
    before: &BTreeMap<&'static str, SlaAttainment>,
) -> BTreeMap<&'static str, Option<f64>> {
    ClockKind::ALL
        .iter()
        .map(|k| {
            let (a, b) = (now[k.as_str()], before[k.as_str()]);
            let change = points(a.met, a.met + a.breached, b.met, b.met + b.breached);
            (k.as_str(), change)
        })
        .collect()
}

/// The difference of two counts, as a signed number.
pub(crate) fn delta(now: usize, before: usize) -> i64 {
    now as i64 - before as i64
}

/// The state an item had reached at a moment, from its milestone times
/// alone (its `state:` field says where it stands today).
pub(crate) fn state_as_of(item: &Item, happened: impl Fn(Time) -> bool) -> State {
    let by = |t: Option<Time>| t.is_some_and(&happened);
    if by(item.closed.as_ref().map(|c| c.at)) {
        State::Closed
    } else if by(item.shipped.as_ref().map(|s| s.at)) {
        State::Shipped
    } else if by(item.decision.as_ref().map(|d| d.at)) {
        State::Decided
    } else if by(item.acknowledged) {
        State::Acknowledged
    } else if by(item.distributed) {
        State::Distributed
    } else {
        State::Captured
    }
}

/// An item as reports list it. `score`, `frequency` and `reports` are
/// merged with the item's duplicates received by the report's moment.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ItemRef {
    pub id: String,
    pub title: String,
    pub score: u64,
    pub tag: Tag,
    pub severity: crate::model::Severity,
    /// The developers it stands for: its own `frequency` plus its
    /// duplicates'.
    pub frequency: u64,
    /// How many item files reported it: itself and its duplicates.
    pub reports: usize,
    pub area: String,
    #[serde(serialize_with = "super::as_rfc3339")]
    pub received: Time,
    pub credit: crate::model::Credit,
    /// Its state as of the report's moment.
    pub state: State,
    /// Its position in [`ReportInputs::items`], for the views.
    #[serde(skip)]
    pub index: usize,
}

impl ItemRef {
    /// The item as of a moment: only duplicates whose `received` has
    /// `happened` by then add to its figures.
    pub(crate) fn as_of(
        item: &Item,
        index: usize,
        happened: impl Fn(Time) -> bool + Copy,
    ) -> ItemRef {
        ItemRef {
            state: state_as_of(item, happened),
            index,
            id: item.id.clone(),
            title: item.title.clone(),
            score: item.score_by(happened),
            tag: item.tag,
            severity: item.severity,
            frequency: item.signal_frequency_by(happened),
            reports: item.reports_by(happened),
            area: item.area.clone(),
            received: item.received,
            credit: item.developer.credit,
        }
    }
}

/// Counts per tag, every tag present (zeros included), keyed by name.
pub(super) fn by_tag<'a>(
    items: impl IntoIterator<Item = &'a Item>,
) -> BTreeMap<&'static str, usize> {
    let mut counts: BTreeMap<&'static str, usize> =
        Tag::ALL.iter().map(|t| (t.as_str(), 0)).collect();
    for item in items {
        *counts.entry(item.tag.as_str()).or_default() += 1;
    }
    counts
}

/// The ranking of SPEC §6: score desc, frequency desc, received asc, id
/// asc, with the figures merged as of the period's moment. Duplicates are
/// not ranked on their own: they are in their original's figures.
pub(super) fn top<'a>(
    items: impl IntoIterator<Item = (usize, &'a Item)>,
    n: usize,
    period: &PeriodInfo,
) -> Vec<ItemRef> {
    let happened = |t: Time| period.happened(t);
    let mut list: Vec<ItemRef> = items
        .into_iter()
        .filter(|(_, i)| !i.is_duplicate())
        .map(|(n, i)| ItemRef::as_of(i, n, happened))
        .collect();
    list.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(b.frequency.cmp(&a.frequency))
            .then(a.received.cmp(&b.received))
            .then(a.id.cmp(&b.id))
    });
    list.truncate(n);
    list
}

/// SLA attainment of one clock over the clocks due in a period.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub(crate) struct SlaAttainment {
    pub met: usize,
    pub breached: usize,
    /// Due in the period but still running at its as-of moment (only in a
    /// running period).
    pub open: usize,
    /// met ÷ (met + breached).
    pub percent: Option<f64>,
}

/// Per clock, the clocks whose due falls in the period, as of its end.
pub(super) fn sla_attainment(
    inputs: &ReportInputs,
    period: &PeriodInfo,
) -> BTreeMap<&'static str, SlaAttainment> {
    let mut out = empty_attainment();
    let due_in = Some((period.start, period.end));
    inputs
        .deadlines
        .each_clock(inputs.items, period.moment, due_in, |_, clock| {
            count_attainment(&mut out, clock.kind, clock.status);
        });
    finish_attainment(&mut out);
    out
}

pub(super) fn empty_attainment() -> BTreeMap<&'static str, SlaAttainment> {
    ClockKind::ALL
        .iter()
        .map(|k| (k.as_str(), SlaAttainment::default()))
        .collect()
}

pub(super) fn count_attainment(
    out: &mut BTreeMap<&'static str, SlaAttainment>,
    kind: ClockKind,
    status: ClockStatus,
) {
    let entry = out.entry(kind.as_str()).or_default();
    match status {
        ClockStatus::Met => entry.met += 1,
        ClockStatus::Breached => entry.breached += 1,
        ClockStatus::AtRisk | ClockStatus::Running => entry.open += 1,
    }
}

pub(super) fn finish_attainment(out: &mut BTreeMap<&'static str, SlaAttainment>) {
    for a in out.values_mut() {
        a.percent = percent(a.met, a.met + a.breached);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounds_to_one_decimal_and_never_divides_by_zero() {
        assert_eq!(percent(1, 3), Some(33.3));
        assert_eq!(percent(2, 3), Some(66.7));
        assert_eq!(percent(0, 5), Some(0.0));
        assert_eq!(percent(0, 0), None);
    }

    /// 2 of 3 after 1 of 3 is exactly 33.33… points, not 66.7 − 33.3 = 33.4.
    #[test]
    fn points_are_exact_differences_rounded_once() {
        assert_eq!(points(2, 3, 1, 3), Some(33.3));
        assert_eq!(points(1, 8, 1, 4), Some(-12.5));
        assert_eq!(points(1, 2, 0, 0), None);
        assert_eq!(delta(2, 5), -3);
    }
}
