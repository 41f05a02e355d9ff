//! `closeloop report weekly|quarterly`, on `tests/fixtures/report/`.
//!
//! The fixture uses a Berlin calendar (CET, UTC+1, from November to March;
//! CEST, UTC+2, before 25 October) with the default SLAs and signals, and
//! *now* = 2027-01-15T12:00:00Z so that every timestamp lies in the past and
//! the year end can be crossed. Every expected figure is worked out by hand
//! below.
//!
//! Items (score = severity weight × frequency × 2 if strategic):
//!
//! | id             | received (UTC)   | tag               | score | lifecycle                                   |
//! |----------------|------------------|-------------------|-------|---------------------------------------------|
//! | october-closed | 10-05 08:00      | missing-capability| 1     | ack 10-06, quick-win 10-07, shipped 10-12, closed 10-13 (4) |
//! | decided-late   | 11-10 09:00      | missing-capability| 6     | ack 11-11, planned 11-24 → rm-late-decision |
//! | sunday-late    | 11-15 22:30 (Sun 23:30 local, W46) | dx-friction | 4 | distributed 11-16 08:00, ack 11-16 09:00 |
//! | monday-early   | 11-15 23:30 (Mon 00:30 local, W47) | documentation-gap | 6 | distributed 11-17 08:00, ack 11-17 09:00 |
//! | big-one        | 11-16 09:00      | missing-capability| 30    | ack 11-17, planned 11-19 → rm-early, shipped 11-20 16:00, closed 11-23 09:00 (5) |
//! | tie-a, tie-b   | 11-17 10:00      | dx-friction       | 6 (f3)| captured                                    |
//! | tie-c          | 11-18 09:00      | dx-friction       | 6 (f6)| distributed 11-18 10:00, ack 11-21 10:00    |
//! | delight-two    | 11-19 10:00      | dx-delight        | 2 (f1)| captured                                    |
//! | small-fry      | 11-19 12:00      | dx-friction       | 1     | ack 11-19, planned 11-20 → rm-dropped       |
//! | strategic-tag  | 11-20 10:00      | strategic-insight | 4     | captured                                    |
//! | delight-one    | 11-21 10:00      | dx-delight        | 2 (f2)| captured                                    |
//! | q4-closed-nps  | 12-01 09:00      | dx-friction       | 2     | quick-win 12-02, closed 12-07 (2)           |
//! | jan-closed     | 12-28 09:00      | dx-friction       | 1     | quick-win 12-29, closed 2027-01-06 (3)      |
//! | new-year-eve   | 12-31 22:30 (23:30 local, Q4) | dx-friction | 2 | quick-win decided 2027-01-04       |
//! | new-year-utc   | 12-31 23:30 (00:30 local, Q1) | missing-capability | 3 | planned 2027-01-05          |
//!
//! Roadmap: rm-early (added 10-01), rm-late-decision (10-15), rm-unlinked
//! (09-01, shipped), rm-added-after (11-25), rm-dropped (10-01, dropped).

use crate::support::{self, Run};
use serde_json::{Value, json};

const NOW: &str = "2027-01-15T12:00:00Z";

fn closeloop(args: &[&str]) -> Run {
    support::closeloop_at(&support::fixture("report"), NOW, args)
}

fn stdout(args: &[&str]) -> String {
    let out = closeloop(args);
    out.ok();
    assert!(out.stderr.is_empty(), "{args:?} warns: {}", out.stderr);
    out.stdout
}

fn weekly(week: &str) -> Value {
    let text = stdout(&["report", "weekly", "--week", week, "--format", "json"]);
    serde_json::from_str(&text).expect("the report is JSON")
}

fn quarterly(quarter: &str) -> Value {
    let text = stdout(&[
        "report",
        "quarterly",
        "--quarter",
        quarter,
        "--format",
        "json",
    ]);
    serde_json::from_str(&text).expect("the report is JSON")
}

fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .expect("a list of items")
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect()
}

fn sla(met: u64, breached: u64, open: u64, percent: Value) -> Value {
    json!({"met": met, "breached": breached, "open": open, "percent": percent})
}

#[test]
fn the_fixture_is_valid_so_no_item_is_left_out() {
    let text = stdout(&["validate", "--format", "json"]);
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["items"], 21, "16 feedback items and 5 roadmap items");
    assert_eq!(value["errors"], 0, "{text}");
}

#[test]
fn weekly_w47_figures() {
    let r = weekly("2026-W47");
    // W47: Mon 16 Nov 00:00 CET = 11-15T23:00Z to Mon 23 Nov 00:00 CET = 11-22T23:00Z.
    assert_eq!(r["week"], "2026-W47");
    assert_eq!(r["start"], "2026-11-15T23:00:00Z");
    assert_eq!(r["end"], "2026-11-22T23:00:00Z");
    assert_eq!(r["running"], false);

    // Received in W47: monday-early (Sunday 23:30 in UTC but Monday 00:30 in
    // Berlin), big-one, tie-a, tie-b, tie-c, delight-two, small-fry,
    // strategic-tag, delight-one = 9. sunday-late (22:30Z = 23:30 local on
    // Sunday) belongs to W46.
    assert_eq!(r["received"], 9);
    assert_eq!(
        r["by_tag"],
        json!({
            "documentation-gap": 1,  // monday-early
            "dx-delight": 2,         // delight-one, delight-two
            "dx-friction": 4,        // tie-a, tie-b, tie-c, small-fry
            "missing-capability": 1, // big-one
            "strategic-insight": 1,  // strategic-tag
        })
    );

    // Six frictions; score desc, frequency desc, received asc, id asc:
    // big-one 30; then four at 6: tie-c (frequency 6), monday-early
    // (frequency 3, received first), tie-a and tie-b (same score, frequency
    // and received: by id); small-fry (1) is the sixth and is cut.
    assert_eq!(
        ids(&r["top_frictions"]),
        ["big-one", "tie-c", "monday-early", "tie-a", "tie-b"]
    );
    assert_eq!(r["top_frictions"][0]["score"], 30);
    // Both delights score 2: delight-one has frequency 2, delight-two 1, so
    // delight-one comes first although it was received later.
    assert_eq!(ids(&r["top_delights"]), ["delight-one", "delight-two"]);

    // Live roadmap items added before the end of W47: rm-early, rm-unlinked,
    // rm-late-decision (rm-added-after is added 11-25, rm-dropped is
    // dropped) = 3. Decided by then: big-one → rm-early; small-fry →
    // rm-dropped (not live); decided-late → rm-late-decision on 11-24, after
    // the week. 1 of 3 = 33.3 %.
    assert_eq!(
        r["roadmap_origin"],
        json!({"total": 3, "with_origin": 1, "percent": 33.3})
    );

    // Items received in the 90 days before 11-22T23:00Z: october-closed,
    // decided-late, sunday-late and the 9 of W47 = 12.
    // Acknowledged by the end: october-closed, decided-late, sunday-late,
    // big-one, tie-c, monday-early, small-fry = 7 → 58.3 %.
    // Shipped: october-closed, big-one = 2 → 16.7 %.
    // Closed: october-closed only (big-one closed 11-23 09:00Z) = 1 → 8.3 %.
    assert_eq!(
        r["closed_loop"],
        json!({"items": 12, "responded_percent": 58.3, "changed_percent": 16.7, "closed_percent": 8.3})
    );

    // distribute (received + 24h) due in W47:
    //   met: sunday-late (due 11-16T22:30Z), big-one, tie-c, small-fry = 4;
    //   breached: monday-early (due 11-16T23:30Z, done 11-17T08:00Z), tie-a,
    //   tie-b, delight-two, strategic-tag, delight-one (due 11-22T10:00Z) = 6.
    // acknowledge (received + 48h) due in W47:
    //   met: sunday-late, monday-early, big-one, small-fry = 4;
    //   breached: tie-a, tie-b, tie-c (due 11-20T09:00Z, done 11-21T10:00Z),
    //   delight-two, strategic-tag = 5; delight-one is due 11-23T10:00Z.
    // review: ceil(0.1 × 12) = 2 top signals, big-one (30) and every item
    //   tied with the second (6): decided-late, tie-a, tie-b, tie-c,
    //   monday-early. 5bd from Tue 11-10 10:00 CET = Tue 11-17 10:00 CET →
    //   decided-late is due in W47, never reviewed → breached. monday-early
    //   is due Mon 11-23 00:30 CET = 11-22T23:30Z, just after the week.
    // close: big-one shipped Fri 11-20 17:00 CET → due Tue 11-24: not in W47.
    assert_eq!(
        r["sla"],
        json!({
            "distribute": sla(4, 6, 0, json!(40.0)),
            "acknowledge": sla(4, 5, 0, json!(44.4)),
            "review": sla(0, 1, 0, json!(0.0)),
            "quick-win": sla(0, 0, 0, Value::Null),
            "close": sla(0, 0, 0, Value::Null),
        })
    );
}

#[test]
fn weekly_w46_holds_the_sunday_late_item() {
    let r = weekly("2026-W46");
    assert_eq!(r["start"], "2026-11-08T23:00:00Z");
    assert_eq!(r["end"], "2026-11-15T23:00:00Z");
    // decided-late (6) and sunday-late (4, 22:30Z = Sunday 23:30 local).
    assert_eq!(r["received"], 2);
    assert_eq!(ids(&r["top_frictions"]), ["decided-late", "sunday-late"]);
    // Live roadmap: rm-early, rm-late-decision, rm-unlinked; no decision
    // names one by 11-15T23:00Z.
    assert_eq!(
        r["roadmap_origin"],
        json!({"total": 3, "with_origin": 0, "percent": 0.0})
    );
    // october-closed, decided-late, sunday-late; sunday-late is acknowledged
    // only on 11-16: 2 of 3 responded, 1 of 3 shipped and closed.
    assert_eq!(
        r["closed_loop"],
        json!({"items": 3, "responded_percent": 66.7, "changed_percent": 33.3, "closed_percent": 33.3})
    );
}

#[test]
fn weekly_w48_counts_the_late_decision_and_the_late_roadmap_item() {
    let r = weekly("2026-W48");
    assert_eq!(r["received"], 0);
    // rm-added-after (11-25) is live now; decided-late's decision of 11-24
    // names rm-late-decision: 2 of 4.
    assert_eq!(
        r["roadmap_origin"],
        json!({"total": 4, "with_origin": 2, "percent": 50.0})
    );
    // big-one closed on 11-23: 2 of the same 12 items closed.
    assert_eq!(r["closed_loop"]["closed_percent"], 16.7);
    // big-one's close clock: Fri 11-20 17:00 CET + 2bd = Tue 11-24 17:00 CET,
    // closed 11-23 → met.
    assert_eq!(r["sla"]["close"], sla(1, 0, 0, json!(100.0)));
}

#[test]
fn weekly_empty_week_has_zeros_and_null_percentages() {
    let r = weekly("2026-W30");
    // Mon 20 Jul 00:00 CEST = 07-19T22:00Z.
    assert_eq!(r["start"], "2026-07-19T22:00:00Z");
    assert_eq!(r["end"], "2026-07-26T22:00:00Z");
    assert_eq!(r["received"], 0);
    assert_eq!(
        r["by_tag"],
        json!({"documentation-gap": 0, "dx-delight": 0, "dx-friction": 0,
               "missing-capability": 0, "strategic-insight": 0})
    );
    assert_eq!(r["top_frictions"], json!([]));
    assert_eq!(r["top_delights"], json!([]));
    assert_eq!(
        r["roadmap_origin"],
        json!({"total": 0, "with_origin": 0, "percent": null})
    );
    assert_eq!(
        r["closed_loop"],
        json!({"items": 0, "responded_percent": null, "changed_percent": null, "closed_percent": null})
    );
    for clock in ["distribute", "acknowledge", "review", "quick-win", "close"] {
        assert_eq!(r["sla"][clock], sla(0, 0, 0, Value::Null), "{clock}");
    }
}

#[test]
fn quarterly_q4_and_q1_split_at_local_midnight() {
    let q4 = quarterly("2026-Q4");
    // Thu 1 Oct 00:00 CEST = 09-30T22:00Z to Fri 1 Jan 00:00 CET = 12-31T23:00Z.
    assert_eq!(q4["start"], "2026-09-30T22:00:00Z");
    assert_eq!(q4["end"], "2026-12-31T23:00:00Z");
    assert_eq!(q4["running"], false);
    // All items but new-year-utc (12-31T23:30Z is 00:30 on 1 Jan in Berlin).
    assert_eq!(q4["received"], 15);
    assert_eq!(
        q4["by_area"],
        json!({"cli": 6, "console": 2, "docs": 2, "retrieval": 3, "sdk": 2})
    );
    // Decided quick-win or planned by 12-31T23:00Z: october-closed,
    // decided-late, big-one, small-fry, q4-closed-nps, jan-closed = 6;
    // new-year-eve is decided on 2027-01-04. 6 / 15 = 40 %.
    assert_eq!(
        q4["conversion"],
        json!({"received": 15, "converted": 6, "percent": 40.0})
    );
    // Closed in Q4: october-closed 4, big-one 5, q4-closed-nps 2 → 11 / 3.
    assert_eq!(q4["satisfaction"], json!({"mean": 3.67, "count": 3}));

    let q1 = quarterly("2027-Q1");
    assert_eq!(q1["start"], "2026-12-31T23:00:00Z");
    assert_eq!(q1["running"], true);
    assert_eq!(q1["received"], 1);
    assert_eq!(
        q1["conversion"],
        json!({"received": 1, "converted": 1, "percent": 100.0})
    );
    // jan-closed closed 2027-01-06 with 3.
    assert_eq!(q1["satisfaction"], json!({"mean": 3.0, "count": 1}));
}

#[test]
fn report_markdown_snapshots() {
    let weekly = stdout(&["report", "weekly", "--week", "2026-W47", "--format", "md"]);
    let empty = stdout(&["report", "weekly", "--week", "2026-W30", "--format", "md"]);
    let q4 = stdout(&[
        "report",
        "quarterly",
        "--quarter",
        "2026-Q4",
        "--format",
        "md",
    ]);
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("../snapshots");
    settings.bind(|| {
        insta::assert_snapshot!("report_weekly_2026_w47_md", weekly);
        insta::assert_snapshot!("report_weekly_2026_w30_empty_md", empty);
        insta::assert_snapshot!("report_quarterly_2026_q4_md", q4);
    });
}

#[test]
fn the_default_week_is_the_last_complete_one() {
    // Now is Fri 2027-01-15: the last complete week is 2027-W01.
    let r: Value =
        serde_json::from_str(&stdout(&["report", "weekly", "--format", "json"])).unwrap();
    assert_eq!(r["week"], "2027-W01");
    assert_eq!(r["running"], false);
}

#[test]
fn weekly_html_is_a_document_naming_the_week() {
    let html = stdout(&["report", "weekly", "--week", "2026-W47", "--format", "html"]);
    assert!(html.contains("<html"), "{html:?}");
    assert!(html.contains("2026-W47"), "{html:?}");
}

#[test]
fn a_week_that_does_not_exist_exits_2() {
    let out = closeloop(&["report", "weekly", "--week", "2026-W99"]);
    assert_eq!(out.code, 2);
    assert!(out.stdout.is_empty());
    let err = &out.stderr;
    assert!(err.contains("2026-W99"), "{err}");
}

/// Every field of the Markdown report goes through one escaping rule: an area or title made of
/// Markdown syntax prints as the literal text, and cannot break the list or a table.
#[test]
fn weekly_markdown_escapes_every_field_alike() {
    let repo = support::TempRepo::new();
    let item = support::GOOD_ITEM
        .replace(
            "title: Streams drop after 60 seconds behind a proxy",
            "title: \"**bold** | <b>x</b> [link](http://e.example)\"",
        )
        .replace("area: streaming", "area: \"a|b *c* <i>d</i> [e](f)\"");
    repo.write("feedback/hostile.md", item);
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_closeloop"));
    cmd.current_dir(repo.root());
    cmd.args(["--now", support::NOW, "--color", "never"]);
    cmd.args(["report", "weekly", "--week", "2026-W48"]);
    let out = support::run(cmd);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let line = out
        .stdout
        .lines()
        .find(|l| l.starts_with("1. "))
        .expect("the item is listed");
    assert!(
        line.contains(r"\*\*bold\*\* \| \<b\>x\</b\> \[link\](http://e.example)"),
        "{line}"
    );
    assert!(line.contains(r"a\|b \*c\* \<i\>d\</i\> \[e\](f)"), "{line}");
    assert!(!line.contains("<b>") && !line.contains("<i>"), "{line}");
}

/// The figures an executive acts on, worked out by hand for W47 (16–22 Nov, Berlin).
#[test]
fn weekly_w47_open_past_due_wins_strategic_and_change() {
    let r = weekly("2026-W47");
    // Running at the week's end (11-22T23:00Z) and due before it:
    //   distribute: tie-a, tie-b (due 11-18 10:00Z), delight-two, strategic-tag, delight-one
    //   (captured, never distributed) = 5; the oldest, tie-a, is 4 d 13 h overdue = 109 h.
    //   acknowledge: tie-a, tie-b, delight-two, strategic-tag = 4 (delight-one is due
    //   11-23 10:00Z); tie-a's 48 h ran out 11-19 10:00Z: 85 h = 3.5 days.
    //   review: decided-late, due Tue 11-17 10:00 CET, never reviewed: 5 d 14 h = 134 h.
    let past_due =
        |count: u64, hours: Value| json!({"count": count, "longest_overdue_hours": hours});
    assert_eq!(
        r["open_past_due"],
        json!({"total": 10, "clocks": {
            "distribute": past_due(5, json!(109.0)),
            "acknowledge": past_due(4, json!(85.0)),
            "review": past_due(1, json!(134.0)),
            "quick-win": past_due(0, Value::Null),
            "close": past_due(0, Value::Null),
        }})
    );
    // big-one shipped Fri 11-20 and closed 11-23, after the week: one win, no closed loop.
    assert_eq!(ids(&r["wins"]["shipped"]), ["big-one"]);
    assert_eq!(r["wins"]["shipped"][0]["release"], "v1.1.0");
    assert_eq!(r["wins"]["closed"], json!([]));
    // strategic-tag is neither a friction nor a delight.
    assert_eq!(ids(&r["top_strategic"]), ["strategic-tag"]);
    // States as of the week's end: big-one had shipped (closed only on 11-23).
    let states: Vec<&str> = r["top_frictions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["state"].as_str().unwrap())
        .collect();
    assert_eq!(
        states,
        [
            "shipped",
            "acknowledged",
            "acknowledged",
            "captured",
            "captured"
        ]
    );
    // The team's version quotes each item (this fixture has no owners).
    assert_eq!(r["top_frictions"][0]["quote"], "Feedback big-one.");
    assert_eq!(r["top_frictions"][0]["owner"], Value::Null);

    // Against W46 (2 received; 2 of 3 responded, 1 of 3 changed and closed; roadmap 0 of 3;
    // distribute and acknowledge each 1 met of 1 due; nothing open past due at its end):
    //   responded 7/12 − 2/3 = −8.33 points, changed 2/12 − 1/3 = −16.67,
    //   closed 1/12 − 1/3 = −25.0, roadmap 1/3 − 0 = +33.3, distribute 4/10 − 1 = −60.0,
    //   acknowledge 4/9 − 1 = −55.56.
    assert_eq!(
        r["change"],
        json!({
            "previous": "2026-W46",
            "received": 7,
            "open_past_due": 10,
            "responded_points": -8.3,
            "changed_points": -16.7,
            "closed_points": -25.0,
            "roadmap_origin_points": 33.3,
            "sla": {"distribute": -60.0, "acknowledge": -55.6, "review": null,
                    "quick-win": null, "close": null},
        })
    );
    assert_eq!(r["window_hours"], 90 * 24);
}

/// W48 holds the week after: big-one's loop closed on Mon 11-23 with a 5.
#[test]
fn weekly_w48_wins_hold_the_closed_loop() {
    let r = weekly("2026-W48");
    assert_eq!(ids(&r["wins"]["closed"]), ["big-one"]);
    assert_eq!(r["wins"]["closed"][0]["satisfaction"], 5);
    assert_eq!(r["wins"]["shipped"], json!([]));
}

#[test]
fn quarterly_q4_trend_scores_and_change() {
    let q4 = quarterly("2026-Q4");
    // Closed in Q4: october-closed 4, big-one 5, q4-closed-nps 2.
    assert_eq!(
        q4["satisfaction_scores"],
        json!({"1": 0, "2": 1, "3": 0, "4": 1, "5": 1})
    );
    let quarters: Vec<&str> = q4["trend"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["quarter"].as_str().unwrap())
        .collect();
    assert_eq!(quarters, ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
    assert_eq!(q4["trend"][3]["conversion"], q4["conversion"]);
    assert_eq!(q4["trend"][3]["satisfaction"], q4["satisfaction"]);
    // Q3 has no feedback: only the count changes.
    assert_eq!(q4["change"]["previous"], "2026-Q3");
    assert_eq!(q4["change"]["received"], 15);
    assert_eq!(q4["change"]["conversion_points"], Value::Null);

    // 2027-Q1 (running) against Q4: 1 of 1 converted after 6 of 15 = +60.0 points; one 3
    // after a mean of 11/3: 3 − 3.667 = −0.67.
    let q1 = quarterly("2027-Q1");
    assert_eq!(q1["change"]["previous"], "2026-Q4");
    assert_eq!(q1["change"]["received"], -14);
    assert_eq!(q1["change"]["conversion_points"], 60.0);
    assert_eq!(q1["change"]["satisfaction_mean"], -0.67);
    assert_eq!(q1["trend"][3]["running"], true);
}

/// The Markdown speaks plainly: the window in days from the config, long durations in days.
#[test]
fn weekly_markdown_uses_plain_words() {
    let md = stdout(&["report", "weekly", "--week", "2026-W47"]);
    assert!(md.contains("feedback from the last 90 days"), "{md}");
    assert!(!md.contains("signal window"), "{md}");
    assert!(md.contains("oldest 5.6 days overdue"), "{md}");
    assert!(md.contains("**Still open past due:** 10 clocks"), "{md}");
}

/// `closeloop report …` run the way the README shows it: from inside the repository, default
/// flags but a pinned *now*.
fn from_inside(args: &[&str]) -> String {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_closeloop"));
    cmd.current_dir(support::fixture("report"));
    cmd.args(["--now", NOW, "--color", "never"]);
    cmd.args(args);
    let out = support::run(cmd);
    assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    out.stdout
}

/// The default week (2027-W01, 28 Dec – 3 Jan) received two items, but what the executive
/// must not miss is the clocks still open past due: the captured items of November were never
/// distributed nor acknowledged.
#[test]
fn the_default_weekly_report_leads_with_what_is_overdue() {
    let md = from_inside(&["report", "weekly"]);
    assert!(
        md.starts_with("# Developer Signal Report — 2027-W01"),
        "{md}"
    );
    let line = md
        .lines()
        .find(|l| l.starts_with("- **Still open past due:**"))
        .expect("the past-due line");
    let json: Value = serde_json::from_str(&from_inside(&["report", "weekly", "--format", "json"]))
        .expect("JSON");
    let total = json["open_past_due"]["total"].as_u64().unwrap();
    assert!(total > 0, "{json:#}");
    assert!(line.contains(&format!("{total} clocks")), "{line}");
    assert!(line.contains("days overdue"), "{line}");
    assert_eq!(json["change"]["previous"], "2026-W53");

    let html = from_inside(&["report", "weekly", "--format", "html"]);
    for heading in [
        "Still open past due",
        "Wins this week",
        "Top strategic insights",
    ] {
        assert!(html.contains(heading), "{heading}");
    }
}

#[test]
fn the_default_quarterly_review_shows_its_trend_and_scores() {
    let md = from_inside(&["report", "quarterly"]);
    assert!(md.contains("## Four-quarter trend"), "{md}");
    assert!(
        md.contains("| 2027-Q1 (so far) | 1 of 1 (100.0%) | 3.00 / 5 | 1 |"),
        "{md}"
    );
    assert!(md.contains("## Satisfaction scores"), "{md}");
    assert!(md.contains("(+60.0 pts vs 2026-Q4)"), "{md}");
    let html = from_inside(&["report", "quarterly", "--format", "html"]);
    assert!(html.contains("Four-quarter trend") && html.contains("Satisfaction scores"));
}
