//! Timestamps as SPEC §3 allows them.

use crate::calendar::Calendar;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// Reads an RFC 3339 timestamp, a local `2026-11-03 14:20` (seconds
/// optional) or a bare date `2026-11-03` (midnight); local forms are read in
/// the calendar's time zone.
pub fn parse_timestamp(text: &str, calendar: &Calendar) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
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
    Err(format!(
        "`{text}` is not a timestamp — write RFC 3339 (`2026-11-03T14:20:00Z`), a local time (`2026-11-03 14:20`) or a date (`2026-11-03`)"
    ))
}

/// RFC 3339 in UTC with seconds, as every output writes times.
pub fn format_utc(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
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
        ] {
            let err = parse_timestamp(bad, &cal).unwrap_err();
            assert!(err.contains("RFC 3339"), "{bad}: {err}");
        }
    }
}
