//! The to-do list (SPEC §11): every next action of every item, soonest due
//! first, with the draft that writes its message.
//!
//! Five actions are running SLA clocks and take the clock's due time and
//! status as they are: `distribute`, `acknowledge`, `review`, `ship` (a
//! running quick win) and `close` (shipped, loop not closed). Three have no
//! clock, so closeloop sets a *target* for them, from spans the team
//! already configured, and never counts them in any SLA figure:
//!
//! - `decide`: acknowledged, no decision yet — due one `review` span
//!   (5 business days) after the acknowledgement: the live-review cadence,
//!   and the date the acknowledgement draft promises an answer by. Praise
//!   (`dx-delight`) needs no decision: its loop ends at the thank-you.
//! - `close` of a `not-prioritized` decision (the loop is closed by
//!   explaining why) — due one `close` span after the decision.
//! - `follow-up`: closed without a follow-up quote — due one `close` span
//!   after closing: ask while the change is fresh.
//!
//! A target's status uses the clock rule with the same at-risk share, under
//! its own names (`overdue`, `due-soon`, `on-track`), so that nobody reads a
//! missed target as a missed SLA.

use crate::calendar::SlaSpan;
use crate::config::Config;
use crate::drafts::DraftKind;
use crate::model::{Item, Outcome, State, Tag, Time};
use crate::sla::{Clock, ClockKind, ClockStatus, Deadlines, clock_status};

/// What the team must do next for an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    Distribute,
    Acknowledge,
    Review,
    Decide,
    Ship,
    Close,
    FollowUp,
}

impl Action {
    pub const ALL: [Action; 7] = [
        Action::Distribute,
        Action::Acknowledge,
        Action::Review,
        Action::Decide,
        Action::Ship,
        Action::Close,
        Action::FollowUp,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Distribute => "distribute",
            Action::Acknowledge => "acknowledge",
            Action::Review => "review",
            Action::Decide => "decide",
            Action::Ship => "ship",
            Action::Close => "close",
            Action::FollowUp => "follow-up",
        }
    }

    /// What to do, in a few words, for tables and pages.
    pub fn describe(self) -> &'static str {
        match self {
            Action::Distribute => "post the anonymized summary, tag the owner",
            Action::Acknowledge => "thank the developer, say who is looking at it",
            Action::Review => "schedule the live review with the owning squad",
            Action::Decide => "decide, with the reasoning",
            Action::Ship => "ship the quick win",
            Action::Close => "tell the developer first, close the loop",
            Action::FollowUp => "ask for a follow-up quote",
        }
    }
}

/// One entry of the to-do list.
#[derive(Debug, Clone)]
pub struct ToDo<'a> {
    pub action: Action,
    pub item: &'a Item,
    pub owner: Option<&'a str>,
    /// When the clock or target started.
    pub start: Time,
    pub due: Time,
    /// The SLA clock behind this action; `None` for a target.
    pub clock: Option<ClockKind>,
    pub status: ClockStatus,
    /// The draft that writes this action's message.
    pub draft: DraftKind,
}

impl ToDo<'_> {
    /// The status as shown: the clock's own name, or a target's.
    pub fn status_name(&self) -> &'static str {
        match (self.clock, self.status) {
            (Some(_), s) => s.as_str(),
            (None, ClockStatus::Breached) => "overdue",
            (None, ClockStatus::AtRisk) => "due-soon",
            (None, _) => "on-track",
        }
    }

    pub fn is_overdue(&self, now: Time) -> bool {
        now > self.due
    }

    /// `closeloop draft KIND ID`.
    pub fn draft_command(&self) -> String {
        format!("closeloop draft {} {}", self.draft.as_str(), self.item.id)
    }
}

/// Every next action of `items` as of `now`, soonest due first (then by
/// item id and action). `items` are the checked items (none with errors) and
/// `deadlines` their deadline table.
pub(crate) fn todo<'a>(
    items: &'a [Item],
    deadlines: &Deadlines,
    config: &'a Config,
    now: Time,
) -> Vec<ToDo<'a>> {
    // Only the running clocks are actions: the stopped ones (most of a large repository's)
    // are never gathered.
    let mut open = Vec::new();
    deadlines.each_clock(items, crate::calendar::Moment::Now(now), None, |_, c| {
        if c.stopped.is_none() {
            open.push(c);
        }
    });
    todo_from(&open, items, config, now)
}

/// [`todo`](fn@todo) from clocks already computed as of `now` (the site has them).
pub(crate) fn todo_from<'a>(
    clocks: &[Clock<'a>],
    items: &'a [Item],
    config: &'a Config,
    now: Time,
) -> Vec<ToDo<'a>> {
    let mut list = Vec::new();
    for clock in clocks {
        if clock.stopped.is_some() {
            continue;
        }
        let (action, draft) = match clock.kind {
            ClockKind::Distribute => (Action::Distribute, DraftKind::Digest),
            ClockKind::Acknowledge => (Action::Acknowledge, DraftKind::Ack),
            ClockKind::Review => (Action::Review, DraftKind::Digest),
            ClockKind::QuickWin => (Action::Ship, DraftKind::Close),
            // A duplicate of a `not-prioritized` original closes by
            // explaining the decision; otherwise by telling what shipped.
            ClockKind::Close if clock.item.changed_at().is_none() => {
                (Action::Close, DraftKind::Decision)
            }
            ClockKind::Close => (Action::Close, DraftKind::Close),
        };
        list.push(ToDo {
            action,
            item: clock.item,
            owner: config.owners.of(clock.item),
            start: clock.start,
            due: clock.due,
            clock: Some(clock.kind),
            status: clock.status,
            draft,
        });
    }
    for item in items.iter().filter(|i| i.received <= now) {
        for (action, start, span, draft) in targets(item, config) {
            let due = config.calendar.due(start, span);
            list.push(ToDo {
                action,
                item,
                owner: config.owners.of(item),
                start,
                due,
                clock: None,
                status: clock_status(start, due, None, now, config.sla.at_risk),
                draft,
            });
        }
    }
    list.sort_by(|a, b| (a.due, &a.item.id, a.action).cmp(&(b.due, &b.item.id, b.action)));
    list
}

/// The actions of an item that no SLA clock covers: (action, start, span,
/// draft). See the module documentation for why these spans.
pub(crate) fn targets(item: &Item, config: &Config) -> Vec<(Action, Time, SlaSpan, DraftKind)> {
    let mut out = Vec::new();
    // A duplicate follows its original's decision (SPEC §12): nothing to
    // decide on its own.
    if let (State::Acknowledged, Some(at)) = (item.state, item.acknowledged)
        && item.tag != Tag::DxDelight
        && item.duplicate_of.is_none()
    {
        out.push((
            Action::Decide,
            at,
            config.sla.span(ClockKind::Review),
            DraftKind::Decision,
        ));
    }
    if let Some(d) = &item.decision
        && d.outcome == Outcome::NotPrioritized
        && item.closed.is_none()
    {
        out.push((
            Action::Close,
            d.at,
            config.sla.span(ClockKind::Close),
            DraftKind::Decision,
        ));
    }
    if let Some(closed) = &item.closed
        && closed.followup.is_none()
    {
        let draft = if item.changed_at().is_some() {
            DraftKind::Close
        } else {
            DraftKind::Decision
        };
        out.push((
            Action::FollowUp,
            closed.at,
            config.sla.span(ClockKind::Close),
            draft,
        ));
    }
    out
}

/// Keeps the entries owned by `owner` (case-insensitive; a leading `@` on
/// either side is optional) and those due by `until`.
pub(crate) fn filter(list: &mut Vec<ToDo>, owner: Option<&str>, until: Option<Time>) {
    let bare = |s: &str| s.trim_start_matches('@').to_lowercase();
    if let Some(owner) = owner {
        let want = bare(owner);
        list.retain(|t| t.owner.is_some_and(|o| bare(o) == want));
    }
    if let Some(until) = until {
        list.retain(|t| t.due <= until);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Closed, Decision, Shipped, test_item};

    fn t(s: &str) -> Time {
        s.parse().unwrap()
    }

    #[test]
    fn a_new_item_must_be_distributed_and_acknowledged() {
        let config = Config::default();
        let items = [test_item("a", "2026-11-26T08:00:00Z")];
        let list = todo(
            &items,
            &Deadlines::new(&items, &config),
            &config,
            t("2026-11-26T12:00:00Z"),
        );
        let got: Vec<_> = list.iter().map(|t| (t.action, t.status_name())).collect();
        assert_eq!(
            got,
            [
                (Action::Distribute, "running"),
                (Action::Acknowledge, "running"),
                (Action::Review, "running")
            ]
        );
        assert_eq!(list[0].due, t("2026-11-27T08:00:00Z"));
        assert_eq!(list[0].draft_command(), "closeloop draft digest a");
    }

    #[test]
    fn targets_for_decide_not_prioritized_and_follow_up() {
        let config = Config::default();
        let mut item = test_item("a", "2026-11-02T08:00:00Z");
        item.state = State::Acknowledged;
        item.distributed = Some(t("2026-11-02T09:00:00Z"));
        // Friday 09:00 + 5bd = the next Friday 09:00.
        item.acknowledged = Some(t("2026-11-06T09:00:00Z"));
        let got = targets(&item, &config);
        assert_eq!(got.len(), 1);
        assert_eq!(
            config.calendar.due(got[0].1, got[0].2),
            t("2026-11-13T09:00:00Z")
        );

        item.state = State::Closed;
        item.decision = Some(Decision {
            outcome: Outcome::NotPrioritized,
            at: t("2026-11-10T09:00:00Z"),
            reason: "Not now.".into(),
            roadmap: None,
        });
        item.closed = Some(Closed {
            at: t("2026-11-11T09:00:00Z"),
            followup: None,
            satisfaction: None,
        });
        let got = targets(&item, &config);
        assert_eq!(got.len(), 1);
        assert_eq!(
            (got[0].0, got[0].3),
            (Action::FollowUp, DraftKind::Decision)
        );

        item.shipped = Some(Shipped {
            at: t("2026-11-10T10:00:00Z"),
            release: Some("v1".into()),
            pr: None,
            impact: None,
            summary: None,
        });
        item.closed.as_mut().unwrap().followup = Some("Great.".into());
        assert!(targets(&item, &config).is_empty());
    }

    #[test]
    fn praise_and_duplicates_need_no_decision() {
        let config = Config::default();
        let mut item = test_item("a", "2026-11-02T08:00:00Z");
        item.state = State::Acknowledged;
        item.distributed = Some(t("2026-11-02T09:00:00Z"));
        item.acknowledged = Some(t("2026-11-02T10:00:00Z"));
        assert_eq!(targets(&item, &config).len(), 1);
        item.duplicate_of = Some("b".into());
        assert!(targets(&item, &config).is_empty());
        item.duplicate_of = None;
        item.tag = Tag::DxDelight;
        assert!(targets(&item, &config).is_empty());
    }

    #[test]
    fn targets_have_their_own_status_names() {
        let config = Config::default();
        let mut item = test_item("a", "2026-11-02T08:00:00Z");
        item.state = State::Acknowledged;
        item.distributed = Some(t("2026-11-02T09:00:00Z"));
        item.acknowledged = Some(t("2026-11-02T10:00:00Z"));
        let items = [item];
        let late = todo(
            &items,
            &Deadlines::new(&items, &config),
            &config,
            t("2026-11-20T00:00:00Z"),
        );
        let decide = late.iter().find(|t| t.action == Action::Decide).unwrap();
        assert_eq!((decide.clock, decide.status_name()), (None, "overdue"));
    }

    #[test]
    fn filter_by_owner_and_due_time() {
        let config = Config {
            owners: crate::owners::Owners::new([("sdk", "@sdk-squad")]),
            ..Config::default()
        };
        let items = [test_item("a", "2026-11-26T08:00:00Z")];
        let now = t("2026-11-26T12:00:00Z");
        let mut list = todo(&items, &Deadlines::new(&items, &config), &config, now);
        filter(&mut list, Some("SDK-squad"), None);
        assert_eq!(list.len(), 3);
        // Due exactly at the limit is within it.
        filter(&mut list, None, Some(t("2026-11-27T08:00:00Z")));
        assert_eq!(list.len(), 1);
        filter(&mut list, Some("docs"), None);
        assert!(list.is_empty());
    }
}
