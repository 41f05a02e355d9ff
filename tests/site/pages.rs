//! The `site` fixture's public and internal sites, pinned file by file as
//! insta snapshots (`tests/snapshots/site_<audience>@<path>.snap`), with
//! the list of files first: a template change that drops a credit line, a
//! page that appears or disappears, fails here. Refresh on purpose with
//! `INSTA_UPDATE=always cargo test site::pages` and review the diff.

use crate::support::{closeloop, fixture, site_paths};
use std::path::Path;

/// Every file under `dir`, as site paths with `/`, sorted.
fn site_files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = site_paths(dir)
        .iter()
        .map(|p| {
            let rel = p.strip_prefix(dir).unwrap();
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    out.sort();
    out
}

fn pin(audience: &str, flags: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let mut args = vec!["build", "--out", out.to_str().unwrap()];
    args.extend(flags);
    let run = closeloop(&fixture("site"), &args);
    assert_eq!(run.code, 0, "build failed: {}", run.stderr);
    let files = site_files(&out);
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("../snapshots");
    settings.bind(|| {
        insta::assert_snapshot!(format!("site_{audience}@files"), files.join("\n"));
        for path in &files {
            // The stylesheet is the built-in one, byte for byte; the
            // marker is closeloop's own bookkeeping.
            if path == "style.css" || path == ".closeloop-site" {
                continue;
            }
            let text = std::fs::read_to_string(out.join(path)).unwrap();
            insta::assert_snapshot!(format!("site_{audience}@{}", path.replace('/', "__")), text);
        }
    });
}

#[test]
fn the_public_site_is_pinned_page_by_page() {
    pin("public", &[]);
}

#[test]
fn the_internal_site_is_pinned_page_by_page() {
    pin("internal", &["--internal"]);
}

/// Builds the `site` fixture's public site at `now` into `out`.
fn build_at(now: &str, out: &Path) {
    let run = crate::support::closeloop_at(
        &fixture("site"),
        now,
        &["build", "--out", out.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "build failed: {}", run.stderr);
}

#[test]
fn pages_that_do_not_depend_on_now_keep_their_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    // An hour later: nothing is received, shipped or due in between.
    build_at(crate::support::NOW, &a);
    build_at("2026-11-26T13:00:00Z", &b);
    let files = site_files(&a);
    assert_eq!(files, site_files(&b));
    let stamped = |p: &str| p == "index.html" || p.starts_with("reports/") || p == "sla.html";
    for path in &files {
        let same = std::fs::read(a.join(path)).unwrap() == std::fs::read(b.join(path)).unwrap();
        if stamped(path) {
            if path == "index.html" {
                assert!(!same, "the home page says when it was generated");
            }
        } else {
            assert!(same, "{path} changed with now alone");
        }
    }
}
