//! `closeloop build` end to end: privacy, hostile text, determinism,
//! relative links, and refusing folders closeloop did not create.

mod pages;
mod paths;
mod rebuild;

use crate::support::{closeloop, site_paths};
use std::path::{Path, PathBuf};

fn example_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build(root: &Path, out: &Path, internal: bool) {
    let mut args = vec!["build", "--out", out.to_str().unwrap()];
    if internal {
        args.push("--internal");
    }
    let o = closeloop(root, &args);
    assert_eq!(o.code, 0, "build failed: {}", o.stderr);
}

const TIMES: &str = "received: 2026-11-02T10:00:00Z\nstate: closed\ndistributed: 2026-11-02T12:00:00Z\nacknowledged: 2026-11-02T13:00:00Z\n";

fn item(credit: &str, n: &str, title: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\n{TIMES}developer:\n  handle: \"@CANARY-{n}-handle\"\n  credit: {credit}\n  channel: CANARY-{n}-channel\nquote: CANARY-{n}-quote\narea: sdk\ntag: dx-friction\nseverity: high\njtbd: CANARY-{n}-jtbd\nowner: CANARY-{n}-owner\nlinks:\n  ticket: CANARY-{n}-link\ndecision:\n  outcome: quick-win\n  at: 2026-11-03T10:00:00Z\n  reason: \"Reason {n} [x](javascript:alert(1)) <script>alert(1)</script>\"\nshipped:\n  at: 2026-11-04T10:00:00Z\n  release: \"v1.0 <b>\"\n  pr: \"https://example.com/pull/1?x=\\\"><script>alert(1)</script>\"\n  impact: \"Impact {n} <img src=x onerror=alert(1)>\"\nclosed:\n  at: 2026-11-05T10:00:00Z\n  followup: CANARY-{n}-followup\n---\nCANARY-{n}-body\n"
    )
}

/// A repository with one item per credit, canaries in every field the
/// public may not see, and script payloads in what it may.
fn canary_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fb = dir.path().join("feedback");
    std::fs::create_dir_all(&fb).unwrap();
    std::fs::write(
        fb.join("private-one.md"),
        item("private", "private", "CANARY-private-title"),
    )
    .unwrap();
    std::fs::write(
        fb.join("anon-one.md"),
        item("anonymous", "anon", "Anonymous <script>alert(1)</script>"),
    )
    .unwrap();
    let public = item("public", "public", "Public <script>alert(1)</script>")
        .replace("@CANARY-public-handle", "@mara")
        .replace("CANARY-public-quote", "public quote")
        .replace("CANARY-public-followup", "public followup")
        .replace("CANARY-public-jtbd", "public jtbd");
    std::fs::write(fb.join("public-one.md"), public).unwrap();
    std::fs::write(
        dir.path().join("closeloop.toml"),
        "[site]\nbase_url = \"https://x.example/\"\n",
    )
    .unwrap();
    dir
}

#[test]
fn nothing_private_reaches_the_public_site() {
    let repo = canary_repo();
    let out = repo.path().join("out");
    build(repo.path(), &out, false);
    let all = site_paths(&out);
    assert!(all.iter().any(|p| p.ends_with("feed.xml")));
    for path in &all {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        assert!(
            !text.contains("CANARY"),
            "{} leaks: {}",
            path.display(),
            &text[text.find("CANARY").unwrap().saturating_sub(80)..]
                [..160.min(text.len() - text.find("CANARY").unwrap().saturating_sub(80))]
        );
        let lower = text.to_ascii_lowercase();
        assert!(
            !lower.contains("<script>alert"),
            "{} runs a script",
            path.display()
        );
        assert!(
            !lower.contains("javascript:"),
            "{} has a javascript: URL",
            path.display()
        );
        // The payload may survive as escaped text, never as a tag.
        assert!(
            !lower.contains("<img"),
            "{} has an image tag",
            path.display()
        );
    }
    let public = std::fs::read_to_string(out.join("feedback/public-one.html")).unwrap();
    assert!(public.contains("@mara") && public.contains("public quote"));
    assert!(!out.join("feedback/private-one.html").exists());
    let anon = std::fs::read_to_string(out.join("feedback/anon-one.html")).unwrap();
    assert!(anon.contains("a developer"), "anonymous credit line");
}

#[test]
fn the_internal_site_shows_everything() {
    let repo = canary_repo();
    let out = repo.path().join("internal");
    build(repo.path(), &out, true);
    let page = std::fs::read_to_string(out.join("feedback/private-one.html")).unwrap();
    for field in [
        "title", "handle", "quote", "followup", "owner", "channel", "link", "body", "jtbd",
    ] {
        assert!(
            page.contains(&format!("CANARY-private-{field}")),
            "internal page lacks {field}"
        );
    }
    assert!(out.join("sla.html").is_file());
}

#[test]
fn same_input_and_now_give_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build(&example_root(), &a, false);
    build(&example_root(), &b, false);
    let fa: Vec<PathBuf> = site_paths(&a)
        .iter()
        .map(|p| p.strip_prefix(&a).unwrap().to_owned())
        .collect();
    let fb: Vec<PathBuf> = site_paths(&b)
        .iter()
        .map(|p| p.strip_prefix(&b).unwrap().to_owned())
        .collect();
    assert_eq!(fa, fb);
    for rel in &fa {
        assert_eq!(
            std::fs::read(a.join(rel)).unwrap(),
            std::fs::read(b.join(rel)).unwrap(),
            "{}",
            rel.display()
        );
    }
}

/// Every `href` and `src` of every page names a file that exists.
#[test]
fn every_internal_link_resolves_to_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    for internal in [false, true] {
        let out = tmp
            .path()
            .join(if internal { "internal" } else { "public" });
        build(&example_root(), &out, internal);
        let mut checked = 0;
        for page in site_paths(&out)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
        {
            let text = std::fs::read_to_string(&page).unwrap();
            for attr in ["href=\"", "src=\""] {
                for chunk in text.split(attr).skip(1) {
                    let url = chunk.split('"').next().unwrap().replace("&amp;", "&");
                    if url.starts_with("http://")
                        || url.starts_with("https://")
                        || url.starts_with("mailto:")
                        || url.starts_with('#')
                    {
                        continue;
                    }
                    assert!(
                        !url.starts_with('/'),
                        "{}: absolute link {url}",
                        page.display()
                    );
                    let file = url.split(['#', '?']).next().unwrap();
                    let target = page.parent().unwrap().join(file);
                    assert!(
                        target.is_file(),
                        "{}: {url} does not resolve to a file",
                        page.display()
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "only {checked} links checked");
    }
}

#[test]
fn refuses_a_folder_it_did_not_create_and_keeps_it() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("thesis.tex"), "precious").unwrap();
    let o = closeloop(
        &example_root(),
        &["build", "--out", tmp.path().to_str().unwrap()],
    );
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("not created by closeloop"));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("thesis.tex")).unwrap(),
        "precious"
    );
}

#[test]
fn refuses_to_build_on_errors_and_keeps_the_previous_site() {
    let repo = canary_repo();
    let out = repo.path().join("out");
    build(repo.path(), &out, false);
    let before = std::fs::read(out.join("index.html")).unwrap();
    std::fs::write(
        repo.path().join("feedback/broken.md"),
        "---\ntitle: x\n---\n",
    )
    .unwrap();
    let o = closeloop(repo.path(), &["build", "--out", out.to_str().unwrap()]);
    assert_eq!(o.code, 1);
    assert_eq!(std::fs::read(out.join("index.html")).unwrap(), before);
}

/// Every page of the example site (public and internal) and of the
/// payload repository parses as HTML5 without a single parse error, as
/// browsers would report them.
#[test]
fn every_page_parses_without_html_errors() {
    use html5ever::tendril::TendrilSink;
    let tmp = tempfile::tempdir().unwrap();
    let canary = canary_repo();
    let sites = [
        (example_root(), false),
        (example_root(), true),
        (canary.path().to_owned(), false),
        (canary.path().to_owned(), true),
    ];
    let mut pages = 0;
    for (n, (root, internal)) in sites.iter().enumerate() {
        let out = tmp.path().join(n.to_string());
        build(root, &out, *internal);
        for page in site_paths(&out)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
        {
            let opts = html5ever::ParseOpts {
                tree_builder: html5ever::tree_builder::TreeBuilderOpts {
                    exact_errors: true,
                    ..Default::default()
                },
                ..Default::default()
            };
            let dom = html5ever::parse_document(markup5ever_rcdom::RcDom::default(), opts)
                .from_utf8()
                .read_from(&mut std::fs::File::open(&page).unwrap())
                .unwrap();
            let errors = dom.errors.borrow();
            assert!(
                errors.is_empty(),
                "{}: {} HTML parse errors, first: {}",
                page.display(),
                errors.len(),
                errors[0]
            );
            pages += 1;
        }
    }
    assert!(pages > 100, "only {pages} pages parsed");
}

/// The item list is paged 500 to a page, newest first; every public item
/// appears on exactly one list page, and an item whose id is `index` gets
/// its own page without replacing a list page.
#[test]
fn the_item_list_is_paged_and_lists_every_item_once() {
    let repo = crate::support::TempRepo::new();
    // Captured items are public only when the team publishes from capture.
    repo.write("closeloop.toml", "[site]\npublish_from = \"captured\"\n");
    for n in 0..1001 {
        let id = if n == 0 {
            "index".to_owned()
        } else {
            format!("item-{n:04}")
        };
        // Received one minute apart, so newest first is the reverse of n.
        let item = crate::support::GOOD_ITEM
            .replace(
                "2026-11-26T08:00:00Z",
                &format!("2026-11-25T{:02}:{:02}:00Z", n / 60, n % 60),
            )
            .replace("Streams drop", &format!("Streams drop ({id})"));
        repo.write(&format!("feedback/{id}.md"), item);
    }
    let out = repo.path("site");
    build(repo.root(), &out, false);
    assert!(out.join("feedback/index.html").is_file());
    let pages = ["items/index.html", "items/2.html", "items/3.html"];
    let mut listed = Vec::new();
    for page in pages {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        let rows: Vec<&str> = html
            .split("href=\"../feedback/")
            .skip(1)
            .map(|s| s.split('.').next().unwrap())
            .collect();
        assert!(!rows.is_empty(), "{page} lists nothing");
        listed.extend(rows.iter().map(|s| s.to_string()));
    }
    assert!(!out.join("items/4.html").exists());
    assert_eq!(listed.len(), 1001);
    assert_eq!(listed[0], "item-1000", "newest first");
    assert_eq!(listed[500], "item-0500", "page 2 starts with the 501st");
    listed.sort();
    listed.dedup();
    assert_eq!(listed.len(), 1001, "every item exactly once");
    let second = std::fs::read_to_string(out.join("items/2.html")).unwrap();
    assert!(second.contains("href=\"../items/index.html\" rel=\"prev\""));
    assert!(second.contains("href=\"../items/3.html\" rel=\"next\""));
}
