//! Duplicates through the real parser, so positions are the ones users see.
//!
//! A duplicate is [`DUP_HEAD`] (lines 1–12, `duplicate_of:` on line 12),
//! `state:` on line 13, then the milestone blocks in the order given.

use super::{DuplicateFacts, check_duplicates};
use crate::check::{Entry, Folder};
use crate::check::{check_lifecycle, check_time_order};
use crate::config::Config;
use crate::diag::{Code, Diagnostic};
use crate::model::Time;
use crate::parse::{Draft, parse_item};
use crate::source::SourceFile;

const DUP_PATH: &str = "feedback/2026/11/long-context-recall.md";
const ORIGINAL_PATH: &str = "feedback/2026/11/retrieval-cliff.md";

/// Lines 1–12; `state:` follows on line 13.
const DUP_HEAD: &str = "\
---
title: Recall drops on long contexts
received: 2026-11-05T10:00:00Z
developer:
  handle: \"@li\"
  credit: public
quote: Long documents just stop being found.
area: retrieval
tag: missing-capability
severity: medium
jtbd: When my documents are long, I want them found, so that answers stay right.
duplicate_of: retrieval-cliff
";

/// Lines 1–11; `state:` follows on line 12.
const ORIGINAL_HEAD: &str = "\
---
title: Retrieval falls off a cliff past 200k tokens
received: 2026-11-03T14:20:00Z
developer:
  handle: \"@mara\"
  credit: public
quote: Past 200k tokens retrieval just falls off a cliff.
area: retrieval
tag: missing-capability
severity: high
jtbd: When my corpus is large, I want accurate retrieval, so that I skip hand-tuning.
";

/// 1 line each.
const DISTRIBUTED: &str = "distributed: 2026-11-05T18:00:00Z\n";
const ACKNOWLEDGED: &str = "acknowledged: 2026-11-06T09:30:00Z\n";
/// 4 lines.
const QUICK_WIN: &str = "\
decision:
  outcome: quick-win
  at: 2026-11-06T15:30:00Z
  reason: A one-line fix in the chunker.
";
/// 4 lines.
const NOT_PRIORITIZED: &str = "\
decision:
  outcome: not-prioritized
  at: 2026-11-06T15:30:00Z
  reason: Corpora this large are rare; chunking guides cover them.
";
/// 3 lines.
const SHIPPED: &str = "\
shipped:
  at: 2026-11-20T17:00:00Z
  release: v2.3.0
";
/// 2 lines.
const CLOSED: &str = "\
closed:
  at: 2026-11-21T10:00:00Z
";

fn now() -> Time {
    "2026-11-26T12:00:00Z".parse().unwrap()
}

fn duplicate(state: &str, blocks: &[&str]) -> String {
    format!("{DUP_HEAD}state: {state}\n{}---\n", blocks.concat())
}

fn original(state: &str, blocks: &[&str]) -> String {
    format!("{ORIGINAL_HEAD}state: {state}\n{}---\n", blocks.concat())
}

fn draft(path: &str, text: &str) -> Draft {
    let calendar = Config::default().calendar;
    let id = path.rsplit('/').next().unwrap().trim_end_matches(".md");
    let mut diags = Vec::new();
    let draft = parse_item(&SourceFile::new(path, text), id, &calendar, &mut diags);
    assert!(diags.is_empty(), "the parser should accept it: {diags:#?}");
    draft.unwrap()
}

/// The single-file rules of a duplicate, as `validate` runs them.
fn one_file(text: &str) -> Vec<Diagnostic> {
    let d = draft(DUP_PATH, text);
    let mut out = Vec::new();
    check_lifecycle(&d, &mut out);
    check_time_order(&d, now(), &mut out);
    out
}

/// The entry of a feedback file at `path`.
fn entry(path: &str) -> Entry<'_> {
    let name = path.rsplit('/').next().unwrap_or(path);
    Entry {
        folder: Folder::Feedback,
        id: name.strip_suffix(".md").unwrap_or(name),
        file: path,
    }
}

/// The cross-file rules over (path, text) pairs, in path order.
fn across(files: &[(&str, &str)]) -> Vec<Diagnostic> {
    let entries: Vec<Entry> = files.iter().map(|(path, _)| entry(path)).collect();
    let facts: Vec<(u32, DuplicateFacts)> = files
        .iter()
        .zip(0..)
        .map(|((path, text), n)| (n, DuplicateFacts::of(&draft(path, text))))
        .collect();
    let mut out = Vec::new();
    check_duplicates(&entries, &facts, &mut out);
    out
}

fn found(diags: &[Diagnostic]) -> Vec<(Code, usize, usize)> {
    diags.iter().map(|d| (d.code, d.line, d.column)).collect()
}

// ------------------------------------------------------------- one file

#[test]
fn a_duplicate_runs_captured_distributed_acknowledged_closed() {
    let cases: [(&str, &[&str]); 4] = [
        ("captured", &[]),
        ("distributed", &[DISTRIBUTED]),
        ("acknowledged", &[DISTRIBUTED, ACKNOWLEDGED]),
        ("closed", &[DISTRIBUTED, ACKNOWLEDGED, CLOSED]),
    ];
    for (state, blocks) in cases {
        let diags = one_file(&duplicate(state, blocks));
        assert!(diags.is_empty(), "{state}: {diags:#?}");
    }
}

#[test]
fn a_duplicate_cannot_be_decided_or_shipped() {
    for state in ["decided", "shipped"] {
        let diags = one_file(&duplicate(state, &[DISTRIBUTED, ACKNOWLEDGED]));
        assert_eq!(found(&diags), [(Code::StateMismatch, 13, 1)], "{state}");
        assert!(
            diags[0]
                .text()
                .contains("follows its original `retrieval-cliff`"),
            "{}",
            diags[0].text()
        );
    }
}

#[test]
fn a_duplicate_has_no_decision_or_ship_of_its_own() {
    // decision on lines 16–19, shipped on 20–22.
    let diags = one_file(&duplicate(
        "acknowledged",
        &[DISTRIBUTED, ACKNOWLEDGED, QUICK_WIN, SHIPPED],
    ));
    assert_eq!(
        found(&diags),
        [(Code::StateMismatch, 16, 1), (Code::StateMismatch, 20, 1)]
    );
    assert_eq!(
        diags[0].text(),
        "a duplicate has no `decision` of its own — a duplicate follows its original `retrieval-cliff`; remove `decision` here and record it on `retrieval-cliff`"
    );
    assert!(diags[1].text().starts_with("a duplicate has no `shipped`"));
}

#[test]
fn a_closed_duplicate_needs_its_own_close_and_acknowledgement() {
    let diags = one_file(&duplicate("closed", &[DISTRIBUTED]));
    assert_eq!(
        found(&diags),
        [(Code::MissingField, 13, 1), (Code::MissingField, 13, 1)]
    );
    assert_eq!(
        diags[0].text(),
        "state is `closed` but `acknowledged` is missing — add the time the developer was thanked"
    );
    assert_eq!(
        diags[1].text(),
        "state is `closed` but `closed` is missing — add `closed:` with `at`, the time the developer was told"
    );
}

#[test]
fn a_duplicate_milestone_ahead_of_its_state_is_a_mismatch() {
    // closed on lines 16–17.
    let diags = one_file(&duplicate(
        "acknowledged",
        &[DISTRIBUTED, ACKNOWLEDGED, CLOSED],
    ));
    assert_eq!(found(&diags), [(Code::StateMismatch, 16, 1)]);
    assert!(
        diags[0]
            .text()
            .starts_with("`closed` is set but state is `acknowledged`")
    );
}

// ----------------------------------------------------------- across files

#[test]
fn an_unknown_original_gets_a_suggestion() {
    let text = duplicate("acknowledged", &[DISTRIBUTED, ACKNOWLEDGED]).replace(
        "duplicate_of: retrieval-cliff",
        "duplicate_of: retrieval-clif",
    );
    let diags = across(&[
        (DUP_PATH, &text),
        (
            ORIGINAL_PATH,
            &original("acknowledged", &[DISTRIBUTED, ACKNOWLEDGED]),
        ),
    ]);
    assert_eq!(found(&diags), [(Code::UnknownDuplicate, 12, 1)]);
    assert_eq!(diags[0].file, DUP_PATH);
    assert_eq!(
        diags[0].text(),
        "`duplicate_of: retrieval-clif` names no feedback item — use the id (the file stem under `feedback/`) of the item this one reports again; did you mean `retrieval-cliff`?"
    );
    assert_eq!(Code::UnknownDuplicate.as_str(), "unknown-duplicate");
}

#[test]
fn a_duplicate_of_a_duplicate_names_the_original() {
    let middle = duplicate("acknowledged", &[DISTRIBUTED, ACKNOWLEDGED]);
    let last = middle.replace(
        "duplicate_of: retrieval-cliff",
        "duplicate_of: long-context-recall",
    );
    let diags = across(&[
        (DUP_PATH, &middle),
        ("feedback/2026/11/recall-again.md", &last),
        (
            ORIGINAL_PATH,
            &original("acknowledged", &[DISTRIBUTED, ACKNOWLEDGED]),
        ),
    ]);
    assert_eq!(found(&diags), [(Code::UnknownDuplicate, 12, 1)]);
    assert_eq!(diags[0].file, "feedback/2026/11/recall-again.md");
    assert_eq!(
        diags[0].text(),
        "`duplicate_of: long-context-recall` names an item that is itself a duplicate of `retrieval-cliff` — point at the original: `duplicate_of: retrieval-cliff`"
    );
}

#[test]
fn an_item_is_not_a_duplicate_of_itself() {
    let text = duplicate("captured", &[]).replace(
        "duplicate_of: retrieval-cliff",
        "duplicate_of: long-context-recall",
    );
    let diags = across(&[(DUP_PATH, &text)]);
    assert_eq!(found(&diags), [(Code::UnknownDuplicate, 12, 1)]);
    assert!(diags[0].text().contains("names this item itself"));
}

#[test]
fn a_duplicate_closes_only_once_the_original_shipped_or_was_not_prioritized() {
    let closed = duplicate("closed", &[DISTRIBUTED, ACKNOWLEDGED, CLOSED]);
    // The original is still being decided: the close is premature.
    let waiting = original("decided", &[DISTRIBUTED, ACKNOWLEDGED, QUICK_WIN]);
    let diags = across(&[(DUP_PATH, &closed), (ORIGINAL_PATH, &waiting)]);
    // `closed.at` is on line 17 (closed: on 16).
    assert_eq!(found(&diags), [(Code::StateMismatch, 17, 3)]);
    assert!(
        diags[0]
            .text()
            .starts_with("state is `closed` but the original `retrieval-cliff` has neither shipped nor been decided `not-prioritized`"),
        "{}",
        diags[0].text()
    );

    for done in [
        original("shipped", &[DISTRIBUTED, ACKNOWLEDGED, QUICK_WIN, SHIPPED]),
        original("decided", &[DISTRIBUTED, ACKNOWLEDGED, NOT_PRIORITIZED]),
        original(
            "closed",
            &[DISTRIBUTED, ACKNOWLEDGED, NOT_PRIORITIZED, CLOSED],
        ),
    ] {
        let diags = across(&[(DUP_PATH, &closed), (ORIGINAL_PATH, &done)]);
        assert!(diags.is_empty(), "{diags:#?}");
    }
}

#[test]
fn a_duplicate_closes_after_the_original_ships() {
    let early = duplicate("closed", &[DISTRIBUTED, ACKNOWLEDGED, CLOSED])
        .replace("at: 2026-11-21T10:00:00Z", "at: 2026-11-19T10:00:00Z");
    let shipped = original("shipped", &[DISTRIBUTED, ACKNOWLEDGED, QUICK_WIN, SHIPPED]);
    let diags = across(&[(DUP_PATH, &early), (ORIGINAL_PATH, &shipped)]);
    assert_eq!(found(&diags), [(Code::TimeOrder, 17, 3)]);
    assert_eq!(
        diags[0].text(),
        "`closed.at` (2026-11-19T10:00:00Z) is before the original `retrieval-cliff` shipped or was decided (2026-11-20T17:00:00Z) — a duplicate's loop closes after its original's change; check both times and their time zones"
    );
}

#[test]
fn an_unreadable_original_still_exists() {
    let closed = duplicate("closed", &[DISTRIBUTED, ACKNOWLEDGED, CLOSED]);
    let entries = [entry(DUP_PATH), entry(ORIGINAL_PATH)];
    let facts = vec![
        (0, DuplicateFacts::of(&draft(DUP_PATH, &closed))),
        (1, DuplicateFacts::unread()),
    ];
    let mut out = Vec::new();
    check_duplicates(&entries, &facts, &mut out);
    assert!(out.is_empty(), "{out:#?}");
}
