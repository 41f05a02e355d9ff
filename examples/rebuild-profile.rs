//! The preview's rebuild after one save, in a loop, for profiling.
//!
//! `serve` spends its time between a save and the browser's reload in
//! `Rebuilder::rebuild_after`; this runs that alone, without the watcher or
//! the server, so a profiler sees only it:
//!
//! ```text
//! cargo build --release --example rebuild-profile
//! target/release/examples/rebuild-profile CORPUS [EDITS] [--internal]
//! perf record --call-graph dwarf target/release/examples/rebuild-profile CORPUS 50
//! valgrind --tool=callgrind --collect-atstart=no \
//!   --toggle-collect='rebuild_profile::rebuild_after_save' \
//!   target/release/examples/rebuild-profile CORPUS 5
//! ```
//!
//! It builds the site of CORPUS once in memory (`--now` pinned), then EDITS
//! times (default 20) rewrites the title of the first item it finds, the
//! way an editor saves (a temporary file renamed over it), and rebuilds
//! with the watcher's complete report of that one change. It prints each
//! rebuild's time and the median. The edits change the corpus: run it on a
//! copy.

use closeloop::locate::Location;
use closeloop::server::build::{NowSource, Rebuilder};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let internal = args.iter().any(|a| a == "--internal");
    let mut plain = args.iter().filter(|a| !a.starts_with("--"));
    let Some(corpus) = plain.next() else {
        eprintln!("usage: rebuild-profile CORPUS [EDITS] [--internal]");
        std::process::exit(2);
    };
    let edits: usize = match plain.next().map(|n| n.parse()) {
        None => 20,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            eprintln!("rebuild-profile: EDITS must be a whole number");
            std::process::exit(2);
        }
    };
    let root = std::fs::canonicalize(corpus).unwrap_or_else(|e| {
        eprintln!("rebuild-profile: cannot open {corpus}: {e}");
        std::process::exit(2);
    });
    let item = first_item(&root.join("feedback")).unwrap_or_else(|| {
        eprintln!("rebuild-profile: {corpus}/feedback holds no item");
        std::process::exit(2);
    });
    let rebuilder = Rebuilder::new(
        Location {
            root: root.clone(),
            prefix: String::new(),
        },
        internal,
        NowSource {
            flag: Some("2026-11-27T00:00:00Z".to_owned()),
            epoch: None,
        },
    );
    let start = Instant::now();
    let site = rebuilder.rebuild(&[]).unwrap_or_else(|e| {
        eprintln!("rebuild-profile: the corpus does not build:\n{e}");
        std::process::exit(1);
    });
    rebuilder.tidy(&site);
    eprintln!(
        "first build: {} files in {} ms",
        site.len(),
        start.elapsed().as_millis()
    );
    let text = std::fs::read_to_string(&item).expect("the item was just listed");
    let mut times = Vec::with_capacity(edits);
    for n in 0..edits {
        save(&item, &retitle(&text, n));
        let start = Instant::now();
        let site = rebuild_after_save(&rebuilder, &item)
            .unwrap_or_else(|e| panic!("edit {n}: the rebuild failed:\n{e}"));
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        rebuilder.tidy(&site);
        let (read, rendered) = rebuilder.last_work();
        eprintln!("edit {n}: {ms:.1} ms ({read} files read, {rendered} pages rendered)");
        times.push(ms);
    }
    save(&item, &text);
    times.sort_by(f64::total_cmp);
    if let Some(median) = times.get(times.len() / 2) {
        println!("median rebuild after one save: {median:.1} ms over {edits} edits");
    }
}

/// The rebuild after one save, as the watcher reports it: a function of
/// its own, so that `valgrind --tool=callgrind --collect-atstart=no
/// --toggle-collect='rebuild_profile::rebuild_after_save'` counts only the
/// rebuilds, not the first build.
#[inline(never)]
fn rebuild_after_save(
    rebuilder: &Rebuilder,
    item: &Path,
) -> Result<closeloop::server::build::Files, String> {
    rebuilder.rebuild_after(&[item.to_owned()], true)
}

/// The first item file under `dir`, in name order.
fn first_item(dir: &Path) -> Option<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    entries.into_iter().find_map(|p| {
        if p.is_dir() {
            first_item(&p)
        } else {
            (p.extension().is_some_and(|e| e == "md")).then_some(p)
        }
    })
}

/// The item's text with `(edit N)` after its title.
fn retitle(text: &str, n: usize) -> String {
    text.lines()
        .map(|line| match line.strip_prefix("title: ") {
            Some(title) => match title.strip_suffix('"') {
                Some(open) => format!("title: {open} (edit {n})\"\n"),
                None => format!("title: {title} (edit {n})\n"),
            },
            None => format!("{line}\n"),
        })
        .collect()
}

/// Writes `text` as editors save: a temporary file renamed over `path`.
fn save(path: &Path, text: &str) {
    let temp = path.with_extension("md.tmp");
    std::fs::write(&temp, text).expect("the corpus folder is writable");
    std::fs::rename(&temp, path).expect("the corpus folder is writable");
}
