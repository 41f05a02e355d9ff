//! Splitting a Markdown file into its YAML front matter and its body.

/// The two halves of an item file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// How many lines come before the YAML (the opening fence, and nothing
    /// else): added to YAML line numbers to get file line numbers.
    pub yaml_line_offset: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
}

/// Why a file has no usable front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    Empty,
    NoOpeningFence,
    /// The opening fence is there but no closing `---` line follows.
    Unclosed,
    /// A carriage return not followed by a line feed, at this 1-based line
    /// (counted in line feeds) and column, before the end of the front
    /// matter: old Mac line endings, which every position would get wrong.
    LoneCarriageReturn {
        line: usize,
        column: usize,
    },
}

impl SplitError {
    pub fn message(&self) -> String {
        match self {
            SplitError::LoneCarriageReturn { line, .. } => format!(
                "line {line} ends with a lone carriage return (CR, old Mac line endings) — save the file with LF (or CRLF) line endings"
            ),
            other => other.fixed_message().to_owned(),
        }
    }

    /// Where the problem is: the lone CR, or the start of the file.
    pub fn pos(&self) -> crate::source::Pos {
        match self {
            SplitError::LoneCarriageReturn { line, column } => {
                crate::source::Pos::new(*line, *column)
            }
            _ => crate::source::Pos::START,
        }
    }

    fn fixed_message(&self) -> &'static str {
        match self {
            SplitError::LoneCarriageReturn { .. } => unreachable!("formatted in `message`"),
            SplitError::Empty => {
                "the file is empty — an item starts with a `---` line, its YAML front matter, and a closing `---` line"
            }
            SplitError::NoOpeningFence => {
                "the file does not start with front matter — put a `---` line first, then the item's YAML, then a closing `---` line"
            }
            SplitError::Unclosed => {
                "the front matter is never closed — add a line with just `---` after the last YAML key"
            }
        }
    }
}

/// Splits `text` at its `---` fences. A leading byte-order mark and CRLF line
/// endings are accepted; the closing fence may also be `...`.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let bom = text.len();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = bom - text.len();
    if text.trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let split = split_fences(text);
    // A lone CR inside the front matter (or a file of CR-only lines, which
    // has no fence at all) is reported where it is; in the body it is
    // harmless Markdown.
    let end = match &split {
        Ok(s) => text.len() - s.body.len(),
        Err(_) => text.len(),
    };
    if let Some(at) = lone_cr(&text[..end]) {
        let before = &text[..at];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column =
            before[line_start..].chars().count() + 1 + usize::from(bom > 0 && line_start == 0);
        return Err(SplitError::LoneCarriageReturn {
            line: before.matches('\n').count() + 1,
            column,
        });
    }
    split
}

/// The byte offset of the first `\r` not followed by `\n`.
fn lone_cr(text: &str) -> Option<usize> {
    // Most files have no CR at all: one search many bytes at a time says so.
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'\r', bytes).find(|&at| bytes.get(at + 1) != Some(&b'\n'))
}

fn split_fences(text: &str) -> Result<Split<'_>, SplitError> {
    let after_open = strip_fence_line(text).ok_or(SplitError::NoOpeningFence)?;
    let yaml_start = text.len() - after_open.len();
    let bytes = text.as_bytes();
    let mut offset = yaml_start;
    while offset < text.len() {
        let end = memchr::memchr(b'\n', &bytes[offset..]).map_or(text.len(), |i| offset + i + 1);
        if is_fence_line(&text[offset..end]) {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line_offset: 1,
                body: &text[end..],
            });
        }
        offset = end;
    }
    Err(SplitError::Unclosed)
}

/// Whether a line (with its line ending, if any) closes the front matter:
/// `---` or `...`, then nothing but white space.
fn is_fence_line(line: &str) -> bool {
    (line.starts_with("---") || line.starts_with("...")) && line[3..].trim_end().is_empty()
}

/// The rest of the text after a first line that is exactly `---`.
fn strip_fence_line(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("---")?;
    let rest = rest.trim_start_matches([' ', '\t']);
    rest.strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))
        .or(if rest.is_empty() { Some(rest) } else { None })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_and_body() {
        let s = split("---\ntitle: x\n---\nbody\n").unwrap();
        assert_eq!(s.yaml, "title: x\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.yaml_line_offset, 1);
    }

    #[test]
    fn accepts_bom_and_crlf() {
        let s = split("\u{feff}---\r\ntitle: x\r\n---\r\nbody").unwrap();
        assert_eq!(s.yaml, "title: x\r\n");
        assert_eq!(s.body, "body");
    }

    #[test]
    fn closing_fence_at_end_of_file() {
        let s = split("---\na: 1\n---").unwrap();
        assert_eq!(s.yaml, "a: 1\n");
        assert_eq!(s.body, "");
    }

    #[test]
    fn reports_each_failure() {
        assert_eq!(split(""), Err(SplitError::Empty));
        assert_eq!(split(" \n\n"), Err(SplitError::Empty));
        assert_eq!(split("title: x\n"), Err(SplitError::NoOpeningFence));
        assert_eq!(split("----\n"), Err(SplitError::NoOpeningFence));
        assert_eq!(split("---\ntitle: x\n"), Err(SplitError::Unclosed));
    }

    #[test]
    fn lone_carriage_returns_are_named_where_they_are() {
        assert_eq!(
            split("---\rtitle: x\r---\r"),
            Err(SplitError::LoneCarriageReturn { line: 1, column: 4 })
        );
        assert_eq!(
            split("---\r\ntitle: x\r\nquote: a\rb\r\n---\r\n"),
            Err(SplitError::LoneCarriageReturn { line: 3, column: 9 })
        );
        assert!(split("---\ntitle: x\n---\nbody\rmore\n").is_ok());
    }

    #[test]
    fn a_fence_line_is_the_fence_and_white_space() {
        for line in [
            "---",
            "---\n",
            "...\r\n",
            "--- \t\n",
            "---\u{a0}\n",
            "...  ",
        ] {
            assert!(is_fence_line(line), "{line:?}");
            let body = if line.ends_with('\n') { "body" } else { "" };
            let text = format!("---\na: 1\n{line}{body}");
            assert_eq!(split(&text).map(|s| s.yaml), Ok("a: 1\n"), "{line:?}");
        }
        for line in ["----\n", " ---\n", "--- x\n", "--\n", "..\n", "-.-\n", ""] {
            assert!(!is_fence_line(line), "{line:?}");
        }
    }

    #[test]
    fn a_fence_inside_a_value_must_be_its_own_line() {
        let s = split("---\nq: \"a --- b\"\n---\n").unwrap();
        assert_eq!(s.yaml, "q: \"a --- b\"\n");
    }
}
