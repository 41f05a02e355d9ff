//! The five clocks of every item (SPEC §5), computed from the files alone:
//! nothing is stored, so a change to `[sla]` applies to every item at once.
//!
//! Clocks are computed *as of* a moment: a milestone after that moment has
//! not happened yet, and items received after it do not exist yet. That is
//! what lets a past weekly report stay the same when new files land.

use super::{ClockKind, ClockStatus, clock_status, top_signals};
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
    let top = top_signals(items, &config.signals, as_of);
    let known = |t: Option<Time>| t.filter(|t| *t <= as_of);
    let mut out = Vec::new();
    for item in items.iter().filter(|i| i.received <= as_of) {
        let decision = item.decision.as_ref().filter(|d| d.at <= as_of);
        let shipped = known(item.shipped.as_ref().map(|s| s.at));
        let closed = known(item.closed.as_ref().map(|c| c.at));
        let mut push = |kind: ClockKind, start: Time, stopped: Option<Time>| {
            let span = match kind {
                ClockKind::Distribute => config.sla.distribute,
                ClockKind::Acknowledge => config.sla.acknowledge,
                ClockKind::Review => config.sla.review,
                ClockKind::QuickWin => config.sla.quick_win,
                ClockKind::Close => config.sla.close,
            };
            let due = config.calendar.due(start, span);
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
        if top.contains(item.id.as_str()) {
            push(ClockKind::Review, item.received, known(item.review));
        }
        if let Some(d) = decision.filter(|d| d.outcome == Outcome::QuickWin) {
            push(ClockKind::QuickWin, d.at, shipped);
        }
        if let Some(at) = shipped {
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
