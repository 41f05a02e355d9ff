//! How an SLA clock stands at a given moment (SPEC §5).
//!
//! The status is a pure function of four instants and the at-risk share, with *now* passed
//! in, so a past report computed "as of the end of its week" never changes later.

use std::fmt;

use chrono::{DateTime, TimeDelta, Utc};

use crate::calendar::Fraction;

/// Where a clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClockStatus {
    /// Stopped at or before its due time.
    Met,
    /// Stopped after its due time, or still running past it.
    Breached,
    /// Still running, not past due, with at most the at-risk share of its span left.
    AtRisk,
    /// Still running with time to spare.
    Running,
}

impl ClockStatus {
    /// The name shown to users and written in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            ClockStatus::Met => "met",
            ClockStatus::Breached => "breached",
            ClockStatus::AtRisk => "at-risk",
            ClockStatus::Running => "running",
        }
    }
}

impl fmt::Display for ClockStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The status of a clock that started at `start`, is due at `due` and stopped at `stopped`
/// (if it has), as seen at `now`; `at_risk` is the `[sla] at_risk` share (0.25 by default).
///
/// A stopped clock is judged by its stop alone, whatever `now` is. The at-risk test is exact:
/// durations in nanoseconds, the share as the integer fraction it was written as.
pub(crate) fn clock_status(
    start: DateTime<Utc>,
    due: DateTime<Utc>,
    stopped: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    at_risk: Fraction,
) -> ClockStatus {
    if let Some(stopped) = stopped {
        return if stopped <= due {
            ClockStatus::Met
        } else {
            ClockStatus::Breached
        };
    }
    if now > due {
        return ClockStatus::Breached;
    }
    if at_risk.bounds(nanos(due - now), nanos(due - start)) {
        ClockStatus::AtRisk
    } else {
        ClockStatus::Running
    }
}

/// A duration in nanoseconds, without overflow for any span chrono can hold.
pub(crate) fn nanos(d: TimeDelta) -> i128 {
    i128::from(d.num_seconds()) * 1_000_000_000 + i128::from(d.subsec_nanos())
}

#[cfg(test)]
mod tests {
    use super::ClockStatus::{AtRisk, Breached, Met, Running};
    use super::*;

    fn share(text: &str) -> Fraction {
        Fraction::parse_decimal(text).expect(text)
    }

    fn at(rfc3339: &str) -> DateTime<Utc> {
        let t = DateTime::parse_from_rfc3339(rfc3339).expect(rfc3339);
        t.to_utc()
    }

    /// A 48-hour acknowledge clock from 2026-11-03T10:00Z, stopped at `stopped`, seen at `now`
    /// with the default at-risk share: its last quarter begins at 2026-11-04T22:00Z.
    fn acknowledge(stopped: Option<&str>, now: &str) -> ClockStatus {
        let (start, due) = (at("2026-11-03T10:00:00Z"), at("2026-11-05T10:00:00Z"));
        clock_status(start, due, stopped.map(at), at(now), share("0.25"))
    }

    #[test]
    fn a_stopped_clock_is_met_up_to_and_including_due() {
        let cases = [
            ("2026-11-03T10:00:00Z", Met),      // at the start
            ("2026-11-04T09:30:00Z", Met),      // well in time
            ("2026-11-05T10:00:00Z", Met),      // exactly at due
            ("2026-11-05T10:00:01Z", Breached), // a second late
        ];
        for (stopped, expected) in cases {
            let status = acknowledge(Some(stopped), "2026-12-01T00:00:00Z");
            assert_eq!(status, expected, "stopped at {stopped}");
        }
    }

    #[test]
    fn a_stopped_clock_ignores_now() {
        let stopped_early = Some("2026-11-04T00:00:00Z");
        assert_eq!(acknowledge(stopped_early, "2026-11-04T00:00:00Z"), Met);
        assert_eq!(acknowledge(stopped_early, "2026-11-05T09:00:00Z"), Met);
        let stopped_late = Some("2026-11-06T00:00:00Z");
        assert_eq!(acknowledge(stopped_late, "2026-11-06T00:00:00Z"), Breached);
    }

    #[test]
    fn a_running_clock_moves_from_running_to_at_risk_to_breached() {
        let cases = [
            ("2026-11-03T10:00:00Z", Running),      // just started
            ("2026-11-04T21:59:59Z", Running),      // a second more than a quarter left
            ("2026-11-04T22:00:00Z", AtRisk),       // exactly a quarter left
            ("2026-11-05T09:00:00Z", AtRisk),       // an hour left
            ("2026-11-05T10:00:00Z", AtRisk),       // now exactly at due
            ("2026-11-05T10:00:00.001Z", Breached), // just past due
        ];
        for (now, expected) in cases {
            assert_eq!(acknowledge(None, now), expected, "at {now}");
        }
    }

    #[test]
    fn the_at_risk_share_sets_the_threshold() {
        let (start, due) = (at("2026-11-03T10:00:00Z"), at("2026-11-05T10:00:00Z"));
        let halfway = at("2026-11-04T10:00:00Z");
        let status = |now, share: Fraction| clock_status(start, due, None, now, share);
        assert_eq!(status(halfway, share("0.5")), AtRisk);
        assert_eq!(status(halfway, share("0.49")), Running);
        assert_eq!(status(halfway, share("0.0")), Running);
        assert_eq!(
            status(due, share("0.0")),
            AtRisk,
            "nothing left is not more than nothing"
        );
        assert_eq!(
            status(start, share("1.0")),
            AtRisk,
            "with a share of 1 every clock is at risk"
        );
    }

    #[test]
    fn a_zero_span_clock_is_at_risk_at_its_start_and_breached_after() {
        let start = at("2026-11-03T10:00:00Z");
        let a_second_later = at("2026-11-03T10:00:01Z");
        assert_eq!(
            clock_status(start, start, None, start, share("0.25")),
            AtRisk
        );
        assert_eq!(
            clock_status(start, start, None, a_second_later, share("0.25")),
            Breached
        );
        assert_eq!(
            clock_status(start, start, Some(start), a_second_later, share("0.25")),
            Met
        );
    }

    #[test]
    fn a_clock_that_never_comes_due_only_runs() {
        let start = at("2026-11-03T10:00:00Z");
        let never = DateTime::<Utc>::MAX_UTC;
        let now = at("2999-01-01T00:00:00Z");
        assert_eq!(
            clock_status(start, never, None, now, share("0.25")),
            Running
        );
    }

    #[test]
    fn statuses_are_named_for_users() {
        let statuses = [Met, Breached, AtRisk, Running].map(ClockStatus::as_str);
        assert_eq!(statuses, ["met", "breached", "at-risk", "running"]);
    }

    /// At-risk threshold exactly on the boundary: 0.7 of a 10-hour span is 7 hours, and with
    /// exactly 7 hours left the clock is at risk (binary floating point said running).
    #[test]
    fn regression_at_risk_exactly_at_the_threshold() {
        let start = at("2026-11-03T00:00:00Z");
        let due = at("2026-11-03T10:00:00Z");
        let now = at("2026-11-03T03:00:00Z");
        assert_eq!(clock_status(start, due, None, now, share("0.7")), AtRisk);
        let a_nanosecond_early = now - TimeDelta::nanoseconds(1);
        assert_eq!(
            clock_status(start, due, None, a_nanosecond_early, share("0.7")),
            Running
        );
    }
}
