//! Timestamps as SPEC §3 allows them.

use crate::calendar::Calendar;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// Reads an RFC 3339 timestamp, a local `2026-11-03 14:20` (seconds
/// optional) or a bare date `2026-11-03` (midnight); local forms are read in
/// the calendar's time zone.
pub fn parse_timestamp(text: &str, calendar: &Calendar) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    if !spelled_as_allowed(text) {
        return Err(not_a_timestamp(text));
    }
    // A lower-case `t` reads as `T` (RFC 3339 allows it, and the JSON
    // Schema's pattern with it; chrono's local formats want `T`).
    let upper = text.replacen('t', "T", 1);
    let text = upper.as_str();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    for format in [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(local) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(calendar.resolve_local(local));
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(calendar.resolve_local(date.and_time(chrono::NaiveTime::MIN)));
    }
    Err(not_a_timestamp(text))
}

fn not_a_timestamp(text: &str) -> String {
    format!(
        "`{text}` is not a timestamp — write RFC 3339 (`2026-11-03T14:20:00Z`), a local time (`2026-11-03 14:20`) or a date (`2026-11-03`)"
    )
}

/// Whether `text` has the fixed-width shape of one of SPEC §3's spellings: a date
/// `YYYY-MM-DD`, then optionally ` HH:MM`, `THH:MM` (and `:SS`), then for RFC 3339 a fraction
/// and an offset. chrono's format parser alone also takes `2026-9-14` or `2026-09-14 9:05`,
/// which SPEC does not allow and which read as a typo would.
fn spelled_as_allowed(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range.clone())
            .is_some_and(|s| s.len() == range.len() && s.iter().all(u8::is_ascii_digit))
    };
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    let date = digits(0..4) && at(4, b'-') && digits(5..7) && at(7, b'-') && digits(8..10);
    if !date || b.len() == 10 {
        return date;
    }
    let time = matches!(b.get(10), Some(b' ' | b'T' | b't'))
        && digits(11..13)
        && at(13, b':')
        && digits(14..16);
    if !time || b.len() == 16 {
        return time;
    }
    let seconds = at(16, b':') && digits(17..19);
    if !seconds || b.len() == 19 {
        return seconds;
    }
    // RFC 3339 only from here on: `.fraction`, then `Z` or `±HH:MM`.
    let mut i = 19;
    if at(i, b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match b.get(i) {
        Some(b'Z' | b'z') => b.len() == i + 1,
        Some(b'+' | b'-') => {
            b.len() == i + 6 && digits(i + 1..i + 3) && at(i + 3, b':') && digits(i + 4..i + 6)
        }
        _ => false,
    }
}

/// RFC 3339 in UTC with seconds, as every output writes times; a fraction
/// of a second is kept (to the digits it needs), so a clock stopped a
/// millisecond after its due time never prints as stopping at it.
pub fn format_utc(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn berlin() -> Calendar {
        Calendar::new(chrono_tz::Europe::Berlin, &crate::calendar::MON_TO_FRI, []).unwrap()
    }

    #[test]
    fn reads_every_form() {
        let cal = berlin();
        let utc = |s| format_utc(parse_timestamp(s, &cal).unwrap());
        assert_eq!(utc("2026-11-03T14:20:00Z"), "2026-11-03T14:20:00Z");
        assert_eq!(utc("2026-11-03T09:20:00-05:00"), "2026-11-03T14:20:00Z");
        assert_eq!(utc("2026-11-03 14:20"), "2026-11-03T13:20:00Z");
        assert_eq!(utc("2026-07-03 14:20:30"), "2026-07-03T12:20:30Z");
        assert_eq!(utc("2026-11-03"), "2026-11-02T23:00:00Z");
        assert_eq!(utc("2026-11-03T14:20"), "2026-11-03T13:20:00Z");
    }

    /// A clock stopped 1 ms after its due time must not print as stopping at it.
    #[test]
    fn regression_output_keeps_fractions_of_a_second() {
        let cal = berlin();
        let utc = |s| format_utc(parse_timestamp(s, &cal).unwrap());
        assert_eq!(utc("2026-11-03T14:20:00.001Z"), "2026-11-03T14:20:00.001Z");
        assert_eq!(
            utc("2026-11-03T14:20:00.5+01:00"),
            "2026-11-03T13:20:00.500Z"
        );
        assert_eq!(
            utc("2026-11-03T14:20:00.000000007Z"),
            "2026-11-03T14:20:00.000000007Z"
        );
        assert_eq!(utc("2026-11-03T14:20:00Z"), "2026-11-03T14:20:00Z");
    }

    #[test]
    fn rejects_the_rest() {
        let cal = berlin();
        for bad in [
            "yesterday",
            "2026-13-01",
            "2026-11-31",
            "03/11/2026",
            "",
            "2026-11-03T25:00:00Z",
            // Spellings chrono would take but SPEC does not allow.
            "2026-9-14",
            "2026-09-4",
            "2026-09-14 9:05",
            "2026-09-14 09:5",
            "26-09-14",
            "2026-09-14T09:05:00.Z",
            "2026-09-14T09:05:00+0100",
        ] {
            let err = parse_timestamp(bad, &cal).unwrap_err();
            assert!(err.contains("RFC 3339"), "{bad}: {err}");
        }
    }
}
