//! Closing the loop (SPEC §11): owners, `todo`, drafts and the digest, on
//! the hand-worked `tests/fixtures/todo/` repository.
//!
//! The fixture's calendar is Europe/Berlin (CET, UTC+1 in November 2026)
//! with Friday 2026-11-27 as a holiday and the default spans; *now* is
//! Thursday 2026-11-26T12:00:00Z, 13:00 CET. Items were received from
//! Tokyo (+09:00), New York (−05:00) and Berlin (+01:00). Every due time
//! below is worked out by hand in the comments of the test that checks it.

mod digest;
mod drafts;
mod owners;
mod site;
mod todo;

use crate::support::{self, NOW, Run};
use std::path::Path;
use std::process::Command;

/// `closeloop ARGS…` run the way the README shows it: from inside the
/// repository, no `--root`, default flags; only *now* is pinned.
pub fn inside(root: &Path, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_closeloop"));
    cmd.current_dir(root).args(["--now", NOW]).args(args);
    support::run(cmd)
}

/// `closeloop ARGS…` inside the to-do fixture.
pub fn todo_fixture(args: &[&str]) -> Run {
    inside(&support::fixture("todo"), args)
}
