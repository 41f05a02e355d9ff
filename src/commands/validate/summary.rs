//! The Markdown job summary of `validate --format github`.
//!
//! GitHub shows only ten annotations of a kind per step, so with
//! `$GITHUB_STEP_SUMMARY` set the whole list also goes to the job's summary
//! page: the counts, then every problem by file with a link to its line.

use crate::diag::{Diagnostic, Severity, Tally};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Rows past this many are counted, not listed: a summary is at most
/// 1 MiB per step on GitHub.
const MAX_ROWS: usize = 1000;

/// Where line links point: `{server}/{repository}/blob/{sha}/{path}#L{line}`
/// (`GITHUB_SERVER_URL`, `GITHUB_REPOSITORY`, `GITHUB_SHA`).
#[derive(Debug, Clone)]
pub(super) struct Links {
    pub server: String,
    pub repository: String,
    pub sha: String,
}

impl Links {
    /// From the variables GitHub Actions sets, when all three are there.
    pub(super) fn from_env(var: impl Fn(&str) -> Option<String>) -> Option<Links> {
        let get = |name: &str| var(name).filter(|v| !v.is_empty());
        Some(Links {
            server: get("GITHUB_SERVER_URL")?.trim_end_matches('/').to_owned(),
            repository: get("GITHUB_REPOSITORY")?,
            sha: get("GITHUB_SHA")?,
        })
    }

    fn to(&self, file: &str, line: Option<usize>) -> String {
        let path: String = file
            .split('/')
            .map(percent_encode)
            .collect::<Vec<_>>()
            .join("/");
        let mut url = format!(
            "{}/{}/blob/{}/{path}",
            self.server, self.repository, self.sha
        );
        if let Some(line) = line {
            let _ = write!(url, "#L{line}");
        }
        url
    }
}

/// The summary: a heading, the counts, the clocks missed in the past, the counts per code,
/// and a table of every problem (file, line, severity, code, message), by file.
#[cfg(test)]
pub(super) fn render(diags: &[Diagnostic], items: usize, links: Option<&Links>) -> String {
    let mut summary = Summary::new(links.cloned());
    for d in diags {
        summary.push(d);
    }
    summary.render(items, &crate::diag::Summarized::default())
}

/// The summary, taking the diagnostics one at a time: it keeps the counts and the first
/// [`MAX_ROWS`] rows, whatever the number of problems.
pub(super) struct Summary {
    links: Option<Links>,
    tally: Tally,
    by_code: BTreeMap<(Severity, &'static str), usize>,
    rows: String,
    listed: usize,
}

impl Summary {
    pub(super) fn new(links: Option<Links>) -> Summary {
        Summary {
            links,
            tally: Tally::default(),
            by_code: BTreeMap::new(),
            rows: String::new(),
            listed: 0,
        }
    }

    pub(super) fn push(&mut self, d: &Diagnostic) {
        self.tally.add(d);
        *self
            .by_code
            .entry((d.severity, d.code.as_str()))
            .or_default() += 1;
        if self.listed >= MAX_ROWS {
            return;
        }
        self.listed += 1;
        let file = cell(&d.file);
        let (file, line) = match &self.links {
            Some(links) => (
                format!("[{file}]({})", links.to(&d.file, None)),
                format!("[{}]({})", d.line, links.to(&d.file, Some(d.line))),
            ),
            None => (file, d.line.to_string()),
        };
        let _ = writeln!(
            self.rows,
            "| {file} | {line} | {} | `{}` | {} |",
            severity_name(d.severity),
            d.code.as_str(),
            cell(&d.text())
        );
    }

    pub(super) fn render(&self, items: usize, summarized: &crate::diag::Summarized) -> String {
        let tally = self.tally;
        let mut out = String::from("## closeloop validate\n\n");
        let verdict = if tally.errors > 0 { "❌" } else { "✅" };
        let _ = writeln!(
            out,
            "{verdict} {}\n",
            crate::diag::summary_line(tally, items, summarized)
        );
        for line in summarized.lines() {
            let _ = writeln!(out, "ℹ️ {}\n", cell(&line));
        }
        let total = tally.errors + tally.warnings;
        if total == 0 {
            return out;
        }
        out.push_str("| code | severity | count |\n|---|---|---:|\n");
        for ((severity, code), n) in &self.by_code {
            let _ = writeln!(out, "| `{code}` | {} | {n} |", severity_name(*severity));
        }
        out.push_str("\n| file | line | severity | code | message |\n|---|---:|---|---|---|\n");
        out.push_str(&self.rows);
        if total > MAX_ROWS {
            let _ = writeln!(
                out,
                "\n… and {} more; run `closeloop validate` to see them all.",
                total - MAX_ROWS
            );
        }
        out
    }
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// Untrusted text as one Markdown table cell: no HTML, no links, no
/// emphasis, no column breaks, one line.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' => out.push(' '),
            '|' | '\\' | '[' | ']' | '*' | '_' | '~' | '!' | '#' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn percent_encode(part: &str) -> String {
    let mut out = String::new();
    for b in part.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;
    use crate::source::Pos;

    fn links() -> Links {
        Links::from_env(|name| {
            Some(
                match name {
                    "GITHUB_SERVER_URL" => "https://github.com",
                    "GITHUB_REPOSITORY" => "acme/voice",
                    _ => "abc123",
                }
                .to_owned(),
            )
        })
        .unwrap()
    }

    #[test]
    fn counts_then_a_row_per_problem_with_line_links() {
        let diags = [
            Diagnostic::new(
                Code::MissingField,
                "devrel/feedback/a b.md",
                Pos::new(3, 1),
                "no `quote` — add it",
            ),
            Diagnostic::new(
                Code::SlaAtRisk,
                "devrel/feedback/c.md",
                Pos::new(9, 1),
                "due soon",
            ),
        ];
        let text = render(&diags, 4, Some(&links()));
        assert!(
            text.starts_with("## closeloop validate\n\n❌ checked 4 items: 1 error, 1 warning\n"),
            "{text}"
        );
        assert!(text.contains("| `missing-field` | error | 1 |"), "{text}");
        assert!(text.contains(
            "| [devrel/feedback/a b.md](https://github.com/acme/voice/blob/abc123/devrel/feedback/a%20b.md) | [3](https://github.com/acme/voice/blob/abc123/devrel/feedback/a%20b.md#L3) | error | `missing-field` | no `quote` — add it |"
        ), "{text}");
        assert!(
            text.contains("| warning | `sla-at-risk` | due soon |"),
            "{text}"
        );
    }

    #[test]
    fn untrusted_text_cannot_break_the_table_or_inject_html() {
        let d = Diagnostic::new(
            Code::InvalidValue,
            "f.md",
            Pos::new(1, 1),
            "a|b\n<script>x</script> [l](http://e) *e*",
        );
        let text = render(&[d], 1, None);
        let row = text.lines().last().unwrap();
        assert_eq!(
            row,
            "| f.md | 1 | error | `invalid-value` | a\\|b &lt;script&gt;x&lt;/script&gt; \\[l\\](http://e) \\*e\\* |"
        );
    }

    #[test]
    fn a_clean_run_is_one_line() {
        assert_eq!(
            render(&[], 3, None),
            "## closeloop validate\n\n✅ checked 3 items: 0 errors, 0 warnings\n\n"
        );
    }

    #[test]
    fn links_need_all_three_variables() {
        assert!(Links::from_env(|n| (n != "GITHUB_SHA").then(|| "x".to_owned())).is_none());
    }
}
