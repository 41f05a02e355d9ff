//! What the checks across files, the deadline table and the SLA warnings read of a checked
//! feedback item ([`Tracked`]), and the compact [`Record`] that `validate` keeps of each item
//! instead of the whole [`Item`]: a million items are most of the memory of its run, and it
//! prints no title, quote or note.

use super::{Anchors, Item, Outcome, Severity, State, Tag, Time, duplicates_close_from};

/// A checked feedback item as the rules across files, the clocks and the SLA warnings see it.
pub trait Tracked: Sized {
    fn id(&self) -> &str;
    /// Path relative to the repository root, `/`-separated.
    fn file(&self) -> &str;
    fn received(&self) -> Time;
    /// The id of the original this item reports again, if it is a duplicate.
    fn duplicate_of(&self) -> Option<&str>;
    /// Where the keys its diagnostics point at stand in the file.
    fn keys(&self) -> &Anchors;
    fn distributed(&self) -> Option<Time>;
    fn acknowledged(&self) -> Option<Time>;
    fn review(&self) -> Option<Time>;
    /// When it was decided, for a quick win: the start of its `quick-win` clock.
    fn quick_win_at(&self) -> Option<Time>;
    fn shipped_at(&self) -> Option<Time>;
    fn closed_at(&self) -> Option<Time>;
    /// When its `close` clock starts (see [`Item::close_clock_start`]).
    fn close_clock_start(&self) -> Option<Time>;
    /// The signal score as of a moment (see [`Item::score_by`]).
    fn score_by(&self, happened: impl Fn(Time) -> bool) -> u64;
    /// Joins duplicates to their originals among `items` (see
    /// [`link_duplicates`](super::link_duplicates)).
    fn link(items: &mut [Self]);

    fn is_duplicate(&self) -> bool {
        self.duplicate_of().is_some()
    }
}

impl Tracked for Item {
    fn id(&self) -> &str {
        &self.id
    }
    fn file(&self) -> &str {
        &self.file
    }
    fn received(&self) -> Time {
        self.received
    }
    fn duplicate_of(&self) -> Option<&str> {
        self.duplicate_of.as_deref()
    }
    fn keys(&self) -> &Anchors {
        &self.keys
    }
    fn distributed(&self) -> Option<Time> {
        self.distributed
    }
    fn acknowledged(&self) -> Option<Time> {
        self.acknowledged
    }
    fn review(&self) -> Option<Time> {
        self.review
    }
    fn quick_win_at(&self) -> Option<Time> {
        self.decision
            .as_ref()
            .filter(|d| d.outcome == Outcome::QuickWin)
            .map(|d| d.at)
    }
    fn shipped_at(&self) -> Option<Time> {
        self.shipped.as_ref().map(|s| s.at)
    }
    fn closed_at(&self) -> Option<Time> {
        self.closed.as_ref().map(|c| c.at)
    }
    fn close_clock_start(&self) -> Option<Time> {
        Item::close_clock_start(self)
    }
    fn score_by(&self, happened: impl Fn(Time) -> bool) -> u64 {
        Item::score_by(self, happened)
    }
    fn link(items: &mut [Item]) {
        super::link_duplicates(items);
    }
}

/// A checked feedback item reduced to what `validate` needs after its file's own checks:
/// the id and file, the milestones that start and stop its clocks, what scores its signal,
/// and the key positions its warnings point at. About a third of an [`Item`].
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    id: Box<str>,
    file: Box<str>,
    duplicate_of: Option<Box<str>>,
    /// As an original: the `received` and `frequency` of each duplicate that passed the checks.
    duplicates: Vec<(Time, u32)>,
    received: Time,
    distributed: Option<Time>,
    acknowledged: Option<Time>,
    review: Option<Time>,
    decision: Option<(Outcome, Time)>,
    shipped: Option<Time>,
    closed: Option<Time>,
    /// As a duplicate whose original passed the checks: when its loop may close.
    close_from: Option<Time>,
    frequency: u32,
    state: State,
    severity: Severity,
    /// Strategic, by flag or by tag: the score counts twice.
    strategic: bool,
    keys: Anchors,
}

impl From<Item> for Record {
    fn from(item: Item) -> Record {
        Record {
            strategic: item.strategic || item.tag == Tag::StrategicInsight,
            id: item.id.into_boxed_str(),
            file: item.file.into_boxed_str(),
            duplicate_of: item.duplicate_of.map(String::into_boxed_str),
            duplicates: item
                .duplicates
                .iter()
                .map(|d| (d.received, d.frequency))
                .collect(),
            received: item.received,
            distributed: item.distributed,
            acknowledged: item.acknowledged,
            review: item.review,
            decision: item.decision.map(|d| (d.outcome, d.at)),
            shipped: item.shipped.map(|s| s.at),
            closed: item.closed.map(|c| c.at),
            close_from: item.original.and_then(|o| o.close_from),
            frequency: item.frequency,
            state: item.state,
            severity: item.severity,
            keys: item.keys,
        }
    }
}

impl Record {
    /// When this item's duplicates may close (see [`Item::duplicates_close_from`]).
    fn duplicates_close_from(&self) -> Option<Time> {
        duplicates_close_from(self.state, self.decision, self.shipped)
    }
}

impl Tracked for Record {
    fn id(&self) -> &str {
        &self.id
    }
    fn file(&self) -> &str {
        &self.file
    }
    fn received(&self) -> Time {
        self.received
    }
    fn duplicate_of(&self) -> Option<&str> {
        self.duplicate_of.as_deref()
    }
    fn keys(&self) -> &Anchors {
        &self.keys
    }
    fn distributed(&self) -> Option<Time> {
        self.distributed
    }
    fn acknowledged(&self) -> Option<Time> {
        self.acknowledged
    }
    fn review(&self) -> Option<Time> {
        self.review
    }
    fn quick_win_at(&self) -> Option<Time> {
        self.decision
            .filter(|(outcome, _)| *outcome == Outcome::QuickWin)
            .map(|(_, at)| at)
    }
    fn shipped_at(&self) -> Option<Time> {
        self.shipped
    }
    fn closed_at(&self) -> Option<Time> {
        self.closed
    }
    fn close_clock_start(&self) -> Option<Time> {
        if self.is_duplicate() {
            Some(self.close_from?.max(self.received))
        } else {
            self.shipped
        }
    }
    fn score_by(&self, happened: impl Fn(Time) -> bool) -> u64 {
        let merged: u64 = self
            .duplicates
            .iter()
            .filter(|(received, _)| happened(*received))
            .map(|(_, frequency)| u64::from(*frequency))
            .sum();
        let boost = if self.strategic { 2 } else { 1 };
        self.severity.weight() * (u64::from(self.frequency) + merged) * boost
    }
    fn link(items: &mut [Record]) {
        let pairs = super::duplicates::duplicate_pairs(items);
        for item in items.iter_mut() {
            item.duplicates.clear();
            item.close_from = None;
        }
        for (original, duplicate) in pairs {
            let report = (items[duplicate].received, items[duplicate].frequency);
            let close_from = items[original].duplicates_close_from();
            items[original].duplicates.push(report);
            items[duplicate].close_from = close_from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Decision, Shipped, test_item};

    fn at(s: &str) -> Time {
        s.parse().unwrap()
    }

    /// An original that shipped, a strategic one, and duplicates of the first received
    /// before and after the ship: every answer of the record is the item's.
    fn sample() -> Vec<Item> {
        let mut original = test_item("orig", "2026-11-02T09:00:00Z");
        original.state = State::Shipped;
        original.severity = Severity::High;
        original.distributed = Some(at("2026-11-02T10:00:00Z"));
        original.acknowledged = Some(at("2026-11-02T11:00:00Z"));
        original.decision = Some(Decision {
            outcome: Outcome::QuickWin,
            at: at("2026-11-03T09:00:00Z"),
            reason: "Small.".into(),
            roadmap: None,
        });
        original.shipped = Some(Shipped {
            at: at("2026-11-05T09:00:00Z"),
            release: Some("v1".into()),
            pr: None,
            impact: None,
            summary: None,
        });
        let mut strategic = test_item("big", "2026-11-01T09:00:00Z");
        strategic.tag = Tag::StrategicInsight;
        strategic.frequency = 3;
        let mut early = test_item("early", "2026-11-04T09:00:00Z");
        early.duplicate_of = Some("orig".into());
        early.frequency = 2;
        let mut late = test_item("late", "2026-11-09T09:00:00Z");
        late.duplicate_of = Some("orig".into());
        late.frequency = 5;
        let mut orphan = test_item("orphan", "2026-11-09T09:00:00Z");
        orphan.duplicate_of = Some("gone".into());
        vec![late, original, strategic, orphan, early]
    }

    #[test]
    fn a_record_answers_as_its_item_does() {
        let mut items = sample();
        crate::model::link_duplicates(&mut items);
        let mut records: Vec<Record> = sample().into_iter().map(Record::from).collect();
        Record::link(&mut records);
        let by = at("2026-11-06T00:00:00Z");
        for (item, record) in items.iter().zip(&records) {
            assert_eq!(Tracked::id(item), record.id());
            assert_eq!(Tracked::file(item), record.file());
            assert_eq!(Tracked::duplicate_of(item), record.duplicate_of());
            assert_eq!(Tracked::received(item), record.received());
            assert_eq!(Tracked::distributed(item), record.distributed());
            assert_eq!(Tracked::acknowledged(item), record.acknowledged());
            assert_eq!(Tracked::review(item), record.review());
            assert_eq!(Tracked::quick_win_at(item), record.quick_win_at());
            assert_eq!(Tracked::shipped_at(item), record.shipped_at());
            assert_eq!(Tracked::closed_at(item), record.closed_at());
            assert_eq!(
                Tracked::close_clock_start(item),
                record.close_clock_start(),
                "{}",
                item.id
            );
            assert_eq!(Tracked::score_by(item, |_| true), record.score_by(|_| true));
            assert_eq!(
                Tracked::score_by(item, |t| t <= by),
                record.score_by(|t| t <= by)
            );
        }
        let original = records.iter().find(|r| r.id() == "orig").unwrap();
        assert_eq!(original.score_by(|_| true), 3 * (1 + 2 + 5));
        assert_eq!(original.score_by(|t| t <= by), 3 * (1 + 2));
        let late = records.iter().find(|r| r.id() == "late").unwrap();
        assert_eq!(late.close_clock_start(), Some(at("2026-11-09T09:00:00Z")));
        let early = records.iter().find(|r| r.id() == "early").unwrap();
        assert_eq!(early.close_clock_start(), Some(at("2026-11-05T09:00:00Z")));
        let orphan = records.iter().find(|r| r.id() == "orphan").unwrap();
        assert_eq!(orphan.close_clock_start(), None);
        let strategic = records.iter().find(|r| r.id() == "big").unwrap();
        assert_eq!(strategic.score_by(|_| true), 2 * 3);
    }

    #[test]
    fn a_record_is_a_fraction_of_an_item() {
        assert!(std::mem::size_of::<Record>() * 2 < std::mem::size_of::<Item>());
    }
}
