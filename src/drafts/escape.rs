//! Untrusted plain text (titles, quotes) made inert for the places drafts,
//! the to-do list and the digest go: Markdown and Slack's mrkdwn.

/// Plain text as literal Markdown on one line: every character that could
/// start emphasis, a link, HTML, a table cell or an entity is
/// backslash-escaped (CommonMark escapes any ASCII punctuation), and line
/// breaks become spaces.
pub(crate) fn markdown_inline(text: &str) -> String {
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
pub(crate) fn slack(text: &str) -> String {
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

/// A Markdown field (`decision.reason`, `shipped.impact`) as plain text for
/// an e-mail: emphasis and code marks dropped, links as their text followed
/// by the address, paragraphs kept.
pub(crate) fn markdown_to_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = String::new();
    let mut links = Vec::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::Start(Tag::Item) => out.push_str("- "),
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url),
            Event::End(TagEnd::Link) => {
                if let Some(url) = links.pop() {
                    out.push_str(&format!(" ({url})"));
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => out.push('\n'),
            _ => {}
        }
    }
    out.trim().to_owned()
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
    fn markdown_becomes_plain_text() {
        assert_eq!(
            markdown_to_text("From **two hours** to `one` [CSV](https://x.example/a)."),
            "From two hours to one CSV (https://x.example/a)."
        );
    }

    #[test]
    fn slack_escapes_three_characters() {
        assert_eq!(
            slack("a & <!channel> > b"),
            "a &amp; &lt;!channel&gt; &gt; b"
        );
    }
}
