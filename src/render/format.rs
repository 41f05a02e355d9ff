//! Figures and dates as people read them, in one place: the Markdown
//! reports, `sla`'s table, the site and `report --format html` all print
//! through these functions, so a percentage or a due date looks the same
//! wherever it appears.
//!
//! Every function here is pure: times are shown in the calendar's zone,
//! and "no value" is always an em dash.

use crate::calendar::Calendar;
use crate::model::Time;
use crate::report::PeriodInfo;
use crate::sla::human_duration;

/// What a figure without a value shows (a percentage of nothing, the
/// median of no times).
pub(crate) const NONE: &str = "—";

/// `12.5%`, or `—` when there is nothing to divide by.
pub(crate) fn percent(p: Option<f64>) -> String {
    p.map_or_else(|| NONE.to_owned(), |p| format!("{p:.1}%"))
}

/// A median in hours: `20.5 h`, or `—`.
pub(crate) fn hours(h: Option<f64>) -> String {
    h.map_or_else(|| NONE.to_owned(), |h| format!("{h:.1} h"))
}

/// A mean satisfaction score: `4.36 / 5`, or `—`.
pub(crate) fn out_of_five(mean: Option<f64>) -> String {
    mean.map_or_else(|| NONE.to_owned(), |m| format!("{m:.2} / 5"))
}

/// `3 Nov 2026` in the calendar's zone.
pub(crate) fn day(t: Time, calendar: &Calendar) -> String {
    t.with_timezone(&calendar.tz())
        .format("%-d %b %Y")
        .to_string()
}

/// `2026-11-03 14:20 CET` in the calendar's zone: the moment a site or
/// report was generated, a clock's start and due time.
pub(crate) fn moment(t: Time, calendar: &Calendar) -> String {
    t.with_timezone(&calendar.tz())
        .format("%Y-%m-%d %H:%M %Z")
        .to_string()
}

/// `Tue 2026-11-03 14:20 CET`: a due time in a terminal table, where the
/// weekday tells at a glance whether it falls on a weekend.
pub(crate) fn moment_with_weekday(t: Time, calendar: &Calendar) -> String {
    t.with_timezone(&calendar.tz())
        .format("%a %Y-%m-%d %H:%M %Z")
        .to_string()
}

/// The first and last day inside a period, in the calendar's zone.
fn period_days(p: &PeriodInfo, calendar: &Calendar) -> (chrono::NaiveDate, chrono::NaiveDate) {
    let tz = calendar.tz();
    let first = p.start.with_timezone(&tz).date_naive();
    let last = (p.end - chrono::Duration::seconds(1))
        .with_timezone(&tz)
        .date_naive();
    (first, last)
}

/// `16 Nov – 22 Nov 2026`: a period on the site.
pub(crate) fn period_dates(p: &PeriodInfo, calendar: &Calendar) -> String {
    let (first, last) = period_days(p, calendar);
    format!("{} – {}", first.format("%-d %b"), last.format("%-d %b %Y"))
}

/// `Mon 16 Nov 2026 – Sun 22 Nov 2026`: a period at the top of a Markdown
/// report, where the weekdays show where the week starts.
pub(crate) fn period_dates_long(p: &PeriodInfo, calendar: &Calendar) -> String {
    let (first, last) = period_days(p, calendar);
    format!(
        "{} – {}",
        first.format("%a %-d %b %Y"),
        last.format("%a %-d %b %Y")
    )
}

/// How a deadline stands at `now`: `in 4h 00m`, `3d 2h overdue`, or, once
/// its clock stopped, `done 2h 05m early` / `done 1d 3h late`.
pub(crate) fn relative_to_due(due: Time, stopped: Option<Time>, now: Time) -> String {
    match stopped {
        Some(s) if s <= due => format!("done {} early", human_duration(due - s)),
        Some(s) => format!("done {} late", human_duration(s - due)),
        None if now > due => format!("{} overdue", human_duration(now - due)),
        None => format!("in {}", human_duration(due - now)),
    }
}

/// `1 change`, `3 changes`: a count and its noun, singular for one.
pub(crate) fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> Time {
        chrono::Utc.with_ymd_and_hms(2026, 11, 3, h, m, 0).unwrap()
    }

    #[test]
    fn figures_and_missing_figures() {
        assert_eq!(percent(Some(12.345)), "12.3%");
        assert_eq!(percent(Some(100.0)), "100.0%");
        assert_eq!(percent(None), "—");
        assert_eq!(hours(Some(20.46)), "20.5 h");
        assert_eq!(hours(None), "—");
        assert_eq!(out_of_five(Some(4.355)), "4.36 / 5");
        assert_eq!(out_of_five(None), "—");
        assert_eq!(count(1, "change", "changes"), "1 change");
        assert_eq!(count(0, "change", "changes"), "0 changes");
    }

    #[test]
    fn deadlines_relative_to_now() {
        assert_eq!(relative_to_due(at(14, 0), None, at(10, 0)), "in 4h 00m");
        assert_eq!(relative_to_due(at(10, 0), None, at(10, 45)), "45m overdue");
        assert_eq!(
            relative_to_due(at(12, 0), Some(at(9, 55)), at(13, 0)),
            "done 2h 05m early"
        );
        assert_eq!(
            relative_to_due(at(9, 0), Some(at(10, 0)), at(13, 0)),
            "done 1h 00m late"
        );
    }

    #[test]
    fn dates_in_the_calendar_zone() {
        let cal = Calendar::default();
        assert_eq!(day(at(10, 0), &cal), "3 Nov 2026");
        assert_eq!(moment(at(10, 5), &cal), "2026-11-03 10:05 UTC");
        assert_eq!(
            moment_with_weekday(at(10, 5), &cal),
            "Tue 2026-11-03 10:05 UTC"
        );
    }
}
