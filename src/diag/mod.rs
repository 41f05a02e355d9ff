//! Problems found in the user's files.
//!
//! A [`Diagnostic`] is content, not failure: checks collect them and keep
//! going, and the command decides the exit code from what was collected.
//! Failures of the tool itself (I/O on the output, bad arguments) are
//! `anyhow` errors instead.

mod render;

pub use render::{render_github, render_human, render_json, summary};

use crate::source::Pos;
use serde::Serialize;

/// How bad a problem is. Warnings fail only under `--deny warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Stable, kebab-case diagnostic codes (SPEC §8). Tools and people match on
/// these, so a code is never renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    YamlSyntax,
    MissingFrontMatter,
    MissingField,
    UnknownField,
    InvalidValue,
    InvalidId,
    DuplicateId,
    StateMismatch,
    TimeOrder,
    FutureTimestamp,
    UnknownRoadmap,
    UnknownArea,
    /// `duplicate_of` names no feedback item, or one that is itself a
    /// duplicate.
    UnknownDuplicate,
    /// `validate --base`: the state moved backwards since the base.
    StateRegressed,
    /// `validate --base`: a recorded milestone changed or was removed.
    MilestoneRewritten,
    /// `validate --base`: an item of the base is gone.
    ItemDeleted,
    SlaBreached,
    SlaAtRisk,
    /// The file could not be read as text: permissions, a vanished file, a
    /// symbolic link, bytes that are not UTF-8, a NUL byte, or too large.
    UnreadableFile,
    /// A file that looks meant for closeloop but is not read (warning):
    /// `feedback/x.MD`, or `templates/item.htm`, which overrides nothing.
    IgnoredFile,
}

impl Code {
    pub const ALL: [Code; 20] = [
        Code::YamlSyntax,
        Code::MissingFrontMatter,
        Code::MissingField,
        Code::UnknownField,
        Code::InvalidValue,
        Code::InvalidId,
        Code::DuplicateId,
        Code::StateMismatch,
        Code::TimeOrder,
        Code::FutureTimestamp,
        Code::UnknownRoadmap,
        Code::UnknownArea,
        Code::UnknownDuplicate,
        Code::StateRegressed,
        Code::MilestoneRewritten,
        Code::ItemDeleted,
        Code::SlaBreached,
        Code::SlaAtRisk,
        Code::UnreadableFile,
        Code::IgnoredFile,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::YamlSyntax => "yaml-syntax",
            Code::MissingFrontMatter => "missing-front-matter",
            Code::MissingField => "missing-field",
            Code::UnknownField => "unknown-field",
            Code::InvalidValue => "invalid-value",
            Code::InvalidId => "invalid-id",
            Code::DuplicateId => "duplicate-id",
            Code::StateMismatch => "state-mismatch",
            Code::TimeOrder => "time-order",
            Code::FutureTimestamp => "future-timestamp",
            Code::UnknownRoadmap => "unknown-roadmap",
            Code::UnknownArea => "unknown-area",
            Code::UnknownDuplicate => "unknown-duplicate",
            Code::StateRegressed => "state-regressed",
            Code::MilestoneRewritten => "milestone-rewritten",
            Code::ItemDeleted => "item-deleted",
            Code::SlaBreached => "sla-breached",
            Code::SlaAtRisk => "sla-at-risk",
            Code::UnreadableFile => "unreadable-file",
            Code::IgnoredFile => "ignored-file",
        }
    }

    /// The severity a code always has: only SLA findings and ignored files
    /// are warnings.
    pub fn severity(self) -> Severity {
        match self {
            Code::SlaBreached | Code::SlaAtRisk | Code::IgnoredFile => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One problem in one file, at the position of the offending key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// What is wrong and how to fix it, in one sentence.
    pub message: String,
    /// How many characters to underline from the column (at least one).
    #[serde(skip)]
    pub width: usize,
}

impl Diagnostic {
    pub fn new(code: Code, file: &str, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: code.severity(),
            code,
            file: file.to_owned(),
            line: pos.line,
            column: pos.column,
            message: message.into(),
            width: 1,
        }
    }

    pub fn width(mut self, width: usize) -> Diagnostic {
        self.width = width.max(1);
        self
    }

    pub fn pos(&self) -> Pos {
        Pos::new(self.line, self.column)
    }
}

/// Orders diagnostics for output: by file, line, column, then code.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.code, &b.message))
    });
}

/// The most diagnostics one file shows. A file with thousands of problems
/// (100,000 unknown keys) would bury every other file's; past this many,
/// one closing diagnostic says how many were left out.
pub const MAX_PER_FILE: usize = 50;

/// Caps one file's diagnostics at [`MAX_PER_FILE`], in position order,
/// replacing the rest by one diagnostic that counts them.
pub fn cap_per_file(diags: &mut Vec<Diagnostic>) {
    if diags.len() <= MAX_PER_FILE {
        return;
    }
    sort(diags);
    let left_out = diags.split_off(MAX_PER_FILE - 1);
    let tally = Tally::of(&left_out);
    let first = &left_out[0];
    let mut note = Diagnostic::new(
        first.code,
        &first.file,
        first.pos(),
        format!(
            "{} more problems in this file are left out ({} {}, {} {}), starting here — fix the ones shown and run again",
            left_out.len(),
            tally.errors,
            render::plural(tally.errors, "error"),
            tally.warnings,
            render::plural(tally.warnings, "warning"),
        ),
    );
    note.severity = if tally.errors > 0 {
        Severity::Error
    } else {
        Severity::Warning
    };
    diags.push(note);
}

/// Counts of errors and warnings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
}

impl Tally {
    pub fn of(diags: &[Diagnostic]) -> Tally {
        let errors = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        Tally {
            errors,
            warnings: diags.len() - errors,
        }
    }
}

/// "did you mean" for a misspelt key or value: the closest candidate within
/// a small edit distance, if any.
pub fn suggest<'a>(input: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let input = input.to_ascii_lowercase();
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(&input, c), *c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(1))
        .min()
        .map(|(_, c)| c)
}

/// " — did you mean `x`?" or nothing.
pub fn did_you_mean(input: &str, candidates: &[&str]) -> String {
    suggest(input, candidates)
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let keys = ["title", "received", "severity"];
        assert_eq!(suggest("titel", &keys), Some("title"));
        assert_eq!(suggest("recieved", &keys), Some("received"));
        assert_eq!(suggest("Severity", &keys), Some("severity"));
        assert_eq!(suggest("zzz", &keys), None);
    }

    #[test]
    fn codes_are_kebab_case_and_unique() {
        let mut names: Vec<_> = Code::ALL.iter().map(|c| c.as_str()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
        assert!(
            names
                .iter()
                .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        );
    }
}
