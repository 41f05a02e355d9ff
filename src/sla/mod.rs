//! SLA clocks: when each promise to a developer comes due, and how it stands.
//!
//! Everything here is a pure function of timestamps, a [`Calendar`](crate::calendar::Calendar)
//! and a *now* passed in: [`Deadlines`] is the table of every clock's due time, built once per
//! run, [`clock_status`] judges a clock at a moment, [`Deadlines::clocks`] lists the clocks that
//! exist at a moment, and [`top_signals`] picks the items the review clock applies to.

mod clock;
mod deadlines;
mod humanize;
mod signals;

pub use crate::model::ClockKind;
pub use clock::{ClockStatus, clock_status, nanos};
pub use deadlines::{Clock, Deadlines, sort_by_urgency};
pub use humanize::human_duration;
pub use signals::top_signals;
