//! The digest as a Slack Block Kit message payload, ready to post to an
//! incoming webhook (`curl -d @payload.json $WEBHOOK`).
//!
//! Slack's limits are kept by construction: at most [`MAX_BLOCKS`] blocks
//! (entries that do not fit are counted in a closing note), at most
//! [`MAX_TEXT`] characters per text object (a longer entry is cut and says
//! how many characters it left out), 150 for the header. Untrusted text is
//! escaped (`&`, `<`, `>`) so it cannot form links or mentions.

use super::escape::slack;
use super::view::DigestEntry;
use serde_json::{Value, json};

pub(crate) const MAX_BLOCKS: usize = 50;
pub(crate) const MAX_TEXT: usize = 3000;
const MAX_HEADER: usize = 150;

/// The payload: a fallback `text` and the blocks.
pub(crate) fn payload(title: &str, span: &str, entries: &[DigestEntry], left_out: usize) -> Value {
    let count = match entries.len() {
        1 => "1 new item".to_owned(),
        n => format!("{n} new items"),
    };
    let headline = format!("Developer feedback: {count}");
    let mut blocks = vec![
        json!({"type": "header", "text": {"type": "plain_text", "text": cut_plain(&headline, MAX_HEADER), "emoji": false}}),
        json!({"type": "context", "elements": [{"type": "mrkdwn", "text": cut(&format!("{} · received {span}", slack(title)), MAX_TEXT)}]}),
    ];
    // Two blocks per entry (section, divider); keep one for the closing note.
    let room = (MAX_BLOCKS - blocks.len() - 1) / 2;
    let shown = entries.len().min(room);
    for e in &entries[..shown] {
        blocks.push(json!({"type": "section", "text": {"type": "mrkdwn", "text": cut(&entry_text(e), MAX_TEXT)}}));
        blocks.push(json!({"type": "divider"}));
    }
    let mut notes = Vec::new();
    if shown < entries.len() {
        notes.push(format!(
            "…and {} more not shown here (Slack allows {MAX_BLOCKS} blocks): run `closeloop report digest` for every item.",
            entries.len() - shown
        ));
    }
    if left_out > 0 {
        notes.push(format!(
            "{left_out} item{} with validation errors left out.",
            if left_out == 1 { "" } else { "s" }
        ));
    }
    if entries.is_empty() {
        notes.push("Nothing new came in.".to_owned());
    }
    if notes.is_empty() {
        blocks.pop(); // no divider after the last entry
    } else {
        blocks.push(json!({"type": "context", "elements": [{"type": "mrkdwn", "text": cut(&notes.join(" "), MAX_TEXT)}]}));
    }
    json!({
        "text": cut(&format!("{headline} ({})", slack(span)), MAX_TEXT),
        "blocks": blocks,
    })
}

/// One entry in mrkdwn, every untrusted part escaped.
fn entry_text(e: &DigestEntry) -> String {
    let title = slack(&e.title);
    let mut text = match &e.url {
        Some(url) => format!("*<{}|{title}>*", slack(url).replace('|', "%7C")),
        None => format!("*{title}*"),
    };
    text.push_str(&format!(
        "\n{} · `{}` · {} × {} (score {}) · {}",
        slack(&e.area),
        e.tag,
        e.severity,
        e.frequency,
        e.score,
        e.state
    ));
    if let Some(jtbd) = &e.jtbd {
        text.push_str(&format!("\n_Job to be done:_ {}", slack(jtbd)));
    }
    if let Some(quote) = &e.quote {
        for line in quote.lines() {
            text.push_str(&format!("\n> {}", slack(line)));
        }
    }
    match &e.owner_tag {
        Some(tag) => text.push_str(&format!("\nOwner: {}", slack(tag))),
        None => text.push_str("\nOwner: nobody yet (add the area to `[owners]`)"),
    }
    text
}

/// Escaped text cut to at most `max` characters, never inside an entity,
/// saying how many characters of the original it left out.
pub(crate) fn cut(escaped: &str, max: usize) -> String {
    let len = escaped.chars().count();
    if len <= max {
        return escaped.to_owned();
    }
    // Reserve room for the note; its digits can only shrink as we cut.
    let note = |n: usize| format!("… ({n} more characters not shown)");
    let budget = max - note(len).chars().count();
    let mut end = 0;
    let mut kept = 0;
    let mut chars = escaped.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        // An entity is one unit: `&amp;`, `&lt;`, `&gt;`.
        let unit = if c == '&' {
            ["&amp;", "&lt;", "&gt;"]
                .iter()
                .find(|e| escaped[i..].starts_with(*e))
                .map_or(1, |e| e.len())
        } else {
            1
        };
        if kept + unit > budget {
            break;
        }
        kept += unit;
        end = i + c.len_utf8();
        for _ in 1..unit {
            if let Some((j, d)) = chars.next() {
                end = j + d.len_utf8();
            }
        }
    }
    let left = len - kept;
    format!("{}{}", &escaped[..end], note(left))
}

/// Plain text (not escaped, Slack shows `plain_text` as is) cut to `max`.
fn cut_plain(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut s: String = text.chars().take(max - 1).collect();
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_never_splits_an_entity_and_counts_what_it_left_out() {
        let text = slack(&"a&".repeat(2000));
        let out = cut(&text, 3000);
        assert!(out.chars().count() <= 3000, "{}", out.chars().count());
        let (kept, note) = out.split_once('…').unwrap();
        assert!(kept.ends_with("&amp;") || kept.ends_with('a'), "{kept}");
        let n: usize = note
            .trim_start_matches(" (")
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(kept.chars().count() + n, text.chars().count());
    }

    #[test]
    fn short_text_is_kept() {
        assert_eq!(cut("short", 3000), "short");
    }
}
