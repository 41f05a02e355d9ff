//! Worked examples of [`Calendar`]: exact instants for the cases SPEC §5 singles out. The
//! expected instants were worked out by hand and cross-checked with Python's `zoneinfo`.
//!
//! Each case reads `(start, span, due)` in RFC 3339, with the local times in a comment.

use super::*;
use SlaSpan::{BusinessDays as Bd, Days as D, Hours as H};
use chrono::SecondsFormat;
use chrono_tz::Tz::{America__Los_Angeles, America__New_York, Asia__Kolkata, Europe__Berlin};

const EVERY_DAY: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

fn at(rfc3339: &str) -> DateTime<Utc> {
    let t = DateTime::parse_from_rfc3339(rfc3339).expect(rfc3339);
    t.to_utc()
}

fn day(s: &str) -> NaiveDate {
    s.parse().expect(s)
}

/// Monday to Friday in `tz`, with `holidays`.
fn office(tz: Tz, holidays: &[&str]) -> Calendar {
    let weekdays = &EVERY_DAY[..5];
    Calendar::new(tz, weekdays, holidays.iter().map(|h| day(h))).unwrap()
}

fn utc(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Checks `(start, span, due)` cases against `cal`.
fn assert_due(cal: &Calendar, cases: &[(&str, SlaSpan, &str)]) {
    for &(start, span, expected) in cases {
        let due = utc(cal.due(at(start), span));
        assert_eq!(due, expected, "{start} + {span} in {}", cal.tz());
    }
}

/// Checks `(wall time, instant)` cases against `cal`.
fn assert_resolves(cal: &Calendar, cases: &[(&str, &str)]) {
    for &(wall, expected) in cases {
        let naive = NaiveDateTime::parse_from_str(wall, "%Y-%m-%d %H:%M").expect(wall);
        assert_eq!(
            utc(cal.resolve_local(naive)),
            expected,
            "{wall} in {}",
            cal.tz()
        );
    }
}

#[test]
fn rejects_a_calendar_without_working_days() {
    let err = Calendar::new(Tz::UTC, &[], []).unwrap_err();
    assert!(err.contains("`workdays` is empty"), "{err}");
    assert!(Calendar::new(Tz::UTC, &[Weekday::Sun], []).is_ok());
}

#[test]
fn working_days_are_working_weekdays_that_are_not_holidays() {
    let cal = office(Tz::UTC, &["2026-11-27"]);
    assert!(cal.is_working_day(day("2026-11-26")));
    assert!(!cal.is_working_day(day("2026-11-27")), "holiday");
    assert!(!cal.is_working_day(day("2026-11-28")), "Saturday");
    assert_eq!(Calendar::default(), office(Tz::UTC, &[]));
}

#[test]
fn resolves_wall_times_across_dst() {
    let new_york = [
        ("2026-03-07 10:00", "2026-03-07T15:00:00Z"),
        // Spring forward: 02:30 does not exist and becomes 03:30 EDT.
        ("2026-03-08 02:30", "2026-03-08T07:30:00Z"),
        // Fall back: 01:30 happens twice; the EDT one comes first.
        ("2026-11-01 01:30", "2026-11-01T05:30:00Z"),
    ];
    assert_resolves(&office(America__New_York, &[]), &new_york);
    // Lord Howe moves by half an hour: 02:15 → 02:45 +11; 01:45 → the +11 one.
    let lord_howe = [
        ("2026-10-04 02:15", "2026-10-03T15:45:00Z"),
        ("2026-04-05 01:45", "2026-04-04T14:45:00Z"),
    ];
    assert_resolves(&office(Tz::Australia__Lord_Howe, &[]), &lord_howe);
    // Samoa skipped 2011-12-30 entirely, a gap of a whole day: 10:00 on the 31st, +14.
    let apia = [("2011-12-30 10:00", "2011-12-30T20:00:00Z")];
    assert_resolves(&office(Tz::Pacific__Apia, &[]), &apia);
}

#[test]
fn hours_and_days_are_exact_durations_across_dst() {
    let cases = [
        // Sat 10:00 EST → Sun 11:00 EDT.
        ("2026-03-07T15:00:00Z", H(24), "2026-03-08T15:00:00Z"),
        ("2026-03-07T15:00:00Z", D(1), "2026-03-08T15:00:00Z"),
        ("2026-03-01T15:00:00Z", D(14), "2026-03-15T15:00:00Z"),
        // Sat 09:00 EDT → Sun 08:00 EST.
        ("2026-10-31T13:00:00Z", H(24), "2026-11-01T13:00:00Z"),
        ("2026-10-31T13:00:00Z", D(1), "2026-11-01T13:00:00Z"),
        ("2026-10-31T13:00:00Z", H(0), "2026-10-31T13:00:00Z"),
    ];
    assert_due(&office(America__New_York, &[]), &cases);
}

#[test]
fn business_days_keep_the_wall_time_across_dst() {
    let new_york = [
        // Wed 10:00 EST → the Wednesday after, 10:00 EDT.
        ("2026-03-04T15:00:00Z", Bd(5), "2026-03-11T14:00:00Z"),
        // Wed 09:00 EDT → the Wednesday after, 09:00 EST.
        ("2026-10-28T13:00:00Z", Bd(5), "2026-11-04T14:00:00Z"),
    ];
    assert_due(&office(America__New_York, &[]), &new_york);
    // Fri 16:00 CET → the Friday after, 16:00 CEST.
    let berlin = [("2026-03-27T15:00:00Z", Bd(5), "2026-04-03T14:00:00Z")];
    assert_due(&office(Europe__Berlin, &[]), &berlin);
}

#[test]
fn business_days_landing_in_a_dst_gap_or_overlap() {
    let cases = [
        // Sat 02:30 EST → Sun 02:30, which does not exist: 03:30 EDT.
        ("2026-03-07T07:30:00Z", Bd(1), "2026-03-08T07:30:00Z"),
        // Sat 01:30 EDT → Sun 01:30, which happens twice: the EDT one.
        ("2026-10-31T05:30:00Z", Bd(1), "2026-11-01T05:30:00Z"),
        // Started in the second 01:30 (EST): 0bd is the start, not the first 01:30.
        ("2026-11-01T06:30:00Z", Bd(0), "2026-11-01T06:30:00Z"),
        ("2026-11-01T06:30:00Z", Bd(1), "2026-11-02T06:30:00Z"),
    ];
    let every_day = Calendar::new(America__New_York, &EVERY_DAY, []).unwrap();
    assert_due(&every_day, &cases);
}

/// The price of keeping the wall time: when the clocks change on a working day, a later
/// start can come due earlier. In each pair below the later start comes due first.
#[test]
fn a_later_start_can_come_due_earlier_when_the_clocks_change_on_a_working_day() {
    let cases = [
        // Sun 02:30 EST → Sun 02:30, in the gap: 03:30 EDT.
        ("2026-03-01T07:30:00Z", Bd(7), "2026-03-08T07:30:00Z"),
        // Sun 03:10 EST → Sun 03:10 EDT, twenty minutes earlier.
        ("2026-03-01T08:10:00Z", Bd(7), "2026-03-08T07:10:00Z"),
        // Sun 01:45 EDT (first pass) → Mon 01:45 EST.
        ("2026-11-01T05:45:00Z", Bd(1), "2026-11-02T06:45:00Z"),
        // Sun 01:15 EST (second pass), 30 minutes later → Mon 01:15 EST, 30 minutes earlier.
        ("2026-11-01T06:15:00Z", Bd(1), "2026-11-02T06:15:00Z"),
    ];
    let every_day = Calendar::new(America__New_York, &EVERY_DAY, []).unwrap();
    assert_due(&every_day, &cases);
}

#[test]
fn business_days_at_a_half_hour_offset() {
    let cases = [
        // Tue 19:50 IST → Thu 19:50 IST.
        ("2026-11-03T14:20:00Z", Bd(2), "2026-11-05T14:20:00Z"),
        // Friday 20:00 UTC is Saturday 01:30 IST: Mon 00:00 IST, then 2bd.
        ("2026-11-06T20:00:00Z", Bd(2), "2026-11-10T18:30:00Z"),
    ];
    assert_due(&office(Asia__Kolkata, &[]), &cases);
}

#[test]
fn a_friday_holiday_is_skipped() {
    let cases = [("2026-11-26T10:00:00Z", Bd(2), "2026-12-01T10:00:00Z")];
    assert_due(&office(Tz::UTC, &["2026-11-27"]), &cases);
}

#[test]
fn a_start_on_a_non_working_day_moves_to_midnight_of_the_next_working_day() {
    let saturday = [
        ("2026-11-07T15:00:00Z", Bd(0), "2026-11-09T00:00:00Z"),
        ("2026-11-07T15:00:00Z", Bd(2), "2026-11-11T00:00:00Z"),
    ];
    assert_due(&office(Tz::UTC, &[]), &saturday);
    let holiday = [
        ("2026-11-11T09:00:00Z", Bd(0), "2026-11-12T00:00:00Z"),
        ("2026-11-11T09:00:00Z", Bd(1), "2026-11-13T00:00:00Z"),
        // From a working day, 0bd is the start itself.
        ("2026-11-04T09:00:00Z", Bd(0), "2026-11-04T09:00:00Z"),
    ];
    assert_due(&office(Tz::UTC, &["2026-11-11"]), &holiday);
}

#[test]
fn business_days_across_the_year_end() {
    let cases = [
        // Wed 12:00 CET: Thu 24, (Fri 25), Mon 28 … Thu 31, (Fri 1), Mon 4.
        ("2026-12-23T11:00:00Z", Bd(6), "2027-01-04T11:00:00Z"),
        ("2026-12-24T11:00:00Z", Bd(1), "2026-12-28T11:00:00Z"),
    ];
    let holidays = ["2026-12-25", "2026-12-26", "2027-01-01"];
    assert_due(&office(Europe__Berlin, &holidays), &cases);
}

#[test]
fn the_day_is_read_in_the_calendars_zone_not_the_timestamps() {
    // Friday 23:30 in California is Saturday 08:30 in Berlin: Monday 00:00 CET, then 1bd.
    let berlin = [
        ("2026-11-06T23:30:00-08:00", Bd(0), "2026-11-08T23:00:00Z"),
        ("2026-11-06T23:30:00-08:00", Bd(1), "2026-11-09T23:00:00Z"),
    ];
    assert_due(&office(Europe__Berlin, &[]), &berlin);
    // In California it is a working Friday: Monday 23:30 PST.
    let california = [("2026-11-06T23:30:00-08:00", Bd(1), "2026-11-10T07:30:00Z")];
    assert_due(&office(America__Los_Angeles, &[]), &california);
}

#[test]
fn spans_past_the_representable_range_never_come_due() {
    let cal = office(Tz::UTC, &["2026-11-27"]);
    let start = at("2026-11-26T10:00:00Z");
    for span in [H(u32::MAX), D(u32::MAX), Bd(u32::MAX)] {
        assert_eq!(cal.due(start, span), DateTime::<Utc>::MAX_UTC, "{span}");
    }
    // One working day a week: 100 000 business days are exactly 700 000 days on.
    let sundays = Calendar::new(Tz::UTC, &[Weekday::Sun], []).unwrap();
    let sunday = at("2026-11-29T10:00:00Z");
    let far = sundays.due(sunday, Bd(100_000));
    assert_eq!(far, sunday + TimeDelta::days(700_000));
}
