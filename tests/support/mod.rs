//! Running the real binary against a repository, and reading what it said.
//!
//! Every run pins *now* with `--now`, turns colour off and removes
//! `SOURCE_DATE_EPOCH`, so output depends on the fixture alone.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The *now* of every run: a Thursday, late in the fixtures' story.
pub const NOW: &str = "2026-11-26T12:00:00Z";

/// A run that takes longer than this is killed and fails its test: a
/// hostile file must never hang `validate`.
const DEADLINE: Duration = Duration::from_secs(60);

/// A checked-in fixture repository, `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    assert!(path.is_dir(), "no fixture {}", path.display());
    path
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Run {
    /// The JSON object of `validate --format json`.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }

    /// (file, line, column, code) of every diagnostic, in output order.
    pub fn diagnostics(&self) -> Vec<(String, u64, u64, String)> {
        self.json()["diagnostics"]
            .as_array()
            .expect("a diagnostics array")
            .iter()
            .map(|d| {
                (
                    d["file"].as_str().unwrap().to_owned(),
                    d["line"].as_u64().unwrap(),
                    d["column"].as_u64().unwrap(),
                    d["code"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    }

    /// The one diagnostic of a run that must have exactly one.
    pub fn only_diagnostic(&self) -> Value {
        let json = self.json();
        let diags = json["diagnostics"].as_array().unwrap();
        assert_eq!(diags.len(), 1, "expected one diagnostic: {json:#}");
        diags[0].clone()
    }

    /// The stdout of a run that must succeed (exit 0).
    pub fn ok(&self) -> &str {
        assert_eq!(self.code, 0, "expected exit 0:\n{}", self.stderr);
        &self.stdout
    }

    /// Neither a panic nor a crash: the process ended with one of the
    /// three documented exit codes.
    pub fn assert_no_panic(&self) -> &Run {
        assert!(
            !self.stderr.contains("panicked"),
            "the binary panicked:\n{}",
            self.stderr
        );
        assert!(
            [0, 1, 2].contains(&self.code),
            "unexpected exit code {}:\n{}",
            self.code,
            self.stderr
        );
        self
    }
}

/// `closeloop --root ROOT --now NOW --color never ARGS…`.
pub fn closeloop(root: &Path, args: &[&str]) -> Run {
    closeloop_at(root, NOW, args)
}

/// [`closeloop`] at another *now*, for fixtures whose story ends later.
pub fn closeloop_at(root: &Path, now: &str, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_closeloop"));
    cmd.arg("--root").arg(root);
    cmd.args(["--now", now, "--color", "never"]);
    cmd.args(args);
    run(cmd)
}

/// `closeloop … validate ARGS…`.
pub fn validate(root: &Path, args: &[&str]) -> Run {
    let mut all = vec!["validate"];
    all.extend_from_slice(args);
    closeloop(root, &all)
}

/// Runs a prepared command (environment cleaned here) with a deadline.
pub fn run(mut cmd: Command) -> Run {
    // The fixtures sit inside closeloop's own git work tree; a ceiling
    // keeps their diagnostics named from their own root, as they would be
    // in a repository of their own.
    cmd.env_remove("SOURCE_DATE_EPOCH")
        .env_remove("NO_COLOR")
        .env(
            "GIT_CEILING_DIRECTORIES",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
        )
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd.spawn().expect("the closeloop binary starts");
    // Read the pipes on threads so a large output cannot block the child.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || read_all(&mut out));
    let err = std::thread::spawn(move || read_all(&mut err));
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("closeloop did not finish within {DEADLINE:?}: {cmd:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Run {
        code: status
            .code()
            .unwrap_or_else(|| panic!("closeloop was killed by a signal: {status:?}")),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
        elapsed: start.elapsed(),
    }
}

fn read_all(r: &mut impl std::io::Read) -> String {
    let mut bytes = Vec::new();
    r.read_to_end(&mut bytes).unwrap();
    String::from_utf8(bytes).expect("closeloop writes UTF-8")
}

/// A repository built in a temporary folder for one test.
pub struct TempRepo {
    pub dir: tempfile::TempDir,
}

impl TempRepo {
    /// An empty repository with a `feedback/` folder.
    pub fn new() -> TempRepo {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("feedback")).unwrap();
        TempRepo { dir }
    }

    /// A copy of a checked-in fixture, to add what cannot be checked in.
    pub fn copy_of(name: &str) -> TempRepo {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&fixture(name), dir.path());
        TempRepo { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes a file (and its folders) under the root.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// A symbolic link at `rel` pointing to `target` (taken as written).
    pub fn symlink(&self, target: impl AsRef<Path>, rel: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, path).unwrap();
    }

    pub fn validate(&self, args: &[&str]) -> Run {
        validate(self.root(), args)
    }
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A valid captured item, received four hours before [`NOW`] so that no
/// SLA is due: a file that gives no diagnostic at all.
pub const GOOD_ITEM: &str = "\
---
title: Streams drop after 60 seconds behind a proxy
received: 2026-11-26T08:00:00Z
developer:
  handle: \"@li\"
  credit: public
quote: The stream just stops after 60 seconds.
area: streaming
tag: dx-friction
severity: medium
jtbd: When I stream through a proxy, I want the stream to survive, so that users see answers.
state: captured
---
";

/// `closeloop --now NOW --color never ARGS…` run from `cwd`, with no
/// `--root`: the repository is found from the current folder.
pub fn closeloop_in(cwd: &Path, args: &[&str]) -> Run {
    closeloop_in_at(cwd, NOW, args)
}

/// [`closeloop_in`] at another *now*.
pub fn closeloop_in_at(cwd: &Path, now: &str, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_closeloop"));
    cmd.current_dir(cwd);
    cmd.args(["--now", now, "--color", "never"]);
    cmd.args(args);
    run(cmd)
}

/// Builds the site from inside the repository into `site/` (or
/// `site-internal/` with `--internal`), as the README shows it, and
/// returns the folder.
pub fn build_site(repo: &TempRepo, internal: bool) -> PathBuf {
    let out = if internal { "site-internal" } else { "site" };
    let mut args = vec!["build", "--out", out];
    if internal {
        args.push("--internal");
    }
    closeloop_in(repo.root(), &args).ok();
    repo.path(out)
}

/// Every file under `dir`, sorted.
pub fn site_paths(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Every file under `dir`, sorted, with its text (invalid UTF-8 replaced).
pub fn site_files(dir: &Path) -> Vec<(PathBuf, String)> {
    site_paths(dir)
        .into_iter()
        .map(|p| {
            let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
            (p, text)
        })
        .collect()
}

/// Runs `git ARGS…` in `dir` with a fixed identity and dates, and panics
/// with git's own words if it fails.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=closeloop",
            "-c",
            "user.email=closeloop@example.com",
        ])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_AUTHOR_DATE", "2026-11-20T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-11-20T12:00:00Z")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
