//! The domain: feedback items, their lifecycle and roadmap items. Plain
//! data, no I/O; everything here is already checked.

#[macro_use]
mod keyword;
mod clock;
mod duplicates;
mod record;

pub(crate) use clock::{ClockKind, PerClock};
pub(crate) use duplicates::{DuplicateReport, Original, link_duplicates};
pub(crate) use keyword::Keyword;
pub(crate) use record::{Record, Tracked};

use crate::source::Pos;
use chrono::{DateTime, Utc};

pub(crate) type Time = DateTime<Utc>;

keyword! {
    /// The five kinds of feedback.
    pub enum Tag {
        DxFriction = "dx-friction",
        MissingCapability = "missing-capability",
        DocumentationGap = "documentation-gap",
        DxDelight = "dx-delight",
        StrategicInsight = "strategic-insight",
    }
}

impl Tag {
    /// Frictions are what the weekly report's "top frictions" list ranks.
    pub fn is_friction(self) -> bool {
        matches!(
            self,
            Tag::DxFriction | Tag::MissingCapability | Tag::DocumentationGap
        )
    }
}

keyword! {
    pub enum Severity {
        Low = "low",
        Medium = "medium",
        High = "high",
        Critical = "critical",
    }
}

impl Severity {
    /// The weight in the signal score (SPEC §5).
    pub fn weight(self) -> u64 {
        match self {
            Severity::Low => 1,
            Severity::Medium => 2,
            Severity::High => 3,
            Severity::Critical => 4,
        }
    }
}

keyword! {
    /// What the developer allowed us to publish (SPEC §7).
    pub enum Credit {
        Public = "public",
        Anonymous = "anonymous",
        Private = "private",
    }
}

keyword! {
    /// Lifecycle milestones, in order: each state includes the ones before.
    pub enum State {
        Captured = "captured",
        Distributed = "distributed",
        Acknowledged = "acknowledged",
        Decided = "decided",
        Shipped = "shipped",
        Closed = "closed",
    }
}

keyword! {
    pub enum Outcome {
        QuickWin = "quick-win",
        Planned = "planned",
        NeedsResearch = "needs-research",
        NotPrioritized = "not-prioritized",
    }
}

impl Outcome {
    /// Only changes we committed to can ship.
    pub fn can_ship(self) -> bool {
        matches!(self, Outcome::QuickWin | Outcome::Planned)
    }
}

keyword! {
    pub enum RoadmapStatus {
        Planned = "planned",
        InProgress = "in-progress",
        Shipped = "shipped",
        Dropped = "dropped",
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Developer {
    pub handle: String,
    pub credit: Credit,
    pub channel: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub outcome: Outcome,
    pub at: Time,
    /// Markdown.
    pub reason: String,
    pub roadmap: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Shipped {
    pub at: Time,
    pub release: Option<String>,
    pub pr: Option<String>,
    /// Markdown.
    pub impact: Option<String>,
    /// Plain text: the one-line release note of what changed (SPEC §13).
    pub summary: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Closed {
    pub at: Time,
    pub followup: Option<String>,
    pub satisfaction: Option<u8>,
}

/// A feedback item that passed the schema checks.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: String,
    /// Path relative to the repository root, `/`-separated.
    pub file: String,
    pub title: String,
    pub received: Time,
    pub developer: Developer,
    pub quote: String,
    pub area: String,
    pub tag: Tag,
    pub severity: Severity,
    pub frequency: u32,
    pub strategic: bool,
    /// Off the public site until shipped (security reports, SPEC §13).
    pub embargo: bool,
    pub jtbd: Option<String>,
    pub owner: Option<String>,
    /// `links:` by name, in name order (a list: most items have one or two).
    pub links: Vec<(String, String)>,
    pub state: State,
    pub distributed: Option<Time>,
    pub acknowledged: Option<Time>,
    pub review: Option<Time>,
    pub decision: Option<Decision>,
    pub shipped: Option<Shipped>,
    pub closed: Option<Closed>,
    /// `duplicate_of:`: the id of the feedback item this one reports again
    /// (SPEC §12). A duplicate follows its original's decision and ship.
    pub duplicate_of: Option<String>,
    /// As an original: its duplicates that passed the checks, by
    /// (received, id). Filled by [`link_duplicates`].
    pub duplicates: Vec<DuplicateReport>,
    /// As a duplicate: what it follows of its original, if the original
    /// passed the checks. Filled by [`link_duplicates`].
    pub original: Option<Original>,
    /// Internal notes, Markdown. Never public.
    pub body: String,
    /// Where the keys its diagnostics point at stand in the file.
    pub keys: Anchors,
}

impl Item {
    /// Whether this item reports again what another item holds.
    pub fn is_duplicate(&self) -> bool {
        self.duplicate_of.is_some()
    }

    /// When the duplicates of this item may close their loop: once it
    /// shipped, or once it was decided `not-prioritized` (SPEC §12).
    pub fn duplicates_close_from(&self) -> Option<Time> {
        duplicates_close_from(
            self.state,
            self.decision.as_ref().map(|d| (d.outcome, d.at)),
            self.shipped.as_ref().map(|s| s.at),
        )
    }

    /// When its `close` clock starts: when it shipped; for a duplicate, when
    /// its original shipped (or was decided `not-prioritized`), or its own
    /// `received` if it arrived after that.
    pub fn close_clock_start(&self) -> Option<Time> {
        if self.is_duplicate() {
            let from = self.original.as_ref()?.close_from?;
            Some(from.max(self.received))
        } else {
            self.shipped.as_ref().map(|s| s.at)
        }
    }

    /// When the change it asked for shipped: its own ship, or for a
    /// duplicate its original's.
    pub fn changed_at(&self) -> Option<Time> {
        match &self.original {
            Some(o) => o.shipped_at,
            None => self.shipped.as_ref().map(|s| s.at),
        }
    }

    /// How many developers reported it: its own `frequency` plus that of
    /// every duplicate (SPEC §12).
    pub fn signal_frequency(&self) -> u64 {
        self.signal_frequency_by(|_| true)
    }

    /// [`Item::signal_frequency`] as of a moment: only the duplicates whose
    /// `received` has `happened` by then count, so a past report does not
    /// change when a later duplicate lands.
    pub fn signal_frequency_by(&self, happened: impl Fn(Time) -> bool) -> u64 {
        let merged: u64 = self
            .duplicates
            .iter()
            .filter(|d| happened(d.received))
            .map(|d| u64::from(d.frequency))
            .sum();
        u64::from(self.frequency) + merged
    }

    /// How many reports (item files) it stands for: itself and its
    /// duplicates.
    pub fn reports(&self) -> usize {
        self.reports_by(|_| true)
    }

    /// [`Item::reports`] as of a moment (see [`Item::signal_frequency_by`]).
    pub fn reports_by(&self, happened: impl Fn(Time) -> bool) -> usize {
        1 + self
            .duplicates
            .iter()
            .filter(|d| happened(d.received))
            .count()
    }

    /// The signal score of SPEC §5, with the duplicates' frequency added.
    pub fn score(&self) -> u64 {
        self.score_by(|_| true)
    }

    /// [`Item::score`] as of a moment (see [`Item::signal_frequency_by`]).
    pub fn score_by(&self, happened: impl Fn(Time) -> bool) -> u64 {
        let boost = if self.strategic || self.tag == Tag::StrategicInsight {
            2
        } else {
            1
        };
        self.severity.weight() * self.signal_frequency_by(happened) * boost
    }
}

/// When an original's duplicates may close, from its state, decision
/// (outcome and time) and ship time: the ship, else a `not-prioritized`
/// decision, each only once the state has reached it.
pub(crate) fn duplicates_close_from(
    state: State,
    decision: Option<(Outcome, Time)>,
    shipped_at: Option<Time>,
) -> Option<Time> {
    match (decision, shipped_at) {
        (_, Some(at)) if state >= State::Shipped => Some(at),
        (Some((Outcome::NotPrioritized, at)), _) if state >= State::Decided => Some(at),
        _ => None,
    }
}

/// A roadmap item (`roadmap/<id>.md`).
#[derive(Debug, Clone, PartialEq)]
pub struct RoadmapItem {
    pub id: String,
    pub file: String,
    pub title: String,
    pub status: RoadmapStatus,
    pub added: Time,
    /// Where `added:` is written, for a diagnostic about it.
    pub added_pos: Pos,
    pub quarter: Option<String>,
    pub body: String,
}

/// The keys a checked [`Item`] keeps the position of: its diagnostics are SLA warnings, at
/// `state:` or at the milestone that stopped the clock ([`ClockKind::stop_key`]).
pub(crate) const CHECKED_ITEM_KEYS: [&str; 6] = [
    "state",
    "distributed",
    "acknowledged",
    "review",
    "shipped",
    "closed",
];

/// Where a checked item's [`CHECKED_ITEM_KEYS`] stand in its file, as (line, column), `(0, 0)`
/// for a key the file does not have: no allocation, since every item of the repository
/// keeps one.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Anchors([(u32, u32); CHECKED_ITEM_KEYS.len()]);

impl Anchors {
    /// The anchors of a file whose every key position is `keys`.
    pub fn of(keys: &KeyPositions) -> Anchors {
        Anchors(CHECKED_ITEM_KEYS.map(|key| {
            keys.get(key).map_or((0, 0), |p| {
                (
                    u32::try_from(p.line).unwrap_or(u32::MAX),
                    u32::try_from(p.column).unwrap_or(u32::MAX),
                )
            })
        }))
    }

    fn get(&self, key: &str) -> Option<Pos> {
        let i = CHECKED_ITEM_KEYS.iter().position(|k| *k == key)?;
        let (line, column) = self.0[i];
        (line > 0).then(|| Pos::new(line as usize, column as usize))
    }

    /// The position of the first of `keys` that is present, else the `state:` line, else
    /// line 1 (as [`KeyPositions::anchor`]).
    pub fn anchor(&self, keys: &[&str]) -> Pos {
        keys.iter()
            .find_map(|k| self.get(k))
            .or_else(|| self.get("state"))
            .unwrap_or(Pos::START)
    }
}

/// Key positions of one file, small enough to keep for every item: each
/// key is a (parent, key) pair of the schema's own names, so nothing is
/// allocated per key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyPositions(Vec<KeyPos>);

#[derive(Debug, Clone, Copy, PartialEq)]
struct KeyPos {
    parent: &'static str,
    key: &'static str,
    line: u32,
    column: u32,
}

impl KeyPositions {
    /// Records `parent.key` (`parent` empty at the top level).
    pub fn insert(&mut self, parent: &'static str, key: &'static str, pos: Pos) {
        self.0.push(KeyPos {
            parent,
            key,
            line: u32::try_from(pos.line).unwrap_or(u32::MAX),
            column: u32::try_from(pos.column).unwrap_or(u32::MAX),
        });
    }

    /// The position of a dotted path such as `decision.outcome`.
    pub fn get(&self, path: &str) -> Option<Pos> {
        let (parent, key) = path.rsplit_once('.').unwrap_or(("", path));
        self.0
            .iter()
            .find(|k| k.parent == parent && k.key == key)
            .map(|k| Pos::new(k.line as usize, k.column as usize))
    }

    /// The position of the first of `paths` that is present, else the
    /// `state:` line, else line 1: where a diagnostic about a missing or
    /// late milestone points.
    pub fn anchor(&self, paths: &[&str]) -> Pos {
        paths
            .iter()
            .find_map(|p| self.get(p))
            .or_else(|| self.get("state"))
            .unwrap_or(Pos::START)
    }
}

/// A minimal valid item for tests: captured, received at `received`.
#[cfg(test)]
pub(crate) fn test_item(id: &str, received: &str) -> Item {
    Item {
        id: id.to_owned(),
        file: format!("feedback/{id}.md"),
        title: format!("Item {id}"),
        received: received.parse().expect("an RFC 3339 test time"),
        developer: Developer {
            handle: "@dev".into(),
            credit: Credit::Public,
            channel: None,
        },
        quote: "It hurts.".into(),
        area: "sdk".into(),
        tag: Tag::DxFriction,
        severity: Severity::Low,
        frequency: 1,
        strategic: false,
        embargo: false,
        jtbd: Some("When I work, I want it to work, so that I can ship.".into()),
        owner: None,
        links: Vec::new(),
        state: State::Captured,
        distributed: None,
        acknowledged: None,
        review: None,
        decision: None,
        shipped: None,
        closed: None,
        duplicate_of: None,
        duplicates: Vec::new(),
        original: None,
        body: String::new(),
        keys: Anchors::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_round_trip() {
        for s in State::ALL {
            assert_eq!(s.as_str().parse::<State>(), Ok(*s));
        }
        assert!("Closed".parse::<State>().is_err());
        assert!(State::Captured < State::Closed);
    }

    #[test]
    fn only_frictions_are_frictions() {
        assert!(Tag::DocumentationGap.is_friction());
        assert!(!Tag::DxDelight.is_friction());
        assert!(!Tag::StrategicInsight.is_friction());
    }
}
