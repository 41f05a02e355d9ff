//! Watching the repository's sources.
//!
//! Editors save by writing a temporary file and renaming it, so folders are
//! watched, not files, and their scratch files are ignored. The root is
//! watched on its own (not recursively) for `closeloop.toml` and for the
//! source folders appearing, disappearing or being replaced (`git checkout`
//! deletes and re-creates them): each change of a folder re-establishes its
//! watch. The output folder and `.git` are never watched, and symbolic links
//! are not followed (a link to a large tree would exhaust the watches; the
//! build does not follow them either).

use anyhow::{Context as _, Result};
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// Folders whose changes rebuild the site (besides `closeloop.toml`).
pub const WATCHED: [&str; 4] = ["feedback", "roadmap", "templates", "static"];

/// What identifies a folder on disk: a re-created folder is another one.
type Identity = (u64, u64);

/// What [`Watch::next_change`] saw.
pub enum Change {
    /// Sources changed; these paths were named. `complete` when they are
    /// all that changed: no watcher error (which may hide changes) and no
    /// folder watched anew (whose first changes may have come before its
    /// watch).
    Sources { paths: Vec<PathBuf>, complete: bool },
    /// The deadline came first.
    Timeout,
    /// The watcher stopped.
    Stopped,
}

pub struct Watch {
    root: PathBuf,
    watcher: RecommendedWatcher,
    changes: Receiver<Vec<PathBuf>>,
    /// The source folders watched now, and which folder each watch is on.
    folders: BTreeMap<&'static str, Identity>,
}

impl Watch {
    /// Watches `root`, which must be canonical (the watcher reports
    /// absolute paths under the path it was given).
    pub fn new(root: &Path) -> Result<Watch> {
        let (tx, changes): (Sender<Vec<PathBuf>>, _) = std::sync::mpsc::channel();
        let config = notify::Config::default().with_follow_symlinks(false);
        let mut watcher = RecommendedWatcher::new(
            move |result: notify::Result<notify::Event>| {
                // Reading files to rebuild raises access events, and
                // `touch` raises metadata ones: only changes of content or
                // names count. A watcher error (an overflowed queue) may
                // hide changes, so it rebuilds.
                use notify::EventKind::{Create, Modify, Remove};
                use notify::event::ModifyKind;
                let paths = match result {
                    Ok(event) => match event.kind {
                        Create(_) | Remove(_) => event.paths,
                        Modify(kind) if !matches!(kind, ModifyKind::Metadata(_)) => event.paths,
                        _ => return,
                    },
                    Err(_) => Vec::new(),
                };
                let _ = tx.send(paths);
            },
            config,
        )
        .context("cannot watch the repository for changes")?;
        watcher
            .watch(root, RecursiveMode::NonRecursive)
            .with_context(|| format!("cannot watch {}", root.display()))?;
        let mut watch = Watch {
            root: root.to_owned(),
            watcher,
            changes,
            folders: BTreeMap::new(),
        };
        watch.refresh(&[]);
        Ok(watch)
    }

    /// Blocks until a source changes, then waits for the burst to settle
    /// (an editor's save, a checkout) and returns the paths it named
    /// ([`Change::Sources`]); [`Change::Timeout`] if `deadline` came first.
    pub fn next_change(&mut self, deadline: Option<Instant>) -> Change {
        loop {
            let first = match deadline {
                None => self
                    .changes
                    .recv()
                    .map_err(|_| RecvTimeoutError::Disconnected),
                Some(at) => self
                    .changes
                    .recv_timeout(at.saturating_duration_since(Instant::now())),
            };
            let mut paths = match first {
                Ok(paths) => paths,
                Err(RecvTimeoutError::Timeout) => return Change::Timeout,
                Err(RecvTimeoutError::Disconnected) => return Change::Stopped,
            };
            let mut relevant = self.any_source(&paths);
            let mut complete = !paths.is_empty();
            // A burst of events arrives within a few milliseconds; settle
            // once nothing came for `QUIET`, and never wait past `LIMIT`.
            const QUIET: Duration = Duration::from_millis(8);
            const LIMIT: Duration = Duration::from_millis(150);
            let start = Instant::now();
            loop {
                let left = LIMIT.saturating_sub(start.elapsed());
                if left.is_zero() {
                    break;
                }
                match self.changes.recv_timeout(QUIET.min(left)) {
                    Ok(more) => {
                        relevant |= self.any_source(&more);
                        complete &= !more.is_empty();
                        paths.extend(more);
                    }
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return Change::Stopped,
                }
            }
            complete &= !self.refresh(&paths);
            if relevant {
                return Change::Sources { paths, complete };
            }
        }
    }

    /// Whether a batch names a source (an empty batch is a watcher error
    /// that may have hidden one).
    fn any_source(&self, paths: &[PathBuf]) -> bool {
        paths.is_empty() || paths.iter().any(|p| is_source(&self.root, p))
    }

    /// Re-establishes the watch of every source folder that appeared, was
    /// replaced or is named in `paths` (the folder itself changed), and
    /// forgets those that are gone. Says whether any watch changed.
    fn refresh(&mut self, paths: &[PathBuf]) -> bool {
        let mut changed = false;
        for folder in WATCHED {
            let dir = self.root.join(folder);
            let touched = paths.iter().any(|p| p == &dir);
            let now = identity(&self.root, &dir);
            let before = self.folders.get(folder).copied();
            if now == before && !touched {
                continue;
            }
            changed = true;
            if before.is_some() {
                let _ = self.watcher.unwatch(&dir);
                self.folders.remove(folder);
            }
            if let Some(id) = now {
                // A folder removed between the look and the watch is
                // watched again when its re-creation is reported.
                if self.watcher.watch(&dir, RecursiveMode::Recursive).is_ok() {
                    self.folders.insert(folder, id);
                }
            }
        }
        changed
    }
}

/// The folder's identity if it is a real folder of the repository; a
/// symbolic link counts only when it leads to a folder inside the root.
fn identity(root: &Path, dir: &Path) -> Option<Identity> {
    use std::os::unix::fs::MetadataExt;
    let link = std::fs::symlink_metadata(dir).ok()?;
    if link.file_type().is_symlink() {
        let target = std::fs::canonicalize(dir).ok()?;
        if !target.starts_with(root) {
            return None;
        }
    }
    let meta = std::fs::metadata(dir).ok()?;
    meta.is_dir().then(|| (meta.dev(), meta.ino()))
}

/// Whether a change at `path` should rebuild: the configuration, a source
/// folder itself, or a file in one, and not an editor's scratch file. The
/// root is watched without recursion, so `target/`, `site/` and `.git`
/// changes arrive here too and are dropped.
pub fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let top = parts.next().unwrap_or_default();
    let relevant = top == crate::config::FILE_NAME || WATCHED.contains(&top.as_ref());
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    relevant
        && !(name == "4913"
            || name.ends_with(".swp")
            || name.ends_with(".swx")
            || name.ends_with('~')
            || name.starts_with(".#"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_editor_scratch_files_and_other_folders() {
        let root = Path::new("/repo");
        for source in [
            "/repo/feedback/2026/a.md",
            "/repo/closeloop.toml",
            "/repo/feedback",
            "/repo/templates",
            "/repo/static/logo.png",
        ] {
            assert!(is_source(root, Path::new(source)), "{source}");
        }
        for other in [
            "/repo/target",
            "/repo/site/index.html",
            "/repo/.git/index",
            "/repo/README.md",
            "/elsewhere/feedback/a.md",
        ] {
            assert!(!is_source(root, Path::new(other)), "{other}");
        }
        for scratch in [
            "/repo/feedback/4913",
            "/repo/feedback/.a.md.swp",
            "/repo/feedback/a.md~",
            "/repo/feedback/.#a.md",
        ] {
            assert!(!is_source(root, Path::new(scratch)), "{scratch}");
        }
    }

    #[test]
    fn links_out_of_the_repository_are_not_folders_to_watch() {
        let repo = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(repo.path()).unwrap();
        std::fs::create_dir(root.join("feedback")).unwrap();
        std::fs::create_dir(root.join("assets")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("static")).unwrap();
        std::os::unix::fs::symlink(root.join("assets"), root.join("templates")).unwrap();
        assert!(identity(&root, &root.join("feedback")).is_some());
        assert!(identity(&root, &root.join("static")).is_none());
        assert!(identity(&root, &root.join("templates")).is_some());
        assert!(identity(&root, &root.join("roadmap")).is_none());
    }
}
