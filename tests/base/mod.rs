//! `validate --base REF` against real temporary git repositories: a main
//! branch holding the `valid` fixture, and a pull request branch on top.

use crate::support::{GOOD_ITEM, Run, TempRepo, closeloop_in, git};
use std::path::Path;

const CLIFF: &str = "feedback/2026/11/retrieval-cliff.md";
const JSON: &str = "feedback/2026/11/cli-json-output.md";

/// The `valid` fixture committed on `main`, with `pr` checked out.
fn repo() -> TempRepo {
    let repo = TempRepo::copy_of("valid");
    git(repo.root(), &["init", "-q"]);
    git(repo.root(), &["add", "-A"]);
    git(repo.root(), &["commit", "-q", "-m", "main"]);
    git(repo.root(), &["checkout", "-q", "-b", "pr"]);
    repo
}

fn edit(repo: &TempRepo, rel: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(repo.path(rel)).unwrap();
    assert!(text.contains(from), "{rel} has {from:?}");
    repo.write(rel, text.replacen(from, to, 1));
}

fn commit(repo: &TempRepo) {
    git(repo.root(), &["add", "-A"]);
    git(repo.root(), &["commit", "-q", "-m", "pr"]);
}

/// `closeloop validate --format json --base main` from the repository.
fn against_main(dir: &Path) -> Run {
    closeloop_in(dir, &["validate", "--format", "json", "--base", "main"])
}

fn codes(run: &Run) -> Vec<(String, u64, String)> {
    run.diagnostics()
        .into_iter()
        .map(|(file, line, _, code)| (file, line, code))
        .collect()
}

#[test]
fn the_normal_path_passes() {
    let repo = repo();
    // A new item, and a later milestone on an existing one.
    repo.write("feedback/2026/11/new-item.md", GOOD_ITEM);
    edit(
        &repo,
        JSON,
        "  satisfaction: 4\n",
        "  satisfaction: 4\n  followup: It works.\n",
    );
    commit(&repo);
    let run = against_main(repo.root());
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.json()["errors"], 0);
}

#[test]
fn a_state_moved_back_and_its_milestone_removed() {
    let repo = repo();
    edit(&repo, CLIFF, "state: closed", "state: shipped");
    edit(
        &repo,
        CLIFF,
        "closed:\n  at: 2026-11-21T10:00:00Z\n  followup: Night and day. Our eval suite passes without manual chunking now.\n  satisfaction: 5\n",
        "",
    );
    commit(&repo);
    let run = against_main(repo.root());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        codes(&run),
        [
            (CLIFF.to_owned(), 21, "state-regressed".to_owned()),
            (CLIFF.to_owned(), 21, "milestone-rewritten".to_owned()),
            // The close clock runs again, past due: the file is touched.
            (CLIFF.to_owned(), 21, "sla-breached".to_owned()),
        ]
    );
    let json = run.json();
    let messages: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(messages[1].contains("`closed.at`"), "{messages:?}");
    assert!(
        messages[0].contains("moved back from `closed` (at main) to `shipped`"),
        "{messages:?}"
    );
}

#[test]
fn a_changed_timestamp_is_a_rewrite_and_the_same_instant_is_not() {
    let repo = repo();
    edit(
        &repo,
        CLIFF,
        "received: 2026-11-03T14:20:00Z",
        "received: 2026-11-03T15:20:00Z",
    );
    // Another spelling of the same instant is no rewrite.
    edit(
        &repo,
        JSON,
        "distributed: 2026-11-09 15:00",
        "distributed: 2026-11-09T15:00:00+01:00",
    );
    commit(&repo);
    let run = against_main(repo.root());
    assert_eq!(run.code, 1);
    assert_eq!(
        codes(&run),
        [(CLIFF.to_owned(), 3, "milestone-rewritten".to_owned())]
    );
    assert!(
        run.json()["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("restore `received: 2026-11-03T14:20:00Z`")
    );
}

#[test]
fn the_outcome_may_change_only_before_anything_shipped() {
    let repo = repo();
    edit(
        &repo,
        JSON,
        "outcome: quick-win",
        "outcome: planned\n  roadmap: cli-profiles",
    );
    commit(&repo);
    let run = against_main(repo.root());
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        codes(&run),
        [(JSON.to_owned(), 17, "milestone-rewritten".to_owned())]
    );

    // Before shipping, changing one's mind is fine.
    let repo = self::repo();
    repo.write(
        "feedback/2026/11/undecided.md",
        GOOD_ITEM.replace(
            "state: captured\n",
            "state: decided\ndistributed: 2026-11-26T09:00:00Z\nacknowledged: 2026-11-26T09:00:00Z\ndecision:\n  outcome: needs-research\n  at: 2026-11-26T10:00:00Z\n  reason: We need numbers.\n",
        ),
    );
    commit(&repo);
    edit(
        &repo,
        "feedback/2026/11/undecided.md",
        "needs-research",
        "quick-win",
    );
    let run = closeloop_in(
        repo.root(),
        &["validate", "--format", "json", "--base", "HEAD"],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn a_deleted_item_is_an_error_whether_removed_or_only_gone() {
    for staged in [true, false] {
        let repo = repo();
        if staged {
            git(repo.root(), &["rm", "-q", CLIFF]);
            commit(&repo);
        } else {
            std::fs::remove_file(repo.path(CLIFF)).unwrap();
        }
        let run = against_main(repo.root());
        assert_eq!(run.code, 1, "{}", run.stderr);
        let found = codes(&run);
        assert!(
            found.contains(&(CLIFF.to_owned(), 1, "item-deleted".to_owned())),
            "{found:?}"
        );
        assert!(
            run.stdout
                .contains("git checkout main -- feedback/2026/11/retrieval-cliff.md")
        );
    }
}

#[test]
fn moving_between_folders_keeps_the_id() {
    let repo = repo();
    git(repo.root(), &["mv", CLIFF, "feedback/retrieval-cliff.md"]);
    // A move git cannot pair (the new file is not added yet) is fine too.
    std::fs::create_dir_all(repo.path("feedback/archive")).unwrap();
    std::fs::rename(
        repo.path(JSON),
        repo.path("feedback/archive/cli-json-output.md"),
    )
    .unwrap();
    let run = against_main(repo.root());
    assert_eq!(run.code, 0, "{}", run.stdout);
    // A move that also rewrites history is still caught.
    edit(
        &repo,
        "feedback/retrieval-cliff.md",
        "state: closed",
        "state: decided",
    );
    let run = against_main(repo.root());
    assert!(codes(&run).contains(&(
        "feedback/retrieval-cliff.md".to_owned(),
        21,
        "state-regressed".to_owned()
    )));
}

#[test]
fn renaming_changes_the_id_and_is_a_deletion() {
    let repo = repo();
    git(
        repo.root(),
        &["mv", CLIFF, "feedback/2026/11/retrieval-falls-off.md"],
    );
    commit(&repo);
    let run = against_main(repo.root());
    assert_eq!(run.code, 1);
    assert_eq!(
        codes(&run),
        [(CLIFF.to_owned(), 1, "item-deleted".to_owned())]
    );
    let message = run.json()["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        message.contains("renamed to feedback/2026/11/retrieval-falls-off.md"),
        "{message}"
    );
}

#[test]
fn warnings_only_for_the_files_the_change_touches_errors_everywhere() {
    let repo = TempRepo::new();
    let old = GOOD_ITEM.replace("2026-11-26T08:00:00Z", "2026-11-20T09:00:00Z");
    repo.write("feedback/old-a.md", &old);
    repo.write(
        "feedback/old-b.md",
        old.replace("title: Streams", "title: Old streams"),
    );
    git(repo.root(), &["init", "-q"]);
    commit(&repo);
    // Without --base, both overdue items warn.
    let run = closeloop_in(repo.root(), &["validate", "--format", "json"]);
    let warned = |run: &Run, file: &str| run.diagnostics().iter().filter(|d| d.0 == file).count();
    assert_eq!(warned(&run, "feedback/old-a.md"), 3, "{}", run.stdout);
    assert_eq!(warned(&run, "feedback/old-b.md"), 3, "{}", run.stdout);
    // The pull request touches one of them and breaks another file.
    edit(
        &repo,
        "feedback/old-a.md",
        "severity: medium",
        "severity: high",
    );
    repo.write("feedback/broken.md", "no front matter\n");
    let run = closeloop_in(
        repo.root(),
        &["validate", "--format", "json", "--base", "HEAD"],
    );
    let files: Vec<String> = run.diagnostics().into_iter().map(|d| d.0).collect();
    assert_eq!(warned(&run, "feedback/old-a.md"), 3, "{}", run.stdout);
    assert!(files.iter().all(|f| f != "feedback/old-b.md"), "{files:?}");
    assert!(files.contains(&"feedback/broken.md".to_owned()));
    // An error in an untouched file is still reported.
    std::fs::write(repo.path("feedback/broken.md"), "").unwrap();
    commit(&repo);
    let run = closeloop_in(
        repo.root(),
        &["validate", "--format", "json", "--base", "HEAD"],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.diagnostics()
            .iter()
            .any(|d| d.0 == "feedback/broken.md")
    );
}

#[test]
fn a_late_acknowledgement_recorded_by_the_change_is_warned_about_and_old_ones_are_not() {
    let repo = TempRepo::new();
    let late = |title: &str| {
        GOOD_ITEM
            .replace("2026-11-26T08:00:00Z", "2026-11-20T09:00:00Z")
            .replace("title: Streams", title)
    };
    repo.write("feedback/old-a.md", late("title: Streams"));
    let acknowledged = |text: String| {
        text.replace(
            "state: captured\n",
            "state: acknowledged\ndistributed: 2026-11-22T09:00:00Z\nacknowledged: 2026-11-25T09:00:00Z\n",
        )
    };
    repo.write(
        "feedback/old-b.md",
        acknowledged(late("title: Old streams")),
    );
    git(repo.root(), &["init", "-q"]);
    commit(&repo);
    // The change records a late distribution and acknowledgement on old-a.
    repo.write("feedback/old-a.md", acknowledged(late("title: Streams")));
    let past = |run: &Run| -> Vec<(String, u64, String)> {
        run.json()["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["message"].as_str().unwrap().contains("SLA was missed"))
            .map(|d| {
                (
                    d["file"].as_str().unwrap().to_owned(),
                    d["line"].as_u64().unwrap(),
                    d["message"].as_str().unwrap()[..20].to_owned(),
                )
            })
            .collect()
    };
    let run = against_main(repo.root());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line = |key: &str| {
        acknowledged(late("title: Streams"))
            .lines()
            .position(|l| l.starts_with(key))
            .unwrap() as u64
            + 1
    };
    assert_eq!(
        past(&run),
        [
            (
                "feedback/old-a.md".to_owned(),
                line("distributed:"),
                "the `distribute` SLA".to_owned()
            ),
            (
                "feedback/old-a.md".to_owned(),
                line("acknowledged:"),
                "the `acknowledge` SL".to_owned()
            ),
        ],
        "{}",
        run.stdout
    );
    assert_eq!(run.json()["summarized"]["sla-breached"]["acknowledge"], 0);
    // Without --base both are history: counted, not listed.
    let run = closeloop_in(repo.root(), &["validate", "--format", "json"]);
    assert!(past(&run).is_empty(), "{}", run.stdout);
    assert_eq!(run.json()["summarized"]["sla-breached"]["acknowledge"], 2);
    assert_eq!(run.json()["summarized"]["sla-breached"]["distribute"], 2);
}

#[test]
fn a_duplicate_id_is_reported_on_both_files() {
    let repo = repo();
    repo.write("feedback/a/retrieval-cliff.md", GOOD_ITEM);
    commit(&repo);
    let run = against_main(repo.root());
    let found = codes(&run);
    assert_eq!(
        found,
        [
            (CLIFF.to_owned(), 1, "duplicate-id".to_owned()),
            (
                "feedback/a/retrieval-cliff.md".to_owned(),
                1,
                "duplicate-id".to_owned()
            ),
        ]
    );
    let json = run.json();
    assert!(
        json["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("feedback/a/retrieval-cliff.md")
    );
    assert!(
        json["diagnostics"][1]["message"]
            .as_str()
            .unwrap()
            .contains(CLIFF)
    );
}

#[test]
fn an_unknown_ref_a_shallow_clone_or_no_git_is_exit_2_with_the_fetch_hint() {
    let repo = repo();
    let run = closeloop_in(repo.root(), &["validate", "--base", "origin/nope"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("fetch-depth: 0"), "{}", run.stderr);

    let outer = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.root().display());
    git(
        outer.path(),
        &[
            "clone", "-q", "--depth", "1", "--branch", "main", &url, "shallow",
        ],
    );
    let run = closeloop_in(
        &outer.path().join("shallow"),
        &["validate", "--base", "HEAD"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("shallow clone"), "{}", run.stderr);
    assert!(run.stderr.contains("fetch-depth: 0"), "{}", run.stderr);

    let plain = TempRepo::copy_of("valid");
    let run = closeloop_in(plain.root(), &["validate", "--base", "main"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("fetch-depth: 0"), "{}", run.stderr);
}

#[test]
fn a_repository_in_a_sub_folder_of_the_work_tree() {
    let top = tempfile::tempdir().unwrap();
    crate::support::copy_tree(
        &crate::support::fixture("valid"),
        &top.path().join("devrel"),
    );
    git(top.path(), &["init", "-q"]);
    git(top.path(), &["add", "-A"]);
    git(top.path(), &["commit", "-q", "-m", "main"]);
    std::fs::remove_file(top.path().join("devrel").join(CLIFF)).unwrap();
    let run = closeloop_in(
        top.path(),
        &[
            "--root", "devrel", "validate", "--format", "github", "--base", "HEAD",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!(
            "::error file=devrel/{CLIFF},line=1,col=1,title=item-deleted::"
        )),
        "{}",
        run.stdout
    );
}
