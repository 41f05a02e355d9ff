//! SLA clocks: when each promise to a developer comes due, and how it stands.
//!
//! Everything here is a pure function of timestamps, a [`Calendar`](crate::calendar::Calendar)
//! and a *now* passed in: [`Deadlines`] is the table of every clock's due time, built once per
//! run, [`clock_status`] judges a clock at a moment, [`Deadlines::clocks`] lists the clocks that
//! exist at a moment, and the top signals (`signals`) pick the items the review clock applies to.

mod clock;
mod deadlines;
mod humanize;
mod signals;

pub(crate) use crate::model::ClockKind;
pub(crate) use clock::{ClockStatus, clock_status, nanos};
pub(crate) use deadlines::{Clock, Deadlines, sort_by_urgency, urgency};
pub(crate) use humanize::human_duration;
#[cfg(test)]
pub(crate) use signals::top_signals;
