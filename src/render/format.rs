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

const HOUR_NS: i128 = 3_600_000_000_000;

/// From how many hours on a duration reads in days.
const DAYS_FROM_HOURS: i128 = 48;

/// An exact duration of `num / den` nanoseconds as people read it: hours
/// with one decimal below two days (`20.5 h`), days with one decimal from
/// two days on (193 h is `8.0 days`); each rounded once, halves away from
/// zero. Negative durations (a change that got faster) keep their sign.
pub(crate) fn duration(num: i128, den: i128) -> String {
    use crate::calendar::round_ratio;
    let sign = if num < 0 { "−" } else { "" };
    let num = num.abs();
    if num >= DAYS_FROM_HOURS * HOUR_NS * den {
        let days = round_ratio(num, 24 * HOUR_NS * den, 1);
        format!("{sign}{days:.1} days")
    } else {
        format!("{sign}{:.1} h", round_ratio(num, HOUR_NS * den, 1))
    }
}

/// [`duration`] of an optional value, `—` without one.
pub(crate) fn duration_opt(value: Option<(i128, i128)>) -> String {
    value.map_or_else(|| NONE.to_owned(), |(num, den)| duration(num, den))
}

/// A signal window in plain words: `90 days`, `36 hours`, `1 day`.
pub(crate) fn span_words(hours: i64) -> String {
    if hours % 24 == 0 {
        count((hours / 24) as usize, "day", "days")
    } else {
        count(hours as usize, "hour", "hours")
    }
}

/// A change of a count: `+3`, `−2`, `±0`.
pub(crate) fn signed(n: i64) -> String {
    match n {
        0 => "±0".to_owned(),
        n if n > 0 => format!("+{n}"),
        n => format!("−{}", n.unsigned_abs()),
    }
}

/// A change of an exactly rounded decimal with its unit: `+10.0 pts`,
/// `−0.25`, `±0.0 pts`, or `—` when there is nothing to compare.
pub(crate) fn signed_decimal(value: Option<f64>, decimals: usize, unit: &str) -> String {
    let Some(v) = value else {
        return NONE.to_owned();
    };
    let text = format!("{:.*}", decimals, v.abs());
    let sign = if text.chars().all(|c| c == '0' || c == '.') {
        "±"
    } else if v > 0.0 {
        "+"
    } else {
        "−"
    };
    format!("{sign}{text}{unit}")
}

/// A change of a percentage in points: `+10.0 pts`, or `—`.
pub(crate) fn points(value: Option<f64>) -> String {
    signed_decimal(value, 1, " pts")
}

/// At most about `max` characters of a quote, cut at a word and marked
/// with `…` when longer: the words themselves are never changed.
pub(crate) fn excerpt(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(at) if at > max / 2 => &cut[..at],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end())
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
        assert_eq!(signed(3), "+3");
        assert_eq!(signed(-2), "−2");
        assert_eq!(signed(0), "±0");
        assert_eq!(points(Some(10.0)), "+10.0 pts");
        assert_eq!(points(Some(-2.5)), "−2.5 pts");
        assert_eq!(points(Some(0.0)), "±0.0 pts");
        assert_eq!(points(None), "—");
        assert_eq!(signed_decimal(Some(-0.25), 2, ""), "−0.25");
        assert_eq!(span_words(90 * 24), "90 days");
        assert_eq!(span_words(24), "1 day");
        assert_eq!(span_words(36), "36 hours");
        assert_eq!(out_of_five(Some(4.355)), "4.36 / 5");
        assert_eq!(out_of_five(None), "—");
        assert_eq!(count(1, "change", "changes"), "1 change");
        assert_eq!(count(0, "change", "changes"), "0 changes");
    }

    /// Long durations read in days, short ones in hours, each rounded once from the exact
    /// value: 193 h is 8.0 days, and 47 h 59 m is still hours.
    #[test]
    fn durations_in_days_when_long() {
        let h = |hours: i128| hours * HOUR_NS;
        assert_eq!(duration(h(193), 1), "8.0 days");
        assert_eq!(duration(h(48), 1), "2.0 days");
        assert_eq!(duration(h(48) - 60_000_000_000, 1), "48.0 h");
        assert_eq!(duration(h(41) / 2, 1), "20.5 h");
        // The median of 1 h and 2 h is 1.5 h: twice the median over 2.
        assert_eq!(duration(h(3), 2), "1.5 h");
        // 2.05 days exactly is a tie and rounds away from zero.
        assert_eq!(duration(h(492) / 10, 1), "2.1 days");
        assert_eq!(duration(-h(96), 1), "−4.0 days");
        assert_eq!(duration_opt(None), "—");
    }

    #[test]
    fn quotes_are_cut_at_a_word() {
        assert_eq!(excerpt("short", 10), "short");
        assert_eq!(excerpt("one two three four", 12), "one two…");
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
