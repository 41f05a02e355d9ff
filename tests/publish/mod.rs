//! What is published (SPEC §7, §13): `publish_from`, `embargo`,
//! `public_reports`, `shipped.summary`, releases with no public change,
//! and reports that say when they are internal. Each rule has a privacy
//! canary: a string that must appear on the internal site and nowhere on
//! the public one.

use crate::support::{
    TempRepo, build_site as build, closeloop_in as in_repo, closeloop_in_at as in_repo_at,
    site_files as pages,
};
use std::path::Path;

fn assert_absent(dir: &Path, canary: &str) {
    for (path, text) in pages(dir) {
        assert!(
            !text.contains(canary),
            "{} shows `{canary}`: …{}…",
            path.display(),
            around(&text, canary)
        );
    }
}

fn assert_present(dir: &Path, canary: &str) {
    assert!(
        pages(dir).iter().any(|(_, t)| t.contains(canary)),
        "`{canary}` is nowhere in {}",
        dir.display()
    );
}

fn around(text: &str, needle: &str) -> String {
    let at = text.find(needle).unwrap_or(0);
    text[at.saturating_sub(60)..]
        .chars()
        .take(160)
        .collect::<String>()
}

/// An item at `state`, with every milestone up to it; `extra` lines go
/// into the front matter (`embargo: true`, a `summary:` under `shipped`).
fn item(n: &str, credit: &str, state: &str, extra: &str, summary: Option<&str>) -> String {
    let order = [
        "captured",
        "distributed",
        "acknowledged",
        "decided",
        "shipped",
        "closed",
    ];
    let reached = |s: &str| {
        order.iter().position(|o| *o == s).unwrap()
            <= order.iter().position(|o| *o == state).unwrap()
    };
    let mut text = format!(
        "---\ntitle: CANARY-{n}-title\nreceived: 2026-11-02T10:00:00Z\ndeveloper:\n  handle: \"@CANARY-{n}-handle\"\n  credit: {credit}\nquote: CANARY-{n}-quote\narea: sdk\ntag: dx-friction\nseverity: critical\nfrequency: 3\njtbd: When I work, I want it to work, so that I can ship.\nstate: {state}\n{extra}"
    );
    if reached("distributed") {
        text.push_str("distributed: 2026-11-02T11:00:00Z\n");
    }
    if reached("acknowledged") {
        text.push_str("acknowledged: 2026-11-02T12:00:00Z\n");
    }
    if reached("decided") {
        text.push_str(
            "decision:\n  outcome: quick-win\n  at: 2026-11-03T10:00:00Z\n  reason: A small fix.\n",
        );
    }
    if reached("shipped") {
        text.push_str(&format!(
            "shipped:\n  at: 2026-11-04T10:00:00Z\n  release: CANARY-{n}-release\n"
        ));
        if let Some(s) = summary {
            text.push_str(&format!("  summary: \"{s}\"\n"));
        }
    }
    if reached("closed") {
        text.push_str("closed:\n  at: 2026-11-05T10:00:00Z\n  satisfaction: 4\n");
    }
    text.push_str("---\nCANARY-body\n");
    text
}

fn repo_with(config: &str, items: &[(&str, String)]) -> TempRepo {
    let repo = TempRepo::new();
    repo.write(
        "closeloop.toml",
        format!("[site]\nbase_url = \"https://x.example/\"\n{config}"),
    );
    for (id, text) in items {
        repo.write(&format!("feedback/{id}.md"), text);
    }
    repo
}

#[test]
fn items_before_publish_from_stay_off_the_public_site() {
    let repo = repo_with(
        "",
        &[
            ("new-one", item("captured", "public", "captured", "", None)),
            (
                "sent-one",
                item("distributed", "public", "distributed", "", None),
            ),
            (
                "thanked",
                item("thanked", "public", "acknowledged", "", None),
            ),
        ],
    );
    let public = build(&repo, false);
    assert_absent(&public, "CANARY-captured");
    assert_absent(&public, "CANARY-distributed");
    assert!(!public.join("feedback/new-one.html").exists());
    assert!(public.join("feedback/thanked.html").is_file());
    assert_present(&public, "CANARY-thanked-title");
    let internal = build(&repo, true);
    assert_present(&internal, "CANARY-captured-title");
    assert_present(&internal, "CANARY-distributed-quote");
}

#[test]
fn publish_from_moves_the_line_both_ways() {
    let items = [
        ("new-one", item("captured", "public", "captured", "", None)),
        ("fixed", item("fixed", "public", "shipped", "", None)),
        ("done", item("done", "public", "closed", "", None)),
    ];
    let early = repo_with("publish_from = \"captured\"\n", &items);
    assert_present(&build(&early, false), "CANARY-captured-title");
    let late = repo_with("publish_from = \"closed\"\n", &items);
    let public = build(&late, false);
    assert_absent(&public, "CANARY-captured");
    assert_absent(&public, "CANARY-fixed");
    assert_present(&public, "CANARY-done-title");
}

#[test]
fn an_embargoed_item_stays_off_the_public_site_until_it_ships() {
    let exploit = "&lt;script&gt;CANARY-exploit";
    let open = item("embargoed", "public", "decided", "embargo: true\n", None).replace(
        "CANARY-embargoed-quote",
        "\"<script>CANARY-exploit</script>\"",
    );
    let repo = repo_with("", &[("xss", open)]);
    let public = build(&repo, false);
    assert_absent(&public, "CANARY-embargoed");
    assert_absent(&public, "CANARY-exploit");
    assert!(!public.join("feedback/xss.html").exists());
    // The weekly report of its week counts it but does not name it.
    let week = std::fs::read_to_string(public.join("reports/2026-W45.html")).unwrap();
    assert!(week.contains("an item that is not public"), "{week}");
    assert_present(&build(&repo, true), exploit);

    let fixed = item("embargoed", "public", "shipped", "embargo: true\n", None).replace(
        "CANARY-embargoed-quote",
        "\"<script>CANARY-exploit</script>\"",
    );
    let repo = repo_with("", &[("xss", fixed)]);
    let public = build(&repo, false);
    assert!(public.join("feedback/xss.html").is_file());
    assert_present(&public, exploit);
}

/// The example repository's critical XSS report carries `embargo: true`:
/// before its fix shipped, the public site would not have shown it.
#[test]
fn the_example_xss_report_is_embargoed_until_its_fix_ships() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let file = root.join("feedback/2026/09/playground-script-injection.md");
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains("\nembargo: true\n"));
    // The same file as it stood on the day it was decided, before the fix.
    let (head, _) = text.split_once("shipped:").unwrap();
    let before = format!("{}\n---\n", head.replace("state: closed", "state: decided"));
    let repo = TempRepo::new();
    repo.write("feedback/playground-script-injection.md", &before);
    let run = in_repo_at(repo.root(), "2026-09-23T12:00:00Z", &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_absent(&repo.path("site"), "alert(document.domain)");
    assert_absent(&repo.path("site"), "Playground renders");
    // Once shipped (the example as it is), it is public.
    let repo = TempRepo::new();
    repo.write("feedback/playground-script-injection.md", &text);
    assert_present(&build(&repo, false), "Playground renders");
}

#[test]
fn public_reports_false_keeps_reports_on_the_internal_site() {
    let repo = repo_with(
        "public_reports = false\n",
        &[("done", item("done", "public", "closed", "", None))],
    );
    let public = build(&repo, false);
    assert!(!public.join("reports").exists());
    for (path, text) in pages(&public) {
        assert!(
            !text.contains("reports/"),
            "{} links to a report",
            path.display()
        );
    }
    let internal = build(&repo, true);
    assert!(internal.join("reports/index.html").is_file());
    assert!(internal.join("reports/2026-W45.html").is_file());

    let weekly = in_repo(repo.root(), &["report", "weekly", "--week", "2026-W45"]);
    assert!(
        weekly.ok().contains("Internal — do not share"),
        "{}",
        weekly.stdout
    );
    let public_run = in_repo(repo.root(), &["report", "weekly", "--public"]);
    assert_eq!(public_run.code, 2);
    assert!(public_run.stderr.contains("public_reports = false"));
    let quarterly = in_repo(repo.root(), &["report", "quarterly", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(quarterly.ok()).unwrap();
    assert_eq!(json["internal"], true);
}

#[test]
fn a_release_of_only_private_changes_is_only_counted() {
    let repo = repo_with(
        "",
        &[
            ("secret", item("secret", "private", "shipped", "", None)),
            ("open", item("open", "anonymous", "shipped", "", None)),
        ],
    );
    let public = build(&repo, false);
    assert_absent(&public, "CANARY-secret");
    assert!(
        !std::fs::read_dir(public.join("releases"))
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().contains("secret")),
        "the private release has a page"
    );
    let count = "1 release with changes from feedback that is not public";
    for page in ["index.html", "releases/index.html"] {
        let html = std::fs::read_to_string(public.join(page)).unwrap();
        assert!(html.contains(count), "{page} does not count it");
        assert!(html.contains("CANARY-open-release"), "{page}");
    }
    let feed = std::fs::read_to_string(public.join("feed.xml")).unwrap();
    assert_eq!(feed.matches("<entry>").count(), 1, "{feed}");
    // The anonymous developer's words stay private too.
    assert_absent(&public, "CANARY-open-quote");
    assert_absent(&public, "CANARY-open-handle");
    assert_present(&build(&repo, true), "CANARY-secret-release");
}

#[test]
fn a_release_note_leads_with_its_summary_and_keeps_the_reason() {
    let repo = repo_with(
        "",
        &[(
            "cursor",
            item(
                "cursor",
                "public",
                "closed",
                "",
                Some("The Python SDK pages through results for you"),
            )
            .replace(
                "CANARY-cursor-title",
                "Python SDK makes me handle cursors by hand",
            )
            .replace("CANARY-cursor-release", "v2.0"),
        )],
    );
    let public = build(&repo, false);
    for page in ["index.html", "releases/v2-0.html", "releases/index.html"] {
        let html = std::fs::read_to_string(public.join(page)).unwrap();
        let note = html
            .find("The Python SDK pages through results for you")
            .unwrap_or_else(|| panic!("{page} lacks the summary"));
        if page != "releases/index.html" {
            let reason = html
                .find("Python SDK makes me handle cursors by hand")
                .unwrap_or_else(|| panic!("{page} lacks the title"));
            assert!(note < reason, "{page}: the summary comes first");
        }
    }
    let feed = std::fs::read_to_string(public.join("feed.xml")).unwrap();
    assert!(feed.contains(
        "The Python SDK pages through results for you (from feedback: Python SDK makes me handle cursors by hand)"
    ));
}

#[test]
fn a_summary_must_be_one_short_line() {
    let repo = repo_with(
        "",
        &[(
            "long",
            item("long", "public", "shipped", "", Some(&"x".repeat(201))),
        )],
    );
    let run = in_repo(repo.root(), &["validate", "--format", "json"]);
    assert_eq!(run.code, 1);
    let diag = run.only_diagnostic();
    assert_eq!(diag["code"], "invalid-value");
    assert!(
        diag["message"]
            .as_str()
            .unwrap()
            .contains("shipped.summary")
    );
}

/// The week's top frictions hold a private and a not-yet-published item.
fn report_repo() -> TempRepo {
    repo_with(
        "",
        &[
            ("hidden", item("private", "private", "closed", "", None)),
            ("fresh", item("fresh", "public", "captured", "", None)),
            ("known", item("known", "public", "closed", "", None)),
        ],
    )
}

#[test]
fn reports_say_when_they_are_internal() {
    let repo = report_repo();
    let week = ["report", "weekly", "--week", "2026-W45"];
    let md = in_repo(repo.root(), &week);
    let md = md.ok();
    assert!(md.contains("Internal — do not share"), "{md}");
    assert!(md.contains("CANARY-private-title") && md.contains("CANARY-fresh-title"));

    let json = in_repo(repo.root(), &[&week[..], &["--format", "json"]].concat());
    let json: serde_json::Value = serde_json::from_str(json.ok()).unwrap();
    assert_eq!(json["internal"], true);
    let flags: Vec<bool> = json["top_frictions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["public"].as_bool().unwrap())
        .collect();
    assert_eq!(flags.iter().filter(|p| !**p).count(), 2, "{json:#}");

    let html = in_repo(repo.root(), &[&week[..], &["--format", "html"]].concat());
    assert!(
        html.ok()
            .contains("This report includes what the public site does not show")
    );
}

#[test]
fn report_public_prints_what_the_public_site_shows() {
    let repo = report_repo();
    let week = ["report", "weekly", "--week", "2026-W45", "--public"];
    for format in ["md", "json", "html"] {
        let out = in_repo(repo.root(), &[&week[..], &["--format", format]].concat());
        let text = out.ok();
        assert!(!text.contains("CANARY-private"), "{format}: {text}");
        assert!(!text.contains("CANARY-fresh"), "{format}: {text}");
        assert!(!text.contains("Internal — do not share"), "{format}");
        assert!(text.contains("CANARY-known-title"), "{format}");
    }
    let json = in_repo(repo.root(), &[&week[..], &["--format", "json"]].concat());
    let json: serde_json::Value = serde_json::from_str(json.ok()).unwrap();
    assert_eq!(json["internal"], false);
    let hidden: Vec<&serde_json::Value> = json["top_frictions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["public"] == false)
        .collect();
    assert_eq!(hidden.len(), 2);
    assert!(
        hidden
            .iter()
            .all(|i| i["title"].is_null() && i["id"].is_null())
    );
    assert!(hidden.iter().all(|i| i["score"].is_u64()));
}

#[test]
fn a_report_of_public_items_only_is_not_marked() {
    let repo = repo_with(
        "",
        &[("known", item("known", "public", "closed", "", None))],
    );
    let md = in_repo(repo.root(), &["report", "weekly", "--week", "2026-W45"]);
    assert!(!md.ok().contains("Internal"), "{}", md.stdout);
    let json = in_repo(
        repo.root(),
        &["report", "weekly", "--week", "2026-W45", "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_str(json.ok()).unwrap();
    assert_eq!(json["internal"], false);
}

/// A week whose wins, top lists and strategic insights hold a private, an anonymous and a
/// public developer's feedback, with an owner for every area.
fn wins_repo() -> TempRepo {
    let strategic = |n: &str, credit: &str| {
        item(n, credit, "closed", "", None).replace("tag: dx-friction", "tag: strategic-insight")
    };
    repo_with(
        "[owners]\n\"*\" = \"CANARY-owner\"\n",
        &[
            ("hidden", item("hidden", "private", "closed", "", None)),
            ("anon", item("anon", "anonymous", "closed", "", None)),
            ("known", item("known", "public", "closed", "", None)),
            ("insight-private", strategic("insight-private", "private")),
            ("insight-anon", strategic("insight-anon", "anonymous")),
        ],
    )
}

/// Wins, owners, quotes and strategic insights follow the same privacy rules as the rest of
/// the site: in the public outputs a private item is only counted, an anonymous developer is
/// "a developer" and never quoted, and no owner appears; the team's version shows it all.
#[test]
fn weekly_wins_owners_and_quotes_respect_credit() {
    let repo = wins_repo();
    let week = ["report", "weekly", "--week", "2026-W45"];
    let private = [
        "CANARY-hidden",
        "CANARY-insight-private",
        "CANARY-anon-handle",
        "CANARY-anon-quote",
        "CANARY-insight-anon-handle",
        "CANARY-insight-anon-quote",
        "CANARY-owner",
    ];
    for format in ["md", "json", "html"] {
        let args = [&week[..], &["--public", "--format", format]].concat();
        let text = in_repo(repo.root(), &args).ok().to_owned();
        for canary in private {
            assert!(
                !text.contains(canary),
                "{format} --public shows {canary}: {text}"
            );
        }
        // What the public may see is there: the public developer's handle and words, and the
        // anonymous item's title.
        for shown in [
            "CANARY-known-handle",
            "CANARY-known-quote",
            "CANARY-anon-title",
        ] {
            assert!(text.contains(shown), "{format} --public lacks {shown}");
        }
        let team = in_repo(repo.root(), &[&week[..], &["--format", format]].concat());
        let team = team.ok();
        for canary in private {
            assert!(team.contains(canary), "the team's {format} lacks {canary}");
        }
    }
    let md = in_repo(repo.root(), &[&week[..], &["--public"]].concat());
    let md = md.ok();
    assert!(md.contains("with a developer"), "{md}");
    assert!(md.contains("from feedback that is not public"), "{md}");
    assert!(md.contains("## Top strategic insights"), "{md}");

    let public = build(&repo, false);
    for canary in private {
        assert_absent(&public.join("reports"), canary);
    }
    let internal = build(&repo, true);
    for canary in private {
        assert_present(&internal.join("reports"), canary);
    }
}

/// The team's report names owners, which the public site never shows: it says it is internal.
#[test]
fn a_report_with_owners_is_internal() {
    let repo = wins_repo();
    let json = in_repo(
        repo.root(),
        &["report", "weekly", "--week", "2026-W45", "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_str(json.ok()).unwrap();
    assert_eq!(json["internal"], true);
    assert_eq!(json["top_strategic"][0]["owner"], "CANARY-owner");
    let public = in_repo(
        repo.root(),
        &[
            "report", "weekly", "--week", "2026-W45", "--format", "json", "--public",
        ],
    );
    let public: serde_json::Value = serde_json::from_str(public.ok()).unwrap();
    assert_eq!(public["internal"], false);
    for list in ["top_frictions", "top_strategic"] {
        for i in public[list].as_array().unwrap() {
            assert!(i["owner"].is_null(), "{i}");
        }
    }
    let closed = public["wins"]["closed"].as_array().unwrap();
    assert_eq!(closed.len(), 5, "every closed loop is counted");
    assert_eq!(closed.iter().filter(|w| w["public"] == false).count(), 2);
    assert!(
        closed
            .iter()
            .filter(|w| w["public"] == false)
            .all(|w| w["id"].is_null() && w["title"].is_null())
    );
}
