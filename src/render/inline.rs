//! Plain text with `code` spans, as HTML: the one piece of markup a title
//! or a release note may carry.
//!
//! Developers write titles like "`client.stream()` drops the last chunk".
//! Printing the backticks literally reads badly; running the title through
//! Markdown would let it carry links, emphasis and worse. So this knows
//! exactly one construct, CommonMark's code span (a run of N backticks up
//! to the next run of exactly N), escapes everything else, and leaves an
//! unmatched backtick as the character it is.

/// `text` as HTML: every character escaped, code spans as `<code>`.
pub(crate) fn code_spans_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        escape_into(&mut out, &rest[..open]);
        let after = &rest[open..];
        let ticks = after.len() - after.trim_start_matches('`').len();
        let body_start = open + ticks;
        match closing(&rest[body_start..], ticks) {
            Some(close) => {
                let code = &rest[body_start..body_start + close];
                // CommonMark: one space on both sides is padding.
                let code = match code.strip_prefix(' ').and_then(|c| c.strip_suffix(' ')) {
                    Some(inner) if !inner.trim().is_empty() => inner,
                    _ => code,
                };
                out.push_str("<code>");
                escape_into(&mut out, code);
                out.push_str("</code>");
                rest = &rest[body_start + close + ticks..];
            }
            None => {
                escape_into(&mut out, &rest[open..body_start]);
                rest = &rest[body_start..];
            }
        }
    }
    escape_into(&mut out, rest);
    out
}

/// `text` without the backticks of its code spans, for plain-text places
/// (the page `<title>`, the feed, meta descriptions).
pub(crate) fn code_spans_plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let ticks = after.len() - after.trim_start_matches('`').len();
        let body_start = open + ticks;
        match closing(&rest[body_start..], ticks) {
            Some(close) => {
                out.push_str(&rest[body_start..body_start + close]);
                rest = &rest[body_start + close + ticks..];
            }
            None => {
                out.push_str(&rest[open..body_start]);
                rest = &rest[body_start..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Where a run of exactly `ticks` backticks starts in `text`.
fn closing(text: &str, ticks: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let run = bytes[i..].iter().take_while(|b| **b == b'`').count();
            if run == ticks {
                return Some(i);
            }
            i += run;
        } else {
            i += 1;
        }
    }
    None
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_become_code_and_the_rest_is_escaped() {
        assert_eq!(
            code_spans_html("`client.stream()` drops <b>"),
            "<code>client.stream()</code> drops &lt;b&gt;"
        );
        assert_eq!(
            code_spans_html("a `<script>alert(1)</script>` b"),
            "a <code>&lt;script&gt;alert(1)&lt;/script&gt;</code> b"
        );
        assert_eq!(code_spans_html("``a ` b``"), "<code>a ` b</code>");
        assert_eq!(code_spans_html("`` `x` ``"), "<code>`x`</code>");
    }

    #[test]
    fn an_unmatched_backtick_stays_a_backtick() {
        assert_eq!(code_spans_html("it's `broken"), "it&#x27;s `broken");
        assert_eq!(code_spans_html("``x`"), "``x`");
        assert_eq!(code_spans_html("`"), "`");
        assert_eq!(code_spans_html(""), "");
    }

    #[test]
    fn plain_text_drops_only_the_span_backticks() {
        assert_eq!(code_spans_plain("`x()` and `y"), "x() and `y");
        assert_eq!(code_spans_plain("no code"), "no code");
    }

    #[test]
    fn never_emits_a_tag_from_input() {
        for input in ["<img src=x>", "`<img src=x>`", "``<a>``` `", "\"'&`<`>"] {
            let html = code_spans_html(input);
            let stripped = html.replace("<code>", "").replace("</code>", "");
            assert!(
                !stripped.contains('<') && !stripped.contains('>'),
                "{input}: {html}"
            );
        }
    }
}
