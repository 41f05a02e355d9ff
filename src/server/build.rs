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
use crate::repo::{self, Bodies, LoadCache, Repository};
use crate::site::output::{PageMemo, Target};
use std::collections::{BTreeMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The files of a site by path (`index.html`, `feedback/x.html`, …).
/// Pages are shared with the rebuilder's memo, so an unchanged page is
/// never copied.
pub type Files = BTreeMap<String, Arc<Vec<u8>>>;

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
    loads: LoadCache,
    pages: PageMemo,
    /// The repository of the last good rebuild, until [`Rebuilder::tidy`].
    last: Mutex<Option<Repository>>,
}

impl Rebuilder {
    /// `location.root` must be canonical.
    pub fn new(location: Location, internal: bool, now: NowSource) -> Rebuilder {
        Rebuilder {
            location,
            internal,
            now,
            loads: LoadCache::new(),
            pages: PageMemo::new(),
            last: Mutex::new(None),
        }
    }

    pub fn root(&self) -> &Path {
        &self.location.root
    }

    pub fn now(&self) -> &NowSource {
        &self.now
    }

    /// After a good rebuild's site is published: forgets the pages and
    /// views it did not make, and frees its repository. Kept off the path
    /// from a save to the browser; the result is the same either way.
    pub fn tidy(&self, files: &Files) {
        let Some(repo) = self.last.lock().unwrap_or_else(|e| e.into_inner()).take() else {
            return;
        };
        crate::timing::phase("tidy", || {
            let ids: HashSet<&str> = repo.checked.items.iter().map(|i| i.id.as_str()).collect();
            self.pages
                .retain(&|path| files.contains_key(path), &|id| ids.contains(id));
            drop(repo);
        });
    }

    /// How many files the last rebuild read and how many pages it
    /// rendered; the rest were kept from before.
    pub fn last_work(&self) -> (usize, usize) {
        (self.loads.files_read(), self.pages.pages_rendered())
    }

    /// The site, or the problems that stop it being built, as plain text.
    /// `changed` are paths the watcher saw change: they are read again
    /// whatever their stamps say.
    pub fn rebuild(&self, changed: &[PathBuf]) -> Result<Files, String> {
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
        self.loads.forget(relative.iter().map(String::as_str));
        let bodies = if self.internal {
            Bodies::Keep
        } else {
            Bodies::Drop
        };
        let repo = crate::timing::phase("load", || {
            Repository::load_cached(root, ctx.config.clone(), now, bodies, &self.loads)
        })
        .map_err(fail)?;
        if repo.has_errors() {
            return Err(problems(&ctx, &repo));
        }

        let mut inputs = std::collections::hash_map::DefaultHasher::new();
        format!("{:?}", ctx.config).hash(&mut inputs);
        now.hash(&mut inputs);
        self.internal.hash(&mut inputs);
        self.pages.begin(
            templates_fingerprint(&root.join("templates")),
            inputs.finish(),
        );
        let target = Shared::default();
        crate::timing::phase("render", || {
            crate::commands::build::render_with(
                &ctx,
                &repo,
                self.internal,
                &target,
                Some(&self.pages),
            )
        })
        .map_err(|e| format!("error: the site could not be rendered: {e:#}\n"))?;
        let files = target.files.into_inner().unwrap_or_else(|e| e.into_inner());
        // Forgetting what this render did not make, and freeing the
        // repository, wait until the site is published (see `tidy`).
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = Some(repo);
        Ok(files)
    }
}

/// A hash of the repository's template files (names and contents); they
/// are few and small.
fn templates_fingerprint(dir: &Path) -> u64 {
    let mut hash = std::collections::hash_map::DefaultHasher::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut files: Vec<(String, Vec<u8>)> = entries
            .filter_map(Result::ok)
            .map(|e| {
                let bytes = std::fs::read(e.path()).unwrap_or_default();
                (e.file_name().to_string_lossy().into_owned(), bytes)
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
