//! Items with errors are left out of every figure, SLA list and page, and every output says
//! how many (SPEC §6 "Boundaries").
//!
//! One repository holds a good item and one item per kind of error that a complete file can
//! still have: time order, state mismatch, a missing milestone, an unknown roadmap item, an
//! unknown area, and two files with the same id (each is told about the other, so both are
//! left out). Every command runs the way
//! the README shows it: from inside the repository, without `--root`.

use crate::support::{GOOD_ITEM, NOW, Run, TempRepo};
use serde_json::Value;
use std::process::Command;

/// The good item, with `from` replaced by `to` (each must occur once).
fn variant(edits: &[(&str, &str)]) -> String {
    let mut text = GOOD_ITEM.to_owned();
    for (from, to) in edits {
        assert_eq!(text.matches(from).count(), 1, "{from:?} occurs once");
        text = text.replace(from, to);
    }
    text
}

/// Seven files with an error each (two of them sharing an id), one good file, and a
/// configuration that lists the allowed areas.
fn repository() -> TempRepo {
    let repo = TempRepo::new();
    repo.write("closeloop.toml", "areas = [\"streaming\"]\n");
    repo.write("feedback/a/good.md", GOOD_ITEM);
    repo.write("feedback/a/same-name.md", GOOD_ITEM);
    repo.write("feedback/b/same-name.md", GOOD_ITEM);
    let state = "state: captured\n";
    let bad = [
        (
            "time-order",
            variant(&[(
                state,
                "state: distributed\ndistributed: 2026-11-26T07:00:00Z\n",
            )]),
        ),
        (
            "state-mismatch",
            variant(&[(
                state,
                "state: captured\ndistributed: 2026-11-26T09:00:00Z\n",
            )]),
        ),
        (
            "missing-milestone",
            variant(&[(state, "state: distributed\n")]),
        ),
        (
            "unknown-roadmap",
            variant(&[(
                state,
                "state: decided\ndistributed: 2026-11-26T09:00:00Z\nacknowledged: 2026-11-26T09:30:00Z\ndecision:\n  outcome: planned\n  at: 2026-11-26T10:00:00Z\n  reason: On the roadmap.\n  roadmap: no-such-plan\n",
            )]),
        ),
        (
            "unknown-area",
            variant(&[("area: streaming\n", "area: billing\n")]),
        ),
    ];
    for (id, text) in bad {
        repo.write(&format!("feedback/{id}.md"), text);
    }
    repo
}

/// `closeloop --now NOW --color never ARGS…` with the repository as the current folder.
fn inside(repo: &TempRepo, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_closeloop"));
    cmd.current_dir(repo.root());
    cmd.args(["--now", NOW, "--color", "never"]);
    cmd.args(args);
    crate::support::run(cmd)
}

fn json(run: &Run) -> Value {
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    serde_json::from_str(&run.stdout).expect("JSON on stdout")
}

const LEFT_OUT: &str = "7 feedback items with errors are left out";

#[test]
fn validate_reports_each_error_once() {
    let repo = repository();
    let run = inside(&repo, &["validate", "--format", "json"]);
    assert_eq!(run.code, 1);
    let report = json(&Run { code: 0, ..run });
    let mut codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    codes.sort_unstable();
    let expected = [
        "duplicate-id",
        "duplicate-id",
        "missing-field",
        "state-mismatch",
        "time-order",
        "unknown-area",
        "unknown-roadmap",
    ];
    assert_eq!(codes, expected);
}

#[test]
fn sla_lists_only_the_clocks_of_items_without_errors() {
    let repo = repository();
    let run = inside(&repo, &["sla", "--format", "json", "--all"]);
    assert!(run.stderr.contains(LEFT_OUT), "stderr: {}", run.stderr);
    let out = json(&run);
    let mut items: Vec<&str> = out["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["item"].as_str().unwrap())
        .collect();
    items.sort_unstable();
    items.dedup();
    assert_eq!(items, ["good"]);
    assert_eq!(
        out["left_out"],
        serde_json::json!({"items": 7, "roadmap": 0})
    );

    let table = inside(&repo, &["sla"]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(table.stdout.contains(LEFT_OUT), "{}", table.stdout);
}

#[test]
fn reports_count_only_items_without_errors_and_say_how_many_they_left_out() {
    let repo = repository();
    // Every item was received on 2026-11-26, in the running week and quarter.
    let weekly = json(&inside(
        &repo,
        &["report", "weekly", "--week", "2026-W48", "--format", "json"],
    ));
    assert_eq!(weekly["received"], 1);
    assert_eq!(weekly["closed_loop"]["items"], 1);
    assert_eq!(
        weekly["left_out"],
        serde_json::json!({"items": 7, "roadmap": 0})
    );
    let quarterly = json(&inside(&repo, &["report", "quarterly", "--format", "json"]));
    assert_eq!(quarterly["received"], 1);
    assert_eq!(quarterly["by_area"], serde_json::json!({"streaming": 1}));
    assert_eq!(quarterly["left_out"]["items"], 7);

    let markdown = inside(&repo, &["report", "weekly"]);
    assert_eq!(markdown.code, 0, "{}", markdown.stderr);
    assert!(markdown.stdout.contains(LEFT_OUT), "{}", markdown.stdout);
    assert!(markdown.stderr.contains(LEFT_OUT), "{}", markdown.stderr);
    let html = inside(&repo, &["report", "quarterly", "--format", "html"]);
    assert_eq!(html.code, 0, "{}", html.stderr);
    assert!(html.stdout.contains(LEFT_OUT), "{}", html.stdout);
}

#[test]
fn build_refuses_and_says_how_many_items_have_errors() {
    let repo = repository();
    let run = inside(&repo, &["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains(LEFT_OUT), "{}", run.stderr);
    assert!(!repo.path("site").exists(), "no site on errors");
}

#[test]
fn a_roadmap_item_with_an_error_is_left_out_and_counted() {
    let repo = TempRepo::new();
    repo.write("feedback/good.md", GOOD_ITEM);
    repo.write(
        "roadmap/later.md",
        "---\ntitle: Added tomorrow\nstatus: planned\nadded: 2026-11-27\n---\n",
    );
    repo.write(
        "roadmap/kept.md",
        "---\ntitle: Added last month\nstatus: planned\nadded: 2026-10-01\n---\n",
    );
    let run = inside(&repo, &["validate", "--format", "json"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("future-timestamp"), "{}", run.stdout);
    let weekly = json(&inside(
        &repo,
        &["report", "weekly", "--week", "2026-W48", "--format", "json"],
    ));
    assert_eq!(weekly["roadmap_origin"]["total"], 1);
    assert_eq!(
        weekly["left_out"],
        serde_json::json!({"items": 0, "roadmap": 1})
    );
}
