//! `closeloop schema`: the JSON Schema of an item's front matter, so that
//! editors (the YAML language server) can complete and check items as they
//! are typed. The schema is a hand-written file embedded in the binary; a
//! test checks that it names exactly the keys the reader accepts.

use super::Outcome;
use anyhow::Result;

pub const ITEM_SCHEMA: &str = include_str!("../../schema/item.schema.json");

pub fn run(out: &mut dyn std::io::Write) -> Result<Outcome> {
    out.write_all(ITEM_SCHEMA.as_bytes())?;
    Ok(Outcome::Clean)
}
