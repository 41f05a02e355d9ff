//! The front matter almost every item has, read without the YAML scanner.
//!
//! Items are block mappings of `key: value` lines, two or three levels
//! deep, with plain, double-quoted and folded (`>`) scalars. This reader
//! takes exactly that shape and nothing else: on the first line it does not
//! recognize, it gives up and [`super::yaml::parse`] reads the file with
//! saphyr-parser as before, so every error message, position and limit
//! stays saphyr's. Whatever it accepts, it must return the very tree that
//! the saphyr path returns (same text, same positions, same widths); a
//! property test holds the two side by side.
//!
//! It gives up on: tabs, carriage returns and other control characters, a
//! byte order mark, blank and comment lines, flow collections, sequences,
//! single quotes, anchors, tags, aliases, literal and chomped block scalars,
//! escapes other than `\"` and `\\`, scalars over several lines (except a
//! folded one whose lines share one indentation), keys that are not plain
//! words, a key without a value, duplicate keys, trailing spaces, mappings
//! of more than [`MAX_KEYS`] keys and more than [`MAX_DEPTH`] levels.
//!
//! It reads the bytes once, line by line, and copies nothing it does not
//! have to: keys, plain scalars and quoted scalars without an escape are
//! slices of the file's text. A build reads every item, so the few hundred
//! instructions saved on each line add up.

use super::yaml::{Entry, Node, Value};
use crate::source::Pos;
use std::borrow::Cow;

/// More keys than any item has: past this, saphyr's path (whose duplicate
/// check is a hash map) reads the file, so this reader's linear search for
/// duplicates stays cheap.
const MAX_KEYS: usize = 64;

/// Items nest three levels; a deeper file is left to saphyr's path, which
/// has the nesting limit and its message.
const MAX_DEPTH: usize = 6;

/// The longest key this reader takes (YAML's simple keys end at 1024).
const MAX_KEY: usize = 128;

/// Room for the keys of an item's top level (about twenty) and of one of
/// its nested mappings (up to five), so that a mapping's list of entries is
/// allocated once.
const TOP_KEYS: usize = 24;
const NESTED_KEYS: usize = 5;

struct Open<'a> {
    indent: usize,
    pos: Pos,
    entries: Vec<Entry<'a>>,
    /// A key whose value is the mapping on the next lines.
    pending: Option<(&'a str, Pos)>,
}

/// The lines of a text as `split('\n')` gives them, with the 0-based index
/// of the next one.
#[derive(Clone, Copy)]
struct Lines<'a> {
    rest: Option<&'a str>,
    index: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        self.index += 1;
        match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(end) => {
                self.rest = Some(&rest[end + 1..]);
                Some(&rest[..end])
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// The tree of `yaml`, or `None` when it is not the plain shape this reader
/// knows (then the caller reads it with saphyr-parser).
pub(super) fn parse(yaml: &str, line_offset: usize) -> Option<Node<'_>> {
    // A fold without an early exit, so that it runs many bytes at a time.
    let (controls, high) = yaml.bytes().fold((false, false), |(c, h), b| {
        (c | ((b < 0x20) & (b != b'\n')), h | (b >= 0x80))
    });
    if !yaml.ends_with('\n') || controls || (high && yaml.contains('\u{FEFF}')) {
        return None;
    }
    let at = |index: usize, col0: usize| Pos::new(index + 1 + line_offset, col0 + 1);
    let mut lines = Lines {
        rest: Some(&yaml[..yaml.len() - 1]),
        index: 0,
    };
    let mut stack: Vec<Open> = Vec::with_capacity(4);
    let mut expect_child = false;
    while let Some(line) = lines.next() {
        let i = lines.index - 1;
        let indent = leading_spaces(line);
        let rest = &line[indent..];
        if rest.is_empty() || rest.starts_with('#') {
            return None;
        }
        if stack.is_empty() {
            if indent != 0 {
                return None;
            }
            stack.push(open(indent, at(i, indent), TOP_KEYS));
        } else if expect_child {
            if indent <= stack.last()?.indent || stack.len() >= MAX_DEPTH {
                return None;
            }
            stack.push(open(indent, at(i, indent), NESTED_KEYS));
            expect_child = false;
        } else {
            while indent < stack.last()?.indent {
                close(&mut stack)?;
            }
            if indent != stack.last()?.indent {
                return None;
            }
        }
        let top = stack.last_mut()?;
        let key_len = key_length(rest)?;
        let key = &rest[..key_len];
        if top.entries.len() >= MAX_KEYS || top.entries.iter().any(|e| same(&e.key, key)) {
            return None;
        }
        let key_pos = at(i, indent);
        let after = &rest[key_len + 1..];
        if after.is_empty() {
            top.pending = Some((key, key_pos));
            expect_child = true;
            continue;
        }
        let spaces = leading_spaces(after);
        let value = &after[spaces..];
        if spaces == 0 || value.is_empty() {
            return None;
        }
        let col0 = indent + key_len + 1 + spaces;
        let node = if let Some(quoted) = value.strip_prefix('"') {
            Node {
                value: Value::Scalar {
                    text: double_quoted(quoted)?,
                    plain: false,
                },
                pos: at(i, col0),
                width: chars(value),
            }
        } else if value == ">" {
            folded(&mut lines, top.indent, &at)?
        } else {
            if !plain_ok(value) {
                return None;
            }
            Node {
                value: Value::Scalar {
                    text: Cow::Borrowed(value),
                    plain: true,
                },
                pos: at(i, col0),
                width: chars(value).max(1),
            }
        };
        top.entries.push(Entry {
            key: Cow::Borrowed(key),
            key_pos,
            value: node,
        });
    }
    if expect_child {
        return None;
    }
    while stack.len() > 1 {
        close(&mut stack)?;
    }
    let root = stack.pop()?;
    Some(Node {
        value: Value::Map(root.entries),
        pos: root.pos,
        width: 1,
    })
}

fn open<'a>(indent: usize, pos: Pos, room: usize) -> Open<'a> {
    Open {
        indent,
        pos,
        entries: Vec::with_capacity(room),
        pending: None,
    }
}

/// Ends the innermost mapping: it becomes the value of its parent's
/// pending key.
fn close(stack: &mut Vec<Open>) -> Option<()> {
    let done = stack.pop()?;
    let parent = stack.last_mut()?;
    let (key, key_pos) = parent.pending.take()?;
    parent.entries.push(Entry {
        key: Cow::Borrowed(key),
        key_pos,
        value: Node {
            value: Value::Map(done.entries),
            pos: done.pos,
            width: 1,
        },
    });
    Some(())
}

/// Whether two keys are the same; most keys differ in length or in their
/// first byte, which settles it without a call to compare memory.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
}

/// How many spaces `line` starts with.
fn leading_spaces(line: &str) -> usize {
    line.bytes().take_while(|&b| b == b' ').count()
}

/// The length of the plain word before `:` at the start of `rest`, when the
/// colon ends the line or is followed by a space.
fn key_length(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    if !bytes.first()?.is_ascii_alphabetic() && bytes[0] != b'_' {
        return None;
    }
    let len = bytes
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))?;
    if len > MAX_KEY || bytes[len] != b':' || !matches!(bytes.get(len + 1), None | Some(b' ')) {
        return None;
    }
    Some(len)
}

/// The text of a double-quoted scalar that closes on its line, `quoted`
/// being what follows the opening quote: a slice of it unless it has an
/// escape.
fn double_quoted(quoted: &str) -> Option<Cow<'_, str>> {
    let stop = memchr::memchr2(b'"', b'\\', quoted.as_bytes())?;
    if quoted.as_bytes()[stop] == b'"' {
        return (stop + 1 == quoted.len()).then_some(Cow::Borrowed(&quoted[..stop]));
    }
    let mut text = String::with_capacity(quoted.len());
    let mut rest = quoted;
    loop {
        let stop = memchr::memchr2(b'"', b'\\', rest.as_bytes())?;
        text.push_str(&rest[..stop]);
        if rest.as_bytes()[stop] == b'"' {
            return rest[stop + 1..].is_empty().then_some(Cow::Owned(text));
        }
        match rest.as_bytes().get(stop + 1)? {
            b'"' => text.push('"'),
            b'\\' => text.push('\\'),
            _ => return None,
        }
        rest = &rest[stop + 2..];
    }
}

/// Whether `value` is a plain scalar on one line that YAML reads as this
/// very text: it starts with a letter, a digit or a harmless sign, and has
/// no comment, no `: ` and no trailing colon or space.
fn plain_ok(value: &str) -> bool {
    let bytes = value.as_bytes();
    let first = bytes[0];
    // ` #` and `: ` in one pass: a space after a colon, or a `#` after a
    // space.
    let marker = bytes
        .windows(2)
        .any(|w| (w[0] == b':' && w[1] == b' ') || (w[0] == b' ' && w[1] == b'#'));
    (first.is_ascii_alphanumeric() || b"_./(~+$".contains(&first) || first >= 0x80)
        && !marker
        && !value.ends_with([':', ' '])
}

/// A folded scalar (`>`) whose content starts on the next line of `lines`:
/// its lines share one indentation, deeper than the mapping's (`parent`),
/// and none is blank or ends in a space. Leaves `lines` at the line after
/// it.
fn folded<'a>(
    lines: &mut Lines<'a>,
    parent: usize,
    at: &impl Fn(usize, usize) -> Pos,
) -> Option<Node<'a>> {
    let first = lines.index;
    let head = lines.clone().next()?;
    let indent = leading_spaces(head);
    if indent <= parent {
        return None;
    }
    let mut text = String::new();
    let mut width = 0;
    loop {
        let before = *lines;
        let Some(line) = lines.next() else {
            break;
        };
        let this = leading_spaces(line);
        let content = &line[this..];
        if content.is_empty() || this > indent {
            return None;
        }
        if this < indent {
            *lines = before;
            break;
        }
        if content.ends_with(' ') {
            return None;
        }
        if lines.index - 1 > first {
            text.push(' ');
            width += chars(line) + 1;
        } else {
            width += chars(content) + 1;
        }
        text.push_str(content);
    }
    text.push('\n');
    Some(Node {
        value: Value::Scalar {
            text: Cow::Owned(text),
            plain: false,
        },
        pos: at(first, indent),
        width,
    })
}

fn chars(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::yaml::parse_events;
    use proptest::prelude::*;

    /// The shape of a generated item, with each kind of scalar this reader
    /// takes.
    const ITEM: &str = "title: \"The quickstart guide\"\nreceived: 2026-03-25T17:24:00Z\ndeveloper:\n  handle: \"@umber-quiet\"\n  credit: public\nquote: \"Pick one: `snake_case` or \\\"camelCase\\\", C:\\\\ or #1!\"\nfrequency: 3\njtbd: >\n  When a new teammate sets up billing, I want to cancel,\n  so that I can fix it — without a ticket.\nlinks:\n  thread: https://community.example.com/t/70409?a=b#c\ndecision:\n  outcome: not-prioritized\n  reason: Affects under 1% of workloads; C# and ünïcode [stay] text.\nclosed:\n  at: 2026-03-31T13:52:00Z\n  satisfaction: 5\n";

    fn same_as_events(yaml: &str) -> bool {
        match parse(yaml, 1) {
            None => false,
            Some(fast) => {
                assert_eq!(Ok(fast), parse_events(yaml, 1), "{yaml:?}");
                true
            }
        }
    }

    #[test]
    fn reads_an_item_as_saphyr_does() {
        assert!(same_as_events(ITEM));
        let root = parse(ITEM, 1).unwrap();
        let Value::Map(entries) = &root.value else {
            panic!("{root:?}")
        };
        assert_eq!(entries.len(), 9);
        assert_eq!(
            entries[5].value.value,
            Value::Scalar {
                text: "When a new teammate sets up billing, I want to cancel, so that I can fix it — without a ticket.\n".into(),
                plain: false
            }
        );
    }

    #[test]
    fn leaves_everything_else_to_saphyr() {
        let others = [
            "",
            "a: b",
            "a:\tb\n",
            "a: b\r\n",
            "\u{FEFF}a: b\n",
            "a: b\n\nc: d\n",
            "# note\na: b\n",
            "a: b # note\n",
            "a: [b, c]\n",
            "a: {b: c}\n",
            "a:\n  - b\n",
            "a:\n- b\n",
            "a: 'b'\n",
            "a: &x b\n",
            "a: *x\n",
            "a: !tag b\n",
            "a: |\n  b\n",
            "a: >-\n  b\n",
            "a: >\n  b\n\n  c\n",
            "a: >\n  b\n    c\n",
            "a: >\nb: c\n",
            "a: \"b\\nc\"\n",
            "a: \"b\n  c\"\n",
            "a: \"b\" \n",
            "a: b\n  c\n",
            "a: b:\n",
            "a: b: c\n",
            "a: b \n",
            "a:\nb: c\n",
            "a:\n",
            "a: b\na: c\n",
            "\"a\": b\n",
            "a : b\n",
            "a:b\n",
            "  a: b\n",
            "a:\n    b: c\n  d: e\n",
            "a: @b\n",
            "a: `b`\n",
            "a: %b\n",
            "a: -b\n",
            "a: ?b\n",
            "a: :b\n",
            "a: ,b\n",
            "---\na: b\n",
        ];
        for yaml in others {
            assert_eq!(parse(yaml, 1), None, "{yaml:?}");
        }
        let many: String = (0..=MAX_KEYS).map(|i| format!("k{i}: v\n")).collect();
        assert_eq!(parse(&many, 1), None);
        let deep: String = (0..=MAX_DEPTH)
            .map(|d| format!("{}k{d}:\n", "  ".repeat(d)))
            .collect::<String>()
            + &format!("{}v: x\n", "  ".repeat(MAX_DEPTH + 1));
        assert_eq!(parse(&deep, 1), None);
        let long_key = format!("{}: v\n", "k".repeat(MAX_KEY + 1));
        assert_eq!(parse(&long_key, 1), None);
    }

    /// What mutations insert: pieces of YAML syntax and of the text around
    /// it, where a line-based reader could read something else than YAML.
    const PIECES: &[&str] = &[
        "title",
        "b-c",
        "_k",
        "x1",
        ":",
        ": ",
        " ",
        "  ",
        "\n",
        "\n  ",
        "\n    ",
        "\"",
        "\\\"",
        "\\\\",
        "\\n",
        "#",
        " #",
        "'",
        ">",
        "|",
        "-",
        "- ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "é",
        "日本",
        "@",
        "`",
        "%",
        "&a",
        "*a",
        "!",
        "?",
        "~",
        "null",
        "2026-03-25T17:24:00Z",
        "http://x.y/z",
        "a:b",
        "\t",
        "\r",
        "---",
        "...",
        "\u{85}",
        "\u{2028}",
        "\u{a0}",
        "x: y",
        ">\n  t\n",
        ">\n    u\n  v\n",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// Whatever this reader accepts, saphyr's events give the same
        /// tree: same text, kinds, positions and widths.
        #[test]
        fn agrees_with_saphyr(
            edits in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..3, 0..PIECES.len(), 1usize..5), 1..4)
        ) {
            let mut doc: Vec<char> = ITEM.chars().collect();
            for (at, op, piece, len) in edits {
                let at = at.index(doc.len() + 1);
                match op {
                    0 => {
                        for (k, c) in PIECES[piece].chars().enumerate() {
                            doc.insert(at + k, c);
                        }
                    }
                    1 if at < doc.len() => {
                        doc.drain(at..(at + len).min(doc.len()));
                    }
                    _ if at < doc.len() => doc[at] = PIECES[piece].chars().next().unwrap_or(' '),
                    _ => {}
                }
            }
            let doc: String = doc.into_iter().collect();
            same_as_events(&doc);
        }
    }
}
