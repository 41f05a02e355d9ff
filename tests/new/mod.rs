//! `closeloop new`: run from inside the repository as the README shows it;
//! whatever the flags hold, the file it writes reads back as written.

use crate::support::{TempRepo, closeloop_in};

const FULL: [&str; 20] = [
    "--tag",
    "dx-friction",
    "--area",
    "streaming",
    "--handle",
    "@li",
    "--credit",
    "public",
    "--severity",
    "medium",
    "--frequency",
    "3",
    "--quote",
    "The stream just stops after 60 seconds.",
    "--jtbd",
    "When I stream through a proxy, I want the stream to survive, so that users see answers.",
    "--owner",
    "streaming-squad",
    "--channel",
    "discord",
];

fn new(repo: &TempRepo, title: &str, flags: &[&str]) -> crate::support::Run {
    let mut args = vec!["new", title];
    args.extend_from_slice(flags);
    closeloop_in(repo.root(), &args)
}

#[test]
fn a_complete_item_from_flags_validates_clean() {
    let repo = TempRepo::copy_of("valid");
    let run = new(&repo, "Streams drop after 60 seconds behind a proxy", &FULL);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "feedback/2026/11/streams-drop-after-60-seconds-behind-a-proxy.md\n"
    );
    let text = std::fs::read_to_string(repo.path(run.stdout.trim())).unwrap();
    for wanted in [
        "frequency: 3\n",
        "owner: \"streaming-squad\"\n",
        "  channel: \"discord\"\n",
        "state: captured\n",
    ] {
        assert!(text.contains(wanted), "{wanted:?} in\n{text}");
    }
    let check = closeloop_in(repo.root(), &["validate", "--format", "json"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert_eq!(check.json()["warnings"], 0, "{}", check.stdout);
}

#[test]
fn empty_fields_are_named_by_validate_never_a_syntax_error() {
    let repo = TempRepo::new();
    let run = new(&repo, "Just a title", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let check = closeloop_in(repo.root(), &["validate", "--format", "json"]);
    let codes: Vec<String> = check.diagnostics().into_iter().map(|d| d.3).collect();
    assert!(!codes.is_empty());
    assert!(codes.iter().all(|c| c == "missing-field"), "{codes:?}");
}

#[test]
fn hostile_values_stay_inside_their_keys() {
    let repo = TempRepo::new();
    let run = new(
        &repo,
        "Colons: and #hashes",
        &[
            "--area",
            "a: b",
            "--handle",
            "@mara",
            "--quote",
            "line one\nstate: closed\nline three",
            "--jtbd",
            "When \"x\", I want 'y' \\ z",
            "--tag",
            "dx-friction",
            "--credit",
            "anonymous",
            "--severity",
            "low",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let check = closeloop_in(repo.root(), &["validate", "--format", "json"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    // The site shows the quote as given: a newline did not become a key.
    let build = closeloop_in(repo.root(), &["sla", "--format", "json"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let text = std::fs::read_to_string(repo.path(run.stdout.trim())).unwrap();
    assert_eq!(text.matches("\nstate: ").count(), 1, "{text}");
    assert!(text.contains("area: \"a: b\"\n"), "{text}");
}

#[test]
fn non_ascii_titles_are_transliterated_and_a_second_gets_a_suffix() {
    let repo = TempRepo::new();
    let first = new(&repo, "Ошибка при загрузке", &[]);
    assert_eq!(
        first.stdout, "feedback/2026/11/oshibka-pri-zagruzke.md\n",
        "{}",
        first.stderr
    );
    let second = new(&repo, "Ошибка при загрузке", &[]);
    assert_eq!(second.code, 0);
    assert_eq!(
        second.stdout,
        "feedback/2026/11/oshibka-pri-zagruzke-2.md\n"
    );
    assert!(second.stderr.contains("similar title"), "{}", second.stderr);
    assert!(
        second
            .stderr
            .contains("add `duplicate_of: oshibka-pri-zagruzke` to it"),
        "{}",
        second.stderr
    );
    assert!(!first.stderr.contains("similar title"), "{}", first.stderr);
}

#[test]
fn bad_flags_are_exit_2_and_write_nothing() {
    let repo = TempRepo::new();
    for flags in [
        &["--tag", "friction"][..],
        &["--credit", "everyone"],
        &["--severity", "urgent"],
        &["--frequency", "0"],
        &["--area", "two\nlines"],
    ] {
        let run = new(&repo, "A title", flags);
        assert_eq!(run.code, 2, "{flags:?}: {}", run.stderr);
    }
    let run = new(&repo, "Two\nlines", &[]);
    assert_eq!(run.code, 2);
    let tag = new(&repo, "A title", &["--tag", "friction"]);
    assert!(
        tag.stderr.contains("dx-friction"),
        "lists the values: {}",
        tag.stderr
    );
    assert_eq!(std::fs::read_dir(repo.path("feedback")).unwrap().count(), 0);
}
