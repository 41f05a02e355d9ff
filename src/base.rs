//! `validate --base REF`: what a pull request changes, checked against the
//! git revision it will merge into (SPEC §10).
//!
//! Items are history: a state only moves forward, a recorded milestone is
//! never rewritten, and an item is never deleted. The comparison reads git
//! through its command line (`git diff --name-status -M`, `git show`) and
//! reads at REF only the files the change touches.

use crate::calendar::Calendar;
use crate::diag::{Code, Diagnostic};
use crate::model::{State, Time};
use crate::parse::{self, Draft};
use crate::source::{Pos, SourceFile};
use anyhow::{Result, bail};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

/// What every refusal to compare ends with: how to make the base there.
const FETCH_HINT: &str = "in GitHub Actions, check out with `fetch-depth: 0` (actions/checkout) so that the base branch and its history are there; locally, `git fetch origin` first";

/// The result of comparing the working tree with REF.
#[derive(Debug, Default)]
pub(crate) struct BaseCheck {
    /// `state-regressed`, `milestone-rewritten` and `item-deleted`, with
    /// root-relative file names.
    pub diagnostics: Vec<Diagnostic>,
    /// Root-relative paths of the item files the change adds or modifies
    /// (untracked ones included): warnings are kept only for these.
    pub touched: BTreeSet<String>,
}

/// One line of `git diff --name-status`: the path at REF (none for an
/// addition) and in the working tree (none for a deletion), root-relative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Change {
    pub old: Option<String>,
    pub new: Option<String>,
}

/// Which folder an item file belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    Feedback,
    Roadmap,
}

/// The kind and id of a root-relative path, if it names an item file by
/// the rules of SPEC §2 (`*.md` under `feedback/` or `roadmap/`, not
/// `README.md`, no part beginning with `_` or `.`).
pub(crate) fn item_path(rel: &str) -> Option<(Kind, &str)> {
    let (folder, rest) = rel.split_once('/')?;
    let kind = match folder {
        "feedback" => Kind::Feedback,
        "roadmap" => Kind::Roadmap,
        _ => return None,
    };
    if rest
        .split('/')
        .any(|part| part.is_empty() || part.starts_with('.') || part.starts_with('_'))
    {
        return None;
    }
    let name = rest.rsplit('/').next()?;
    if name == "README.md" {
        return None;
    }
    Some((kind, name.strip_suffix(".md")?))
}

/// Compares the repository at `root` with `base`.
pub(crate) fn check(root: &Path, base: &str, calendar: &Calendar) -> Result<BaseCheck> {
    let git = Git::open(root, base)?;
    let changes = git.changes()?;
    let untracked = git.untracked()?;

    let mut touched: BTreeSet<String> = changes
        .iter()
        .filter_map(|c| c.new.clone())
        .filter(|p| item_path(p).is_some())
        .collect();
    touched.extend(untracked.into_iter().filter(|p| item_path(p).is_some()));

    // Where each id lives now, for deletions and moves git did not pair.
    let current = current_items(root);

    // Pairs (path at REF, path now) to compare, and deletions.
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut diagnostics = Vec::new();
    for change in &changes {
        let Some(old) = &change.old else { continue };
        let Some((kind, old_id)) = item_path(old) else {
            continue;
        };
        let new_id = change.new.as_deref().and_then(item_path);
        let now_at = match new_id {
            Some((k, id)) if k == kind && id == old_id => change.new.clone(),
            _ => current.get(&(kind, old_id.to_owned())).cloned(),
        };
        match now_at {
            Some(now_at) => pairs.push((old.clone(), now_at)),
            None => diagnostics.push(deleted(old, old_id, change.new.as_deref(), base)),
        }
    }

    let compared: Vec<Vec<Diagnostic>> = pairs
        .par_iter()
        .filter(|(old, _)| item_path(old).is_some_and(|(k, _)| k == Kind::Feedback))
        .map(|(old, new)| compare_files(&git, root, old, new, base, calendar))
        .collect::<Result<_>>()?;
    diagnostics.extend(compared.into_iter().flatten());
    Ok(BaseCheck {
        diagnostics,
        touched,
    })
}

fn deleted(old: &str, id: &str, renamed_to: Option<&str>, base: &str) -> Diagnostic {
    let message = match renamed_to.and_then(|n| item_path(n).map(|(_, new_id)| (n, new_id))) {
        Some((new, new_id)) => format!(
            "the item `{id}` of {base} was renamed to {new}, which changes its id to `{new_id}` — an id is the file name and never changes; move the file back to `{id}.md` (moving it to another folder is fine)"
        ),
        None => format!(
            "the item `{id}` ({old} at {base}) was deleted — items are history and stay; restore it with `git checkout {base} -- {old}`, then close it or mark it `duplicate_of` another item"
        ),
    };
    Diagnostic::from_sentence(Code::ItemDeleted, old, Pos::START, message)
}

/// Item files in the working tree by (kind, id), the first path of each.
fn current_items(root: &Path) -> BTreeMap<(Kind, String), String> {
    let mut found = BTreeMap::new();
    for folder in ["feedback", "roadmap"] {
        let walker = walkdir::WalkDir::new(root.join(folder))
            .follow_links(false)
            .sort_by_file_name();
        for entry in walker.into_iter().flatten() {
            let Ok(rel) = entry.path().strip_prefix(root) else {
                continue;
            };
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            if let Some((kind, id)) = item_path(&rel) {
                found.entry((kind, id.to_owned())).or_insert(rel);
            }
        }
    }
    found
}

/// Reads the item at REF and now, and compares what both recorded.
fn compare_files(
    git: &Git,
    root: &Path,
    old: &str,
    new: &str,
    base: &str,
    calendar: &Calendar,
) -> Result<Vec<Diagnostic>> {
    let Some(old_text) = git.show(old)? else {
        return Ok(Vec::new());
    };
    let Ok(new_text) = crate::repo::read_text(&root.join(new)) else {
        // The load reports an unreadable file already.
        return Ok(Vec::new());
    };
    let parse = |path: &str, text: String| {
        let (_, id) = item_path(path)?;
        let file = SourceFile::new(path, text);
        parse::parse_item(&file, id, calendar, &mut Vec::new())
    };
    let (Some(then), Some(now)) = (parse(old, old_text), parse(new, new_text)) else {
        // Unparseable on either side: nothing recorded can be compared
        // (the load reports the working tree's problems).
        return Ok(Vec::new());
    };
    let duplicate = now.duplicate_of.is_some();
    Ok(compare(&then, &now, duplicate, base))
}

/// The milestone timestamps a state records, in lifecycle order.
const STAMPS: [&str; 7] = [
    "received",
    "distributed",
    "acknowledged",
    "review",
    "decision.at",
    "shipped.at",
    "closed.at",
];

fn stamp(d: &Draft, path: &str) -> Option<Time> {
    match path {
        "received" => d.received,
        "distributed" => d.distributed,
        "acknowledged" => d.acknowledged,
        "review" => d.review,
        "decision.at" => d.decision.as_ref()?.at,
        "shipped.at" => d.shipped.as_ref()?.at,
        "closed.at" => d.closed.as_ref()?.at,
        _ => None,
    }
}

/// The rules of SPEC §10 on one item at REF (`then`) and now.
///
/// `duplicate`: the item now says `duplicate_of` (SPEC §12). Turning an
/// item into a duplicate is allowed: a duplicate follows its original and
/// carries no decision or ship of its own, so dropping them, and the state
/// going back to `acknowledged` with them, is not a rewrite.
pub(crate) fn compare(then: &Draft, now: &Draft, duplicate: bool, base: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let file = now.file.as_str();
    let follows_original =
        |path: &str| duplicate && (path == "decision.at" || path == "shipped.at");

    if let (Some(was), Some(is)) = (then.state, now.state) {
        let was_rank = if duplicate && matches!(was, State::Decided | State::Shipped) {
            State::Acknowledged
        } else {
            was
        };
        if is < was_rank {
            out.push(Diagnostic::from_sentence(
                Code::StateRegressed,
                file,
                now.keys.anchor(&["state"]),
                format!(
                    "`state` moved back from `{was}` (at {base}) to `{is}` — states only move forward; restore `state: {was}` and the milestones it records"
                ),
            ));
        }
    }

    for path in STAMPS {
        let Some(recorded) = stamp(then, path) else {
            continue;
        };
        if follows_original(path) || now.bad_keys.iter().any(|k| k == path) {
            // A bad value is reported by the load already.
            continue;
        }
        let message = match stamp(now, path) {
            Some(t) if t == recorded => continue,
            Some(t) => format!(
                "`{path}` was {} at {base} and is now {} — a recorded milestone is history; restore `{path}: {}`",
                crate::parse::time::format_utc(recorded),
                crate::parse::time::format_utc(t),
                crate::parse::time::format_utc(recorded),
            ),
            None => format!(
                "`{path}` ({}) was removed since {base} — a recorded milestone is history; put it back",
                crate::parse::time::format_utc(recorded),
            ),
        };
        out.push(Diagnostic::from_sentence(
            Code::MilestoneRewritten,
            file,
            now.keys.anchor(&[path]),
            message,
        ));
    }

    let outcome = |d: &Draft| d.decision.as_ref().and_then(|x| x.outcome);
    let shipped = |d: &Draft| d.shipped.as_ref().is_some_and(|s| s.at.is_some());
    if let (Some(was), Some(is)) = (outcome(then), outcome(now))
        && was != is
        && (shipped(then) || shipped(now))
        && !duplicate
    {
        out.push(Diagnostic::from_sentence(
            Code::MilestoneRewritten,
            file,
            now.keys.anchor(&["decision.outcome"]),
            format!(
                "`decision.outcome` changed from `{was}` (at {base}) to `{is}` after the item shipped — the outcome may change only while nothing has shipped; restore `outcome: {was}`"
            ),
        ));
    }
    out
}

/// The git command line, run in the repository root.
struct Git<'a> {
    root: &'a Path,
    base: String,
}

impl<'a> Git<'a> {
    /// Checks that git runs, the root is in a full clone and REF names a
    /// commit; each failure says how to fix it.
    fn open(root: &'a Path, base: &str) -> Result<Git<'a>> {
        let git = Git {
            root,
            base: base.to_owned(),
        };
        if base.starts_with('-') {
            bail!("--base {base}: not a git revision — {FETCH_HINT}");
        }
        let inside = git.run(&["rev-parse", "--is-inside-work-tree"])?;
        if !inside.status.success() {
            bail!(
                "--base needs a git work tree, and {} is not in one — run closeloop in a clone of the repository; {FETCH_HINT}",
                root.display()
            );
        }
        let shallow = git.run(&["rev-parse", "--is-shallow-repository"])?;
        if String::from_utf8_lossy(&shallow.stdout).trim() == "true" {
            bail!(
                "--base {base}: this is a shallow clone, so the history to compare with may be missing — {FETCH_HINT} (or `git fetch --unshallow`)"
            );
        }
        let spec = format!("{base}^{{commit}}");
        let known = git.run(&["rev-parse", "--verify", "--quiet", &spec])?;
        if !known.status.success() {
            bail!("--base {base}: git knows no such revision — {FETCH_HINT}");
        }
        Ok(git)
    }

    fn run(&self, args: &[&str]) -> Result<std::process::Output> {
        Command::new("git")
            .arg("-C")
            .arg(self.root)
            .args(args)
            .env("GIT_OPTIONAL_LOCKS", "0")
            .output()
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => anyhow::anyhow!(
                    "--base needs the `git` command, and it is not installed (or not on PATH) — install git; {FETCH_HINT}"
                ),
                _ => anyhow::anyhow!("cannot run git: {e}"),
            })
    }

    fn checked(&self, args: &[&str]) -> Result<Vec<u8>> {
        let out = self.run(args)?;
        if !out.status.success() {
            bail!(
                "git {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        Ok(out.stdout)
    }

    /// `git diff --name-status -M REF` over feedback/ and roadmap/, with
    /// paths relative to the root.
    fn changes(&self) -> Result<Vec<Change>> {
        let out = self.checked(&[
            "diff",
            "--name-status",
            "-M",
            "-z",
            "--relative",
            "--no-ext-diff",
            &self.base,
            "--",
            "feedback",
            "roadmap",
        ])?;
        Ok(parse_name_status(&String::from_utf8_lossy(&out)))
    }

    /// Files not yet known to git (a new item not yet added).
    fn untracked(&self) -> Result<Vec<String>> {
        let out = self.checked(&[
            "ls-files",
            "--others",
            "--exclude-standard",
            "-z",
            "--",
            "feedback",
            "roadmap",
        ])?;
        Ok(String::from_utf8_lossy(&out)
            .split('\0')
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect())
    }

    /// `git show REF:./path`, or `None` when REF has no such file.
    fn show(&self, rel: &str) -> Result<Option<String>> {
        let spec = format!("{}:./{rel}", self.base);
        let out = self.run(&["show", "--no-textconv", &spec])?;
        if !out.status.success() {
            return Ok(None);
        }
        Ok(String::from_utf8(out.stdout).ok())
    }
}

/// Reads `git diff --name-status -z`: a status, then one path (two for a
/// rename or copy), each ended by NUL.
pub(crate) fn parse_name_status(out: &str) -> Vec<Change> {
    let mut fields = out.split('\0').filter(|f| !f.is_empty());
    let mut changes = Vec::new();
    while let Some(status) = fields.next() {
        let Some(first) = fields.next() else { break };
        let change = match status.chars().next() {
            Some('R') => Change {
                old: Some(first.to_owned()),
                new: fields.next().map(str::to_owned),
            },
            Some('C') => Change {
                old: None,
                new: fields.next().map(str::to_owned),
            },
            Some('A') => Change {
                old: None,
                new: Some(first.to_owned()),
            },
            Some('D') => Change {
                old: Some(first.to_owned()),
                new: None,
            },
            _ => Change {
                old: Some(first.to_owned()),
                new: Some(first.to_owned()),
            },
        };
        changes.push(change);
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_paths_follow_the_folder_rules() {
        assert_eq!(
            item_path("feedback/2026/11/a-b.md"),
            Some((Kind::Feedback, "a-b"))
        );
        assert_eq!(item_path("roadmap/x.md"), Some((Kind::Roadmap, "x")));
        for not_item in [
            "feedback/README.md",
            "feedback/_template.md",
            "feedback/.draft.md",
            "feedback/_old/a.md",
            "feedback/a.txt",
            "docs/a.md",
            "feedback.md",
        ] {
            assert_eq!(item_path(not_item), None, "{not_item}");
        }
    }

    #[test]
    fn name_status_reads_renames_and_deletions() {
        let out = "M\0feedback/a.md\0R087\0feedback/b.md\0feedback/2026/b.md\0D\0feedback/c.md\0A\0roadmap/d.md\0";
        assert_eq!(
            parse_name_status(out),
            [
                Change {
                    old: Some("feedback/a.md".into()),
                    new: Some("feedback/a.md".into())
                },
                Change {
                    old: Some("feedback/b.md".into()),
                    new: Some("feedback/2026/b.md".into())
                },
                Change {
                    old: Some("feedback/c.md".into()),
                    new: None
                },
                Change {
                    old: None,
                    new: Some("roadmap/d.md".into())
                },
            ]
        );
    }

    fn draft(text: &str) -> Draft {
        let file = SourceFile::new("feedback/x.md", text.to_owned());
        parse::parse_item(&file, "x", &Calendar::default(), &mut Vec::new()).unwrap()
    }

    const DECIDED: &str = "---\ntitle: T\nreceived: 2026-11-02T09:00:00Z\ndeveloper:\n  handle: \"@a\"\n  credit: public\nquote: Q\narea: a\ntag: dx-friction\nseverity: low\njtbd: J\nstate: decided\ndistributed: 2026-11-02T10:00:00Z\nacknowledged: 2026-11-02T11:00:00Z\ndecision:\n  outcome: quick-win\n  at: 2026-11-03T09:00:00Z\n  reason: R\n---\n";

    #[test]
    fn becoming_a_duplicate_may_drop_the_decision_and_nothing_else() {
        let then = draft(DECIDED);
        let dropped = DECIDED
            .replace("state: decided", "state: acknowledged")
            .replace(
                "decision:\n  outcome: quick-win\n  at: 2026-11-03T09:00:00Z\n  reason: R\n",
                "",
            );
        let now = draft(&dropped);
        let codes = |d: Vec<Diagnostic>| d.into_iter().map(|d| d.code).collect::<Vec<_>>();
        assert_eq!(
            codes(compare(&then, &now, false, "main")),
            [Code::StateRegressed, Code::MilestoneRewritten]
        );
        assert!(compare(&then, &now, true, "main").is_empty());
        // A duplicate still keeps its own received and acknowledgement.
        let rewritten = draft(&dropped.replace(
            "acknowledged: 2026-11-02T11:00:00Z",
            "acknowledged: 2026-11-02T12:00:00Z",
        ));
        assert_eq!(
            codes(compare(&then, &rewritten, true, "main")),
            [Code::MilestoneRewritten]
        );
    }
}
