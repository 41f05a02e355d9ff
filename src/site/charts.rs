//! Chart geometry for the templates: numbers in a 0..100 box, so a
//! template draws `<rect>`s and `<polyline>`s without arithmetic.

use super::views::{AxisLabel, BarView, ChartView, SeriesView};
use crate::model::Tag;
use crate::report::WeeklyReport;

const GAP: f64 = 1.5;

/// Stacked bars: items received per tag, one bar per week.
pub(super) fn received_by_tag(weeks: &[&WeeklyReport]) -> ChartView {
    let n = weeks.len().max(1) as f64;
    let slot = 100.0 / n;
    let max = weeks.iter().map(|w| w.received).max().unwrap_or(0).max(1) as f64;
    let mut series = Vec::new();
    let mut stacked = vec![0usize; weeks.len()];
    for (s, tag) in Tag::ALL.iter().enumerate() {
        let mut bars = Vec::new();
        for (i, w) in weeks.iter().enumerate() {
            let count = w.by_tag.get(tag.as_str()).copied().unwrap_or(0);
            if count > 0 {
                let height = count as f64 / max * 100.0;
                let bottom = stacked[i] as f64 / max * 100.0;
                bars.push(BarView {
                    x: round(i as f64 * slot + GAP / 2.0),
                    y: round(100.0 - bottom - height),
                    width: round(slot - GAP),
                    height: round(height),
                    label: w.week.clone(),
                    value: format!("{count} {tag}"),
                });
                stacked[i] += count;
            }
        }
        series.push(SeriesView {
            name: tag.as_str().to_owned(),
            class: format!("series-{s}"),
            bars,
            points: String::new(),
        });
    }
    let total: usize = weeks.iter().map(|w| w.received).sum();
    ChartView {
        title: format!(
            "Feedback received per week, by tag (last {} weeks)",
            weeks.len()
        ),
        description: format!(
            "{total} items over {} weeks; the busiest week had {} items. {}",
            weeks.len(),
            max as usize,
            weeks
                .iter()
                .map(|w| format!("{}: {}", w.week, w.received))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        labels: labels(weeks, slot),
        series,
        max,
        unit: "items",
    }
}

/// Two lines in percent: SLA attainment (all clocks due that week) and the
/// response rate of the closed-loop figures.
pub(super) fn trends(weeks: &[&WeeklyReport]) -> ChartView {
    let n = weeks.len().max(1) as f64;
    let slot = 100.0 / n;
    let line = |values: Vec<Option<f64>>| -> String {
        values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| {
                v.map(|v| {
                    format!(
                        "{},{}",
                        round(i as f64 * slot + slot / 2.0),
                        round(100.0 - v)
                    )
                })
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let attainment: Vec<Option<f64>> = weeks
        .iter()
        .map(|w| {
            let (met, missed) = w
                .sla
                .values()
                .fold((0, 0), |(m, b), a| (m + a.met, b + a.breached));
            crate::report::percent(met, met + missed)
        })
        .collect();
    let response: Vec<Option<f64>> = weeks
        .iter()
        .map(|w| w.closed_loop.responded_percent)
        .collect();
    let describe = |name: &str, values: &[Option<f64>]| {
        let parts: Vec<String> = weeks
            .iter()
            .zip(values)
            .map(|(w, v)| format!("{} {}", w.week, crate::render::format::percent(*v)))
            .collect();
        format!("{name}: {}.", parts.join(", "))
    };
    ChartView {
        title: "SLA attainment and response rate per week (%)".to_owned(),
        description: format!(
            "{} {}",
            describe("SLA attainment", &attainment),
            describe("Response rate", &response)
        ),
        labels: labels(weeks, slot),
        series: vec![
            SeriesView {
                name: "SLA attainment".to_owned(),
                class: "series-0".to_owned(),
                bars: Vec::new(),
                points: line(attainment),
            },
            SeriesView {
                name: "Response rate".to_owned(),
                class: "series-1".to_owned(),
                bars: Vec::new(),
                points: line(response),
            },
        ],
        max: 100.0,
        unit: "%",
    }
}

fn labels(weeks: &[&WeeklyReport], slot: f64) -> Vec<AxisLabel> {
    weeks
        .iter()
        .enumerate()
        .map(|(i, w)| AxisLabel {
            x: round(i as f64 * slot + slot / 2.0),
            text: w.week.rsplit('-').next().unwrap_or(&w.week).to_owned(),
        })
        .collect()
}

/// Two decimals keep the SVG short and the output byte-stable.
fn round(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}
