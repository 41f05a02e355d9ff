//! Loading a feedback repository: list the files, read and parse them in
//! parallel, run every check, keep the items that passed ([`Checked`]).
//!
//! This is the only place that reads item files. A file that cannot be read
//! is a diagnostic about that file, never a failure of the run: one bad file
//! must not hide the problems of the others.

use crate::check::{self, Checked, Entry, Folder, Rules};
use crate::config::{self, Config};
use crate::diag::{self, Code, Diagnostic};
use crate::model::{Item, Record, RoadmapItem, Time, Tracked};
use crate::parse;
use crate::source::{Pos, SourceFile};
use crate::timing;
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Item files larger than this are refused: no feedback item needs a
/// mebibyte, and a limit keeps memory bounded on hostile input.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// How many files are read and parsed together, in parallel, before their results join the
/// repository's lists.
const PARSE_CHUNK: usize = 4096;

/// A loaded and checked repository: of full [`Item`]s, or of the compact
/// [`Record`]s `validate` keeps ([`Repository::load_records`]).
#[derive(Debug)]
pub struct Repository<I = Item> {
    pub root: PathBuf,
    pub config: Config,
    /// What passed the checks, what did not, and the deadline table.
    pub checked: Checked<I>,
    /// How many item files (feedback and roadmap) were found.
    pub files: usize,
}

/// A file found by the walk: its relative display path and id, or a
/// problem that stops it being read. A million of them are listed at once, so the
/// path is kept once, relative to the root, and the id is a part of it.
struct Found {
    kind: Folder,
    /// Root-relative display path, `/`-separated.
    rel: Box<str>,
    /// The root-relative path itself, only when `rel` cannot name it (a name that is
    /// not UTF-8 is shown with replacement characters).
    raw: Option<Box<Path>>,
    /// Where the id (the file name without `.md`) stands in `rel`; empty for a folder
    /// that could not be listed.
    id: (u32, u32),
    problem: Option<Box<str>>,
}

impl Found {
    /// The file at `path` under `root`; `id` is its file name without `.md` (none for a
    /// folder that could not be listed).
    fn new(
        root: &Path,
        path: &Path,
        kind: Folder,
        id: Option<&str>,
        problem: Option<Box<str>>,
    ) -> Found {
        let below = path.strip_prefix(root).unwrap_or(path);
        let rel = relative(root, path);
        // The id ends the display path, before the `.md` if there is one.
        let id = id.map_or((0, 0), |id| {
            let name = below.file_name().map_or(0, |n| n.to_string_lossy().len());
            let start = rel.len() - name.min(rel.len());
            let end = (start + id.len()).min(rel.len());
            (start as u32, end as u32)
        });
        Found {
            kind,
            raw: below.to_str().is_none().then(|| below.into()),
            rel: rel.into_boxed_str(),
            id,
            problem,
        }
    }

    fn id(&self) -> &str {
        self.rel
            .get(self.id.0 as usize..self.id.1 as usize)
            .unwrap_or_default()
    }

    /// Where the file is, for reading it.
    fn path(&self, root: &Path) -> PathBuf {
        root.join(self.raw.as_deref().unwrap_or(Path::new(&*self.rel)))
    }
}

/// Reads `closeloop.toml` if there is one. A bad configuration is a
/// failure of the command (exit 2), not a diagnostic.
/// It is read as an item is: a regular file (no link, no named pipe, no
/// device), UTF-8, at most [`MAX_FILE_BYTES`].
pub fn load_config(root: &Path) -> Result<Config> {
    let path = root.join(config::FILE_NAME);
    let file = match std::fs::symlink_metadata(&path) {
        // A root that is not a folder is reported by the load, with its path.
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            None
        }
        _ => match read_source(&path, "TOML file") {
            Ok(text) => Some(SourceFile::new(config::FILE_NAME, text)),
            Err(u) => anyhow::bail!(
                "{}:{}:{}: {} {}",
                config::FILE_NAME,
                u.pos.line,
                u.pos.column,
                config::FILE_NAME,
                u.message
            ),
        },
    };
    Ok(Config::parse(file.as_ref())?)
}

/// What one file's pass found.
type FileResult<I = Item> = (Parsed<I>, Vec<Diagnostic>, Option<check::DuplicateFacts>);

/// What identifies a file's contents without reading it: size, inode and
/// the modification and change times (to the nanosecond where the file
/// system keeps them). An editor's save by rename makes a new inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    ino: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

fn stamp_of(path: &Path) -> Option<Stamp> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::symlink_metadata(path).ok()?;
    m.is_file().then(|| Stamp {
        len: m.len(),
        ino: m.ino(),
        mtime: (m.mtime(), m.mtime_nsec()),
        ctime: (m.ctime(), m.ctime_nsec()),
    })
}

/// What a [`LoadCache`] knows of the changes since the last load.
#[derive(Debug, Clone, Copy)]
pub enum Changes<'a> {
    /// Nothing for sure: every file's stamp is looked at and the folders
    /// are listed again. The root-relative paths given are read again
    /// whatever their stamps say (a watcher saw them change; a coarse
    /// clock may not show it).
    Unknown(&'a [String]),
    /// Exactly these root-relative paths changed (a watcher's complete
    /// report): every other file is as it was, so nothing else is looked
    /// at. A change the listing cannot take on its own (a folder, a link,
    /// a misspelt name) lists the folders again.
    Known(&'a [String]),
}

/// One file's result as kept between loads. An item is not copied: it is
/// lent to the repository of the load and taken back from it at the next
/// one (see [`LoadCache::give_back`]).
struct Kept {
    stamp: Stamp,
    diagnostics: Vec<Diagnostic>,
    facts: Option<check::DuplicateFacts>,
    parsed: KeptParsed,
}

enum KeptParsed {
    /// The item is in the last repository.
    Lent,
    Roadmap(RoadmapItem),
    Nothing,
}

/// The files found by the last listing of the folders, in path order, and
/// the warnings that listing gave (names that are not read).
struct Listing {
    found: Vec<Found>,
    warnings: Vec<Diagnostic>,
}

impl Listing {
    fn walk(root: &Path) -> Listing {
        let mut found = Vec::new();
        let mut warnings = Vec::new();
        for (folder, kind) in [("feedback", Folder::Feedback), ("roadmap", Folder::Roadmap)] {
            walk(root, folder, kind, &mut found, &mut warnings);
        }
        unknown_templates(root, &mut warnings);
        // Path order, whatever order the file system listed them in
        // (sorting here is cheaper than asking the walk to sort).
        found.sort_by(|a, b| a.rel.cmp(&b.rel));
        found.shrink_to_fit();
        Listing { found, warnings }
    }

    /// Takes the changes at these root-relative paths into the listing,
    /// as a new walk would list them; `false` when a change needs a walk
    /// (a folder, a link, a name the walk warns about, templates).
    fn patch(&mut self, root: &Path, paths: &[String]) -> bool {
        paths.iter().all(|rel| self.patch_one(root, rel))
    }

    fn patch_one(&mut self, root: &Path, rel: &str) -> bool {
        let mut parts = rel.split('/');
        let kind = match parts.next() {
            Some("feedback") => Folder::Feedback,
            Some("roadmap") => Folder::Roadmap,
            // The configuration and `static/` are not listed; a change of
            // `templates/` may change its warnings.
            Some("templates") => return false,
            _ => return true,
        };
        let below: Vec<&str> = parts.collect();
        let Some(name) = below.last().copied() else {
            // The folder itself.
            return false;
        };
        // The walk skips names starting with `.` or `_`, and what is under them.
        if below
            .iter()
            .any(|p| p.starts_with('.') || p.starts_with('_'))
        {
            return true;
        }
        let path = root.join(rel);
        let at = self.found.binary_search_by(|f| (*f.rel).cmp(rel));
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_dir() || meta.file_type().is_symlink() => false,
            Ok(_) => {
                if name.ends_with(".md") && name != "README.md" {
                    if let Err(at) = at {
                        let id = name.strip_suffix(".md").unwrap_or(name);
                        self.found
                            .insert(at, Found::new(root, &path, kind, Some(id), None));
                    }
                    true
                } else {
                    misspelt_item(name).is_none()
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Ok(at) = at {
                    self.found.remove(at);
                    return true;
                }
                // A folder that went away, or a file the walk warned about.
                let under = format!("{rel}/");
                !(self.found.iter().any(|f| f.rel.starts_with(&under))
                    || self
                        .warnings
                        .iter()
                        .any(|w| w.file == rel || w.file.starts_with(&under)))
            }
            Err(_) => false,
        }
    }
}

/// Per-file results kept from one load to the next (`serve` reloads on
/// every save): a file that did not change is not read again, and its
/// item is not copied. A file's result depends on the configuration, the
/// roadmap ids, *now* and whether bodies are kept as well as on its text,
/// so a change of any of those forgets everything.
#[derive(Default)]
pub struct LoadCache {
    inputs: Option<u64>,
    /// How many files the last load read.
    read: usize,
    files: foldhash::HashMap<String, Kept>,
    listing: Option<Listing>,
    /// The repository of the last load, holding the lent items, once
    /// given back.
    last: Option<Repository>,
}

/// A repository as a [`LoadCache`] loads it, and which of its items may
/// differ from the items of the same id in the load before.
pub struct Loaded {
    pub repo: Repository,
    /// Ids of the items that were read again or whose duplicate links
    /// changed; every other item equals the item of the same id in the
    /// previous load.
    pub fresh: std::collections::HashSet<String>,
    /// The previous load's versions of items that changed or went away:
    /// those of files read again or removed, and of items whose duplicate
    /// links changed.
    pub before: Vec<Item>,
}

impl LoadCache {
    pub fn new() -> LoadCache {
        LoadCache::default()
    }

    /// How many files the last load read (the others were kept).
    pub fn files_read(&self) -> usize {
        self.read
    }

    /// Takes back the repository of the last load: its items are the kept
    /// ones. A repository not given back costs only time (its files are
    /// read again).
    pub fn give_back(&mut self, repo: Repository) {
        self.last = Some(repo);
    }

    /// A hash of what every item of the last load depends on besides its
    /// file: the configuration, the roadmap's ids, *now* and whether
    /// bodies are kept. A caller whose own results depend on no more
    /// than those can use it instead of hashing the configuration again.
    pub fn inputs(&self) -> Option<u64> {
        self.inputs
    }

    /// The repository given back, if any.
    pub fn last(&self) -> Option<&Repository> {
        self.last.as_ref()
    }

    /// [`Repository::load`], reading again only what changed since the
    /// last load with this cache. The result is the same as a fresh
    /// load's.
    pub fn load(
        &mut self,
        root: &Path,
        config: Config,
        now: Time,
        bodies: Bodies,
        changes: Changes,
    ) -> Result<Loaded> {
        root_is_folder(root)?;
        self.read = 0;
        let (named, known) = match changes {
            Changes::Known(paths) => (paths, true),
            Changes::Unknown(paths) => (paths, false),
        };
        for path in named {
            self.files.remove(path.as_str());
        }
        // Known changes that the listing cannot take on its own (a
        // folder replaced, say) are looked at as unknown ones.
        let (listing, known) = timing::phase("walk", || match (known, self.listing.take()) {
            (true, Some(mut listing)) => {
                if listing.patch(root, named) {
                    (listing, true)
                } else {
                    (Listing::walk(root), false)
                }
            }
            _ => (Listing::walk(root), false),
        });
        let roadmap_ids: BTreeSet<&str> = listing
            .found
            .iter()
            .filter(|f| f.kind == Folder::Roadmap && !f.id().is_empty())
            .map(Found::id)
            .collect();
        let inputs = {
            use std::hash::{Hash, Hasher};
            let mut inputs = std::collections::hash_map::DefaultHasher::new();
            format!("{config:?}").hash(&mut inputs);
            roadmap_ids.hash(&mut inputs);
            now.hash(&mut inputs);
            bodies.hash(&mut inputs);
            inputs.finish()
        };
        if self.inputs != Some(inputs) {
            self.inputs = Some(inputs);
            self.files.clear();
            self.last = None;
        }

        let (results, fresh_files, mut old_links, mut before) = timing::phase("read+parse", || {
            // With unknown changes, every file's stamp now (with known
            // changes, the files not named are kept as they are).
            let stamps: Vec<Option<Stamp>> = match known {
                true => Vec::new(),
                false => listing
                    .found
                    .par_iter()
                    .map(|f| {
                        f.problem
                            .is_none()
                            .then(|| stamp_of(&f.path(root)))
                            .flatten()
                    })
                    .collect(),
            };
            // The last load's items, found by a hash of their file's path
            // (two paths of one hash: the second is read again). Items
            // stay where they are until taken: moving ten thousand of
            // them into a map and out again is most of a kept load.
            let mut lent: Vec<Option<Item>> = self
                .last
                .take()
                .map(|r| r.checked.items.into_iter().map(Some).collect())
                .unwrap_or_default();
            let path_hash = |path: &str| {
                use std::hash::BuildHasher;
                foldhash::fast::FixedState::with_seed(0).hash_one(path)
            };
            let mut lent_at: foldhash::HashMap<u64, usize> = foldhash::HashMap::default();
            lent_at.reserve(lent.len());
            for (n, item) in lent.iter().enumerate() {
                if let Some(item) = item {
                    lent_at.insert(path_hash(&item.file), n);
                }
            }
            // Which files are kept (with known changes, every one not
            // named; otherwise those whose stamp is the same), and where
            // their items are lent, looked up in parallel: most of a
            // rebuild's files are kept.
            let found_kept: Vec<(Option<&Kept>, Option<usize>)> = listing
                .found
                .par_iter()
                .enumerate()
                .map(|(n, f)| {
                    let kept = self
                        .files
                        .get(&*f.rel)
                        .filter(|k| known || stamps[n] == Some(k.stamp));
                    let lent_n = match kept.map(|k| &k.parsed) {
                        Some(KeptParsed::Lent) => lent_at
                            .get(&path_hash(&f.rel))
                            .copied()
                            .filter(|&n| lent[n].as_ref().is_some_and(|i| i.file == *f.rel)),
                        _ => None,
                    };
                    (kept, lent_n)
                })
                .collect();
            let mut results: Vec<Option<FileResult>> = Vec::with_capacity(listing.found.len());
            let mut old_links = foldhash::HashMap::default();
            old_links.reserve(lent.len());
            for (f, (kept, lent_n)) in listing.found.iter().zip(found_kept) {
                let parsed = kept.and_then(|k| match &k.parsed {
                    KeptParsed::Lent => lent_n.and_then(|n| lent[n].take()).map(|mut item| {
                        let links = (std::mem::take(&mut item.duplicates), item.original.take());
                        old_links.insert(&*f.rel, links);
                        Parsed::Item(item)
                    }),
                    KeptParsed::Roadmap(r) => Some(Parsed::Roadmap(r.clone())),
                    KeptParsed::Nothing => Some(Parsed::Nothing),
                });
                results.push(parsed.map(|parsed| {
                    let k = kept.expect("only kept files have a result");
                    (parsed, k.diagnostics.clone(), k.facts.clone())
                }));
            }
            // What is left are the items of files read again or gone.
            let before: Vec<Item> = lent.into_iter().flatten().collect();
            let ctx = FileContext {
                root,
                config: &config,
                roadmap_ids: &roadmap_ids,
                now,
                bodies,
            };
            // Read again, in parallel, what was not kept.
            let missing: Vec<usize> = (0..results.len())
                .filter(|&n| results[n].is_none())
                .collect();
            let fresh: Vec<(usize, Option<Stamp>, FileResult)> = missing
                .par_iter()
                .map(|&n| {
                    let f = &listing.found[n];
                    // The stamp is taken before the file is read: a save in
                    // between leaves a stale stamp, and the next load reads
                    // the file again.
                    let stamp = match known {
                        true => f
                            .problem
                            .is_none()
                            .then(|| stamp_of(&f.path(root)))
                            .flatten(),
                        false => stamps[n],
                    };
                    (n, stamp, parse_found(f, &ctx))
                })
                .collect();
            self.read = fresh.len();
            let mut fresh_files = foldhash::HashSet::default();
            for (n, stamp, result) in fresh {
                let f = &listing.found[n];
                self.files.remove(&*f.rel);
                if let Some(stamp) = stamp {
                    let parsed = match &result.0 {
                        Parsed::Item(_) => KeptParsed::Lent,
                        Parsed::Roadmap(r) => KeptParsed::Roadmap(r.clone()),
                        Parsed::Nothing => KeptParsed::Nothing,
                    };
                    self.files.insert(
                        f.rel.to_string(),
                        Kept {
                            stamp,
                            diagnostics: result.1.clone(),
                            facts: result.2.clone(),
                            parsed,
                        },
                    );
                }
                fresh_files.insert(&*f.rel);
                results[n] = Some(result);
            }
            // With known changes, the files that went away were named, and
            // were forgotten above.
            if !known {
                let present: foldhash::HashSet<&str> =
                    listing.found.iter().map(|f| &*f.rel).collect();
                self.files.retain(|rel, _| present.contains(rel.as_str()));
            }
            (results, fresh_files, old_links, before)
        });
        let mut candidates = check::Candidates {
            items: Vec::with_capacity(results.len()),
            roadmap: Vec::new(),
            duplicate_facts: Vec::with_capacity(results.len()),
        };
        let mut diagnostics = listing.warnings.clone();
        gather(
            results
                .into_iter()
                .map(|r| r.expect("every file has a result")),
            0,
            &mut candidates,
            &mut diagnostics,
        );
        let repo = finish(
            root,
            config,
            now,
            listing.found.iter().map(Found::entry).collect(),
            diagnostics,
            candidates,
        );
        // An item kept from the last load is the same unless its
        // duplicate links changed.
        let mut fresh = std::collections::HashSet::new();
        for item in &repo.checked.items {
            if fresh_files.contains(item.file.as_str()) {
                fresh.insert(item.id.clone());
                continue;
            }
            match old_links.remove(item.file.as_str()) {
                Some((d, o)) if d == item.duplicates && o == item.original => {}
                Some((duplicates, original)) => {
                    fresh.insert(item.id.clone());
                    before.push(Item {
                        duplicates,
                        original,
                        ..item.clone()
                    });
                }
                None => {
                    fresh.insert(item.id.clone());
                }
            }
        }
        self.listing = Some(listing);
        Ok(Loaded {
            repo,
            fresh,
            before,
        })
    }
}

fn root_is_folder(root: &Path) -> Result<()> {
    let meta = std::fs::metadata(root)
        .with_context(|| format!("cannot open the repository root {}", root.display()))?;
    anyhow::ensure!(
        meta.is_dir(),
        "the repository root {} is not a folder",
        root.display()
    );
    Ok(())
}

/// Adds files' results, in path order, to what the checks across files
/// receive.
/// `first` is the index of the first of them in the listing.
fn gather<I>(
    parsed: impl IntoIterator<Item = FileResult<I>>,
    first: usize,
    candidates: &mut check::Candidates<I>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (n, (parsed, mut diags, facts)) in parsed.into_iter().enumerate() {
        diagnostics.append(&mut diags);
        let file = u32::try_from(first + n).expect("fewer than 4 billion files");
        candidates
            .duplicate_facts
            .extend(facts.map(|facts| (file, facts)));
        match parsed {
            Parsed::Item(item) => candidates.items.push(item),
            Parsed::Roadmap(r) => candidates.roadmap.push(r),
            Parsed::Nothing => {}
        }
    }
}

/// The checks across files, over every file's result.
fn finish<I: Tracked + Sync>(
    root: &Path,
    config: Config,
    now: Time,
    entries: Vec<Entry>,
    diagnostics: Vec<Diagnostic>,
    candidates: check::Candidates<I>,
) -> Repository<I> {
    let checked = timing::phase("check", || {
        Checked::new(&entries, candidates, diagnostics, &config, now)
    });
    Repository {
        root: root.to_owned(),
        config,
        checked,
        files: entries.len(),
    }
}

impl Found {
    fn entry(&self) -> Entry<'_> {
        Entry {
            folder: self.kind,
            id: self.id(),
            file: &self.rel,
        }
    }
}

impl Repository {
    pub fn load(root: &Path, config: Config, now: Time, bodies: Bodies) -> Result<Repository> {
        load_as(root, config, now, bodies)
    }
}

impl Repository<Record> {
    /// [`Repository::load`] keeping of each item only its compact [`Record`]: what the checks
    /// across files, the clocks and the SLA warnings read. For `validate`, which prints no
    /// text of an item and holds every item of the repository at once.
    pub(crate) fn load_records(
        root: &Path,
        config: Config,
        now: Time,
    ) -> Result<Repository<Record>> {
        load_as(root, config, now, Bodies::Drop)
    }
}

/// Loads the repository at `root` with its items as `I`, each made from its checked item
/// as soon as its file's own checks pass.
fn load_as<I: From<Item> + Tracked + Send + Sync>(
    root: &Path,
    config: Config,
    now: Time,
    bodies: Bodies,
) -> Result<Repository<I>> {
    root_is_folder(root)?;
    let Listing { found, warnings } = timing::phase("walk", || Listing::walk(root));

    // Every roadmap file counts as existing, even one with problems of
    // its own: those are reported on it, not as dangling references.
    let roadmap_ids: BTreeSet<&str> = found
        .iter()
        .filter(|f| f.kind == Folder::Roadmap && !f.id().is_empty())
        .map(Found::id)
        .collect();

    // One pass per file, in parallel: read, parse, check, and keep only
    // the finished item, so no file's text or draft outlives its turn.
    let ctx = FileContext {
        root,
        config: &config,
        roadmap_ids: &roadmap_ids,
        now,
        bodies,
    };
    // A chunk of files at a time: the finished items go straight into their final
    // list, so the repository never holds a second copy of them while they are
    // gathered (a million items are most of the memory of a run).
    let feedback_files = found.iter().filter(|f| f.kind == Folder::Feedback).count();
    let mut candidates = check::Candidates {
        items: Vec::with_capacity(feedback_files),
        roadmap: Vec::new(),
        duplicate_facts: Vec::with_capacity(feedback_files),
    };
    let mut diagnostics = warnings;
    timing::phase("read+parse", || {
        for (n, chunk) in found.chunks(PARSE_CHUNK).enumerate() {
            let parsed: Vec<FileResult<I>> =
                chunk.par_iter().map(|f| parse_found(f, &ctx)).collect();
            gather(parsed, n * PARSE_CHUNK, &mut candidates, &mut diagnostics);
        }
    });
    let entries: Vec<Entry> = found.iter().map(Found::entry).collect();
    Ok(finish(root, config, now, entries, diagnostics, candidates))
}

impl<I: Tracked + Sync> Repository<I> {
    pub fn has_errors(&self) -> bool {
        self.checked.has_errors()
    }
}

/// What every file's pass needs to know about the others.
struct FileContext<'a> {
    root: &'a Path,
    config: &'a Config,
    roadmap_ids: &'a BTreeSet<&'a str>,
    now: Time,
    bodies: Bodies,
}

/// Whether items keep their Markdown body (internal notes): only the
/// internal site shows it, so every other command drops it at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bodies {
    Keep,
    Drop,
}

// Unboxed: a kept item goes from the last load into the next without an
// allocation of its own (a box per item was a tenth of a kept load).
#[allow(clippy::large_enum_variant)]
enum Parsed<I = Item> {
    Item(I),
    Roadmap(RoadmapItem),
    Nothing,
}

/// Reads, parses and checks one file; a feedback item that passes becomes an `I`.
fn parse_found<I: From<Item>>(f: &Found, ctx: &FileContext) -> FileResult<I> {
    let config = ctx.config;
    let rules = Rules {
        config,
        roadmap_ids: ctx.roadmap_ids,
        now: ctx.now,
    };
    let mut diags = Vec::new();
    let unreadable = |message: String| {
        Diagnostic::from_sentence(Code::UnreadableFile, &f.rel, Pos::START, &message)
    };
    if let Some(problem) = &f.problem {
        diags.push(unreadable(problem.to_string()));
        let facts =
            (f.kind == Folder::Feedback && !f.id().is_empty()).then(check::DuplicateFacts::unread);
        return (Parsed::Nothing, diags, facts);
    }
    let text = match read_source(&f.path(ctx.root), "Markdown file") {
        Ok(text) => text,
        Err(problem) => {
            diags.push(Diagnostic::from_sentence(
                Code::UnreadableFile,
                &f.rel,
                problem.pos,
                &problem.message,
            ));
            let facts = (f.kind == Folder::Feedback && !f.id().is_empty())
                .then(check::DuplicateFacts::unread);
            return (Parsed::Nothing, diags, facts);
        }
    };
    let file = SourceFile::new(&*f.rel, text);
    let mut facts = None;
    let parsed = match f.kind {
        Folder::Feedback => parse::parse_item(&file, f.id(), &config.calendar, &mut diags)
            .and_then(|mut d| {
                facts = Some(check::DuplicateFacts::of(&d));
                if ctx.bodies != Bodies::Keep {
                    d.body = String::new();
                }
                check::check_item(d, &rules, &mut diags)
            })
            .map_or(Parsed::Nothing, |item| Parsed::Item(I::from(item))),
        Folder::Roadmap => {
            let item = parse::parse_roadmap(&file, f.id(), &config.calendar, &mut diags);
            check::check_roadmap(item, &rules, &mut diags).map_or(Parsed::Nothing, Parsed::Roadmap)
        }
    };
    // A feedback file that could not be read still exists: a duplicate
    // naming it is not told that there is no such item.
    if f.kind == Folder::Feedback && facts.is_none() && !f.id().is_empty() {
        facts = Some(check::DuplicateFacts::unread());
    }
    diag::cap_per_file(&mut diags);
    (parsed, diags, facts)
}

/// Lists the item files under `root/folder` (SPEC §2), in the order the
/// file system gives them.
/// Symbolic links are reported, never followed: a link can point outside
/// the repository or back into itself.
fn walk(
    root: &Path,
    folder: &str,
    kind: Folder,
    found: &mut Vec<Found>,
    warnings: &mut Vec<Diagnostic>,
) {
    let base = root.join(folder);
    if !base.is_dir() {
        return;
    }
    let skipped = |name: &str| name.starts_with('.') || name.starts_with('_');
    let walker = walkdir::WalkDir::new(&base)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !skipped(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let problem = format!(
                    "cannot be listed: {} — check its permissions",
                    io_reason(e.io_error())
                );
                let path = e.path().unwrap_or(&base);
                found.push(Found::new(root, path, kind, None, Some(problem.into())));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy();
        let is_link = entry.file_type().is_symlink();
        let is_item = name.ends_with(".md") && name != "README.md";
        if entry.file_type().is_dir() || !(is_item || is_link) {
            if let Some(stem) = misspelt_item(&name)
                && !entry.file_type().is_dir()
            {
                warnings.push(
                    Diagnostic::new(
                        Code::IgnoredFile,
                        &relative(root, entry.path()),
                        Pos::START,
                        "is not read: only names ending in `.md` (lower case) are items",
                    )
                    .help(format!("rename it to `{stem}.md` if it is one")),
                );
            }
            continue;
        }
        let problem = is_link.then(|| SYMLINK_PROBLEM.into());
        let id = name.strip_suffix(".md").unwrap_or(&name);
        found.push(Found::new(root, entry.path(), kind, Some(id), problem));
    }
}

/// The stem of a name that ends in `.md` in another case (`x.MD`).
fn misspelt_item(name: &str) -> Option<&str> {
    let (stem, ext) = name.rsplit_once('.')?;
    (ext != "md" && ext.eq_ignore_ascii_case("md") && !stem.eq_ignore_ascii_case("readme"))
        .then_some(stem)
}

/// Warns about files in `templates/` that override no built-in template
/// (`item.htm`, `Index.html`): they would be ignored without a word.
/// Folders are left alone (message templates live in one).
fn unknown_templates(root: &Path, warnings: &mut Vec<Diagnostic>) {
    let Ok(entries) = std::fs::read_dir(root.join("templates")) else {
        return;
    };
    let known: Vec<&str> = crate::render::templates::BUILT_IN
        .iter()
        .map(|(name, _)| *name)
        .collect();
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| !t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') && !n.starts_with("README") && !known.contains(&n.as_str()))
        .collect();
    names.sort();
    for name in names {
        let hint = diag::suggest(&name, &known).map_or_else(
            || format!("the templates are {}", known.join(", ")),
            |k| format!("did you mean `{k}`?"),
        );
        warnings.push(
            Diagnostic::new(
                Code::IgnoredFile,
                &format!("templates/{name}"),
                Pos::START,
                "overrides no built-in template, so it is ignored",
            )
            .help(hint),
        );
    }
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn io_reason(e: Option<&std::io::Error>) -> String {
    match e.map(std::io::Error::kind) {
        Some(std::io::ErrorKind::PermissionDenied) => "permission denied".into(),
        Some(std::io::ErrorKind::NotFound) => "it disappeared while being read".into(),
        _ => e.map_or_else(|| "unknown error".into(), ToString::to_string),
    }
}

const SYMLINK_PROBLEM: &str = "is a symbolic link — closeloop does not follow links (one can point outside the repository or into a loop); replace it with the file itself";

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    if is_link(path) {
        return Err(std::io::Error::other("a symbolic link"));
    }
    std::fs::File::open(path)
}

/// Why a file could not be read as text, and where in it (a NUL byte or
/// an invalid byte has a line and column; everything else is the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub pos: Pos,
    pub message: String,
}

impl From<String> for Unreadable {
    fn from(message: String) -> Unreadable {
        Unreadable {
            pos: Pos::START,
            message,
        }
    }
}

/// Reads an item file as UTF-8 text within the size limit, or says in the
/// user's words why it cannot.
pub fn read_text(path: &Path) -> Result<String, String> {
    read_source(path, "Markdown file").map_err(|u| u.message)
}

/// Reads a repository file as UTF-8 text within the size limit; `kind`
/// names what the file should be ("Markdown file", "TOML file").
pub fn read_source(path: &Path, kind: &str) -> Result<String, Unreadable> {
    // Links and special files are refused here, not only in the walk,
    // because the human renderer reads files again for their snippets: a
    // link must not show what it points to, and reading a named pipe would
    // block forever. On Unix one `open` does it (no link followed, no
    // blocking on a pipe); `fstat` then tells a regular file.
    let file = open_no_follow(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            "disappeared while closeloop was reading the repository — run the command again"
                .to_owned()
        }
        std::io::ErrorKind::PermissionDenied => {
            "cannot be read: permission denied — make it readable (`chmod a+r`)".to_owned()
        }
        _ if is_link(path) => SYMLINK_PROBLEM.to_owned(),
        _ => format!("cannot be read: {e}"),
    })?;
    let meta = file
        .metadata()
        .map_err(|e| format!("cannot be read: {e}"))?;
    if !meta.is_file() {
        return Err(format!(
            "is not a regular file (a named pipe, socket or device) — replace it with a {kind}"
        )
        .into());
    }
    let size = meta.len();
    let too_large = |size: u64| {
        format!(
            "is {size} bytes, larger than the {MAX_FILE_BYTES}-byte (1 MiB) limit for a repository file — keep long material elsewhere and link to it"
        )
    };
    if size > MAX_FILE_BYTES {
        return Err(too_large(size).into());
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot be read: {e}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64).into());
    }
    decode(bytes, kind)
}

/// A file's bytes as text: UTF-8 without NUL bytes, or where the first
/// bad byte is.
pub fn decode(bytes: Vec<u8>, kind: &str) -> Result<String, Unreadable> {
    // A byte at a time, this search was a tenth of reading a repository.
    if let Some(at) = memchr::memchr(0, &bytes) {
        let pos = byte_pos(&bytes, at);
        return Err(Unreadable {
            pos,
            message: format!(
                "contains a NUL byte on line {} — is it a binary file? A {kind} is UTF-8 text",
                pos.line
            ),
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let pos = byte_pos(e.as_bytes(), at);
        Unreadable {
            pos,
            message: format!(
                "is not UTF-8 text (an invalid byte on line {}, column {}) — save it with UTF-8 encoding",
                pos.line, pos.column
            ),
        }
    })
}

/// The line and column (in characters) of byte `at`, in bytes that are
/// valid UTF-8 up to `at`.
fn byte_pos(bytes: &[u8], at: usize) -> Pos {
    let line_start = bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = bytes[..line_start].iter().filter(|&&b| b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(&bytes[line_start..at])
        .chars()
        .count()
        + 1;
    Pos::new(line, column)
}
