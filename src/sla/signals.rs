//! Top signals (SPEC §5): the highest-scoring share of recent feedback.

use crate::calendar::Moment;
use crate::config::SignalsConfig;
use crate::model::Tracked;

/// Ids of the top signals as of `as_of`: among items received in the window
/// before `as_of` ([`Moment::window`]), the `ceil(top_share × n)` highest
/// scores (computed exactly), with every item tied with the last one
/// included. Duplicates are not ranked on their own (nor counted in `n`):
/// their frequency adds to their original's score, counting the duplicates
/// received by `as_of`. The flags of [`top_signal_flags`] as a set, for tests.
#[cfg(test)]
pub(crate) fn top_signals<'a>(
    items: &'a [crate::model::Item],
    signals: &SignalsConfig,
    as_of: Moment,
) -> std::collections::BTreeSet<&'a str> {
    items
        .iter()
        .zip(top_signal_flags(items, signals, as_of))
        .filter(|(_, top)| *top)
        .map(|(item, _)| item.id.as_str())
        .collect()
}

/// The top signals as one flag per item, in item order: what the clocks
/// look up for every item of every week, without comparing ids.
pub(super) fn top_signal_flags<I: Tracked>(
    items: &[I],
    signals: &SignalsConfig,
    as_of: Moment,
) -> Vec<bool> {
    let mut flags = vec![false; items.len()];
    let window = as_of.window(signals.window);
    let mut scores: Vec<(u64, usize)> = items
        .iter()
        .enumerate()
        .filter(|(_, i)| !i.is_duplicate() && window.contains(i.received()))
        .map(|(n, i)| (i.score_by(|t| as_of.happened(t)), n))
        .collect();
    if scores.is_empty() {
        return flags;
    }
    scores.sort_unstable_by_key(|s| std::cmp::Reverse(s.0));
    let take = signals.top_share.ceil_times(scores.len() as u64) as usize;
    let take = take.clamp(1, scores.len());
    let threshold = scores[take - 1].0;
    for (_, n) in scores
        .into_iter()
        .take_while(|(score, _)| *score >= threshold)
    {
        flags[n] = true;
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Fraction;
    use crate::model::Time;
    use crate::model::{Item, test_item};

    fn at(s: &str) -> Time {
        s.parse().unwrap()
    }

    #[test]
    fn takes_the_top_share_with_ties() {
        let now = at("2026-11-26T00:00:00Z");
        let mut items = Vec::new();
        for (n, freq) in [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 1].iter().enumerate() {
            let mut i = test_item(&format!("i{n}"), "2026-11-20T00:00:00Z");
            i.frequency = *freq;
            items.push(i);
        }
        let config = SignalsConfig {
            top_share: Fraction::new(1, 10),
            window: chrono::Duration::days(90),
        };
        // ceil(0.1 × 12) = 2: i9 and i10 (both 10); nothing else ties.
        let top = top_signals(&items, &config, Moment::Now(now));
        assert_eq!(top.into_iter().collect::<Vec<_>>(), vec!["i10", "i9"]);
        let config = SignalsConfig {
            top_share: Fraction::new(5, 100),
            ..config
        };
        // ceil(0.6) = 1, but i10 ties with i9.
        assert_eq!(top_signals(&items, &config, Moment::Now(now)).len(), 2);
    }

    #[test]
    fn only_the_window_counts() {
        let now = at("2026-11-26T00:00:00Z");
        let mut old = test_item("old", "2026-01-01T00:00:00Z");
        old.frequency = 100;
        let recent = test_item("recent", "2026-11-01T00:00:00Z");
        let future = test_item("future", "2026-11-27T00:00:00Z");
        let config = SignalsConfig {
            top_share: Fraction::new(1, 10),
            window: chrono::Duration::days(90),
        };
        let items = [old, recent, future];
        let top = top_signals(&items, &config, Moment::Now(now));
        assert_eq!(top.into_iter().collect::<Vec<_>>(), vec!["recent"]);
        assert!(top_signals(&[], &config, Moment::Now(now)).is_empty());
    }

    #[test]
    fn duplicates_add_to_their_original_and_are_not_ranked() {
        let now = at("2026-11-26T00:00:00Z");
        let config = SignalsConfig {
            top_share: Fraction::new(1, 10),
            window: chrono::Duration::days(90),
        };
        let original = test_item("original", "2026-11-10T00:00:00Z");
        let mut rival = test_item("rival", "2026-11-10T00:00:00Z");
        rival.frequency = 3;
        let mut dup = test_item("dup", "2026-11-20T00:00:00Z");
        dup.duplicate_of = Some("original".into());
        dup.frequency = 5;
        let mut items = vec![original, rival, dup];
        crate::model::link_duplicates(&mut items);
        // n = 2 originals, ceil(0.2) = 1: original (1 + 5) beats rival (3).
        let top = top_signals(&items, &config, Moment::Now(now));
        assert_eq!(top.into_iter().collect::<Vec<_>>(), vec!["original"]);
        // Before the duplicate arrived, the rival led.
        let before = top_signals(&items, &config, Moment::Now(at("2026-11-15T00:00:00Z")));
        assert_eq!(before.into_iter().collect::<Vec<_>>(), vec!["rival"]);
    }

    /// `ceil(0.07 × 100)` is 7: in binary floating point it was 8, one top signal too many.
    #[test]
    fn regression_top_share_ceiling_is_exact() {
        let now = at("2026-11-26T00:00:00Z");
        let items: Vec<Item> = (0..100)
            .map(|n| {
                let mut i = test_item(&format!("i{n:03}"), "2026-11-20T00:00:00Z");
                i.frequency = 1000 - n;
                i
            })
            .collect();
        for (share, expected) in [((7, 100), 7), ((14, 100), 14), ((7, 10), 70)] {
            let config = SignalsConfig {
                top_share: Fraction::new(share.0, share.1),
                window: chrono::Duration::days(90),
            };
            let top = top_signals(&items, &config, Moment::Now(now));
            assert_eq!(top.len(), expected, "{share:?}");
        }
    }

    /// The pool of a finished period leaves out an item received exactly at its end, and takes
    /// one received exactly at the window's start.
    #[test]
    fn regression_top_signal_pool_follows_the_boundary_rule() {
        let end = at("2026-11-30T00:00:00Z");
        let config = SignalsConfig {
            top_share: Fraction::new(1, 10),
            window: chrono::Duration::days(7),
        };
        let mut at_end = test_item("at-end", "2026-11-30T00:00:00Z");
        at_end.frequency = 50;
        let mut at_start = test_item("at-start", "2026-11-23T00:00:00Z");
        at_start.frequency = 10;
        let items = [at_start, at_end];
        let top = top_signals(&items, &config, Moment::End(end));
        assert_eq!(top.into_iter().collect::<Vec<_>>(), vec!["at-start"]);
        let top = top_signals(&items, &config, Moment::Now(end));
        assert_eq!(top.into_iter().collect::<Vec<_>>(), vec!["at-end"]);
    }
}
