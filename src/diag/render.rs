//! The three faces of a diagnostic list: rustc-like text for people, one
//! JSON object for tools, and GitHub workflow commands for pull requests.

use super::stream::{DiagnosticWriter, Style, Summarized};
use super::{Diagnostic, Severity, Tally};
use crate::source::SourceFile;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use rayon::prelude::*;
use std::fmt::Write as _;

/// rustc-style text: a title line with the code, the source line with the
/// key underlined, the help under it, then a one-line summary.
pub fn render_human<'s>(
    diags: &[Diagnostic],
    items: usize,
    source: &(dyn Fn(&str) -> Option<&'s SourceFile> + Sync),
    color: bool,
) -> String {
    render_some_human(diags, diags, items, &Summarized::default(), source, color)
}

/// [`render_human`] of `shown` (build's refusal shows only the errors),
/// with the summary counting every diagnostic of `all`, so that it never
/// says "0 warnings" when there are three, and the clocks missed in the past.
pub fn render_some_human<'s>(
    shown: &[Diagnostic],
    all: &[Diagnostic],
    items: usize,
    summarized: &Summarized,
    source: &(dyn Fn(&str) -> Option<&'s SourceFile> + Sync),
    color: bool,
) -> String {
    let mut out = render_each(shown, source, color);
    out.push_str(&summary_line(Tally::of(all), items, summarized));
    out.push('\n');
    out
}

/// Each diagnostic as rustc prints one, followed by a blank line.
pub fn render_each<'s>(
    diags: &[Diagnostic],
    source: &(dyn Fn(&str) -> Option<&'s SourceFile> + Sync),
    color: bool,
) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    // Each diagnostic renders on its own, so they render in parallel and
    // are joined in order.
    let rendered: Vec<String> = diags
        .par_iter()
        .map(|d| {
            let level = match d.severity {
                Severity::Error => Level::ERROR,
                Severity::Warning => Level::WARNING,
            };
            let message = visible(&d.message);
            let path = visible(&d.file);
            let help = d.help.as_deref().map(visible);
            let title = level.primary_title(&*message).id(d.code.as_str());
            let group = match source(&d.file).and_then(|f| snippet_of(f, d)) {
                Some((text, range)) => Group::with_title(title).element(
                    Snippet::source(text)
                        .line_start(d.line)
                        .path(&*path)
                        .annotation(AnnotationKind::Primary.span(range)),
                ),
                None => Group::with_title(title).element(
                    annotate_snippets::Origin::path(&*path)
                        .line(d.line)
                        .char_column(d.column),
                ),
            };
            let group = match &help {
                Some(help) => group.element(Level::HELP.message(&**help)),
                None => group,
            };
            let mut text = renderer.render(&[group]);
            text.push_str("\n\n");
            text
        })
        .collect();
    rendered.concat()
}

/// Text from the user's files made safe and honest for a terminal or a
/// GitHub annotation: control characters become their visible pictures
/// (`␛` for escape, so no escape sequence runs) and the characters that
/// reorder text (right-to-left overrides and isolates, U+202E and its
/// family) become `<U+202E>`, so a message reads as its bytes do.
/// Newlines stay: the GitHub escaping encodes them.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let needs = |c: char| (c.is_control() && c != '\n') || is_bidi_control(c);
    if !text.chars().any(needs) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push(c),
            '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?')),
            '\u{7f}' => out.push('\u{2421}'),
            c if c.is_control() || is_bidi_control(c) => {
                let _ = write!(out, "<U+{:04X}>", c as u32);
            }
            c => out.push(c),
        }
    }
    out.into()
}

/// The invisible characters that change the direction of the text after
/// them (Unicode's bidirectional formatting characters).
pub(super) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The source line of a diagnostic and the byte range to underline in it.
fn snippet_of<'a>(
    file: &'a SourceFile,
    d: &Diagnostic,
) -> Option<(&'a str, std::ops::Range<usize>)> {
    let line = file.line_range(d.line)?;
    let text = &file.text[line.clone()];
    let start = file.offset(d.pos())? - line.start;
    let end = text[start..]
        .char_indices()
        .nth(d.width)
        .map_or(text.len(), |(i, _)| start + i);
    Some((text, start..end.max(start)))
}

/// "checked 42 items: 1 error, 2 warnings".
pub fn summary(diags: &[Diagnostic], items: usize) -> String {
    summary_line(Tally::of(diags), items, &Summarized::default())
}

/// "checked 42 items: 1 error, 2 warnings", and "(and 1,207 clocks missed in the past)" when
/// some were summarized rather than listed.
pub fn summary_line(t: Tally, items: usize, summarized: &Summarized) -> String {
    let mut line = format!(
        "checked {items} {}: {} {}, {} {}",
        plural(items, "item"),
        t.errors,
        plural(t.errors, "error"),
        t.warnings,
        plural(t.warnings, "warning")
    );
    let past = summarized.total();
    if past > 0 {
        let _ = write!(
            line,
            " (and {} {} missed in the past)",
            super::stream::grouped(past),
            plural(past, "clock")
        );
    }
    line
}

pub(super) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}

/// The JSON object of SPEC §8.
pub fn render_json(diags: &[Diagnostic], items: usize) -> String {
    write_all(Style::Json, diags, items)
}

/// GitHub workflow commands, one per diagnostic, then a summary line.
/// GitHub shows only ten annotations of a kind per step, so the summary
/// line lists the counts for the rest.
pub fn render_github(diags: &[Diagnostic], items: usize) -> String {
    write_all(Style::Github, diags, items)
}

fn write_all(style: Style, diags: &[Diagnostic], items: usize) -> String {
    let mut out = Vec::new();
    let written = (|| {
        let mut w = DiagnosticWriter::new(style, &mut out, &|_| None)?;
        for d in diags {
            w.push(d.clone())?;
        }
        w.finish(items, &Summarized::default())
    })();
    written.expect("writing to memory does not fail");
    String::from_utf8(out).expect("diagnostics are UTF-8")
}

/// One diagnostic as a GitHub workflow command, with its line feed.
pub(super) fn github_line(d: &Diagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    format!(
        "::{kind} file={},line={},col={},title={}::{}\n",
        escape_property(&visible(&d.file)),
        d.line,
        d.column,
        escape_property(d.code.as_str()),
        escape_data(&visible(&d.text()))
    )
}

pub(super) fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;
    use crate::source::Pos;

    #[test]
    fn github_escapes_data_and_properties() {
        let d = Diagnostic::new(
            Code::InvalidValue,
            "feedback/a,b:c.md",
            Pos::new(3, 1),
            "50% off\nnext",
        );
        let out = render_github(&[d], 1);
        assert!(out.starts_with(
            "::error file=feedback/a%2Cb%3Ac.md,line=3,col=1,title=invalid-value::50%25 off%0Anext\n"
        ));
    }

    #[test]
    fn human_underlines_the_key() {
        let file = SourceFile::new("f.md", "---\ntitel: x\n---\n");
        let d = Diagnostic::new(Code::UnknownField, "f.md", Pos::new(2, 1), "unknown").width(5);
        let out = render_human(&[d], 1, &|_| Some(&file), false);
        assert!(out.contains("error[unknown-field]: unknown"), "{out}");
        assert!(out.contains("f.md:2:1"), "{out}");
        assert!(out.contains("^^^^^"), "{out}");
        assert!(
            out.ends_with("checked 1 item: 1 error, 0 warnings\n"),
            "{out}"
        );
    }
}
