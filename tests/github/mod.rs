//! `validate --format github` in a workflow: annotations on stdout, and the
//! Markdown job summary appended to `$GITHUB_STEP_SUMMARY`.

use crate::support::{NOW, TempRepo, run};
use std::process::Command;

fn in_actions(root: &std::path::Path, summary: &std::path::Path) -> Command {
    in_actions_as(root, summary, "github")
}

fn in_actions_as(root: &std::path::Path, summary: &std::path::Path, format: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_closeloop"));
    cmd.current_dir(root)
        .args([
            "--now", NOW, "--color", "never", "validate", "--format", format,
        ])
        .env("GITHUB_STEP_SUMMARY", summary)
        .env("GITHUB_SERVER_URL", "https://github.com")
        .env("GITHUB_REPOSITORY", "acme/voice")
        .env("GITHUB_SHA", "0123abcd");
    cmd
}

#[test]
fn the_summary_is_appended_with_every_problem_and_line_links() {
    let repo = TempRepo::copy_of("every-code");
    let summary = repo.path("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let out = run(in_actions(repo.root(), &summary));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.starts_with("::error file="), "{}", out.stdout);
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(
        text.starts_with("earlier step\n## closeloop validate\n\n❌ checked "),
        "{text}"
    );
    assert!(text.contains("| `missing-field` | error | 1 |"), "{text}");
    let rows = text
        .lines()
        .filter(|l| l.starts_with("| [feedback/"))
        .count();
    let annotations = out.stdout.lines().filter(|l| l.starts_with("::")).count();
    assert_eq!(rows, annotations, "{text}");
    assert!(text.contains(
        "[feedback/2026/11/unknown-field.md](https://github.com/acme/voice/blob/0123abcd/feedback/2026/11/unknown-field.md) | [12](https://github.com/acme/voice/blob/0123abcd/feedback/2026/11/unknown-field.md#L12)"
    ), "{text}");
}

#[test]
fn other_formats_and_an_unset_variable_write_no_summary() {
    let repo = TempRepo::copy_of("valid");
    let summary = repo.path("summary.md");
    assert_eq!(run(in_actions_as(repo.root(), &summary, "json")).code, 0);
    assert!(!summary.exists());
    let mut cmd = in_actions(repo.root(), &summary);
    cmd.env("GITHUB_STEP_SUMMARY", "");
    assert_eq!(run(cmd).code, 0);
    assert!(!summary.exists());
    // Set and clean: the summary says so.
    let out = run(in_actions(repo.root(), &summary));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(
        text.contains("✅ checked 6 items: 0 errors, 0 warnings"),
        "{text}"
    );
}
