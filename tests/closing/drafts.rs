//! `closeloop draft`: every kind for every credit, as snapshots; privacy
//! canaries; overrides; wrong state, unknown id and broken templates.

use super::inside;
use crate::support::TempRepo;

/// Every handle, channel and link of the fixture: canaries that a draft
/// may only ever show the handle of a `public` developer.
const NEVER: &[&str] = &[
    "discord-canary",
    "slack-canary",
    "forum-canary",
    "email-canary",
    "github-canary",
    "canary-tokyo-link",
    "LIN-CANARY",
    "BILL-CANARY",
    "issues/canary-planned",
    "canary-body",
];

/// The fixture with `id`'s credit set to `credit`.
fn with_credit(id: &str, credit: &str) -> TempRepo {
    let repo = TempRepo::copy_of("todo");
    let path = repo.path(&format!("feedback/2026/11/{id}.md"));
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("credit:"))
        .unwrap();
    std::fs::write(&path, text.replace(line, &format!("  credit: {credit}"))).unwrap();
    repo
}

fn handle_of(repo: &TempRepo, id: &str) -> String {
    let text = std::fs::read_to_string(repo.path(&format!("feedback/2026/11/{id}.md"))).unwrap();
    let line = text.lines().find(|l| l.contains("handle:")).unwrap();
    line.split('"').nth(1).unwrap().to_owned()
}

fn snapshot(name: &str, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("../snapshots");
    settings.bind(|| insta::assert_snapshot!(name, text));
}

#[test]
fn every_draft_for_every_credit() {
    let cases = [
        ("ack", "tokyo-captured"),
        ("decision", "not-prioritized-open"),
        ("decision", "planned-item"),
        ("decision", "quick-win-running"),
        ("close", "shipped-not-closed"),
        ("digest", "tokyo-captured"),
    ];
    for (kind, id) in cases {
        for credit in ["public", "anonymous", "private"] {
            let repo = with_credit(id, credit);
            let handle = handle_of(&repo, id);
            for format in ["text", "md"] {
                let out = inside(repo.root(), &["draft", kind, id, "--format", format]);
                let text = out.ok();
                let named = text.contains(&handle);
                let may_name = credit == "public" && kind != "digest";
                assert_eq!(named, may_name, "{kind} {id} {credit} {format}:\n{text}");
                for canary in NEVER {
                    assert!(
                        !text.contains(canary),
                        "{canary} in {kind} {id} {credit}:\n{text}"
                    );
                }
                if kind != "digest" && credit != "public" {
                    assert!(out.stderr.contains("direct message"), "{}", out.stderr);
                }
                snapshot(&format!("draft_{kind}_{id}_{credit}_{format}"), text);
            }
        }
    }
}

#[test]
fn close_says_how_the_developer_is_credited() {
    for (credit, says) in [
        (
            "public",
            "We credit you as @canary-private in the v1.4.0 release notes",
        ),
        ("anonymous", "As you asked, we have not named you"),
        ("private", "As you asked, we have kept this private"),
    ] {
        let repo = with_credit("shipped-not-closed", credit);
        let out = inside(repo.root(), &["draft", "close", "shipped-not-closed"]);
        let text = out.ok();
        assert!(text.contains(says), "{credit}:\n{text}");
        for part in [
            "Your feedback on \"Invoices cannot be split by project\" led to",
            "v1.4.0",
            "https://github.com/example/astra/pull/4321",
            "Month-end reconciliation went from two hours to a single CSV download.",
            "five-minute call",
        ] {
            assert!(text.contains(part), "{part} missing:\n{text}");
        }
    }
}

#[test]
fn decisions_give_the_roadmap_quarter_and_what_would_change_it() {
    let planned = super::todo_fixture(&["draft", "decision", "planned-item"]);
    let text = planned.ok();
    assert!(
        text.contains("\"Field selection on every REST endpoint\", planned for 2027-Q1"),
        "{text}"
    );
    let no = super::todo_fixture(&["draft", "decision", "not-prioritized-open"]);
    let text = no.ok();
    assert!(text.contains("What would change it:"), "{text}");
    assert!(
        text.contains("Two REST calls cover the nested case today"),
        "{text}"
    );
}

#[test]
fn a_draft_in_the_wrong_state_names_the_one_that_fits() {
    let cases = [
        ("close", "top-signal", "`closeloop draft digest top-signal`"),
        (
            "decision",
            "tokyo-captured",
            "`closeloop draft ack tokyo-captured`",
        ),
        (
            "ack",
            "shipped-not-closed",
            "`closeloop draft close shipped-not-closed`",
        ),
        (
            "decision",
            "closed-no-followup",
            "`closeloop draft close closed-no-followup`",
        ),
        (
            "close",
            "not-prioritized-open",
            "`closeloop draft decision not-prioritized-open`",
        ),
    ];
    for (kind, id, fits) in cases {
        let out = super::todo_fixture(&["draft", kind, id]);
        assert_eq!(out.code, 2, "{kind} {id}");
        assert!(out.stdout.is_empty());
        assert!(out.stderr.contains(fits), "{kind} {id}: {}", out.stderr);
    }
}

#[test]
fn unknown_and_broken_ids_are_exit_2() {
    let out = super::todo_fixture(&["draft", "ack", "tokio-captured"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("did you mean `tokyo-captured`"),
        "{}",
        out.stderr
    );
    let out = super::todo_fixture(&["draft", "ack", "broken-item"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("validation errors"), "{}", out.stderr);
    let out = super::todo_fixture(&["draft", "thanks", "tokyo-captured"]);
    assert_eq!(out.code, 2);
}

#[test]
fn a_team_overrides_a_template_and_a_broken_one_is_exit_2() {
    let repo = TempRepo::copy_of("todo");
    repo.write(
        "templates/messages/ack.txt",
        "Hey{% if developer.handle %} {{ developer.handle }}{% endif %}! {{ owner }} has \"{{ item.title }}\".\n",
    );
    let out = inside(repo.root(), &["draft", "ack", "tokyo-captured"]);
    assert_eq!(
        out.ok(),
        "Hey @canary-tokyo! sdk-squad has \"Streaming helper for Next.js route handlers\".\n"
    );
    // The Markdown built-in is untouched by a text override.
    let md = inside(
        repo.root(),
        &["draft", "ack", "tokyo-captured", "--format", "md"],
    );
    assert!(md.ok().contains("**What we logged:**"));

    repo.write("templates/messages/close.md", "{% if %}\n");
    let out = inside(repo.root(), &["draft", "ack", "tokyo-captured"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("templates/messages/close.md does not compile"),
        "{}",
        out.stderr
    );
    repo.write("templates/messages/close.md", "{{ no_such_thing }}\n");
    let out = inside(
        repo.root(),
        &["draft", "close", "shipped-not-closed", "--format", "md"],
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("cannot render templates/messages/close.md"),
        "{}",
        out.stderr
    );
}

#[test]
fn drafts_change_no_file() {
    let repo = TempRepo::copy_of("todo");
    let before = snapshot_tree(repo.root());
    for (kind, id) in [
        ("ack", "tokyo-captured"),
        ("close", "shipped-not-closed"),
        ("digest", "top-signal"),
    ] {
        inside(repo.root(), &["draft", kind, id]).ok();
    }
    assert_eq!(before, snapshot_tree(repo.root()));
}

fn snapshot_tree(root: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                out.push((
                    e.path().display().to_string(),
                    std::fs::read(e.path()).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}
