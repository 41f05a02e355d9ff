//! The rules of SPEC §3, one file per family, and the [`Checked`] repository they produce.
//!
//! Each check appends what it finds and never stops early. The rule that ties them together
//! is the one users rely on: **an item with any error diagnostic is left out** of every
//! figure, SLA list and page, whatever check found the error (reading, lifecycle, time order,
//! references, duplicate ids). [`Checked`] is the only way to get items out of this stage, so
//! nothing downstream can count an item that failed; it also remembers which ones it left out,
//! so that every output can say how many.

mod duplicates;
mod lifecycle;
mod refs;
mod sla;
mod time;

pub(crate) use duplicates::{DuplicateFacts, check_duplicates};
pub(crate) use lifecycle::check_lifecycle;
pub(crate) use refs::{check_references, check_unique_ids};
pub(crate) use sla::{PastMiss, check_sla, past_miss};
pub(crate) use time::{check_roadmap_time, check_time_order};

use crate::calendar::Moment;
use crate::config::Config;
use crate::diag::{self, Diagnostic, Severity};
use crate::model::{Item, PerClock, RoadmapItem, Time, Tracked};
use crate::parse::Draft;
use crate::sla::{Clock, Deadlines};
use serde::Serialize;
use std::collections::BTreeSet;

/// Which folder an item file lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Folder {
    Feedback,
    Roadmap,
}

/// What the checks of one file need to know about the rest of the repository.
pub(crate) struct Rules<'a> {
    /// Every roadmap id with a file, even a file with problems of its own: those are reported
    /// on it, not as dangling references.
    pub roadmap_ids: &'a BTreeSet<&'a str>,
    pub config: &'a Config,
    pub now: Time,
}

/// Runs every single-file rule on a feedback item's draft. `diags` holds what reading the
/// file found; the item comes back only if neither reading nor checking found an error.
pub(crate) fn check_item(d: Draft, rules: &Rules, diags: &mut Vec<Diagnostic>) -> Option<Item> {
    check_lifecycle(&d, diags);
    check_time_order(&d, rules.now, diags);
    check_references(&d, rules.roadmap_ids, &rules.config.areas, diags);
    if has_error(diags) {
        return None;
    }
    d.finish()
}

/// Runs the single-file rules on a roadmap item: the same "any error leaves it out".
pub(crate) fn check_roadmap(
    item: Option<RoadmapItem>,
    rules: &Rules,
    diags: &mut Vec<Diagnostic>,
) -> Option<RoadmapItem> {
    if let Some(r) = &item {
        check_roadmap_time(r, rules.now, diags);
    }
    item.filter(|_| !has_error(diags))
}

fn has_error(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.severity == Severity::Error)
}

/// One item file the repository holds, whether or not it passed: borrowed from the
/// listing, which holds the names once.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub folder: Folder,
    /// The file stem; empty for a folder that could not be listed.
    pub id: &'a str,
    /// The path shown in diagnostics.
    pub file: &'a str,
}

/// An item file left out because it has errors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    pub id: String,
    pub file: String,
}

/// How many items each output leaves out, as printed in JSON (`"left_out": {…}`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct LeftOutCount {
    /// Feedback items with errors.
    pub items: usize,
    /// Roadmap items with errors.
    pub roadmap: usize,
}

impl LeftOutCount {
    /// Whether nothing was left out.
    pub fn is_zero(&self) -> bool {
        self.items == 0 && self.roadmap == 0
    }

    /// "2 feedback items and 1 roadmap item with errors are left out", or `None` when
    /// nothing was.
    pub fn sentence(&self) -> Option<String> {
        let noun =
            |n: usize, what: &str| format!("{n} {what} item{}", if n == 1 { "" } else { "s" });
        let parts: Vec<String> = [(self.items, "feedback"), (self.roadmap, "roadmap")]
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| noun(n, what))
            .collect();
        let verb = if self.items + self.roadmap == 1 {
            "is"
        } else {
            "are"
        };
        (!parts.is_empty()).then(|| format!("{} with errors {verb} left out", parts.join(" and ")))
    }
}

/// What passed the checks of its own file, waiting for the checks across files: full
/// [`Item`]s, or the compact [`Record`](crate::model::Record)s of `validate`.
pub struct Candidates<I = Item> {
    pub items: Vec<I>,
    pub roadmap: Vec<RoadmapItem>,
    /// What every feedback file tells about duplicates, read or not, with the index of
    /// its file among the entries given to [`Checked::new`].
    pub duplicate_facts: Vec<(u32, DuplicateFacts)>,
}

/// The repository after every check: what the figures, the SLA lists and the site may use.
#[derive(Debug)]
pub struct Checked<I = Item> {
    /// Feedback items without any error, by (received, id).
    pub items: Vec<I>,
    /// Roadmap items without any error, by id.
    pub roadmap: Vec<RoadmapItem>,
    /// Every problem found, sorted by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
    /// Feedback items left out because of an error, by file.
    pub left_out: Vec<LeftOut>,
    /// Roadmap items left out because of an error, by file.
    pub roadmap_left_out: Vec<LeftOut>,
    /// The due time of every clock of [`Checked::items`].
    pub deadlines: Deadlines,
    /// The clocks that stopped after their due time, as of *now*, by the file of their item
    /// and then clock order: counted in `validate`'s summary, listed on demand
    /// ([`Checked::past_miss_warnings`]).
    pub(crate) past_misses: Vec<PastMiss>,
    /// The *now* the checks ran at.
    pub now: Time,
}

impl<I: Tracked + Sync> Checked<I> {
    /// Finishes the checks across files: unique ids and duplicates, then the rule that an
    /// item with any error is left out, then the deadline table and the SLA warnings as of
    /// `now`.
    ///
    /// `entries` lists every item file found; `candidates` are the items whose own checks
    /// passed; `diagnostics` is everything found so far.
    pub fn new(
        entries: &[Entry],
        candidates: Candidates<I>,
        mut diagnostics: Vec<Diagnostic>,
        config: &Config,
        now: Time,
    ) -> Checked<I> {
        for folder in [Folder::Feedback, Folder::Roadmap] {
            check_unique_ids(
                entries
                    .iter()
                    .filter(|e| e.folder == folder && !e.id.is_empty())
                    .map(|e| (e.id, e.file)),
                &mut diagnostics,
            );
        }
        check_duplicates(entries, &candidates.duplicate_facts, &mut diagnostics);
        let Candidates { items, roadmap, .. } = candidates;
        let failed: BTreeSet<&str> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.file.as_str())
            .collect();
        let mut items: Vec<I> = items
            .into_iter()
            .filter(|i| !failed.contains(i.file()))
            .collect();
        let mut roadmap: Vec<RoadmapItem> = roadmap
            .into_iter()
            .filter(|r| !failed.contains(r.file.as_str()))
            .collect();
        let left_out = |folder: Folder| -> Vec<LeftOut> {
            entries
                .iter()
                .filter(|e| e.folder == folder && !e.id.is_empty())
                .filter(|e| failed.contains(e.file))
                .map(|e| LeftOut {
                    id: e.id.to_owned(),
                    file: e.file.to_owned(),
                })
                .collect()
        };
        let (left_out, roadmap_left_out) = (left_out(Folder::Feedback), left_out(Folder::Roadmap));

        // In place: a stable sort would take a scratch copy of half the items (the largest
        // allocation of a million-item `validate`). The file breaks ties as the stable sort of
        // these path-ordered candidates did.
        sort_by_key_order(&mut items, |a, b| {
            (a.received(), a.id(), a.file()).cmp(&(b.received(), b.id(), b.file()))
        });
        roadmap.sort_by(|a, b| a.id.cmp(&b.id));
        I::link(&mut items);
        let deadlines = crate::timing::phase("deadlines", || Deadlines::new(&items, config));
        let mut past_misses = Vec::new();
        crate::timing::phase("sla-check", || {
            check_sla(&deadlines, &items, now, &mut diagnostics, &mut past_misses);
            // By file: the order diagnostics are printed in. The sort is stable, so an
            // item's clocks stay in clock order.
            past_misses.sort_by(|a, b| {
                items[a.item as usize]
                    .file()
                    .cmp(items[b.item as usize].file())
            });
        });
        diag::sort(&mut diagnostics);
        Checked {
            items,
            roadmap,
            diagnostics,
            left_out,
            roadmap_left_out,
            deadlines,
            past_misses,
            now,
        }
    }

    /// How many clocks of each kind (in [`ClockKind::ALL`](crate::model::ClockKind::ALL) order) stopped after their due
    /// time, as of *now*.
    pub fn past_misses_by_kind(&self) -> PerClock<usize> {
        let mut counts = [0; 5];
        for miss in &self.past_misses {
            counts[miss.kind.index()] += 1;
        }
        counts
    }

    /// The `sla-breached` warning of every clock that stopped after its due time, for the
    /// item files `keep` accepts: by file, and within a file by position, one item at a
    /// time, so that a million of them never sit in memory at once.
    pub fn past_miss_warnings<'s>(
        &'s self,
        keep: impl Fn(&str) -> bool + 's,
    ) -> impl Iterator<Item = Diagnostic> + 's {
        self.past_misses
            .chunk_by(|a, b| a.item == b.item)
            .filter(move |misses| keep(self.items[misses[0].item as usize].file()))
            .flat_map(move |misses| {
                let mut diags: Vec<Diagnostic> = misses
                    .iter()
                    .filter_map(|m| {
                        let clock = self.deadlines.clock_of(
                            &self.items,
                            m.item as usize,
                            m.kind,
                            Moment::Now(self.now),
                        )?;
                        past_miss(&clock)
                    })
                    .collect();
                diag::sort(&mut diags);
                diags
            })
    }

    /// Every clock of every item as it stands at *now* `as_of`, from the deadline table.
    pub fn clocks(&self, as_of: Time) -> Vec<Clock<'_, I>> {
        self.deadlines.clocks(&self.items, Moment::Now(as_of), None)
    }

    /// How many items were left out, for outputs to say so.
    pub fn left_out_count(&self) -> LeftOutCount {
        LeftOutCount {
            items: self.left_out.len(),
            roadmap: self.roadmap_left_out.len(),
        }
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        has_error(&self.diagnostics)
    }
}

/// Sorts `items` by `cmp` (a total order) in place, moving each item at
/// most once or twice: the order is found on indices, then applied cycle by
/// cycle. An item is large; sorting the items themselves moved each of them
/// many times (a tenth of a preview's rebuild was that copying), and items
/// that arrive nearly in order (files named by month) barely move.
fn sort_by_key_order<I>(items: &mut [I], cmp: impl Fn(&I, &I) -> std::cmp::Ordering) {
    let mut order: Vec<u32> =
        (0..u32::try_from(items.len()).expect("fewer than 4 billion items")).collect();
    order.sort_unstable_by(|&a, &b| cmp(&items[a as usize], &items[b as usize]));
    // Position k takes the item now at order[k]; a position done is marked
    // by order[k] == k.
    for start in 0..order.len() {
        let mut k = start;
        loop {
            let from = order[k] as usize;
            order[k] = k as u32;
            if from == start || from == k {
                break;
            }
            items.swap(k, from);
            k = from;
        }
    }
}

#[cfg(test)]
mod tests;
