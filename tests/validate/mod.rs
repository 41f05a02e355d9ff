//! `closeloop validate` on the fixture repositories: exit codes, the three
//! output formats, positions, order, and the failures that stop a run.

use crate::support::{TempRepo, closeloop, fixture, validate};
use closeloop::diag::{Code, Severity};
use std::collections::BTreeSet;

/// Snapshots live in `tests/snapshots/`, next to the fixtures, not in a
/// folder per module.
macro_rules! snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({ snapshot_path => "../snapshots" }, {
            insta::assert_snapshot!($name, $value);
        })
    };
}

// ----------------------------------------------------------------- valid

#[test]
fn a_valid_repository_passes_in_every_format() {
    let root = fixture("valid");
    let run = validate(&root, &["--format", "json"]);
    run.assert_no_panic();
    assert_eq!(run.code, 0, "{}", run.stdout);
    let json = run.json();
    assert_eq!(json["errors"], 0);
    assert_eq!(json["warnings"], 0);
    // 4 feedback items and 2 roadmap items.
    assert_eq!(json["items"], 6);
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 0);
    assert_eq!(run.stderr, "");

    let human = validate(&root, &[]);
    assert_eq!(human.code, 0);
    assert_eq!(human.stdout, "checked 6 items: 0 errors, 0 warnings\n");

    let github = validate(&root, &["--format", "github"]);
    assert_eq!(github.code, 0);
    assert_eq!(github.stdout, "checked 6 items: 0 errors, 0 warnings\n");

    let denied = validate(&root, &["--deny", "warnings"]);
    assert_eq!(denied.code, 0, "no warnings to deny: {}", denied.stdout);
}

/// The valid fixture holds `feedback/README.md`, `feedback/_template.md`
/// and `feedback/2026/11/.draft.md`, none with front matter: read as items,
/// each would be a `missing-front-matter` error.
#[test]
fn readme_underscore_and_dot_files_are_not_items() {
    let root = fixture("valid");
    for skipped in [
        "feedback/README.md",
        "feedback/_template.md",
        "feedback/2026/11/.draft.md",
    ] {
        assert!(root.join(skipped).is_file(), "{skipped} is in the fixture");
    }
    let run = validate(&root, &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.json()["items"], 6);
}

// ------------------------------------------------------------- every code

/// Each file of `tests/fixtures/every-code` and the one diagnostic it gives,
/// in output order (file, line, column). `unreadable-file.md` is a symbolic
/// link made by the test, as git should not carry one.
const EVERY_CODE: [(&str, u64, u64, &str); 15] = [
    ("feedback/2026/10/duplicate-id.md", 1, 1, "duplicate-id"),
    ("feedback/2026/11/Invalid_Id.md", 1, 1, "invalid-id"),
    ("feedback/2026/11/duplicate-id.md", 1, 1, "duplicate-id"),
    (
        "feedback/2026/11/future-timestamp.md",
        14,
        1,
        "future-timestamp",
    ),
    ("feedback/2026/11/invalid-value.md", 10, 11, "invalid-value"),
    ("feedback/2026/11/missing-field.md", 11, 1, "missing-field"),
    (
        "feedback/2026/11/missing-front-matter.md",
        1,
        1,
        "missing-front-matter",
    ),
    (
        "feedback/2026/11/state-mismatch.md",
        13,
        1,
        "state-mismatch",
    ),
    ("feedback/2026/11/time-order.md", 13, 1, "time-order"),
    ("feedback/2026/11/unknown-area.md", 8, 1, "unknown-area"),
    (
        "feedback/2026/11/unknown-duplicate.md",
        12,
        1,
        "unknown-duplicate",
    ),
    ("feedback/2026/11/unknown-field.md", 12, 1, "unknown-field"),
    (
        "feedback/2026/11/unknown-roadmap.md",
        19,
        3,
        "unknown-roadmap",
    ),
    (
        "feedback/2026/11/unreadable-file.md",
        1,
        1,
        "unreadable-file",
    ),
    ("feedback/2026/11/yaml-syntax.md", 5, 11, "yaml-syntax"),
];

fn every_code_repo() -> TempRepo {
    let repo = TempRepo::copy_of("every-code");
    repo.symlink("missing-field.md", "feedback/2026/11/unreadable-file.md");
    repo
}

#[test]
fn the_every_code_fixture_covers_every_error_code() {
    let covered: BTreeSet<&str> = EVERY_CODE.iter().map(|(_, _, _, code)| *code).collect();
    let errors: BTreeSet<&str> = Code::ALL
        .iter()
        .filter(|c| c.severity() == Severity::Error)
        .map(|c| c.as_str())
        // Found only against a base revision: tests/base covers them.
        .filter(|c| !["state-regressed", "milestone-rewritten", "item-deleted"].contains(c))
        // A bad closeloop.toml stops the run (exit 2): the config tests.
        .filter(|c| *c != "invalid-config")
        .collect();
    assert_eq!(covered, errors);
}

#[test]
fn every_code_is_reported_at_its_line_in_json() {
    let repo = every_code_repo();
    let run = repo.validate(&["--format", "json"]);
    run.assert_no_panic();
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, "");
    let json = run.json();
    assert_eq!(json["errors"], 15);
    assert_eq!(json["warnings"], 0);
    // 15 files under feedback/ (the link included) and one roadmap item.
    assert_eq!(json["items"], 16);
    let expected: Vec<(String, u64, u64, String)> = EVERY_CODE
        .iter()
        .map(|(f, l, c, code)| ((*f).to_owned(), *l, *c, (*code).to_owned()))
        .collect();
    assert_eq!(run.diagnostics(), expected);
    for d in json["diagnostics"].as_array().unwrap() {
        assert_eq!(d["severity"], "error");
        let message = d["message"].as_str().unwrap();
        assert!(message.contains(" — "), "says how to fix it: {message}");
    }
    snapshot!("every_code_json", run.stdout);
}

#[test]
fn every_code_is_reported_at_its_line_for_people() {
    let repo = every_code_repo();
    let run = repo.validate(&[]);
    run.assert_no_panic();
    assert_eq!(run.code, 1);
    assert!(!run.stdout.contains('\x1b'), "--color never: no escapes");
    for (file, line, column, code) in EVERY_CODE {
        assert!(
            run.stdout.contains(&format!("error[{code}]: ")),
            "{code}:\n{}",
            run.stdout
        );
        assert!(
            run.stdout
                .contains(&format!("--> {file}:{line}:{column}\n")),
            "{file}:{line}:{column}:\n{}",
            run.stdout
        );
    }
    assert!(
        run.stdout
            .ends_with("\nchecked 16 items: 15 errors, 0 warnings\n")
    );
    snapshot!("every_code_human", run.stdout);
}

/// The link is reported, not followed: its target's text is not shown.
#[test]
fn the_human_snippet_of_a_link_is_not_its_target() {
    let repo = every_code_repo();
    let run = repo.validate(&[]);
    let at_link = run
        .stdout
        .split("\n\n")
        .find(|block| block.contains("unreadable-file.md"))
        .unwrap();
    assert!(at_link.contains("is a symbolic link"), "{at_link}");
    assert!(!at_link.contains("title:"), "{at_link}");
}

#[test]
fn every_code_is_reported_at_its_line_for_github() {
    let repo = every_code_repo();
    let run = repo.validate(&["--format", "github"]);
    run.assert_no_panic();
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), EVERY_CODE.len() + 1);
    for (line, (file, l, c, code)) in lines.iter().zip(EVERY_CODE) {
        let prefix = format!("::error file={file},line={l},col={c},title={code}::");
        assert!(line.starts_with(&prefix), "{line}\nwanted {prefix}");
        assert!(line.len() > prefix.len(), "a message follows: {line}");
    }
    assert_eq!(
        lines.last().unwrap(),
        &"checked 16 items: 15 errors, 0 warnings"
    );
}

#[test]
fn output_is_the_same_on_every_run() {
    let repo = every_code_repo();
    let first = repo.validate(&["--format", "json"]).stdout;
    for _ in 0..3 {
        assert_eq!(repo.validate(&["--format", "json"]).stdout, first);
    }
}

// ------------------------------------------------------------------ order

#[test]
fn diagnostics_are_ordered_by_file_line_and_column() {
    let run = validate(&fixture("ordering"), &["--format", "json"]);
    assert_eq!(run.code, 1);
    let got = run.diagnostics();
    let got: Vec<(&str, u64, u64, &str)> = got
        .iter()
        .map(|(f, l, c, code)| (f.as_str(), *l, *c, code.as_str()))
        .collect();
    // Found in another order: parsing reports `chanel` before `credit`,
    // and `mood` before the lifecycle checks run.
    assert_eq!(
        got,
        [
            ("feedback/a/first.md", 12, 1, "future-timestamp"),
            ("feedback/z-last.md", 4, 36, "invalid-value"),
            ("feedback/z-last.md", 4, 44, "unknown-field"),
            ("feedback/z-last.md", 11, 1, "state-mismatch"),
            ("feedback/z-last.md", 11, 1, "time-order"),
            ("feedback/z-last.md", 12, 1, "unknown-field"),
            ("roadmap/broken.md", 3, 9, "invalid-value"),
        ]
    );

    let every = every_code_repo()
        .validate(&["--format", "json"])
        .diagnostics();
    let keys: Vec<_> = every.iter().map(|(f, l, c, _)| (f, l, c)).collect();
    assert!(keys.is_sorted(), "{keys:#?}");
}

// ----------------------------------------------------------------- github

#[test]
fn github_escapes_properties_and_data() {
    let run = validate(&fixture("github-escaping"), &["--format", "github"]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    // A comma would end the `file` property: it is escaped there...
    assert!(
        lines[0].starts_with("::error file=feedback/odd%2Cname.md,line=1,col=1,title=invalid-id::the file name gives the id `odd,name`"),
        "...but not in the message: {}",
        lines[0]
    );
    // `%` and a line break inside the message.
    assert_eq!(
        lines[1],
        "::error file=feedback/odd%2Cname.md,line=11,col=3,title=invalid-value::`severity: 100%25%0Aurgent` is not a severity — use one of `low`, `medium`, `high` or `critical`"
    );
    assert_eq!(lines[2], "checked 1 item: 2 errors, 0 warnings");
}

// --------------------------------------------------------- --deny warnings

#[test]
fn warnings_fail_only_under_deny_warnings() {
    let root = fixture("sla-warnings");
    let run = validate(&root, &["--format", "json"]);
    run.assert_no_panic();
    assert_eq!(run.code, 0, "warnings alone do not fail: {}", run.stdout);
    let json = run.json();
    assert_eq!(json["errors"], 0);
    let diags = json["diagnostics"].as_array().unwrap();
    assert!(!diags.is_empty(), "the overdue item has SLA warnings");
    assert_eq!(json["warnings"], diags.len());
    for d in diags {
        assert_eq!(d["severity"], "warning");
        assert!(d["code"].as_str().unwrap().starts_with("sla-"), "{d}");
        assert_eq!(d["file"], "feedback/forgotten.md");
    }
    assert!(
        diags.iter().any(|d| d["code"] == "sla-breached"
            && d["message"].as_str().unwrap().contains("`acknowledge`")),
        "six days without an acknowledgement breaches the 48h SLA: {json:#}"
    );

    let denied = validate(&root, &["--format", "json", "--deny", "warnings"]);
    assert_eq!(denied.code, 1);
    assert_eq!(
        denied.stdout, run.stdout,
        "the same report, another verdict"
    );

    let github = validate(&root, &["--format", "github"]);
    assert!(
        github
            .stdout
            .starts_with("::warning file=feedback/forgotten.md,line=12,col=1,title=sla-"),
        "{}",
        github.stdout
    );

    let errors = every_code_repo().validate(&["--deny", "warnings"]);
    assert_eq!(errors.code, 1);
}

// ------------------------------------------------------ cannot run: exit 2

#[test]
fn a_bad_config_stops_the_run_naming_key_and_line() {
    let run = validate(&fixture("bad-config"), &[]);
    run.assert_no_panic();
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "", "nothing is validated");
    // A diagnostic like any other: title, the line underlined, help.
    assert!(
        run.stderr
            .starts_with("error[invalid-config]: `sla.distribute = \"1w\"`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(" --> closeloop.toml:3:14\n")
            && run.stderr.contains("3 | distribute = \"1w\"\n")
            && run.stderr.contains("^^^^"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`24h`, `14d` or `5bd`"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_config_key_stops_the_run() {
    let repo = TempRepo::new();
    repo.write(
        "closeloop.toml",
        "areas = [\"docs\"]\n\n[calender]\ntimezone = \"UTC\"\n",
    );
    let run = repo.validate(&[]);
    run.assert_no_panic();
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("error[invalid-config]: ")
            && run.stderr.contains(" --> closeloop.toml:3:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("calender"), "{}", run.stderr);
}

#[test]
fn a_root_that_does_not_exist_stops_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-repo");
    let run = validate(&missing, &[]);
    run.assert_no_panic();
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .starts_with("error: cannot open the repository root"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("no-such-repo"), "{}", run.stderr);
}

#[test]
fn a_root_that_is_a_file_stops_the_run() {
    let repo = TempRepo::new();
    let file = repo.write("not-a-folder", "x");
    let run = validate(&file, &[]);
    run.assert_no_panic();
    assert_eq!(run.code, 2);
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    assert!(run.stderr.contains("not-a-folder"), "{}", run.stderr);
}

#[test]
fn a_bad_now_stops_the_run() {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_closeloop"));
    cmd.arg("--root").arg(fixture("valid")).args([
        "--now",
        "yesterday",
        "--color",
        "never",
        "validate",
    ]);
    let run = crate::support::run(cmd);
    run.assert_no_panic();
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .starts_with("error: --now: `yesterday` is not a timestamp"),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_arguments_stop_the_run() {
    let root = fixture("valid");
    for args in [
        &["validate", "--format", "xml"][..],
        &["validate", "--deny", "errors"][..],
    ] {
        let run = closeloop(&root, args);
        assert_eq!(run.code, 2, "{args:?}");
        assert_eq!(run.stdout, "", "{args:?}");
        assert!(
            run.stderr.contains("invalid value"),
            "{args:?}: {}",
            run.stderr
        );
    }
}

// ------------------------------------------------------------- regressions

/// A roadmap file with a problem of its own still exists: the item that
/// names it used to get an `unknown-roadmap` saying "add roadmap/….md".
#[test]
fn a_broken_roadmap_item_is_not_also_a_dangling_reference() {
    let repo = TempRepo::new();
    repo.write(
        "roadmap/hybrid-reranker.md",
        "---\ntitle: Hybrid reranker\nstatus: doing\nadded: 2026-07-14\n---\n",
    );
    let planned = crate::support::GOOD_ITEM.replace(
        "state: captured\n",
        "state: decided\ndistributed: 2026-11-26T09:00:00Z\nacknowledged: 2026-11-26T10:00:00Z\n\
         decision:\n  outcome: planned\n  at: 2026-11-26T11:00:00Z\n  reason: On the roadmap.\n  \
         roadmap: hybrid-reranker\n",
    );
    repo.write("feedback/planned.md", planned);
    let run = repo.validate(&["--format", "json"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.diagnostics(),
        [(
            "roadmap/hybrid-reranker.md".to_owned(),
            3,
            9,
            "invalid-value".to_owned()
        )]
    );
}
