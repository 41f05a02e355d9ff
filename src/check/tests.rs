//! The rule families of SPEC §3, one group of tests each, on items read
//! through the real parser so that positions are the ones users see.
//!
//! Items are assembled from blocks: [`HEAD`] ends with `state:` on line 12,
//! and the milestone blocks follow in the order given, so every line number
//! below can be counted from the block sizes in the margin.

use super::{check_lifecycle, check_references, check_time_order, check_unique_ids};
use crate::config::Config;
use crate::diag::{Code, Diagnostic};
use crate::model::Time;
use crate::parse::{Draft, parse_item};
use crate::source::SourceFile;
use std::collections::BTreeSet;

const PATH: &str = "feedback/2026/11/retrieval-cliff.md";

/// Lines 1–11; `state:` follows on line 12.
const HEAD: &str = "\
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

/// 1 line.
const DISTRIBUTED: &str = "distributed: 2026-11-03T18:00:00Z\n";
/// 1 line.
const ACKNOWLEDGED: &str = "acknowledged: 2026-11-04T09:30:00Z\n";
/// 1 line.
const REVIEW: &str = "review: 2026-11-06T15:00:00Z\n";
/// 4 lines.
const QUICK_WIN: &str = "\
decision:
  outcome: quick-win
  at: 2026-11-06T15:30:00Z
  reason: A one-line fix in the chunker.
";
/// 5 lines.
const PLANNED: &str = "\
decision:
  outcome: planned
  at: 2026-11-06T15:30:00Z
  reason: A hybrid reranker fixes this class of failure.
  roadmap: hybrid-reranker
";
/// 4 lines.
const NEEDS_RESEARCH: &str = "\
decision:
  outcome: needs-research
  at: 2026-11-06T15:30:00Z
  reason: We do not know yet where recall drops.
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

fn item(state: &str, blocks: &[&str]) -> String {
    format!("{HEAD}state: {state}\n{}---\nNotes.\n", blocks.concat())
}

/// Reads an item that must parse without a diagnostic.
fn draft(text: &str) -> Draft {
    let calendar = Config::default().calendar;
    let file = SourceFile::new(PATH, text);
    let mut diags = Vec::new();
    let draft = parse_item(&file, "retrieval-cliff", &calendar, &mut diags);
    assert!(diags.is_empty(), "the parser should accept it: {diags:#?}");
    draft.unwrap()
}

fn lifecycle(text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_lifecycle(&draft(text), &mut out);
    out
}

fn time_order(text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_time_order(&draft(text), now(), &mut out);
    out
}

fn references(text: &str, roadmap: &[&str], areas: &[&str]) -> Vec<Diagnostic> {
    let ids: BTreeSet<&str> = roadmap.iter().copied().collect();
    let areas: Vec<String> = areas.iter().map(|a| (*a).to_owned()).collect();
    let mut out = Vec::new();
    check_references(&draft(text), &ids, &areas, &mut out);
    out
}

/// Every family at once, as `validate` runs them.
fn all(text: &str) -> Vec<Diagnostic> {
    let d = draft(text);
    let mut out = Vec::new();
    check_lifecycle(&d, &mut out);
    check_time_order(&d, now(), &mut out);
    check_references(
        &d,
        &BTreeSet::from(["hybrid-reranker"]),
        &["retrieval".to_owned()],
        &mut out,
    );
    out
}

fn found(diags: &[Diagnostic]) -> Vec<(Code, usize, usize)> {
    diags.iter().map(|d| (d.code, d.line, d.column)).collect()
}

fn with(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` must occur once");
    text.replace(from, to)
}

// --------------------------------------------------------------- lifecycle

#[test]
fn every_state_with_its_milestones_is_clean() {
    let cases: [(&str, &[&str]); 7] = [
        ("captured", &[]),
        ("distributed", &[DISTRIBUTED]),
        ("acknowledged", &[DISTRIBUTED, ACKNOWLEDGED]),
        ("decided", &[DISTRIBUTED, ACKNOWLEDGED, REVIEW, PLANNED]),
        ("shipped", &[DISTRIBUTED, ACKNOWLEDGED, QUICK_WIN, SHIPPED]),
        (
            "closed",
            &[DISTRIBUTED, ACKNOWLEDGED, REVIEW, PLANNED, SHIPPED, CLOSED],
        ),
        (
            "closed",
            &[DISTRIBUTED, ACKNOWLEDGED, NOT_PRIORITIZED, CLOSED],
        ),
    ];
    for (state, blocks) in cases {
        let diags = all(&item(state, blocks));
        assert!(diags.is_empty(), "{state}: {diags:#?}");
    }
}

#[test]
fn every_state_missing_its_own_milestone_points_at_the_state_line() {
    let cases: [(&str, &[&str], &str); 5] = [
        (
            "distributed",
            &[],
            "state is `distributed` but `distributed` is missing — add the time the anonymized summary went to the internal channel",
        ),
        (
            "acknowledged",
            &[DISTRIBUTED],
            "state is `acknowledged` but `acknowledged` is missing — add the time the developer was thanked",
        ),
        (
            "decided",
            &[DISTRIBUTED, ACKNOWLEDGED],
            "state is `decided` but `decision` is missing — add `decision:` with `outcome`, `at` and `reason`",
        ),
        (
            "shipped",
            &[DISTRIBUTED, ACKNOWLEDGED, QUICK_WIN],
            "state is `shipped` but `shipped` is missing — add `shipped:` with `at` and the `release` or `pr`",
        ),
        (
            "closed",
            &[DISTRIBUTED, ACKNOWLEDGED, QUICK_WIN, SHIPPED],
            "state is `closed` but `closed` is missing — add `closed:` with `at`, the time the developer was told",
        ),
    ];
    for (state, blocks, message) in cases {
        let diags = lifecycle(&item(state, blocks));
        assert_eq!(found(&diags), [(Code::MissingField, 12, 1)], "{state}");
        assert_eq!(diags[0].text(), message);
        assert_eq!(diags[0].file, PATH);
    }
}

#[test]
fn a_state_needs_the_milestones_of_every_state_before_it() {
    let diags = lifecycle(&item("closed", &[]));
    assert_eq!(found(&diags), [(Code::MissingField, 12, 1); 5]);
    let missing: Vec<&str> = diags
        .iter()
        .map(|d| d.message.split('`').nth(3).unwrap())
        .collect();
    assert_eq!(
        missing,
        [
            "distributed",
            "acknowledged",
            "decision",
            "shipped",
            "closed"
        ]
    );
}

#[test]
fn each_required_part_of_a_milestone_is_named() {
    let cases = [
        (
            "  outcome: quick-win\n",
            "decided",
            "`decision.outcome` is missing",
        ),
        (
            "  at: 2026-11-06T15:30:00Z\n",
            "decided",
            "`decision.at` is missing",
        ),
        (
            "  reason: A one-line fix in the chunker.\n",
            "decided",
            "`decision.reason` is missing",
        ),
    ];
    for (line, state, needle) in cases {
        let decision = with(QUICK_WIN, line, "");
        let diags = lifecycle(&item(state, &[DISTRIBUTED, ACKNOWLEDGED, &decision]));
        assert_eq!(found(&diags), [(Code::MissingField, 12, 1)], "{line}");
        assert!(diags[0].text().contains(needle), "{diags:#?}");
    }

    let shipped = with(SHIPPED, "  at: 2026-11-20T17:00:00Z\n", "");
    let diags = lifecycle(&item(
        "shipped",
        &[DISTRIBUTED, ACKNOWLEDGED, QUICK_WIN, &shipped],
    ));
    assert_eq!(found(&diags), [(Code::MissingField, 12, 1)]);
    assert!(
        diags[0].text().contains("`shipped.at` is missing"),
        "{diags:#?}"
    );

    let closed = "closed:\n  followup: Thanks!\n";
    let diags = lifecycle(&item(
        "closed",
        &[DISTRIBUTED, ACKNOWLEDGED, QUICK_WIN, SHIPPED, closed],
    ));
    assert_eq!(found(&diags), [(Code::MissingField, 12, 1)]);
    assert!(
        diags[0].text().contains("`closed.at` is missing"),
        "{diags:#?}"
    );
}

#[test]
fn a_blank_reason_is_missing() {
    let decision = with(
        QUICK_WIN,
        "reason: A one-line fix in the chunker.",
        "reason: \"  \"",
    );
    let diags = lifecycle(&item("decided", &[DISTRIBUTED, ACKNOWLEDGED, &decision]));
    assert_eq!(found(&diags), [(Code::MissingField, 12, 1)]);
    assert!(diags[0].text().contains("`decision.reason` is missing"));
}

#[test]
fn shipped_without_release_or_pr() {
    let no_where = with(SHIPPED, "  release: v2.3.0\n", "");
    let diags = lifecycle(&item(
        "shipped",
        &[DISTRIBUTED, ACKNOWLEDGED, QUICK_WIN, &no_where],
    ));
    assert_eq!(found(&diags), [(Code::MissingField, 12, 1)]);
    assert_eq!(
        diags[0].text(),
        "`shipped` needs `release` or `pr` — say where the change can be seen"
    );

    let pr_only = with(
        SHIPPED,
        "release: v2.3.0",
        "pr: https://github.com/example/astra/pull/1234",
    );
    let diags = lifecycle(&item(
        "shipped",
        &[DISTRIBUTED, ACKNOWLEDGED, QUICK_WIN, &pr_only],
    ));
    assert!(diags.is_empty(), "a PR is enough: {diags:#?}");
}

#[test]
fn planned_needs_a_roadmap_item() {
    let no_roadmap = with(PLANNED, "  roadmap: hybrid-reranker\n", "");
    let diags = lifecycle(&item("decided", &[DISTRIBUTED, ACKNOWLEDGED, &no_roadmap]));
    // At `outcome:`: line 12 state, 13–14 milestones, 15 decision, 16 outcome.
    assert_eq!(found(&diags), [(Code::MissingField, 16, 3)]);
    assert!(
        diags[0]
            .text()
            .starts_with("a `planned` decision needs `decision.roadmap`"),
        "{diags:#?}"
    );
    // Other outcomes need none.
    let diags = lifecycle(&item("decided", &[DISTRIBUTED, ACKNOWLEDGED, QUICK_WIN]));
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn a_milestone_beyond_the_state_is_reported_at_its_key() {
    let diags = lifecycle(&item("captured", &[DISTRIBUTED]));
    assert_eq!(found(&diags), [(Code::StateMismatch, 13, 1)]);
    assert_eq!(
        diags[0].text(),
        "`distributed` is set but state is `captured` — set `state: distributed` if that milestone happened, or remove `distributed`"
    );

    let diags = lifecycle(&item(
        "acknowledged",
        &[DISTRIBUTED, ACKNOWLEDGED, QUICK_WIN, SHIPPED],
    ));
    assert_eq!(
        found(&diags),
        [(Code::StateMismatch, 15, 1), (Code::StateMismatch, 19, 1)]
    );
    assert!(
        diags[0]
            .text()
            .starts_with("`decision` is set but state is `acknowledged`")
    );
    assert!(
        diags[1]
            .text()
            .starts_with("`shipped` is set but state is `acknowledged`")
    );
    assert!(diags[1].text().contains("set `state: shipped`"));
}

#[test]
fn every_milestone_beyond_captured_is_reported() {
    // Lines: 13 distributed, 14 acknowledged, 15 decision, 19 shipped, 22 closed.
    let diags = lifecycle(&item(
        "captured",
        &[DISTRIBUTED, ACKNOWLEDGED, QUICK_WIN, SHIPPED, CLOSED],
    ));
    assert_eq!(
        found(&diags),
        [
            (Code::StateMismatch, 13, 1),
            (Code::StateMismatch, 14, 1),
            (Code::StateMismatch, 15, 1),
            (Code::StateMismatch, 19, 1),
            (Code::StateMismatch, 22, 1),
        ]
    );
}

#[test]
fn review_is_not_a_milestone_state() {
    let diags = lifecycle(&item("acknowledged", &[DISTRIBUTED, ACKNOWLEDGED, REVIEW]));
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn only_quick_wins_and_planned_items_ship() {
    for decision in [NEEDS_RESEARCH, NOT_PRIORITIZED] {
        let diags = lifecycle(&item(
            "shipped",
            &[DISTRIBUTED, ACKNOWLEDGED, decision, SHIPPED],
        ));
        // shipped: at line 12 + 1 + 1 + 4 + 1.
        assert_eq!(found(&diags), [(Code::StateMismatch, 19, 1)], "{decision}");
        assert!(
            diags[0]
                .text()
                .starts_with("`shipped` only follows a `quick-win` or `planned` decision"),
            "{diags:#?}"
        );
    }
}

/// Regression: `state: shipped` with an outcome that cannot ship and no
/// `shipped:` block used to pass without a word.
#[test]
fn a_shipped_state_needs_an_outcome_that_can_ship() {
    for (decision, outcome) in [
        (NEEDS_RESEARCH, "needs-research"),
        (NOT_PRIORITIZED, "not-prioritized"),
    ] {
        let diags = lifecycle(&item("shipped", &[DISTRIBUTED, ACKNOWLEDGED, decision]));
        assert_eq!(found(&diags), [(Code::StateMismatch, 12, 1)], "{outcome}");
        assert!(
            diags[0]
                .text()
                .contains(&format!("the outcome is `{outcome}`")),
            "{diags:#?}"
        );
    }
}

#[test]
fn closing_straight_after_the_decision_is_only_for_not_prioritized() {
    let ok = lifecycle(&item(
        "closed",
        &[DISTRIBUTED, ACKNOWLEDGED, NOT_PRIORITIZED, CLOSED],
    ));
    assert!(ok.is_empty(), "{ok:#?}");

    let diags = lifecycle(&item(
        "closed",
        &[DISTRIBUTED, ACKNOWLEDGED, NEEDS_RESEARCH, CLOSED],
    ));
    assert_eq!(found(&diags), [(Code::StateMismatch, 12, 1)]);
    assert!(
        diags[0].text().starts_with(
            "an item can close without shipping only when the outcome is `not-prioritized`"
        ),
        "{diags:#?}"
    );

    for decision in [QUICK_WIN, PLANNED] {
        let diags = lifecycle(&item(
            "closed",
            &[DISTRIBUTED, ACKNOWLEDGED, decision, CLOSED],
        ));
        assert_eq!(found(&diags), [(Code::MissingField, 12, 1)], "{decision}");
        assert!(
            diags[0].text().contains("`shipped` is missing"),
            "{diags:#?}"
        );
    }
}

#[test]
fn an_invalid_milestone_is_not_also_missing() {
    let bad = with(QUICK_WIN, "at: 2026-11-06T15:30:00Z", "at: after lunch");
    let calendar = Config::default().calendar;
    let text = item("decided", &[DISTRIBUTED, ACKNOWLEDGED, &bad]);
    let file = SourceFile::new(PATH, text);
    let mut diags = Vec::new();
    let d = parse_item(&file, "retrieval-cliff", &calendar, &mut diags).unwrap();
    assert_eq!(found(&diags), [(Code::InvalidValue, 17, 7)]);
    check_lifecycle(&d, &mut diags);
    assert_eq!(found(&diags), [(Code::InvalidValue, 17, 7)], "{diags:#?}");
}

#[test]
fn without_a_state_the_lifecycle_is_not_checked() {
    let text = format!("{HEAD}{DISTRIBUTED}---\n");
    let calendar = Config::default().calendar;
    let file = SourceFile::new(PATH, text);
    let mut diags = Vec::new();
    let d = parse_item(&file, "retrieval-cliff", &calendar, &mut diags).unwrap();
    assert_eq!(
        found(&diags),
        [(Code::MissingField, 1, 1)],
        "state is missing"
    );
    let mut out = Vec::new();
    check_lifecycle(&d, &mut out);
    assert!(out.is_empty(), "{out:#?}");
}

// --------------------------------------------------------------- time order

/// A closed item with every timestamp, in order.
fn timeline() -> String {
    item(
        "closed",
        &[DISTRIBUTED, ACKNOWLEDGED, REVIEW, PLANNED, SHIPPED, CLOSED],
    )
}

#[test]
fn a_timeline_in_order_is_clean() {
    assert!(time_order(&timeline()).is_empty());
}

#[test]
fn each_milestone_must_follow_received() {
    // (key line as written, its line in `timeline()`, the key path)
    let cases = [
        (
            "distributed: 2026-11-03T18:00:00Z",
            "distributed: 2026-11-03T14:19:59Z",
            13,
            "distributed",
        ),
        (
            "acknowledged: 2026-11-04T09:30:00Z",
            "acknowledged: 2026-11-03T09:30:00Z",
            14,
            "acknowledged",
        ),
        (
            "review: 2026-11-06T15:00:00Z",
            "review: 2026-11-02T15:00:00Z",
            15,
            "review",
        ),
    ];
    for (from, to, line, key) in cases {
        let diags = time_order(&with(&timeline(), from, to));
        assert_eq!(
            found(&diags),
            [(Code::TimeOrder, line, 1)],
            "{key}: {diags:#?}"
        );
        assert!(
            diags[0].text().starts_with(&format!("`{key}` (")),
            "{diags:#?}"
        );
        assert!(
            diags[0]
                .text()
                .contains("is before `received` (2026-11-03T14:20:00Z) — nothing can happen to feedback before it arrives"),
            "{diags:#?}"
        );
    }
}

#[test]
fn a_decision_before_received_breaks_three_rules_at_one_place() {
    let text = with(
        &timeline(),
        "at: 2026-11-06T15:30:00Z",
        "at: 2026-11-01T00:00:00Z",
    );
    let diags = time_order(&text);
    // decision.at: 16 decision, 17 outcome, 18 at.
    assert_eq!(found(&diags), [(Code::TimeOrder, 18, 3); 3]);
    let earlier: Vec<&str> = diags
        .iter()
        .map(|d| d.message.split('`').nth(3).unwrap())
        .collect();
    assert_eq!(earlier, ["received", "distributed", "acknowledged"]);
}

#[test]
fn the_decision_follows_distribution_and_acknowledgement() {
    // Distributed after the decision, but after received.
    let text = with(
        &timeline(),
        "distributed: 2026-11-03T18:00:00Z",
        "distributed: 2026-11-06T16:00:00Z",
    );
    let diags = time_order(&text);
    assert_eq!(found(&diags), [(Code::TimeOrder, 18, 3)]);
    assert_eq!(
        diags[0].text(),
        "`decision.at` (2026-11-06T15:30:00Z) is before `distributed` (2026-11-06T16:00:00Z) — the owners decide after they were told; check both times and their time zones"
    );

    let text = with(
        &timeline(),
        "acknowledged: 2026-11-04T09:30:00Z",
        "acknowledged: 2026-11-06T15:31:00Z",
    );
    let diags = time_order(&text);
    assert_eq!(found(&diags), [(Code::TimeOrder, 18, 3)]);
    assert!(
        diags[0]
            .text()
            .contains("is before `acknowledged` (2026-11-06T15:31:00Z) — the developer is thanked before the decision"),
        "{diags:#?}"
    );
}

#[test]
fn shipping_follows_the_decision_and_closing_follows_shipping() {
    let text = with(
        &timeline(),
        "at: 2026-11-20T17:00:00Z",
        "at: 2026-11-06T15:00:00Z",
    );
    let diags = time_order(&text);
    // shipped.at: 12 state, 13 dist, 14 ack, 15 review, 16–20 decision, 21 shipped, 22 at.
    assert_eq!(found(&diags), [(Code::TimeOrder, 22, 3)]);
    assert!(
        diags[0]
            .text()
            .starts_with("`shipped.at` (2026-11-06T15:00:00Z) is before `decision.at` (2026-11-06T15:30:00Z) — a change ships after it was decided"),
        "{diags:#?}"
    );

    let text = with(
        &timeline(),
        "at: 2026-11-21T10:00:00Z",
        "at: 2026-11-20T16:59:59Z",
    );
    let diags = time_order(&text);
    assert_eq!(found(&diags), [(Code::TimeOrder, 25, 3)]);
    assert!(
        diags[0].text().contains(
            "is before `shipped.at` (2026-11-20T17:00:00Z) — the loop closes after the change ships"
        ),
        "{diags:#?}"
    );
}

#[test]
fn without_a_ship_closing_follows_the_decision() {
    let closed = "closed:\n  at: 2026-11-06T15:00:00Z\n";
    let text = item(
        "closed",
        &[DISTRIBUTED, ACKNOWLEDGED, NOT_PRIORITIZED, closed],
    );
    let diags = time_order(&text);
    // closed.at: 12 state, 13, 14, 15–18 decision, 19 closed, 20 at.
    assert_eq!(found(&diags), [(Code::TimeOrder, 20, 3)]);
    assert!(
        diags[0].text().contains(
            "is before `decision.at` (2026-11-06T15:30:00Z) — the loop closes after the decision"
        ),
        "{diags:#?}"
    );
}

#[test]
fn equal_times_in_different_zones_are_in_order() {
    let text = with(
        &item("distributed", &[DISTRIBUTED]),
        "distributed: 2026-11-03T18:00:00Z",
        "distributed: 2026-11-03T09:20:00-05:00",
    );
    assert!(time_order(&text).is_empty());
    let text = with(
        &item("distributed", &[DISTRIBUTED]),
        "distributed: 2026-11-03T18:00:00Z",
        "distributed: 2026-11-03T09:19:00-05:00",
    );
    assert_eq!(found(&time_order(&text)), [(Code::TimeOrder, 13, 1)]);
}

#[test]
fn nothing_may_lie_in_the_future() {
    let text = with(
        &item("captured", &[]),
        "received: 2026-11-03T14:20:00Z",
        "received: 2026-11-26T12:00:01Z",
    );
    let diags = time_order(&text);
    assert_eq!(found(&diags), [(Code::FutureTimestamp, 3, 1)]);
    assert_eq!(
        diags[0].text(),
        "`received` (2026-11-26T12:00:01Z) is after now (2026-11-26T12:00:00Z) — record milestones when they happen, and check the time zone"
    );

    let exactly_now = with(
        &item("captured", &[]),
        "received: 2026-11-03T14:20:00Z",
        "received: 2026-11-26T12:00:00Z",
    );
    assert!(
        time_order(&exactly_now).is_empty(),
        "now itself is not the future"
    );

    let text = with(
        &timeline(),
        "at: 2026-11-21T10:00:00Z",
        "at: 2026-12-01T10:00:00Z",
    );
    let diags = time_order(&text);
    assert_eq!(found(&diags), [(Code::FutureTimestamp, 25, 3)]);
    assert!(
        diags[0]
            .text()
            .starts_with("`closed.at` (2026-12-01T10:00:00Z) is after now")
    );
}

// ---------------------------------------------------------------- references

#[test]
fn an_unknown_roadmap_item_gets_a_suggestion() {
    let text = item("decided", &[DISTRIBUTED, ACKNOWLEDGED, PLANNED]);
    assert!(references(&text, &["hybrid-reranker"], &[]).is_empty());

    let diags = references(&text, &["hybrid-re-ranker", "cli-profiles"], &[]);
    // roadmap: 12 state, 13, 14, 15 decision, 16–18, 19 roadmap.
    assert_eq!(found(&diags), [(Code::UnknownRoadmap, 19, 3)]);
    assert_eq!(
        diags[0].text(),
        "`decision.roadmap: hybrid-reranker` names no roadmap item — add `roadmap/hybrid-reranker.md` or fix the name; did you mean `hybrid-re-ranker`?"
    );

    let diags = references(&text, &["cli-profiles"], &[]);
    assert_eq!(found(&diags), [(Code::UnknownRoadmap, 19, 3)]);
    assert!(!diags[0].text().contains("did you mean"), "{diags:#?}");

    let diags = references(&text, &[], &[]);
    assert_eq!(found(&diags), [(Code::UnknownRoadmap, 19, 3)]);
}

#[test]
fn an_unknown_area_gets_a_suggestion() {
    let text = with(&item("captured", &[]), "area: retrieval", "area: retreival");
    let diags = references(&text, &[], &["retrieval", "docs"]);
    assert_eq!(found(&diags), [(Code::UnknownArea, 8, 1)]);
    assert_eq!(
        diags[0].text(),
        "`area: retreival` is not one of the areas in closeloop.toml (retrieval, docs); did you mean `retrieval`? — use one of them, or add it to `areas`"
    );
    assert!(
        references(&text, &[], &[]).is_empty(),
        "no `areas` allows any area"
    );
    assert!(references(&item("captured", &[]), &[], &["retrieval", "docs"]).is_empty());
}

// ------------------------------------------------------------ duplicate ids

#[test]
fn every_file_sharing_an_id_names_the_others() {
    let mut out = Vec::new();
    check_unique_ids(
        [
            ("retrieval-cliff", "feedback/2026/10/retrieval-cliff.md"),
            ("other", "feedback/2026/10/other.md"),
            ("retrieval-cliff", "feedback/2026/11/retrieval-cliff.md"),
            ("retrieval-cliff", "feedback/retrieval-cliff.md"),
        ],
        &mut out,
    );
    assert_eq!(
        out.iter()
            .map(|d| (d.code, d.file.as_str(), d.line, d.column))
            .collect::<Vec<_>>(),
        [
            (
                Code::DuplicateId,
                "feedback/2026/10/retrieval-cliff.md",
                1,
                1
            ),
            (
                Code::DuplicateId,
                "feedback/2026/11/retrieval-cliff.md",
                1,
                1
            ),
            (Code::DuplicateId, "feedback/retrieval-cliff.md", 1, 1),
        ]
    );
    assert_eq!(
        out[0].text(),
        "the id `retrieval-cliff` is also used by feedback/2026/11/retrieval-cliff.md, feedback/retrieval-cliff.md — ids are file names and must be unique across the folder; rename one of the files"
    );
    assert!(out[2].text().contains(
        "also used by feedback/2026/10/retrieval-cliff.md, feedback/2026/11/retrieval-cliff.md"
    ));

    let mut out = Vec::new();
    check_unique_ids([("a", "feedback/a.md"), ("b", "feedback/b.md")], &mut out);
    assert!(out.is_empty());
}

#[test]
fn sorting_by_key_order_agrees_with_a_sort() {
    // Every permutation of 6, and some longer runs with long cycles.
    fn permutations(n: usize) -> Vec<Vec<u32>> {
        if n == 0 {
            return vec![Vec::new()];
        }
        let mut out = Vec::new();
        for p in permutations(n - 1) {
            for at in 0..=p.len() {
                let mut q = p.clone();
                q.insert(at, (n - 1) as u32);
                out.push(q);
            }
        }
        out
    }
    let mut cases = permutations(6);
    cases.push((0..1000).rev().collect());
    cases.push((0..1000).map(|n| (n * 7919) % 1000).collect());
    cases.push((1..1000).chain([0]).collect());
    for case in cases {
        let mut items: Vec<(u32, String)> =
            case.iter().map(|&n| (n, format!("item {n}"))).collect();
        let mut expected = items.clone();
        expected.sort();
        super::sort_by_key_order(&mut items, |a, b| a.cmp(b));
        assert_eq!(items, expected, "from {case:?}");
    }
}
