//! Time as the team lives it: the working calendar, SLA spans and report periods.
//!
//! This module sits below everything that reads or judges a time: [`parse`](crate::parse)
//! reads local timestamps with a [`Calendar`], [`config`](crate::config) builds one from
//! `closeloop.toml`, [`sla`](crate::sla) turns a start and an [`SlaSpan`] into a due time, and
//! [`report`](crate::report) covers a [`Period`]. It depends on nothing else in the crate, so
//! none of them depends on another through it.

mod exact;
mod moment;
mod period;
mod span;
mod workdays;

pub(crate) use exact::{Fraction, round_ratio};
pub(crate) use moment::Moment;
pub(crate) use period::Period;
pub(crate) use span::SlaSpan;
pub(crate) use workdays::Calendar;

use chrono::Weekday;

/// The default working week.
pub(crate) const MON_TO_FRI: [Weekday; 5] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
];
