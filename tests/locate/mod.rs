//! Finding the repository (SPEC §10): upwards from the current folder,
//! `--root`, the refusals, and file names relative to the git work tree.

use crate::support::{TempRepo, closeloop, closeloop_in, git};

/// The `valid` fixture has six item files (four feedback, two roadmap).
const VALID_ITEMS: u64 = 6;

#[test]
fn validate_from_a_sub_folder_checks_the_whole_repository() {
    let repo = TempRepo::copy_of("valid");
    let deep = repo.path("feedback/2026/11");
    let run = closeloop_in(&deep, &["validate", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["items"], VALID_ITEMS);
}

#[test]
fn a_sub_folder_of_a_broken_repository_is_not_a_false_green() {
    let repo = TempRepo::copy_of("every-code");
    let run = closeloop_in(
        &repo.path("feedback/2026"),
        &["validate", "--format", "json"],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.json()["errors"].as_u64().unwrap() > 0);
}

#[test]
fn the_nearest_config_wins_over_a_nearer_feedback_folder() {
    let repo = TempRepo::copy_of("valid");
    // A stray feedback/ folder below the root is not a repository of its
    // own while a closeloop.toml sits above it.
    std::fs::create_dir_all(repo.path("docs/feedback")).unwrap();
    let run = closeloop_in(&repo.path("docs"), &["validate", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["items"], VALID_ITEMS);
}

#[test]
fn without_config_the_nearest_feedback_folder_is_the_root() {
    let repo = TempRepo::new();
    repo.write("feedback/x/README.md", "README files are not items.\n");
    let run = closeloop_in(&repo.path("feedback/x"), &["validate", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["items"], 0);
}

#[test]
fn root_given_as_a_relative_sub_folder() {
    let outer = tempfile::tempdir().unwrap();
    crate::support::copy_tree(&crate::support::fixture("valid"), &outer.path().join("sub"));
    let run = closeloop_in(
        outer.path(),
        &["--root", "sub", "validate", "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["items"], VALID_ITEMS);
}

#[test]
fn nothing_found_is_exit_2_with_the_init_hint() {
    let empty = tempfile::tempdir().unwrap();
    let run = closeloop_in(empty.path(), &["validate"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("closeloop init"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn a_root_holding_neither_is_exit_2_with_the_init_hint() {
    let empty = tempfile::tempdir().unwrap();
    std::fs::create_dir(empty.path().join("notes")).unwrap();
    let run = closeloop_in(empty.path(), &["--root", "notes", "validate"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("closeloop init"), "{}", run.stderr);
    for command in [&["sla"][..], &["build"], &["new", "A title"]] {
        let run = closeloop(&empty.path().join("notes"), command);
        assert_eq!(run.code, 2, "{command:?}: {}", run.stderr);
    }
}

#[test]
fn feedback_or_roadmap_that_is_not_a_folder_is_exit_2() {
    for name in ["feedback", "roadmap"] {
        let repo = tempfile::tempdir().unwrap();
        std::fs::write(repo.path().join("closeloop.toml"), "").unwrap();
        std::fs::write(repo.path().join(name), "not a folder").unwrap();
        let run = closeloop_in(repo.path(), &["validate"]);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(run.stderr.contains("is not a folder"), "{}", run.stderr);
    }
}

#[test]
fn diagnostics_name_files_from_the_git_work_tree_top() {
    let top = tempfile::tempdir().unwrap();
    git(top.path(), &["init", "-q"]);
    crate::support::copy_tree(
        &crate::support::fixture("every-code"),
        &top.path().join("devrel"),
    );
    // From the top with --root, and from inside the repository: the same
    // names, the ones a pull request's diff uses.
    for run in [
        closeloop_in(
            top.path(),
            &["--root", "devrel", "validate", "--format", "json"],
        ),
        closeloop_in(
            &top.path().join("devrel/feedback"),
            &["validate", "--format", "json"],
        ),
    ] {
        assert_eq!(run.code, 1, "{}", run.stderr);
        let files: Vec<String> = run.diagnostics().into_iter().map(|d| d.0).collect();
        assert!(!files.is_empty());
        assert!(
            files.iter().all(|f| f.starts_with("devrel/feedback/")),
            "{files:?}"
        );
    }
    let run = closeloop_in(
        top.path(),
        &["--root", "devrel", "validate", "--format", "github"],
    );
    assert!(
        run.stdout
            .contains("::error file=devrel/feedback/2026/11/unknown-field.md,line="),
        "{}",
        run.stdout
    );
    // The human format still shows each file's source line.
    let run = closeloop_in(top.path(), &["--root", "devrel", "validate"]);
    assert!(
        run.stdout
            .contains("devrel/feedback/2026/11/unknown-field.md:"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(" | "), "no snippet:\n{}", run.stdout);
}

#[test]
fn outside_git_files_are_named_from_the_root() {
    let top = tempfile::tempdir().unwrap();
    crate::support::copy_tree(
        &crate::support::fixture("every-code"),
        &top.path().join("devrel"),
    );
    let run = closeloop_in(
        top.path(),
        &["--root", "devrel", "validate", "--format", "json"],
    );
    let files: Vec<String> = run.diagnostics().into_iter().map(|d| d.0).collect();
    assert!(
        files.iter().all(|f| f.starts_with("feedback/")),
        "{files:?}"
    );
}

#[test]
fn new_from_a_sub_folder_writes_into_the_repository() {
    let repo = TempRepo::copy_of("valid");
    let run = closeloop_in(&repo.path("feedback/2026"), &["new", "Sub-folder title"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        repo.path("feedback/2026/11/sub-folder-title.md").is_file(),
        "{}",
        run.stdout
    );
    assert!(!repo.path("feedback/2026/feedback").exists());
}
