//! Finding the feedback repository (SPEC §10), and the folder its files are
//! named from in diagnostics.
//!
//! Without `--root`, closeloop looks upwards from the current folder as git
//! and cargo do: the nearest folder holding `closeloop.toml`, else the
//! nearest holding a `feedback/` folder. Diagnostics name files relative to
//! the top of the git work tree around the repository, so that annotations
//! from a repository in a sub-folder land on the pull request's diff.

use anyhow::{Result, bail};
use std::path::{Path, PathBuf};

/// Where the repository is, and how its files are shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The repository root, as given or as found.
    pub root: PathBuf,
    /// What diagnostics put before a root-relative path: the root's path
    /// inside its git work tree with a trailing `/` (`devrel/`), or empty.
    pub prefix: String,
}

impl Location {
    /// Finds and checks the repository. `explicit` is `--root`; `cwd` the
    /// current folder; `ceilings` the folders git does not search above
    /// (`GIT_CEILING_DIRECTORIES`).
    pub fn find(explicit: Option<&Path>, cwd: &Path, ceilings: &[PathBuf]) -> Result<Location> {
        let root = match explicit {
            Some(root) => {
                let meta = std::fs::metadata(root).map_err(|e| {
                    anyhow::anyhow!("cannot open the repository root {}: {e}", root.display())
                })?;
                if !meta.is_dir() {
                    bail!("the repository root {} is not a folder", root.display());
                }
                if !is_repository(root) {
                    bail!(
                        "{} is not a feedback repository: it holds neither closeloop.toml nor a feedback/ folder — run `closeloop init {}` to create one there",
                        root.display(),
                        root.display()
                    );
                }
                root.to_owned()
            }
            None => search_upwards(cwd)?,
        };
        for folder in ["feedback", "roadmap"] {
            let path = root.join(folder);
            if let Ok(meta) = std::fs::symlink_metadata(&path)
                && !meta.is_dir()
            {
                bail!(
                    "{} is not a folder — `{folder}` must be a folder of item files; rename or remove the file",
                    path.display()
                );
            }
        }
        let prefix = git_top(&root, ceilings)
            .and_then(|top| inside(&root, &top))
            .unwrap_or_default();
        Ok(Location { root, prefix })
    }

    /// A root-relative path as diagnostics show it.
    pub fn shown(&self, rel: &str) -> String {
        format!("{}{rel}", self.prefix)
    }

    /// The file a shown path names.
    pub fn file_of(&self, shown: &str) -> PathBuf {
        self.root
            .join(shown.strip_prefix(self.prefix.as_str()).unwrap_or(shown))
    }
}

fn is_repository(dir: &Path) -> bool {
    dir.join(crate::config::FILE_NAME).is_file() || dir.join("feedback").is_dir()
}

/// The nearest folder from `cwd` upwards with `closeloop.toml`, else the
/// nearest with `feedback/`.
fn search_upwards(cwd: &Path) -> Result<PathBuf> {
    let with_config = cwd
        .ancestors()
        .find(|dir| dir.join(crate::config::FILE_NAME).is_file());
    let found = with_config.or_else(|| cwd.ancestors().find(|dir| dir.join("feedback").is_dir()));
    match found {
        Some(dir) => Ok(dir.to_owned()),
        None => bail!(
            "no feedback repository here: neither {} nor any folder above it holds closeloop.toml or a feedback/ folder — run `closeloop init` to create one, or pass --root DIR",
            cwd.display()
        ),
    }
}

/// The top of the git work tree holding `dir`: the nearest folder upwards
/// with a `.git` (a folder, or a file for worktrees and submodules), not
/// searching into or above a ceiling.
pub fn git_top(dir: &Path, ceilings: &[PathBuf]) -> Option<PathBuf> {
    let start = std::fs::canonicalize(dir).ok()?;
    let ceilings: Vec<PathBuf> = ceilings
        .iter()
        .filter_map(|c| std::fs::canonicalize(c).ok())
        .collect();
    for candidate in start.ancestors() {
        if candidate != start && ceilings.iter().any(|c| c == candidate) {
            return None;
        }
        if candidate.join(".git").exists() {
            return Some(candidate.to_owned());
        }
    }
    None
}

/// `dir`'s path below `top` as a prefix ending in `/` (empty at the top).
fn inside(dir: &Path, top: &Path) -> Option<String> {
    let dir = std::fs::canonicalize(dir).ok()?;
    let rel = dir.strip_prefix(top).ok()?;
    let mut prefix = String::new();
    for part in rel.components() {
        prefix.push_str(part.as_os_str().to_str()?);
        prefix.push('/');
    }
    Some(prefix)
}

/// `GIT_CEILING_DIRECTORIES` as git reads it: a `:`-separated list of
/// absolute paths (empty entries ignored).
pub fn ceilings_from(value: Option<&std::ffi::OsStr>) -> Vec<PathBuf> {
    value
        .map(|v| {
            std::env::split_paths(v)
                .filter(|p| p.is_absolute())
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(path: &Path) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "").unwrap();
    }

    #[test]
    fn config_wins_over_a_nearer_feedback_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let top = tmp.path();
        touch(&top.join("closeloop.toml"));
        std::fs::create_dir_all(top.join("a/feedback/b")).unwrap();
        let found = Location::find(None, &top.join("a/feedback/b"), &[]).unwrap();
        assert_eq!(found.root, top);
    }

    #[test]
    fn nearest_feedback_folder_without_config() {
        let tmp = tempfile::tempdir().unwrap();
        let top = tmp.path();
        std::fs::create_dir_all(top.join("feedback/2026/11")).unwrap();
        let found = Location::find(None, &top.join("feedback/2026/11"), &[]).unwrap();
        assert_eq!(found.root, top);
    }

    #[test]
    fn nothing_found_names_init() {
        let tmp = tempfile::tempdir().unwrap();
        let e = Location::find(Some(tmp.path()), tmp.path(), &[]).unwrap_err();
        assert!(e.to_string().contains("closeloop init"), "{e}");
    }

    #[test]
    fn feedback_as_a_file_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        touch(&tmp.path().join("closeloop.toml"));
        touch(&tmp.path().join("roadmap"));
        let e = Location::find(Some(tmp.path()), tmp.path(), &[]).unwrap_err();
        assert!(e.to_string().contains("is not a folder"), "{e}");
    }

    #[test]
    fn prefix_is_the_path_inside_the_git_work_tree() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join(".git")).unwrap();
        std::fs::create_dir_all(tmp.path().join("devrel/feedback")).unwrap();
        let found = Location::find(Some(&tmp.path().join("devrel")), tmp.path(), &[]).unwrap();
        assert_eq!(found.prefix, "devrel/");
        assert_eq!(found.shown("feedback/a.md"), "devrel/feedback/a.md");
        assert_eq!(
            found.file_of("devrel/feedback/a.md"),
            tmp.path().join("devrel/feedback/a.md")
        );
        // A ceiling stops the search for the work tree.
        let ceiling = [tmp.path().to_owned()];
        let found = Location::find(Some(&tmp.path().join("devrel")), tmp.path(), &ceiling).unwrap();
        assert_eq!(found.prefix, "");
    }
}
