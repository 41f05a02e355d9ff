//! What one value may hold, so that a single hostile file cannot make the
//! tool produce without end or emit text that breaks its outputs.
//!
//! - **Timestamps** lie in [`EARLIEST`, `LATEST`): a feedback loop started
//!   before 2000 or running past 2099 is a typo, and an item received in
//!   year 1 would make `build` write a weekly report for every week since.
//!   Within these bounds, every due date (at most a year after a
//!   timestamp, see `config`) is a four-digit-year RFC 3339 time.
//! - **Characters**: C0 and C1 control characters (except tab and line
//!   feed), DEL and Unicode non-characters are refused in every text value.
//!   XML 1.0 forbids most of them (one in a title makes `feed.xml`
//!   malformed) and a terminal acts on escape sequences, so they are never
//!   accepted, never printed and never published.

use crate::model::Time;
use chrono::{TimeZone, Utc};

/// The earliest accepted timestamp: 2000-01-01T00:00:00Z.
pub fn earliest() -> Time {
    Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).unwrap()
}

/// The first timestamp no longer accepted: 2100-01-01T00:00:00Z.
pub fn latest() -> Time {
    Utc.with_ymd_and_hms(2100, 1, 1, 0, 0, 0).unwrap()
}

/// The accepted range, in the words of a message.
pub const RANGE: &str = "from 2000-01-01 to 2099-12-31";

/// [`earliest`] and [`latest`] in seconds since 1970, which a timestamp's
/// whole seconds can be compared with: no date arithmetic per value read.
const EARLIEST_SECONDS: i64 = 946_684_800;
const LATEST_SECONDS: i64 = 4_102_444_800;

/// Whether a timestamp lies in the accepted range.
pub fn is_plausible(t: Time) -> bool {
    // Both bounds are whole seconds, so the floor of `t` decides.
    (EARLIEST_SECONDS..LATEST_SECONDS).contains(&t.timestamp())
}

/// Whether `c` may never appear in a text value: C0 controls other than
/// tab and line feed, DEL, C1 controls, and non-characters (U+FDD0–U+FDEF
/// and the last two code points of every plane, U+FFFE and U+FFFF …).
pub fn is_forbidden_char(c: char) -> bool {
    let n = c as u32;
    (c.is_control() && c != '\t' && c != '\n')
        || (0xFDD0..=0xFDEF).contains(&n)
        || (n & 0xFFFE) == 0xFFFE
}

/// The first forbidden character of `text`, if any.
pub fn forbidden_char(text: &str) -> Option<char> {
    // Most values are printable ASCII, tabs and line feeds: a look at the
    // bytes settles them without decoding a character. A fold without an
    // early exit runs many bytes at a time.
    let other = text.as_bytes().iter().fold(false, |other, &b| {
        other | ((b.wrapping_sub(b' ') > b'~' - b' ') & (b != b'\t') & (b != b'\n'))
    });
    if !other {
        return None;
    }
    text.chars().find(|&c| is_forbidden_char(c))
}

/// `text` without its forbidden characters, for the few outputs (the
/// Markdown body, which is not checked) that must never carry one.
pub fn strip_forbidden(text: &str) -> std::borrow::Cow<'_, str> {
    if forbidden_char(text).is_none() {
        return text.into();
    }
    text.chars().filter(|&c| !is_forbidden_char(c)).collect()
}

/// `U+001B (escape)`: a code point by number and, where it has one, by name.
pub fn describe_char(c: char) -> String {
    let name = match c {
        '\0' => " (NUL)",
        '\u{7}' => " (bell)",
        '\u{8}' => " (backspace)",
        '\u{b}' => " (vertical tab)",
        '\u{c}' => " (form feed)",
        '\r' => " (carriage return)",
        '\u{1b}' => " (escape)",
        '\u{7f}' => " (delete)",
        '\u{9b}' => " (control sequence introducer)",
        c if c.is_control() => " (a control character)",
        _ => " (a non-character)",
    };
    format!("U+{:04X}{name}", c as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbids_controls_and_non_characters_only() {
        for c in [
            '\0',
            '\u{1}',
            '\r',
            '\u{1b}',
            '\u{1f}',
            '\u{7f}',
            '\u{85}',
            '\u{9b}',
            '\u{fdd0}',
            '\u{fffe}',
            '\u{ffff}',
            '\u{1fffe}',
            '\u{10ffff}',
        ] {
            assert!(is_forbidden_char(c), "{:04X}", c as u32);
        }
        for c in [
            '\t', '\n', ' ', 'é', '日', '\u{202e}', '\u{fffd}', '\u{fdcf}', '\u{fdf0}',
        ] {
            assert!(!is_forbidden_char(c), "{:04X}", c as u32);
        }
    }

    #[test]
    fn names_the_code_point() {
        assert_eq!(describe_char('\u{1b}'), "U+001B (escape)");
        assert_eq!(describe_char('\u{ffff}'), "U+FFFF (a non-character)");
        assert_eq!(forbidden_char("ok\u{7}bell"), Some('\u{7}'));
        assert_eq!(strip_forbidden("a\u{0}b\u{ffff}c"), "abc");
    }

    #[test]
    fn the_ascii_shortcut_finds_what_the_character_test_finds() {
        for b in 0u8..=0x7f {
            let text = format!("ab{}cd", b as char);
            let slow = text.chars().find(|&c| is_forbidden_char(c));
            assert_eq!(forbidden_char(&text), slow, "byte {b:#04x}");
        }
        assert_eq!(forbidden_char("plain\ttext\n"), None);
        assert_eq!(forbidden_char("é\u{85}"), Some('\u{85}'));
        assert_eq!(forbidden_char("日本語"), None);
    }

    #[test]
    fn bounds_timestamps() {
        assert!(is_plausible(earliest()));
        assert!(!is_plausible(latest()));
        assert!(!is_plausible(earliest() - chrono::Duration::seconds(1)));
        assert!(!is_plausible(earliest() - chrono::Duration::nanoseconds(1)));
        assert!(is_plausible(latest() - chrono::Duration::nanoseconds(1)));
        assert_eq!(earliest().timestamp(), EARLIEST_SECONDS);
        assert_eq!(latest().timestamp(), LATEST_SECONDS);
    }
}
