//! `--timings`: how long each phase of a command took, on stderr.
//!
//! Off by default and free when off. It exists so that a user whose CI
//! got slower can see which phase grew, without a profiler.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Turns reporting on or off for the rest of the process.
pub(crate) fn enable(on: bool) {
    ENABLED.store(on, Ordering::Relaxed);
}

/// Runs `f`, and with `--timings` prints `timing: <phase> <ms> ms`.
pub(crate) fn phase<T>(name: &str, f: impl FnOnce() -> T) -> T {
    if !ENABLED.load(Ordering::Relaxed) {
        return f();
    }
    let start = Instant::now();
    let value = f();
    eprintln!(
        "timing: {name:<12} {:>8.1} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
    value
}
