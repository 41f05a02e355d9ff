//! Duplicates (SPEC §12) end to end, on the hand-worked `duplicates`
//! fixture: one shipped original, `retrieval-cliff` (frequency 2), reported
//! again by `long-context-recall` (public, 1, closed), `context-window-drop`
//! (anonymous, 3, acknowledged) and `recall-private-report` (private, 1,
//! closed); one decided original, `stream-timeout` (3), with the public
//! duplicate `proxy-cuts-stream` (1); and `docs-search-delight` on its own.
//!
//! Commands run from inside the repository, as the README shows them.

use crate::support::{NOW, Run, TempRepo, fixture, run};
use std::path::Path;
use std::process::Command;

/// `closeloop --now NOW --color never ARGS…` with the repository as the
/// current folder.
fn in_repo(root: &Path, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_closeloop"));
    cmd.current_dir(root);
    cmd.args(["--now", NOW, "--color", "never"]);
    cmd.args(args);
    run(cmd)
}

/// The fixture with one file replaced.
fn with_file(rel: &str, text: &str) -> TempRepo {
    let repo = TempRepo::copy_of("duplicates");
    repo.write(rel, text);
    repo
}

/// The one error of a run that must have exactly one (the fixture's
/// running clocks may add warnings).
fn only_error(run: &Run) -> serde_json::Value {
    let json = run.json();
    let errors: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), 1, "expected one error: {json:#}");
    errors[0].clone()
}

fn fixture_file(rel: &str) -> String {
    std::fs::read_to_string(fixture("duplicates").join(rel)).unwrap()
}

// -------------------------------------------------------------- validate

#[test]
fn the_duplicates_fixture_validates() {
    let run = in_repo(&fixture("duplicates"), &["validate", "--format", "json"]);
    run.assert_no_panic();
    assert_eq!(run.code, 0, "{}", run.stdout);
    let json = run.json();
    assert_eq!(json["errors"], 0, "{}", run.stdout);
    // 7 feedback items and 1 roadmap item.
    assert_eq!(json["items"], 8);
}

#[test]
fn an_unknown_original_is_reported_with_a_suggestion() {
    let rel = "feedback/2026/11/proxy-cuts-stream.md";
    let text = fixture_file(rel).replace(
        "duplicate_of: stream-timeout",
        "duplicate_of: stream-timout",
    );
    let repo = with_file(rel, &text);
    let run = in_repo(repo.root(), &["validate", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let d = only_error(&run);
    assert_eq!(d["code"], "unknown-duplicate");
    assert_eq!(d["file"], rel);
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(12), Some(1))
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .ends_with("did you mean `stream-timeout`?"),
        "{d}"
    );
}

#[test]
fn a_duplicate_of_a_duplicate_is_reported_in_every_format() {
    let rel = "feedback/2026/11/proxy-cuts-stream.md";
    let text = fixture_file(rel).replace(
        "duplicate_of: stream-timeout",
        "duplicate_of: long-context-recall",
    );
    let repo = with_file(rel, &text);
    let json = in_repo(repo.root(), &["validate", "--format", "json"]);
    assert_eq!(json.code, 1);
    let d = only_error(&json);
    assert_eq!(d["code"], "unknown-duplicate");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("itself a duplicate of `retrieval-cliff`"),
        "{d}"
    );
    let human = in_repo(repo.root(), &["validate"]);
    assert_eq!(human.code, 1);
    assert!(
        human.stdout.contains("error[unknown-duplicate]: "),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains(&format!("--> {rel}:12:1\n")),
        "{}",
        human.stdout
    );
    let github = in_repo(repo.root(), &["validate", "--format", "github"]);
    let prefix = format!("::error file={rel},line=12,col=1,title=unknown-duplicate::");
    assert!(
        github.stdout.lines().any(|l| l.starts_with(&prefix)),
        "{}",
        github.stdout
    );
}

#[test]
fn a_duplicate_with_its_own_decision_is_a_state_mismatch() {
    let rel = "feedback/2026/11/proxy-cuts-stream.md";
    let text = fixture_file(rel).replace(
        "acknowledged: 2026-11-19T15:00:00Z\n",
        "acknowledged: 2026-11-19T15:00:00Z\ndecision:\n  outcome: planned\n  at: 2026-11-20T10:00:00Z\n  reason: Same as the original.\n  roadmap: stream-resume\n",
    );
    let repo = with_file(rel, &text);
    let run = in_repo(repo.root(), &["validate", "--format", "json"]);
    assert_eq!(run.code, 1);
    let d = only_error(&run);
    assert_eq!(d["code"], "state-mismatch");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(16), Some(1))
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("follows its original `stream-timeout`"),
        "{d}"
    );
}

#[test]
fn a_duplicate_closed_before_its_original_shipped_is_a_state_mismatch() {
    let rel = "feedback/2026/11/proxy-cuts-stream.md";
    let text = fixture_file(rel)
        .replace("state: acknowledged", "state: closed")
        .replace(
            "acknowledged: 2026-11-19T15:00:00Z\n",
            "acknowledged: 2026-11-19T15:00:00Z\nclosed:\n  at: 2026-11-20T10:00:00Z\n",
        );
    let repo = with_file(rel, &text);
    let run = in_repo(repo.root(), &["validate", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let d = only_error(&run);
    assert_eq!(d["code"], "state-mismatch");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(17), Some(3))
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("`stream-timeout` has neither shipped nor been decided `not-prioritized`"),
        "{d}"
    );
}

#[test]
fn the_schema_knows_duplicate_of() {
    let run = in_repo(&fixture("duplicates"), &["schema"]);
    assert_eq!(run.code, 0);
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let property = &schema["properties"]["duplicate_of"];
    assert_eq!(property["type"], "string");
    assert_eq!(property["pattern"], "^[a-z0-9][a-z0-9-]{0,79}$");
}
