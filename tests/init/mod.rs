//! `closeloop init`: the scaffold, its workflow, and a repository made by
//! it passing its own workflow's steps run locally.

use crate::support::{GOOD_ITEM, NOW, closeloop_in, git, run};
use std::path::Path;
use std::process::Command;

const FILES: [&str; 6] = [
    "closeloop.toml",
    ".gitignore",
    ".closeloop/config.schema.json",
    "feedback/example-quick-start-api-key.md",
    "roadmap/README.md",
    ".github/workflows/closeloop.yml",
];

fn init_in(parent: &Path, dir: &str) -> crate::support::Run {
    closeloop_in(parent, &["init", dir])
}

fn at(dir: &Path, now: &str, args: &[&str]) -> crate::support::Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_closeloop"));
    cmd.current_dir(dir)
        .args(["--now", now, "--color", "never"])
        .args(args);
    run(cmd)
}

#[test]
fn init_writes_a_repository_that_validates_and_stays_on_time() {
    let tmp = tempfile::tempdir().unwrap();
    let out = init_in(tmp.path(), "voice");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let root = tmp.path().join("voice");
    for file in FILES {
        assert!(root.join(file).is_file(), "{file}");
    }
    assert!(
        std::fs::read_to_string(root.join(".gitignore"))
            .unwrap()
            .contains("/site/")
    );
    // From inside, as the README shows it; now, a day later and two weeks
    // later: no error and no SLA warning.
    for now in [NOW, "2026-11-27T12:00:00Z", "2026-12-10T12:00:00Z"] {
        let run = at(&root, now, &["validate", "--format", "json"]);
        assert_eq!(run.code, 0, "{now}: {}", run.stdout);
        assert_eq!(run.json()["errors"], 0, "{now}: {}", run.stdout);
        assert_eq!(run.json()["warnings"], 0, "{now}: {}", run.stdout);
    }
}

#[test]
fn the_workflow_pins_every_action_and_the_closeloop_version() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(init_in(tmp.path(), ".").code, 0);
    let text = std::fs::read_to_string(tmp.path().join(".github/workflows/closeloop.yml")).unwrap();
    let uses: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim().trim_start_matches("- ").strip_prefix("uses: "))
        .collect();
    assert_eq!(uses.len(), 8, "{text}");
    for line in uses {
        let (action, rest) = line.split_once('@').unwrap();
        let (sha, comment) = rest
            .split_once(" # v")
            .unwrap_or_else(|| panic!("no version comment: {line}"));
        assert!(action.starts_with("actions/"), "{line}");
        assert_eq!(sha.len(), 40, "{line}");
        assert!(sha.chars().all(|c| c.is_ascii_hexdigit()), "{line}");
        assert!(comment.chars().next().unwrap().is_ascii_digit(), "{line}");
    }
    let version = env!("CARGO_PKG_VERSION");
    for wanted in [
        "permissions:\n  contents: read",
        &format!("CLOSELOOP_VERSION: \"{version}\""),
        "cargo install --locked closeloop --version \"$CLOSELOOP_VERSION\"",
        "fetch-depth: 0",
        "persist-credentials: false",
        "closeloop validate --format github --base \"origin/$BASE_REF\"",
        "BASE_REF: ${{ github.base_ref }}",
        "pages: write",
        "id-token: write",
        "environment:\n      name: github-pages",
        "concurrency:\n      group: pages",
        "closeloop build",
        "path: site",
        "cron: ",
        "workflow_dispatch:",
        "closeloop todo --format md >> \"$GITHUB_STEP_SUMMARY\"",
        "closeloop report digest --since 24h --format slack",
        "SLACK_WEBHOOK_URL: ${{ secrets.SLACK_WEBHOOK_URL }}",
    ] {
        assert!(text.contains(wanted), "no {wanted:?} in\n{text}");
    }
    assert_eq!(text.matches("persist-credentials: false").count(), 3);
}

/// The check and publish jobs' commands, run the way the workflow runs
/// them: a pull request branch against `main`, then the build on main.
#[test]
fn a_repository_made_by_init_passes_its_own_workflow_steps() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("voice");
    assert_eq!(init_in(tmp.path(), "voice").code, 0);
    git(&root, &["init", "-q"]);
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-q", "-m", "closeloop init"]);
    git(&root, &["checkout", "-q", "-b", "first-item"]);
    std::fs::write(root.join("feedback/streams-drop.md"), GOOD_ITEM).unwrap();
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-q", "-m", "first item"]);
    let check = closeloop_in(&root, &["validate", "--format", "github", "--base", "main"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert!(
        check
            .stdout
            .ends_with("checked 2 items: 0 errors, 0 warnings\n"),
        "{}",
        check.stdout
    );
    git(&root, &["checkout", "-q", "main"]);
    git(&root, &["merge", "-q", "--ff-only", "first-item"]);
    let build = closeloop_in(&root, &["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(root.join("site/index.html").is_file());
    // The build's output is ignored, so the working tree stays clean.
    assert_eq!(git(&root, &["status", "--porcelain"]), "");
}

#[test]
fn init_is_all_or_nothing() {
    // A file of the scaffold exists: nothing is written.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join(".gitignore"), "mine\n").unwrap();
    let out = init_in(tmp.path(), ".");
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains(".gitignore"), "{}", out.stderr);
    assert!(out.stderr.contains("nothing was written"), "{}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(tmp.path().join(".gitignore")).unwrap(),
        "mine\n"
    );
    assert!(!tmp.path().join("closeloop.toml").exists());

    // A failure part-way (`.github` is a file, so the workflow cannot be
    // written) removes what the run had created.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join(".github"), "").unwrap();
    let out = init_in(tmp.path(), ".");
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("nothing was written"), "{}", out.stderr);
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, [".github"], "{left:?}");
}
