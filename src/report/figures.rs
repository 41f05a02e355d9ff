//! Figures shared by both reports.

use super::{PeriodInfo, ReportInputs};
use crate::model::{ClockKind, Item, Tag, Time};
use crate::sla::ClockStatus;
use serde::Serialize;
use std::collections::BTreeMap;

/// `n / d` as a percentage rounded to one decimal (exactly, halves away
/// from zero); `None` for a share of nothing (printed as `null` and "—").
pub(crate) fn percent(n: usize, d: usize) -> Option<f64> {
    (d > 0).then(|| crate::calendar::round_ratio(n as i128 * 100, d as i128, 1))
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
}

impl ItemRef {
    /// The item as of a moment: only duplicates whose `received` has
    /// `happened` by then add to its figures.
    pub(crate) fn as_of(item: &Item, happened: impl Fn(Time) -> bool + Copy) -> ItemRef {
        ItemRef {
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
    items: impl IntoIterator<Item = &'a Item>,
    n: usize,
    period: &PeriodInfo,
) -> Vec<ItemRef> {
    let happened = |t: Time| period.happened(t);
    let mut list: Vec<ItemRef> = items
        .into_iter()
        .filter(|i| !i.is_duplicate())
        .map(|i| ItemRef::as_of(i, happened))
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
    let mut out: BTreeMap<&'static str, SlaAttainment> = ClockKind::ALL
        .iter()
        .map(|k| (k.as_str(), SlaAttainment::default()))
        .collect();
    let due_in = Some((period.start, period.end));
    for clock in inputs.deadlines.clocks(inputs.items, period.moment, due_in) {
        let entry = out.entry(clock.kind.as_str()).or_default();
        match clock.status {
            ClockStatus::Met => entry.met += 1,
            ClockStatus::Breached => entry.breached += 1,
            ClockStatus::AtRisk | ClockStatus::Running => entry.open += 1,
        }
    }
    for a in out.values_mut() {
        a.percent = percent(a.met, a.met + a.breached);
    }
    out
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
}
