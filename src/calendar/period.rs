//! Reporting periods (SPEC §6): ISO weeks and calendar quarters in the calendar's zone.
//!
//! A period is a label (`2026-W48`, `2026-Q4`) and a half-open range of instants. The range
//! runs between local midnights resolved by [`Calendar::resolve_local`], so a week whose Monday
//! starts inside a DST gap begins at the first instant of that Monday, and consecutive periods
//! tile time: one period's end is the next one's start, and every instant lies in exactly one
//! week and one quarter.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveTime, Utc, Weekday};

use super::Calendar;

/// A week or a quarter that a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    /// ISO week `week` (1..=52 or 53) of ISO year `year`, Monday 00:00 to Monday 00:00.
    Week { year: i32, week: u32 },
    /// Calendar quarter `quarter` (1..=4) of `year`.
    Quarter { year: i32, quarter: u32 },
}

impl Period {
    /// The ISO week that contains `t`, read in the calendar's zone.
    pub fn week_containing(t: DateTime<Utc>, cal: &Calendar) -> Period {
        let iso = t.with_timezone(&cal.tz()).date_naive().iso_week();
        Self::week(iso.year(), iso.week())
    }

    /// The calendar quarter that contains `t`, read in the calendar's zone.
    pub fn quarter_containing(t: DateTime<Utc>, cal: &Calendar) -> Period {
        let day = t.with_timezone(&cal.tz()).date_naive();
        Self::quarter(day.year(), day.month0() / 3 + 1)
    }

    /// The last ISO week that ended at or before `now`: the default week of a weekly report.
    /// At exactly Monday 00:00 that is the week which has just ended.
    pub fn last_complete_week(now: DateTime<Utc>, cal: &Calendar) -> Period {
        Period::week_containing(now, cal).prev()
    }

    /// The instants `[start, end)` the period covers in the calendar's zone.
    ///
    /// # Panics
    ///
    /// If the period lies outside chrono's range (years beyond about ±262 000), which parsing
    /// rules out.
    pub fn bounds(&self, cal: &Calendar) -> (DateTime<Utc>, DateTime<Utc>) {
        let first = self.first_day();
        let after = match self {
            Period::Week { .. } => first.checked_add_days(Days::new(7)),
            Period::Quarter { .. } => first.checked_add_months(Months::new(3)),
        }
        .expect("a period within chrono's range");
        let midnight = |day: NaiveDate| cal.resolve_local(day.and_time(NaiveTime::MIN));
        (midnight(first), midnight(after))
    }

    /// The period after this one, across year ends.
    pub fn next(&self) -> Period {
        match *self {
            Period::Week { year, week } if week < iso_weeks_in(year) => Self::week(year, week + 1),
            Period::Week { year, .. } => Self::week(year + 1, 1),
            Period::Quarter { year, quarter } if quarter < 4 => Self::quarter(year, quarter + 1),
            Period::Quarter { year, .. } => Self::quarter(year + 1, 1),
        }
    }

    /// The period before this one, across year ends.
    pub fn prev(&self) -> Period {
        match *self {
            Period::Week { year, week } if week > 1 => Self::week(year, week - 1),
            Period::Week { year, .. } => Self::week(year - 1, iso_weeks_in(year - 1)),
            Period::Quarter { year, quarter } if quarter > 1 => Self::quarter(year, quarter - 1),
            Period::Quarter { year, .. } => Self::quarter(year - 1, 4),
        }
    }

    fn week(year: i32, week: u32) -> Period {
        Period::Week { year, week }
    }

    fn quarter(year: i32, quarter: u32) -> Period {
        Period::Quarter { year, quarter }
    }

    /// The local date the period starts on. Out-of-range numbers (built by hand, not parsed)
    /// count on from the year's first week or quarter rather than panic.
    fn first_day(&self) -> NaiveDate {
        let day = match *self {
            Period::Week { year, week } => NaiveDate::from_isoywd_opt(year, 1, Weekday::Mon)
                .and_then(|monday| {
                    monday.checked_add_days(Days::new(7 * u64::from(week.max(1) - 1)))
                }),
            Period::Quarter { year, quarter } => {
                NaiveDate::from_ymd_opt(year, 1, 1).and_then(|jan| {
                    jan.checked_add_months(Months::new(3u32.saturating_mul(quarter.max(1) - 1)))
                })
            }
        };
        day.expect("a period within chrono's range")
    }
}

/// 52 or 53: a year has 53 ISO weeks exactly when 28 December falls in a week 53.
fn iso_weeks_in(year: i32) -> u32 {
    NaiveDate::from_ymd_opt(year, 12, 28).map_or(52, |day| day.iso_week().week())
}

const ACCEPTED_FORMS: &str = "expected a week like `2026-W48` or a quarter like `2026-Q4`";

/// Exactly `len` ASCII digits (`u32::from_str` alone would also take a sign).
fn digits(s: &str, len: usize) -> Option<u32> {
    if s.len() != len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

impl FromStr for Period {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let not_a_period = || format!("`{s}` is not a period: {ACCEPTED_FORMS}");
        let (year, rest) = s.split_once('-').ok_or_else(not_a_period)?;
        let year = digits(year, 4).ok_or_else(not_a_period)? as i32;
        if let Some(week) = rest.strip_prefix('W') {
            let week = digits(week, 2).ok_or_else(not_a_period)?;
            let last = iso_weeks_in(year);
            if !(1..=last).contains(&week) {
                return Err(format!(
                    "`{s}` is not a week: ISO year {year} has weeks W01 to W{last}"
                ));
            }
            Ok(Period::Week { year, week })
        } else if let Some(quarter) = rest.strip_prefix('Q') {
            let quarter = digits(quarter, 1).ok_or_else(not_a_period)?;
            if !(1..=4).contains(&quarter) {
                return Err(format!(
                    "`{s}` is not a quarter: quarters run from Q1 to Q4"
                ));
            }
            Ok(Period::Quarter { year, quarter })
        } else {
            Err(not_a_period())
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Week { year, week } => write!(f, "{year:04}-W{week:02}"),
            Period::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
        }
    }
}

#[cfg(test)]
mod properties;

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{SecondsFormat, TimeDelta};
    use chrono_tz::Tz;

    fn at(rfc3339: &str) -> DateTime<Utc> {
        let t = DateTime::parse_from_rfc3339(rfc3339).expect(rfc3339);
        t.to_utc()
    }

    fn period(s: &str) -> Period {
        s.parse().expect(s)
    }

    fn berlin() -> Calendar {
        Calendar::new(Tz::Europe__Berlin, &[Weekday::Mon], []).unwrap()
    }

    #[test]
    fn parses_weeks_and_quarters() {
        // 2026 begins on a Thursday, so it has 53 ISO weeks, as 2020 does.
        let weeks = [
            ("2026-W48", 2026, 48),
            ("2026-W01", 2026, 1),
            ("2020-W53", 2020, 53),
            ("2026-W53", 2026, 53),
        ];
        for (text, year, week) in weeks {
            assert_eq!(period(text), Period::Week { year, week }, "{text}");
        }
        for (text, year, quarter) in [("2026-Q1", 2026, 1), ("2026-Q4", 2026, 4)] {
            assert_eq!(period(text), Period::Quarter { year, quarter }, "{text}");
        }
    }

    #[test]
    fn rejects_malformed_and_missing_periods() {
        for bad in [
            "",
            "2026",
            "2026-",
            "2026-W",
            "2026-W5",
            "2026-W048",
            "2026-w48",
            "2026W48",
            "26-W48",
            "+026-W48",
            " 2026-W48",
            "2026-W48 ",
            "2026-Q",
            "2026-Q04",
            "2026-q4",
            "2026-H1",
            "2026-W4a",
        ] {
            let err = bad.parse::<Period>().expect_err(bad);
            assert!(
                err.contains("`2026-W48`") && err.contains("`2026-Q4`"),
                "{bad:?}: {err}"
            );
        }
        for missing in ["2025-W53", "2027-W53", "2026-W00", "2026-W54"] {
            let err = missing.parse::<Period>().expect_err(missing);
            assert!(err.contains("has weeks W01 to W5"), "{missing:?}: {err}");
        }
        for missing in ["2026-Q0", "2026-Q5"] {
            let err = missing.parse::<Period>().expect_err(missing);
            assert!(err.contains("Q1 to Q4"), "{missing:?}: {err}");
        }
    }

    /// The bounds as an ISO 8601 interval of UTC instants, `start/end`.
    fn bounds(p: &str, cal: &Calendar) -> String {
        let (start, end) = period(p).bounds(cal);
        let utc = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
        format!("{}/{}", utc(start), utc(end))
    }

    #[test]
    fn iso_weeks_begin_at_monday_midnight_local() {
        let cal = berlin();
        let w48 = bounds("2026-W48", &cal);
        assert_eq!(w48, "2026-11-22T23:00:00Z/2026-11-29T23:00:00Z");
        // Week 1 of 2026 begins in 2025.
        let w01 = bounds("2026-W01", &cal);
        assert_eq!(w01, "2025-12-28T23:00:00Z/2026-01-04T23:00:00Z");
        // Berlin springs forward on Sunday 2026-03-29: that week is an hour short.
        let w13 = bounds("2026-W13", &cal);
        assert_eq!(w13, "2026-03-22T23:00:00Z/2026-03-29T22:00:00Z");
    }

    #[test]
    fn quarters_are_calendar_quarters_local() {
        let q4 = bounds("2026-Q4", &berlin());
        assert_eq!(q4, "2026-09-30T22:00:00Z/2026-12-31T23:00:00Z");
        let q1 = bounds("2026-Q1", &Calendar::default());
        assert_eq!(q1, "2026-01-01T00:00:00Z/2026-04-01T00:00:00Z");
    }

    #[test]
    fn a_period_whose_first_midnight_was_skipped_begins_when_its_first_day_does() {
        // Damascus sprang from 00:00 to 01:00 on Monday 2002-04-01, first day of W14 and Q2.
        let damascus = Calendar::new(Tz::Asia__Damascus, &[Weekday::Mon], []).unwrap();
        let w14 = bounds("2002-W14", &damascus);
        assert_eq!(w14, "2002-03-31T22:00:00Z/2002-04-07T21:00:00Z");
        let q2 = bounds("2002-Q2", &damascus);
        assert_eq!(q2, "2002-03-31T22:00:00Z/2002-06-30T21:00:00Z");
        assert!(bounds("2002-W13", &damascus).ends_with("/2002-03-31T22:00:00Z"));
    }

    #[test]
    fn finds_the_period_containing_an_instant() {
        let cal = berlin();
        let week = |t: &str| Period::week_containing(at(t), &cal).to_string();
        assert_eq!(week("2026-11-22T22:59:59Z"), "2026-W47");
        assert_eq!(week("2026-11-22T23:00:00Z"), "2026-W48");
        assert_eq!(week("2025-12-31T12:00:00Z"), "2026-W01");
        assert_eq!(week("2027-01-01T12:00:00Z"), "2026-W53");
        let quarter = |t: &str| Period::quarter_containing(at(t), &cal).to_string();
        assert_eq!(quarter("2026-12-31T22:59:59Z"), "2026-Q4");
        assert_eq!(quarter("2026-12-31T23:00:00Z"), "2027-Q1");
    }

    #[test]
    fn the_last_complete_week_ends_at_or_before_now() {
        let cal = berlin();
        let last = |t: DateTime<Utc>| Period::last_complete_week(t, &cal).to_string();
        let monday_midnight = at("2026-11-29T23:00:00Z");
        assert_eq!(last(monday_midnight), "2026-W48");
        assert_eq!(last(monday_midnight - TimeDelta::seconds(1)), "2026-W47");
        // Sunday of 2026-W01.
        assert_eq!(last(at("2026-01-04T12:00:00Z")), "2025-W52");
    }

    #[test]
    fn steps_across_year_ends() {
        let steps = [
            ("2026-W52", "2026-W53"),
            ("2026-W53", "2027-W01"),
            ("2025-W52", "2026-W01"),
            ("2020-W53", "2021-W01"),
            ("2026-Q3", "2026-Q4"),
            ("2026-Q4", "2027-Q1"),
        ];
        for (before, after) in steps {
            assert_eq!(period(before).next(), period(after), "{before}.next()");
            assert_eq!(period(after).prev(), period(before), "{after}.prev()");
        }
    }
}
