//! Hostile values, one test per attack: a configuration or an item built
//! to make closeloop panic, hang, flood the disk, break `feed.xml` or
//! fool a terminal. Each runs the real binary from inside the repository,
//! as the README shows, and pins the message a user sees.

use crate::support::closeloop_in as in_repo;
use crate::support::{GOOD_ITEM, Run, TempRepo, run};
use serde_json::Value;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// Generous for a debug build on a busy machine; what matters is that
/// nothing grows with the size of the attack.
const QUICK: Duration = Duration::from_secs(10);

fn json_of(root: &Path) -> (Run, Vec<Value>) {
    let run = in_repo(root, &["validate", "--format", "json"]);
    run.assert_no_panic();
    let diags = run.json()["diagnostics"].as_array().unwrap().clone();
    (run, diags)
}

/// The diagnostics of `file` with `code`.
fn with_code<'a>(diags: &'a [Value], file: &str, code: &str) -> Vec<&'a Value> {
    diags
        .iter()
        .filter(|d| d["file"] == file && d["code"] == code)
        .collect()
}

fn message(d: &Value) -> &str {
    d["message"].as_str().unwrap()
}

/// Every command that reads the configuration must stop with exit 2 and
/// the position of the bad key, never panic.
fn every_command_stops_at(repo: &TempRepo, position: &str, needle: &str) {
    for args in [
        &["validate"][..],
        &["sla"],
        &["report", "weekly"],
        &["report", "quarterly"],
        &["build"],
    ] {
        let run = in_repo(repo.root(), args);
        run.assert_no_panic();
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains(position) && run.stderr.contains(needle),
            "{args:?}: {}",
            run.stderr
        );
    }
    assert!(!repo.path("site").exists(), "nothing was built");
}

/// A shipped, closed item whose `shipped:` block is `shipped` (indented).
fn shipped_item(shipped: &str) -> String {
    format!(
        "---\ntitle: Retries double-charge\nreceived: 2026-11-20T08:00:00Z\ndeveloper:\n  handle: \"@li\"\n  credit: public\nquote: It charged twice.\narea: billing\ntag: dx-friction\nseverity: high\njtbd: When a call retries, I want one charge, so that users trust us.\nstate: shipped\ndistributed: 2026-11-20T09:00:00Z\nacknowledged: 2026-11-20T10:00:00Z\ndecision:\n  outcome: quick-win\n  at: 2026-11-20T11:00:00Z\n  reason: Idempotency keys.\nshipped:\n  at: 2026-11-21T11:00:00Z\n{shipped}---\n"
    )
}

#[test]
fn a_signals_window_of_999999999_days_stops_every_command_at_its_key() {
    let repo = TempRepo::new();
    repo.write("feedback/good.md", GOOD_ITEM);
    repo.write("closeloop.toml", "[signals]\nwindow = \"999999999d\"\n");
    every_command_stops_at(&repo, "closeloop.toml:2:10", "at most ten years");
}

#[test]
fn an_sla_span_that_overflows_a_date_stops_every_command_at_its_key() {
    let repo = TempRepo::new();
    repo.write("feedback/good.md", GOOD_ITEM);
    repo.write("closeloop.toml", "[sla]\nreview = \"4294967295bd\"\n");
    every_command_stops_at(&repo, "closeloop.toml:2:10", "at most a year");
    repo.write("closeloop.toml", "[sla]\nquick_win = \"4294967295h\"\n");
    every_command_stops_at(&repo, "closeloop.toml:2:13", "at most a year");
}

#[test]
fn the_longest_allowed_spans_give_rfc3339_due_dates() {
    let repo = TempRepo::new();
    repo.write("feedback/good.md", GOOD_ITEM);
    repo.write(
        "closeloop.toml",
        "[sla]\ndistribute = \"366d\"\nacknowledge = \"8784h\"\nreview = \"261bd\"\n[signals]\nwindow = \"3660d\"\n",
    );
    let run = in_repo(repo.root(), &["sla", "--format", "json", "--all"]);
    run.assert_no_panic();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    let clocks = json["clocks"].as_array().unwrap();
    assert!(!clocks.is_empty());
    for clock in clocks {
        let due = clock["due"].as_str().unwrap();
        assert!(
            chrono::DateTime::parse_from_rfc3339(due).is_ok() && due.len() == 20,
            "{due}"
        );
    }
}

#[test]
fn an_item_received_in_year_one_is_an_invalid_value_naming_the_range() {
    let repo = TempRepo::new();
    repo.write(
        "feedback/ancient.md",
        GOOD_ITEM.replace("2026-11-26T08:00:00Z", "0001-01-01"),
    );
    let (run, diags) = json_of(repo.root());
    assert_eq!(run.code, 1);
    let bad = with_code(&diags, "feedback/ancient.md", "invalid-value");
    assert_eq!(bad.len(), 1, "{diags:#?}");
    assert_eq!(
        (bad[0]["line"].as_u64(), bad[0]["column"].as_u64()),
        (Some(3), Some(11))
    );
    assert!(
        message(bad[0]).contains("from 2000-01-01 to 2099-12-31"),
        "{}",
        message(bad[0])
    );
    // Nothing is built, so no report pages for 2,000 years of weeks.
    let build = in_repo(repo.root(), &["build"]);
    assert_eq!(build.code, 1);
    assert!(!repo.path("site").exists());
}

#[test]
fn a_now_in_year_one_stops_the_run() {
    let repo = TempRepo::new();
    repo.write("feedback/good.md", GOOD_ITEM);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_closeloop"));
    cmd.current_dir(repo.root())
        .args(["--now", "0001-01-01T00:00:00Z", "validate"]);
    let run = run(cmd);
    run.assert_no_panic();
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("2000-01-01 to 2099-12-31"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_megabyte_of_keys_is_checked_quickly_and_its_diagnostics_capped() {
    let repo = TempRepo::new();
    let mut text = String::from("---\n");
    let mut n = 0;
    while text.len() < 1024 * 1024 - 32 {
        text.push_str(&format!("k{n}: 1\n"));
        n += 1;
    }
    text.push_str("---\n");
    assert!(n > 90_000, "{n} keys");
    repo.write("feedback/keys.md", &text);
    let (run, diags) = json_of(repo.root());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.elapsed < QUICK, "took {:?}", run.elapsed);
    assert_eq!(diags.len(), 50);
    let last = diags.last().unwrap();
    assert_eq!(last["code"], "unknown-field");
    assert!(
        message(last).starts_with(&format!(
            "{} more problems in this file are left out",
            n + 8 - 49
        )),
        "{}",
        message(last)
    );
    // The human format shows the same cap.
    let human = in_repo(repo.root(), &["validate"]);
    assert!(human.elapsed < QUICK, "took {:?}", human.elapsed);
    assert!(
        human
            .stdout
            .ends_with("checked 1 item: 50 errors, 0 warnings\n")
    );
}

#[test]
fn control_characters_and_non_characters_in_text_fields_are_invalid_values() {
    let repo = TempRepo::new();
    let item = shipped_item("  release: \"v1\\a.0\"\n")
        .replace(
            "title: Retries double-charge",
            "title: \"Retries \\e[2J double-charge\"",
        )
        .replace(
            "quote: It charged twice.",
            "quote: \"It charged \\uFFFF twice.\"",
        )
        .replace("handle: \"@li\"", "handle: \"@li\\0\"");
    repo.write("feedback/controls.md", item);
    let (run, diags) = json_of(repo.root());
    assert_eq!(run.code, 1);
    let bad = with_code(&diags, "feedback/controls.md", "invalid-value");
    let found: Vec<(u64, &str)> = bad
        .iter()
        .map(|d| (d["line"].as_u64().unwrap(), message(d)))
        .collect();
    let expect = [
        (2, "`title` contains the character U+001B (escape)"),
        (5, "`developer.handle` contains the character U+0000 (NUL)"),
        (7, "`quote` contains the character U+FFFF (a non-character)"),
        (21, "`shipped.release` contains the character U+0007 (bell)"),
    ];
    assert_eq!(found.len(), expect.len(), "{found:#?}");
    for ((line, m), (want_line, want)) in found.iter().zip(expect) {
        assert_eq!(*line, want_line, "{m}");
        assert!(m.starts_with(want), "{m}");
    }
    // No missing-field on top of the invalid values.
    assert!(with_code(&diags, "feedback/controls.md", "missing-field").is_empty());
    // The site is not built, so feed.xml cannot carry them.
    assert_eq!(in_repo(repo.root(), &["build"]).code, 1);
}

#[test]
fn a_control_character_in_the_site_title_stops_every_command() {
    let repo = TempRepo::new();
    repo.write("feedback/good.md", GOOD_ITEM);
    repo.write("closeloop.toml", "[site]\ntitle = \"Voice\\u0008\"\n");
    every_command_stops_at(&repo, "closeloop.toml:2:9", "U+0008 (backspace)");
}

#[test]
fn a_config_that_is_a_symlink_to_dev_zero_is_refused() {
    let repo = TempRepo::new();
    repo.write("feedback/good.md", GOOD_ITEM);
    repo.symlink("/dev/zero", "closeloop.toml");
    let run = in_repo(repo.root(), &["validate"]);
    run.assert_no_panic();
    assert_eq!(run.code, 2);
    assert!(run.elapsed < QUICK, "took {:?}", run.elapsed);
    assert!(
        run.stderr.contains("closeloop.toml is a symbolic link"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_config_that_is_a_named_pipe_does_not_hang() {
    let repo = TempRepo::new();
    repo.write("feedback/good.md", GOOD_ITEM);
    let fifo = repo.path("closeloop.toml");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates the node.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let run = in_repo(repo.root(), &["sla"]);
    run.assert_no_panic();
    assert_eq!(run.code, 2);
    assert!(run.elapsed < QUICK, "took {:?}", run.elapsed);
    assert!(
        run.stderr.contains("is not a regular file"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_hundred_megabyte_config_is_refused_by_its_size() {
    let repo = TempRepo::new();
    repo.write("feedback/good.md", GOOD_ITEM);
    let path = repo.write("closeloop.toml", "# big\n");
    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.set_len(100 * 1024 * 1024).unwrap();
    drop(file);
    let run = in_repo(repo.root(), &["validate"]);
    assert_eq!(run.code, 2);
    assert!(run.elapsed < QUICK, "took {:?}", run.elapsed);
    assert!(
        run.stderr.contains("larger than the 1048576-byte"),
        "{}",
        run.stderr
    );
}

#[test]
fn github_format_neutralises_escape_sequences_in_values() {
    let repo = TempRepo::new();
    repo.write(
        "feedback/esc.md",
        GOOD_ITEM.replace("severity: medium", "severity: \"\\e]0;pwned\\a\\e[2J\""),
    );
    repo.write(
        "feedback/key.md",
        GOOD_ITEM.replace("state:", "\u{1b}[31mred: 1\nstate:"),
    );
    for format in ["github", "human"] {
        let run = in_repo(repo.root(), &["validate", "--format", format]);
        run.assert_no_panic();
        assert_eq!(run.code, 1);
        assert!(
            !run.stdout.contains('\u{1b}') && !run.stdout.contains('\u{7}'),
            "{format}: {:?}",
            run.stdout
        );
        assert!(run.stdout.contains("␛[31mred"), "{format}: {}", run.stdout);
    }
}

#[test]
fn a_right_to_left_override_is_shown_in_the_terminal_and_isolated_on_the_site() {
    let repo = TempRepo::new();
    repo.write(
        "feedback/rtl.md",
        shipped_item("  release: v2.0.0\nclosed:\n  at: 2026-11-22T10:00:00Z\n")
            .replace("state: shipped", "state: closed")
            .replace(
                "title: Retries double-charge",
                "title: \"Retries \\u202Eegrahc\"",
            )
            .replace("handle: \"@li\"", "handle: \"@li\\u202E\""),
    );
    repo.write(
        "feedback/typo.md",
        GOOD_ITEM.replace("state: captured", "state: \"clo\u{202e}sed\""),
    );
    let run = in_repo(repo.root(), &["validate", "--format", "github"]);
    assert!(run.stdout.contains("clo<U+202E>sed"), "{}", run.stdout);
    assert!(!run.stdout.contains('\u{202e}'), "{}", run.stdout);
    let human = in_repo(repo.root(), &["validate"]);
    assert!(human.stdout.contains("clo<U+202E>sed"), "{}", human.stdout);

    std::fs::remove_file(repo.path("feedback/typo.md")).unwrap();
    let build = in_repo(repo.root(), &["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let page = std::fs::read_to_string(repo.path("site/feedback/rtl.html")).unwrap();
    assert!(page.contains("<bdi>Retries \u{202e}egrahc</bdi>"), "{page}");
    assert!(page.contains("<bdi>@li\u{202e}</bdi>"), "{page}");
    assert!(
        page.contains("Thanks to \u{2068}@li\u{202e}\u{2069}"),
        "{page}"
    );
}

#[test]
fn a_blank_release_and_a_javascript_pr_are_invalid_values() {
    let repo = TempRepo::new();
    repo.write("feedback/blank.md", shipped_item("  release: \"  \"\n"));
    repo.write(
        "feedback/script.md",
        shipped_item("  pr: \"javascript:alert(1)\"\n"),
    );
    repo.write("feedback/relative.md", shipped_item("  pr: /pull/12\n"));
    repo.write(
        "feedback/good-pr.md",
        shipped_item("  pr: https://github.com/example/astra/pull/12\n"),
    );
    let (run, diags) = json_of(repo.root());
    assert_eq!(run.code, 1);
    for (file, needle) in [
        ("feedback/blank.md", "`shipped.release` is blank"),
        (
            "feedback/script.md",
            "`shipped.pr: javascript:alert(1)` is not an http(s) URL",
        ),
        (
            "feedback/relative.md",
            "`shipped.pr: /pull/12` is not an http(s) URL",
        ),
    ] {
        let bad = with_code(&diags, file, "invalid-value");
        assert_eq!(bad.len(), 1, "{file}: {diags:#?}");
        assert!(message(bad[0]).starts_with(needle), "{}", message(bad[0]));
        assert_eq!(bad[0]["line"], 21);
        // Reported once: not also "needs `release` or `pr`".
        assert!(
            with_code(&diags, file, "missing-field").is_empty(),
            "{diags:#?}"
        );
    }
    assert!(
        diags
            .iter()
            .all(|d| d["file"] != "feedback/good-pr.md" || d["severity"] == "warning")
    );
}

#[test]
fn lone_carriage_return_line_endings_are_named_as_such() {
    let repo = TempRepo::new();
    repo.write("feedback/mac.md", GOOD_ITEM.replace('\n', "\r"));
    repo.write(
        "feedback/one-cr.md",
        GOOD_ITEM.replace("quote: The stream", "quote: The\rstream"),
    );
    let (run, diags) = json_of(repo.root());
    assert_eq!(run.code, 1);
    let mac = with_code(&diags, "feedback/mac.md", "missing-front-matter");
    assert_eq!(mac.len(), 1, "{diags:#?}");
    assert!(
        message(mac[0]).contains("lone carriage return"),
        "{}",
        message(mac[0])
    );
    assert_eq!(
        (mac[0]["line"].as_u64(), mac[0]["column"].as_u64()),
        (Some(1), Some(4))
    );
    let one = with_code(&diags, "feedback/one-cr.md", "yaml-syntax");
    assert_eq!(one.len(), 1, "{diags:#?}");
    assert!(message(one[0]).starts_with("line 7 ends with a lone carriage return"));
    assert_eq!(
        (one[0]["line"].as_u64(), one[0]["column"].as_u64()),
        (Some(7), Some(11))
    );
}

#[test]
fn a_nul_byte_is_reported_at_its_line_and_column() {
    let repo = TempRepo::new();
    repo.write("feedback/nul.md", b"---\ntitle: a\nquote: b\0c\n---\n");
    let (_, diags) = json_of(repo.root());
    let d = with_code(&diags, "feedback/nul.md", "unreadable-file");
    assert_eq!(d.len(), 1);
    assert_eq!(
        (d[0]["line"].as_u64(), d[0]["column"].as_u64()),
        (Some(3), Some(9))
    );
}

#[test]
fn a_base_url_with_a_space_or_a_query_stops_every_command() {
    let repo = TempRepo::new();
    repo.write("feedback/good.md", GOOD_ITEM);
    repo.write(
        "closeloop.toml",
        "[site]\nbase_url = \"https://x.example/a b/\"\n",
    );
    every_command_stops_at(&repo, "closeloop.toml:2:12", "a space");
    repo.write(
        "closeloop.toml",
        "[site]\nbase_url = \"https://x.example/?utm=1\"\n",
    );
    every_command_stops_at(&repo, "closeloop.toml:2:12", "a query");
    repo.write(
        "closeloop.toml",
        "[site]\nbase_url = \"javascript:alert(1)//\"\n",
    );
    every_command_stops_at(&repo, "closeloop.toml:2:12", "not an http or https URL");
    repo.write(
        "closeloop.toml",
        "[site]\ninternal_url = \"https://voice.example/a b/\"\n",
    );
    every_command_stops_at(&repo, "closeloop.toml:2:16", "a space");
}

#[test]
fn a_config_value_of_the_wrong_type_says_what_was_expected() {
    let repo = TempRepo::new();
    repo.write("feedback/good.md", GOOD_ITEM);
    repo.write("closeloop.toml", "[sla]\nat_risk = \"a quarter\"\n");
    let run = in_repo(repo.root(), &["validate"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("closeloop.toml:2:11"), "{}", run.stderr);
    assert!(
        run.stderr.contains("expected a number such as `0.25`"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("untagged"), "{}", run.stderr);
}

#[test]
fn an_upper_case_md_file_and_an_unknown_template_name_are_warnings() {
    let repo = TempRepo::new();
    repo.write("feedback/good.md", GOOD_ITEM);
    repo.write("feedback/x.MD", GOOD_ITEM);
    repo.write("templates/item.htm", "<p>{{ item.title }}</p>");
    repo.write("templates/index.html", "{% extends \"base.html\" %}");
    repo.write("templates/messages/ack.txt", "Thanks!");
    let (run, diags) = json_of(repo.root());
    assert_eq!(run.code, 0, "warnings only: {diags:#?}");
    let files: Vec<(&str, &str)> = diags
        .iter()
        .map(|d| (d["file"].as_str().unwrap(), d["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        files,
        [
            ("feedback/x.MD", "ignored-file"),
            ("templates/item.htm", "ignored-file")
        ]
    );
    assert!(
        message(&diags[0]).contains("rename it to `x.md`"),
        "{}",
        message(&diags[0])
    );
    assert!(
        message(&diags[1]).contains("did you mean `item.html`?"),
        "{}",
        message(&diags[1])
    );
    let deny = in_repo(repo.root(), &["validate", "--deny", "warnings"]);
    assert_eq!(deny.code, 1);
}

mod diagnostics;
