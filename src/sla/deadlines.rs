//! The deadline table: the due time of every clock of every item (SPEC §5), computed once.
//!
//! A due time depends on its start, the span and the calendar, never on the moment a figure
//! is computed at, so one table serves the SLA warnings of `validate`, `closeloop sla`, every
//! weekly and quarterly report and the site. Which clocks *exist* does depend on the moment:
//! a milestone after it has not happened yet, an item received after it does not exist yet,
//! and the review clock applies to the top signals of that moment. [`Deadlines::clocks`]
//! answers that question for one moment from the table. That is what lets a past weekly
//! report stay the same when new files land.

use super::signals::top_signal_flags;
use super::{ClockStatus, clock_status};
use crate::calendar::Moment;
use crate::config::{Config, SignalsConfig, SlaConfig};
use crate::model::{ClockKind, Item, PerClock, Time, Tracked};

/// One deadline of one item, as it stands at some moment. The item is the full [`Item`]
/// except in `validate`, which keeps a compact [`Record`](crate::model::Record) of each.
#[derive(Debug, Clone)]
pub struct Clock<'a, I = Item> {
    pub item: &'a I,
    pub kind: ClockKind,
    pub start: Time,
    pub due: Time,
    /// When the clock stopped, if it had by the as-of moment.
    pub stopped: Option<Time>,
    pub status: ClockStatus,
}

impl<I> Clock<'_, I> {
    /// The key whose time stops this clock: where a warning points.
    pub fn stop_key(&self) -> &'static str {
        self.kind.stop_key()
    }
}

/// The due times of every item's clocks, in the order of the items the table was built from.
#[derive(Debug, Clone)]
pub struct Deadlines {
    /// Per item, indexed by [`ClockKind::index`]: `None` where the clock can never run (no
    /// quick-win decision, nothing shipped).
    dues: Vec<PerClock<Option<Time>>>,
    sla: SlaConfig,
    signals: SignalsConfig,
}

impl Deadlines {
    /// Computes every due time of `items`; business days are the expensive part, so this
    /// runs on every core.
    pub fn new<I: Tracked + Sync>(items: &[I], config: &Config) -> Deadlines {
        use rayon::prelude::*;
        let due = |kind: ClockKind, start: Option<Time>| {
            start.map(|start| config.calendar.due(start, config.sla.span(kind)))
        };
        let dues = items
            .par_iter()
            .map(|item| ClockKind::ALL.map(|kind| due(kind, start_of(item, kind))))
            .collect();
        Deadlines {
            dues,
            sla: config.sla,
            signals: config.signals,
        }
    }

    /// How many items the table covers.
    pub fn len(&self) -> usize {
        self.dues.len()
    }

    /// Whether the table covers no item.
    pub fn is_empty(&self) -> bool {
        self.dues.is_empty()
    }

    /// Every clock of every item received by `as_of`, in item order, as it stands at
    /// `as_of` (what has happened by then follows [`Moment::happened`]); with `due_in`, only
    /// those due in `[start, end)`. `items` are the items the table was built from.
    pub fn clocks<'a, I: Tracked>(
        &self,
        items: &'a [I],
        as_of: Moment,
        due_in: Option<(Time, Time)>,
    ) -> Vec<Clock<'a, I>> {
        let mut out = Vec::new();
        self.each_clock(items, as_of, due_in, |_, clock| out.push(clock));
        out
    }

    /// [`Deadlines::clocks`] one at a time, with the index of its item in `items`, without
    /// holding the list (a million items have several million clocks).
    pub fn each_clock<'a, I: Tracked>(
        &self,
        items: &'a [I],
        as_of: Moment,
        due_in: Option<(Time, Time)>,
        mut visit: impl FnMut(usize, Clock<'a, I>),
    ) {
        assert_eq!(
            items.len(),
            self.dues.len(),
            "a deadline table answers for the items it was built from"
        );
        let top = top_signal_flags(items, &self.signals, as_of);
        for (index, ((item, dues), top)) in items.iter().zip(&self.dues).zip(top).enumerate() {
            if !as_of.happened(item.received()) {
                continue;
            }
            for kind in ClockKind::ALL {
                if kind == ClockKind::Review && !top {
                    continue;
                }
                let Some(clock) = self.clock(item, dues, kind, as_of) else {
                    continue;
                };
                if due_in.is_some_and(|(from, to)| clock.due < from || clock.due >= to) {
                    continue;
                }
                visit(index, clock);
            }
        }
    }

    /// The clock of `kind` of `items[index]` as it stands at `as_of`, if it has started
    /// (top signals aside: the caller knows the review clock applies).
    pub fn clock_of<'a, I: Tracked>(
        &self,
        items: &'a [I],
        index: usize,
        kind: ClockKind,
        as_of: Moment,
    ) -> Option<Clock<'a, I>> {
        self.clock(items.get(index)?, self.dues.get(index)?, kind, as_of)
    }

    fn clock<'a, I: Tracked>(
        &self,
        item: &'a I,
        dues: &PerClock<Option<Time>>,
        kind: ClockKind,
        as_of: Moment,
    ) -> Option<Clock<'a, I>> {
        let known = |t: Option<Time>| t.filter(|t| as_of.happened(*t));
        let (Some(start), Some(due)) = (known(start_of(item, kind)), dues[kind.index()]) else {
            return None;
        };
        let stopped = known(stop_of(item, kind));
        Some(Clock {
            item,
            kind,
            start,
            due,
            stopped,
            status: clock_status(start, due, stopped, as_of.instant(), self.sla.at_risk),
        })
    }
}

/// When a clock of `kind` starts for `item`, if it applies at all (top signals aside).
fn start_of(item: &impl Tracked, kind: ClockKind) -> Option<Time> {
    match kind {
        ClockKind::Distribute | ClockKind::Acknowledge | ClockKind::Review => Some(item.received()),
        ClockKind::QuickWin => item.quick_win_at(),
        // A duplicate's close clock starts with its original's change.
        ClockKind::Close => item.close_clock_start(),
    }
}

/// The milestone that stops a clock of `kind`.
fn stop_of(item: &impl Tracked, kind: ClockKind) -> Option<Time> {
    match kind {
        ClockKind::Distribute => item.distributed(),
        ClockKind::Acknowledge => item.acknowledged(),
        ClockKind::Review => item.review(),
        ClockKind::QuickWin => item.shipped_at(),
        ClockKind::Close => item.closed_at(),
    }
}

/// The rank of a status in urgency order: breached, at-risk, running, met.
pub(crate) fn urgency(s: ClockStatus) -> u8 {
    match s {
        ClockStatus::Breached => 0,
        ClockStatus::AtRisk => 1,
        ClockStatus::Running => 2,
        ClockStatus::Met => 3,
    }
}

/// Urgency order: breached, at-risk, running, met; then by due, item, clock.
pub(crate) fn sort_by_urgency(clocks: &mut [Clock]) {
    let rank = urgency;
    clocks.sort_by(|a, b| {
        (rank(a.status), a.due, &a.item.id, a.kind).cmp(&(
            rank(b.status),
            b.due,
            &b.item.id,
            b.kind,
        ))
    });
}
