//! Files built to break a parser or a walker. Each must give a clear
//! diagnostic naming the file, exit 1, never panic, and finish quickly.
//! The inputs are made at test time: they are too big, too odd or too
//! machine-specific (links, permissions) to check into git.

use crate::support::{GOOD_ITEM, Run, TempRepo, run};
use serde_json::Value;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// Generous for a debug build on a busy CI machine; the point is that
/// nothing grows with the size of the attack.
const QUICK: Duration = Duration::from_secs(10);

/// Validates the repository as JSON and checks what every hostile case
/// shares: no panic, exit 1, quick, and one diagnostic about `file`.
fn one_problem(repo: &TempRepo, file: &str) -> Value {
    let run = repo.validate(&["--format", "json"]);
    expect_one_problem(&run, file)
}

fn expect_one_problem(run: &Run, file: &str) -> Value {
    run.assert_no_panic();
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(run.elapsed < QUICK, "took {:?}", run.elapsed);
    let d = run.only_diagnostic();
    assert_eq!(d["file"], file, "{d:#}");
    assert_eq!(d["severity"], "error");
    d
}

fn message(d: &Value) -> &str {
    d["message"].as_str().unwrap()
}

/// The human format reads the file again for its snippet: it must cope too.
fn human_names(repo: &TempRepo, file: &str) -> String {
    let run = repo.validate(&[]);
    run.assert_no_panic();
    assert_eq!(run.code, 1);
    assert!(run.elapsed < QUICK, "took {:?}", run.elapsed);
    assert!(run.stdout.contains(file), "{}", run.stdout);
    run.stdout
}

#[test]
fn a_file_that_is_not_utf8() {
    let repo = TempRepo::new();
    repo.write("feedback/good.md", GOOD_ITEM);
    repo.write(
        "feedback/latin1.md",
        b"---\ntitle: Caf\xe9 cr\xe8me\nstate: captured\n---\n",
    );
    let d = one_problem(&repo, "feedback/latin1.md");
    assert_eq!(d["code"], "unreadable-file");
    // The first invalid byte: `\xe9` after `Caf` on line 2.
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(11))
    );
    assert_eq!(
        message(&d),
        "is not UTF-8 text (an invalid byte on line 2, column 11) — save it with UTF-8 encoding"
    );
    human_names(&repo, "feedback/latin1.md");
}

#[test]
fn a_nul_byte() {
    let repo = TempRepo::new();
    repo.write("feedback/binary.md", b"---\ntitle: a\nquote: b\0c\n---\n");
    let d = one_problem(&repo, "feedback/binary.md");
    assert_eq!(d["code"], "unreadable-file");
    assert!(
        message(&d).starts_with("contains a NUL byte on line 3 — is it a binary file?"),
        "{d:#}"
    );
}

#[test]
fn an_empty_file() {
    let repo = TempRepo::new();
    repo.write("feedback/empty.md", "");
    let d = one_problem(&repo, "feedback/empty.md");
    assert_eq!(d["code"], "missing-front-matter");
    assert_eq!(d["line"], 1);
    assert!(message(&d).starts_with("the file is empty"), "{d:#}");
    human_names(&repo, "feedback/empty.md");
}

#[test]
fn front_matter_that_is_never_closed() {
    let repo = TempRepo::new();
    let open = GOOD_ITEM.strip_suffix("---\n").unwrap();
    repo.write(
        "feedback/unclosed.md",
        format!("{open}Notes that run on.\n"),
    );
    let d = one_problem(&repo, "feedback/unclosed.md");
    assert_eq!(d["code"], "missing-front-matter");
    assert_eq!(d["line"], 1);
    assert!(
        message(&d).starts_with("the front matter is never closed"),
        "{d:#}"
    );
}

/// Billion laughs: nine levels of nine aliases would expand to 9^9 strings.
#[test]
fn a_yaml_alias_bomb() {
    let mut yaml = String::from(
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 9].join(",");
        yaml.push_str(&format!("{}: &{} [{refs}]\n", pair[1], pair[1]));
    }
    yaml.push_str("---\n");
    let repo = TempRepo::new();
    repo.write("feedback/laughs.md", &yaml);
    let d = one_problem(&repo, "feedback/laughs.md");
    assert_eq!(d["code"], "yaml-syntax");
    // The first alias: `b: &b [*a, …` on line 3, the `*` at column 8.
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(8))
    );
    assert!(message(&d).contains("aliases"), "{d:#}");
}

#[test]
fn twenty_thousand_nested_brackets() {
    let repo = TempRepo::new();
    let deep = format!(
        "---\ntitle: {}{}\n---\n",
        "[".repeat(20_000),
        "]".repeat(20_000)
    );
    repo.write("feedback/deep.md", deep);
    let d = one_problem(&repo, "feedback/deep.md");
    assert_eq!(d["code"], "yaml-syntax");
    assert_eq!(d["line"], 2);
    assert!(
        message(&d).starts_with("the front matter nests deeper than 16 levels"),
        "{d:#}"
    );
    human_names(&repo, "feedback/deep.md");
}

#[test]
fn a_hundred_megabyte_file() {
    let repo = TempRepo::new();
    let path = repo.write("feedback/huge.md", GOOD_ITEM);
    // Sparse: the size is real, the disk blocks are not.
    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.set_len(100 * 1024 * 1024).unwrap();
    drop(file);
    let d = one_problem(&repo, "feedback/huge.md");
    assert_eq!(d["code"], "unreadable-file");
    assert_eq!(
        message(&d),
        "is 104857600 bytes, larger than the 1048576-byte (1 MiB) limit for a repository file — keep long material elsewhere and link to it"
    );
    human_names(&repo, "feedback/huge.md");
}

#[test]
fn a_file_just_over_the_limit_is_refused_and_one_at_it_is_read() {
    let repo = TempRepo::new();
    let limit = closeloop::repo::MAX_FILE_BYTES as usize;
    let pad = |len: usize| {
        let mut text = GOOD_ITEM.to_owned();
        text.push_str(&"x".repeat(len - text.len()));
        text
    };
    repo.write("feedback/at-limit.md", pad(limit));
    repo.write("feedback/over-limit.md", pad(limit + 1));
    let d = one_problem(&repo, "feedback/over-limit.md");
    assert!(message(&d).starts_with("is 1048577 bytes"), "{d:#}");
}

#[test]
fn a_symlink_loop() {
    let repo = TempRepo::new();
    repo.symlink("b.md", "feedback/a.md");
    repo.symlink("a.md", "feedback/b.md");
    let run = repo.validate(&["--format", "json"]);
    run.assert_no_panic();
    assert_eq!(run.code, 1);
    assert!(run.elapsed < QUICK, "took {:?}", run.elapsed);
    let diags = run.diagnostics();
    assert_eq!(
        diags,
        [
            (
                "feedback/a.md".to_owned(),
                1,
                1,
                "unreadable-file".to_owned()
            ),
            (
                "feedback/b.md".to_owned(),
                1,
                1,
                "unreadable-file".to_owned()
            ),
        ]
    );
    for d in run.json()["diagnostics"].as_array().unwrap() {
        assert!(message(d).starts_with("is a symbolic link"), "{d:#}");
    }
    human_names(&repo, "feedback/b.md");
}

#[test]
fn a_symlink_pointing_outside_the_repository() {
    let repo = TempRepo::new();
    repo.write("feedback/good.md", GOOD_ITEM);
    repo.symlink("/etc/passwd", "feedback/passwd.md");
    let d = one_problem(&repo, "feedback/passwd.md");
    assert_eq!(d["code"], "unreadable-file");
    assert!(message(&d).starts_with("is a symbolic link"), "{d:#}");
    assert!(
        message(&d).contains("replace it with the file itself"),
        "{d:#}"
    );
    // Not in any format, not even as the human snippet.
    let human = human_names(&repo, "feedback/passwd.md");
    assert!(!human.contains("root:"), "{human}");
}

#[test]
fn a_symlinked_folder() {
    let repo = TempRepo::new();
    repo.write("elsewhere/item.md", GOOD_ITEM);
    repo.write("elsewhere/broken.md", "no front matter");
    repo.symlink("../elsewhere", "feedback/linked");
    let d = one_problem(&repo, "feedback/linked");
    assert_eq!(d["code"], "unreadable-file");
    assert!(message(&d).starts_with("is a symbolic link"), "{d:#}");
}

#[test]
fn a_named_pipe_is_not_opened() {
    let repo = TempRepo::new();
    let fifo = repo.path("feedback/pipe.md");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: `mkfifo` is not available");
        return;
    }
    // Opening a pipe waits for a writer: before the fix this run hung.
    let d = one_problem(&repo, "feedback/pipe.md");
    assert_eq!(d["code"], "unreadable-file");
    assert!(message(&d).starts_with("is not a regular file"), "{d:#}");
    human_names(&repo, "feedback/pipe.md");
}

// ------------------------------------------------------------ permissions

/// Whether this process runs as root, who reads files whatever their mode.
fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|euid| euid == "0"))
        })
        .unwrap_or(false)
}

/// `closeloop validate` as an unprivileged user: as root, through
/// `setpriv` (util-linux) as `nobody`; otherwise as ourselves. `None` when
/// root has no `setpriv`.
fn validate_unprivileged(repo: &TempRepo, args: &[&str]) -> Option<Run> {
    let mut cmd = if is_root() {
        if !Command::new("setpriv")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return None;
        }
        // `nobody` must be able to walk to the files.
        make_traversable(repo.root());
        let mut cmd = Command::new("setpriv");
        cmd.args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
            env!("CARGO_BIN_EXE_closeloop"),
        ]);
        cmd
    } else {
        Command::new(env!("CARGO_BIN_EXE_closeloop"))
    };
    cmd.arg("--root").arg(repo.root());
    cmd.args(["--now", crate::support::NOW, "--color", "never", "validate"]);
    cmd.args(args);
    Some(run(cmd))
}

/// `a+rX` on every folder from the root down (the files keep their modes,
/// so the one made unreadable stays unreadable).
fn make_traversable(root: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let set = |p: &Path| {
        let mode = std::fs::symlink_metadata(p).unwrap().permissions().mode();
        if mode & 0o777 != 0 {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode | 0o755)).unwrap();
        }
    };
    set(root);
    for entry in walk(root) {
        if entry.is_dir() {
            set(&entry);
        }
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        let is_dir = entry.file_type().unwrap().is_dir();
        out.push(path.clone());
        if is_dir && std::fs::read_dir(&path).is_ok() {
            out.extend(walk(&path));
        }
    }
    out
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn an_unreadable_file() {
    let repo = TempRepo::new();
    repo.write("feedback/good.md", GOOD_ITEM);
    let secret = repo.write("feedback/secret.md", GOOD_ITEM);
    chmod(&secret, 0o000);
    let Some(run) = validate_unprivileged(&repo, &["--format", "json"]) else {
        eprintln!("skipped: running as root without `setpriv`");
        return;
    };
    let d = expect_one_problem(&run, "feedback/secret.md");
    assert_eq!(d["code"], "unreadable-file");
    assert_eq!(
        message(&d),
        "cannot be read: permission denied — make it readable (`chmod a+r`)"
    );
    let human = validate_unprivileged(&repo, &[]).unwrap();
    human.assert_no_panic();
    assert_eq!(human.code, 1);
    assert!(
        human.stdout.contains("--> feedback/secret.md:1:1"),
        "{}",
        human.stdout
    );
}

#[test]
fn an_unreadable_folder() {
    let repo = TempRepo::new();
    repo.write("feedback/good.md", GOOD_ITEM);
    repo.write("feedback/locked/item.md", GOOD_ITEM);
    repo.write("feedback/sealed/item.md", GOOD_ITEM);
    // Traversable first, then two folders locked; a listing problem has no
    // id, so two of them must not read as a duplicate id.
    if is_root() {
        make_traversable(repo.root());
    }
    chmod(&repo.path("feedback/locked"), 0o000);
    chmod(&repo.path("feedback/sealed"), 0o000);
    let run = validate_unprivileged(&repo, &["--format", "json"]);
    // Let the temporary folder be removed whoever we are.
    chmod(&repo.path("feedback/locked"), 0o755);
    chmod(&repo.path("feedback/sealed"), 0o755);
    let Some(run) = run else {
        eprintln!("skipped: running as root without `setpriv`");
        return;
    };
    run.assert_no_panic();
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        run.diagnostics(),
        [
            (
                "feedback/locked".to_owned(),
                1,
                1,
                "unreadable-file".to_owned()
            ),
            (
                "feedback/sealed".to_owned(),
                1,
                1,
                "unreadable-file".to_owned()
            ),
        ]
    );
    for d in run.json()["diagnostics"].as_array().unwrap() {
        assert_eq!(
            message(d),
            "cannot be listed: permission denied — check its permissions"
        );
    }
}

#[test]
fn a_file_that_disappears_before_it_is_read() {
    let repo = TempRepo::new();
    let path = repo.write("feedback/gone.md", GOOD_ITEM);
    assert!(closeloop::repo::read_text(&path).is_ok());
    std::fs::remove_file(&path).unwrap();
    let err = closeloop::repo::read_text(&path).unwrap_err();
    assert_eq!(
        err,
        "disappeared while closeloop was reading the repository — run the command again"
    );
}
