//! `completions`, `man`, typed flags and the colour conventions.

use crate::support::{NOW, TempRepo, closeloop_in, fixture};
use std::io::Write as _;
use std::process::{Command, Stdio};

fn piped(cmd: &str, args: &[&str], input: &str) -> (bool, String, String) {
    let mut child = Command::new(cmd)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{cmd} runs: {e}"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bash_completions_parse_and_know_the_commands() {
    let here = tempfile::tempdir().unwrap();
    let out = closeloop_in(here.path(), &["completions", "bash"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (ok, _, err) = piped("bash", &["-n"], &out.stdout);
    assert!(ok, "bash -n: {err}");
    for word in [
        "validate",
        "--base",
        "completions",
        "dx-friction",
        "anonymous",
    ] {
        assert!(out.stdout.contains(word), "{word}");
    }
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let out = closeloop_in(here.path(), &["completions", shell]);
        assert_eq!(out.code, 0, "{shell}: {}", out.stderr);
        assert!(out.stdout.contains("closeloop"), "{shell}");
    }
    assert_eq!(closeloop_in(here.path(), &["completions", "tcsh"]).code, 2);
}

#[test]
fn the_manual_page_renders_without_warnings() {
    let here = tempfile::tempdir().unwrap();
    let out = closeloop_in(here.path(), &["man"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.is_ascii(), "roff input stays ASCII");
    let (ok, text, warnings) = piped("groff", &["-man", "-Tutf8", "-ww"], &out.stdout);
    assert!(ok, "groff failed: {warnings}");
    assert_eq!(warnings, "", "groff warned");
    let plain: String = text.replace('\u{8}', "");
    for wanted in [
        "CLOSELOOP VALIDATE",
        "CLOSELOOP NEW",
        "CLOSELOOP REPORT WEEKLY",
        "base",
    ] {
        assert!(
            out.stdout.contains(wanted) || plain.contains(wanted),
            "{wanted}"
        );
    }
    assert!(
        out.stdout.contains("\\fB\\-\\-base\\fR \\fIREF\\fR"),
        "every flag is listed"
    );
}

#[test]
fn periods_are_checked_at_the_edge() {
    let root = fixture("report");
    let bad = closeloop_in(&root, &["report", "weekly", "--week", "2026-W60"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("2026-W"), "{}", bad.stderr);
    let wrong = closeloop_in(&root, &["report", "quarterly", "--quarter", "2026-W47"]);
    assert_eq!(wrong.code, 2);
    assert!(
        wrong.stderr.contains("write it like `2026-Q4`"),
        "{}",
        wrong.stderr
    );
    let good = closeloop_in(
        &root,
        &["report", "weekly", "--week", "2026-W47", "--format", "json"],
    );
    assert_eq!(good.code, 0, "{}", good.stderr);
}

/// `validate` into a pipe with `--color auto` and the given variables
/// (run directly: the suite's runner removes `NO_COLOR`).
fn coloured(vars: &[(&str, &str)]) -> bool {
    let repo = TempRepo::copy_of("every-code");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_closeloop"));
    cmd.current_dir(repo.root())
        .args(["--now", NOW, "--color", "auto", "validate"])
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("NO_COLOR")
        .env("TERM", "xterm-256color")
        .stdin(Stdio::null());
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    out.stdout.contains(&0x1b)
}

#[test]
fn colour_follows_no_color_and_clicolor() {
    assert!(!coloured(&[]), "a pipe is not coloured");
    assert!(coloured(&[("CLICOLOR_FORCE", "1")]));
    assert!(
        coloured(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "")]),
        "an empty NO_COLOR is ignored"
    );
    assert!(!coloured(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]));
}
