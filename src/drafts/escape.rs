//! Untrusted plain text (titles, quotes) made inert for the places drafts,
//! the to-do list and the digest go: Markdown and Slack's mrkdwn.

/// Plain text as literal Markdown on one line: every character that could
/// start emphasis, a link, HTML, a table cell or an entity is
/// backslash-escaped (CommonMark escapes any ASCII punctuation), and line
/// breaks become spaces.
pub fn markdown_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' | '&' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Slack's three escapes for text in messages: `&`, `<`, `>` (which also
/// keeps untrusted text from forming `<!channel>` or `<@U123>` mentions).
pub fn slack(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_literal() {
        assert_eq!(
            markdown_inline("**x** [a](javascript:1) <b> | `c`\nnext"),
            "\\*\\*x\\*\\* \\[a\\](javascript:1) \\<b\\> \\| \\`c\\` next"
        );
        assert_eq!(markdown_inline("v2.3.0 (beta)"), "v2.3.0 (beta)");
    }

    #[test]
    fn slack_escapes_three_characters() {
        assert_eq!(
            slack("a & <!channel> > b"),
            "a &amp; &lt;!channel&gt; &gt; b"
        );
    }
}
