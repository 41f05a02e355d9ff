//! Site paths: a release whose name matches a page the site makes itself
//! gets a page of its own; the build is run from inside the repository
//! with the default output folder, as the README shows.

use crate::support::{GOOD_ITEM, TempRepo, closeloop};

/// A closed item shipped in `release` (or with a PR only, for `None`).
fn shipped(id: &str, release: Option<&str>) -> String {
    let release = release.map_or(String::new(), |r| format!("  release: \"{r}\"\n"));
    GOOD_ITEM
        .replace("Streams drop", &format!("Change {id} —"))
        .replace(
            "state: captured\n",
            &format!(
                "state: closed\ndistributed: 2026-11-26T08:30:00Z\nacknowledged: 2026-11-26T09:00:00Z\ndecision:\n  outcome: quick-win\n  at: 2026-11-26T09:30:00Z\n  reason: Small.\nshipped:\n  at: 2026-11-26T10:00:00Z\n{release}  pr: https://example.com/pull/1\nclosed:\n  at: 2026-11-26T11:00:00Z\n"
            ),
        )
}

#[test]
fn releases_named_like_site_pages_keep_their_own_pages() {
    let repo = TempRepo::new();
    repo.write("feedback/a.md", shipped("alpha", Some("index")));
    repo.write("feedback/b.md", shipped("beta", Some("other")));
    repo.write("feedback/c.md", shipped("gamma", Some("v1.0")));
    let run = closeloop(repo.root(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let site = repo.path("site");
    let read = |p: &str| std::fs::read_to_string(site.join(p)).unwrap();
    let index = read("releases/index.html");
    assert!(
        index.contains("<h1"),
        "the releases index is still the index"
    );
    for (name, page, change) in [
        ("index", "releases/index-2.html", "Change alpha —"),
        ("other", "releases/other-2.html", "Change beta —"),
        ("v1.0", "releases/v1-0.html", "Change gamma —"),
    ] {
        let html = read(page);
        assert!(html.contains(change), "{page} lacks the change of {name}");
        let link = format!("href=\"../{page}\"");
        assert!(index.contains(&link), "the index does not link {page}");
    }
}
