//! `closeloop sla` and the SLA warnings of `validate`, on `tests/fixtures/sla/`.
//!
//! The fixture uses a New York calendar (EST, UTC−5, in November 2026) with
//! Thanksgiving (Thu 2026-11-26) and the day after as holidays, the default
//! spans (distribute 24h, acknowledge 48h, review 5bd, quick-win 14d, close
//! 2bd, at-risk share 0.25), and *now* = 2026-11-26T12:00:00Z, i.e. Thanksgiving
//! 07:00 EST. Every expected due time below is worked out by hand.
//!

use crate::support::{self, NOW, Run};
use serde_json::Value;

fn closeloop(args: &[&str]) -> Run {
    support::closeloop(&support::fixture("sla"), args)
}

fn json(args: &[&str]) -> Value {
    let out = closeloop(args);
    out.ok();
    out.json()
}

/// (item, clock, status, start, due, stopped)
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
);

fn rows(value: &Value) -> Vec<(String, String, String, String, String, Option<String>)> {
    let s = |c: &Value, k: &str| c[k].as_str().expect(k).to_owned();
    value["clocks"]
        .as_array()
        .expect("clocks is an array")
        .iter()
        .map(|c| {
            assert_eq!(
                c["file"],
                format!("feedback/2026/11/{}.md", c["item"].as_str().unwrap()),
                "the file of {c}"
            );
            (
                s(c, "item"),
                s(c, "clock"),
                s(c, "status"),
                s(c, "start"),
                s(c, "due"),
                c["stopped"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

fn owned(expected: &[Row]) -> Vec<(String, String, String, String, String, Option<String>)> {
    expected
        .iter()
        .map(|&(i, k, s, a, d, t)| {
            (
                i.into(),
                k.into(),
                s.into(),
                a.into(),
                d.into(),
                t.map(Into::into),
            )
        })
        .collect()
}

// Every clock of the fixture, in urgency order (breached, at-risk, running,
// met; then by due). Hand-worked:
//
// closed-late: received Fri 11-06 21:00Z.
//   distribute  due 21:00Z + 24h = 11-07T21:00Z, done 11-07T10:00Z   → met
//   acknowledge due + 48h = 11-08T21:00Z, done 11-09T22:00Z (1d 1h late) → breached
//   quick-win   decided 11-10T15:00Z + 14d = 11-24T15:00Z, shipped 11-13T22:00Z → met
//   close       shipped Fri 11-13 17:00 EST; 2bd: Mon 16 (1), Tue 17 (2)
//               → Tue 11-17 17:00 EST = 11-17T22:00Z, closed 11-18T14:00Z → breached
// ack-overdue: received 11-23T14:00Z.
//   distribute  due 11-24T14:00Z, done 11-23T18:00Z → met
//   acknowledge due 11-25T14:00Z, not done, now is 22h past → breached (running)
// distribute-at-risk: received 11-25T14:00Z, captured.
//   distribute  due 11-26T14:00Z: 2h of 24h left, 2 <= 0.25 × 24 = 6 → at-risk
//   acknowledge due 11-27T14:00Z: 26h of 48h left, 26 > 12          → running
// quick-win-slow: decided quick-win 11-14T12:00Z, not shipped.
//   quick-win   due 11-28T12:00Z: 48h of 336h left, 48 <= 84        → at-risk
//   distribute  11-13T14:00Z + 24h = 11-14T14:00Z, done 11-13T16:00Z → met
//   acknowledge 11-15T14:00Z, done 11-14T09:00Z                      → met
// retrieval-cliff: `received: 2026-11-20 10:00` local (Fri, EST) = 15:00Z.
//   Score 4 × 20 × 2 = 160, the only top signal: ceil(0.10 × 7) = 1.
//   review      5bd from Fri 10:00 EST: Mon 23 (1), Tue 24 (2), Wed 25 (3),
//               Thu 26 and Fri 27 are holidays, Mon 30 (4), Tue Dec 1 (5)
//               → Tue 12-01 10:00 EST = 12-01T15:00Z; 123h of 264h left → running
//   distribute  11-21T15:00Z, done 11-20T20:00Z → met
//   acknowledge 11-22T15:00Z, done 11-21T10:00Z → met
// ship-before-holiday: received 11-16T13:00Z, quick-win decided 11-16T15:00Z,
// shipped Wed 11-25T20:00Z (15:00 EST).
//   close       2bd: Thu 26 and Fri 27 holidays, weekend, Mon 30 (1), Tue 1 (2)
//               → Tue 12-01 15:00 EST = 12-01T20:00Z; 128h of 144h left → running
//   quick-win   11-16T15:00Z + 14d = 11-30T15:00Z, shipped 11-25T20:00Z → met
//   distribute  11-17T13:00Z, done 11-16T14:00Z → met
//   acknowledge 11-18T13:00Z, done 11-16T14:30Z → met
// weekend-ship: received 11-16T16:00Z, quick-win decided 11-18T15:00Z,
// shipped Sat 11-21T18:00Z.
//   close       starts on a Saturday → Mon 11-23 00:00 EST; 2bd: Tue (1), Wed (2)
//               → Wed 11-25 00:00 EST = 11-25T05:00Z, closed 11-24T16:00Z → met
//   quick-win   11-18T15:00Z + 14d = 12-02T15:00Z, shipped 11-21T18:00Z → met
//   distribute  11-17T16:00Z, done 11-17T10:00Z → met
//   acknowledge 11-18T16:00Z, done 11-17T12:00Z → met
#[rustfmt::skip]
const ALL_CLOCKS: [Row; 22] = [
    ("closed-late", "acknowledge", "breached", "2026-11-06T21:00:00Z", "2026-11-08T21:00:00Z", Some("2026-11-09T22:00:00Z")),
    ("closed-late", "close", "breached", "2026-11-13T22:00:00Z", "2026-11-17T22:00:00Z", Some("2026-11-18T14:00:00Z")),
    ("ack-overdue", "acknowledge", "breached", "2026-11-23T14:00:00Z", "2026-11-25T14:00:00Z", None),
    ("distribute-at-risk", "distribute", "at-risk", "2026-11-25T14:00:00Z", "2026-11-26T14:00:00Z", None),
    ("quick-win-slow", "quick-win", "at-risk", "2026-11-14T12:00:00Z", "2026-11-28T12:00:00Z", None),
    ("distribute-at-risk", "acknowledge", "running", "2026-11-25T14:00:00Z", "2026-11-27T14:00:00Z", None),
    ("retrieval-cliff", "review", "running", "2026-11-20T15:00:00Z", "2026-12-01T15:00:00Z", None),
    ("ship-before-holiday", "close", "running", "2026-11-25T20:00:00Z", "2026-12-01T20:00:00Z", None),
    ("closed-late", "distribute", "met", "2026-11-06T21:00:00Z", "2026-11-07T21:00:00Z", Some("2026-11-07T10:00:00Z")),
    ("quick-win-slow", "distribute", "met", "2026-11-13T14:00:00Z", "2026-11-14T14:00:00Z", Some("2026-11-13T16:00:00Z")),
    ("quick-win-slow", "acknowledge", "met", "2026-11-13T14:00:00Z", "2026-11-15T14:00:00Z", Some("2026-11-14T09:00:00Z")),
    ("ship-before-holiday", "distribute", "met", "2026-11-16T13:00:00Z", "2026-11-17T13:00:00Z", Some("2026-11-16T14:00:00Z")),
    ("weekend-ship", "distribute", "met", "2026-11-16T16:00:00Z", "2026-11-17T16:00:00Z", Some("2026-11-17T10:00:00Z")),
    ("ship-before-holiday", "acknowledge", "met", "2026-11-16T13:00:00Z", "2026-11-18T13:00:00Z", Some("2026-11-16T14:30:00Z")),
    ("weekend-ship", "acknowledge", "met", "2026-11-16T16:00:00Z", "2026-11-18T16:00:00Z", Some("2026-11-17T12:00:00Z")),
    ("retrieval-cliff", "distribute", "met", "2026-11-20T15:00:00Z", "2026-11-21T15:00:00Z", Some("2026-11-20T20:00:00Z")),
    ("retrieval-cliff", "acknowledge", "met", "2026-11-20T15:00:00Z", "2026-11-22T15:00:00Z", Some("2026-11-21T10:00:00Z")),
    ("ack-overdue", "distribute", "met", "2026-11-23T14:00:00Z", "2026-11-24T14:00:00Z", Some("2026-11-23T18:00:00Z")),
    ("closed-late", "quick-win", "met", "2026-11-10T15:00:00Z", "2026-11-24T15:00:00Z", Some("2026-11-13T22:00:00Z")),
    ("weekend-ship", "close", "met", "2026-11-21T18:00:00Z", "2026-11-25T05:00:00Z", Some("2026-11-24T16:00:00Z")),
    ("ship-before-holiday", "quick-win", "met", "2026-11-16T15:00:00Z", "2026-11-30T15:00:00Z", Some("2026-11-25T20:00:00Z")),
    ("weekend-ship", "quick-win", "met", "2026-11-18T15:00:00Z", "2026-12-02T15:00:00Z", Some("2026-11-21T18:00:00Z")),
];

#[test]
fn sla_json_all_lists_every_clock_with_hand_worked_due_times() {
    let value = json(&["sla", "--format", "json", "--all"]);
    assert_eq!(value["now"], NOW);
    assert_eq!(rows(&value), owned(&ALL_CLOCKS));
}

#[test]
fn sla_json_without_all_lists_only_open_clocks() {
    // A clock that stopped late (closed-late) is breached but not open.
    let value = json(&["sla", "--format", "json"]);
    let open: Vec<Row> = ALL_CLOCKS
        .iter()
        .copied()
        .filter(|row| row.5.is_none())
        .collect();
    assert_eq!(open.len(), 6);
    assert_eq!(rows(&value), owned(&open));
}

#[test]
fn sla_table_orders_by_urgency_then_due() {
    let out = closeloop(&["sla"]);
    let text = out.ok();
    let order: Vec<(&str, &str, &str)> = text
        .lines()
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(|l| {
            let cells: Vec<&str> = l.split_whitespace().collect();
            (cells[0], cells[1], cells[2])
        })
        .collect();
    assert_eq!(
        order,
        [
            ("breached", "ack-overdue", "acknowledge"),
            ("at-risk", "distribute-at-risk", "distribute"),
            ("at-risk", "quick-win-slow", "quick-win"),
            ("running", "distribute-at-risk", "acknowledge"),
            ("running", "retrieval-cliff", "review"),
            ("running", "ship-before-holiday", "close"),
        ]
    );
    assert!(
        text.ends_with(
            "6 open clocks: 1 breached, 2 at risk, 3 running (now 2026-11-26 07:00 EST)\n"
        ),
        "{text}"
    );
}

#[test]
fn sla_human_table_snapshot() {
    let all = closeloop(&["sla", "--all"]).ok().to_owned();
    let open = closeloop(&["sla"]).ok().to_owned();
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("../snapshots");
    settings.bind(|| {
        insta::assert_snapshot!("sla_table_open", open);
        insta::assert_snapshot!("sla_table_all", all);
    });
}

/// (code, file, line) of every diagnostic of a JSON report.
fn warnings_of(value: &Value) -> Vec<(String, String, u64)> {
    value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn validate_warns_about_running_clocks_and_counts_the_ones_missed_in_the_past() {
    // As the README shows it: from inside the repository, default flags.
    let root = support::fixture("sla");
    let run = support::closeloop_in(&root, &["validate", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value = run.json();
    assert_eq!(value["warnings"], 3, "{value:#}");
    let w = |code: &str, file: &str| (code.to_owned(), format!("feedback/2026/11/{file}.md"), 13);
    assert_eq!(
        warnings_of(&value),
        [
            w("sla-breached", "ack-overdue"),
            w("sla-at-risk", "distribute-at-risk"),
            w("sla-at-risk", "quick-win-slow"),
        ]
    );
    // `closed-late` acknowledged and closed late: history, counted per clock.
    assert_eq!(
        value["summarized"],
        serde_json::json!({"sla-breached": {
            "distribute": 0, "acknowledge": 1, "review": 0, "quick-win": 0, "close": 1
        }})
    );

    let human = support::closeloop_in(&root, &["validate"]);
    assert_eq!(human.code, 0);
    let tail: Vec<&str> = human.stdout.lines().rev().take(4).collect();
    assert_eq!(
        tail,
        [
            "checked 7 items: 0 errors, 3 warnings (and 2 clocks missed in the past)",
            "",
            "note: 1 `close` clock stopped after its due time (missed in the past, nothing to fix in a file) — `closeloop sla --all` lists it; `closeloop validate --all-warnings` warns about each",
            "note: 1 `acknowledge` clock stopped after its due time (missed in the past, nothing to fix in a file) — `closeloop sla --all` lists it; `closeloop validate --all-warnings` warns about each",
        ]
    );
    assert!(!human.stdout.contains("closed-late"), "{}", human.stdout);

    let github = support::closeloop_in(&root, &["validate", "--format", "github"]);
    let lines: Vec<&str> = github.stdout.lines().collect();
    assert_eq!(lines.len(), 3 + 2 + 1, "{}", github.stdout);
    assert!(lines[3].starts_with("::notice title=sla-breached::1 `acknowledge` clock stopped"));
    assert!(lines[4].starts_with("::notice title=sla-breached::1 `close` clock stopped"));

    // History cannot be fixed in a file: `--deny warnings` fails on the running clocks
    // only, and passes when the only warnings are history.
    let denied = support::closeloop_in(&root, &["validate", "--deny", "warnings"]);
    assert_eq!(denied.code, 1);
    let dir = tempfile::tempdir().unwrap();
    support::copy_tree(&root, dir.path());
    for running in ["ack-overdue", "distribute-at-risk", "quick-win-slow"] {
        std::fs::remove_file(dir.path().join(format!("feedback/2026/11/{running}.md"))).unwrap();
    }
    let history = support::closeloop_in(dir.path(), &["validate", "--deny", "warnings"]);
    assert_eq!(history.code, 0, "{}", history.stdout);
    assert!(
        history
            .stdout
            .ends_with("checked 4 items: 0 errors, 0 warnings (and 2 clocks missed in the past)\n"),
        "{}",
        history.stdout
    );
    let listed = support::closeloop_in(
        dir.path(),
        &["validate", "--deny", "warnings", "--all-warnings"],
    );
    assert_eq!(listed.code, 1, "listed, they are warnings like any other");
}

#[test]
fn validate_all_warnings_lists_every_clock_missed_in_the_past() {
    let value = json(&["validate", "--format", "json", "--all-warnings"]);
    assert_eq!(value["items"], 7);
    assert_eq!(value["errors"], 0);
    assert_eq!(value["warnings"], 5);
    assert_eq!(
        value["summarized"]["sla-breached"]["acknowledge"], 0,
        "nothing is summarized when everything is listed"
    );
    let found: Vec<(String, String, u64, u64, String)> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let w = |code: &str, file: &str, line: u64| {
        (
            code.to_owned(),
            format!("feedback/2026/11/{file}.md"),
            line,
            1,
            "warning".to_owned(),
        )
    };
    // A running clock points at `state:` (line 13 in each file); a clock
    // that stopped late points at the key that stopped it.
    assert_eq!(
        found,
        [
            w("sla-breached", "ack-overdue", 13),
            w("sla-breached", "closed-late", 15), // acknowledged:
            w("sla-breached", "closed-late", 23), // closed:
            w("sla-at-risk", "distribute-at-risk", 13),
            w("sla-at-risk", "quick-win-slow", 13),
        ]
    );
    let messages: Vec<&str> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(messages[0].contains("due 2026-11-25T14:00:00Z (22h 00m ago)"));
    assert!(messages[1].contains("(1d 1h late)"));
    assert!(messages[2].contains("due 2026-11-17T22:00:00Z, done 2026-11-18T14:00:00Z"));
    assert!(messages[3].contains("due 2026-11-26T14:00:00Z (in 2h 00m)"));
    assert!(messages[4].contains("due 2026-11-28T12:00:00Z (in 2d 0h)"));
}

#[test]
fn validate_exit_codes_with_sla_warnings() {
    let out = closeloop(&["validate", "--format", "json"]);
    assert_eq!(out.code, 0);
    let out = closeloop(&["validate", "--format", "json", "--deny", "warnings"]);
    assert_eq!(out.code, 1);
}
