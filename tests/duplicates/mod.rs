//! Duplicates (SPEC §12) end to end, on the hand-worked `duplicates`
//! fixture: one shipped original, `retrieval-cliff` (frequency 2), reported
//! again by `long-context-recall` (public, 1, closed), `context-window-drop`
//! (anonymous, 3, acknowledged) and `recall-private-report` (private, 1,
//! closed); one decided original, `stream-timeout` (3), with the public
//! duplicate `proxy-cuts-stream` (1); and `docs-search-delight` on its own.
//!
//! Commands run from inside the repository, as the README shows them.

use crate::support::closeloop_in as in_repo;
use crate::support::{Run, TempRepo, fixture, site_files};

/// The fixture with one file replaced.
fn with_file(rel: &str, text: &str) -> TempRepo {
    let repo = TempRepo::copy_of("duplicates");
    repo.write(rel, text);
    repo
}

/// The one error of a run that must have exactly one (the fixture's
/// running clocks may add warnings).
fn only_error(run: &Run) -> serde_json::Value {
    let json = run.json();
    let errors: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), 1, "expected one error: {json:#}");
    errors[0].clone()
}

fn fixture_file(rel: &str) -> String {
    std::fs::read_to_string(fixture("duplicates").join(rel)).unwrap()
}

// -------------------------------------------------------------- validate

#[test]
fn the_duplicates_fixture_validates() {
    let run = in_repo(&fixture("duplicates"), &["validate", "--format", "json"]);
    run.assert_no_panic();
    assert_eq!(run.code, 0, "{}", run.stdout);
    let json = run.json();
    assert_eq!(json["errors"], 0, "{}", run.stdout);
    // 7 feedback items and 1 roadmap item.
    assert_eq!(json["items"], 8);
}

#[test]
fn an_unknown_original_is_reported_with_a_suggestion() {
    let rel = "feedback/2026/11/proxy-cuts-stream.md";
    let text = fixture_file(rel).replace(
        "duplicate_of: stream-timeout",
        "duplicate_of: stream-timout",
    );
    let repo = with_file(rel, &text);
    let run = in_repo(repo.root(), &["validate", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let d = only_error(&run);
    assert_eq!(d["code"], "unknown-duplicate");
    assert_eq!(d["file"], rel);
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(12), Some(1))
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .ends_with("did you mean `stream-timeout`?"),
        "{d}"
    );
}

#[test]
fn a_duplicate_of_a_duplicate_is_reported_in_every_format() {
    let rel = "feedback/2026/11/proxy-cuts-stream.md";
    let text = fixture_file(rel).replace(
        "duplicate_of: stream-timeout",
        "duplicate_of: long-context-recall",
    );
    let repo = with_file(rel, &text);
    let json = in_repo(repo.root(), &["validate", "--format", "json"]);
    assert_eq!(json.code, 1);
    let d = only_error(&json);
    assert_eq!(d["code"], "unknown-duplicate");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("itself a duplicate of `retrieval-cliff`"),
        "{d}"
    );
    let human = in_repo(repo.root(), &["validate"]);
    assert_eq!(human.code, 1);
    assert!(
        human.stdout.contains("error[unknown-duplicate]: "),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains(&format!("--> {rel}:12:1\n")),
        "{}",
        human.stdout
    );
    let github = in_repo(repo.root(), &["validate", "--format", "github"]);
    let prefix = format!("::error file={rel},line=12,col=1,title=unknown-duplicate::");
    assert!(
        github.stdout.lines().any(|l| l.starts_with(&prefix)),
        "{}",
        github.stdout
    );
}

#[test]
fn a_duplicate_with_its_own_decision_is_a_state_mismatch() {
    let rel = "feedback/2026/11/proxy-cuts-stream.md";
    let text = fixture_file(rel).replace(
        "acknowledged: 2026-11-19T15:00:00Z\n",
        "acknowledged: 2026-11-19T15:00:00Z\ndecision:\n  outcome: planned\n  at: 2026-11-20T10:00:00Z\n  reason: Same as the original.\n  roadmap: stream-resume\n",
    );
    let repo = with_file(rel, &text);
    let run = in_repo(repo.root(), &["validate", "--format", "json"]);
    assert_eq!(run.code, 1);
    let d = only_error(&run);
    assert_eq!(d["code"], "state-mismatch");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(16), Some(1))
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("follows its original `stream-timeout`"),
        "{d}"
    );
}

#[test]
fn a_duplicate_closed_before_its_original_shipped_is_a_state_mismatch() {
    let rel = "feedback/2026/11/proxy-cuts-stream.md";
    let text = fixture_file(rel)
        .replace("state: acknowledged", "state: closed")
        .replace(
            "acknowledged: 2026-11-19T15:00:00Z\n",
            "acknowledged: 2026-11-19T15:00:00Z\nclosed:\n  at: 2026-11-20T10:00:00Z\n",
        );
    let repo = with_file(rel, &text);
    let run = in_repo(repo.root(), &["validate", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let d = only_error(&run);
    assert_eq!(d["code"], "state-mismatch");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(17), Some(3))
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("`stream-timeout` has neither shipped nor been decided `not-prioritized`"),
        "{d}"
    );
}

#[test]
fn the_schema_knows_duplicate_of() {
    let run = in_repo(&fixture("duplicates"), &["schema"]);
    assert_eq!(run.code, 0);
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let property = &schema["properties"]["duplicate_of"];
    // A string, or empty (`duplicate_of:` reads as not set).
    assert_eq!(property["type"], serde_json::json!(["string", "null"]));
    assert_eq!(property["pattern"], "^[a-z0-9][a-z0-9-]{0,79}$");
}

// ------------------------------------------------------------------ site

/// Builds the fixture's site (public, or internal) from inside the
/// repository and returns every file's path and text.
fn site(internal: bool) -> (tempfile::TempDir, Vec<(String, String)>) {
    let repo = TempRepo::copy_of("duplicates");
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("site");
    let mut args = vec!["build", "--out", out_dir.to_str().unwrap()];
    if internal {
        args.push("--internal");
    }
    let run = in_repo(repo.root(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut pages: Vec<(String, String)> = site_files(&out_dir)
        .into_iter()
        .map(|(path, text)| {
            let rel = path.strip_prefix(&out_dir).unwrap();
            // Handles come wrapped in first-strong isolates; the checks
            // below read the sentences without them.
            let text = text.replace(['\u{2068}', '\u{2069}'], "");
            (rel.to_string_lossy().into_owned(), text)
        })
        .collect();
    pages.sort();
    (out, pages)
}

fn page<'a>(pages: &'a [(String, String)], rel: &str) -> &'a str {
    pages
        .iter()
        .find(|(p, _)| p == rel)
        .map(|(_, text)| text.as_str())
        .unwrap_or_else(|| panic!("no page {rel}"))
}

#[test]
fn a_private_duplicate_adds_only_to_counts() {
    let (_out, pages) = site(false);
    for (path, text) in &pages {
        for canary in [
            "CANARY-PRIVATE",
            "canary-private-handle",
            "recall-private-report",
        ] {
            assert!(!text.contains(canary), "{canary} in {path}");
        }
    }
    // It still counts: mara (2) + li (1) + the anonymous report (3) + the
    // private one (1).
    let original = page(&pages, "feedback/retrieval-cliff.html");
    assert!(original.contains("Reported by 7 developers"), "{original}");
}

#[test]
fn an_anonymous_duplicate_is_counted_and_merged_but_never_quoted() {
    let (_out, pages) = site(false);
    for (path, text) in &pages {
        for canary in ["CANARY-ANON-QUOTE", "canary-anon-handle"] {
            assert!(!text.contains(canary), "{canary} in {path}");
        }
    }
    let own = page(&pages, "feedback/context-window-drop.html");
    assert!(own.contains("CANARY-ANON-TITLE"), "its title is public");
    assert!(
        own.contains(r#"This report was merged into <a href="../feedback/retrieval-cliff.html"><bdi>Retrieval falls off a cliff past 200k tokens</bdi></a>"#),
        "{own}"
    );
    assert!(
        !own.contains("Reported by"),
        "the original carries the count"
    );
}

#[test]
fn the_original_and_its_release_thank_every_developer_as_their_credit_allows() {
    let (_out, pages) = site(false);
    let line = "Thanks to @mara, @li and 5 other developers, whose feedback led to this.";
    let original = page(&pages, "feedback/retrieval-cliff.html");
    assert!(original.contains(line), "{original}");
    let release = page(&pages, "releases/v2-3-0.html");
    assert!(release.contains(line), "{release}");
    // The original lists the reports merged into it that the public may
    // see, and counts the private one.
    assert!(
        original.contains(r#"<li><a href="../feedback/long-context-recall.html"><bdi>Long documents stop being found</bdi></a></li>"#),
        "{original}"
    );
    assert!(original.contains(r#"<a href="../feedback/context-window-drop.html">"#));
    assert!(
        original.contains("and 1 report not shown publicly"),
        "{original}"
    );
    // The release lists the change once: duplicates do not ship.
    assert!(
        release.contains("1 change from developer feedback"),
        "{release}"
    );
}

#[test]
fn a_public_duplicate_shows_its_developer_and_links_its_original() {
    let (_out, pages) = site(false);
    let own = page(&pages, "feedback/long-context-recall.html");
    assert!(own.contains("@li"));
    assert!(own.contains("Long documents just stop being found."));
    assert!(
        own.contains(r#"<a href="../feedback/retrieval-cliff.html">"#),
        "{own}"
    );
    assert!(
        !own.contains("Not decided yet"),
        "it follows its original: {own}"
    );
}

#[test]
fn the_internal_site_names_every_developer() {
    let (_out, pages) = site(true);
    let original = page(&pages, "feedback/retrieval-cliff.html");
    assert!(
        original.contains("Thanks to @mara, @li, @canary-anon-handle, @canary-private-handle and 3 other developers, whose feedback led to this."),
        "{original}"
    );
    let private = page(&pages, "feedback/recall-private-report.html");
    assert!(private.contains("CANARY-PRIVATE-TITLE"));
}

// ---------------------------------------------------------------- clocks

/// `sla --all --format json`: (item, clock, status, start, due) of every
/// clock, sorted.
fn clocks() -> Vec<(String, String, String, String, String)> {
    let run = in_repo(
        &fixture("duplicates"),
        &["sla", "--all", "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    let mut out: Vec<_> = json["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap_or_default().to_owned();
            (s("item"), s("clock"), s("status"), s("start"), s("due"))
        })
        .collect();
    out.sort();
    out
}

fn kinds_of(clocks: &[(String, String, String, String, String)], item: &str) -> Vec<String> {
    let mut kinds: Vec<String> = clocks
        .iter()
        .filter(|c| c.0 == item)
        .map(|c| c.1.clone())
        .collect();
    kinds.sort();
    kinds
}

#[test]
fn a_duplicate_keeps_distribute_and_acknowledge_but_never_review_or_quick_win() {
    let all = clocks();
    // The original is the one top signal (score 3 × 7 = 21; alone it
    // would be 6, below stream-timeout's 9), so it alone has a review.
    assert_eq!(
        kinds_of(&all, "retrieval-cliff"),
        ["acknowledge", "close", "distribute", "quick-win", "review"]
    );
    for dup in [
        "long-context-recall",
        "context-window-drop",
        "recall-private-report",
    ] {
        assert_eq!(
            kinds_of(&all, dup),
            ["acknowledge", "close", "distribute"],
            "{dup}"
        );
    }
    // The original has not shipped: no close clock for its duplicate yet.
    assert_eq!(
        kinds_of(&all, "proxy-cuts-stream"),
        ["acknowledge", "distribute"]
    );
    assert_eq!(
        kinds_of(&all, "stream-timeout"),
        ["acknowledge", "distribute"]
    );
}

#[test]
fn a_duplicates_close_clock_starts_when_its_original_ships() {
    let all = clocks();
    let close = |item: &str| {
        all.iter()
            .find(|c| c.0 == item && c.1 == "close")
            .map(|c| (c.2.as_str(), c.3.as_str(), c.4.as_str()))
            .unwrap()
    };
    // Shipped Friday 20 Nov 17:00; two business days: Tuesday 17:00.
    assert_eq!(
        close("long-context-recall"),
        ("met", "2026-11-20T17:00:00Z", "2026-11-24T17:00:00Z")
    );
    assert_eq!(
        close("context-window-drop"),
        ("breached", "2026-11-20T17:00:00Z", "2026-11-24T17:00:00Z")
    );
    // Received after the ship: its clock starts when it arrives.
    assert_eq!(
        close("recall-private-report"),
        ("met", "2026-11-24T10:00:00Z", "2026-11-26T10:00:00Z")
    );
}

#[test]
fn validate_warns_about_the_duplicate_nobody_told() {
    let run = in_repo(&fixture("duplicates"), &["validate", "--format", "json"]);
    let json = run.json();
    let warnings: Vec<(String, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["file"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        warnings,
        [(
            "sla-breached".to_owned(),
            "feedback/2026/11/context-window-drop.md".to_owned()
        )]
    );
    let message = json["diagnostics"][0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("the `close` SLA is missed"),
        "{message}"
    );
}

// --------------------------------------------------------------- reports

fn weekly(week: &str) -> serde_json::Value {
    let run = in_repo(
        &fixture("duplicates"),
        &["report", "weekly", "--week", week, "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json()
}

/// (id, score, frequency, reports) of a report list.
fn ranked(list: &serde_json::Value) -> Vec<(String, u64, u64, u64)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["id"].as_str().unwrap().to_owned(),
                i["score"].as_u64().unwrap(),
                i["frequency"].as_u64().unwrap(),
                i["reports"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_weekly_report_ranks_originals_with_their_duplicates_frequency() {
    let w47 = weekly("2026-W47");
    // Received in W47: both originals, the delight and three duplicates.
    assert_eq!(w47["received"], 6);
    assert_eq!(w47["by_tag"]["missing-capability"], 3);
    assert_eq!(w47["by_tag"]["dx-friction"], 2);
    // retrieval-cliff: 2 + 1 + 3 by the end of W47 (the private duplicate
    // arrives in W48), high: 3 × 6 = 18. stream-timeout: 3 + 1, 3 × 4.
    assert_eq!(
        ranked(&w47["top_frictions"]),
        [
            ("retrieval-cliff".to_owned(), 18, 6, 3),
            ("stream-timeout".to_owned(), 12, 4, 2),
        ]
    );
    assert_eq!(
        ranked(&w47["top_delights"]),
        [("docs-search-delight".to_owned(), 1, 1, 1)]
    );
    // Six received; all acknowledged; the original and two duplicates
    // changed (shipped 20 Nov); only the original closed before 23 Nov.
    assert_eq!(w47["closed_loop"]["items"], 6);
    assert_eq!(w47["closed_loop"]["responded_percent"], 100.0);
    assert_eq!(w47["closed_loop"]["changed_percent"], 50.0);
    assert_eq!(w47["closed_loop"]["closed_percent"], 16.7);
}

#[test]
fn a_duplicate_counts_as_received_but_is_never_ranked_on_its_own() {
    let w48 = weekly("2026-W48");
    // Only the private duplicate arrived in W48.
    assert_eq!(w48["received"], 1);
    assert_eq!(w48["by_tag"]["missing-capability"], 1);
    assert_eq!(ranked(&w48["top_frictions"]), []);
    // The window now holds all seven; the private duplicate is closed.
    assert_eq!(w48["closed_loop"]["items"], 7);
    assert_eq!(w48["closed_loop"]["changed_percent"], 57.1);
    assert_eq!(w48["closed_loop"]["closed_percent"], 42.9);
}

// ------------------------------------------------------------ todo, draft

#[test]
fn todo_lists_a_close_for_the_duplicate_nobody_told_and_no_decide() {
    let run = in_repo(&fixture("duplicates"), &["todo"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let actions: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("closeloop draft"))
        .collect();
    assert_eq!(actions.len(), 1, "{}", run.stdout);
    assert!(
        actions[0].starts_with("breached  close   context-window-drop"),
        "{}",
        actions[0]
    );
    assert!(actions[0].ends_with("closeloop draft close context-window-drop"));
    // proxy-cuts-stream is acknowledged, but decided with its original.
    assert!(!run.stdout.contains("proxy-cuts-stream"), "{}", run.stdout);
}

#[test]
fn draft_close_for_a_duplicate_speaks_of_the_originals_change() {
    let run = in_repo(
        &fixture("duplicates"),
        &["draft", "close", "context-window-drop"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = &run.stdout;
    assert!(
        text.contains("You were one of 7 developers who told us about this; we tracked all the reports together as \"Retrieval falls off a cliff past 200k tokens\""),
        "{text}"
    );
    assert!(
        text.contains("It shipped on Friday 20 November in v2.3.0"),
        "{text}"
    );
    assert!(
        text.contains("we have not named you"),
        "anonymous credit: {text}"
    );
}

// ------------------------------------------------------------------- new

#[test]
fn new_suggests_the_original_of_a_similar_duplicate() {
    let repo = TempRepo::copy_of("duplicates");
    let run = in_repo(repo.root(), &["new", "Long documents stop being found!"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The similar item is itself a duplicate: name its original.
    assert!(
        run.stderr.contains(
            "feedback/2026/11/long-context-recall.md has a similar title (\u{201c}Long documents stop being found\u{201d}) — if the new item reports the same thing, add `duplicate_of: retrieval-cliff` to it"
        ),
        "{}",
        run.stderr
    );
}
