//! The only code that writes the site: stage everything beside the output
//! folder, then swap it into place.
//!
//! One build at a time writes an output: [`Staging::begin`] takes an
//! exclusive lock on a file beside it (`.site.closeloop-lock`) and holds it
//! until the new site is in place; a second build waits for it, saying so.
//! A failed build removes its staging folder and leaves the previous site
//! as it was. A build that was killed leaves its folders behind; the next
//! build, under the lock, puts the previous site back if it was moved
//! aside, keeps what the user put in it, and removes the rest. closeloop
//! marks what it creates with [`MARKER`] and refuses to replace a non-empty
//! folder without it: `--out ~/Documents` must never delete anything. Files
//! in the site that closeloop did not make (`site::keep`) are carried
//! over into every new build, never deleted.

use super::keep::{carry_over, foreign_entries, made_files, marker_text, refuse_collisions};
use super::output::Target;
use anyhow::{Context, Result, bail};
use std::collections::HashSet;
use std::fs::File;
use std::path::{Component, Path, PathBuf};

pub(crate) use super::keep::MARKER;

/// One output file: a relative path of plain components, and its bytes.
pub struct OutFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A site being written: files go into a staging folder beside the
/// output, and [`Staging::commit`] swaps it into place. Dropped without a
/// commit (an error, a panic), it removes the staging folder and leaves the
/// previous site as it was.
pub(crate) struct Staging {
    staging: PathBuf,
    out: PathBuf,
    /// The previous site and the files its marker lists: those whose bytes
    /// do not change are linked into the new site instead of written again.
    /// Files the user put there are never linked.
    previous: Option<(PathBuf, HashSet<String>)>,
    parent: PathBuf,
    name: String,
    committed: bool,
    /// Held until the staging folder is gone: no other build touches the
    /// output meanwhile. The lock file is removed before it is released.
    lock: (File, PathBuf),
}

impl Staging {
    /// Waits for any other build of the same output, refuses an output
    /// closeloop did not create, clears what interrupted builds left
    /// behind, and creates an empty staging folder.
    pub(crate) fn begin(out: &Path) -> Result<Staging> {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_owned();
        let name = out
            .file_name()
            .with_context(|| format!("{} cannot be an output folder", out.display()))?
            .to_string_lossy()
            .into_owned();
        std::fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let lock = lock_output(&parent, &name, out)?;
        recover(&parent, &name, out)?;
        refuse_foreign(out)?;
        let staging = parent.join(format!(".{name}.closeloop-staging-{}", std::process::id()));
        std::fs::create_dir(&staging)
            .with_context(|| format!("cannot create {}", staging.display()))?;
        let previous = made_files(out).map(|files| (out.to_owned(), files));
        Ok(Staging {
            staging,
            out: out.to_owned(),
            previous,
            parent,
            name,
            committed: false,
            lock,
        })
    }

    /// Writes one file of the site; safe to call from many threads. The
    /// path must be relative and plain (no `..`, no root): nothing is ever
    /// written outside the output folder.
    ///
    /// A file whose bytes the previous site already has at the same path is
    /// hard-linked from it rather than written: a rebuild creates inodes
    /// only for the pages that changed, and removing the previous site then
    /// frees only those. The new site is byte for byte what a fresh build
    /// writes; only the unchanged files keep their old modification time.
    pub(crate) fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let full = self.staged(path)?;
        if self.link_unchanged(path, &full, bytes) {
            return Ok(());
        }
        in_folder(&full, || std::fs::write(&full, bytes))
            .with_context(|| format!("cannot write {}", full.display()))
    }

    /// Where `path` goes in the staging folder; refuses a path that is not
    /// relative and plain.
    fn staged(&self, path: &str) -> Result<PathBuf> {
        let rel = Path::new(path);
        if path.is_empty() || !rel.components().all(|c| matches!(c, Component::Normal(_))) {
            bail!("refusing to write {path:?} outside the output folder");
        }
        Ok(self.staging.join(rel))
    }

    /// [`Staging::write`] for a file the previous site already has, byte
    /// for byte: links it and returns true; otherwise does nothing and
    /// returns false. Safe to call from many threads.
    pub(crate) fn link_if_unchanged(&self, path: &str, bytes: &[u8]) -> Result<bool> {
        let full = self.staged(path)?;
        Ok(self.link_unchanged(path, &full, bytes))
    }

    /// Hard-links the previous site's file at `path` to `full` when it
    /// holds exactly `bytes`; true when it did.
    fn link_unchanged(&self, path: &str, full: &Path, bytes: &[u8]) -> bool {
        let Some(previous) = self.unchanged(path, bytes) else {
            return false;
        };
        match in_folder(full, || std::fs::hard_link(&previous, full)) {
            Ok(()) => true,
            // A file system without hard links, a full link count: the
            // bytes are written instead.
            Err(_) => {
                let _ = std::fs::remove_file(full);
                false
            }
        }
    }

    /// The previous site's file at `path` when the previous build wrote it
    /// and it is a regular file holding exactly `bytes`.
    fn unchanged(&self, path: &str, bytes: &[u8]) -> Option<PathBuf> {
        let (dir, made) = self.previous.as_ref()?;
        if !made.contains(path) {
            return None;
        }
        let previous = dir.join(path);
        let meta = std::fs::symlink_metadata(&previous).ok()?;
        if !meta.is_file() || meta.len() != bytes.len() as u64 {
            return None;
        }
        (std::fs::read(&previous).ok()? == bytes).then_some(previous)
    }

    /// Marks the staging folder as closeloop's (listing `paths`, every
    /// file written), swaps it into place, and carries over what the user
    /// put in the previous site. Returns what was kept.
    pub(crate) fn commit(mut self, paths: &[String]) -> Result<Vec<String>> {
        let mut paths = paths.to_vec();
        paths.sort();
        std::fs::write(self.staging.join(MARKER), marker_text(&paths))
            .context("cannot write the site marker")?;
        let kept = if self.out.exists() {
            foreign_entries(&self.out)?
        } else {
            Vec::new()
        };
        refuse_collisions(&self.out, &kept, &self.staging)?;
        let old = swap(&self.staging, &self.out, &self.parent, &self.name)?;
        self.committed = true;
        if let Some(old) = old {
            carry_over(&old, &self.out, &kept).with_context(|| {
                format!(
                    "the new site is in place, but files closeloop did not make are still in {}",
                    old.display()
                )
            })?;
            std::fs::remove_dir_all(&old)
                .with_context(|| format!("cannot remove the previous site at {}", old.display()))?;
        }
        Ok(kept)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
        // Still locked: a build waiting on this file sees it gone and
        // opens a new one (see `lock_output`).
        let _ = std::fs::remove_file(&self.lock.1);
    }
}

/// Takes the output's lock, waiting (and saying so) while another build
/// holds it. The lock file exists only while a build runs: the holder
/// removes it before letting go, so a build that waited on a removed file
/// tries again with the new one.
fn lock_output(parent: &Path, name: &str, out: &Path) -> Result<(File, PathBuf)> {
    use std::os::unix::fs::MetadataExt;
    let path = parent.join(format!(".{name}.closeloop-lock"));
    let mut said = false;
    loop {
        let file = open_locked(&path, out, &mut said)?;
        let held = file.metadata()?;
        let current = std::fs::symlink_metadata(&path).ok();
        if current.is_some_and(|c| c.ino() == held.ino() && c.dev() == held.dev()) {
            return Ok((file, path));
        }
    }
}

/// Opens the lock file (never through a link) and locks it, waiting if
/// another build holds it; says so once.
fn open_locked(path: &Path, out: &Path, said: &mut bool) -> Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
        .with_context(|| format!("cannot open the lock file {}", path.display()))?;
    match file.try_lock() {
        Ok(()) => return Ok(file),
        Err(std::fs::TryLockError::WouldBlock) if !*said => {
            *said = true;
            eprintln!(
                "waiting: another closeloop build is writing {} (lock {})",
                out.display(),
                path.display()
            )
        }
        Err(std::fs::TryLockError::WouldBlock) => {}
        Err(std::fs::TryLockError::Error(e)) => {
            return Err(e).with_context(|| format!("cannot lock {}", path.display()));
        }
    }
    file.lock()
        .with_context(|| format!("cannot lock {}", path.display()))?;
    Ok(file)
}

/// Runs `make` (which creates the file `full`); when the folder it goes in
/// does not exist yet, creates the folder and runs `make` again. Another
/// thread may be creating the same folder at the same moment, which
/// `create_dir_all` tolerates.
fn in_folder(full: &Path, make: impl Fn() -> std::io::Result<()>) -> Result<()> {
    match make() {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(dir) = full.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
            Ok(make()?)
        }
        other => Ok(other?),
    }
}

/// A disk target: a page the previous site already has is linked on the
/// rendering thread that made it (reading and comparing the old bytes runs
/// on every core); the others go through a bounded queue to one writer
/// thread that puts them into the staging folder.
struct Queue<'s> {
    staging: &'s Staging,
    send: std::sync::mpsc::SyncSender<OutFile>,
}

impl Target for Queue<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        if self.staging.link_if_unchanged(path, &bytes)? {
            return Ok(());
        }
        self.send
            .send(OutFile {
                path: path.to_owned(),
                bytes,
            })
            .map_err(|_| anyhow::anyhow!("the site writer stopped"))
    }
}

/// Runs `render`, which writes to its target from any thread, while one
/// writer thread puts the files into `staging`. The first error of either
/// side stops both.
///
/// Pages are rendered on every core and written by one thread as they come.
/// Creating files in one folder is serial in the kernel anyway (the folder
/// is locked for each new entry); a second writer would only spin on that
/// lock, taking a core from rendering.
pub(crate) fn write_while_rendering<T>(
    staging: &Staging,
    render: impl FnOnce(&dyn Target) -> Result<T>,
) -> Result<T> {
    // A bounded queue: rendering runs at most this many pages ahead of
    // the disk, so memory stays flat whatever the site's size.
    let (send, receive) = std::sync::mpsc::sync_channel::<OutFile>(256);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> Result<()> {
            for f in receive {
                staging.write(&f.path, &f.bytes)?;
            }
            Ok(())
        });
        let rendered = render(&Queue { staging, send });
        // The queue is dropped with `render`'s target: the writer ends.
        // Its own error says why it stopped, so it comes first.
        match writer.join() {
            Ok(written) => written?,
            Err(_) => anyhow::bail!("the site writer failed"),
        }
        rendered
    })
}

/// Writes `files` as the new content of `out`, atomically as far as the
/// file system allows. The tests drive the writer through it.
#[cfg(test)]
fn write_site(out: &Path, files: &[OutFile]) -> Result<()> {
    use rayon::prelude::*;
    let staging = Staging::begin(out)?;
    files
        .par_iter()
        .try_for_each(|f| staging.write(&f.path, &f.bytes))?;
    let paths: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
    staging.commit(&paths).map(|_| ())
}

/// Refuses an output path that is a file, or a non-empty folder that
/// closeloop did not create.
fn refuse_foreign(out: &Path) -> Result<()> {
    let meta = match std::fs::symlink_metadata(out) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e).with_context(|| format!("cannot inspect {}", out.display())),
    };
    if !meta.is_dir() {
        bail!(
            "{} exists and is not a folder; closeloop will not replace it — choose another --out",
            out.display()
        );
    }
    let empty = std::fs::read_dir(out)
        .with_context(|| format!("cannot read {}", out.display()))?
        .next()
        .is_none();
    if !empty && !out.join(MARKER).is_file() {
        bail!(
            "{} is not empty and was not created by closeloop (no {MARKER} file in it); closeloop will not replace it — choose another --out, or empty the folder",
            out.display()
        );
    }
    Ok(())
}

/// Puts right what killed builds of the same output left behind (called
/// under the lock). A previous site moved aside and not replaced goes back
/// into place; what the user had put in a replaced site is carried into
/// the current one; then the leftovers are removed. A leftover that still
/// holds something of the user's is kept, and named.
fn recover(parent: &Path, name: &str, out: &Path) -> Result<()> {
    let prefixes = [
        format!(".{name}.closeloop-old-"),
        format!(".{name}.closeloop-staging-"),
    ];
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Ok(());
    };
    let mut leftovers: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            prefixes.iter().any(|p| n.starts_with(p.as_str()))
        })
        .map(|e| e.path())
        .collect();
    // The previous site, moved aside, sorts first (`old` before `staging`).
    leftovers.sort();
    for dir in leftovers {
        let is_old = dir.to_string_lossy().contains(".closeloop-old-");
        if is_old && std::fs::symlink_metadata(out).is_err() {
            std::fs::rename(&dir, out)
                .with_context(|| format!("cannot put the previous site {} back", dir.display()))?;
            eprintln!(
                "note: an interrupted build had moved the previous site aside; it is back in {}",
                out.display()
            );
            continue;
        }
        let theirs = foreign_entries(&dir).unwrap_or_default();
        let movable: Vec<String> = theirs
            .iter()
            .filter(|p| std::fs::symlink_metadata(out.join(p)).is_err())
            .cloned()
            .collect();
        if out.is_dir() {
            carry_over(&dir, out, &movable)?;
        }
        if theirs.is_empty() || (out.is_dir() && movable.len() == theirs.len()) {
            let _ = std::fs::remove_dir_all(&dir);
        } else {
            eprintln!(
                "warning: {} is left from an interrupted build and holds files closeloop did not make; it was kept",
                dir.display()
            );
        }
    }
    Ok(())
}

/// Puts `staging` in place of `out`. Returns where the previous site now
/// is, if there was one. On Linux the two folders trade places in one
/// atomic step (`renameat2` with `RENAME_EXCHANGE`); elsewhere, or on a file
/// system without it, the previous site is renamed aside first, and put
/// back if the second rename fails (or, if the build is killed between
/// the two, by the next build).
fn swap(staging: &Path, out: &Path, parent: &Path, name: &str) -> Result<Option<PathBuf>> {
    if !out.exists() {
        std::fs::rename(staging, out)
            .with_context(|| format!("cannot move the new site to {}", out.display()))?;
        return Ok(None);
    }
    let old = parent.join(format!(".{name}.closeloop-old-{}", std::process::id()));
    if exchange(staging, out).is_ok() {
        // The previous site is at the staging path now; give it the name
        // that tells the next build what it is.
        std::fs::rename(staging, &old)
            .with_context(|| format!("cannot move the previous site to {}", old.display()))?;
        return Ok(Some(old));
    }
    std::fs::rename(out, &old)
        .with_context(|| format!("cannot move the previous site {} aside", out.display()))?;
    if let Err(e) = std::fs::rename(staging, out) {
        let _ = std::fs::rename(&old, out);
        return Err(e).with_context(|| format!("cannot move the new site to {}", out.display()));
    }
    Ok(Some(old))
}

/// Swaps two paths atomically.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let a = std::ffi::CString::new(a.as_os_str().as_bytes())?;
    let b = std::ffi::CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths that outlive the call;
    // renameat2 only reads them.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What is beside the output, besides its lock file.
    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.ends_with(".closeloop-lock"))
            .collect();
        names.sort();
        names
    }

    fn file(path: &str, text: &str) -> OutFile {
        OutFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn writes_then_replaces_its_own_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write_site(&out, &[file("index.html", "one"), file("a/b.html", "b")]).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a/b.html")).unwrap(), "b");
        write_site(&out, &[file("index.html", "two")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "two"
        );
        assert!(!out.join("a").exists());
        assert_eq!(entries(dir.path()), ["site"]);
    }

    #[test]
    fn refuses_a_folder_it_did_not_create() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("precious.txt"), "keep").unwrap();
        let err = write_site(dir.path(), &[file("index.html", "x")]).unwrap_err();
        assert!(
            err.to_string().contains("not created by closeloop"),
            "{err}"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("precious.txt")).unwrap(),
            "keep"
        );
    }

    #[test]
    fn a_failed_build_keeps_the_old_site_and_no_staging() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write_site(&out, &[file("index.html", "old")]).unwrap();
        let err = write_site(&out, &[file("../escape.html", "x")]).unwrap_err();
        assert!(err.to_string().contains("outside"), "{err}");
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        assert!(!dir.path().join("escape.html").exists());
        assert_eq!(entries(dir.path()), ["site"]);
    }

    #[test]
    fn a_staging_dropped_before_commit_leaves_the_old_site_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write_site(&out, &[file("index.html", "old")]).unwrap();
        {
            let staging = Staging::begin(&out).unwrap();
            staging.write("index.html", b"new").unwrap();
            staging.write("deep/er/page.html", b"new").unwrap();
            // A render error here: the staging folder is dropped, uncommitted.
        }
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        assert_eq!(entries(dir.path()), ["site"]);
    }

    fn inode(path: &Path) -> u64 {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).unwrap().ino()
    }

    #[test]
    fn a_rebuild_links_unchanged_files_and_writes_changed_ones() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write_site(
            &out,
            &[
                file("index.html", "home at nine"),
                file("feedback/a.html", "a"),
                file("feedback/b.html", "b"),
            ],
        )
        .unwrap();
        let (a, b, home) = (
            inode(&out.join("feedback/a.html")),
            inode(&out.join("feedback/b.html")),
            inode(&out.join("index.html")),
        );
        let next = [
            file("index.html", "home at ten"),
            file("feedback/a.html", "a"),
            file("feedback/b.html", "B"),
            file("feedback/c.html", "c"),
        ];
        write_site(&out, &next).unwrap();
        // Unchanged: the same file, linked. Changed or new: written.
        assert_eq!(inode(&out.join("feedback/a.html")), a);
        assert_ne!(inode(&out.join("feedback/b.html")), b);
        assert_ne!(inode(&out.join("index.html")), home);
        // Byte for byte what a fresh build of the same files writes.
        let fresh = dir.path().join("fresh");
        write_site(&fresh, &next).unwrap();
        for f in &next {
            assert_eq!(
                std::fs::read(out.join(&f.path)).unwrap(),
                f.bytes,
                "{}",
                f.path
            );
            assert_eq!(std::fs::read(fresh.join(&f.path)).unwrap(), f.bytes);
        }
        // Only the site and the fresh copy: no staging or old folder left.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_rebuild_compares_bytes_not_sizes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write_site(&out, &[file("index.html", "home")]).unwrap();
        // Edited by hand in place, same length: not what the build makes.
        std::fs::write(out.join("index.html"), "HOME").unwrap();
        let edited = inode(&out.join("index.html"));
        write_site(&out, &[file("index.html", "home")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "home"
        );
        assert_ne!(inode(&out.join("index.html")), edited);
    }

    #[test]
    fn removes_the_staging_of_an_interrupted_build() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".site.closeloop-staging-1");
        std::fs::create_dir(&stale).unwrap();
        write_site(&dir.path().join("site"), &[file("index.html", "x")]).unwrap();
        assert!(!stale.exists());
    }
}
