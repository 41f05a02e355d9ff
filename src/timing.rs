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

/// Runs `f`, and with `--timings` prints `timing: <phase> <ms> ms`, then
/// the CPU time the whole process spent meanwhile and the cores that makes
/// (CPU ÷ wall): a phase near one core runs on one thread.
pub(crate) fn phase<T>(name: &str, f: impl FnOnce() -> T) -> T {
    if !ENABLED.load(Ordering::Relaxed) {
        return f();
    }
    let start = Instant::now();
    let cpu = process_cpu();
    let value = f();
    let wall = start.elapsed().as_secs_f64();
    let used = process_cpu() - cpu;
    eprintln!(
        "timing: {name:<12} {:>8.1} ms  cpu {:>8.1} ms  {:.2} cores",
        wall * 1000.0,
        used * 1000.0,
        if wall > 0.0 { used / wall } else { 0.0 }
    );
    value
}

/// User and system CPU time of the process so far, in seconds.
fn process_cpu() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        if libc::getrusage(libc::RUSAGE_SELF, &mut usage) != 0 {
            return 0.0;
        }
        usage
    };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(usage.ru_utime) + secs(usage.ru_stime)
}
