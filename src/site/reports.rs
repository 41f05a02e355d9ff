//! Report figures → report pages (site and `report --format html`).

use super::present::{Visibility, report_item};
use super::views::{
    ChartView, ClosedLoopView, QuarterlyPage, ReportRef, RoadmapOriginView, SlaRow, TagCount,
    WeeklyPage,
};
use crate::calendar::Calendar;
use crate::model::ClockKind;
use crate::report::{PeriodInfo, QuarterlyReport, SlaAttainment, WeeklyReport};
use std::collections::BTreeMap;

use crate::render::format::{self, percent as pct, period_dates};

pub(crate) fn report_ref(name: &str, p: &PeriodInfo, calendar: &Calendar) -> ReportRef {
    ReportRef {
        name: name.to_owned(),
        url: format!("reports/{name}.html"),
        dates: period_dates(p, calendar),
        running: p.running,
    }
}

fn sla_rows(sla: &BTreeMap<&'static str, SlaAttainment>) -> Vec<SlaRow> {
    ClockKind::ALL
        .iter()
        .map(|k| {
            let a = sla.get(k.as_str()).copied().unwrap_or_default();
            SlaRow {
                clock: k.as_str(),
                met: a.met,
                breached: a.breached,
                open: a.open,
                percent: pct(a.percent),
            }
        })
        .collect()
}

fn counts<K: ToString>(map: impl IntoIterator<Item = (K, usize)>) -> Vec<TagCount> {
    map.into_iter()
        .map(|(tag, count)| TagCount {
            tag: tag.to_string(),
            count,
        })
        .collect()
}

pub(crate) fn weekly_page(
    r: &WeeklyReport,
    visibility: &Visibility,
    calendar: &Calendar,
    neighbours: (Option<ReportRef>, Option<ReportRef>),
    charts: Vec<ChartView>,
) -> WeeklyPage {
    WeeklyPage {
        name: r.week.clone(),
        dates: period_dates(&r.period, calendar),
        running: r.period.running,
        received: r.received,
        by_tag: counts(r.by_tag.iter().map(|(k, v)| (*k, *v))),
        top_frictions: r
            .top_frictions
            .iter()
            .map(|i| report_item(i, visibility))
            .collect(),
        top_delights: r
            .top_delights
            .iter()
            .map(|i| report_item(i, visibility))
            .collect(),
        roadmap_origin: RoadmapOriginView {
            total: r.roadmap_origin.total,
            with_origin: r.roadmap_origin.with_origin,
            percent: pct(r.roadmap_origin.percent),
        },
        closed_loop: ClosedLoopView {
            items: r.closed_loop.items,
            responded: pct(r.closed_loop.responded_percent),
            changed: pct(r.closed_loop.changed_percent),
            closed: pct(r.closed_loop.closed_percent),
        },
        sla: sla_rows(&r.sla),
        prev: neighbours.0,
        next: neighbours.1,
        charts,
    }
}

pub(crate) fn quarterly_page(
    r: &QuarterlyReport,
    calendar: &Calendar,
    neighbours: (Option<ReportRef>, Option<ReportRef>),
) -> QuarterlyPage {
    let hours = |m: &crate::report::MedianTime| format::hours(m.median_hours);
    QuarterlyPage {
        name: r.quarter.clone(),
        dates: period_dates(&r.period, calendar),
        running: r.period.running,
        received: r.received,
        by_tag: counts(r.by_tag.iter().map(|(k, v)| (*k, *v))),
        by_area: counts(r.by_area.iter().map(|(k, v)| (k.clone(), *v))),
        conversion_received: r.conversion.received,
        conversion_converted: r.conversion.converted,
        conversion_percent: pct(r.conversion.percent),
        satisfaction_mean: format::out_of_five(r.satisfaction.mean),
        satisfaction_count: r.satisfaction.count,
        sla: sla_rows(&r.sla),
        time_to_acknowledge: hours(&r.time_to_acknowledge),
        time_to_close: hours(&r.time_to_close),
        prev: neighbours.0,
        next: neighbours.1,
    }
}
