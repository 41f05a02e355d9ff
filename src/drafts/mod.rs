//! Message drafts (SPEC §11): what to send the developer, and the summary
//! for the internal channel, from templates a team can override.
//!
//! A draft is built in three steps: [`fit`] checks that the item is in a
//! state the draft can speak about (and names the draft that fits when
//! not); [`view`] gathers what the template may say — a developer's handle
//! only when their credit is `public`, never `links` or the channel, and
//! for the digest not even the handle; [`Drafts`] renders it with the
//! built-in Tera template or the team's `templates/messages/<kind>.<ext>`.
//! Drafts only print: they change no file.

pub(crate) mod escape;
pub(crate) mod slack;
pub(crate) mod view;

use anyhow::{Result, anyhow};
use std::path::Path;

/// The four drafts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum DraftKind {
    /// To the developer: thanks, what was logged, who owns it, when they hear back.
    Ack,
    /// To the developer: the outcome and its reasoning.
    Decision,
    /// To the developer: what shipped, how they are credited, the ask for a follow-up.
    Close,
    /// For the internal channel: the anonymized summary.
    Digest,
}

impl DraftKind {
    pub const ALL: [DraftKind; 4] = [
        DraftKind::Ack,
        DraftKind::Decision,
        DraftKind::Close,
        DraftKind::Digest,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DraftKind::Ack => "ack",
            DraftKind::Decision => "decision",
            DraftKind::Close => "close",
            DraftKind::Digest => "digest",
        }
    }
}

/// Plain text (to paste into an e-mail or a DM), or Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DraftFormat {
    Text,
    Md,
}

impl DraftFormat {
    pub fn extension(self) -> &'static str {
        match self {
            DraftFormat::Text => "txt",
            DraftFormat::Md => "md",
        }
    }
}

/// The built-in templates: (kind, format, text).
const BUILT_IN: &[(DraftKind, DraftFormat, &str)] = &[
    (
        DraftKind::Ack,
        DraftFormat::Text,
        include_str!("templates/ack.txt"),
    ),
    (
        DraftKind::Ack,
        DraftFormat::Md,
        include_str!("templates/ack.md"),
    ),
    (
        DraftKind::Decision,
        DraftFormat::Text,
        include_str!("templates/decision.txt"),
    ),
    (
        DraftKind::Decision,
        DraftFormat::Md,
        include_str!("templates/decision.md"),
    ),
    (
        DraftKind::Close,
        DraftFormat::Text,
        include_str!("templates/close.txt"),
    ),
    (
        DraftKind::Close,
        DraftFormat::Md,
        include_str!("templates/close.md"),
    ),
    (
        DraftKind::Digest,
        DraftFormat::Text,
        include_str!("templates/digest.txt"),
    ),
    (
        DraftKind::Digest,
        DraftFormat::Md,
        include_str!("templates/digest.md"),
    ),
];

/// The folder, under the repository's `templates/`, of message overrides.
pub(crate) const OVERRIDES: &str = "templates/messages";

/// Whether a draft can speak about an item in its state. `Err` says why
/// not and which draft fits instead. `outcome` is the item whose decision
/// and ship count: the item itself, or the original of a duplicate.
pub(crate) fn fit(
    kind: DraftKind,
    item: &crate::model::Item,
    outcome: &crate::model::Item,
) -> Result<(), String> {
    let id = &item.id;
    let state = item.state.as_str();
    let fitting = || {
        if outcome.shipped.is_some() {
            format!("`closeloop draft close {id}` tells the developer what shipped")
        } else if outcome.decision.is_some() {
            format!("`closeloop draft decision {id}` tells the developer what was decided and why")
        } else if item.acknowledged.is_some() {
            format!("`closeloop draft digest {id}` summarizes it for the owners' review")
        } else {
            format!("`closeloop draft ack {id}` thanks the developer and says who is looking at it")
        }
    };
    match kind {
        DraftKind::Digest => Ok(()),
        DraftKind::Ack if outcome.decision.is_none() => Ok(()),
        DraftKind::Ack => Err(format!(
            "`{id}` is past its acknowledgement (state `{state}`): {} instead",
            fitting()
        )),
        DraftKind::Decision if outcome.shipped.is_some() => Err(format!(
            "`{id}` has shipped, so the message now is the close: {}",
            fitting()
        )),
        DraftKind::Decision if outcome.decision.is_some() => Ok(()),
        DraftKind::Decision => Err(format!(
            "`{id}` has no decision yet (state `{state}`) — record `decision:` (outcome, at, reason) in {}, then draft it; until then {}",
            item.file,
            fitting()
        )),
        DraftKind::Close if outcome.shipped.is_some() => Ok(()),
        DraftKind::Close => Err(format!(
            "`{id}` has not shipped (state `{state}`), so there is nothing to close with yet — record `shipped:` when it ships; until then {}",
            fitting()
        )),
    }
}

/// The compiled message templates.
pub(crate) struct Drafts {
    tera: tera::Tera,
}

impl Drafts {
    /// The built-ins, each replaced by `root/templates/messages/<kind>.<ext>`
    /// when that file exists. A template that does not compile is an error
    /// naming its file.
    pub(crate) fn load(root: &Path) -> Result<Drafts> {
        let mut tera = tera::Tera::new();
        tera.register_filter("md", |s: &str, _: tera::Kwargs, _: &tera::State| {
            escape::markdown_inline(s)
        });
        tera.register_filter("plain", |s: &str, _: tera::Kwargs, _: &tera::State| {
            escape::markdown_to_text(s)
        });
        for (kind, format, text) in BUILT_IN {
            let rel = format!("{OVERRIDES}/{}.{}", kind.as_str(), format.extension());
            let path = root.join(&rel);
            let custom = match std::fs::read_to_string(&path) {
                Ok(text) => Some(text),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => return Err(anyhow!("cannot read the template {rel}: {e}")),
            };
            let text = custom.as_deref().unwrap_or(text);
            tera.add_raw_template(&rel, text)
                .map_err(|e| anyhow!("the template {rel} does not compile: {}", error_chain(&e)))?;
        }
        Ok(Drafts { tera })
    }

    /// Renders one draft with its view.
    pub(crate) fn render(
        &self,
        kind: DraftKind,
        format: DraftFormat,
        view: &impl serde::Serialize,
    ) -> Result<String> {
        let rel = format!("{OVERRIDES}/{}.{}", kind.as_str(), format.extension());
        let ctx = tera::Context::from_serialize(view)
            .map_err(|e| anyhow!("cannot pass data to {rel}: {}", error_chain(&e)))?;
        let text = self
            .tera
            .render(&rel, &ctx)
            .map_err(|e| anyhow!("cannot render {rel}: {}", error_chain(&e)))?;
        Ok(tidy(&text))
    }
}

/// Template output with runs of blank lines squeezed to one and one final
/// newline, so templates can stay readable without blank-line bookkeeping.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.dedup();
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_squeezes_blank_lines() {
        assert_eq!(tidy("\n\na  \n\n\n\nb\n\n"), "a\n\nb\n");
    }

    #[test]
    fn every_built_in_compiles() {
        let dir = std::env::temp_dir().join("closeloop-no-such-repo");
        assert!(Drafts::load(&dir).is_ok());
    }
}
