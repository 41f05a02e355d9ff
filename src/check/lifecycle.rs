//! States are cumulative milestones (SPEC §3): a state needs the fields of
//! itself and every state before it, and no milestone may run ahead of it.

use crate::diag::{Code, Diagnostic};
use crate::model::{Outcome, State};
use crate::parse::Draft;

/// What each milestone records, for "add …" hints.
fn milestone_hint(key: &str) -> &'static str {
    match key {
        "distributed" => "add the time the anonymized summary went to the internal channel",
        "acknowledged" => "add the time the developer was thanked",
        "decision" => "add `decision:` with `outcome`, `at` and `reason`",
        "decision.outcome" => {
            "add the outcome: quick-win, planned, needs-research or not-prioritized"
        }
        "decision.at" => "add when the decision was made",
        "decision.reason" => "add the reasoning behind the decision — every decision states one",
        "shipped" => "add `shipped:` with `at` and the `release` or `pr`",
        "shipped.at" => "add when the change shipped",
        "closed" => "add `closed:` with `at`, the time the developer was told",
        "closed.at" => "add when the developer was told",
        _ => "add it",
    }
}

/// The state whose milestone a key is.
fn milestone_state(key: &str) -> State {
    match key {
        "distributed" => State::Distributed,
        "acknowledged" => State::Acknowledged,
        "decision" => State::Decided,
        "shipped" => State::Shipped,
        _ => State::Closed,
    }
}

pub(crate) fn check_lifecycle(d: &Draft, out: &mut Vec<Diagnostic>) {
    let Some(state) = d.state else { return };
    if let Some(original) = d.duplicate_of.as_deref() {
        super::duplicates::check_duplicate_lifecycle(d, state, original, out);
        return;
    }
    let state_pos = d.keys.anchor(&[]);
    let mut missing: Vec<&'static str> = Vec::new();
    let outcome = d.decision.as_ref().and_then(|x| x.outcome);

    if state >= State::Distributed && d.distributed.is_none() {
        missing.push("distributed");
    }
    if state >= State::Acknowledged && d.acknowledged.is_none() {
        missing.push("acknowledged");
    }
    if state >= State::Decided {
        match &d.decision {
            None => missing.push("decision"),
            Some(dec) => {
                if dec.outcome.is_none() {
                    missing.push("decision.outcome");
                }
                if dec.at.is_none() {
                    missing.push("decision.at");
                }
                if dec.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                    missing.push("decision.reason");
                }
                if dec.outcome == Some(Outcome::Planned)
                    && dec.roadmap.is_none()
                    && !d.is_bad("decision.roadmap")
                {
                    out.push(Diagnostic::from_sentence(
                        Code::MissingField,
                        &d.file,
                        d.keys.anchor(&["decision.outcome"]),
                        "a `planned` decision needs `decision.roadmap` — name the roadmap item (the file stem under `roadmap/`) that carries it",
                    ));
                }
            }
        }
    }
    let shipped_needed = state >= State::Shipped
        && !(state == State::Closed && outcome == Some(Outcome::NotPrioritized));
    if shipped_needed && outcome.is_none_or(Outcome::can_ship) {
        match &d.shipped {
            None => missing.push("shipped"),
            Some(s) => {
                if s.at.is_none() {
                    missing.push("shipped.at");
                }
                if s.release.is_none()
                    && s.pr.is_none()
                    && !d.is_bad("shipped.release")
                    && !d.is_bad("shipped.pr")
                {
                    out.push(Diagnostic::from_sentence(
                        Code::MissingField,
                        &d.file,
                        state_pos,
                        "`shipped` needs `release` or `pr` — say where the change can be seen",
                    ));
                }
            }
        }
    }
    if state >= State::Closed {
        match &d.closed {
            None => missing.push("closed"),
            Some(c) if c.at.is_none() => missing.push("closed.at"),
            Some(_) => {}
        }
    }

    for key in missing.into_iter().filter(|k| !d.is_bad(k)) {
        out.push(Diagnostic::from_sentence(
            Code::MissingField,
            &d.file,
            state_pos,
            format!(
                "state is `{state}` but `{key}` is missing — {}",
                milestone_hint(key)
            ),
        ));
    }

    // Milestones ahead of the declared state.
    let present = [
        ("distributed", d.distributed.is_some()),
        ("acknowledged", d.acknowledged.is_some()),
        ("decision", d.decision.is_some()),
        ("shipped", d.shipped.is_some()),
        ("closed", d.closed.is_some()),
    ];
    for (key, set) in present {
        let needs = milestone_state(key);
        if set && needs > state {
            out.push(Diagnostic::from_sentence(
                Code::StateMismatch,
                &d.file,
                d.keys.anchor(&[key]),
                format!("`{key}` is set but state is `{state}` — set `state: {needs}` if that milestone happened, or remove `{key}`"),
            ).at_key(key));
        }
    }

    // Which outcomes may ship or close.
    if let Some(outcome) = outcome {
        if d.shipped.is_some() && !outcome.can_ship() {
            out.push(Diagnostic::from_sentence(
                Code::StateMismatch,
                &d.file,
                d.keys.anchor(&["shipped"]),
                format!("`shipped` only follows a `quick-win` or `planned` decision, but the outcome is `{outcome}` — change the outcome or remove `shipped`"),
            ));
        }
        if state == State::Shipped && d.shipped.is_none() && !outcome.can_ship() {
            out.push(Diagnostic::from_sentence(
                Code::StateMismatch,
                &d.file,
                state_pos,
                format!("state is `shipped` but the outcome is `{outcome}` — only a `quick-win` or `planned` decision ships; set `state: decided`, or change the outcome"),
            ));
        }
        if state == State::Closed && d.shipped.is_none() && outcome == Outcome::NeedsResearch {
            out.push(Diagnostic::from_sentence(
                Code::StateMismatch,
                &d.file,
                state_pos,
                "an item can close without shipping only when the outcome is `not-prioritized` (the loop closes by explaining why) — keep a `needs-research` item at `state: decided` until research ends in a decision",
            ));
        }
    }
}
