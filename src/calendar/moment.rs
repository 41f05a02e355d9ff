//! The one boundary rule (SPEC §6 "Boundaries"), for reports, `sla`, the site and warnings.
//!
//! Every figure is computed *as of* a moment: the end of its period, or *now* while the period
//! runs. The two differ in one place only: a period is half-open, so an event at its end
//! instant belongs to the next period and has not happened by this one's end, while an event
//! at exactly *now* has happened by now. Every "has it happened yet?" and every "is it in the
//! window before …?" in closeloop goes through [`Moment::happened`] and [`Moment::window`], so
//! no figure can use one rule while another in the same report uses the other.

use chrono::{DateTime, TimeDelta, Utc};

/// The moment a figure is computed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    /// The end of a finished period: events before it have happened (`t < end`).
    End(DateTime<Utc>),
    /// *now*: events up to and including it have happened (`t <= now`).
    Now(DateTime<Utc>),
}

impl Moment {
    /// The moment of a period `[start, end)` seen at `now`: its end once it has ended, else
    /// *now* (a running period uses *now* for every figure).
    pub fn of_period(end: DateTime<Utc>, now: DateTime<Utc>) -> Moment {
        if now < end {
            Moment::Now(now)
        } else {
            Moment::End(end)
        }
    }

    /// The instant itself.
    pub fn instant(self) -> DateTime<Utc> {
        match self {
            Moment::End(t) | Moment::Now(t) => t,
        }
    }

    /// Whether an event at `t` has happened by this moment.
    pub fn happened(self, t: DateTime<Utc>) -> bool {
        match self {
            Moment::End(end) => t < end,
            Moment::Now(now) => t <= now,
        }
    }

    /// Whether an optional event has happened by this moment.
    pub fn happened_opt(self, t: Option<DateTime<Utc>>) -> bool {
        t.is_some_and(|t| self.happened(t))
    }

    /// The window of length `length` before this moment: `[T − length, T)` before a period's
    /// end, `[now − length, now]` before *now*.
    pub fn window(self, length: TimeDelta) -> Window {
        let end = self.instant();
        let start = end
            .checked_sub_signed(length)
            .unwrap_or(DateTime::<Utc>::MIN_UTC);
        Window { start, end: self }
    }
}

/// The window before a moment: from `start` (included) to the moment, by its own rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: DateTime<Utc>,
    pub end: Moment,
}

impl Window {
    /// Whether `t` lies in the window.
    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        t >= self.start && self.end.happened(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn a_period_end_excludes_its_instant_and_now_includes_it() {
        let t = at("2026-11-30T00:00:00Z");
        assert!(!Moment::End(t).happened(t));
        assert!(Moment::End(t).happened(t - TimeDelta::nanoseconds(1)));
        assert!(Moment::Now(t).happened(t));
        assert!(!Moment::Now(t).happened(t + TimeDelta::nanoseconds(1)));
    }

    #[test]
    fn a_running_period_is_seen_at_now() {
        let end = at("2026-11-30T00:00:00Z");
        let now = at("2026-11-26T12:00:00Z");
        assert_eq!(Moment::of_period(end, now), Moment::Now(now));
        assert_eq!(Moment::of_period(end, end), Moment::End(end));
    }

    #[test]
    fn windows_include_their_start() {
        let end = at("2026-11-30T00:00:00Z");
        let week = TimeDelta::days(7);
        let before_end = Moment::End(end).window(week);
        assert!(before_end.contains(at("2026-11-23T00:00:00Z")));
        assert!(!before_end.contains(at("2026-11-22T23:59:59.999Z")));
        assert!(!before_end.contains(end));
        let before_now = Moment::Now(end).window(week);
        assert!(before_now.contains(end));
        assert!(before_now.contains(at("2026-11-23T00:00:00Z")));
    }
}
