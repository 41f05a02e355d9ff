//! Release notes for readers: code in titles, shared-link cards, thank-you
//! pages and the roadmap page, each with its privacy canaries.

use crate::support::{TempRepo, build_site as build, site_files as all_pages};
use std::path::{Path, PathBuf};

fn read(dir: &Path, page: &str) -> String {
    std::fs::read_to_string(dir.join(page)).unwrap_or_else(|e| {
        let files: Vec<PathBuf> = all_pages(dir).into_iter().map(|(p, _)| p).collect();
        panic!("{page}: {e}; the site has {files:?}")
    })
}

/// A shipped item: `credit`, `title`, optional `roadmap` (planned) and
/// `duplicate_of`-free.
fn shipped(n: &str, credit: &str, title: &str, handle: &str, roadmap: Option<&str>) -> String {
    let decision = match roadmap {
        Some(r) => format!("  outcome: planned\n  roadmap: {r}\n"),
        None => "  outcome: quick-win\n".to_owned(),
    };
    format!(
        "---\ntitle: \"{title}\"\nreceived: 2026-11-02T10:00:00Z\ndeveloper:\n  handle: \"{handle}\"\n  credit: {credit}\nquote: \"Quote {n}\"\narea: sdk\ntag: dx-friction\nseverity: high\njtbd: When I work, I want it to work, so that I can ship.\nstate: closed\ndistributed: 2026-11-02T11:00:00Z\nacknowledged: 2026-11-02T12:00:00Z\ndecision:\n{decision}  at: 2026-11-03T10:00:00Z\n  reason: Fix it.\nshipped:\n  at: 2026-11-04T10:00:00Z\n  release: v1.{n}\nclosed:\n  at: 2026-11-05T10:00:00Z\n---\nBody {n}\n"
    )
}

fn roadmap(id: &str, status: &str, title: &str) -> (String, String) {
    (
        format!("roadmap/{id}.md"),
        format!(
            "---\ntitle: {title}\nstatus: {status}\nadded: 2026-10-01\nquarter: 2026-Q4\n---\nCANARY-{id}-notes\n"
        ),
    )
}

fn repo() -> TempRepo {
    let repo = TempRepo::new();
    repo.write(
        "closeloop.toml",
        "[site]\nbase_url = \"https://voice.example/dx\"\n",
    );
    let files = [
        (
            "feedback/cursor.md".to_owned(),
            shipped(
                "1",
                "public",
                "`client.list()` makes me page <b>by hand</b>",
                "@mara",
                Some("auto-paging"),
            ),
        ),
        (
            "feedback/again.md".to_owned(),
            shipped("2", "public", "Retries are too eager", "@mara", None),
        ),
        (
            "feedback/quiet.md".to_owned(),
            shipped(
                "3",
                "anonymous",
                "Docs skip auth",
                "@CANARY-anon-handle",
                None,
            ),
        ),
        (
            "feedback/secret.md".to_owned(),
            shipped(
                "4",
                "private",
                "CANARY-private-title",
                "@CANARY-private-handle",
                Some("auto-paging"),
            ),
        ),
        roadmap("auto-paging", "planned", "Automatic paging in every SDK"),
        roadmap("later", "in-progress", "Webhooks for evals"),
    ];
    for (path, text) in files {
        repo.write(&path, text);
    }
    repo
}

#[test]
fn backticks_in_titles_render_as_escaped_code() {
    let repo = repo();
    let site = build(&repo, false);
    let page = read(&site, "feedback/cursor.html");
    assert!(
        page.contains(
            "<h1><bdi><code>client.list()</code> makes me page &lt;b&gt;by hand&lt;/b&gt;</bdi></h1>"
        ),
        "{page}"
    );
    // Plain-text places drop the backticks, and still escape.
    assert!(page.contains("<title>client.list() makes me page &lt;b&gt;by hand&lt;/b&gt; · "));
    for p in [
        "index.html",
        "releases/v1-1.html",
        "items/index.html",
        "roadmap.html",
    ] {
        let html = read(&site, p);
        assert!(html.contains("<code>client.list()</code>"), "{p}");
        assert!(!html.contains("`client.list()`"), "{p}");
        assert!(!html.contains("<b>by hand"), "{p}");
    }
}

#[test]
fn pages_carry_opengraph_and_twitter_cards_with_absolute_urls() {
    let repo = repo();
    let site = build(&repo, false);
    let page = read(&site, "releases/v1-1.html");
    for tag in [
        "<meta property=\"og:title\" content=\"v1.1\">",
        "<meta property=\"og:type\" content=\"article\">",
        "<meta property=\"og:url\" content=\"https://voice.example/dx/releases/v1-1.html\">",
        "<link rel=\"canonical\" href=\"https://voice.example/dx/releases/v1-1.html\">",
        "<meta name=\"twitter:card\" content=\"summary\">",
        "<meta property=\"og:description\" content=\"v1.1: 1 change from developer feedback — client.list() makes me page",
    ] {
        assert!(page.contains(tag), "missing {tag}");
    }
    let home = read(&site, "index.html");
    assert!(home.contains("content=\"https://voice.example/dx/index.html\""));
    // Without base_url there is no absolute URL to give.
    repo.write("closeloop.toml", "");
    let site = build(&repo, false);
    let page = read(&site, "releases/v1-1.html");
    assert!(page.contains("og:title") && !page.contains("og:url"));
}

#[test]
fn a_thank_you_page_per_publicly_credited_developer() {
    let repo = repo();
    let site = build(&repo, false);
    let mara = read(&site, "thanks/mara.html");
    assert!(mara.contains("Thank you, @mara"));
    assert!(mara.contains("Retries are too eager") && mara.contains("client.list()"));
    assert!(mara.contains("href=\"../releases/v1-1.html\""));
    let index = read(&site, "thanks/index.html");
    assert!(index.contains("href=\"../thanks/mara.html\"") && index.contains("2 changes"));
    // Only `credit: public` developers get a page; no one else is named.
    let pages: Vec<String> = std::fs::read_dir(site.join("thanks"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(pages.len(), 2, "{pages:?}");
    for (path, text) in all_pages(&site) {
        assert!(!text.contains("CANARY"), "{} leaks", path.display());
    }
    // The item page links the handle to the thank-you page.
    assert!(read(&site, "feedback/again.html").contains("href=\"../thanks/mara.html\""));
}

#[test]
fn the_roadmap_page_shows_status_quarter_and_the_public_feedback_behind_each() {
    let repo = repo();
    let site = build(&repo, false);
    let page = read(&site, "roadmap.html");
    assert!(page.contains("Automatic paging in every SDK"));
    assert!(page.contains("Webhooks for evals"));
    assert!(
        page.contains("2026-Q4") && page.contains(">planned<") && page.contains(">in-progress<")
    );
    assert!(page.contains("Quote 1"), "the public quote behind it");
    assert!(page.contains("plus 1 item of feedback that is not public"));
    assert!(!page.contains("CANARY"), "{page}");
    assert!(!page.contains("stale"));
    // In-progress comes before planned.
    assert!(page.find("Webhooks for evals") < page.find("Automatic paging"));

    let internal = build(&repo, true);
    let page = read(&internal, "roadmap.html");
    assert!(page.contains("CANARY-private-title") && page.contains("CANARY-auto-paging-notes"));
    let stale = page
        .find("Still planned, but the feedback behind it shipped")
        .expect("the stale section");
    assert!(page[stale..].contains("Automatic paging in every SDK"));
    assert!(page[stale..].contains("2 items shipped"));
}
