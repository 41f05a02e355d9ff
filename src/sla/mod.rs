//! SLA clocks: when each promise to a developer comes due, and how it stands.
//!
//! Everything here is a pure function of timestamps, a [`Calendar`] and a
//! *now* passed in: [`SlaSpan`] is the configured length of a clock,
//! [`Calendar::due`] turns a start and a span into a deadline,
//! [`clock_status`] judges a clock at a moment, [`clocks`] lists every
//! item's clocks, [`top_signals`] picks the items the review clock applies
//! to, and [`Period`] names the weeks and quarters that reports cover.

mod calendar;
mod clock;
mod deadlines;
mod humanize;
mod period;
mod signals;
mod span;

pub use calendar::Calendar;
pub use clock::{ClockKind, ClockStatus, clock_status};
pub use deadlines::{Clock, Deadlines, clocks, sort_by_urgency};
pub use humanize::human_duration;
pub use period::Period;
pub use signals::top_signals;
pub use span::SlaSpan;

use chrono::Weekday;

/// The default working week.
pub const MON_TO_FRI: [Weekday; 5] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
];
