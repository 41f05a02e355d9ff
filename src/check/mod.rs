//! The rules of SPEC §3, one file per family. Each check appends what it
//! finds and never stops early.

mod duplicates;
mod lifecycle;
mod refs;
mod sla;
mod time;

pub use duplicates::{DuplicateFacts, check_duplicates};
pub use lifecycle::check_lifecycle;
pub use refs::{check_references, check_unique_ids};
pub use sla::check_sla;
pub use time::check_time_order;

#[cfg(test)]
mod tests;
