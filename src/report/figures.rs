//! Figures shared by both reports.

use super::PeriodInfo;
use crate::model::{Item, Tag, Time};
use crate::sla::{ClockKind, ClockStatus, Deadlines};
use serde::Serialize;
use std::collections::BTreeMap;

/// `n / d` as a percentage rounded to one decimal; `None` for a share of
/// nothing (printed as `null` and "—").
pub fn percent(n: usize, d: usize) -> Option<f64> {
    (d > 0).then(|| (n as f64 * 1000.0 / d as f64).round() / 10.0)
}

/// An item as reports list it.
#[derive(Debug, Clone, Serialize)]
pub struct ItemRef {
    pub id: String,
    pub title: String,
    pub score: u64,
    pub tag: Tag,
    pub severity: crate::model::Severity,
    pub frequency: u32,
    pub area: String,
    #[serde(serialize_with = "super::as_rfc3339")]
    pub received: Time,
    pub credit: crate::model::Credit,
}

impl ItemRef {
    pub fn of(item: &Item) -> ItemRef {
        ItemRef {
            id: item.id.clone(),
            title: item.title.clone(),
            score: item.score(),
            tag: item.tag,
            severity: item.severity,
            frequency: item.frequency,
            area: item.area.clone(),
            received: item.received,
            credit: item.developer.credit,
        }
    }
}

/// Counts per tag, every tag present (zeros included), keyed by name.
pub fn by_tag<'a>(items: impl IntoIterator<Item = &'a Item>) -> BTreeMap<&'static str, usize> {
    let mut counts: BTreeMap<&'static str, usize> =
        Tag::ALL.iter().map(|t| (t.as_str(), 0)).collect();
    for item in items {
        *counts.entry(item.tag.as_str()).or_default() += 1;
    }
    counts
}

/// The ranking of SPEC §6: score desc, frequency desc, received asc, id asc.
pub fn top<'a>(items: impl IntoIterator<Item = &'a Item>, n: usize) -> Vec<ItemRef> {
    let mut list: Vec<&Item> = items.into_iter().collect();
    list.sort_by(|a, b| {
        b.score()
            .cmp(&a.score())
            .then(b.frequency.cmp(&a.frequency))
            .then(a.received.cmp(&b.received))
            .then(a.id.cmp(&b.id))
    });
    list.into_iter().take(n).map(ItemRef::of).collect()
}

/// SLA attainment of one clock over the clocks due in a period.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct SlaAttainment {
    pub met: usize,
    pub breached: usize,
    /// Due in the period but still running at its as-of moment (only in a
    /// running period).
    pub open: usize,
    /// met ÷ (met + breached).
    pub percent: Option<f64>,
}

/// Per clock, the clocks whose due falls in the period, as of its end.
pub fn sla_attainment(
    deadlines: &Deadlines,
    period: &PeriodInfo,
) -> BTreeMap<&'static str, SlaAttainment> {
    let mut out: BTreeMap<&'static str, SlaAttainment> = ClockKind::ALL
        .iter()
        .map(|k| (k.as_str(), SlaAttainment::default()))
        .collect();
    for clock in deadlines.clocks(period.as_of, Some((period.start, period.end))) {
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
