//! Properties of [`Period`] over random periods, zones and instants, including zones that
//! change their clocks at midnight, where a week or quarter may not start at 00:00.

use chrono::{DateTime, Weekday};
use chrono_tz::Tz;
use proptest::prelude::*;

use super::{Calendar, Period};

fn period(s: &str) -> Period {
    s.parse().expect(s)
}

fn any_period() -> impl Strategy<Value = Period> {
    prop_oneof![
        (1900..2200i32, 1..=52u32).prop_map(|(year, week)| Period::Week { year, week }),
        (1900..2200i32, 1..=4u32).prop_map(|(year, quarter)| Period::Quarter { year, quarter }),
    ]
}

fn any_calendar() -> impl Strategy<Value = Calendar> {
    // Havana, Santiago and Tehran change their clocks at midnight, Tehran on any weekday.
    let zones = [
        Tz::UTC,
        Tz::America__New_York,
        Tz::Europe__Berlin,
        Tz::Asia__Kolkata,
        Tz::Australia__Lord_Howe,
        Tz::America__Havana,
        Tz::America__Santiago,
        Tz::Asia__Tehran,
    ];
    prop::sample::select(zones.to_vec())
        .prop_map(|tz| Calendar::new(tz, &[Weekday::Mon], []).unwrap())
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
    fn an_instant_lies_in_the_period_containing_it(
        seconds in -2_208_988_800i64..7_258_118_400,
        cal in any_calendar(),
    ) {
        let t = DateTime::from_timestamp(seconds, 0).unwrap();
        for p in [Period::week_containing(t, &cal), Period::quarter_containing(t, &cal)] {
            let (start, end) = p.bounds(&cal);
            prop_assert!(start <= t && t < end, "{t} not in {p} = [{start}, {end})");
        }
        let last = Period::last_complete_week(t, &cal);
        prop_assert!(last.bounds(&cal).1 <= t);
        prop_assert!(last.next().bounds(&cal).1 > t);
    }
}
