//! Duplicates (SPEC §12): a second developer reporting what another item
//! already holds. A duplicate keeps its own developer, quote and the
//! milestones that concern that developer (`distributed`, `acknowledged`,
//! `closed`), and follows its original for everything else: it has no
//! `decision` or `shipped` of its own, and its loop may close only once the
//! original shipped or was decided `not-prioritized`.
//!
//! The rules come in two halves: what one file can tell on its own
//! ([`check_duplicate_lifecycle`], called from the lifecycle check), and
//! what needs the original ([`check_duplicates`], across files, on the
//! [`DuplicateFacts`] every feedback file leaves behind).

use super::Entry;
use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::model::{State, Time, duplicates_close_from};
use crate::parse::Draft;
use crate::parse::time::format_utc;
use crate::source::Pos;
use std::collections::BTreeMap;

/// The lifecycle of a duplicate: captured → distributed → acknowledged →
/// closed. Called by [`check_lifecycle`](super::check_lifecycle) for an item
/// with `duplicate_of`.
pub(super) fn check_duplicate_lifecycle(
    d: &Draft,
    state: State,
    original: &str,
    out: &mut Vec<Diagnostic>,
) {
    let state_pos = d.keys.anchor(&[]);
    let follows = format!("a duplicate follows its original `{original}`");
    if matches!(state, State::Decided | State::Shipped) {
        out.push(Diagnostic::from_sentence(
            Code::StateMismatch,
            &d.file,
            state_pos,
            format!("state is `{state}` but this item is a duplicate — {follows} for the decision and the ship, so its state runs captured → distributed → acknowledged → closed; set `state: acknowledged` (or `closed` once `{original}` has shipped and the developer was told)"),
        ));
    }
    for (key, set) in [
        ("decision", d.decision.is_some()),
        ("shipped", d.shipped.is_some()),
    ] {
        if set {
            out.push(Diagnostic::from_sentence(
                Code::StateMismatch,
                &d.file,
                d.keys.anchor(&[key]),
                format!("a duplicate has no `{key}` of its own — {follows}; remove `{key}` here and record it on `{original}`"),
            ));
        }
    }

    let mut missing: Vec<(&str, &str)> = Vec::new();
    if state >= State::Distributed && d.distributed.is_none() {
        missing.push((
            "distributed",
            "add the time the anonymized summary went to the internal channel",
        ));
    }
    if state >= State::Acknowledged && d.acknowledged.is_none() {
        missing.push(("acknowledged", "add the time the developer was thanked"));
    }
    if state == State::Closed {
        match &d.closed {
            None => missing.push((
                "closed",
                "add `closed:` with `at`, the time the developer was told",
            )),
            Some(c) if c.at.is_none() => {
                missing.push(("closed.at", "add when the developer was told"));
            }
            Some(_) => {}
        }
    }
    for (key, how) in missing.into_iter().filter(|(k, _)| !d.is_bad(k)) {
        out.push(Diagnostic::from_sentence(
            Code::MissingField,
            &d.file,
            state_pos,
            format!("state is `{state}` but `{key}` is missing — {how}"),
        ));
    }

    for (key, set, needs) in [
        ("distributed", d.distributed.is_some(), State::Distributed),
        (
            "acknowledged",
            d.acknowledged.is_some(),
            State::Acknowledged,
        ),
        ("closed", d.closed.is_some(), State::Closed),
    ] {
        if set && needs > state {
            out.push(Diagnostic::from_sentence(
                Code::StateMismatch,
                &d.file,
                d.keys.anchor(&[key]),
                format!("`{key}` is set but state is `{state}` — set `state: {needs}` if that milestone happened, or remove `{key}`"),
            ));
        }
    }
}

/// What the cross-file duplicate rules need to know of one feedback file,
/// kept after its text and draft are gone. Its id and path are its file's
/// [`Entry`].
#[derive(Debug, Clone)]
pub struct DuplicateFacts {
    /// `duplicate_of` and where the key stands.
    pub duplicate_of: Option<(String, Pos)>,
    pub state: Option<State>,
    /// `closed.at` and where it stands (else the `state:` line).
    pub closed_at: Option<(Time, Pos)>,
    /// As an original: when its duplicates may close.
    pub duplicates_close_from: Option<Time>,
}

impl DuplicateFacts {
    /// A feedback file whose front matter could not be read: it exists,
    /// and nothing more is known.
    pub fn unread() -> DuplicateFacts {
        DuplicateFacts {
            duplicate_of: None,
            state: None,
            closed_at: None,
            duplicates_close_from: None,
        }
    }

    pub fn of(d: &Draft) -> DuplicateFacts {
        let decision = d.decision.as_ref().and_then(|x| Some((x.outcome?, x.at?)));
        let shipped_at = d.shipped.as_ref().and_then(|s| s.at);
        DuplicateFacts {
            duplicate_of: d
                .duplicate_of
                .clone()
                .map(|o| (o, d.keys.anchor(&["duplicate_of"]))),
            state: d.state,
            closed_at: d
                .closed
                .as_ref()
                .and_then(|c| c.at)
                .map(|at| (at, d.keys.anchor(&["closed.at", "closed"]))),
            duplicates_close_from: d
                .state
                .and_then(|s| duplicates_close_from(s, decision, shipped_at)),
        }
    }
}

/// The rules that need the original: it exists, it is not itself a
/// duplicate, and a closed duplicate closed after the original's loop
/// allowed it. `facts` are in path order, each with the index of its file in
/// `entries`; with two files of one id, the first is the one named (the other
/// is a `duplicate-id` error already).
pub(crate) fn check_duplicates(
    entries: &[Entry],
    facts: &[(u32, DuplicateFacts)],
    out: &mut Vec<Diagnostic>,
) {
    // Only the ids that `duplicate_of` names are looked up: few, whatever
    // the number of files.
    let named: std::collections::BTreeSet<&str> = facts
        .iter()
        .filter_map(|(_, f)| f.duplicate_of.as_ref().map(|(name, _)| name.as_str()))
        .collect();
    if named.is_empty() {
        return;
    }
    let mut by_id: BTreeMap<&str, &DuplicateFacts> = BTreeMap::new();
    for (n, f) in facts {
        let id = entries[*n as usize].id;
        if named.contains(id) {
            by_id.entry(id).or_insert(f);
        }
    }
    for (n, f) in facts {
        let Some((name, pos)) = &f.duplicate_of else {
            continue;
        };
        let Entry { id, file, .. } = entries[*n as usize];
        let unknown = |message: String| {
            Diagnostic::from_sentence(Code::UnknownDuplicate, file, *pos, message)
        };
        if name == id {
            out.push(unknown(format!("`duplicate_of: {name}` names this item itself — name the item that first reported the same thing, or remove `duplicate_of`")));
            continue;
        }
        let Some(original) = by_id.get(name.as_str()) else {
            // Every id, for the suggestion (this is the error path).
            let ids: Vec<&str> = facts
                .iter()
                .map(|(n, _)| entries[*n as usize].id)
                .collect::<std::collections::BTreeSet<&str>>()
                .into_iter()
                .filter(|other| *other != id)
                .collect();
            out.push(unknown(format!(
                "`duplicate_of: {name}` names no feedback item — use the id (the file stem under `feedback/`) of the item this one reports again{}",
                did_you_mean(name, &ids)
            )));
            continue;
        };
        if let Some((further, _)) = &original.duplicate_of {
            out.push(unknown(format!(
                "`duplicate_of: {name}` names an item that is itself a duplicate of `{further}` — point at the original: `duplicate_of: {further}`"
            )));
            continue;
        }
        // An original that could not be read has its own error; whether
        // its duplicates may close is then unknown, not wrong.
        if f.state != Some(State::Closed) || original.state.is_none() {
            continue;
        }
        let Some((closed_at, closed_pos)) = f.closed_at else {
            continue;
        };
        match original.duplicates_close_from {
            None => out.push(Diagnostic::from_sentence(
                Code::StateMismatch,
                file,
                closed_pos,
                format!("state is `closed` but the original `{name}` has neither shipped nor been decided `not-prioritized` — a duplicate's loop closes when its original's does; keep `state: acknowledged` and remove `closed` until `{name}` ships"),
            )),
            Some(from) if closed_at < from => out.push(Diagnostic::from_sentence(
                Code::TimeOrder,
                file,
                closed_pos,
                format!(
                    "`closed.at` ({}) is before the original `{name}` shipped or was decided ({}) — a duplicate's loop closes after its original's change; check both times and their time zones",
                    format_utc(closed_at),
                    format_utc(from)
                ),
            )),
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests;
