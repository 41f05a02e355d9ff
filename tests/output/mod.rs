//! The output folder: one build at a time, files the user put in `site/`
//! kept, a killed swap put right, templates and static files read only
//! from regular files, and a bounded report history. Builds run the way
//! the README shows: from inside the repository, `closeloop build`.

use crate::support::{GOOD_ITEM, NOW, Run, TempRepo, run};
use std::path::{Path, PathBuf};
use std::process::Command;

/// `closeloop build ARGS…` with the repository as the current folder.
fn build_in(repo: &Path, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_closeloop"));
    cmd.current_dir(repo)
        .args(["--now", NOW, "--color", "never", "build"])
        .args(args);
    run(cmd)
}

/// Every file under `dir` with its bytes, by relative path.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if e.file_type().unwrap().is_dir() {
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).unwrap();
                out.push((p.strip_prefix(dir).unwrap().to_owned(), bytes));
            }
        }
    }
    out.sort();
    out
}

/// A repository with a few dozen items, so a build takes long enough for
/// two to overlap.
fn busy_repo() -> TempRepo {
    let repo = TempRepo::new();
    for n in 0..150 {
        let item = GOOD_ITEM
            .replace("Streams drop", &format!("Streams drop ({n})"))
            .replace(
                "2026-11-26T08:00:00Z",
                &format!("2026-{:02}-{:02}T08:00:00Z", 1 + n % 10, 1 + n % 28),
            );
        repo.write(&format!("feedback/item-{n:03}.md"), item);
    }
    repo
}

/// Names in the repository root besides its own files: what builds left.
fn leftovers(repo: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("closeloop-staging") || n.contains("closeloop-old"))
        .collect();
    names.sort();
    names
}

#[test]
fn two_builds_at_once_leave_one_whole_site() {
    let repo = busy_repo();
    let root = repo.root().to_owned();
    let reference = {
        let r = build_in(&root, &[]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        tree(&root.join("site"))
    };
    for round in 0..3 {
        let runs: Vec<Run> = (0..2)
            .map(|_| {
                let root = root.clone();
                std::thread::spawn(move || build_in(&root, &[]))
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|t| t.join().unwrap())
            .collect();
        for r in &runs {
            assert_eq!(r.code, 0, "round {round}: {}", r.stderr);
        }
        assert!(
            tree(&root.join("site")) == reference,
            "round {round}: the site is not one build's output"
        );
        assert_eq!(leftovers(&root), Vec::<String>::new(), "round {round}");
    }
}

#[test]
fn a_rebuild_keeps_what_the_user_put_in_the_site() {
    let repo = TempRepo::copy_of("valid");
    let site = repo.path("site");
    assert_eq!(build_in(repo.root(), &[]).code, 0);
    std::fs::write(site.join("CNAME"), "feedback.example.com\n").unwrap();
    std::fs::create_dir_all(site.join(".git/refs")).unwrap();
    std::fs::write(site.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    std::fs::write(site.join("feedback/notes.txt"), "mine").unwrap();
    let r = build_in(repo.root(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("kept"),
        "the build says what it kept: {}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(site.join("CNAME")).unwrap(),
        "feedback.example.com\n"
    );
    assert_eq!(
        std::fs::read_to_string(site.join(".git/HEAD")).unwrap(),
        "ref: refs/heads/gh-pages\n"
    );
    assert!(site.join(".git/refs").is_dir());
    assert_eq!(
        std::fs::read_to_string(site.join("feedback/notes.txt")).unwrap(),
        "mine"
    );
    // A page closeloop made and no longer makes is gone.
    std::fs::remove_file(repo.path("feedback/2026/11/stream-proxy-timeout.md")).unwrap();
    let page = site.join("feedback/stream-proxy-timeout.html");
    let before = page.exists();
    assert_eq!(build_in(repo.root(), &[]).code, 0);
    assert!(
        !page.exists(),
        "a stale page remains (it existed before: {before})"
    );
    assert!(site.join("CNAME").is_file(), "kept on every rebuild");
    assert_eq!(leftovers(repo.root()), Vec::<String>::new());
}

#[test]
fn a_user_file_in_the_way_of_a_new_page_stops_the_build_and_stays() {
    let repo = TempRepo::copy_of("valid");
    let site = repo.path("site");
    assert_eq!(build_in(repo.root(), &["--internal"]).code, 0);
    // The user puts a file where a new item's page will go.
    std::fs::write(site.join("feedback/new-one.html"), "my page").unwrap();
    repo.write(
        "feedback/new-one.md",
        GOOD_ITEM.replace("Streams drop", "Another stream drop"),
    );
    let r = build_in(repo.root(), &["--internal"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("feedback/new-one.html"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(site.join("feedback/new-one.html")).unwrap(),
        "my page"
    );
    assert_eq!(leftovers(repo.root()), Vec::<String>::new());
}

#[test]
fn a_build_killed_between_the_renames_gets_the_previous_site_back() {
    let repo = TempRepo::copy_of("valid");
    let site = repo.path("site");
    assert_eq!(build_in(repo.root(), &[]).code, 0);
    std::fs::write(site.join("CNAME"), "x.example\n").unwrap();
    let previous = tree(&site);
    // What the two-rename swap leaves when killed after the first: the
    // previous site aside, a complete new one staged, no site.
    let aside = repo.path(".site.closeloop-old-999999");
    std::fs::rename(&site, &aside).unwrap();
    let staged = repo.path(".site.closeloop-staging-999999");
    std::fs::create_dir(&staged).unwrap();
    std::fs::write(staged.join("index.html"), "half").unwrap();
    // A build that then fails (a broken template) must leave the previous
    // site in place, not delete it.
    repo.write("templates/index.html", "{% if %}");
    let r = build_in(repo.root(), &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(tree(&site) == previous, "the previous site is back, whole");
    assert_eq!(leftovers(repo.root()), Vec::<String>::new());
}

#[test]
fn a_template_linked_outside_the_repository_is_refused() {
    for target in ["/proc/self/environ", "/etc/passwd"] {
        let repo = TempRepo::copy_of("valid");
        repo.symlink(target, "templates/index.html");
        let r = build_in(repo.root(), &[]);
        assert_eq!(r.code, 2, "{target}: {}", r.stderr);
        assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
        assert!(r.stderr.contains("index.html"), "{}", r.stderr);
        assert!(!repo.path("site").exists(), "nothing was published");
    }
    // A linked templates/ folder is refused too.
    let repo = TempRepo::copy_of("valid");
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("index.html"), "{{ site.title }}").unwrap();
    repo.symlink(elsewhere.path(), "templates");
    let r = build_in(repo.root(), &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
}

#[test]
fn links_and_special_files_in_static_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "CANARY-secret").unwrap();
    let repo = TempRepo::copy_of("valid");
    repo.write("static/logo.txt", "fine");
    repo.symlink(outside.path().join("secret.txt"), "static/secret.txt");
    let r = build_in(repo.root(), &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("static/secret.txt"), "{}", r.stderr);
    assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
    assert!(!repo.path("site").exists());

    let repo = TempRepo::copy_of("valid");
    repo.symlink(outside.path(), "static/linked");
    let r = build_in(repo.root(), &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("static/linked"), "{}", r.stderr);

    let repo = TempRepo::copy_of("valid");
    std::fs::create_dir_all(repo.path("static")).unwrap();
    let fifo = std::ffi::CString::new(repo.path("static/pipe").to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    let r = build_in(repo.root(), &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("named pipe"), "{}", r.stderr);
}

#[test]
fn one_item_from_long_ago_does_not_flood_the_site_with_reports() {
    let repo = TempRepo::new();
    repo.write("feedback/now.md", GOOD_ITEM);
    repo.write(
        "feedback/old.md",
        GOOD_ITEM
            .replace("Streams drop", "Long ago")
            .replace("2026-11-26T08:00:00Z", "2000-01-03T08:00:00Z"),
    );
    let r = build_in(repo.root(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let reports = std::fs::read_dir(repo.path("site/reports"))
        .unwrap()
        .count();
    // 520 weeks, 40 quarters and the index at most, not 27 years of weeks.
    assert!(reports <= 561, "{reports} report pages");
    assert!(reports > 500, "{reports} report pages");
    assert!(
        r.stderr.contains("latest 520 weekly reports"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("old.md"),
        "the notice names the file: {}",
        r.stderr
    );
}

#[test]
fn a_build_waits_while_another_holds_the_output() {
    let repo = TempRepo::copy_of("valid");
    assert_eq!(build_in(repo.root(), &[]).code, 0);
    let marker = repo.path("site/.closeloop-site");
    let before = std::fs::read(&marker).unwrap();
    // Another build holds the output: the test takes the lock itself.
    assert!(
        !repo.path(".site.closeloop-lock").exists(),
        "a finished build leaves no lock file"
    );
    let lock = std::fs::File::create(repo.path(".site.closeloop-lock")).unwrap();
    lock.lock().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_closeloop"))
        .current_dir(repo.root())
        .args(["--now", NOW, "--color", "never", "build"])
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let waiting = child.try_wait().unwrap().is_none();
    let untouched = std::fs::read(&marker).ok() == Some(before);
    let no_staging = leftovers(repo.root()).is_empty();
    drop(lock);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(waiting, "the build did not wait for the lock: {stderr}");
    assert!(
        untouched && no_staging,
        "the build touched the output while waiting"
    );
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("waiting: another closeloop build"),
        "{stderr}"
    );
    assert!(!repo.path(".site.closeloop-lock").exists());
}
