//! A loaded text file and the map from byte offsets to lines and columns.
//!
//! There is no table of line starts: a position's line is found by scanning
//! for newlines when a diagnostic needs its snippet, so files without
//! problems (nearly all of them) cost nothing beyond their text.

/// A 1-based line and column, columns counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    /// The start of a file: where a diagnostic about the whole file points.
    pub const START: Pos = Pos { line: 1, column: 1 };

    pub fn new(line: usize, column: usize) -> Pos {
        Pos { line, column }
    }
}

/// A source file: its path relative to the repository root (with `/`
/// separators, as it appears in diagnostics) and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            path: path.into(),
            text: text.into(),
        }
    }

    /// The byte range of line `line` (1-based), without its line ending.
    pub fn line_range(&self, line: usize) -> Option<std::ops::Range<usize>> {
        let start = line_start(&self.text, line)?;
        let rest = &self.text[start..];
        let len = rest.find('\n').unwrap_or(rest.len());
        let len = if rest[..len].ends_with('\r') {
            len - 1
        } else {
            len
        };
        Some(start..start + len)
    }

    /// The byte offset of a position, clamped to its line.
    pub fn offset(&self, pos: Pos) -> Option<usize> {
        let range = self.line_range(pos.line)?;
        let line = &self.text[range.clone()];
        let within = line
            .char_indices()
            .nth(pos.column.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i);
        Some(range.start + within)
    }
}

fn line_start(text: &str, line: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    if line == 1 {
        return Some(0);
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map(|(i, _)| i + 1)
        .filter(|&i| i <= text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ranges_skip_crlf() {
        let f = SourceFile::new("a.md", "one\r\ntwo\nthree");
        assert_eq!(&f.text[f.line_range(1).unwrap()], "one");
        assert_eq!(&f.text[f.line_range(2).unwrap()], "two");
        assert_eq!(&f.text[f.line_range(3).unwrap()], "three");
        assert_eq!(f.line_range(4), None);
    }

    #[test]
    fn offsets_count_characters() {
        let f = SourceFile::new("a.md", "é: x\nab: y");
        assert_eq!(f.offset(Pos::new(1, 3)), Some(3));
        assert_eq!(f.offset(Pos::new(2, 2)), Some(7));
        assert_eq!(f.offset(Pos::new(2, 99)), Some(11));
    }
}
