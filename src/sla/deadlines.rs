//! The five clocks of every item (SPEC §5), computed from the files alone:
//! nothing is stored, so a change to `[sla]` applies to every item at once.
//!
//! Clocks are computed *as of* a moment: a milestone after that moment has
//! not happened yet, and items received after it do not exist yet. That is
//! what lets a past weekly report stay the same when new files land.

use super::signals::top_signal_flags;
use super::{ClockKind, ClockStatus, clock_status};
use crate::config::Config;
use crate::model::{Item, Outcome, Time};

/// One deadline of one item.
#[derive(Debug, Clone)]
pub struct Clock<'a> {
    pub item: &'a Item,
    pub kind: ClockKind,
    pub start: Time,
    pub due: Time,
    /// When the clock stopped, if it had by the as-of moment.
    pub stopped: Option<Time>,
    pub status: ClockStatus,
}

impl Clock<'_> {
    /// The key whose time stops this clock: where a warning points.
    pub fn stop_key(&self) -> &'static str {
        match self.kind {
            ClockKind::Distribute => "distributed",
            ClockKind::Acknowledge => "acknowledged",
            ClockKind::Review => "review",
            ClockKind::QuickWin => "shipped",
            ClockKind::Close => "closed",
        }
    }
}

/// Every clock of every item received by `as_of`, in item order.
pub fn clocks<'a>(items: &'a [Item], config: &Config, as_of: Time) -> Vec<Clock<'a>> {
    clocks_with(items, config, as_of, None, |_, kind, start| {
        config.calendar.due(start, span_of(config, kind))
    })
}

fn span_of(config: &Config, kind: ClockKind) -> super::SlaSpan {
    match kind {
        ClockKind::Distribute => config.sla.distribute,
        ClockKind::Acknowledge => config.sla.acknowledge,
        ClockKind::Review => config.sla.review,
        ClockKind::QuickWin => config.sla.quick_win,
        ClockKind::Close => config.sla.close,
    }
}

/// The due times of every item's clocks, computed once: a due time
/// depends on its start and the calendar, never on the as-of moment, so
/// the site's many weekly reports share them instead of redoing the
/// business-day arithmetic for every week.
pub struct Deadlines<'a> {
    pub items: &'a [Item],
    pub config: &'a Config,
    /// Per item: distribute, acknowledge and review (from `received`),
    /// quick-win (from the decision) and close (from shipping, or for a
    /// duplicate from its original's change).
    dues: Vec<[Option<Time>; 5]>,
}

impl<'a> Deadlines<'a> {
    pub fn new(items: &'a [Item], config: &'a Config) -> Deadlines<'a> {
        use rayon::prelude::*;
        let due = |start: Time, kind: ClockKind| config.calendar.due(start, span_of(config, kind));
        let dues = items
            .par_iter()
            .map(|item| {
                let decided = item
                    .decision
                    .as_ref()
                    .filter(|d| d.outcome == Outcome::QuickWin);
                [
                    Some(due(item.received, ClockKind::Distribute)),
                    Some(due(item.received, ClockKind::Acknowledge)),
                    Some(due(item.received, ClockKind::Review)),
                    decided.map(|d| due(d.at, ClockKind::QuickWin)),
                    item.close_clock_start().map(|at| due(at, ClockKind::Close)),
                ]
            })
            .collect();
        Deadlines {
            items,
            config,
            dues,
        }
    }

    /// The same clocks as [`clocks`], from the precomputed due times; with
    /// `due_in`, only those due in `[start, end)`.
    pub fn clocks(&self, as_of: Time, due_in: Option<(Time, Time)>) -> Vec<Clock<'a>> {
        clocks_with(
            self.items,
            self.config,
            as_of,
            due_in,
            |index, kind, start| {
                let slot = match kind {
                    ClockKind::Distribute => 0,
                    ClockKind::Acknowledge => 1,
                    ClockKind::Review => 2,
                    ClockKind::QuickWin => 3,
                    ClockKind::Close => 4,
                };
                self.dues[index][slot]
                    .unwrap_or_else(|| self.config.calendar.due(start, span_of(self.config, kind)))
            },
        )
    }
}

fn clocks_with<'a>(
    items: &'a [Item],
    config: &Config,
    as_of: Time,
    due_in: Option<(Time, Time)>,
    due_of: impl Fn(usize, ClockKind, Time) -> Time,
) -> Vec<Clock<'a>> {
    let top = top_signal_flags(items, &config.signals, as_of);
    let known = |t: Option<Time>| t.filter(|t| *t <= as_of);
    let mut out = Vec::new();
    for (index, item) in items.iter().enumerate() {
        if item.received > as_of {
            continue;
        }
        let decision = item.decision.as_ref().filter(|d| d.at <= as_of);
        let shipped = known(item.shipped.as_ref().map(|s| s.at));
        let closed = known(item.closed.as_ref().map(|c| c.at));
        let mut push = |kind: ClockKind, start: Time, stopped: Option<Time>| {
            let due = due_of(index, kind, start);
            if due_in.is_some_and(|(from, to)| due < from || due >= to) {
                return;
            }
            let status = clock_status(start, due, stopped, as_of, config.sla.at_risk);
            out.push(Clock {
                item,
                kind,
                start,
                due,
                stopped,
                status,
            });
        };
        push(
            ClockKind::Distribute,
            item.received,
            known(item.distributed),
        );
        push(
            ClockKind::Acknowledge,
            item.received,
            known(item.acknowledged),
        );
        if top[index] {
            push(ClockKind::Review, item.received, known(item.review));
        }
        if let Some(d) = decision.filter(|d| d.outcome == Outcome::QuickWin) {
            push(ClockKind::QuickWin, d.at, shipped);
        }
        // A duplicate's close clock starts with its original's change.
        if let Some(at) = known(item.close_clock_start()) {
            push(ClockKind::Close, at, closed);
        }
    }
    out
}

/// Urgency order: breached, at-risk, running, met; then by due, item, clock.
pub fn sort_by_urgency(clocks: &mut [Clock]) {
    let rank = |s: ClockStatus| match s {
        ClockStatus::Breached => 0,
        ClockStatus::AtRisk => 1,
        ClockStatus::Running => 2,
        ClockStatus::Met => 3,
    };
    clocks.sort_by(|a, b| {
        (rank(a.status), a.due, &a.item.id, a.kind as u8).cmp(&(
            rank(b.status),
            b.due,
            &b.item.id,
            b.kind as u8,
        ))
    });
}
