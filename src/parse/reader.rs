//! Typed reading of a YAML mapping, one diagnostic per problem.
//!
//! Every getter records the key's position, reports a wrong type or value
//! at the key (with "did you mean" for misspelt words), and returns `None`
//! so the caller keeps going and the file's other problems are found too.

use super::limits;
use super::time::parse_timestamp;
use super::yaml::{Entry, Node, Value};
use crate::calendar::Calendar;
use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::model::{KeyPositions, Keyword, Time};
use crate::source::Pos;
use std::collections::BTreeMap;

pub(super) struct Reader<'a> {
    pub file: &'a str,
    pub calendar: &'a Calendar,
    pub diags: Vec<Diagnostic>,
    pub keys: KeyPositions,
    /// Where a missing field is reported: the `state:` line, or line 1.
    pub missing_anchor: Pos,
    /// Keys whose value was there but wrong: already reported, so the
    /// lifecycle checks do not call them missing as well.
    pub bad_keys: Vec<String>,
}

/// The entries of one mapping, with its dotted path (`""` at the top).
pub(super) struct Fields<'n> {
    path: &'static str,
    entries: &'n [Entry<'n>],
}

impl<'n> Fields<'n> {
    pub(super) fn get(&self, key: &str) -> Option<&'n Entry<'n>> {
        self.entries.iter().find(|e| e.key == key)
    }

    pub(super) fn has(&self, key: &str) -> bool {
        self.get(key).is_some_and(|e| !e.value.is_null())
    }
}

impl<'a> Reader<'a> {
    pub(super) fn new(file: &'a str, calendar: &'a Calendar) -> Reader<'a> {
        Reader {
            file,
            calendar,
            diags: Vec::new(),
            keys: KeyPositions::default(),
            missing_anchor: Pos::START,
            bad_keys: Vec::new(),
        }
    }

    /// A problem with the value of `field`, at `pos`.
    pub(super) fn report(
        &mut self,
        code: Code,
        pos: Pos,
        field: &str,
        message: String,
        help: &str,
    ) {
        self.diags.push(
            Diagnostic::new(code, self.file, pos, message)
                .help(help)
                .field(field),
        );
    }

    fn key_path(path: &str, key: &str) -> String {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    }

    /// Opens a mapping: records its keys' positions and reports unknown keys.
    pub(super) fn fields<'n>(
        &mut self,
        node: &'n Node<'n>,
        path: &'static str,
        known: &'static [&'static str],
    ) -> Option<Fields<'n>> {
        let Value::Map(entries) = &node.value else {
            let what = if path.is_empty() {
                "the front matter"
            } else {
                path
            };
            self.diags.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    self.file,
                    node.pos,
                    format!(
                        "{what} must be a mapping of `key: value` lines, not {}",
                        node.kind()
                    ),
                )
                .width(node.width),
            );
            return None;
        };
        for e in entries {
            if let Some(key) = known.iter().find(|k| **k == e.key) {
                self.keys.insert(path, key, e.key_pos);
            } else {
                let full = Self::key_path(path, &e.key);
                // Past the per-file cap these are only counted: skip the
                // suggestion and the list of keys.
                let hint = if self.diags.len() >= crate::diag::MAX_PER_FILE {
                    String::new()
                } else {
                    did_you_mean(&e.key, known)
                };
                let hint = if self.diags.len() >= crate::diag::MAX_PER_FILE {
                    hint
                } else if hint.is_empty() {
                    format!("; the keys allowed here are {}", list(known))
                } else {
                    hint
                };
                self.diags.push(
                    Diagnostic::new(
                        Code::UnknownField,
                        self.file,
                        e.key_pos,
                        format!("`{full}` is not a field closeloop knows"),
                    )
                    .help(format!("remove it or fix its name{hint}"))
                    .field(full)
                    .width(e.key.chars().count()),
                );
            }
        }
        Some(Fields { path, entries })
    }

    /// A required field that is absent or empty.
    pub(super) fn missing(&mut self, fields: &Fields, key: &str, how: &str) {
        let full = Self::key_path(fields.path, key);
        let pos = self.missing_anchor;
        self.diags.push(
            Diagnostic::new(
                Code::MissingField,
                self.file,
                pos,
                format!("`{full}` is missing"),
            )
            .help(how)
            .field(full),
        );
    }

    /// A value that is there but wrong: `message` says what is wrong,
    /// `help` (may be empty) how to fix it.
    fn invalid(&mut self, full: &str, entry: &Entry<'_>, message: String, help: &str) {
        self.bad_keys.push(full.to_owned());
        self.diags.push(
            Diagnostic::new(Code::InvalidValue, self.file, entry.value.pos, message)
                .help(help)
                .field(full)
                .width(entry.value.width),
        );
    }

    /// A scalar as text; `None` if absent, empty or not a scalar.
    pub(super) fn text(&mut self, fields: &Fields, key: &str) -> Option<String> {
        let entry = fields.get(key)?;
        match &entry.value.value {
            _ if entry.value.is_null() => None,
            Value::Scalar { text, .. } => {
                if self.refuse_forbidden(|| Self::key_path(fields.path, key), entry, text) {
                    return None;
                }
                Some(text.trim_end_matches('\n').to_owned())
            }
            _ => {
                let full = Self::key_path(fields.path, key);
                self.invalid(
                    &full,
                    entry,
                    format!("`{full}` must be text, not {}", entry.value.kind()),
                    "",
                );
                None
            }
        }
    }

    /// Reports a control character or non-character in a text value
    /// (see [`limits`]); true when there was one. `full` names the field,
    /// made only when there is something to report.
    fn refuse_forbidden(
        &mut self,
        full: impl FnOnce() -> String,
        entry: &Entry<'_>,
        text: &str,
    ) -> bool {
        let Some(c) = limits::forbidden_char(text) else {
            return false;
        };
        let full = full();
        self.invalid(
            &full,
            entry,
            format!(
                "`{full}` contains the character {}, which is not allowed in a text value",
                limits::describe_char(c)
            ),
            "delete it (an editor may show it as a box, `^[` or nothing at all)",
        );
        true
    }

    /// A release name: text with something in it. `release: ""` would put
    /// a change under a release nobody can name.
    pub(super) fn release(&mut self, fields: &Fields, key: &str) -> Option<String> {
        let entry = fields.get(key)?;
        let text = self.text(fields, key)?;
        if text.trim().is_empty() {
            let full = Self::key_path(fields.path, key);
            self.invalid(
                &full,
                entry,
                format!("`{full}` is blank"),
                "write the release's name, e.g. `v2.3.0`, or remove the key",
            );
            return None;
        }
        Some(text)
    }

    /// An absolute http or https URL, such as a pull request's address;
    /// anything else (`javascript:`, a relative path, a blank) is refused
    /// here so that it never reaches a link on the site.
    pub(super) fn http_url(&mut self, fields: &Fields, key: &str) -> Option<String> {
        let entry = fields.get(key)?;
        let text = self.text(fields, key)?;
        let trimmed = text.trim();
        let ok = !trimmed.chars().any(char::is_whitespace)
            && url::Url::parse(trimmed)
                .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
        if !ok {
            let full = Self::key_path(fields.path, key);
            self.invalid(
                &full,
                entry,
                format!("`{full}: {text}` is not an http(s) URL"),
                "write the pull request's full address, e.g. `https://github.com/example/astra/pull/1234`",
            );
            return None;
        }
        Some(trimmed.to_owned())
    }

    /// Text that must be present.
    pub(super) fn required_text(
        &mut self,
        fields: &Fields,
        key: &str,
        how: &str,
    ) -> Option<String> {
        let value = self.text(fields, key);
        if value.as_deref().is_none_or(|v| v.trim().is_empty())
            && !self.has_bad_type(fields, key)
            && !self.bad_keys.contains(&Self::key_path(fields.path, key))
        {
            self.missing(fields, key, how);
            return None;
        }
        value
    }

    fn has_bad_type(&self, fields: &Fields, key: &str) -> bool {
        fields
            .get(key)
            .is_some_and(|e| !matches!(e.value.value, Value::Scalar { .. }))
    }

    /// One word of a closed vocabulary.
    pub(super) fn keyword<K: Keyword + std::str::FromStr>(
        &mut self,
        fields: &Fields,
        key: &str,
        noun: &str,
    ) -> Option<K> {
        let entry = fields.get(key)?;
        let text = self.text(fields, key)?;
        match text.parse::<K>() {
            Ok(k) => Some(k),
            Err(_) => {
                let names = K::names();
                let full = Self::key_path(fields.path, key);
                self.invalid(
                    &full,
                    entry,
                    format!("`{full}: {text}` is not a {noun}"),
                    &format!("use one of {}{}", list(&names), did_you_mean(&text, &names)),
                );
                None
            }
        }
    }

    pub(super) fn time(&mut self, fields: &Fields, key: &str) -> Option<Time> {
        let entry = fields.get(key)?;
        let text = self.text(fields, key)?;
        match parse_timestamp(&text, self.calendar) {
            Ok(t) if limits::is_plausible(t) => Some(t),
            Ok(_) => {
                let full = Self::key_path(fields.path, key);
                self.invalid(
                    &full,
                    entry,
                    format!("`{full}: {text}` is outside the accepted range"),
                    &format!(
                        "closeloop takes timestamps {}; check the year",
                        limits::RANGE
                    ),
                );
                None
            }
            Err(message) => {
                let full = Self::key_path(fields.path, key);
                // The timestamp reader says "what — how" in one sentence.
                let (what, how) = message.split_once(" — ").unwrap_or((&message, ""));
                self.invalid(&full, entry, format!("`{full}`: {what}"), how);
                None
            }
        }
    }

    /// An integer within `range`; quoted digits are accepted.
    pub(super) fn integer(
        &mut self,
        fields: &Fields,
        key: &str,
        range: std::ops::RangeInclusive<u32>,
    ) -> Option<u32> {
        let entry = fields.get(key)?;
        let text = self.text(fields, key)?;
        match text.trim().parse::<u32>() {
            Ok(n) if range.contains(&n) => Some(n),
            _ => {
                let full = Self::key_path(fields.path, key);
                self.invalid(
                    &full,
                    entry,
                    format!(
                        "`{full}: {text}` must be a whole number from {} to {}",
                        range.start(),
                        range.end()
                    ),
                    "",
                );
                None
            }
        }
    }

    /// `true` or `false`, nothing else: `yes`, `on` and friends are YAML 1.1
    /// spellings that read differently in different tools.
    pub(super) fn boolean(&mut self, fields: &Fields, key: &str) -> Option<bool> {
        let entry = fields.get(key)?;
        let text = self.text(fields, key)?;
        match (text.as_str(), &entry.value.value) {
            ("true" | "True" | "TRUE", Value::Scalar { plain: true, .. }) => Some(true),
            ("false" | "False" | "FALSE", Value::Scalar { plain: true, .. }) => Some(false),
            _ => {
                let full = Self::key_path(fields.path, key);
                self.invalid(
                    &full,
                    entry,
                    format!("`{full}: {text}` must be `true` or `false`"),
                    "",
                );
                None
            }
        }
    }

    /// A flat map of names to text (`links`).
    pub(super) fn text_map(&mut self, fields: &Fields, key: &str) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        let Some(entry) = fields.get(key) else {
            return out;
        };
        if entry.value.is_null() {
            return out;
        }
        let Value::Map(entries) = &entry.value.value else {
            self.invalid(
                key,
                entry,
                format!(
                    "`{key}` must be a mapping of names to text, not {}",
                    entry.value.kind()
                ),
                "write one `name: text` line per link, like `ticket: LIN-4812`",
            );
            return out;
        };
        for e in entries {
            match &e.value.value {
                Value::Scalar { text, .. } if !e.value.is_null() => {
                    if !self.refuse_forbidden(|| format!("{key}.{}", e.key), e, text) {
                        out.insert(e.key.to_string(), text.to_string());
                    }
                }
                _ => self.invalid(
                    key,
                    e,
                    format!("`{key}.{}` must be text, not {}", e.key, e.value.kind()),
                    "",
                ),
            }
        }
        out
    }
}

/// "`a`, `b` or `c`".
pub(super) fn list(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}
