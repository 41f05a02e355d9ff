//! Duplicates joined to their originals (SPEC §12), once, after the checks.
//!
//! Each side keeps what it needs of the other, so that every per-item
//! computation downstream (scores, clocks, credits) stays a function of one
//! item: an original lists its duplicates' reports (who, when, how many
//! developers), a duplicate knows when its original's change happened.
//! Only items that passed every check are joined: a duplicate of an item
//! with errors follows nothing until that item is fixed.

use super::{Credit, Item, Time, Tracked};
use std::collections::{BTreeMap, BTreeSet};

/// A duplicate as its original sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct DuplicateReport {
    pub id: String,
    pub title: String,
    pub received: Time,
    /// The duplicate's own `frequency`: the developers it stands for.
    pub frequency: u32,
    pub handle: String,
    pub credit: Credit,
}

/// What a duplicate follows of its original.
#[derive(Debug, Clone, PartialEq)]
pub struct Original {
    pub id: String,
    pub title: String,
    /// The original developer's credit: whether the original has a public
    /// page to link to.
    pub credit: Credit,
    /// `shipped.at`: when the change the duplicate asked for shipped.
    pub shipped_at: Option<Time>,
    /// When the duplicate's loop may close (its `close` clock starts then,
    /// or at its own `received` if it came later).
    pub close_from: Option<Time>,
}

/// Every (original, duplicate) pair of indices into `items` whose original is among them, by
/// original and then by the duplicate's (received, id).
pub(super) fn duplicate_pairs<I: Tracked>(items: &[I]) -> Vec<(usize, usize)> {
    // Only the ids that duplicates name are looked up: few, whatever the
    // number of items.
    let named: BTreeSet<&str> = items.iter().filter_map(Tracked::duplicate_of).collect();
    if named.is_empty() {
        return Vec::new();
    }
    let index: BTreeMap<&str, usize> = items
        .iter()
        .enumerate()
        .filter(|(_, i)| !i.is_duplicate() && named.contains(i.id()))
        .map(|(n, i)| (i.id(), n))
        .collect();
    let mut pairs: Vec<(usize, usize)> = items
        .iter()
        .enumerate()
        .filter_map(|(n, i)| Some((*index.get(i.duplicate_of()?)?, n)))
        .collect();
    pairs.sort_by(|a, b| {
        let (x, y) = (&items[a.1], &items[b.1]);
        (a.0, x.received(), x.id()).cmp(&(b.0, y.received(), y.id()))
    });
    pairs
}

/// Fills [`Item::duplicates`] of every original and [`Item::original`] of
/// every duplicate whose original is among `items`. Duplicates are listed
/// by (received, id), whatever order `items` is in.
pub(crate) fn link_duplicates(items: &mut [Item]) {
    let pairs = duplicate_pairs(items);
    for item in items.iter_mut() {
        item.duplicates.clear();
        item.original = None;
    }
    for (original, duplicate) in pairs {
        let d = &items[duplicate];
        let report = DuplicateReport {
            id: d.id.clone(),
            title: d.title.clone(),
            received: d.received,
            frequency: d.frequency,
            handle: d.developer.handle.clone(),
            credit: d.developer.credit,
        };
        let o = &items[original];
        let follows = Original {
            id: o.id.clone(),
            title: o.title.clone(),
            credit: o.developer.credit,
            shipped_at: o.shipped.as_ref().map(|s| s.at),
            close_from: o.duplicates_close_from(),
        };
        items[original].duplicates.push(report);
        items[duplicate].original = Some(follows);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Decision, Outcome, Shipped, State, test_item};

    fn at(s: &str) -> Time {
        s.parse().unwrap()
    }

    fn duplicate(id: &str, of: &str, received: &str, frequency: u32) -> Item {
        let mut d = test_item(id, received);
        d.duplicate_of = Some(of.to_owned());
        d.frequency = frequency;
        d
    }

    #[test]
    fn originals_list_their_duplicates_and_duplicates_know_the_ship() {
        let mut original = test_item("orig", "2026-11-02T09:00:00Z");
        original.state = State::Shipped;
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
        let mut items = vec![
            duplicate("late", "orig", "2026-11-04T09:00:00Z", 3),
            original,
            duplicate("early", "orig", "2026-11-03T09:00:00Z", 1),
            duplicate("orphan", "gone", "2026-11-03T09:00:00Z", 1),
        ];
        link_duplicates(&mut items);
        let ids: Vec<(&str, u32)> = items[1]
            .duplicates
            .iter()
            .map(|d| (d.id.as_str(), d.frequency))
            .collect();
        assert_eq!(ids, [("early", 1), ("late", 3)]);
        let follows = items[0].original.as_ref().unwrap();
        assert_eq!(follows.id, "orig");
        assert_eq!(follows.shipped_at, Some(at("2026-11-05T09:00:00Z")));
        assert_eq!(follows.close_from, Some(at("2026-11-05T09:00:00Z")));
        assert!(items[3].original.is_none(), "its original is not there");
        assert!(items[3].duplicates.is_empty());

        // Linking twice gives the same result.
        let once = items.clone();
        link_duplicates(&mut items);
        assert_eq!(items, once);
    }

    #[test]
    fn a_not_prioritized_original_lets_duplicates_close_without_a_ship() {
        let mut original = test_item("orig", "2026-11-02T09:00:00Z");
        original.state = State::Decided;
        original.decision = Some(Decision {
            outcome: Outcome::NotPrioritized,
            at: at("2026-11-03T09:00:00Z"),
            reason: "Rare.".into(),
            roadmap: None,
        });
        let mut items = vec![
            original,
            duplicate("dup", "orig", "2026-11-02T10:00:00Z", 1),
        ];
        link_duplicates(&mut items);
        let follows = items[1].original.as_ref().unwrap();
        assert_eq!(follows.shipped_at, None);
        assert_eq!(follows.close_from, Some(at("2026-11-03T09:00:00Z")));
    }
}
