//! Worked examples of [`Calendar`]: exact instants for the cases SPEC §5 singles out. The
//! expected instants were worked out by hand and cross-checked with Python's `zoneinfo`.

use super::*;
use SlaSpan::{BusinessDays, Days as D, Hours};
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
    DateTime::parse_from_rfc3339(rfc3339)
        .expect(rfc3339)
        .to_utc()
}

fn day(s: &str) -> NaiveDate {
    s.parse().expect(s)
}

/// Monday to Friday in `tz`, with `holidays`.
fn office(tz: Tz, holidays: &[&str]) -> Calendar {
    let weekdays = &EVERY_DAY[..5];
    Calendar::new(tz, weekdays, holidays.iter().map(|h| day(h))).unwrap()
}

/// The due instant as RFC 3339 UTC, so expectations read like the SPEC's timestamps.
fn due(cal: &Calendar, start: &str, span: SlaSpan) -> String {
    let due = cal.due(at(start), span);
    due.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

fn resolve(cal: &Calendar, wall: &str) -> String {
    let wall = NaiveDateTime::parse_from_str(wall, "%Y-%m-%d %H:%M").expect(wall);
    let instant = cal.resolve_local(wall);
    instant.to_rfc3339_opts(SecondsFormat::AutoSi, true)
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
    let ny = office(America__New_York, &[]);
    assert_eq!(resolve(&ny, "2026-03-07 10:00"), "2026-03-07T15:00:00Z");
    // Spring forward: 02:30 does not exist and becomes 03:30 EDT.
    assert_eq!(resolve(&ny, "2026-03-08 02:30"), "2026-03-08T07:30:00Z");
    // Fall back: 01:30 happens twice; the EDT one comes first.
    assert_eq!(resolve(&ny, "2026-11-01 01:30"), "2026-11-01T05:30:00Z");
    // Lord Howe moves by half an hour.
    let lord_howe = office(Tz::Australia__Lord_Howe, &[]);
    assert_eq!(
        resolve(&lord_howe, "2026-10-04 02:15"),
        "2026-10-03T15:45:00Z"
    );
    assert_eq!(
        resolve(&lord_howe, "2026-04-05 01:45"),
        "2026-04-04T14:45:00Z"
    );
    // Samoa skipped 2011-12-30 entirely: a gap of a whole day.
    let apia = office(Tz::Pacific__Apia, &[]);
    assert_eq!(resolve(&apia, "2011-12-30 10:00"), "2011-12-30T20:00:00Z");
}

#[test]
fn hours_and_days_are_exact_durations_across_dst() {
    let ny = office(America__New_York, &[]);
    // Sat 10:00 EST → Sun 11:00 EDT.
    assert_eq!(
        due(&ny, "2026-03-07T15:00:00Z", Hours(24)),
        "2026-03-08T15:00:00Z"
    );
    assert_eq!(
        due(&ny, "2026-03-07T15:00:00Z", D(1)),
        "2026-03-08T15:00:00Z"
    );
    assert_eq!(
        due(&ny, "2026-03-01T15:00:00Z", D(14)),
        "2026-03-15T15:00:00Z"
    );
    // Sat 09:00 EDT → Sun 08:00 EST.
    assert_eq!(
        due(&ny, "2026-10-31T13:00:00Z", Hours(24)),
        "2026-11-01T13:00:00Z"
    );
    assert_eq!(
        due(&ny, "2026-10-31T13:00:00Z", D(1)),
        "2026-11-01T13:00:00Z"
    );
    assert_eq!(
        due(&ny, "2026-10-31T13:00:00Z", Hours(0)),
        "2026-10-31T13:00:00Z"
    );
}

#[test]
fn business_days_keep_the_wall_time_across_dst_in_new_york() {
    let ny = office(America__New_York, &[]);
    // Wed 10:00 EST → the Wednesday after, 10:00 EDT.
    let spring = due(&ny, "2026-03-04T15:00:00Z", BusinessDays(5));
    assert_eq!(spring, "2026-03-11T14:00:00Z");
    // Wed 09:00 EDT → the Wednesday after, 09:00 EST.
    let fall = due(&ny, "2026-10-28T13:00:00Z", BusinessDays(5));
    assert_eq!(fall, "2026-11-04T14:00:00Z");
}

#[test]
fn business_days_landing_in_a_dst_gap_or_overlap() {
    let ny = Calendar::new(America__New_York, &EVERY_DAY, []).unwrap();
    // Sat 02:30 EST → Sun 02:30, which does not exist: 03:30 EDT.
    assert_eq!(
        due(&ny, "2026-03-07T07:30:00Z", BusinessDays(1)),
        "2026-03-08T07:30:00Z"
    );
    // Sat 01:30 EDT → Sun 01:30, which happens twice: the EDT one.
    assert_eq!(
        due(&ny, "2026-10-31T05:30:00Z", BusinessDays(1)),
        "2026-11-01T05:30:00Z"
    );
    // Started in the second 01:30 (EST): 0bd is the start itself, not the first 01:30.
    assert_eq!(
        due(&ny, "2026-11-01T06:30:00Z", BusinessDays(0)),
        "2026-11-01T06:30:00Z"
    );
    assert_eq!(
        due(&ny, "2026-11-01T06:30:00Z", BusinessDays(1)),
        "2026-11-02T06:30:00Z"
    );
}

#[test]
fn business_days_in_berlin_and_kolkata() {
    let berlin = office(Europe__Berlin, &[]);
    // Fri 16:00 CET → the Friday after, 16:00 CEST.
    let due_in_berlin = due(&berlin, "2026-03-27T15:00:00Z", BusinessDays(5));
    assert_eq!(due_in_berlin, "2026-04-03T14:00:00Z");
    let kolkata = office(Asia__Kolkata, &[]);
    // Tue 19:50 IST → Thu 19:50 IST.
    assert_eq!(
        due(&kolkata, "2026-11-03T14:20:00Z", BusinessDays(2)),
        "2026-11-05T14:20:00Z"
    );
    // Friday 20:00 UTC is Saturday 01:30 in Kolkata: Mon 00:00 IST, then 2bd.
    assert_eq!(
        due(&kolkata, "2026-11-06T20:00:00Z", BusinessDays(2)),
        "2026-11-10T18:30:00Z"
    );
}

#[test]
fn a_friday_holiday_is_skipped() {
    let cal = office(Tz::UTC, &["2026-11-27"]);
    assert_eq!(
        due(&cal, "2026-11-26T10:00:00Z", BusinessDays(2)),
        "2026-12-01T10:00:00Z"
    );
}

#[test]
fn a_start_on_a_non_working_day_moves_to_midnight_of_the_next_working_day() {
    let cal = office(Tz::UTC, &[]);
    assert_eq!(
        due(&cal, "2026-11-07T15:00:00Z", BusinessDays(0)),
        "2026-11-09T00:00:00Z"
    );
    assert_eq!(
        due(&cal, "2026-11-07T15:00:00Z", BusinessDays(2)),
        "2026-11-11T00:00:00Z"
    );
    let cal = office(Tz::UTC, &["2026-11-11"]);
    assert_eq!(
        due(&cal, "2026-11-11T09:00:00Z", BusinessDays(0)),
        "2026-11-12T00:00:00Z"
    );
    assert_eq!(
        due(&cal, "2026-11-11T09:00:00Z", BusinessDays(1)),
        "2026-11-13T00:00:00Z"
    );
    // 0bd from a working day is the start itself.
    assert_eq!(
        due(&cal, "2026-11-04T09:00:00Z", BusinessDays(0)),
        "2026-11-04T09:00:00Z"
    );
}

#[test]
fn business_days_across_the_year_end() {
    let cal = office(Europe__Berlin, &["2026-12-25", "2026-12-26", "2027-01-01"]);
    // Wed 12:00 CET: Thu 24, (Fri 25), Mon 28 … Thu 31, (Fri 1), Mon 4.
    assert_eq!(
        due(&cal, "2026-12-23T11:00:00Z", BusinessDays(6)),
        "2027-01-04T11:00:00Z"
    );
    assert_eq!(
        due(&cal, "2026-12-24T11:00:00Z", BusinessDays(1)),
        "2026-12-28T11:00:00Z"
    );
}

#[test]
fn the_day_is_read_in_the_calendars_zone_not_the_timestamps() {
    // Friday 23:30 in California is Saturday 08:30 in Berlin: Monday 00:00 CET, then 1bd.
    let start = "2026-11-06T23:30:00-08:00";
    let berlin = office(Europe__Berlin, &[]);
    assert_eq!(due(&berlin, start, BusinessDays(0)), "2026-11-08T23:00:00Z");
    assert_eq!(due(&berlin, start, BusinessDays(1)), "2026-11-09T23:00:00Z");
    // In California it is a working Friday: Monday 23:30 PST.
    let los_angeles = office(America__Los_Angeles, &[]);
    assert_eq!(
        due(&los_angeles, start, BusinessDays(1)),
        "2026-11-10T07:30:00Z"
    );
}

#[test]
fn spans_past_the_representable_range_never_come_due() {
    let cal = office(Tz::UTC, &["2026-11-27"]);
    let start = at("2026-11-26T10:00:00Z");
    assert_eq!(cal.due(start, Hours(u32::MAX)), DateTime::<Utc>::MAX_UTC);
    assert_eq!(cal.due(start, D(u32::MAX)), DateTime::<Utc>::MAX_UTC);
    assert_eq!(
        cal.due(start, BusinessDays(u32::MAX)),
        DateTime::<Utc>::MAX_UTC
    );
    // One working day a week: 100 000 business days are exactly 700 000 days on.
    let sundays = Calendar::new(Tz::UTC, &[Weekday::Sun], []).unwrap();
    let sunday = at("2026-11-29T10:00:00Z");
    let far = sundays.due(sunday, BusinessDays(100_000));
    assert_eq!(far, sunday + TimeDelta::days(700_000));
}
