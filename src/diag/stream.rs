//! Diagnostics written as they come, in any of the three formats, with memory that does not
//! grow with their number: a million warnings go out a chunk at a time, and the JSON
//! document is written as it goes (its array streamed, the counts after it).

use super::render::{github_line, render_each, summary_line};
use super::{Diagnostic, Tally};
use crate::render::json::ArrayDocument;
use crate::source::SourceFile;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// How many diagnostics are rendered together (in parallel, for people) before they are
/// written.
const CHUNK: usize = 1024;

/// The output format of a [`DiagnosticWriter`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// rustc-style text, coloured or not.
    Human { color: bool },
    /// The one JSON object of SPEC §8.
    Json,
    /// GitHub workflow commands.
    Github,
}

/// What was counted rather than listed: clocks that stopped after their due time, by clock
/// kind (SPEC §10: history, one line per clock kind).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summarized {
    /// Every clock kind by name, in clock order, with how many of its clocks were missed in
    /// the past and not listed (zero included, so the JSON keys are stable).
    pub missed_clocks: Vec<(&'static str, usize)>,
}

impl Summarized {
    /// How many clocks were summarized, of every kind.
    pub fn total(&self) -> usize {
        self.missed_clocks.iter().map(|(_, n)| n).sum()
    }

    /// One sentence per clock kind with a count: "1,204 `acknowledge` clocks stopped after
    /// their due time … — `closeloop sla --all` lists them …".
    pub fn lines(&self) -> Vec<String> {
        self.missed_clocks
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(kind, n)| {
                let (clocks, their, them) = if *n == 1 {
                    ("clock", "its", "it")
                } else {
                    ("clocks", "their", "them")
                };
                format!(
                    "{} `{kind}` {clocks} stopped after {their} due time (missed in the past, nothing to fix in a file) — `closeloop sla --all` lists {them}; `closeloop validate --all-warnings` warns about each",
                    grouped(*n),
                )
            })
            .collect()
    }
}

/// `1204` as `1,204`.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Writes diagnostics as they are pushed, in the order pushed, then the summary.
pub struct DiagnosticWriter<'w, 's> {
    style: Style,
    out: Sink<'w>,
    /// Reads a file (by its shown path) for its source lines: human output only.
    source: &'s (dyn Fn(&str) -> Option<SourceFile> + Sync),
    pending: Vec<Diagnostic>,
    tally: Tally,
}

impl<'w, 's> DiagnosticWriter<'w, 's> {
    pub fn new(
        style: Style,
        out: &'w mut dyn Write,
        source: &'s (dyn Fn(&str) -> Option<SourceFile> + Sync),
    ) -> io::Result<DiagnosticWriter<'w, 's>> {
        let out = match style {
            Style::Json => Sink::Json(ArrayDocument::begin(out, "diagnostics")?),
            _ => Sink::Text(out),
        };
        Ok(DiagnosticWriter {
            style,
            out,
            source,
            pending: Vec::new(),
            tally: Tally::default(),
        })
    }

    /// Writes one diagnostic (people's text waits for a chunk, to render it in parallel).
    pub fn push(&mut self, d: Diagnostic) -> io::Result<()> {
        self.tally.add(&d);
        match self.style {
            Style::Human { .. } => {
                self.pending.push(d);
                if self.pending.len() >= CHUNK {
                    self.flush_human()?;
                }
            }
            Style::Json => self.out.json().push(&d)?,
            Style::Github => {
                self.out.text().write_all(github_line(&d).as_bytes())?;
            }
        }
        Ok(())
    }

    fn flush_human(&mut self) -> io::Result<()> {
        let Style::Human { color } = self.style else {
            return Ok(());
        };
        use rayon::prelude::*;
        let paths: std::collections::BTreeSet<&str> =
            self.pending.iter().map(|d| d.file.as_str()).collect();
        let sources: BTreeMap<&str, SourceFile> = paths
            .into_par_iter()
            .filter_map(|path| Some((path, (self.source)(path)?)))
            .collect();
        let text = render_each(&self.pending, &|p| sources.get(p), color);
        drop(sources);
        self.out.text().write_all(text.as_bytes())?;
        self.pending.clear();
        Ok(())
    }

    /// Writes what was summarized and the counts; returns the counts of what was listed.
    pub fn finish(mut self, items: usize, summarized: &Summarized) -> io::Result<Tally> {
        let tally = self.tally;
        self.flush_human()?;
        match self.out {
            Sink::Json(doc) => {
                let missed: serde_json::Map<String, serde_json::Value> = summarized
                    .missed_clocks
                    .iter()
                    .map(|(kind, n)| ((*kind).to_owned(), (*n).into()))
                    .collect();
                doc.finish(serde_json::json!({
                    "errors": tally.errors,
                    "items": items,
                    "summarized": {"sla-breached": missed},
                    "warnings": tally.warnings,
                }))?;
            }
            Sink::Text(out) => {
                let human = matches!(self.style, Style::Human { .. });
                for line in summarized.lines() {
                    if human {
                        writeln!(out, "note: {line}")?;
                    } else {
                        writeln!(
                            out,
                            "::notice title=sla-breached::{}",
                            super::render::escape_data(&line)
                        )?;
                    }
                }
                if human && summarized.total() > 0 {
                    writeln!(out)?;
                }
                writeln!(out, "{}", summary_line(tally, items, summarized))?;
                out.flush()?;
            }
        }
        Ok(tally)
    }
}

/// Where a [`DiagnosticWriter`] writes.
enum Sink<'w> {
    Json(ArrayDocument<'w>),
    Text(&'w mut dyn Write),
}

impl<'w> Sink<'w> {
    fn json(&mut self) -> &mut ArrayDocument<'w> {
        match self {
            Sink::Json(doc) => doc,
            Sink::Text(_) => unreachable!("only the JSON style writes a document"),
        }
    }

    fn text(&mut self) -> &mut dyn Write {
        match self {
            Sink::Text(out) => &mut **out,
            Sink::Json(_) => unreachable!("the JSON style writes a document"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;
    use crate::source::Pos;

    fn write(style: Style, diags: &[Diagnostic], summarized: &Summarized) -> String {
        let mut out = Vec::new();
        let mut w = DiagnosticWriter::new(style, &mut out, &|_| None).unwrap();
        for d in diags {
            w.push(d.clone()).unwrap();
        }
        w.finish(3, summarized).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn missed(ack: usize) -> Summarized {
        Summarized {
            missed_clocks: vec![("distribute", 0), ("acknowledge", ack)],
        }
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1204), "1,204");
        assert_eq!(grouped(1_000_000), "1,000,000");
    }

    #[test]
    fn streamed_json_is_the_document_serde_would_print() {
        let diags = [
            Diagnostic::new(Code::MissingField, "a.md", Pos::new(3, 1), "no `quote`")
                .help("add it"),
            Diagnostic::new(Code::SlaAtRisk, "b.md", Pos::new(9, 1), "due \"soon\"\n"),
        ];
        for list in [&diags[..0], &diags[..]] {
            let text = write(Style::Json, list, &missed(1204));
            let expected = serde_json::json!({
                "diagnostics": list,
                "errors": list.iter().filter(|d| d.code == Code::MissingField).count(),
                "items": 3,
                "summarized": {"sla-breached": {"distribute": 0, "acknowledge": 1204}},
                "warnings": list.iter().filter(|d| d.code == Code::SlaAtRisk).count(),
            });
            let mut want = serde_json::to_string_pretty(&expected).unwrap();
            want.push('\n');
            assert_eq!(text, want);
        }
    }

    #[test]
    fn history_is_one_line_per_clock_kind() {
        let text = write(Style::Human { color: false }, &[], &missed(1204));
        assert_eq!(
            text,
            "note: 1,204 `acknowledge` clocks stopped after their due time (missed in the past, nothing to fix in a file) — `closeloop sla --all` lists them; `closeloop validate --all-warnings` warns about each\n\nchecked 3 items: 0 errors, 0 warnings (and 1,204 clocks missed in the past)\n"
        );
        let github = write(Style::Github, &[], &missed(1));
        assert!(
            github.starts_with(
                "::notice title=sla-breached::1 `acknowledge` clock stopped after its due time"
            ),
            "{github}"
        );
        assert!(
            github.ends_with(
                "checked 3 items: 0 errors, 0 warnings (and 1 clock missed in the past)\n"
            )
        );
    }
}
