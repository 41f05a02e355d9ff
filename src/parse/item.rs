//! Front matter into a [`Draft`]: an item as far as it could be read.
//!
//! A draft keeps every field optional so the lifecycle and time checks can
//! still run on a file whose title is missing; [`Draft::finish`] turns a
//! complete draft into a [`model::Item`](crate::model::Item).

use super::reader::{Fields, Reader};
use super::yaml::Node;
use crate::model::{
    Closed, Credit, Decision, Developer, Item, KeyPositions, Outcome, Severity, Shipped, State,
    Tag, Time,
};
use std::collections::BTreeMap;

const ITEM_KEYS: &[&str] = &[
    "title",
    "received",
    "developer",
    "quote",
    "area",
    "tag",
    "severity",
    "frequency",
    "strategic",
    "embargo",
    "jtbd",
    "owner",
    "links",
    "state",
    "distributed",
    "acknowledged",
    "review",
    "decision",
    "shipped",
    "closed",
    "duplicate_of",
];
const DEVELOPER_KEYS: &[&str] = &["handle", "credit", "channel"];
const DECISION_KEYS: &[&str] = &["outcome", "at", "reason", "roadmap"];
const SHIPPED_KEYS: &[&str] = &["at", "release", "pr", "impact", "summary"];
const CLOSED_KEYS: &[&str] = &["at", "followup", "satisfaction"];

pub const TITLE_MAX: usize = 120;

#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub id: String,
    pub file: String,
    pub title: Option<String>,
    pub received: Option<Time>,
    pub handle: Option<String>,
    pub credit: Option<Credit>,
    pub channel: Option<String>,
    pub quote: Option<String>,
    pub area: Option<String>,
    pub tag: Option<Tag>,
    pub severity: Option<Severity>,
    pub frequency: u32,
    pub strategic: bool,
    pub embargo: bool,
    pub jtbd: Option<String>,
    pub owner: Option<String>,
    pub links: BTreeMap<String, String>,
    pub state: Option<State>,
    pub distributed: Option<Time>,
    pub acknowledged: Option<Time>,
    pub review: Option<Time>,
    pub decision: Option<DraftDecision>,
    pub shipped: Option<DraftShipped>,
    pub closed: Option<DraftClosed>,
    pub duplicate_of: Option<String>,
    pub body: String,
    pub keys: KeyPositions,
    /// Keys present with a wrong value (already reported).
    pub bad_keys: Vec<String>,
    /// Whether every required field was read without a problem.
    pub complete: bool,
}

#[derive(Debug, Clone, Default)]
pub struct DraftDecision {
    pub outcome: Option<Outcome>,
    pub at: Option<Time>,
    pub reason: Option<String>,
    pub roadmap: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct DraftShipped {
    pub at: Option<Time>,
    pub release: Option<String>,
    pub pr: Option<String>,
    pub impact: Option<String>,
    pub summary: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct DraftClosed {
    pub at: Option<Time>,
    pub followup: Option<String>,
    pub satisfaction: Option<u8>,
}

/// Reads an item's front matter; the reader collects the diagnostics.
pub(super) fn read_item(r: &mut Reader, root: &Node<'_>, id: &str, body: &str) -> Draft {
    let mut d = Draft {
        id: id.to_owned(),
        file: r.file.to_owned(),
        body: body.to_owned(),
        frequency: 1,
        ..Draft::default()
    };
    let Some(f) = r.fields(root, "", ITEM_KEYS) else {
        return d;
    };
    if let Some(state) = f.get("state") {
        r.missing_anchor = state.key_pos;
    }
    let before = r.diags.len();

    d.title = r.required_text(
        &f,
        "title",
        "add a one-line summary of the feedback (at most 120 characters)",
    );
    if let (Some(title), Some(entry)) = (&d.title, f.get("title")) {
        let len = title.chars().count();
        if len > TITLE_MAX {
            r.report(
                crate::diag::Code::InvalidValue,
                entry.value.pos,
                "title",
                format!("`title` is {len} characters long"),
                &format!("shorten it to at most {TITLE_MAX}; the quote holds the details"),
            );
        }
    }
    d.received = r.time(&f, "received");
    if !f.has("received") {
        r.missing(
            &f,
            "received",
            "add when the feedback arrived, e.g. `received: 2026-11-03T14:20:00Z`",
        );
    }
    match f.get("developer") {
        Some(entry) if !entry.value.is_null() => {
            if let Some(dev) = r.fields(&entry.value, "developer", DEVELOPER_KEYS) {
                d.handle = r.required_text(
                    &dev,
                    "handle",
                    "add the developer's handle, e.g. `handle: \"@mara\"`",
                );
                d.credit = r.keyword(&dev, "credit", "credit");
                if !dev.has("credit") {
                    r.missing(&dev, "credit", "say whether the developer may be credited: `public`, `anonymous` or `private` (there is no default)");
                }
                d.channel = r.text(&dev, "channel");
            }
        }
        _ => r.missing(
            &f,
            "developer",
            "add `developer:` with `handle:` and `credit:` (public, anonymous or private)",
        ),
    }
    d.quote = r.required_text(&f, "quote", "add the developer's words, verbatim");
    d.area = r.required_text(&f, "area", "add the product area the feedback is about");
    d.tag = r.keyword(&f, "tag", "tag");
    if !f.has("tag") {
        r.missing(&f, "tag", "add one tag: `dx-friction`, `missing-capability`, `documentation-gap`, `dx-delight` or `strategic-insight`");
    }
    d.severity = r.keyword(&f, "severity", "severity");
    if !f.has("severity") {
        r.missing(
            &f,
            "severity",
            "add `severity:` low, medium, high or critical",
        );
    }
    d.frequency = r.integer(&f, "frequency", 1..=1_000_000).unwrap_or(1);
    d.strategic = r.boolean(&f, "strategic").unwrap_or(false);
    d.embargo = r.boolean(&f, "embargo").unwrap_or(false);
    d.jtbd = r.text(&f, "jtbd").filter(|j| !j.trim().is_empty());
    let jtbd_needed = d.tag.is_some_and(|t| t != Tag::DxDelight);
    if d.jtbd.is_none() && jtbd_needed && !r.bad_keys.iter().any(|k| k == "jtbd") {
        r.missing(&f, "jtbd", "add the job to be done: \"When …, I want …, so that …\" (only `dx-delight` items may leave it out)");
    }
    d.owner = r.text(&f, "owner");
    d.links = r.text_map(&f, "links");
    d.state = r.keyword(&f, "state", "state");
    if !f.has("state") {
        r.missing(&f, "state", "add `state:` — `captured` for a new item");
    }
    d.distributed = r.time(&f, "distributed");
    d.acknowledged = r.time(&f, "acknowledged");
    d.review = r.time(&f, "review");
    d.decision = read_decision(r, &f);
    d.shipped = read_shipped(r, &f);
    d.closed = read_closed(r, &f);
    d.duplicate_of = r.text(&f, "duplicate_of").map(|t| t.trim().to_owned());

    d.complete = r.diags.len() == before;
    d.keys = std::mem::take(&mut r.keys);
    d.bad_keys = std::mem::take(&mut r.bad_keys);
    d
}

fn read_decision(r: &mut Reader, f: &Fields) -> Option<DraftDecision> {
    let entry = f.get("decision").filter(|e| !e.value.is_null())?;
    let m = r.fields(&entry.value, "decision", DECISION_KEYS)?;
    Some(DraftDecision {
        outcome: r.keyword(&m, "outcome", "decision outcome"),
        at: r.time(&m, "at"),
        reason: r.text(&m, "reason"),
        roadmap: r.text(&m, "roadmap"),
    })
}

fn read_shipped(r: &mut Reader, f: &Fields) -> Option<DraftShipped> {
    let entry = f.get("shipped").filter(|e| !e.value.is_null())?;
    let m = r.fields(&entry.value, "shipped", SHIPPED_KEYS)?;
    Some(DraftShipped {
        at: r.time(&m, "at"),
        release: r.release(&m, "release"),
        pr: r.http_url(&m, "pr"),
        impact: r.text(&m, "impact"),
        summary: read_summary(r, &m),
    })
}

/// How long a release note's one line may be.
pub(super) const SUMMARY_MAX: usize = 200;

fn read_summary(r: &mut Reader, m: &Fields) -> Option<String> {
    let summary = r.text(m, "summary")?;
    let len = summary.chars().count();
    if summary.trim().is_empty() || len > SUMMARY_MAX || summary.trim().contains('\n') {
        if let Some(entry) = m.get("summary") {
            r.report(
                crate::diag::Code::InvalidValue,
                entry.value.pos,
                "shipped.summary",
                format!("`shipped.summary` must be one line of 1 to {SUMMARY_MAX} characters (it is {len})"),
                "say what changed, e.g. \"The Python SDK pages through results for you\"",
            );
        }
        return None;
    }
    Some(summary.trim().to_owned())
}

fn read_closed(r: &mut Reader, f: &Fields) -> Option<DraftClosed> {
    let entry = f.get("closed").filter(|e| !e.value.is_null())?;
    let m = r.fields(&entry.value, "closed", CLOSED_KEYS)?;
    Some(DraftClosed {
        at: r.time(&m, "at"),
        followup: r.text(&m, "followup"),
        satisfaction: r.integer(&m, "satisfaction", 1..=5).map(|n| n as u8),
    })
}

impl Draft {
    /// Whether `path` holds a value (present, non-empty, even if invalid).
    pub fn is_bad(&self, path: &str) -> bool {
        self.bad_keys.iter().any(|k| k == path)
    }

    /// The item, if every required field is there. Lifecycle problems are
    /// reported by the checks, which decide whether the site may be built;
    /// here a milestone without its time is simply left out.
    pub fn finish(self) -> Option<Item> {
        if !self.complete {
            return None;
        }
        let decision = self.decision.and_then(|d| {
            Some(Decision {
                outcome: d.outcome?,
                at: d.at?,
                reason: d.reason.unwrap_or_default(),
                roadmap: d.roadmap,
            })
        });
        let shipped = self.shipped.and_then(|s| {
            Some(Shipped {
                at: s.at?,
                release: s.release,
                pr: s.pr,
                impact: s.impact,
                summary: s.summary,
            })
        });
        let closed = self.closed.and_then(|c| {
            Some(Closed {
                at: c.at?,
                followup: c.followup,
                satisfaction: c.satisfaction,
            })
        });
        Some(Item {
            id: self.id,
            file: self.file,
            title: self.title?,
            received: self.received?,
            developer: Developer {
                handle: self.handle?,
                credit: self.credit?,
                channel: self.channel,
            },
            quote: self.quote?,
            area: self.area?,
            tag: self.tag?,
            severity: self.severity?,
            frequency: self.frequency,
            strategic: self.strategic,
            embargo: self.embargo,
            jtbd: self.jtbd,
            owner: self.owner,
            links: self.links.into_iter().collect(),
            state: self.state?,
            distributed: self.distributed,
            acknowledged: self.acknowledged,
            review: self.review,
            decision,
            shipped,
            closed,
            duplicate_of: self.duplicate_of,
            duplicates: Vec::new(),
            original: None,
            body: self.body,
            keys: crate::model::Anchors::of(&self.keys),
        })
    }
}
