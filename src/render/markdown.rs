//! Markdown written by strangers, made safe to publish.
//!
//! `decision.reason`, `shipped.impact` and item bodies are Markdown from anyone who can
//! open a pull request, and they end up on a public site. Nothing in them may run in a
//! reader's browser or make it fetch anything from elsewhere. Two layers see to that, so
//! that a mistake in one is caught by the other:
//!
//! 1. **The Markdown events are defused** before any HTML exists (`defuse`). Raw HTML
//!    is turned into text (so `<script>` shows as the characters `<script>`), HTML
//!    comments are dropped (as they are when GitHub renders the same file), links whose
//!    URL fails [`safe_href`] lose their link and keep their text, and images become
//!    plain links to the picture (or just their text, if the URL is not safe): a page of
//!    the site never loads anything from another host. Headings are demoted by two levels
//!    (`#` becomes `<h3>`) because the fields render inside an item page that already has
//!    its `<h1>` and `<h2>` sections. Task list checkboxes become the characters ☐ and ☑,
//!    so no `<input>` is needed. Table alignment and code block languages are dropped:
//!    they would need `style` and `class` attributes, which the site does not allow.
//! 2. **The HTML is sanitized** by an explicitly configured ammonia [`Builder`]
//!    (`sanitizer`): an allowlist of prose tags, `href` and `title` on links only,
//!    `start` on ordered lists, the schemes http, https and mailto, every `href` checked
//!    again with [`safe_href`], `rel="nofollow noopener noreferrer"` on every link.
//!
//! The parser [`Options`] are fixed here too: tables, strikethrough and task lists, and
//! nothing else. Heading attributes in particular stay off (`# T {onclick=alert(1)}`
//! would otherwise set attributes), and so do math, wikilinks, footnotes and GFM alerts.
//!
//! Both entry points first replace the characters XML 1.0 forbids (C0 controls other than
//! tab, newline and carriage return, U+FFFE, U+FFFF) with U+FFFD, so their output can also
//! go into the Atom feed.
//!
//! Nesting is capped at [`MAX_NESTING`] open block containers and inline elements: deeper
//! ones lose their markup and keep their text. Nothing here overflows the stack on deep
//! input (the tests run 10,000 levels on a thread with a small stack), but html5ever, which
//! ammonia parses with, spends time proportional to the depth on every element, so 20,000
//! nested list items (40 kB of `- - - …`) took 11 seconds to sanitize before the cap.

use std::borrow::Cow;
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};
use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use super::url::safe_href;

/// Renders untrusted Markdown to HTML that is safe to put into a page as it is.
pub(crate) fn markdown_to_html(src: &str) -> String {
    if let Some(html) = plain_paragraph(src) {
        return html;
    }
    let src = replace_xml_invalid_chars(src);
    let events = defuse(cap_nesting(Parser::new_ext(&src, parser_options())));
    let mut html = String::with_capacity(src.len() + src.len() / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    sanitizer().clean(&html).to_string()
}

/// The HTML of text that neither Markdown nor HTML reads as markup, without
/// parsing or sanitizing it: nothing for an empty text (as the public site's
/// bodies are), one paragraph for a line of words and plain punctuation (as
/// most decision reasons are). [`markdown_to_html`] gives the very same bytes
/// for both (a property test compares them on generated text); anything
/// else, `None`, takes the full path.
///
/// A plain line starts with a letter (a digit could start an ordered list),
/// ends with a letter, digit or closing punctuation, and holds only letters,
/// digits, single spaces and punctuation that is never markup: no `&`, `<`,
/// `>`, `*`, `_`, `` ` ``, `~`, `[`, `]`, `!`, `\\`, `#`, `|`, no line break and
/// no control or invisible character.
fn plain_paragraph(src: &str) -> Option<String> {
    if src.is_empty() {
        return Some(String::new());
    }
    let plain = |c: char| {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                ' ' | ','
                    | '.'
                    | ';'
                    | ':'
                    | '\''
                    | '"'
                    | '('
                    | ')'
                    | '%'
                    | '?'
                    | '/'
                    | '+'
                    | '='
                    | '-'
                    | '$'
                    | '@'
            )
            || (!c.is_ascii()
                && (c.is_alphanumeric() || matches!(c, '—' | '–' | '’' | '‘' | '“' | '”' | '…')))
    };
    let first = src.chars().next()?;
    let last = src.chars().next_back()?;
    let ends =
        |c: char| c.is_alphanumeric() || matches!(c, '.' | '?' | ')' | '"' | '%' | '’' | '”' | '…');
    (first.is_alphabetic() && ends(last) && !src.contains("  ") && src.chars().all(plain))
        .then(|| format!("<p>{src}</p>\n"))
}

/// The Markdown extensions the site supports; anything not named here is off.
fn parser_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// How many block containers (quotes, lists, list items) and inline elements (emphasis,
/// links, …) may be open at once; a list level counts twice, for the list and its item.
pub(crate) const MAX_NESTING: usize = 32;

/// Drops the start and end of every container or inline element opened deeper than
/// [`MAX_NESTING`], keeping what is inside them.
fn cap_nesting<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    let mut depth = 0usize;
    let mut kept: Vec<bool> = Vec::new();
    events.filter(move |event| match event {
        Event::Start(tag) if counts_as_nesting(tag.to_end()) => {
            let keep = depth < MAX_NESTING;
            if keep {
                depth += 1;
            }
            kept.push(keep);
            keep
        }
        Event::End(end) if counts_as_nesting(*end) => {
            let keep = kept.pop().unwrap_or(true);
            if keep {
                depth = depth.saturating_sub(1);
            }
            keep
        }
        _ => true,
    })
}

/// Elements that can nest without limit in Markdown; leaf blocks (paragraphs, headings,
/// code, tables) cannot, so they are never dropped.
fn counts_as_nesting(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// What became of an open link or image, so that its end event can follow suit.
enum Open {
    /// A link to a safe URL, kept as a link.
    Link,
    /// A link or image whose start was dropped; its content stays as text.
    Dropped,
    /// An image turned into a link to the picture.
    ImageLink,
}

/// Rewrites the event stream so that it can only produce the HTML the site allows.
///
/// The output never contains `Event::Html` or `Event::InlineHtml`, images, links to URLs
/// that fail [`safe_href`], links inside links, task list markers, heading ids, classes or
/// attributes, table alignments or code block languages.
fn defuse<'a>(events: impl Iterator<Item = Event<'a>>) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    let mut anchors_open = 0usize;
    let mut html_block: Option<String> = None;
    let mut events = events.peekable();
    while let Some(event) = events.next() {
        if let Some(block) = html_block.as_mut() {
            match event {
                Event::End(TagEnd::HtmlBlock) => {
                    let text = strip_html_comments(block).trim().to_owned();
                    if !text.is_empty() {
                        out.push(Event::Start(Tag::Paragraph));
                        out.push(Event::Text(text.into()));
                        out.push(Event::End(TagEnd::Paragraph));
                    }
                    html_block = None;
                }
                Event::Html(t) | Event::Text(t) => block.push_str(&t),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::HtmlBlock) => html_block = Some(String::new()),
            Event::Html(t) | Event::InlineHtml(t) => {
                let text = strip_html_comments(&t);
                if !text.is_empty() {
                    out.push(Event::Text(text.into_owned().into()));
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let href = if link_type == LinkType::Email {
                    safe_href(&format!("mailto:{dest_url}")).map(|_| dest_url.to_string())
                } else {
                    safe_href(&dest_url)
                };
                match href {
                    Some(href) if anchors_open == 0 => {
                        anchors_open += 1;
                        open.push(Open::Link);
                        out.push(Event::Start(Tag::Link {
                            link_type,
                            dest_url: href.into(),
                            title,
                            id,
                        }));
                    }
                    _ => open.push(Open::Dropped),
                }
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => match safe_href(&dest_url) {
                Some(href) if anchors_open == 0 => {
                    anchors_open += 1;
                    open.push(Open::ImageLink);
                    out.push(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url: href.into(),
                        title,
                        id: CowStr::Borrowed(""),
                    }));
                    if matches!(events.peek(), Some(Event::End(TagEnd::Image))) {
                        out.push(Event::Text("image".into()));
                    }
                }
                _ => open.push(Open::Dropped),
            },
            Event::End(TagEnd::Link | TagEnd::Image) => match open.pop() {
                Some(Open::Link | Open::ImageLink) => {
                    anchors_open -= 1;
                    out.push(Event::End(TagEnd::Link));
                }
                Some(Open::Dropped) | None => {}
            },
            Event::TaskListMarker(checked) => {
                out.push(Event::Text(if checked { "☑ " } else { "☐ " }.into()));
            }
            Event::Start(Tag::Heading { level, .. }) => {
                out.push(Event::Start(Tag::Heading {
                    level: demote(level),
                    id: None,
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                out.push(Event::End(TagEnd::Heading(demote(level))));
            }
            Event::Start(Tag::CodeBlock(_)) => {
                out.push(Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)));
            }
            Event::Start(Tag::Table(alignments)) => {
                let plain = vec![pulldown_cmark::Alignment::None; alignments.len()];
                out.push(Event::Start(Tag::Table(plain)));
            }
            Event::Start(Tag::BlockQuote(_)) => out.push(Event::Start(Tag::BlockQuote(None))),
            Event::End(TagEnd::BlockQuote(_)) => out.push(Event::End(TagEnd::BlockQuote(None))),
            Event::InlineMath(t) | Event::DisplayMath(t) => out.push(Event::Code(t)),
            other => out.push(other),
        }
    }
    out
}

/// Heading levels inside an item page start at `<h3>`: `#` → h3, `##` → h4, the rest h5, h6.
fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H3,
        HeadingLevel::H2 => HeadingLevel::H4,
        HeadingLevel::H3 => HeadingLevel::H5,
        HeadingLevel::H4 | HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

/// Removes `<!-- … -->` comments from raw HTML; an unterminated one runs to the end.
fn strip_html_comments(html: &str) -> Cow<'_, str> {
    if !html.contains("<!--") {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 4..];
        // `<!-->` and `<!--->` are complete (empty) comments in HTML and CommonMark.
        let end = if after.starts_with('>') {
            Some(1)
        } else if after.starts_with("->") {
            Some(2)
        } else {
            after.find("-->").map(|i| i + 3)
        };
        match end {
            Some(end) => rest = &after[end..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The ammonia configuration for rendered Markdown, built once.
///
/// Everything is set explicitly rather than inherited from ammonia's defaults, which allow
/// more tags (`img`, `details`, `div`, …) and schemes (`ftp`, `tel`, `sms`, …) than the
/// site wants.
fn sanitizer() -> &'static Builder<'static> {
    static SANITIZER: LazyLock<Builder<'static>> = LazyLock::new(|| {
        let mut builder = Builder::empty();
        builder
            .tags(
                [
                    "p",
                    "br",
                    "hr",
                    "em",
                    "strong",
                    "del",
                    "code",
                    "pre",
                    "blockquote",
                    "ul",
                    "ol",
                    "li",
                    "a",
                    "h3",
                    "h4",
                    "h5",
                    "h6",
                    "table",
                    "thead",
                    "tbody",
                    "tr",
                    "th",
                    "td",
                ]
                .into(),
            )
            .clean_content_tags(["script", "style"].into())
            .tag_attributes([("a", ["href", "title"].into()), ("ol", ["start"].into())].into())
            .tag_attribute_values(Default::default())
            .set_tag_attribute_values(Default::default())
            .generic_attributes(Default::default())
            .generic_attribute_prefixes(Default::default())
            .allowed_classes(Default::default())
            .url_schemes(["http", "https", "mailto"].into())
            .url_relative(UrlRelative::Custom(Box::new(relative_url)))
            .attribute_filter(check_href)
            .link_rel(Some("nofollow noopener noreferrer"))
            .strip_comments(true)
            .id_prefix(None);
        builder
    });
    &SANITIZER
}

/// ammonia's `attribute_filter`: every `href`, absolute or relative, must pass
/// [`safe_href`]; other allowed attributes are kept as they are.
fn check_href<'v>(_element: &str, attribute: &str, value: &'v str) -> Option<Cow<'v, str>> {
    if attribute == "href" {
        safe_href(value).map(Cow::Owned)
    } else {
        Some(Cow::Borrowed(value))
    }
}

/// ammonia's policy for relative URLs: those [`safe_href`] accepts, which excludes
/// protocol-relative `//host` ones.
fn relative_url(url: &str) -> Option<Cow<'_, str>> {
    safe_href(url).map(Cow::Owned)
}

/// Replaces the characters that XML 1.0 does not allow, even escaped.
fn replace_xml_invalid_chars(src: &str) -> Cow<'_, str> {
    let invalid = |c: char| {
        matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}')
            || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if src.contains(invalid) {
        Cow::Owned(src.replace(invalid, "\u{FFFD}"))
    } else {
        Cow::Borrowed(src)
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use html5ever::tendril::StrTendril;
    use html5ever::tokenizer::{
        BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer,
    };

    use super::*;

    /// The tags the sanitizer lets through; anything else in the output is a bug.
    const ALLOWED_TAGS: [&str; 23] = [
        "p",
        "br",
        "hr",
        "em",
        "strong",
        "del",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    ];

    /// A tag as a browser's tokenizer reads it from our output.
    #[derive(Debug)]
    struct SeenTag {
        name: String,
        start: bool,
        attrs: Vec<(String, String)>,
    }

    #[derive(Default)]
    struct Collect(RefCell<Vec<SeenTag>>);

    impl TokenSink for Collect {
        type Handle = ();

        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            if let Token::TagToken(tag) = token {
                self.0.borrow_mut().push(SeenTag {
                    name: tag.name.to_string(),
                    start: tag.kind == TagKind::StartTag,
                    attrs: tag
                        .attrs
                        .iter()
                        .map(|a| (a.name.local.to_string(), a.value.to_string()))
                        .collect(),
                });
            }
            TokenSinkResult::Continue
        }
    }

    /// Tokenizes HTML the way a browser would (attribute values entity-decoded).
    fn tags_in(html: &str) -> Vec<SeenTag> {
        let input = BufferQueue::default();
        input.push_back(StrTendril::from_slice(html));
        let tokenizer = Tokenizer::new(Collect::default(), Default::default());
        let _ = tokenizer.feed(&input);
        tokenizer.end();
        tokenizer.sink.0.take()
    }

    /// Asserts everything the site promises about rendered Markdown.
    fn assert_harmless(input: &str, html: &str) {
        let lower = html.to_ascii_lowercase();
        for needle in [
            "<script", "<iframe", "<svg", "<object", "<embed", "<style", "<img", "<input",
            "<details", "<math", "<!--", "<![cdata",
        ] {
            assert!(
                !lower.contains(needle),
                "{needle} in {html:?} from {input:?}"
            );
        }
        for tag in tags_in(html) {
            assert!(
                ALLOWED_TAGS.contains(&tag.name.as_str()),
                "tag <{}> in {html:?} from {input:?}",
                tag.name
            );
            for (name, value) in &tag.attrs {
                assert!(
                    !name.to_ascii_lowercase().starts_with("on"),
                    "event handler {name}={value:?} in {html:?} from {input:?}"
                );
                let allowed = matches!(
                    (tag.name.as_str(), name.as_str()),
                    ("a", "href" | "title" | "rel") | ("ol", "start")
                );
                assert!(allowed, "attribute {name} on <{}> in {html:?}", tag.name);
                if name == "href" || name == "src" {
                    let v = value.to_ascii_lowercase();
                    for scheme in ["javascript:", "vbscript:", "data:", "file:"] {
                        assert!(!v.contains(scheme), "{scheme} in {html:?} from {input:?}");
                    }
                    assert!(
                        safe_href(value).is_some(),
                        "unsafe href {value:?} in {html:?}"
                    );
                    assert!(!value.starts_with("//"), "protocol-relative {value:?}");
                }
                if name == "rel" {
                    assert_eq!(value, "nofollow noopener noreferrer");
                }
            }
        }
    }

    fn payloads() -> Vec<String> {
        let mut list: Vec<String> = [
            "<script>alert(1)</script>",
            "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
            "<img src=x onerror=alert(1)>",
            "text <img src=x onerror=alert(1)> inline",
            "<iframe src=//evil>",
            "<svg onload=alert(1)>",
            "<svg><script>alert(1)</script></svg>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            "<object data=javascript:alert(1)>",
            "<embed src=javascript:alert(1)>",
            "<style>body{background:url(//evil)}</style>",
            "<p style=\"background:url(//evil)\">x</p>",
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](java&#x09;script:alert(1))",
            "[x](java&Tab;script:alert(1))",
            "[x](&#106;avascript:alert(1))",
            "[x](&#x6A;avascript&#x3A;alert(1))",
            "[x](javascript&colon;alert(1))",
            "[x](\u{1}javascript:alert(1))",
            "[x](\u{0}javascript:alert(1))",
            "[x]( javascript:alert(1))",
            "[x](<javascript:alert(1)>)",
            "[x](<java script:alert(1)>)",
            "[x](\u{200B}javascript:alert(1))",
            "[x](vbscript:msgbox(1))",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "[x](DATA:text/html,<script>alert(1)</script>)",
            "[x](file:///etc/passwd)",
            "[x](//evil.example)",
            "[x](/\\evil.example)",
            "[x](https://ok.example \"t\\\" onmouseover=\\\"alert(1)\")",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<a href=\"https://ok.example\" onclick=\"alert(1)\">x</a>",
            "# T {onclick=alert(1)}",
            "# T {#id .class onclick=alert(1)}",
            "T\n=\n{onclick=alert(1)}",
            "![x](https://tracker.example/pixel.png)",
            "![](https://tracker.example/pixel.png)",
            "![x](javascript:alert(1))",
            "![x\"onerror=\"alert(1)](https://ok.example/a.png)",
            "[![x](https://tracker.example/p.png)](https://ok.example)",
            "![[inner](javascript:alert(1))](https://ok.example/a.png)",
            "<javascript:alert(1)>",
            "<JAVASCRIPT:alert(1)>",
            "<vbscript:alert(1)>",
            "<data:text/html,x>",
            "<mailto:a@example.com?body=<script>>",
            "<a@example.com>",
            "[x][r]\n\n[r]: javascript:alert(1)",
            "[x][r]\n\n[r]: <javascript:alert(1)> \"title\"",
            "[r]\n\n[r]: JaVaScRiPt:alert(1)",
            "![x][r]\n\n[r]: https://tracker.example/pixel.png",
            "<details open ontoggle=alert(1)>",
            "<details open ontoggle=alert(1)><summary>s</summary>x</details>",
            "<!-- <script>alert(1)</script> -->",
            "a <!-- x --> b <!-- unterminated",
            "<!--><script>alert(1)</script>",
            "<![CDATA[ <script>alert(1)</script> ]]>",
            "x <![CDATA[ ]]><script>alert(1)</script> y",
            "<?php echo 1; ?>",
            "<!DOCTYPE html><html><body onload=alert(1)>",
            "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
            "<textarea><script>alert(1)</script></textarea>",
            "<form action=javascript:alert(1)><button>x</button></form>",
            "<input type=checkbox onfocus=alert(1) autofocus>",
            "- [ ] task\n- [x] done",
            "```html\n<script>alert(1)</script>\n```",
            "`<script>alert(1)</script>`",
            "| a | b |\n|:--|--:|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
            "$x$ and $$y$$",
            "[[wiki]] [[javascript:alert(1)]]",
            "text[^1]\n\n[^1]: <script>alert(1)</script>",
            "> [!NOTE]\n> <script>alert(1)</script>",
            "---\ntitle: <script>alert(1)</script>\n---",
            "<http://ok.example/\"onmouseover=\"alert(1)>",
            "[x](https://ok.example/\"onmouseover=\"alert(1))",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
            "&#60;script&#62;alert(1)&#60;/script&#62;",
            "<scr<script>ipt>alert(1)</script>",
            "\u{0}<script>alert(1)</script>",
            "<a href=\"&#106;avascript:alert(1)\">x</a>",
            "<base href=\"https://evil.example/\">",
            "<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">",
            "<link rel=stylesheet href=//evil.example/x.css>",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        list.push(format!("{}x", ">".repeat(10_000)));
        list.push(format!("{}x", "- ".repeat(10_000)));
        list.push(format!("{}x", "1. ".repeat(10_000)));
        list.push(format!("{}x{}", "*".repeat(10_000), "*".repeat(10_000)));
        list.push(format!(
            "{}x{}",
            "[".repeat(10_000),
            "](javascript:alert(1))".repeat(10_000)
        ));
        list.push(
            (1..=200)
                .map(|i| format!("{}- x\n", "  ".repeat(i)))
                .collect(),
        );
        list
    }

    #[test]
    fn payloads_render_harmless_html() {
        for input in payloads() {
            let html = markdown_to_html(&input);
            assert_harmless(&input, &html);
        }
    }
    /// stack: nothing may recurse per level, and the output must be capped in depth.
    #[test]
    fn deep_nesting_neither_overflows_nor_nests_deep() {
        // (input, whether Markdown reads it as deeply nested)
        let inputs = [
            (format!("{}x", ">".repeat(10_000)), true),
            (format!("{}x", "> ".repeat(10_000)), true),
            (format!("{}x", "- ".repeat(10_000)), true),
            (format!("{}x", "1. ".repeat(10_000)), true),
            (format!("{}x", "> - ".repeat(5_000)), true),
            (
                format!("{}x{}", "*".repeat(10_000), "*".repeat(10_000)),
                true,
            ),
            (
                format!("x {}y{}", "~~".repeat(5_000), "~~".repeat(5_000)),
                false,
            ),
            (
                format!(
                    "x {}y{}",
                    "[".repeat(10_000),
                    "](https://ok.example)".repeat(10_000)
                ),
                false,
            ),
        ];
        let results = std::thread::Builder::new()
            .stack_size(512 * 1024)
            .spawn(move || {
                inputs
                    .iter()
                    .map(|(input, deep)| {
                        let html = markdown_to_html(input);
                        assert!(html.contains('x'), "{html}");
                        (max_depth(&html), *deep)
                    })
                    .collect::<Vec<_>>()
            })
            .expect("spawn")
            .join()
            .expect("rendering deep input must not crash");
        for (depth, deep) in results {
            assert!(depth <= MAX_NESTING + 1, "depth {depth}");
            if deep {
                assert!(depth >= MAX_NESTING, "the first levels are kept: {depth}");
            }
        }
    }

    fn max_depth(html: &str) -> usize {
        let mut depth = 0usize;
        let mut max = 0;
        for tag in tags_in(html) {
            if matches!(tag.name.as_str(), "br" | "hr") {
                continue;
            }
            if tag.start {
                depth += 1;
                max = max.max(depth);
            } else {
                depth = depth.saturating_sub(1);
            }
        }
        max
    }

    #[test]
    fn ordinary_markdown_still_renders() {
        let src = "\
# Title

Some *emphasis*, **strong**, ~~gone~~ and `code <b>`.

- one
- two
  1. nested

> quoted

| a | b |
|---|--:|
| 1 | 2 |

```rust
fn main() {}
```

See [the PR](https://github.com/example/astra/pull/1234 \"PR\"), \
[notes](../notes.html#x), <https://example.com> and <team@example.com>.

---
line  
break
";
        let html = markdown_to_html(src);
        for expected in [
            "<h3>Title</h3>",
            "<em>emphasis</em>",
            "<strong>strong</strong>",
            "<del>gone</del>",
            "<code>code &lt;b&gt;</code>",
            "<ul>\n<li>one</li>",
            "<ol>\n<li>nested</li>\n</ol>",
            "<blockquote>\n<p>quoted</p>\n</blockquote>",
            "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody>\n<tr><td>1</td><td>2</td></tr>\n</tbody></table>",
            "<pre><code>fn main() {}\n</code></pre>",
            "<a href=\"https://github.com/example/astra/pull/1234\" title=\"PR\" rel=\"nofollow noopener noreferrer\">the PR</a>",
            "<a href=\"../notes.html#x\" rel=\"nofollow noopener noreferrer\">notes</a>",
            "<a href=\"https://example.com\" rel=\"nofollow noopener noreferrer\">https://example.com</a>",
            "<a href=\"mailto:team@example.com\" rel=\"nofollow noopener noreferrer\">team@example.com</a>",
            "<hr>",
            "line<br>\nbreak",
        ] {
            assert!(html.contains(expected), "missing {expected:?} in\n{html}");
        }
        assert_harmless(src, &html);
    }

    #[test]
    fn raw_html_is_shown_as_text_and_comments_are_dropped() {
        assert_eq!(
            markdown_to_html("<script>alert(1)</script>"),
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
        );
        assert_eq!(
            markdown_to_html("a <b onclick=x>b</b> c"),
            "<p>a &lt;b onclick=x&gt;b&lt;/b&gt; c</p>\n"
        );
        assert_eq!(markdown_to_html("<!-- internal -->"), "");
        assert_eq!(markdown_to_html("a <!-- internal --> b"), "<p>a  b</p>\n");
        assert_eq!(
            markdown_to_html("<!-- x --> <i>after</i>"),
            "<p>&lt;i&gt;after&lt;/i&gt;</p>\n"
        );
    }

    #[test]
    fn unsafe_links_keep_their_text_and_lose_their_link() {
        assert_eq!(
            markdown_to_html("[click](javascript:alert(1))"),
            "<p>click</p>\n"
        );
        assert_eq!(
            markdown_to_html("<javascript:alert(1)>"),
            "<p>javascript:alert(1)</p>\n"
        );
        assert_eq!(markdown_to_html("[x](//evil.example)"), "<p>x</p>\n");
    }

    #[test]
    fn images_become_links_and_never_load() {
        assert_eq!(
            markdown_to_html("![chart](https://cdn.example/c.png \"t\")"),
            "<p><a href=\"https://cdn.example/c.png\" title=\"t\" \
             rel=\"nofollow noopener noreferrer\">chart</a></p>\n"
        );
        assert_eq!(
            markdown_to_html("![](https://cdn.example/c.png)"),
            "<p><a href=\"https://cdn.example/c.png\" rel=\"nofollow noopener noreferrer\">\
             image</a></p>\n"
        );
        assert_eq!(markdown_to_html("![x](javascript:alert(1))"), "<p>x</p>\n");
        // An image inside a link keeps the outer link and shows its alt text.
        assert_eq!(
            markdown_to_html("[![x](https://cdn.example/c.png)](https://ok.example/)"),
            "<p><a href=\"https://ok.example/\" rel=\"nofollow noopener noreferrer\">x</a></p>\n"
        );
    }

    /// The second layer on its own: raw HTML that `defuse` would never let through.
    #[test]
    fn sanitizer_alone_blocks_raw_html_attacks() {
        let clean = |html: &str| sanitizer().clean(html).to_string();
        assert_eq!(clean("<script>alert(1)</script>x"), "x");
        assert_eq!(clean("<img src=x onerror=alert(1)>"), "");
        assert_eq!(clean("<iframe src=//evil></iframe>"), "");
        assert_eq!(
            clean("<p onclick=alert(1) class=c id=i style=s>x</p>"),
            "<p>x</p>"
        );
        assert_eq!(clean("<h1>big</h1><h3>ok</h3>"), "big<h3>ok</h3>");
        assert_eq!(clean("<input type=checkbox checked>"), "");
        for href in [
            "javascript:alert(1)",
            "&#106;avascript:alert(1)",
            "java&#x09;script:alert(1)",
            " javascript:alert(1)",
            "data:text/html,x",
            "//evil.example",
            "/\\evil.example",
            "ftp://example.com",
            "tel:123",
        ] {
            assert_eq!(
                clean(&format!("<a href=\"{href}\">x</a>")),
                "<a rel=\"nofollow noopener noreferrer\">x</a>",
                "{href}"
            );
        }
        assert_eq!(
            clean("<a href=\"../x.html\" rel=\"opener\" target=\"_blank\">x</a>"),
            "<a href=\"../x.html\" rel=\"nofollow noopener noreferrer\">x</a>"
        );
    }

    #[test]
    fn headings_are_demoted_and_attributes_stay_text() {
        assert_eq!(markdown_to_html("# a"), "<h3>a</h3>\n");
        assert_eq!(markdown_to_html("## a"), "<h4>a</h4>\n");
        assert_eq!(markdown_to_html("### a"), "<h5>a</h5>\n");
        assert_eq!(markdown_to_html("###### a"), "<h6>a</h6>\n");
        assert_eq!(
            markdown_to_html("# T {#x .y onclick=alert(1)}"),
            "<h3>T {#x .y onclick=alert(1)}</h3>\n"
        );
    }

    #[test]
    fn task_lists_render_as_characters() {
        assert_eq!(
            markdown_to_html("- [ ] todo\n- [x] done"),
            "<ul>\n<li>☐ todo</li>\n<li>☑ done</li>\n</ul>\n"
        );
    }

    #[test]
    fn xml_invalid_characters_are_replaced() {
        assert_eq!(
            markdown_to_html("a\u{1}b\u{FFFF}"),
            "<p>a\u{FFFD}b\u{FFFD}</p>\n"
        );
    }
}

#[cfg(test)]
mod plain_paragraph_tests {
    use super::*;
    use proptest::prelude::*;

    /// The full path: parse, defuse, render, sanitize.
    fn full(src: &str) -> String {
        let src = replace_xml_invalid_chars(src);
        let events = defuse(cap_nesting(Parser::new_ext(&src, parser_options())));
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        sanitizer().clean(&html).to_string()
    }

    #[test]
    fn plain_text_skips_the_parser_with_the_same_html() {
        for src in [
            "",
            "Affects under 1% of workloads; we documented a workaround instead.",
            "Idempotency keys (per request) fixed it: see \"retries\" in the docs.",
            "Ünïcode — and ‘quotes’ … stay text",
            "Costs $5/month, +20% = too much?",
        ] {
            assert_eq!(plain_paragraph(src), Some(full(src)), "{src:?}");
        }
        for markup in [
            "1. a list",
            "- a list",
            "A *word*",
            "A <b>tag</b>",
            "Fish & chips",
            "Two\nlines",
            "Hard  spaces",
            "Trailing space ",
            " Leading space",
            "# Heading",
            "A [link](https://example.com)",
            "A `code` span",
            "Strike ~this~",
            "a | table",
            "Escaped \\*",
            "Nbsp\u{a0}here",
            "Zero\u{200b}width",
        ] {
            assert_eq!(plain_paragraph(markup), None, "{markup:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// Whatever the shortcut renders, the full path renders the same.
        #[test]
        fn shortcut_matches_the_full_path(
            src in "[A-Za-zé][A-Za-z0-9 ,.;:'\"()%?/+=$@—–’‘“”…éß日&<>*_`~!#|\\\\\\[\\]\u{a0}\n-]{0,40}"
        ) {
            if let Some(html) = plain_paragraph(&src) {
                prop_assert_eq!(html, full(&src));
            }
        }

        /// Text made only of what the shortcut takes, so that most cases take it.
        #[test]
        fn shortcut_matches_the_full_path_on_plain_text(
            src in "[A-Za-zé日][A-Za-z0-9 ,.;:'\"()%?/+=$@—–’‘“”…éß-]{0,60}[A-Za-z0-9.?)\"%’”…]"
        ) {
            if let Some(html) = plain_paragraph(&src) {
                prop_assert_eq!(html, full(&src));
            }
        }
    }
}
