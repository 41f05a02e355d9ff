//! Properties of [`Period`] over random periods, zones and instants, including zones that
//! change their clocks at midnight, where a week or quarter may not start at 00:00.

use chrono::{DateTime, Utc, Weekday};
use chrono_tz::Tz;
use proptest::prelude::*;

use super::{Calendar, Period};

fn period(s: &str) -> Period {
    s.parse().expect(s)
}

fn any_period() -> impl Strategy<Value = Period> {
    let week = |(year, week): (i32, u32)| Period::Week {
        year,
        week: week.min(super::iso_weeks_in(year)),
    };
    prop_oneof![
        (1900..2200i32, 1..=53u32).prop_map(week),
        (1900..2200i32, 1..=4u32).prop_map(|(year, quarter)| Period::Quarter { year, quarter }),
    ]
}

fn any_calendar() -> impl Strategy<Value = Calendar> {
    // The last four change their clocks at midnight, Tehran and Damascus on any weekday.
    let zones = [
        Tz::UTC,
        Tz::America__New_York,
        Tz::Europe__Berlin,
        Tz::Asia__Kolkata,
        Tz::Australia__Lord_Howe,
        Tz::America__Havana,
        Tz::America__Santiago,
        Tz::Asia__Tehran,
        Tz::Asia__Damascus,
    ];
    prop::sample::select(zones.to_vec())
        .prop_map(|tz| Calendar::new(tz, &[Weekday::Mon], []).unwrap())
}

/// Midnight clock changes that start a week or a quarter: Tehran's on Monday 2021-03-22,
/// Damascus's on Monday 2002-04-01, and Santiago's fall-back into Saturday 2026-04-04.
const MIDNIGHT_CHANGES: [i64; 3] = [1_616_358_600, 1_017_612_000, 1_775_358_000];

/// Uniform over 1900–2199, or within two hours of a midnight clock change.
fn any_instant() -> impl Strategy<Value = DateTime<Utc>> {
    let near_a_change =
        (0..MIDNIGHT_CHANGES.len(), -7200..7200i64).prop_map(|(i, s)| MIDNIGHT_CHANGES[i] + s);
    prop_oneof![-2_208_988_800i64..7_258_118_400, near_a_change]
        .prop_map(|seconds| DateTime::from_timestamp(seconds, 0).unwrap())
}

proptest! {
    #[test]
    fn display_round_trips(p in any_period()) {
        prop_assert_eq!(period(&p.to_string()), p);
        prop_assert_eq!(p.next().prev(), p);
        prop_assert_eq!(p.prev().next(), p);
    }

    #[test]
    fn periods_tile_time(p in any_period(), cal in any_calendar()) {
        let (start, end) = p.bounds(&cal);
        prop_assert!(start < end);
        prop_assert_eq!(end, p.next().bounds(&cal).0);
    }

    #[test]
    fn an_instant_lies_in_the_period_containing_it(t in any_instant(), cal in any_calendar()) {
        for p in [Period::week_containing(t, &cal), Period::quarter_containing(t, &cal)] {
            let (start, end) = p.bounds(&cal);
            prop_assert!(start <= t && t < end, "{t} not in {p} = [{start}, {end})");
        }
        let last = Period::last_complete_week(t, &cal);
        prop_assert!(last.bounds(&cal).1 <= t);
        prop_assert!(last.next().bounds(&cal).1 > t);
    }
}
