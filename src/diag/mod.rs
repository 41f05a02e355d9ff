//! Problems found in the user's files.
//!
//! A [`Diagnostic`] is content, not failure: checks collect them and keep
//! going, and the command decides the exit code from what was collected.
//! Failures of the tool itself (I/O on the output, bad arguments) are
//! `anyhow` errors instead.

mod render;
mod stream;

pub use render::{
    render_each, render_github, render_human, render_json, render_some_human, summary,
    summary_line, visible,
};
pub use stream::{DiagnosticWriter, Style, Summarized, grouped};

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
    /// `closeloop.toml` has a problem: the command cannot run (exit 2).
    InvalidConfig,
}

impl Code {
    pub const ALL: [Code; 21] = [
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
        Code::InvalidConfig,
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
            Code::InvalidConfig => "invalid-config",
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
///
/// `message` says what is wrong; `help`, when there is one, says how to fix
/// it. People see the help under the source line (as rustc and ruff print
/// it); tools get SPEC §8's one `message` with both joined, plus the extra
/// keys `help`, `field` and `end_column`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it, in the user's words.
    pub help: Option<String>,
    /// The dotted key the problem is about (`decision.outcome`), if one.
    pub field: Option<String>,
    /// How many characters to underline from the column (at least one).
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
            help: None,
            field: None,
            width: 1,
        }
    }

    /// A diagnostic from one of the readers' own sentences, written
    /// "what is wrong — how to fix it" (file reading, front-matter
    /// splitting and YAML scanning describe a problem in one string):
    /// the part after the first ` — ` becomes the help.
    pub fn from_sentence(
        code: Code,
        file: &str,
        pos: Pos,
        sentence: impl AsRef<str>,
    ) -> Diagnostic {
        let sentence = sentence.as_ref();
        match sentence.split_once(" — ") {
            Some((what, how)) => Diagnostic::new(code, file, pos, what).help(how),
            None => Diagnostic::new(code, file, pos, sentence),
        }
    }

    pub fn width(mut self, width: usize) -> Diagnostic {
        self.width = width.max(1);
        self
    }

    /// How to fix the problem, shown apart from the message.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        let help = help.into();
        self.help = (!help.is_empty()).then_some(help);
        self
    }

    /// The dotted key the problem is about.
    pub fn field(mut self, field: impl Into<String>) -> Diagnostic {
        self.field = Some(field.into());
        self
    }

    /// Points at the key `field` (at `pos`), underlining its last name.
    pub fn at_key(self, field: &str) -> Diagnostic {
        let name = field.rsplit('.').next().unwrap_or(field);
        let width = name.chars().count();
        self.field(field).width(width)
    }

    pub fn pos(&self) -> Pos {
        Pos::new(self.line, self.column)
    }

    /// The message and its help as one sentence: `what — how`, the
    /// `message` of SPEC §8.
    pub fn text(&self) -> String {
        match &self.help {
            Some(help) => format!("{} — {help}", self.message),
            None => self.message.clone(),
        }
    }

    /// The column just past the underlined span.
    pub fn end_column(&self) -> usize {
        self.column + self.width
    }
}

impl Serialize for Diagnostic {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = s.serialize_struct("Diagnostic", 9)?;
        out.serialize_field("severity", &self.severity)?;
        out.serialize_field("code", &self.code)?;
        out.serialize_field("file", &self.file)?;
        out.serialize_field("line", &self.line)?;
        out.serialize_field("column", &self.column)?;
        out.serialize_field("end_column", &self.end_column())?;
        out.serialize_field("message", &self.text())?;
        if let Some(help) = &self.help {
            out.serialize_field("help", help)?;
        }
        if let Some(field) = &self.field {
            out.serialize_field("field", field)?;
        }
        out.end()
    }
}

/// Orders diagnostics for output: by file, line, column, then code.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(order);
}

/// The output order of two diagnostics: by file, line, column, then code.
pub fn order(a: &Diagnostic, b: &Diagnostic) -> std::cmp::Ordering {
    (&a.file, a.line, a.column, a.code, &a.message)
        .cmp(&(&b.file, b.line, b.column, b.code, &b.message))
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
            "{} more problems in this file are left out ({} {}, {} {}), starting here",
            left_out.len(),
            tally.errors,
            render::plural(tally.errors, "error"),
            tally.warnings,
            render::plural(tally.warnings, "warning"),
        ),
    )
    .help("fix the ones shown and run again");
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
        let mut tally = Tally::default();
        for d in diags {
            tally.add(d);
        }
        tally
    }

    /// Counts one more diagnostic.
    pub fn add(&mut self, d: &Diagnostic) {
        match d.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
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
