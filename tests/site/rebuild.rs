//! Rebuilds: a page whose bytes the previous site already has is linked
//! from it, not written again, and the site stays byte for byte what a
//! fresh build writes.

use crate::support::{NOW, TempRepo, closeloop_in, run};
use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::process::Command;

/// Every file of a site: its path → (inode, bytes).
fn tree(dir: &Path) -> BTreeMap<String, (u64, Vec<u8>)> {
    crate::support::site_paths(dir)
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            let inode = std::fs::metadata(&p).unwrap().ino();
            (rel, (inode, std::fs::read(&p).unwrap()))
        })
        .collect()
}

fn bytes(tree: &BTreeMap<String, (u64, Vec<u8>)>) -> BTreeMap<&str, &[u8]> {
    tree.iter()
        .map(|(k, (_, b))| (k.as_str(), b.as_slice()))
        .collect()
}

/// `closeloop --now NOW build ARGS…` from inside the repository.
fn build_at(root: &Path, now: &str, args: &[&str]) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_closeloop"));
    cmd.current_dir(root)
        .args(["--now", now, "--color", "never", "build"])
        .args(args);
    let o = run(cmd);
    assert_eq!(o.code, 0, "build failed: {}", o.stderr);
}

#[test]
fn an_unchanged_rebuild_links_every_page() {
    let repo = TempRepo::copy_of("site");
    let o = closeloop_in(repo.root(), &["build"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let first = tree(&repo.path("site"));
    let o = closeloop_in(repo.root(), &["build"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let second = tree(&repo.path("site"));
    assert_eq!(bytes(&first), bytes(&second));
    for (path, (inode, _)) in &second {
        if path != ".closeloop-site" {
            assert_eq!(*inode, first[path].0, "{path} was written again");
        }
    }
}

#[test]
fn a_later_now_rewrites_only_pages_that_depend_on_it() {
    let repo = TempRepo::copy_of("site");
    build_at(repo.root(), NOW, &[]);
    let first = tree(&repo.path("site"));
    let later = "2026-11-27T12:00:00Z";
    build_at(repo.root(), later, &[]);
    let rebuilt = tree(&repo.path("site"));
    build_at(repo.root(), later, &["--out", "fresh"]);
    assert_eq!(bytes(&rebuilt), bytes(&tree(&repo.path("fresh"))));
    // The home page says when it was generated: rewritten.
    assert_ne!(rebuilt["index.html"].0, first["index.html"].0);
    assert!(
        String::from_utf8_lossy(&rebuilt["index.html"].1).contains("generated 2026-11-27"),
        "the home page carries the new time"
    );
    // A closed item's page does not depend on *now*: the same file.
    let kept: Vec<&String> = rebuilt
        .keys()
        .filter(|p| p.starts_with("feedback/") && rebuilt[*p].0 == first[*p].0)
        .collect();
    assert!(!kept.is_empty(), "no item page was kept");
    for p in kept {
        assert!(
            !String::from_utf8_lossy(&rebuilt[p].1).contains("generated 2026"),
            "{p} carries a generated time"
        );
    }
}

#[test]
fn a_one_file_change_rewrites_its_pages_and_equals_a_fresh_build() {
    let repo = TempRepo::copy_of("site");
    let o = closeloop_in(repo.root(), &["build"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let first = tree(&repo.path("site"));
    let (page, item) = first
        .keys()
        .filter_map(|p| {
            let id = p.strip_prefix("feedback/")?.strip_suffix(".html")?;
            let file = crate::support::site_paths(&repo.path("feedback"))
                .into_iter()
                .find(|f| f.file_stem().is_some_and(|s| s == id))?;
            Some((p.clone(), file))
        })
        .next()
        .expect("an item page");
    let text = std::fs::read_to_string(&item).unwrap();
    let start = text.find("\ntitle: ").expect("a title line") + 1;
    let end = start + text[start..].find('\n').unwrap();
    let changed = format!("{}title: Renamed item{}", &text[..start], &text[end..]);
    assert_ne!(text, changed);
    std::fs::write(&item, changed).unwrap();
    let o = closeloop_in(repo.root(), &["build"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let rebuilt = tree(&repo.path("site"));
    assert_ne!(rebuilt[&page].0, first[&page].0, "{page} was not rewritten");
    assert!(String::from_utf8_lossy(&rebuilt[&page].1).contains("Renamed item"));
    let o = closeloop_in(repo.root(), &["build", "--out", "fresh"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(bytes(&rebuilt), bytes(&tree(&repo.path("fresh"))));
    // Most pages do not show that item: linked.
    let linked = rebuilt
        .iter()
        .filter(|(p, (inode, _))| first.get(*p).is_some_and(|f| f.0 == *inode))
        .count();
    assert!(
        linked * 2 > rebuilt.len(),
        "{linked} of {} linked",
        rebuilt.len()
    );
}
