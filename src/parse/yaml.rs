//! YAML front matter into a small tree that remembers where every key is.
//!
//! We read saphyr-parser's event stream ourselves instead of deserializing
//! with serde: a serde error stops at the first problem, while `validate`
//! must report every problem of a file, each at the line and column of its
//! key. Scalars stay text (with their quoting style) until the item reader
//! gives them a type, so `severity: yes` is the word "yes", never a boolean,
//! and `0755` is never an octal number.
//!
//! Aliases are refused outright: front matter never needs them, and refusing
//! them makes alias bombs impossible. Nesting is capped, so a file of 20,000
//! brackets is an error, not a deep tree.
//!
//! Most front matter is a few levels of `key: value` lines: [`super::fast_yaml`]
//! reads that shape in one pass over the lines and hands anything else
//! (every file with a problem among them) to saphyr-parser, so what a file
//! means and every message about it stay the same.

use crate::source::Pos;
use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use std::borrow::Cow;
use std::collections::HashMap;

/// Deeper than any item needs (items nest three levels).
const MAX_DEPTH: usize = 16;

/// Up to this many keys, a mapping finds a duplicate key by looking through
/// its entries; past it, by a hash map of them. The hash map stays
/// `std`'s SipHash, seeded per process: the keys are the file's, and a
/// file of 100,000 keys built to collide must not make the check quadratic.
const SMALL_MAP: usize = 24;

/// A node of the front matter. Its text borrows from the YAML it was read
/// from wherever it can (keys, plain scalars, quoted ones without escapes):
/// a tree is read for every item and dropped once the item is typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    pub value: Value<'a>,
    pub pos: Pos,
    /// Characters to underline in diagnostics.
    pub width: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// A scalar's text; `plain` is false for quoted and block scalars, whose
    /// text is a string whatever it looks like.
    Scalar {
        text: Cow<'a, str>,
        plain: bool,
    },
    Map(Vec<Entry<'a>>),
    Seq(Vec<Node<'a>>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry<'a> {
    pub key: Cow<'a, str>,
    pub key_pos: Pos,
    pub value: Node<'a>,
}

impl Node<'_> {
    /// A plain scalar that YAML reads as null (`~`, `null`, or nothing).
    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, plain: true }
            if matches!(&**text, "" | "~" | "null" | "Null" | "NULL"))
    }

    /// What kind of value this is, for messages: "a mapping", "a list", ...
    pub fn kind(&self) -> &'static str {
        match &self.value {
            Value::Scalar { .. } if self.is_null() => "empty",
            Value::Scalar { .. } => "a scalar",
            Value::Map(_) => "a mapping",
            Value::Seq(_) => "a list",
        }
    }
}

/// A YAML problem with its position in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub pos: Pos,
    pub message: String,
}

enum Frame<'a> {
    Map {
        pos: Pos,
        entries: Vec<Entry<'a>>,
        key: Option<(Cow<'a, str>, Pos)>,
        /// Each key's index in `entries` once there are more than
        /// [`SMALL_MAP`] of them, so a duplicate is found in constant time:
        /// a mapping of 100,000 keys stays linear. Smaller mappings (every
        /// item's) are searched in place, without hashing or copying a key.
        seen: HashMap<Cow<'a, str>, usize>,
    },
    Seq {
        pos: Pos,
        items: Vec<Node<'a>>,
    },
}

/// Parses the front matter. `line_offset` is the number of file lines before
/// the YAML, so positions come out as file positions. An empty document is
/// an empty mapping.
pub fn parse(yaml: &str, line_offset: usize) -> Result<Node<'_>, YamlError> {
    match super::fast_yaml::parse(yaml, line_offset) {
        Some(root) => Ok(root),
        None => parse_events(yaml, line_offset),
    }
}

/// [`parse`] by saphyr-parser's events: any YAML, every error.
pub(super) fn parse_events(yaml: &str, line_offset: usize) -> Result<Node<'_>, YamlError> {
    let at = |span: &Span| Pos::new(span.start.line() + line_offset, span.start.col() + 1);
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    let mut documents = 0;
    for event in Parser::new_from_str(yaml) {
        let (event, span) = event.map_err(|e| YamlError {
            pos: Pos::new(e.marker().line() + line_offset, e.marker().col() + 1),
            message: scan_message(e.info()),
        })?;
        let node = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(YamlError {
                        pos: at(&span),
                        message: "the front matter holds more than one YAML document — keep a single mapping between the `---` lines".into(),
                    });
                }
                continue;
            }
            Event::Alias(_) => {
                return Err(YamlError {
                    pos: at(&span),
                    message: "YAML aliases (`*name`) are not allowed in front matter — write the value out".into(),
                });
            }
            Event::Scalar(text, style, _, _) => Node {
                pos: at(&span),
                width: span.len().max(1),
                value: Value::Scalar {
                    text,
                    plain: style == ScalarStyle::Plain,
                },
            },
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(YamlError {
                        pos: at(&span),
                        message: format!(
                            "the front matter nests deeper than {MAX_DEPTH} levels — items need at most three"
                        ),
                    });
                }
                let pos = at(&span);
                stack.push(if matches!(event, Event::MappingStart(..)) {
                    Frame::Map {
                        pos,
                        entries: Vec::new(),
                        key: None,
                        seen: HashMap::new(),
                    }
                } else {
                    Frame::Seq {
                        pos,
                        items: Vec::new(),
                    }
                });
                continue;
            }
            Event::MappingEnd | Event::SequenceEnd => match stack.pop() {
                Some(Frame::Map { pos, entries, .. }) => Node {
                    value: Value::Map(entries),
                    pos,
                    width: 1,
                },
                Some(Frame::Seq { pos, items }) => Node {
                    value: Value::Seq(items),
                    pos,
                    width: 1,
                },
                None => continue,
            },
            _ => continue,
        };
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries, key, seen, ..
            }) => match key.take() {
                None => {
                    let Value::Scalar { text, .. } = node.value else {
                        return Err(YamlError {
                            pos: node.pos,
                            message: "a key must be a plain name, not a mapping or a list".into(),
                        });
                    };
                    let first = if entries.len() <= SMALL_MAP {
                        entries.iter().position(|e| e.key == text)
                    } else {
                        seen.get(&*text).copied()
                    };
                    if let Some(first) = first {
                        let first: &Entry = &entries[first];
                        return Err(YamlError {
                            pos: node.pos,
                            message: format!(
                                "`{text}` is set twice (first on line {}) — keep one",
                                first.key_pos.line
                            ),
                        });
                    }
                    *key = Some((text, node.pos));
                }
                Some((k, key_pos)) => {
                    if entries.len() == SMALL_MAP {
                        seen.extend(entries.iter().enumerate().map(|(i, e)| (e.key.clone(), i)));
                    }
                    if entries.len() >= SMALL_MAP {
                        seen.insert(k.clone(), entries.len());
                    }
                    entries.push(Entry {
                        key: k,
                        key_pos,
                        value: node,
                    });
                }
            },
        }
    }
    Ok(root.unwrap_or(Node {
        value: Value::Map(Vec::new()),
        pos: Pos::new(line_offset + 1, 1),
        width: 1,
    }))
}

/// The scanner's words, with the fix for the mistake people make most: a
/// plain value starting with a character YAML reserves, like `@mara`.
fn scan_message(info: &str) -> String {
    if info.contains("recursion limit") {
        return format!(
            "the front matter nests deeper than {MAX_DEPTH} levels — items need at most three"
        );
    }
    // saphyr-parser says "unexpected character: `@'" for `@`, `` ` `` and `%`.
    if info.starts_with("unexpected character")
        || info.contains("reserved")
        || info.contains("cannot start any token")
    {
        format!("{info} — put the value in quotes, e.g. `handle: \"@mara\"`")
    } else {
        format!("{info} — check the indentation and quoting on this line")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map<'a>(node: &'a Node<'a>) -> &'a [Entry<'a>] {
        match &node.value {
            Value::Map(e) => e,
            other => panic!("not a map: {other:?}"),
        }
    }

    #[test]
    fn keeps_key_positions_in_file_lines() {
        let root = parse("title: x\ndeveloper:\n  handle: \"@m\"\n", 1).unwrap();
        let entries = map(&root);
        assert_eq!(entries[0].key, "title");
        assert_eq!(entries[0].key_pos, Pos::new(2, 1));
        let dev = map(&entries[1].value);
        assert_eq!(dev[0].key_pos, Pos::new(4, 3));
        assert_eq!(
            dev[0].value.value,
            Value::Scalar {
                text: "@m".into(),
                plain: false
            }
        );
    }

    #[test]
    fn scalars_stay_text() {
        let root = parse("a: yes\nb: 0755\nc: ~\n", 0).unwrap();
        let e = map(&root);
        assert_eq!(
            e[0].value.value,
            Value::Scalar {
                text: "yes".into(),
                plain: true
            }
        );
        assert_eq!(
            e[1].value.value,
            Value::Scalar {
                text: "0755".into(),
                plain: true
            }
        );
        assert!(e[2].value.is_null());
    }

    #[test]
    fn refuses_aliases() {
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b]\n";
        let err = parse(bomb, 1).unwrap_err();
        assert!(err.message.contains("aliases"), "{err:?}");
        assert_eq!(err.pos.line, 3);
    }

    #[test]
    fn caps_nesting() {
        let deep = format!("a: {}{}\n", "[".repeat(20_000), "]".repeat(20_000));
        let err = parse(&deep, 1).unwrap_err();
        assert!(err.message.contains("nests deeper"), "{err:?}");
    }

    #[test]
    fn duplicate_keys_are_found_in_small_and_large_mappings() {
        for n in [1, SMALL_MAP - 1, SMALL_MAP, SMALL_MAP + 1, 3 * SMALL_MAP] {
            for dup in [0, n / 2, n - 1] {
                let mut yaml: String = (0..n).map(|i| format!("k{i}: v\n")).collect();
                yaml.push_str(&format!("k{dup}: again\n"));
                let err = parse(&yaml, 1).unwrap_err();
                assert_eq!(err.pos, Pos::new(n + 2, 1), "{n} keys, k{dup} again");
                assert!(
                    err.message.contains(&format!("line {}", dup + 2)),
                    "{err:?}"
                );
            }
            let fine: String = (0..n).map(|i| format!("k{i}: v\n")).collect();
            assert_eq!(map(&parse(&fine, 1).unwrap()).len(), n);
        }
    }

    #[test]
    fn duplicate_keys_name_both_lines() {
        let err = parse("title: a\ntitle: b\n", 1).unwrap_err();
        assert_eq!(err.pos, Pos::new(3, 1));
        assert!(err.message.contains("line 2"), "{err:?}");
    }

    #[test]
    fn syntax_errors_point_into_the_file() {
        let err = parse("title: x\nhandle: @mara\n", 1).unwrap_err();
        assert_eq!(err.pos.line, 3);
        assert!(err.message.contains("quotes"), "{err:?}");
    }

    #[test]
    fn empty_document_is_an_empty_map() {
        assert_eq!(map(&parse("", 1).unwrap()).len(), 0);
    }
}
