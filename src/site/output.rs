//! The one way files leave the site renderer.
//!
//! Every page family writes through an [`Output`]: it registers each path
//! with the page that made it and refuses a second write of the same path
//! (naming both), and it puts the repository's `static/` files on top of
//! the generated pages, once, whatever the target. The target is where the
//! bytes go: [`Memory`] for `serve`, or the build's staging folder on disk
//! (a [`Target`] that feeds the writer thread in [`super::write`]).

use anyhow::{Context as _, Result, bail};
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Where an output file came from, for the message when two want the same
/// path: "the release `index`", "the releases index", "static/style.css".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Source {
    what: &'static str,
    name: Option<String>,
}

impl Source {
    /// A page that is one of a kind ("the releases index").
    pub(crate) fn page(what: &'static str) -> Source {
        Source { what, name: None }
    }

    /// A page of a family, named by what it shows ("the release", `v2.0`).
    pub(crate) fn named(what: &'static str, name: impl Into<String>) -> Source {
        Source {
            what,
            name: Some(name.into()),
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.name {
            Some(name) => write!(f, "{} `{name}`", self.what),
            None => f.write_str(self.what),
        }
    }
}

/// Where the bytes go. Called from several threads at once.
pub trait Target: Sync {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()>;

    /// A file that a [`PageMemo`] keeps too; a target that can hold it
    /// shared avoids the copy.
    fn put_shared(&self, path: &str, bytes: Arc<Vec<u8>>) -> Result<()> {
        self.put(path, Vec::clone(&bytes))
    }
}

/// Rendered pages kept from one render to the next (`serve` renders on
/// every save). A page is rendered again only when what its template
/// receives changed: each page is kept with a hash of its whole template
/// context, so the bytes are the ones a fresh render would give. Template
/// changes are not seen by that hash: [`PageMemo::begin`] takes a
/// fingerprint of the templates and forgets everything when it changes.
#[derive(Default)]
pub struct PageMemo {
    templates: Mutex<Option<u64>>,
    /// The templates compiled, with the fingerprint of their files (see
    /// [`PageMemo::begin`]): compiling them is a twentieth of a rebuild.
    compiled: Mutex<Option<(u64, Arc<crate::render::templates::Templates>)>>,
    /// The fingerprint of the template files given to the last
    /// [`PageMemo::begin`].
    template_files: std::sync::atomic::AtomicU64,
    /// Path → (hash of its template context, bytes).
    pages: std::sync::RwLock<foldhash::HashMap<String, KeptPage>>,
    /// Item id → what else its view depends on, its view. The caller
    /// forgets an item's view when the item changes
    /// ([`PageMemo::forget_views`]).
    views: std::sync::RwLock<foldhash::HashMap<String, KeptView>>,
    /// The serial of the last view kept.
    serial: std::sync::atomic::AtomicU64,
    /// Pages rendered since the last [`PageMemo::begin`].
    rendered: std::sync::atomic::AtomicUsize,
    /// The figures of the report periods.
    reports: crate::report::ReportMemo,
    /// What a render made and no longer needs, freed once the site is
    /// published ([`PageMemo::drop_garbage`]): freeing the paths and
    /// reports of ten thousand pages is time an open tab would wait for.
    garbage: Mutex<Vec<Box<dyn Send>>>,
}

type KeptPage = (u64, Arc<Vec<u8>>);
/// What else the view depends on, the view and its serial.
type KeptView = (ViewKey, Arc<super::views::ItemView>, u64);

/// What an item's view depends on besides the item and the build's
/// configuration: whether the audience sees its words, its release's page,
/// its developer's thank-you page, and whether it sees the item's original
/// and each of its duplicates.
pub(super) type ViewKey = (bool, Option<String>, Option<String>, Vec<bool>);

impl PageMemo {
    pub fn new() -> PageMemo {
        PageMemo::default()
    }

    /// Starts a render with templates of this fingerprint, and a build
    /// whose configuration, audience and *now* hash to `inputs` (item
    /// views depend on those without showing it in their own fields).
    pub fn begin(&self, templates: u64, inputs: u64) {
        let mut current = self.templates.lock().unwrap_or_else(|e| e.into_inner());
        self.rendered.store(0, std::sync::atomic::Ordering::Relaxed);
        self.template_files
            .store(templates, std::sync::atomic::Ordering::Relaxed);
        let fingerprint = templates ^ inputs.rotate_left(17);
        if *current != Some(fingerprint) {
            *current = Some(fingerprint);
            self.pages
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .clear();
            self.views
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .clear();
            self.reports.clear();
        }
    }

    /// The templates compiled for the fingerprint given to the last
    /// [`PageMemo::begin`]: those kept if it is the same, else `load`'s
    /// (kept when they compile).
    pub(crate) fn templates(
        &self,
        load: impl FnOnce() -> Result<crate::render::templates::Templates>,
    ) -> Result<Arc<crate::render::templates::Templates>> {
        let files = self
            .template_files
            .load(std::sync::atomic::Ordering::Relaxed);
        let mut compiled = self.compiled.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((fingerprint, templates)) = &*compiled
            && *fingerprint == files
        {
            return Ok(templates.clone());
        }
        let templates = Arc::new(load()?);
        *compiled = Some((files, templates.clone()));
        Ok(templates)
    }

    /// The report figures kept, for the render under way.
    pub(super) fn reports(&self) -> &crate::report::ReportMemo {
        &self.reports
    }

    /// Notes the items of a load that may differ from the load before
    /// (`ids`, as [`PageMemo::forget_views`] takes them) and the earlier
    /// versions of some of them, for the report figures.
    pub fn note_changes(
        &self,
        ids: &std::collections::HashSet<String>,
        before: Vec<crate::model::Item>,
    ) {
        self.reports.note_changes(ids, before);
    }

    /// The page kept at `path` if it was rendered from the same context.
    pub(super) fn page(&self, path: &str, context: u64) -> Option<Arc<Vec<u8>>> {
        let pages = self.pages.read().unwrap_or_else(|e| e.into_inner());
        pages
            .get(path)
            .filter(|(kept, _)| *kept == context)
            .map(|(_, bytes)| bytes.clone())
    }

    /// How many pages the render since [`PageMemo::begin`] rendered (the
    /// others were kept).
    pub fn pages_rendered(&self) -> usize {
        self.rendered.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub(super) fn keep_page(&self, path: &str, context: u64, bytes: Arc<Vec<u8>>) {
        self.rendered
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.pages
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_owned(), (context, bytes));
    }

    /// The view kept for the item of this id, if `same` takes its key,
    /// and its serial.
    pub(super) fn view(
        &self,
        id: &str,
        same: impl Fn(&ViewKey) -> bool,
    ) -> Option<(Arc<super::views::ItemView>, u64)> {
        let views = self.views.read().unwrap_or_else(|e| e.into_inner());
        views
            .get(id)
            .filter(|(k, _, _)| same(k))
            .map(|(_, view, serial)| (view.clone(), *serial))
    }

    /// Forgets the views of these items (they changed).
    pub fn forget_views(&self, ids: &std::collections::HashSet<String>) {
        if ids.is_empty() {
            return;
        }
        // One lookup per changed id: a save changes a few items, and no
        // load changes more items than it has.
        let mut views = self.views.write().unwrap_or_else(|e| e.into_inner());
        for id in ids {
            views.remove(id);
        }
    }

    /// Keeps a new view, with a serial never used before; returns it.
    pub(super) fn keep_view(
        &self,
        item: &crate::model::Item,
        key: ViewKey,
        view: super::views::ItemView,
    ) -> (Arc<super::views::ItemView>, u64) {
        let serial = 1 + self
            .serial
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let view = Arc::new(view.with_serial(serial));
        self.views
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(item.id.clone(), (key, view.clone(), serial));
        (view, serial)
    }

    /// Keeps `value` until [`PageMemo::drop_garbage`].
    pub fn drop_later(&self, value: impl Send + 'static) {
        self.garbage
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Box::new(value));
    }

    /// Frees what [`PageMemo::drop_later`] was given.
    pub fn drop_garbage(&self) {
        let garbage = std::mem::take(&mut *self.garbage.lock().unwrap_or_else(|e| e.into_inner()));
        drop(garbage);
    }

    /// Forgets pages and views that the last render did not make.
    pub fn retain(&self, paths: &dyn Fn(&str) -> bool, ids: &dyn Fn(&str) -> bool) {
        self.pages
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|p, _| paths(p));
        self.views
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|id, _| ids(id));
    }
}

/// A hash of everything serialized into it (a template context), without
/// building the text.
/// foldhash with a fixed seed: the hashes only ever meet hashes of the
/// same process, and it is several times faster than SipHash over the
/// many small writes a serializer makes.
pub(super) struct ContextHash(foldhash::fast::FoldHasher<'static>);

thread_local! {
    /// Whether this thread is hashing a context (see [`ContextHash::hashing`]).
    static HASHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

impl ContextHash {
    pub(super) fn of(value: &impl serde::Serialize) -> Option<u64> {
        use std::hash::BuildHasher;
        use std::hash::Hasher;
        let mut hash = ContextHash(foldhash::fast::FixedState::with_seed(0).build_hasher());
        let outer = HASHING.with(|h| h.replace(true));
        let written = serde_json::to_writer(&mut hash, value);
        HASHING.with(|h| h.set(outer));
        written.ok()?;
        Some(hash.0.finish())
    }

    /// A hash of values that hash themselves (a page's path and title and
    /// its view's identity), with the same hasher.
    pub(super) fn of_hashable(value: &impl std::hash::Hash) -> u64 {
        use std::hash::BuildHasher;
        foldhash::fast::FixedState::with_seed(0).hash_one(value)
    }

    /// Whether a context is being hashed on this thread: an item view
    /// kept by the memo then writes only its serial.
    pub(super) fn hashing() -> bool {
        HASHING.with(std::cell::Cell::get)
    }
}

impl std::io::Write for ContextHash {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        std::hash::Hasher::write(&mut self.0, buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A site held in memory, path → bytes (what `serve` answers from).
#[derive(Default)]
pub(crate) struct Memory {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Memory {
    pub(crate) fn new() -> Memory {
        Memory::default()
    }

    /// Every file written, in path order.
    pub(crate) fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Target for Memory {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_owned(), bytes);
        Ok(())
    }
}

/// A file of the repository's `static/` folder, copied as it is.
#[derive(Debug, Clone)]
pub(crate) struct StaticFile {
    /// The site path: its path under `static/`, with `/` separators.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Paths a site file may not take: closeloop's own bookkeeping files in
/// the output folder.
pub(crate) const RESERVED: &[&str] = &[super::write::MARKER];

/// The output of one site render: a path registry, `static/` on top, and
/// a target.
pub(crate) struct Output<'t> {
    target: &'t dyn Target,
    memo: Option<&'t PageMemo>,
    statics: BTreeMap<String, Vec<u8>>,
    claimed: Mutex<foldhash::HashMap<String, Source>>,
    notices: Mutex<Vec<String>>,
}

/// What a finished render made.
#[derive(Debug)]
pub struct Finished {
    /// Every file of the site (generated pages and `static/` files), in
    /// no particular order.
    pub paths: Vec<String>,
    /// What the user should know about the site (reports left out, …),
    /// one sentence each, in the order they arose.
    pub notices: Vec<String>,
}

impl<'t> Output<'t> {
    /// `statics` replace generated pages of the same path and are written
    /// by [`Output::finish`].
    pub(crate) fn new(target: &'t dyn Target, statics: Vec<StaticFile>) -> Result<Output<'t>> {
        let mut map = BTreeMap::new();
        for f in statics {
            if RESERVED.contains(&f.path.as_str()) {
                bail!(
                    "static/{} has a name closeloop keeps for itself in the output folder; rename it",
                    f.path
                );
            }
            map.insert(f.path, f.bytes);
        }
        Ok(Output {
            target,
            memo: None,
            statics: map,
            claimed: Mutex::new(foldhash::HashMap::default()),
            notices: Mutex::new(Vec::new()),
        })
    }

    /// Keeps rendered pages in `memo` and takes unchanged ones from it.
    pub(crate) fn with_memo(mut self, memo: &'t PageMemo) -> Output<'t> {
        self.memo = Some(memo);
        self
    }

    pub(super) fn memo(&self) -> Option<&'t PageMemo> {
        self.memo
    }

    /// [`Output::write`] of bytes a [`PageMemo`] keeps too.
    pub(super) fn write_shared(
        &self,
        path: &str,
        bytes: Arc<Vec<u8>>,
        source: Source,
    ) -> Result<()> {
        self.claim(path, source)?;
        if self.statics.contains_key(path) {
            return Ok(());
        }
        self.target.put_shared(path, bytes)
    }

    /// Writes one generated file. A path written twice is a bug in the
    /// site's layout (two pages would overwrite each other), so the second
    /// write fails with both sources named. A page that a `static/` file
    /// overrides is registered but not written.
    pub(crate) fn write(&self, path: &str, bytes: Vec<u8>, source: Source) -> Result<()> {
        self.claim(path, source)?;
        if self.statics.contains_key(path) {
            return Ok(());
        }
        self.target.put(path, bytes)
    }

    fn claim(&self, path: &str, source: Source) -> Result<()> {
        let mut claimed = self.claimed.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(first) = claimed.get(path) {
            bail!(
                "two pages want the same path {path}: {first} and {source}; the site was not built"
            );
        }
        if RESERVED.contains(&path) {
            bail!("{source} wants the path {path}, which closeloop keeps for itself");
        }
        claimed.insert(path.to_owned(), source);
        Ok(())
    }

    /// Records something the user should know about this site.
    pub(crate) fn notice(&self, text: String) {
        self.notices
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(text);
    }

    /// Writes the `static/` files; says how many files the site has.
    pub(crate) fn finish(self) -> Result<Finished> {
        let claimed = self.claimed.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut added = Vec::new();
        for (path, bytes) in self.statics {
            self.target.put(&path, bytes)?;
            if !claimed.contains_key(&path) {
                added.push(path);
            }
        }
        let mut paths: Vec<String> = claimed.into_keys().collect();
        paths.append(&mut added);
        Ok(Finished {
            paths,
            notices: self.notices.into_inner().unwrap_or_else(|e| e.into_inner()),
        })
    }
}

/// The files of `static/`, in path order. Only regular files are copied:
/// a symbolic link (which could point anywhere on the build machine) or a
/// device, socket or pipe is refused, naming it.
pub(crate) fn static_files(dir: &Path) -> Result<Vec<StaticFile>> {
    let mut out = Vec::new();
    match std::fs::symlink_metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(e).with_context(|| format!("cannot inspect {}", dir.display())),
        Ok(meta) if meta.file_type().is_symlink() => {
            bail!(
                "{} is a symbolic link; closeloop copies only real folders and files from the repository",
                dir.display()
            )
        }
        Ok(meta) if !meta.is_dir() => bail!("{} is not a folder", dir.display()),
        Ok(_) => {}
    }
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        if !kind.is_file() {
            bail!(
                "{} is {}; closeloop copies only regular files from static/ — replace it with the file itself",
                entry.path().display(),
                describe(kind)
            );
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let path = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if path.chars().any(char::is_control) {
            bail!(
                "{} has a control character in its name; rename it",
                entry.path().display()
            );
        }
        let bytes = std::fs::read(entry.path())
            .with_context(|| format!("cannot read {}", entry.path().display()))?;
        out.push(StaticFile { path, bytes });
    }
    Ok(out)
}

/// "a symbolic link", "a named pipe", … for a file that is not regular.
pub(crate) fn describe(kind: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_symlink() {
        "a symbolic link"
    } else if kind.is_fifo() {
        "a named pipe"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_block_device() || kind.is_char_device() {
        "a device"
    } else if kind.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_second_write_naming_both_pages() {
        let memory = Memory::new();
        let out = Output::new(&memory, Vec::new()).unwrap();
        out.write(
            "releases/index.html",
            b"a".to_vec(),
            Source::page("the releases index"),
        )
        .unwrap();
        let err = out
            .write(
                "releases/index.html",
                b"b".to_vec(),
                Source::named("the release", "index"),
            )
            .unwrap_err()
            .to_string();
        assert!(err.contains("the releases index"), "{err}");
        assert!(err.contains("the release `index`"), "{err}");
        assert_eq!(memory.into_files()["releases/index.html"], b"a");
    }

    #[test]
    fn statics_replace_pages_once_and_add_their_own() {
        let memory = Memory::new();
        let statics = vec![
            StaticFile {
                path: "style.css".into(),
                bytes: b"mine".to_vec(),
            },
            StaticFile {
                path: "CNAME".into(),
                bytes: b"x.example".to_vec(),
            },
        ];
        let out = Output::new(&memory, statics).unwrap();
        out.write(
            "style.css",
            b"built-in".to_vec(),
            Source::page("the stylesheet"),
        )
        .unwrap();
        out.write(
            "index.html",
            b"home".to_vec(),
            Source::page("the home page"),
        )
        .unwrap();
        assert_eq!(out.finish().unwrap().paths.len(), 3);
        let files = memory.into_files();
        assert_eq!(files["style.css"], b"mine");
        assert_eq!(files["CNAME"], b"x.example");
        assert_eq!(files.len(), 3);
    }

    #[test]
    fn keeps_its_own_file_names() {
        let memory = Memory::new();
        let marker = vec![StaticFile {
            path: super::super::write::MARKER.into(),
            bytes: Vec::new(),
        }];
        assert!(Output::new(&memory, marker).is_err());
    }
}
