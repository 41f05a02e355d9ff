//! Rebuilding the preview: re-read `closeloop.toml`, load the repository,
//! render the site in memory. A repository with errors (or a configuration
//! that does not parse) gives the text of its problems instead, as
//! `validate` prints them; the server keeps the last good site and shows
//! that text over it.
//!
//! Rebuilds are incremental. A [`Rebuilder`] keeps each file's parsed item
//! (read again only when its size, inode or times change, or the watcher
//! names it) and each rendered page with a hash of its template context
//! (rendered again only when that context changes). Everything else — the
//! checks across files, deadlines, clocks, reports, releases, the lists —
//! is computed afresh each time, so the result is the site a fresh
//! `closeloop build` of the same files writes, byte for byte. A change of
//! the templates, the configuration or *now* renders everything again.

use crate::commands::Context;
use crate::diag::Severity;
use crate::locate::Location;
use crate::repo::{self, Bodies, Changes, LoadCache, Repository};
use crate::site::output::{PageMemo, Target};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The files of a site by path (`index.html`, `feedback/x.html`, …).
/// Pages are shared with the rebuilder's memo, so an unchanged page is
/// never copied. Looked up by path only, so hashed rather than sorted:
/// ten thousand paths sharing a long prefix make a sorted map's inserts
/// a tenth of a rebuild.
pub type Files = foldhash::HashMap<String, Arc<Vec<u8>>>;

/// How *now* is settled for each rebuild: `--now` and `$SOURCE_DATE_EPOCH`
/// as every command reads them, on the calendar of the configuration just
/// read. From the clock, *now* is taken to the minute (the pages show
/// minutes), so that saves within a minute render only what they changed.
pub struct NowSource {
    pub flag: Option<String>,
    pub epoch: Option<String>,
}

impl NowSource {
    pub fn resolve(
        &self,
        calendar: &crate::calendar::Calendar,
    ) -> anyhow::Result<crate::model::Time> {
        let now = crate::now::resolve_now(self.flag.as_deref(), self.epoch.as_deref(), calendar)?;
        if self.pinned() {
            return Ok(now);
        }
        Ok(
            chrono::DurationRound::duration_trunc(now, chrono::TimeDelta::minutes(1))
                .unwrap_or(now),
        )
    }

    /// Whether *now* is fixed (`--now`, `$SOURCE_DATE_EPOCH`); otherwise it
    /// moves with the clock and the site is rebuilt each minute.
    pub fn pinned(&self) -> bool {
        self.flag.is_some() || self.epoch.as_deref().is_some_and(|e| !e.trim().is_empty())
    }
}

/// Rebuilds one repository's site again and again, keeping what did not
/// change.
pub struct Rebuilder {
    location: Location,
    internal: bool,
    now: NowSource,
    /// The files and items of the last load, and that repository.
    loads: Mutex<LoadCache>,
    pages: PageMemo,
    /// Whether the memo holds pages and views that the last render did
    /// not make, until [`Rebuilder::tidy`].
    untidy: std::sync::atomic::AtomicBool,
    /// How many files the last site had.
    last_size: std::sync::atomic::AtomicUsize,
}

impl Rebuilder {
    /// `location.root` must be canonical.
    pub fn new(location: Location, internal: bool, now: NowSource) -> Rebuilder {
        Rebuilder {
            location,
            internal,
            now,
            loads: Mutex::new(LoadCache::new()),
            pages: PageMemo::new(),
            untidy: std::sync::atomic::AtomicBool::new(false),
            last_size: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    pub fn root(&self) -> &Path {
        &self.location.root
    }

    pub fn now(&self) -> &NowSource {
        &self.now
    }

    /// After a good rebuild's site is published: forgets the pages and
    /// views it did not make. Kept off the path from a save to the
    /// browser; the result is the same either way.
    pub fn tidy(&self, files: &Files) {
        self.pages.drop_garbage();
        if !self
            .untidy
            .swap(false, std::sync::atomic::Ordering::Relaxed)
        {
            return;
        }
        let loads = self.loads.lock().unwrap_or_else(|e| e.into_inner());
        let Some(repo) = loads.last() else {
            return;
        };
        crate::timing::phase("tidy", || {
            let ids: foldhash::HashSet<&str> =
                repo.checked.items.iter().map(|i| i.id.as_str()).collect();
            self.pages
                .retain(&|path| files.contains_key(path), &|id| ids.contains(id));
        });
    }

    /// How many files the last rebuild read and how many pages it
    /// rendered; the rest were kept from before.
    pub fn last_work(&self) -> (usize, usize) {
        let read = self
            .loads
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .files_read();
        (read, self.pages.pages_rendered())
    }

    /// The site, or the problems that stop it being built, as plain text.
    /// `changed` are paths the watcher saw change: they are read again
    /// whatever their stamps say, and every other file's stamp is looked
    /// at.
    pub fn rebuild(&self, changed: &[PathBuf]) -> Result<Files, String> {
        self.rebuild_after(changed, false)
    }

    /// [`Rebuilder::rebuild`]; with `complete`, `changed` is everything
    /// that changed since the last rebuild (a watcher's report without
    /// an error), so no other file is looked at.
    pub fn rebuild_after(&self, changed: &[PathBuf], complete: bool) -> Result<Files, String> {
        let root = &self.location.root;
        let fail = |e: anyhow::Error| format!("error: {e:#}\n");
        let config = repo::load_config(root).map_err(|e| {
            // A bad closeloop.toml is shown as `validate` shows a problem.
            match e
                .chain()
                .find_map(|c| c.downcast_ref::<crate::config::ConfigError>())
            {
                Some(config) => config.render(false),
                None => fail(e),
            }
        })?;
        let now = self.now.resolve(&config.calendar).map_err(fail)?;
        let ctx = Context {
            root: root.to_owned(),
            config,
            now,
            color: false,
            color_stderr: false,
            location: self.location.clone(),
        };
        let relative: Vec<String> = changed
            .iter()
            .filter_map(|p| p.strip_prefix(root).ok())
            .map(|p| {
                p.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .collect();
        let changes = if complete {
            Changes::Known(&relative)
        } else {
            Changes::Unknown(&relative)
        };
        let bodies = if self.internal {
            Bodies::Keep
        } else {
            Bodies::Drop
        };
        let mut loads = self.loads.lock().unwrap_or_else(|e| e.into_inner());
        let loaded = crate::timing::phase("load", || {
            loads.load(root, ctx.config.clone(), now, bodies, changes)
        })
        .map_err(fail)?;
        // The views of items that changed are forgotten at once, whether
        // or not this rebuild renders: the next load is compared with
        // this one.
        self.pages.forget_views(&loaded.fresh);
        self.pages.note_changes(&loaded.fresh, loaded.before);
        let repo = loaded.repo;
        if repo.has_errors() {
            let text = problems(&ctx, &repo);
            loads.give_back(repo);
            return Err(text);
        }

        // The load's own inputs (the configuration, *now*, …) are what
        // item views depend on besides their items; formatting the
        // configuration to hash it once more is a twentieth of a rebuild.
        let mut inputs = std::collections::hash_map::DefaultHasher::new();
        loads.inputs().hash(&mut inputs);
        self.internal.hash(&mut inputs);
        self.pages.begin(
            templates_fingerprint(&root.join("templates")),
            inputs.finish(),
        );
        // Sized for the last site: growing the map is a rehash of every
        // path again.
        let target = Shared {
            files: Mutex::new(Files::with_capacity_and_hasher(
                self.last_size.load(std::sync::atomic::Ordering::Relaxed),
                Default::default(),
            )),
        };
        let rendered = crate::timing::phase("render", || {
            crate::commands::build::render_with(
                &ctx,
                &repo,
                self.internal,
                &target,
                Some(&self.pages),
            )
        });
        loads.give_back(repo);
        let finished =
            rendered.map_err(|e| format!("error: the site could not be rendered: {e:#}\n"))?;
        // Its list of paths is freed after the site is published.
        self.pages.drop_later(finished);
        let files = target.files.into_inner().unwrap_or_else(|e| e.into_inner());
        self.last_size
            .store(files.len(), std::sync::atomic::Ordering::Relaxed);
        // Forgetting what this render did not make waits until the site
        // is published (see `tidy`).
        self.untidy
            .store(true, std::sync::atomic::Ordering::Relaxed);
        Ok(files)
    }
}

/// A hash of the repository's template files (names, kinds and contents);
/// they are few and small. The kinds count because the build refuses
/// links: a file replaced by a link to the same text must not look
/// unchanged.
fn templates_fingerprint(dir: &Path) -> u64 {
    let mut hash = std::collections::hash_map::DefaultHasher::new();
    let kind = |path: &Path| {
        std::fs::symlink_metadata(path)
            .map(|m| format!("{:?}", m.file_type()))
            .unwrap_or_default()
    };
    kind(dir).hash(&mut hash);
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut files: Vec<(String, String, Vec<u8>)> = entries
            .filter_map(Result::ok)
            .map(|e| {
                let bytes = std::fs::read(e.path()).unwrap_or_default();
                let name = e.file_name().to_string_lossy().into_owned();
                (name, kind(&e.path()), bytes)
            })
            .collect();
        files.sort();
        files.hash(&mut hash);
    }
    hash.finish()
}

/// A site in memory whose pages may be shared with the memo.
#[derive(Default)]
struct Shared {
    files: Mutex<Files>,
}

impl Target for Shared {
    fn put(&self, path: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        self.put_shared(path, Arc::new(bytes))
    }

    fn put_shared(&self, path: &str, bytes: Arc<Vec<u8>>) -> anyhow::Result<()> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_owned(), bytes);
        Ok(())
    }
}

/// The errors of a repository, rendered as `validate` renders them: code,
/// file, line, the source line underlined, help, and the summary.
pub fn problems(ctx: &Context, repo: &Repository) -> String {
    let all = ctx.shown(&repo.checked.diagnostics);
    let errors: Vec<_> = all
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    ctx.render_human(&errors, &all, repo, false)
}
