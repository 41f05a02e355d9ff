//! A JSON document whose one big array is written as it is produced.
//!
//! Outputs like `validate --format json` and `sla --all --format json` are one object with
//! one list that can hold millions of entries. [`ArrayDocument`] writes the object as
//! `serde_json`'s pretty printer prints it (keys in sorted order, two-space indent), byte for
//! byte, but holds one entry at a time.

use serde::Serialize;
use std::io::{self, Write};

/// `{"<key>": [ … ], <rest…>}`, the array streamed. The array's key must sort before every
/// key of the rest, as `serde_json` orders an object's keys.
pub(crate) struct ArrayDocument<'w> {
    out: &'w mut dyn Write,
    entries: usize,
}

impl<'w> ArrayDocument<'w> {
    /// Starts the document and its array `key`.
    pub(crate) fn begin(out: &'w mut dyn Write, key: &str) -> io::Result<ArrayDocument<'w>> {
        let key = serde_json::to_string(key).map_err(io::Error::other)?;
        write!(out, "{{\n  {key}: [")?;
        Ok(ArrayDocument { out, entries: 0 })
    }

    /// Appends one entry to the array.
    pub(crate) fn push(&mut self, entry: &impl Serialize) -> io::Result<()> {
        // Through a `Value`, whose keys are sorted, as in a document printed at once.
        let value = serde_json::to_value(entry).map_err(io::Error::other)?;
        let text = serde_json::to_string_pretty(&value).map_err(io::Error::other)?;
        self.out
            .write_all(if self.entries == 0 { b"\n" } else { b",\n" })?;
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.out.write_all(b"\n")?;
            }
            self.out.write_all(b"    ")?;
            self.out.write_all(line.as_bytes())?;
        }
        self.entries += 1;
        Ok(())
    }

    /// Closes the array and writes the other keys of the object, `rest` (an object whose keys
    /// all sort after the array's), and a final line feed.
    pub(crate) fn finish(self, rest: serde_json::Value) -> io::Result<()> {
        self.out
            .write_all(if self.entries == 0 { b"]" } else { b"\n  ]" })?;
        let text = serde_json::to_string_pretty(&rest).map_err(io::Error::other)?;
        match text.strip_prefix('{').filter(|t| t.len() > 2) {
            // `{\n  "k": …\n}`: the rest continues the object.
            Some(body) => {
                self.out.write_all(b",")?;
                self.out.write_all(body.as_bytes())?;
            }
            None => self.out.write_all(b"\n}")?,
        }
        self.out.write_all(b"\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn streamed(entries: &[serde_json::Value], rest: serde_json::Value) -> String {
        let mut out = Vec::new();
        let mut doc = ArrayDocument::begin(&mut out, "a").unwrap();
        for e in entries {
            doc.push(e).unwrap();
        }
        doc.finish(rest).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_same_bytes_as_the_whole_document_printed_at_once() {
        let entries = [
            serde_json::json!({"z": 1, "b": "two\nlines", "nested": {"y": [1, 2], "x": null}}),
            serde_json::json!({"empty": [], "o": {}}),
        ];
        for n in 0..=entries.len() {
            for rest in [
                serde_json::json!({"b": 1, "c": {"d": [true]}}),
                serde_json::json!({}),
            ] {
                let mut whole = rest.clone();
                whole
                    .as_object_mut()
                    .unwrap()
                    .insert("a".into(), entries[..n].to_vec().into());
                let mut want = serde_json::to_string_pretty(&whole).unwrap();
                want.push('\n');
                assert_eq!(streamed(&entries[..n], rest), want);
            }
        }
    }
}
