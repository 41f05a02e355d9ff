//! The team's working calendar: a time zone, the working weekdays and the holidays.
//!
//! Business-day SLAs and report periods are promises about the team's wall clock, not about
//! UTC, so every question that mentions a "day" goes through a [`Calendar`]. Two choices shape
//! this file:
//!
//! - **Wall times that do not map to one instant.** A wall time the clocks pass twice (falling
//!   back) means the first pass, so a deadline never arrives later than someone reading the
//!   wall clock expects. A wall time the clocks skip (springing forward) is shifted forward by
//!   the gap, as RFC 5545 and JavaScript's Temporal do: 02:30 on a spring-forward day is 03:30.
//!   The same rule reads the local timestamps of items and the midnights of report periods.
//! - **Working days are counted, not stepped.** The n-th working day is found by a binary
//!   search over "how many working days lie in the next k days", which is arithmetic on the
//!   weekdays minus a range query on the holidays. A span like `4000000000bd` therefore costs
//!   about forty counts instead of billions of steps, and no loop can run away.

use std::collections::BTreeSet;
use std::ops::Bound::{Excluded, Included};

use chrono::{
    DateTime, Datelike, Days, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta,
    TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;

use super::SlaSpan;

/// The last day a business-day deadline may fall on; past it the clock never comes due.
///
/// Keeping well inside chrono's range means no date arithmetic below can overflow.
const HORIZON: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(day) => day,
    None => panic!("9999-12-31 is a valid date"),
};

/// The `[calendar]` section of `closeloop.toml`, checked and ready to answer questions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    tz: Tz,
    /// Indexed by [`Weekday::num_days_from_monday`].
    workdays: [bool; 7],
    holidays: BTreeSet<NaiveDate>,
}

impl Default for Calendar {
    /// The defaults of SPEC §4: UTC, Monday to Friday, no holidays.
    fn default() -> Self {
        Calendar::new(Tz::UTC, &super::MON_TO_FRI, [])
            .expect("the default calendar has working days")
    }
}

impl Calendar {
    /// Builds a calendar; fails when no weekday is a working day, because every business-day
    /// clock would then run forever.
    pub fn new(
        tz: Tz,
        workdays: &[Weekday],
        holidays: impl IntoIterator<Item = NaiveDate>,
    ) -> Result<Calendar, String> {
        let mut working = [false; 7];
        for day in workdays {
            working[day.num_days_from_monday() as usize] = true;
        }
        if !working.contains(&true) {
            return Err(
                "`workdays` is empty, so a business-day SLA could never come due: \
                 list the team's working days, e.g. [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]"
                    .to_string(),
            );
        }
        Ok(Calendar {
            tz,
            workdays: working,
            holidays: holidays.into_iter().collect(),
        })
    }

    /// The calendar's time zone.
    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// Whether `day` is one of the working weekdays and not a holiday.
    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        self.is_working_weekday(day.weekday()) && !self.holidays.contains(&day)
    }

    /// The instant a wall time in the calendar's zone stands for (see the module doc for the
    /// two DST cases).
    pub fn resolve_local(&self, t: NaiveDateTime) -> DateTime<Utc> {
        match self.tz.from_local_datetime(&t) {
            LocalResult::Single(instant) => instant.to_utc(),
            LocalResult::Ambiguous(earlier, _later) => earlier.to_utc(),
            LocalResult::None => self.resolve_in_gap(t),
        }
    }

    /// When a clock started at `start` with `span` comes due (SPEC §5).
    ///
    /// A due date beyond what can be represented saturates to [`DateTime::<Utc>::MAX_UTC`]:
    /// such a clock never comes due.
    pub fn due(&self, start: DateTime<Utc>, span: SlaSpan) -> DateTime<Utc> {
        let exact =
            |hours: i64| TimeDelta::try_hours(hours).and_then(|d| start.checked_add_signed(d));
        let due = match span {
            SlaSpan::Hours(n) => exact(i64::from(n)),
            SlaSpan::Days(n) => exact(24 * i64::from(n)),
            SlaSpan::BusinessDays(n) => self.business_days_due(start, n),
        };
        due.unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    fn business_days_due(&self, start: DateTime<Utc>, n: u32) -> Option<DateTime<Utc>> {
        let local = start.with_timezone(&self.tz).naive_local();
        let (first_day, time_of_day) = if self.is_working_day(local.date()) {
            if n == 0 {
                // Resolving the wall time again could land on the other pass of a fall-back
                // hour, an hour before the start.
                return Some(start);
            }
            (local.date(), local.time())
        } else {
            (self.nth_working_day_after(local.date(), 1)?, NaiveTime::MIN)
        };
        let due_day = self.nth_working_day_after(first_day, n)?;
        Some(self.resolve_local(due_day.and_time(time_of_day)))
    }

    /// The `n`-th working day after `from` (`from` itself for 0), or `None` past [`HORIZON`].
    fn nth_working_day_after(&self, from: NaiveDate, n: u32) -> Option<NaiveDate> {
        let n = u64::from(n);
        if n == 0 {
            return Some(from);
        }
        // Any 7 consecutive days hold a working weekday and a holiday cancels at most one, so
        // the answer lies within this reach.
        let reach = 7 * (n + self.holidays.len() as u64);
        let room = u64::try_from((HORIZON - from).num_days()).ok()?;
        let mut enough = reach.min(room);
        if self.working_days_within(from, enough) < n {
            return None;
        }
        let mut short = 0;
        while enough - short > 1 {
            let mid = short + (enough - short) / 2;
            if self.working_days_within(from, mid) >= n {
                enough = mid;
            } else {
                short = mid;
            }
        }
        from.checked_add_days(Days::new(enough))
    }

    /// How many working days lie in `(from, from + days]`; `from + days` must not pass
    /// [`HORIZON`].
    fn working_days_within(&self, from: NaiveDate, days: u64) -> u64 {
        let per_week = self.workdays.iter().filter(|&&w| w).count() as u64;
        let first = u64::from(from.weekday().num_days_from_monday());
        let whole_weeks = days / 7;
        let tail = (whole_weeks * 7 + 1..=days)
            .filter(|offset| self.workdays[((first + offset) % 7) as usize])
            .count() as u64;
        let to = from + Days::new(days);
        let holidays = self
            .holidays
            .range((Excluded(from), Included(to)))
            .filter(|day| self.is_working_weekday(day.weekday()))
            .count() as u64;
        whole_weeks * per_week + tail - holidays
    }

    fn is_working_weekday(&self, weekday: Weekday) -> bool {
        self.workdays[weekday.num_days_from_monday() as usize]
    }

    /// A wall time inside a spring-forward gap, read with the offset in force before the gap:
    /// that instant lies after the transition, where the wall clock shows `t` plus the gap.
    fn resolve_in_gap(&self, t: NaiveDateTime) -> DateTime<Utc> {
        // A day earlier is before the gap, and no zone in the IANA database changes its offset
        // twice within a day or two, so this is the offset the gap interrupts.
        let before = t.checked_sub_signed(TimeDelta::days(1)).unwrap_or(t);
        let offset = self.tz.offset_from_utc_datetime(&before).fix();
        let instant = t.checked_sub_offset(offset).unwrap_or(t);
        Utc.from_utc_datetime(&instant)
    }
}

#[cfg(test)]
mod examples;
#[cfg(test)]
mod properties;
