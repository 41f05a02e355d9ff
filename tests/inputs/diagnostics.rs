//! One renderer for every problem: `validate`, build's refusal and a bad
//! `closeloop.toml` print the same diagnostic (title, the line underlined,
//! the help under it), and JSON and GitHub output keep SPEC §8's keys with
//! message and help joined.

use super::in_repo;
use crate::support::{GOOD_ITEM, TempRepo};
use serde_json::Value;

/// An item nobody distributed or acknowledged for six days: two SLA
/// warnings, no error.
fn late_item() -> String {
    GOOD_ITEM.replace("2026-11-26T08:00:00Z", "2026-11-20T08:00:00Z")
}

fn broken_item() -> String {
    GOOD_ITEM.replace("severity: medium", "severity: urgent")
}

#[test]
fn build_refusal_counts_the_warnings_it_does_not_show() {
    let repo = TempRepo::new();
    repo.write("feedback/late.md", late_item());
    repo.write("feedback/broken.md", broken_item());
    let json = in_repo(repo.root(), &["validate", "--format", "json"]).json();
    let warnings = json["warnings"].as_u64().unwrap();
    assert!(warnings >= 2, "{json:#}");

    let build = in_repo(repo.root(), &["build"]);
    assert_eq!(build.code, 1);
    let summary = format!("checked 2 items: 1 error, {warnings} warnings\n");
    assert!(build.stderr.contains(&summary), "{}", build.stderr);
    // The errors only, each with its source line and its help.
    assert!(!build.stderr.contains("warning["), "{}", build.stderr);
    assert!(
        build
            .stderr
            .contains("error[invalid-value]: `severity: urgent` is not a severity\n")
            && build.stderr.contains("10 | severity: urgent\n")
            && build.stderr.contains("^^^^^^")
            && build
                .stderr
                .contains("= help: use one of `low`, `medium`, `high` or `critical`"),
        "{}",
        build.stderr
    );
    assert!(!repo.path("site").exists());
}

#[test]
fn build_refusal_is_coloured_only_when_asked() {
    let repo = TempRepo::new();
    repo.write("feedback/broken.md", broken_item());
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_closeloop"));
    cmd.current_dir(repo.root())
        .args(["--now", crate::support::NOW, "--color", "always", "build"]);
    let coloured = crate::support::run(cmd);
    assert_eq!(coloured.code, 1);
    assert!(coloured.stderr.contains("\u{1b}["), "{:?}", coloured.stderr);
    let plain = in_repo(repo.root(), &["build"]);
    assert!(!plain.stderr.contains('\u{1b}'), "{:?}", plain.stderr);
}

#[test]
fn a_bad_config_is_a_diagnostic_with_its_line_and_help() {
    let repo = TempRepo::new();
    repo.write("feedback/good.md", GOOD_ITEM);
    repo.write("closeloop.toml", "[signals]\nwindow = \"999999999d\"\n");
    let run = in_repo(repo.root(), &["validate"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    let expected = "\
error[invalid-config]: `signals.window = \"999999999d\"` is too long
 --> closeloop.toml:2:10
  |
2 | window = \"999999999d\"
  |          ^^^^^^^^^^^^
  |
  = help: the window is at most ten years (`3660d` or `87840h`)
";
    assert!(run.stderr.starts_with(expected), "{}", run.stderr);
}

#[test]
fn json_keeps_the_spec_keys_and_joins_message_and_help() {
    let repo = TempRepo::new();
    repo.write("feedback/broken.md", broken_item());
    let run = in_repo(repo.root(), &["validate", "--format", "json"]);
    let json: Value = run.json();
    let d = &json["diagnostics"][0];
    for key in ["severity", "code", "file", "line", "column", "message"] {
        assert!(d.get(key).is_some(), "{key} missing: {d:#}");
    }
    assert_eq!(
        d["message"],
        "`severity: urgent` is not a severity — use one of `low`, `medium`, `high` or `critical`"
    );
    assert_eq!(
        d["help"],
        "use one of `low`, `medium`, `high` or `critical`"
    );
    assert_eq!(d["field"], "severity");
    assert_eq!(
        (d["column"].as_u64(), d["end_column"].as_u64()),
        (Some(11), Some(17))
    );

    let github = in_repo(repo.root(), &["validate", "--format", "github"]);
    assert!(
        github.stdout.starts_with(
            "::error file=feedback/broken.md,line=10,col=11,title=invalid-value::`severity: urgent` is not a severity — use one of"
        ),
        "{}",
        github.stdout
    );
}

#[test]
fn check_phase_diagnostics_underline_the_whole_key() {
    let repo = TempRepo::new();
    repo.write(
        "feedback/early.md",
        GOOD_ITEM.replace(
            "state: captured",
            "state: captured\ndistributed: 2026-11-26T07:00:00Z",
        ),
    );
    let run = in_repo(repo.root(), &["validate"]);
    assert!(
        run.stdout
            .contains("13 | distributed: 2026-11-26T07:00:00Z\n   | ^^^^^^^^^^^\n"),
        "{}",
        run.stdout
    );
    let json = in_repo(repo.root(), &["validate", "--format", "json"]).json();
    let fields: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["field"].as_str())
        .collect();
    assert!(fields.contains(&"distributed"), "{json:#}");
}
