//! Report figures → report pages (site and `report --format html`).

use super::present::{Visibility, report_item, win_view};
use super::views::{
    ChartView, ClosedLoopView, PastDueRow, QuarterChangeView, QuarterlyPage, ReportItemView,
    ReportRef, RoadmapOriginView, ScoreRow, SlaRow, TagCount, TrendRow, WeekChangeView, WeeklyPage,
    WinView, WinsView,
};
use crate::calendar::Calendar;
use crate::model::{ClockKind, Item};
use crate::owners::Owners;
use crate::report::{ItemRef, PeriodInfo, QuarterlyReport, SlaAttainment, WeeklyReport, WinRef};
use std::collections::BTreeMap;

use crate::render::format::{self, percent as pct, period_dates, points};

/// How many wins of each kind a weekly report lists; the rest are counted
/// ("and 3 more"), so that the report still prints on two pages.
pub(crate) const WINS_LISTED: usize = 3;

/// What a report page is drawn from besides its figures: the items (for
/// titles, quotes and credits), their owners, and who is reading.
#[derive(Clone, Copy)]
pub(crate) struct Readers<'a> {
    pub items: &'a [Item],
    pub owners: &'a Owners,
    pub visibility: &'a Visibility<'a>,
    pub calendar: &'a Calendar,
}

impl Readers<'_> {
    fn list(&self, list: &[ItemRef]) -> Vec<ReportItemView> {
        list.iter()
            .map(|r| report_item(r, &self.items[r.index], self.visibility, self.owners))
            .collect()
    }

    /// How each win credits its developers for this reader (see
    /// [`WinView::credit`]); `None` for a win the reader may not see.
    pub(crate) fn win_credits(&self, list: &[WinRef], shipped: bool) -> Vec<Option<String>> {
        list.iter()
            .map(|w| {
                let item = &self.items[w.index];
                win_view(w, item, shipped, self.visibility, self.calendar).map(|v| v.credit)
            })
            .collect()
    }

    /// The first [`WINS_LISTED`] wins the audience may see, how many more
    /// it may see, and how many it may not.
    fn wins(&self, list: &[WinRef], shipped: bool) -> (Vec<WinView>, usize, usize) {
        let mut shown = Vec::new();
        let (mut more, mut hidden) = (0, 0);
        for w in list {
            let item = &self.items[w.index];
            if !self.visibility.shows(item) {
                hidden += 1;
            } else if shown.len() < WINS_LISTED {
                shown.extend(win_view(w, item, shipped, self.visibility, self.calendar));
            } else {
                more += 1;
            }
        }
        (shown, more, hidden)
    }
}

pub(crate) fn report_ref(name: &str, p: &PeriodInfo, calendar: &Calendar) -> ReportRef {
    ReportRef {
        name: name.to_owned(),
        url: format!("reports/{name}.html"),
        dates: period_dates(p, calendar),
        running: p.running,
    }
}

fn sla_rows(
    sla: &BTreeMap<&'static str, SlaAttainment>,
    change: Option<&BTreeMap<&'static str, Option<f64>>>,
) -> Vec<SlaRow> {
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
                change: points(change.and_then(|c| c.get(k.as_str()).copied().flatten())),
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
    readers: &Readers,
    neighbours: (Option<ReportRef>, Option<ReportRef>),
    charts: Vec<ChartView>,
) -> WeeklyPage {
    let calendar = readers.calendar;
    let (shipped, shipped_more, shipped_hidden) = readers.wins(&r.wins.shipped, true);
    let (closed, closed_more, closed_hidden) = readers.wins(&r.wins.closed, false);
    WeeklyPage {
        name: r.week.clone(),
        dates: period_dates(&r.period, calendar),
        running: r.period.running,
        received: r.received,
        by_tag: counts(r.by_tag.iter().map(|(k, v)| (*k, *v))),
        top_frictions: readers.list(&r.top_frictions),
        top_delights: readers.list(&r.top_delights),
        top_strategic: readers.list(&r.top_strategic),
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
        sla: sla_rows(&r.sla, r.change.as_ref().map(|c| &c.sla)),
        open_past_due: ClockKind::ALL
            .iter()
            .filter(|k| r.open_past_due.clocks[k.as_str()].count > 0)
            .map(|k| {
                let p = r.open_past_due.clocks[k.as_str()];
                PastDueRow {
                    clock: k.as_str(),
                    count: p.count,
                    longest: format::duration_opt(p.longest_overdue_nanos.map(|n| (n, 1))),
                }
            })
            .collect(),
        open_past_due_total: r.open_past_due.total,
        wins: WinsView {
            shipped_total: r.wins.shipped.len(),
            closed_total: r.wins.closed.len(),
            shipped,
            shipped_more,
            shipped_hidden,
            closed,
            closed_more,
            closed_hidden,
        },
        change: r.change.as_ref().map(|c| WeekChangeView {
            previous: c.previous.clone(),
            received: format::signed(c.received),
            open_past_due: format::signed(c.open_past_due),
            responded: points(c.responded_points),
            changed: points(c.changed_points),
            closed: points(c.closed_points),
            roadmap_origin: points(c.roadmap_origin_points),
        }),
        window: format::span_words(r.window_hours),
        previous: r
            .change
            .as_ref()
            .map(|c| c.previous.clone())
            .unwrap_or_default(),
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
    let median =
        |m: &crate::report::MedianTime| format::duration_opt(m.twice_nanos.map(|t| (t, 2)));
    let scored: usize = r.satisfaction_scores.values().sum();
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
        sla: sla_rows(&r.sla, r.change.as_ref().map(|c| &c.sla)),
        time_to_acknowledge: median(&r.time_to_acknowledge),
        time_to_close: median(&r.time_to_close),
        change: r.change.as_ref().map(|c| QuarterChangeView {
            previous: c.previous.clone(),
            received: format::signed(c.received),
            conversion: points(c.conversion_points),
            satisfaction: format::signed_decimal(c.satisfaction_mean, 2, ""),
            time_to_acknowledge: signed_duration(c.medians_twice_nanos[0]),
            time_to_close: signed_duration(c.medians_twice_nanos[1]),
        }),
        previous: r
            .change
            .as_ref()
            .map(|c| c.previous.clone())
            .unwrap_or_default(),
        trend: r
            .trend
            .iter()
            .map(|t| TrendRow {
                quarter: t.quarter.clone(),
                running: t.running,
                converted: t.conversion.converted,
                received: t.conversion.received,
                conversion: pct(t.conversion.percent),
                satisfaction: format::out_of_five(t.satisfaction.mean),
                count: t.satisfaction.count,
            })
            .collect(),
        scores: r
            .satisfaction_scores
            .iter()
            .rev()
            .map(|(score, count)| ScoreRow {
                score,
                count: *count,
                share: pct(crate::report::percent(*count, scored)),
            })
            .collect(),
        prev: neighbours.0,
        next: neighbours.1,
    }
}

/// A change of a median, twice its nanoseconds: `+3.5 h`, `−2.0 days`,
/// `±0.0 h`, `—`.
fn signed_duration(twice_nanos: Option<i128>) -> String {
    match twice_nanos {
        None => format::NONE.to_owned(),
        Some(0) => "±0.0 h".to_owned(),
        Some(t) if t > 0 => format!("+{}", format::duration(t, 2)),
        Some(t) => format::duration(t, 2),
    }
}
