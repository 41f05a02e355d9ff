//! Text in, typed items and diagnostics out. No I/O happens here.

mod fast_yaml;
mod frontmatter;
mod item;
pub mod limits;
mod reader;
mod roadmap;
pub mod time;
pub mod yaml;

pub use frontmatter::{Split, SplitError, split};
pub use item::{Draft, DraftClosed, DraftDecision, DraftShipped, TITLE_MAX};

use crate::calendar::Calendar;
use crate::diag::{Code, Diagnostic};
use crate::model::RoadmapItem;
use crate::source::{Pos, SourceFile};
use reader::Reader;

/// The id rule of SPEC §2, without a regex engine.
pub fn is_valid_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 80
        && (bytes[0].is_ascii_lowercase() || bytes[0].is_ascii_digit())
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

fn check_id(id: &str, file: &str, diags: &mut Vec<Diagnostic>) {
    if !is_valid_id(id) {
        diags.push(
            Diagnostic::new(
                Code::InvalidId,
                file,
                Pos::START,
                format!("the file name gives the id `{id}`, which is not allowed"),
            )
            .help(format!(
                "rename the file to lower-case letters, digits and `-` (at most 80, starting with a letter or digit), e.g. `{}.md`",
                suggest_id(id)
            )),
        );
    }
}

/// A valid id close to `id`, for the rename hint.
fn suggest_id(id: &str) -> String {
    let mut out = String::new();
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out: String = out.trim_end_matches('-').chars().take(80).collect();
    if out.is_empty() {
        "my-item".into()
    } else {
        out
    }
}

/// Splits the file and parses its YAML, or says why it cannot.
fn front_matter<'t>(
    file: &'t SourceFile,
    diags: &mut Vec<Diagnostic>,
) -> Option<(yaml::Node<'t>, Split<'t>)> {
    let parts = match split(&file.text) {
        Ok(parts) => parts,
        Err(e) => {
            // A lone CR past the opening fence is a problem of the YAML;
            // on the first line, the file has no fence it can be read by.
            let code = match e {
                SplitError::LoneCarriageReturn { line, .. } if line > 1 => Code::YamlSyntax,
                _ => Code::MissingFrontMatter,
            };
            diags.push(Diagnostic::from_sentence(
                code,
                &file.path,
                e.pos(),
                e.message(),
            ));
            return None;
        }
    };
    match yaml::parse(parts.yaml, parts.yaml_line_offset) {
        Ok(root) => Some((root, parts)),
        Err(e) => {
            diags.push(Diagnostic::from_sentence(
                Code::YamlSyntax,
                &file.path,
                e.pos,
                &e.message,
            ));
            None
        }
    }
}

/// Parses a feedback item file.
pub fn parse_item(
    file: &SourceFile,
    id: &str,
    calendar: &Calendar,
    diags: &mut Vec<Diagnostic>,
) -> Option<Draft> {
    check_id(id, &file.path, diags);
    let (root, parts) = front_matter(file, diags)?;
    let mut reader = Reader::new(&file.path, calendar);
    let draft = item::read_item(&mut reader, &root, id, parts.body);
    diags.append(&mut reader.diags);
    Some(draft)
}

/// Parses a roadmap item file.
pub fn parse_roadmap(
    file: &SourceFile,
    id: &str,
    calendar: &Calendar,
    diags: &mut Vec<Diagnostic>,
) -> Option<RoadmapItem> {
    check_id(id, &file.path, diags);
    let (root, parts) = front_matter(file, diags)?;
    let mut reader = Reader::new(&file.path, calendar);
    let item = roadmap::read_roadmap(&mut reader, &root, id, parts.body);
    diags.append(&mut reader.diags);
    item
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod fuzz;
