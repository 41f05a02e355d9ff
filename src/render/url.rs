//! URLs and file names made from untrusted text.
//!
//! Everything here answers one question: can this string, written by a stranger, be put
//! into the site without letting it do anything but be read? [`safe_href`] decides whether
//! a string may become an `href`; [`slug`] turns a name into one path segment.
//!
//! `safe_href` is an allowlist, and a deliberately narrow one. A browser's URL parser
//! forgives a lot (it drops tabs and newlines inside a scheme, trims control characters,
//! reads `\` as `/`, decodes entities before it ever sees the attribute), and every one
//! of those kindnesses has been used to smuggle a `javascript:` URL past a filter that
//! parsed more strictly than the browser. So rather than parse the way a browser does,
//! this module refuses anything a browser could read in more than one way.

/// Schemes a link on the public site may use, in lower case.
const ALLOWED_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// Returns the URL to put into an `href`, or `None` if it must not be linked.
///
/// Accepted, after trimming surrounding whitespace:
///
/// - `http://host…` and `https://host…` (with a host), and `mailto:…` (with an address),
///   the scheme in any letter case;
/// - references relative to the page: a path (`notes.html`, `./x`, `../x`, `/x`),
///   a `#fragment` or a `?query`.
///
/// Rejected:
///
/// - any other scheme in any casing (`javascript:`, `vbscript:`, `data:`, `file:`, …) and
///   anything with a `:` before its first `/`, `?` or `#` that is not one of the schemes
///   above;
/// - protocol-relative URLs (`//evil.example`, and `\\`, `/\`, `\/` which browsers read the
///   same way) and any `\` at all;
/// - control characters (NUL, tab, newline, …), other whitespace inside the URL, and
///   invisible formatting characters (zero-width spaces, bidi controls, BOM) anywhere;
/// - an `&` before the first `/`, `?` or `#`, so that a character reference such as
///   `&#106;avascript:` cannot turn into a scheme if it is decoded later;
/// - the empty string.
///
/// The returned string is the trimmed input, unchanged: it still needs HTML escaping where
/// it is written into an attribute.
pub(crate) fn safe_href(raw: &str) -> Option<String> {
    let url = raw.trim();
    if url.is_empty() || url.chars().any(is_forbidden_char) {
        return None;
    }
    if url.starts_with("//") || url.contains('\\') {
        return None;
    }
    // The part of a URL that can hold a scheme ends at the first `/`, `?` or `#`. Only
    // there can `:`, or a character reference that decodes to one, name a scheme.
    let head_end = url.find(['/', '?', '#']).unwrap_or(url.len());
    let head = &url[..head_end];
    if head.contains('&') {
        return None;
    }
    match head.find(':') {
        None => Some(url.to_owned()),
        Some(colon) => {
            let scheme = head[..colon].to_ascii_lowercase();
            if !ALLOWED_SCHEMES.contains(&scheme.as_str()) {
                return None;
            }
            let rest = &url[colon + 1..];
            let well_formed = match scheme.as_str() {
                "mailto" => !rest.is_empty() && !rest.starts_with('/'),
                _ => rest
                    .strip_prefix("//")
                    .and_then(|after| after.chars().next())
                    .is_some_and(|first| !matches!(first, '/' | '?' | '#')),
            };
            well_formed.then(|| url.to_owned())
        }
    }
}

/// Characters that never belong in a URL we link to: controls (C0, DEL, C1), whitespace
/// (the input was trimmed, so any left is inside), and format characters that are
/// invisible when shown and may be skipped or reordered by the reader's software.
fn is_forbidden_char(c: char) -> bool {
    c.is_control()
        || c.is_whitespace()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// The longest slug [`slug`] returns, in bytes (all of them ASCII).
pub(crate) const SLUG_MAX_LEN: usize = 80;

/// Turns a name (a release such as `v2.3.0`, a title) into one safe path segment.
///
/// The result is made of `[a-z0-9-]` only: ASCII letters are lower-cased, ASCII digits
/// kept, and every run of anything else becomes a single `-`. It has no leading or
/// trailing `-`, is at most [`SLUG_MAX_LEN`] characters long and is never empty (a name
/// with nothing to keep gives `untitled`). So it can never be `.`, `..`, or contain a
/// path separator, whatever the input.
///
/// Different names can give the same slug (`v2.3.0` and `v2-3-0`); callers that need
/// unique file names must check for that.
pub(crate) fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(SLUG_MAX_LEN));
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                if out.len() + 1 >= SLUG_MAX_LEN {
                    break;
                }
                out.push('-');
            }
            pending_dash = false;
            if out.len() >= SLUG_MAX_LEN {
                break;
            }
            out.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("untitled");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_href_accepts_web_mail_and_relative_urls() {
        let accepted = [
            ("https://example.com", "https://example.com"),
            (
                "http://example.com/a?b=c&d=e#f",
                "http://example.com/a?b=c&d=e#f",
            ),
            ("HTTPS://EXAMPLE.COM/", "HTTPS://EXAMPLE.COM/"),
            ("  https://example.com/x  ", "https://example.com/x"),
            (
                "https://github.com/example/astra/pull/1234",
                "https://github.com/example/astra/pull/1234",
            ),
            (
                "https://user@example.com:8443/p",
                "https://user@example.com:8443/p",
            ),
            ("https://例え.jp/パス", "https://例え.jp/パス"),
            ("mailto:team@example.com", "mailto:team@example.com"),
            (
                "MailTo:team@example.com?subject=hi",
                "MailTo:team@example.com?subject=hi",
            ),
            ("notes.html", "notes.html"),
            ("releases/v2-3-0.html", "releases/v2-3-0.html"),
            ("./x", "./x"),
            ("../x", "../x"),
            ("../../reports/index.html", "../../reports/index.html"),
            ("/absolute/path", "/absolute/path"),
            ("#section-2", "#section-2"),
            ("?q=1", "?q=1"),
            ("#", "#"),
            ("a/b:c", "a/b:c"),
            ("?next=javascript:alert(1)", "?next=javascript:alert(1)"),
            ("page.html#a&b", "page.html#a&b"),
            ("x/&#106;", "x/&#106;"),
            ("%6Aavascript", "%6Aavascript"),
        ];
        for (input, expected) in accepted {
            assert_eq!(
                safe_href(input).as_deref(),
                Some(expected),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn safe_href_rejects_everything_else() {
        let rejected = [
            "",
            "   ",
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "JAVASCRIPT:alert(1)",
            " javascript:alert(1)",
            "\u{0}javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "\u{7f}javascript:alert(1)",
            "\u{85}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "java\rscript:alert(1)",
            "java\u{0}script:alert(1)",
            "java script:alert(1)",
            "\u{200B}javascript:alert(1)",
            "\u{FEFF}javascript:alert(1)",
            "java\u{200D}script:alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A;avascript:alert(1)",
            "java&#x09;script:alert(1)",
            "java&Tab;script:alert(1)",
            "javascript&colon;alert(1)",
            "javascript&#58;alert(1)",
            "&amp;x",
            "vbscript:msgbox(1)",
            "VBScript:msgbox(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "DATA:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
            "FILE:///C:/Windows",
            "ftp://example.com",
            "tel:+15551234567",
            "blob:https://example.com/uuid",
            "about:blank",
            "chrome://settings",
            "c:/windows",
            ":foo",
            "//evil.example",
            "//evil.example/path",
            "///evil.example",
            "\\\\evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "https:\\\\evil.example",
            "a\\b",
            "https:evil.example",
            "https:/evil.example",
            "https://",
            "https:///path",
            "http://?q",
            "mailto:",
            "mailto://x",
            "https://example.com/a b",
            "https://example.com/\u{202E}fdp.exe",
            "https://exa\u{AD}mple.com",
        ];
        for input in rejected {
            assert_eq!(safe_href(input), None, "input {input:?}");
        }
    }

    #[test]
    fn slug_examples() {
        let cases = [
            ("v2.3.0", "v2-3-0"),
            ("V2.3.0", "v2-3-0"),
            ("Release 2026 — Winter!", "release-2026-winter"),
            ("--a--b--", "a-b"),
            ("hybrid-reranker", "hybrid-reranker"),
            ("../../etc/passwd", "etc-passwd"),
            ("C:\\Windows\\System32", "c-windows-system32"),
            ("Crème brûlée", "cr-me-br-l-e"),
            ("", "untitled"),
            ("   ", "untitled"),
            ("..", "untitled"),
            (".", "untitled"),
            ("/", "untitled"),
            ("\\", "untitled"),
            ("日本語", "untitled"),
            ("\u{0}", "untitled"),
        ];
        for (input, expected) in cases {
            assert_eq!(slug(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn slug_is_at_most_80_chars_and_never_ends_in_a_dash() {
        assert_eq!(slug(&"a".repeat(200)), "a".repeat(80));
        // A separator that would land on the 80th character is dropped, not kept dangling.
        let long = format!("{}.{}", "a".repeat(79), "b".repeat(10));
        assert_eq!(slug(&long), "a".repeat(79));
        let long = format!("{}.{}", "a".repeat(78), "b".repeat(10));
        assert_eq!(slug(&long), format!("{}-b", "a".repeat(78)));
    }

    #[test]
    fn slug_never_leaves_its_character_set() {
        let tricky = [
            "../../etc",
            "..\\..\\etc",
            "/",
            "\\",
            "..",
            ".",
            "",
            "-",
            "---",
            "a/b",
            "a\\b",
            "%2e%2e%2f",
            "\u{0}\u{1}\u{7f}",
            "ＡＢＣ",
            "İstanbul",
            "ß",
            "KELVIN K",
            "🦀 rust 🦀",
            "\u{202E}evil",
            "con",
            "x\ny\tz",
            &"é".repeat(500),
            &"a-".repeat(500),
            &"ab.".repeat(500),
        ];
        for input in tricky {
            let s = slug(input);
            assert!(!s.is_empty(), "{input:?}");
            assert!(s.len() <= SLUG_MAX_LEN, "{input:?} -> {s:?}");
            assert!(
                s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{input:?} -> {s:?}"
            );
            assert!(
                !s.starts_with('-') && !s.ends_with('-'),
                "{input:?} -> {s:?}"
            );
            assert!(!s.contains("--"), "{input:?} -> {s:?}");
            assert_ne!(s, ".");
            assert_ne!(s, "..");
        }
    }
}
