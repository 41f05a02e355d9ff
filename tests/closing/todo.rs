//! `closeloop todo` on the to-do fixture, every due time worked by hand.

use super::{inside, todo_fixture};
use crate::support::TempRepo;
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let mut all = vec!["todo", "--format", "json"];
    all.extend_from_slice(args);
    let out = todo_fixture(&all);
    serde_json::from_str(out.ok()).unwrap()
}

/// (action, item, owner, due, status, clock, draft kind)
fn rows(v: &Value) -> Vec<(String, String, String, String, String, String, String)> {
    let s = |a: &Value, k: &str| a[k].as_str().unwrap_or("null").to_owned();
    v["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let draft = a["draft"].as_str().unwrap();
            let kind = draft.split(' ').nth(2).unwrap().to_owned();
            assert_eq!(
                draft,
                format!("closeloop draft {kind} {}", a["item"].as_str().unwrap())
            );
            (
                s(a, "action"),
                s(a, "item"),
                s(a, "owner"),
                s(a, "due"),
                s(a, "status"),
                s(a, "clock"),
                kind,
            )
        })
        .collect()
}

fn owned(
    rows: &[(&str, &str, &str, &str, &str, &str, &str)],
) -> Vec<(String, String, String, String, String, String, String)> {
    rows.iter()
        .map(|r| {
            (
                r.0.into(),
                r.1.into(),
                r.2.into(),
                r.3.into(),
                r.4.into(),
                r.5.into(),
                r.6.into(),
            )
        })
        .collect()
}

/// The whole list at 2026-11-26T12:00:00Z (Thu 13:00 CET).
const ALL: [(&str, &str, &str, &str, &str, &str, &str); 10] = [
    // Shipped Mon 2026-11-23 09:00 CET; close = 2bd: Tue, Wed → Wed 09:00 CET.
    // billing has no entry in [owners]: the "*" fallback.
    (
        "close",
        "shipped-not-closed",
        "devrel",
        "2026-11-25T08:00:00Z",
        "breached",
        "close",
        "close",
    ),
    // Received Mon 10:00 +01:00 = 09:00Z; acknowledge = 48h.
    (
        "acknowledge",
        "berlin-ack-late",
        "devrel",
        "2026-11-25T09:00:00Z",
        "breached",
        "acknowledge",
        "ack",
    ),
    // Received Tue 09:00 −05:00 = 14:00Z; 48h → Thu 14:00Z, 2h left of 48h ≤ 25%.
    // Its own `owner: "@lena"` wins over `retrieval = "retrieval-squad"`.
    (
        "acknowledge",
        "ny-distributed",
        "@lena",
        "2026-11-26T14:00:00Z",
        "at-risk",
        "acknowledge",
        "ack",
    ),
    // Received Thu 09:00 +09:00 = 00:00Z; distribute = 24h; 12h of 24h left.
    (
        "distribute",
        "tokyo-captured",
        "sdk-squad",
        "2026-11-27T00:00:00Z",
        "running",
        "distribute",
        "digest",
    ),
    // Quick win decided 2026-11-13T12:00Z; 14d exact; 1d of 14d left ≤ 25%.
    (
        "ship",
        "quick-win-running",
        "sdk-squad",
        "2026-11-27T12:00:00Z",
        "at-risk",
        "quick-win",
        "close",
    ),
    (
        "acknowledge",
        "tokyo-captured",
        "sdk-squad",
        "2026-11-28T00:00:00Z",
        "running",
        "acknowledge",
        "ack",
    ),
    // Target, no clock: closed Wed 11:00 CET + 2bd, skipping the Friday
    // holiday and the weekend: Thu, Mon → Mon 11:00 CET.
    (
        "follow-up",
        "closed-no-followup",
        "sdk-squad",
        "2026-11-30T10:00:00Z",
        "on-track",
        "null",
        "close",
    ),
    // Target: not-prioritized on Wed 16:30 CET + 2bd → Mon 16:30 CET; the
    // decision message closes the loop.
    (
        "close",
        "not-prioritized-open",
        "devrel",
        "2026-11-30T15:30:00Z",
        "on-track",
        "null",
        "decision",
    ),
    // The only top signal (critical × 20 × 2 = 160, 1 of 9 clean items):
    // received Fri 17:00 CET + 5bd: Mon, Tue, Wed, Thu, (Fri holiday) Mon.
    (
        "review",
        "top-signal",
        "retrieval-squad",
        "2026-11-30T16:00:00Z",
        "running",
        "review",
        "digest",
    ),
    // Target: acknowledged Sat 10:00 CET, a non-working day → Mon 00:00;
    // + 5bd: Tue, Wed, Thu, Mon, Tue → Tue 2026-12-01 00:00 CET.
    (
        "decide",
        "top-signal",
        "retrieval-squad",
        "2026-11-30T23:00:00Z",
        "on-track",
        "null",
        "decision",
    ),
];

#[test]
fn every_next_action_soonest_first_with_hand_worked_due_times() {
    let v = json(&[]);
    assert_eq!(v["now"], "2026-11-26T12:00:00Z");
    assert_eq!(rows(&v), owned(&ALL));
    // The item with a typo in its severity is left out, and counted.
    assert_eq!(v["left_out"], 1);
    let first = &v["actions"][0];
    assert_eq!(first["file"], "feedback/2026/11/shipped-not-closed.md");
    assert_eq!(first["title"], "Invoices cannot be split by project");
    assert_eq!(first["overdue"], true);
    assert_eq!(first["seconds_left"], -100800.0);
    assert_eq!(first["left"], "1d 4h overdue");
    assert_eq!(v["actions"][2]["left"], "in 2h 00m");
}

#[test]
fn within_keeps_what_is_due_by_then_including_the_edge() {
    // now + 1d = 2026-11-27T12:00:00Z: the quick win due at that very
    // instant is within it.
    let v = json(&["--within", "1d"]);
    assert_eq!(rows(&v), owned(&ALL[..5]));
    // 2bd from Thu 13:00 CET: (Fri holiday) Mon, Tue → Tue 13:00 CET.
    let v = json(&["--within", "2bd"]);
    assert_eq!(rows(&v), owned(&ALL));
    let v = json(&["--within", "0h"]);
    assert_eq!(rows(&v), owned(&ALL[..2]));
}

#[test]
fn owner_filter_matches_with_or_without_at() {
    let v = json(&["--owner", "sdk-squad"]);
    let items: Vec<String> = rows(&v).into_iter().map(|r| r.1).collect();
    assert_eq!(
        items,
        [
            "tokyo-captured",
            "quick-win-running",
            "tokyo-captured",
            "closed-no-followup"
        ]
    );
    let v = json(&["--owner", "lena"]);
    assert_eq!(rows(&v), owned(&ALL[2..3]));
    let v = json(&["--owner", "nobody"]);
    assert_eq!(v["actions"].as_array().unwrap().len(), 0);
}

#[test]
fn human_and_markdown_snapshots() {
    let human = todo_fixture(&["todo"]);
    let md = todo_fixture(&["todo", "--format", "md"]);
    assert!(
        human
            .stderr
            .contains("1 item left out for validation errors"),
        "{}",
        human.stderr
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("../snapshots");
    settings.bind(|| {
        insta::assert_snapshot!("todo_human", human.ok());
        insta::assert_snapshot!("todo_md", md.ok());
    });
}

#[test]
fn markdown_titles_cannot_add_cells_links_or_html() {
    let repo = TempRepo::new();
    repo.write(
        "feedback/x.md",
        crate::support::GOOD_ITEM.replace(
            "title: Streams drop after 60 seconds behind a proxy",
            "title: \"a | b [link](javascript:alert(1)) <img src=x onerror=alert(1)>\"",
        ),
    );
    let md = inside(repo.root(), &["todo", "--format", "md"]);
    let text = md.ok();
    assert!(
        text.contains("a \\| b \\[link\\](javascript:alert(1)) \\<img src=x onerror=alert(1)\\>"),
        "{text}"
    );
}

#[test]
fn an_empty_repository_has_nothing_to_do() {
    let repo = TempRepo::new();
    let out = inside(repo.root(), &["todo"]);
    assert_eq!(
        out.ok(),
        "0 actions: 0 overdue, 0 due soon (now Thu 2026-11-26 12:00 UTC)\n"
    );
    let md = inside(repo.root(), &["todo", "--format", "md"]);
    assert!(md.ok().contains("Nothing is waiting"));
}

#[test]
fn a_bad_within_is_exit_2() {
    let out = todo_fixture(&["todo", "--within", "1w"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("`--within 1w`"), "{}", out.stderr);
    assert!(out.stdout.is_empty());
}
