//! What a draft template may say, gathered once per item. Privacy is in
//! the types: [`DeveloperView`] carries the handle only for `credit:
//! public`, no view has a field for `links` or the channel, and a
//! [`DigestEntry`] has no developer at all.

use crate::config::Config;
use crate::model::{Credit, Item, RoadmapItem, Tag, Time};
use crate::sla::ClockKind;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub(crate) struct SiteView {
    pub title: String,
}

/// The item as the developer's messages speak of it.
#[derive(Debug, Serialize)]
pub(crate) struct ItemView {
    pub id: String,
    pub title: String,
    pub area: String,
    pub tag: &'static str,
    /// "a missing capability", "a documentation gap", …
    pub tag_phrase: &'static str,
    pub severity: &'static str,
    pub frequency: u32,
    /// How many other developers reported the same thing.
    pub others: u32,
    pub score: u64,
    pub received: String,
    pub jtbd: Option<String>,
    pub state: &'static str,
}

#[derive(Debug, Serialize)]
pub(crate) struct DeveloperView {
    pub credit: &'static str,
    /// Only for `credit: public`.
    pub handle: Option<String>,
    /// Their own words, quoted back to them.
    pub quote: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct DecisionView {
    pub outcome: &'static str,
    /// Markdown, as written.
    pub reason: String,
    pub at: String,
    pub roadmap: Option<RoadmapView>,
    /// For a quick win: when it is due to ship.
    pub ship_by: Option<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct RoadmapView {
    pub id: String,
    pub title: String,
    pub quarter: Option<String>,
    pub status: &'static str,
}

#[derive(Debug, Serialize)]
pub(crate) struct ShippedView {
    pub at: String,
    pub release: Option<String>,
    pub pr: Option<String>,
    /// `pr` when it is an http(s) URL that can be linked as it is.
    pub pr_url: Option<String>,
    /// Markdown, as written.
    pub impact: Option<String>,
    pub summary: Option<String>,
}

/// Everything a message to the developer may use.
#[derive(Debug, Serialize)]
pub(crate) struct DraftView {
    pub site: SiteView,
    pub item: ItemView,
    pub developer: DeveloperView,
    pub owner: Option<String>,
    /// When the developer hears back (the `decide` target of `todo`).
    pub hear_back_by: String,
    pub decision: Option<DecisionView>,
    pub shipped: Option<ShippedView>,
    pub closed_at: Option<String>,
    /// For a duplicate: the item whose decision and change it follows.
    pub original: Option<OriginalView>,
}

/// The original of a duplicate, as its developer may hear of it: the
/// title only when the original is not private.
#[derive(Debug, Serialize)]
pub(crate) struct OriginalView {
    pub title: Option<String>,
    /// Every developer who reported it, this one included.
    pub developers: u64,
}

/// One item of the digest for the internal channel: anonymized.
#[derive(Debug, Serialize)]
pub(crate) struct DigestEntry {
    pub id: String,
    pub title: String,
    pub area: String,
    pub tag: &'static str,
    pub severity: &'static str,
    pub frequency: u32,
    pub score: u64,
    pub jtbd: Option<String>,
    pub state: &'static str,
    pub received: String,
    /// `received` in RFC 3339 UTC, for JSON.
    pub received_utc: String,
    pub owner: Option<String>,
    /// The owner as a mention: `@retrieval-squad`.
    pub owner_tag: Option<String>,
    /// Only for `credit: public`.
    pub quote: Option<String>,
    /// The item's page on the internal site, when `site.internal_url` is set.
    pub url: Option<String>,
}

/// The digest: one or many entries.
#[derive(Debug, Serialize)]
pub(crate) struct DigestView {
    pub site: SiteView,
    /// "since Wed 25 Nov 13:00 CET", or empty for one item.
    pub span: String,
    pub entries: Vec<DigestEntry>,
    pub left_out: usize,
}

/// A date for people, in the calendar's time zone: "Tuesday 1 December".
pub(crate) fn day(config: &Config, t: Time) -> String {
    t.with_timezone(&config.calendar.tz())
        .format("%A %-d %B")
        .to_string()
}

fn tag_phrase(tag: Tag) -> &'static str {
    match tag {
        Tag::DxFriction => "a point of friction",
        Tag::MissingCapability => "a missing capability",
        Tag::DocumentationGap => "a gap in the docs",
        Tag::DxDelight => "something that delighted you",
        Tag::StrategicInsight => "a strategic insight",
    }
}

/// The view of a message to `item`'s developer. `outcome` is the item
/// whose decision and ship count (the original, for a duplicate).
pub(crate) fn draft_view(
    item: &Item,
    outcome: &Item,
    roadmap: &[RoadmapItem],
    config: &Config,
    now: Time,
) -> DraftView {
    let acked = item.acknowledged.unwrap_or(now);
    let decision = outcome.decision.as_ref().map(|d| DecisionView {
        outcome: d.outcome.as_str(),
        reason: d.reason.trim().to_owned(),
        at: day(config, d.at),
        roadmap: d.roadmap.as_deref().map(|id| {
            let found = roadmap.iter().find(|r| r.id == id);
            RoadmapView {
                id: id.to_owned(),
                title: found.map_or_else(|| id.to_owned(), |r| r.title.clone()),
                quarter: found.and_then(|r| r.quarter.clone()),
                status: found.map_or("planned", |r| r.status.as_str()),
            }
        }),
        ship_by: (d.outcome == crate::model::Outcome::QuickWin).then(|| {
            day(
                config,
                config
                    .calendar
                    .due(d.at, config.sla.span(ClockKind::QuickWin)),
            )
        }),
    });
    let shipped = outcome.shipped.as_ref().map(|s| ShippedView {
        at: day(config, s.at),
        release: s.release.clone(),
        pr: s.pr.clone(),
        pr_url: s.pr.clone().filter(|p| linkable(p)),
        impact: s.impact.as_ref().map(|i| i.trim().to_owned()),
        summary: s.summary.clone(),
    });
    DraftView {
        site: SiteView {
            title: config.site.title.clone(),
        },
        item: item_view(item, config),
        developer: DeveloperView {
            credit: item.developer.credit.as_str(),
            handle: (item.developer.credit == Credit::Public)
                .then(|| item.developer.handle.clone()),
            quote: item.quote.trim().to_owned(),
        },
        owner: config.owners.of(item).map(str::to_owned),
        hear_back_by: day(
            config,
            config
                .calendar
                .due(acked, config.sla.span(ClockKind::Review)),
        ),
        decision,
        shipped,
        closed_at: item.closed.as_ref().map(|c| day(config, c.at)),
        original: (item.is_duplicate() && !std::ptr::eq(item, outcome)).then(|| OriginalView {
            title: (outcome.developer.credit != Credit::Private).then(|| outcome.title.clone()),
            developers: outcome.signal_frequency(),
        }),
    }
}

fn item_view(item: &Item, config: &Config) -> ItemView {
    ItemView {
        id: item.id.clone(),
        title: item.title.clone(),
        area: item.area.clone(),
        tag: item.tag.as_str(),
        tag_phrase: tag_phrase(item.tag),
        severity: item.severity.as_str(),
        frequency: item.frequency,
        others: item.frequency.saturating_sub(1),
        score: item.score(),
        received: day(config, item.received),
        jtbd: item.jtbd.as_ref().map(|j| j.trim().to_owned()),
        state: item.state.as_str(),
    }
}

/// A digest entry: what the internal channel may see.
pub(crate) fn digest_entry(item: &Item, config: &Config) -> DigestEntry {
    let owner = config.owners.of(item).map(str::to_owned);
    DigestEntry {
        id: item.id.clone(),
        title: item.title.clone(),
        area: item.area.clone(),
        tag: item.tag.as_str(),
        severity: item.severity.as_str(),
        frequency: item.frequency,
        score: item.score(),
        jtbd: item.jtbd.as_ref().map(|j| j.trim().to_owned()),
        state: item.state.as_str(),
        received: item
            .received
            .with_timezone(&config.calendar.tz())
            .format("%a %-d %b %H:%M %Z")
            .to_string(),
        received_utc: crate::parse::time::format_utc(item.received),
        owner_tag: owner.as_ref().map(|o| {
            if o.starts_with('@') {
                o.clone()
            } else {
                format!("@{o}")
            }
        }),
        owner,
        quote: (item.developer.credit == Credit::Public).then(|| item.quote.trim().to_owned()),
        url: (!config.site.internal_url.is_empty()).then(|| {
            format!(
                "{}{}",
                config.site.internal_url,
                crate::site::item_url(&item.id)
            )
        }),
    }
}

/// An http(s) URL with nothing in it that could end a Markdown autolink.
fn linkable(text: &str) -> bool {
    !text.contains(['<', '>', ' ', '"', '\'', '`'])
        && url::Url::parse(text).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
}
