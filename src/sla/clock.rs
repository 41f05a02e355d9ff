//! The five SLA clocks of an item and how one of them stands at a given moment (SPEC §5).
//!
//! The status is a pure function of four instants and the at-risk share, with *now* passed
//! in, so a past report computed "as of the end of its week" never changes later.

use std::fmt;

use chrono::{DateTime, Utc};

use super::SlaSpan;

/// Which promise a clock tracks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ClockKind {
    /// From `received` to `distributed`.
    Distribute,
    /// From `received` to `acknowledged`.
    Acknowledge,
    /// From `received` to `review`, for top signals only.
    Review,
    /// From `decision.at` to `shipped.at`, for quick wins.
    QuickWin,
    /// From `shipped.at` to `closed.at`.
    Close,
}

impl ClockKind {
    /// Every clock, in the order of SPEC §5 (the order reports list them in).
    pub const ALL: [ClockKind; 5] = [
        ClockKind::Distribute,
        ClockKind::Acknowledge,
        ClockKind::Review,
        ClockKind::QuickWin,
        ClockKind::Close,
    ];

    /// The name shown to users and written in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            ClockKind::Distribute => "distribute",
            ClockKind::Acknowledge => "acknowledge",
            ClockKind::Review => "review",
            ClockKind::QuickWin => "quick-win",
            ClockKind::Close => "close",
        }
    }

    /// The key of this clock's span in the `[sla]` section of `closeloop.toml`.
    pub fn config_key(self) -> &'static str {
        match self {
            ClockKind::QuickWin => "quick_win",
            other => other.as_str(),
        }
    }

    /// The span used when `closeloop.toml` does not set one (SPEC §4).
    pub fn default_span(self) -> SlaSpan {
        match self {
            ClockKind::Distribute => SlaSpan::Hours(24),
            ClockKind::Acknowledge => SlaSpan::Hours(48),
            ClockKind::Review => SlaSpan::BusinessDays(5),
            ClockKind::QuickWin => SlaSpan::Days(14),
            ClockKind::Close => SlaSpan::BusinessDays(2),
        }
    }
}

impl fmt::Display for ClockKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

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
/// A stopped clock is judged by its stop alone, whatever `now` is. Durations are compared in
/// whole milliseconds, which `f64` holds exactly for spans up to 285 000 years.
pub fn clock_status(
    start: DateTime<Utc>,
    due: DateTime<Utc>,
    stopped: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    at_risk: f64,
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
    let left = (due - now).num_milliseconds() as f64;
    let span = (due - start).num_milliseconds() as f64;
    if left <= at_risk * span {
        ClockStatus::AtRisk
    } else {
        ClockStatus::Running
    }
}

#[cfg(test)]
mod tests {
    use super::ClockStatus::{AtRisk, Breached, Met, Running};
    use super::*;
    use chrono::TimeDelta;

    fn at(rfc3339: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(rfc3339)
            .expect(rfc3339)
            .to_utc()
    }

    /// A 48-hour clock: 12 hours (a quarter) before due is 2026-11-05T10:00Z.
    fn acknowledge_clock() -> (DateTime<Utc>, DateTime<Utc>) {
        (at("2026-11-03T10:00:00Z"), at("2026-11-05T10:00:00Z"))
    }

    #[test]
    fn a_stopped_clock_is_met_up_to_and_including_due() {
        let (start, due) = acknowledge_clock();
        let now = at("2026-12-01T00:00:00Z");
        let status = |stop: &str| clock_status(start, due, Some(at(stop)), now, 0.25);
        assert_eq!(status("2026-11-04T09:30:00Z"), Met);
        assert_eq!(
            status("2026-11-05T10:00:00Z"),
            Met,
            "stopped exactly at due"
        );
        assert_eq!(status("2026-11-05T10:00:01Z"), Breached);
        assert_eq!(status("2026-11-03T10:00:00Z"), Met, "stopped at the start");
    }

    #[test]
    fn a_stopped_clock_ignores_now() {
        let (start, due) = acknowledge_clock();
        let stop = Some(at("2026-11-04T00:00:00Z"));
        assert_eq!(
            clock_status(start, due, stop, at("2026-11-03T12:00:00Z"), 0.25),
            Met
        );
        let late = Some(at("2026-11-06T00:00:00Z"));
        assert_eq!(
            clock_status(start, due, late, at("2026-11-04T00:00:00Z"), 0.25),
            Breached
        );
    }

    #[test]
    fn a_running_clock_moves_from_running_to_at_risk_to_breached() {
        let (start, due) = acknowledge_clock();
        let status = |now: &str| clock_status(start, due, None, at(now), 0.25);
        assert_eq!(status("2026-11-03T10:00:00Z"), Running, "just started");
        assert_eq!(
            status("2026-11-04T21:59:59Z"),
            Running,
            "a second more than a quarter left"
        );
        assert_eq!(
            status("2026-11-04T22:00:00Z"),
            AtRisk,
            "exactly a quarter left"
        );
        assert_eq!(status("2026-11-05T09:00:00Z"), AtRisk);
        assert_eq!(status("2026-11-05T10:00:00Z"), AtRisk, "now exactly at due");
        assert_eq!(status("2026-11-05T10:00:00.001Z"), Breached);
    }

    #[test]
    fn the_at_risk_share_sets_the_threshold() {
        let (start, due) = acknowledge_clock();
        let now = at("2026-11-04T10:00:00Z"); // half left
        assert_eq!(clock_status(start, due, None, now, 0.5), AtRisk);
        assert_eq!(clock_status(start, due, None, now, 0.49), Running);
        assert_eq!(clock_status(start, due, None, now, 0.0), Running);
        assert_eq!(
            clock_status(start, due, None, due, 0.0),
            AtRisk,
            "nothing left is never more than 0"
        );
        assert_eq!(clock_status(start, due, None, start, 1.0), AtRisk);
    }

    #[test]
    fn a_zero_span_clock() {
        let start = at("2026-11-03T10:00:00Z");
        assert_eq!(clock_status(start, start, None, start, 0.25), AtRisk);
        assert_eq!(
            clock_status(start, start, None, start + TimeDelta::seconds(1), 0.25),
            Breached
        );
        assert_eq!(clock_status(start, start, Some(start), start, 0.25), Met);
    }

    #[test]
    fn a_clock_that_never_comes_due_only_runs() {
        let start = at("2026-11-03T10:00:00Z");
        let never = DateTime::<Utc>::MAX_UTC;
        assert_eq!(
            clock_status(start, never, None, at("2999-01-01T00:00:00Z"), 0.25),
            Running
        );
    }

    #[test]
    fn kinds_are_named_for_users_and_for_the_config() {
        let names: Vec<_> = ClockKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(
            names,
            ["distribute", "acknowledge", "review", "quick-win", "close"]
        );
        let keys: Vec<_> = ClockKind::ALL.iter().map(|k| k.config_key()).collect();
        assert_eq!(
            keys,
            ["distribute", "acknowledge", "review", "quick_win", "close"]
        );
        let spans: Vec<_> = ClockKind::ALL
            .iter()
            .map(|k| k.default_span().to_string())
            .collect();
        assert_eq!(spans, ["24h", "48h", "5bd", "14d", "2bd"]);
        let statuses = [Met, Breached, AtRisk, Running].map(|s| s.to_string());
        assert_eq!(statuses, ["met", "breached", "at-risk", "running"]);
    }
}
