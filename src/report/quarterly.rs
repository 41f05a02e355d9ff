//! The quarterly review: volume, conversion, satisfaction, SLAs, speed.

use super::figures::{SlaAttainment, by_tag, percent, sla_attainment};
use super::{PeriodInfo, ReportInputs};
use crate::check::LeftOutCount;
use crate::model::Item;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct QuarterlyReport {
    pub quarter: String,
    #[serde(flatten)]
    pub period: PeriodInfo,
    pub received: usize,
    pub by_tag: BTreeMap<&'static str, usize>,
    pub by_area: BTreeMap<String, usize>,
    pub conversion: Conversion,
    pub satisfaction: Satisfaction,
    pub sla: BTreeMap<&'static str, SlaAttainment>,
    pub time_to_acknowledge: MedianTime,
    pub time_to_close: MedianTime,
    /// Items left out of every figure because they have errors.
    pub left_out: LeftOutCount,
}

/// Items received in the quarter and decided quick-win or planned by its end.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Conversion {
    pub received: usize,
    pub converted: usize,
    pub percent: Option<f64>,
}

/// Mean of `closed.satisfaction` over items closed in the quarter.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Satisfaction {
    /// Rounded to two decimals; `None` with no scores.
    pub mean: Option<f64>,
    pub count: usize,
}

/// The median time, in hours (one decimal), from `received` to a milestone
/// reached in the quarter.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct MedianTime {
    pub median_hours: Option<f64>,
    pub count: usize,
}

/// The review of one quarter.
pub fn quarterly_report(inputs: &ReportInputs, period: PeriodInfo) -> QuarterlyReport {
    let items = inputs.items;
    let in_quarter: Vec<&Item> = items.iter().filter(|i| period.holds(i.received)).collect();
    let mut by_area: BTreeMap<String, usize> = BTreeMap::new();
    for item in &in_quarter {
        *by_area.entry(item.area.clone()).or_default() += 1;
    }
    // Conversion is about decisions; a duplicate has none of its own, so
    // it is neither received nor converted here (its original is).
    let originals = in_quarter.iter().filter(|i| !i.is_duplicate()).count();
    let converted = in_quarter
        .iter()
        .filter(|i| !i.is_duplicate())
        .filter_map(|i| i.decision.as_ref())
        .filter(|d| d.outcome.can_ship() && d.at < period.end && d.at <= period.as_of)
        .count();
    let scores: Vec<u8> = items
        .iter()
        .filter_map(|i| i.closed.as_ref())
        .filter(|c| period.holds(c.at))
        .filter_map(|c| c.satisfaction)
        .collect();
    let mean = (!scores.is_empty()).then(|| {
        let sum: u32 = scores.iter().map(|&s| u32::from(s)).sum();
        (f64::from(sum) / scores.len() as f64 * 100.0).round() / 100.0
    });
    let acknowledge = median_hours(items.iter().filter_map(|i| {
        i.acknowledged
            .filter(|t| period.holds(*t))
            .map(|t| t - i.received)
    }));
    let close = median_hours(items.iter().filter_map(|i| {
        i.closed
            .as_ref()
            .map(|c| c.at)
            .filter(|t| period.holds(*t))
            .map(|t| t - i.received)
    }));
    QuarterlyReport {
        quarter: period.period.to_string(),
        received: in_quarter.len(),
        by_tag: by_tag(in_quarter.iter().copied()),
        by_area,
        conversion: Conversion {
            received: originals,
            converted,
            percent: percent(converted, originals),
        },
        satisfaction: Satisfaction {
            mean,
            count: scores.len(),
        },
        sla: sla_attainment(inputs, &period),
        time_to_acknowledge: acknowledge,
        time_to_close: close,
        left_out: inputs.left_out,
        period,
    }
}

fn median_hours(durations: impl Iterator<Item = chrono::Duration>) -> MedianTime {
    let mut minutes: Vec<i64> = durations.map(|d| d.num_minutes()).collect();
    minutes.sort_unstable();
    let n = minutes.len();
    let median = match n {
        0 => None,
        _ if n % 2 == 1 => Some(minutes[n / 2] as f64),
        _ => Some((minutes[n / 2 - 1] + minutes[n / 2]) as f64 / 2.0),
    };
    MedianTime {
        median_hours: median.map(|m| (m / 60.0 * 10.0).round() / 10.0),
        count: n,
    }
}
