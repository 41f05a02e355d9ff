//! The `closeloop` binary: parse arguments, run, map the outcome to an exit
//! code (0 clean, 1 problems in the repository, 2 could not run).

use clap::Parser;
use closeloop::cli::Cli;
use libmimalloc_sys as mi;
use std::alloc::{GlobalAlloc, Layout};
use std::io::IsTerminal;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: parsing and rendering make
/// and free millions of small strings, and mimalloc's thread-local free
/// lists serve them with a fraction of glibc's instructions.
#[global_allocator]
static ALLOCATOR: Mimalloc = Mimalloc;

/// mimalloc, called the way std calls the C allocator: through its plain
/// `malloc`, `realloc` and `calloc` when the alignment asked for is one
/// every block has anyway, and through the aligned functions only for the
/// rest. (The `mimalloc` crate's allocator takes the aligned path for every
/// allocation, which looks for a suitably aligned block each time.)
struct Mimalloc;

/// The alignment of every block mimalloc hands out: its block sizes are
/// multiples of a machine word.
const WORD: usize = std::mem::size_of::<usize>();

// SAFETY: every function hands the request to mimalloc with a size and an
// alignment it honours (the plain functions only when `align` is at most
// the word alignment every mimalloc block has), and frees with `mi_free`,
// which takes blocks from all of them.
unsafe impl GlobalAlloc for Mimalloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe {
            if layout.align() <= WORD {
                mi::mi_malloc(layout.size()).cast()
            } else {
                mi::mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe {
            if layout.align() <= WORD {
                mi::mi_zalloc(layout.size()).cast()
            } else {
                mi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: see the impl.
        unsafe { mi::mi_free(ptr.cast()) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe {
            if layout.align() <= WORD {
                mi::mi_realloc(ptr.cast(), new_size).cast()
            } else {
                mi::mi_realloc_aligned(ptr.cast(), new_size, layout.align()).cast()
            }
        }
    }
}

/// `mi_option_arena_eager_commit` and `mi_option_purge_delay` in the
/// `mi_option_t` enum of the mimalloc 3.3 header that libmimalloc-sys
/// 0.1.49 builds (c_src/mimalloc/v3/include/mimalloc.h); the crate does not
/// name them, and Cargo.toml pins that version.
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// With its defaults mimalloc commits its arenas eagerly and keeps freed
/// pages for a second before returning them, which made the peak memory
/// of a large `validate` or `build` higher than with glibc. Committing on
/// demand and purging at once keeps it lower, for a few instructions.
/// mimalloc reads its `MIMALLOC_*` variables when the process loads; one
/// set in the environment is left as it is.
fn tune_allocator() {
    for (option, var) in [
        (MI_OPTION_ARENA_EAGER_COMMIT, "MIMALLOC_ARENA_EAGER_COMMIT"),
        (MI_OPTION_PURGE_DELAY, "MIMALLOC_PURGE_DELAY"),
    ] {
        if std::env::var_os(var).is_none() {
            // SAFETY: setting an option stores a number in mimalloc's
            // option table; both are options of the version built (see
            // above).
            unsafe { libmimalloc_sys::mi_option_set(option, 0) };
        }
    }
}

fn main() -> ExitCode {
    tune_allocator();
    let cli = Cli::parse();
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    match closeloop::run(&cli, epoch.as_deref()) {
        Ok(closeloop::commands::Outcome::Clean) => ExitCode::SUCCESS,
        Ok(closeloop::commands::Outcome::Problems) => ExitCode::from(1),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) if config_error(&e).is_some() => {
            // A bad closeloop.toml is shown as a diagnostic: the line of
            // the file, underlined, and the help.
            let color = closeloop::commands::color_for(cli.color, std::io::stderr().is_terminal());
            eprint!("{}", config_error(&e).unwrap().render(color));
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn config_error(e: &anyhow::Error) -> Option<&closeloop::config::ConfigError> {
    e.chain().find_map(|c| c.downcast_ref())
}

/// `closeloop validate | head` closing the pipe early is not a failure.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
