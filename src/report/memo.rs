//! Reports kept from one render to the next (`serve` renders on every save).
//!
//! A period's figures are a function of the items, the roadmap, the
//! configuration, *now* and the left-out count, and every figure counts an
//! item only through times that have happened by the period's moment
//! (the module doc of [`super`]): its `received` (the week's items, the
//! signal window, the top signals, which clocks exist), its milestones and
//! the milestones it follows of its original or its duplicates (clock
//! stops, wins, the roadmap's origin). No timestamp of an item comes before
//! its earliest one ([`earliest`]), so an item can reach a period only if
//! its earliest time has happened by the period's moment; ItemRef and
//! WinRef list positions are of items received before that moment, which
//! come first in the (received, id) order and are not moved by a change.
//!
//! Hence the rule ([`Reach`]): a kept period is computed again when the
//! earliest time of some changed item — its version when the period was
//! computed or its version now, a removed or an added item alike — has
//! happened by the period's moment. A change that only touches text the
//! figures never read ([`same_figures`]) reaches no period, except for the
//! title, which the top lists and the wins repeat: it reaches the periods
//! that list the item. Anything else the figures read (the roadmap, the
//! left-out count, *now*, the signals and the calendar) forgets every kept
//! period when it changes; a change of the configuration is seen by the
//! page memo that holds this one, which forgets it too.

use super::{PeriodInfo, QuarterlyReport, ReportInputs, WeeklyReport};
use crate::calendar::{Calendar, Period};
use crate::check::LeftOutCount;
use crate::config::SignalsConfig;
use crate::model::{Item, RoadmapItem, Time};
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

/// The earliest time an item's figures can depend on: its `received`, its
/// milestones, and the times it follows of its original and duplicates.
pub(crate) fn earliest(item: &Item) -> Time {
    let milestones = [
        item.distributed,
        item.acknowledged,
        item.review,
        item.decision.as_ref().map(|d| d.at),
        item.shipped.as_ref().map(|s| s.at),
        item.closed.as_ref().map(|c| c.at),
        item.original.as_ref().and_then(|o| o.shipped_at),
        item.original.as_ref().and_then(|o| o.close_from),
    ];
    milestones
        .into_iter()
        .flatten()
        .chain(item.duplicates.iter().map(|d| d.received))
        .fold(item.received, Time::min)
}

/// The item with every text no report figure reads made empty, and its
/// title: what two versions must share to give the same figures.
fn figure_fields(item: &Item) -> Item {
    let mut item = item.clone();
    item.quote.clear();
    item.body.clear();
    item.keys = Default::default();
    item.jtbd = None;
    item.links.clear();
    item.owner = None;
    item.developer.handle.clear();
    item.developer.channel = None;
    if let Some(d) = &mut item.decision {
        d.reason.clear();
    }
    if let Some(s) = &mut item.shipped {
        s.pr = None;
        s.impact = None;
        s.summary = None;
    }
    if let Some(c) = &mut item.closed {
        c.followup = None;
    }
    for d in &mut item.duplicates {
        d.title.clear();
        d.handle.clear();
    }
    if let Some(o) = &mut item.original {
        o.title.clear();
    }
    item
}

/// Whether two versions of an item give every report figure the same
/// values (the title aside, which [`Reach`] follows on its own).
pub(crate) fn same_figures(before: &Item, now: &Item) -> bool {
    let (mut a, b) = (figure_fields(before), figure_fields(now));
    a.title.clone_from(&b.title);
    a == b
}

/// Which kept periods a set of changes reaches.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Reach {
    /// Every period (nothing kept can be trusted).
    pub all: bool,
    /// The earliest time of any changed item, old or new version.
    pub since: Option<Time>,
    /// Items whose title alone changed (for the figures).
    pub titles: HashSet<String>,
}

impl Reach {
    fn everything() -> Reach {
        Reach {
            all: true,
            ..Reach::default()
        }
    }

    fn touch(&mut self, t: Time) {
        self.since = Some(self.since.map_or(t, |s| s.min(t)));
    }

    /// One changed item: its version when the kept periods were computed
    /// (`None` for an item that is new, or whose old version is not known)
    /// with that version's earliest time, and its version now (`None` once
    /// removed).
    pub(crate) fn add(&mut self, before: Option<(Option<&Item>, Time)>, now: Option<&Item>) {
        if let (Some((Some(old), _)), Some(new)) = (before, now)
            && same_figures(old, new)
        {
            if old.title != new.title {
                self.titles.insert(new.id.clone());
            }
            return;
        }
        for t in before.map(|b| b.1).into_iter().chain(now.map(earliest)) {
            self.touch(t);
        }
    }

    /// Whether the figures of a period (seen at `period`'s moment) that
    /// list the items `listed` must be computed again.
    pub(crate) fn reaches<'a>(
        &self,
        period: &PeriodInfo,
        mut listed: impl Iterator<Item = &'a str>,
    ) -> bool {
        self.all
            || self.since.is_some_and(|t| period.happened(t))
            || (!self.titles.is_empty() && listed.any(|id| self.titles.contains(id)))
    }
}

/// The ids a weekly report repeats the titles of.
fn week_lists(r: &WeeklyReport) -> impl Iterator<Item = &str> {
    let refs = [&r.top_frictions, &r.top_delights, &r.top_strategic];
    let wins = [&r.wins.shipped, &r.wins.closed];
    refs.into_iter()
        .flatten()
        .map(|i| i.id.as_str())
        .chain(wins.into_iter().flatten().map(|w| w.id.as_str()))
}

/// Whether every position a weekly report keeps still names its item.
fn positions_hold(r: &WeeklyReport, items: &[Item]) -> bool {
    let at = |index: usize, id: &str| items.get(index).is_some_and(|i| i.id == id);
    let refs = [&r.top_frictions, &r.top_delights, &r.top_strategic];
    let wins = [&r.wins.shipped, &r.wins.closed];
    refs.into_iter().flatten().all(|i| at(i.index, &i.id))
        && wins.into_iter().flatten().all(|w| at(w.index, &w.id))
}

/// Kept figures of weeks and quarters (their `change` and `trend` are
/// filled in afresh each time), and what changed since they were computed.
#[derive(Default)]
pub(crate) struct ReportMemo {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// The inputs besides the items the kept figures were computed from.
    basis: Option<Basis>,
    weeks: HashMap<Period, WeeklyReport>,
    quarters: HashMap<Period, QuarterlyReport>,
    /// Id → earliest time of every item the kept figures were computed from.
    known: HashMap<String, Time>,
    /// Items that may have changed since, with their version then when known.
    pending: HashMap<String, Option<Item>>,
}

/// What every figure reads besides the items and the configuration.
#[derive(PartialEq)]
struct Basis {
    roadmap: Vec<RoadmapItem>,
    left_out: LeftOutCount,
    signals: SignalsConfig,
    calendar: Calendar,
    now: Time,
}

impl Basis {
    /// Whether `inputs` and `now` are what this basis holds (compared
    /// field by field, without copying them).
    fn holds(&self, inputs: &ReportInputs, now: Time) -> bool {
        self.roadmap == inputs.roadmap
            && self.left_out == inputs.left_out
            && self.signals == *inputs.signals
            && self.calendar == *inputs.calendar
            && self.now == now
    }

    fn of(inputs: &ReportInputs, now: Time) -> Basis {
        Basis {
            roadmap: inputs.roadmap.to_vec(),
            left_out: inputs.left_out,
            signals: *inputs.signals,
            calendar: inputs.calendar.clone(),
            now,
        }
    }
}

impl ReportMemo {
    /// Forgets everything (the configuration or the templates changed).
    pub(crate) fn clear(&self) {
        *self.state.lock().unwrap_or_else(|e| e.into_inner()) = State::default();
    }

    /// Notes items of a load that may differ from the load before (`ids`),
    /// with the earlier versions of some of them (`before`). Loads add up
    /// until a render takes them into account.
    pub(crate) fn note_changes(&self, ids: &HashSet<String>, before: Vec<Item>) {
        if ids.is_empty() && before.is_empty() {
            return;
        }
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let mut before: HashMap<String, Item> =
            before.into_iter().map(|i| (i.id.clone(), i)).collect();
        for id in ids
            .iter()
            .cloned()
            .chain(before.keys().cloned().collect::<Vec<_>>())
        {
            let old = before.remove(&id);
            // The first version noted is the one the kept figures saw.
            state.pending.entry(id).or_insert(old);
        }
    }

    /// Takes the noted changes into account for a render of `items`: forgets
    /// every kept period they reach, and from then on compares with `items`.
    pub(crate) fn settle(&self, inputs: &ReportInputs, now: Time) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let state = &mut *state;
        let items = inputs.items;
        let reach = if !state.basis.as_ref().is_some_and(|b| b.holds(inputs, now)) {
            state.basis = Some(Basis::of(inputs, now));
            state.pending.clear();
            state.known = items.iter().map(|i| (i.id.clone(), earliest(i))).collect();
            Reach::everything()
        } else {
            changes_since(state, items)
        };
        state
            .weeks
            .retain(|_, r| !reach.reaches(&r.period, week_lists(r)) && positions_hold(r, items));
        state
            .quarters
            .retain(|_, r| !reach.reaches(&r.period, std::iter::empty()));
    }

    /// The kept figures of a week, if [`ReportMemo::settle`] kept them.
    pub(crate) fn week(&self, period: Period) -> Option<WeeklyReport> {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.weeks.get(&period).cloned()
    }

    pub(crate) fn keep_week(&self, report: &WeeklyReport) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.weeks.insert(report.period.period, report.clone());
    }

    pub(crate) fn quarter(&self, period: Period) -> Option<QuarterlyReport> {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.quarters.get(&period).cloned()
    }

    pub(crate) fn keep_quarter(&self, report: &QuarterlyReport) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.quarters.insert(report.period.period, report.clone());
    }
}

/// What the pending changes reach, comparing with `items`; brings `known`
/// up to `items` and clears `pending`.
fn changes_since(state: &mut State, items: &[Item]) -> Reach {
    let mut reach = Reach::default();
    let pending = std::mem::take(&mut state.pending);
    if !pending.is_empty() {
        let by_id: HashMap<&str, &Item> = items.iter().map(|i| (i.id.as_str(), i)).collect();
        for (id, old) in &pending {
            let before = state.known.get(id).map(|t| (old.as_ref(), *t));
            let now = by_id.get(id.as_str()).copied();
            reach.add(before, now);
            match now {
                Some(item) => state.known.insert(id.clone(), earliest(item)),
                None => state.known.remove(id),
            };
        }
    }
    // Every item that entered was noted, so `known` holds every id of
    // `items`; more ids means some left without being noted.
    if state.known.len() != items.len() {
        let ids: HashSet<&str> = items.iter().map(|i| i.id.as_str()).collect();
        for (id, t) in &state.known {
            if !ids.contains(id.as_str()) {
                reach.touch(*t);
            }
        }
        for item in items {
            if !state.known.contains_key(&item.id) {
                reach.touch(earliest(item));
            }
        }
        state.known = items.iter().map(|i| (i.id.clone(), earliest(i))).collect();
    }
    reach
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Closed, DuplicateReport, Original, test_item};

    fn at(s: &str) -> Time {
        s.parse().unwrap()
    }

    fn week(name: &str, now: &str) -> PeriodInfo {
        PeriodInfo::new(name.parse().unwrap(), &Calendar::default(), at(now))
    }

    const NOW: &str = "2026-11-27T00:00:00Z";

    #[test]
    fn the_earliest_time_covers_milestones_and_links() {
        let mut item = test_item("a", "2026-11-10T09:00:00Z");
        assert_eq!(earliest(&item), at("2026-11-10T09:00:00Z"));
        item.original = Some(Original {
            id: "o".into(),
            title: "O".into(),
            credit: crate::model::Credit::Public,
            shipped_at: Some(at("2026-11-02T09:00:00Z")),
            close_from: None,
        });
        assert_eq!(earliest(&item), at("2026-11-02T09:00:00Z"));
        let mut original = test_item("o", "2026-11-20T09:00:00Z");
        original.duplicates.push(DuplicateReport {
            id: "d".into(),
            title: "D".into(),
            received: at("2026-11-19T09:00:00Z"),
            frequency: 1,
            handle: "@d".into(),
            credit: crate::model::Credit::Public,
        });
        assert_eq!(earliest(&original), at("2026-11-19T09:00:00Z"));
    }

    #[test]
    fn texts_the_figures_never_read_reach_nothing() {
        let old = test_item("a", "2025-11-10T09:00:00Z");
        let mut new = old.clone();
        new.quote = "Another quote.".into();
        new.body = "Notes.".into();
        new.jtbd = None;
        new.developer.handle = "@else".into();
        assert!(same_figures(&old, &new));
        let mut reach = Reach::default();
        reach.add(Some((Some(&old), earliest(&old))), Some(&new));
        assert_eq!(reach, Reach::default());
        let p = week("2026-W47", NOW);
        assert!(!reach.reaches(&p, ["a"].into_iter()));
    }

    #[test]
    fn a_new_title_reaches_only_the_periods_listing_the_item() {
        let old = test_item("a", "2025-11-10T09:00:00Z");
        let mut new = old.clone();
        new.title = "A better title".into();
        let mut reach = Reach::default();
        reach.add(Some((Some(&old), earliest(&old))), Some(&new));
        assert_eq!(reach.since, None);
        let p = week("2026-W47", NOW);
        assert!(reach.reaches(&p, ["b", "a"].into_iter()));
        assert!(!reach.reaches(&p, ["b"].into_iter()));
    }

    #[test]
    fn other_changes_reach_the_periods_after_either_version() {
        let old = test_item("a", "2026-11-10T09:00:00Z");
        let mut new = old.clone();
        new.received = at("2026-11-18T09:00:00Z");
        new.frequency = 9;
        let mut reach = Reach::default();
        reach.add(Some((Some(&old), earliest(&old))), Some(&new));
        assert_eq!(reach.since, Some(at("2026-11-10T09:00:00Z")));
        // The week before the old version's: untouched.
        assert!(!reach.reaches(&week("2026-W45", NOW), std::iter::empty()));
        // Its week (the old version's), and every week after.
        assert!(reach.reaches(&week("2026-W46", NOW), std::iter::empty()));
        assert!(reach.reaches(&week("2026-W48", NOW), std::iter::empty()));
        // A closing score is a figure too.
        let mut closed = old.clone();
        closed.closed = Some(Closed {
            at: at("2026-11-25T09:00:00Z"),
            followup: None,
            satisfaction: Some(5),
        });
        assert!(!same_figures(&old, &closed));
    }

    #[test]
    fn removed_and_added_items_reach_from_their_own_time() {
        let gone = test_item("gone", "2026-11-17T09:00:00Z");
        let mut reach = Reach::default();
        reach.add(Some((Some(&gone), earliest(&gone))), None);
        assert_eq!(reach.since, Some(at("2026-11-17T09:00:00Z")));
        let new = test_item("new", "2026-11-03T09:00:00Z");
        reach.add(None, Some(&new));
        assert_eq!(reach.since, Some(at("2026-11-03T09:00:00Z")));
        // A version not known (only its time is) is never taken for a
        // title change.
        let mut titled = new.clone();
        titled.title = "Other".into();
        let mut unknown = Reach::default();
        unknown.add(Some((None, earliest(&new))), Some(&titled));
        assert_eq!(unknown.since, Some(at("2026-11-03T09:00:00Z")));
    }

    #[test]
    fn the_moment_of_a_period_decides_with_its_boundary_rule() {
        // The end of W47 (2026-11-23T00:00Z) has not happened in W47.
        let mut reach = Reach::default();
        reach.touch(at("2026-11-23T00:00:00Z"));
        assert!(!reach.reaches(&week("2026-W47", NOW), std::iter::empty()));
        assert!(reach.reaches(&week("2026-W48", NOW), std::iter::empty()));
        // A running week sees up to *now*, included.
        let mut later = Reach::default();
        later.touch(at(NOW));
        assert!(later.reaches(&week("2026-W48", NOW), std::iter::empty()));
        let mut future = Reach::default();
        future.touch(at("2026-11-27T00:00:00.001Z"));
        assert!(!future.reaches(&week("2026-W48", NOW), std::iter::empty()));
    }
}
