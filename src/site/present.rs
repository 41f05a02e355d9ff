//! Model → views. The public/internal split happens here and only here.

use super::credits::credits;
use super::views::{
    ClockView, InternalView, ItemFields, ItemView, LinkView, MergedInto, MergedReport, ReleaseRef,
    ReportItemView, ToDoView, WinView,
};
use crate::calendar::Calendar;
use crate::config::SiteConfig;
use crate::model::{Credit, Item, Time};
use crate::owners::Owners;
use crate::render::inline::code_spans_html;
use crate::render::markdown::markdown_to_html;
use crate::render::url::safe_href;
use crate::report::{ItemRef, WinRef};
use crate::sla::Clock;
use crate::todo::ToDo;
use std::collections::BTreeMap;

/// Who the site is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Audience {
    Public,
    Internal,
}

/// Whether an item is on the public site (SPEC §7, §13): its developer did
/// not ask for `credit: private`, it has reached `[site] publish_from`, and
/// an `embargo` has ended with a shipped fix.
pub(crate) fn is_public(item: &Item, site: &SiteConfig, now: Time) -> bool {
    item.developer.credit != Credit::Private
        && item.state >= site.publish_from
        && (!item.embargo || item.shipped.as_ref().is_some_and(|s| s.at <= now))
}

/// Which items an audience sees, decided once per build: every list,
/// count and page asks this, so one rule governs the whole site.
#[derive(Debug, Clone)]
pub(crate) struct Visibility<'a> {
    pub audience: Audience,
    /// The ids of public items (unused for the internal audience).
    public: foldhash::HashSet<&'a str>,
    /// The items it was made from, and whether each is public: an item
    /// of that slice is answered by its place in it, without hashing its
    /// id (the site asks about every item many times).
    items: &'a [Item],
    shown: Vec<bool>,
}

impl<'a> Visibility<'a> {
    pub(crate) fn new(audience: Audience, items: &'a [Item], site: &SiteConfig, now: Time) -> Self {
        let (public, shown) = match audience {
            Audience::Internal => (foldhash::HashSet::default(), Vec::new()),
            Audience::Public => {
                let shown: Vec<bool> = items.iter().map(|i| is_public(i, site, now)).collect();
                let public = items
                    .iter()
                    .zip(&shown)
                    .filter(|(_, shown)| **shown)
                    .map(|(i, _)| i.id.as_str())
                    .collect();
                (public, shown)
            }
        };
        Visibility {
            audience,
            public,
            items,
            shown,
        }
    }

    pub(crate) fn internal(&self) -> bool {
        self.audience == Audience::Internal
    }

    /// Whether an item appears at all.
    pub(crate) fn shows(&self, item: &Item) -> bool {
        if self.internal() {
            return true;
        }
        match place_in(self.items, item) {
            Some(n) => self.shown[n],
            None => self.public.contains(item.id.as_str()),
        }
    }

    /// The same, by id (feedback ids are unique).
    pub(crate) fn shows_id(&self, id: &str) -> bool {
        self.internal() || self.public.contains(id)
    }

    /// Whether the developer's handle and words appear.
    pub(crate) fn shows_words(&self, item: &Item) -> bool {
        self.internal() || (self.shows(item) && item.developer.credit == Credit::Public)
    }
}

/// Where `item` is in `items`, if it is one of them (found by its
/// address, not compared).
fn place_in(items: &[Item], item: &Item) -> Option<usize> {
    let size = std::mem::size_of::<Item>();
    let offset = (item as *const Item as usize).checked_sub(items.as_ptr() as usize)?;
    let n = offset / size;
    (offset % size == 0 && n < items.len() && std::ptr::eq(&items[n], item)).then_some(n)
}

pub(super) use crate::render::format::{day, moment};

pub(crate) fn item_url(id: &str) -> String {
    format!("feedback/{id}.html")
}

/// Where named pages live: releases by name, thank-you pages by handle.
#[derive(Debug, Clone, Default)]
pub(super) struct Urls {
    pub releases: BTreeMap<String, String>,
    pub thanks: BTreeMap<String, String>,
}

/// The item as `visibility` may see it. Callers never build views of items
/// the audience may not see; this is asserted, not assumed.
pub(super) fn item_view(
    item: &Item,
    visibility: &Visibility,
    calendar: &Calendar,
    urls: &Urls,
) -> ItemView {
    let releases = &urls.releases;
    assert!(
        visibility.shows(item),
        "an unpublished item reached a public view"
    );
    let words = visibility.shows_words(item);
    let handle = words.then(|| item.developer.handle.clone());
    let thanks = credits(item, visibility);
    let merged = Merged::of(item, visibility);
    let shipped = item.shipped.as_ref();
    ItemView::new(ItemFields {
        id: item.id.clone(),
        url: item_url(&item.id),
        title: item.title.clone(),
        title_html: code_spans_html(&item.title),
        tag: item.tag.as_str(),
        area: item.area.clone(),
        state: item.state.as_str(),
        credit: item.developer.credit.as_str(),
        received: day(item.received, calendar),
        handle,
        quote: words.then(|| item.quote.clone()),
        followup: item
            .closed
            .as_ref()
            .and_then(|c| c.followup.clone())
            .filter(|_| words),
        outcome: item.decision.as_ref().map(|d| d.outcome.as_str()),
        decided: item.decision.as_ref().map(|d| day(d.at, calendar)),
        reason_html: item.decision.as_ref().map(|d| markdown_to_html(&d.reason)),
        release: shipped
            .and_then(|s| s.release.as_ref())
            .map(|name| ReleaseRef {
                name: name.clone(),
                url: releases.get(name).cloned().unwrap_or_default(),
            }),
        pr: shipped.and_then(|s| s.pr.as_deref()).and_then(safe_href),
        shipped: shipped.map(|s| day(s.at, calendar)),
        impact_html: shipped
            .and_then(|s| s.impact.as_deref())
            .map(markdown_to_html),
        summary: shipped.and_then(|s| s.summary.clone()),
        owner: None,
        summary_html: shipped
            .and_then(|s| s.summary.as_deref())
            .map(code_spans_html),
        thanks_url: (words && item.developer.credit == Credit::Public)
            .then(|| urls.thanks.get(&item.developer.handle).cloned())
            .flatten(),
        credit_line: thanks.line,
        reported_by: thanks.reported_by,
        merged_into: merged.into,
        merged_reports: merged.reports,
        merged_unlisted: merged.unlisted,
    })
}

/// How an item stands among duplicates, as the audience may see it: the
/// original it was merged into, and the reports merged into it (those the
/// audience may not see are only counted).
struct Merged {
    into: Option<MergedInto>,
    reports: Vec<MergedReport>,
    unlisted: usize,
}

impl Merged {
    fn of(item: &Item, visibility: &Visibility) -> Merged {
        let into = match (&item.original, &item.duplicate_of) {
            (Some(o), _) => {
                let shown = visibility.shows_id(&o.id);
                Some(MergedInto {
                    title: shown.then(|| o.title.clone()),
                    url: shown.then(|| item_url(&o.id)),
                })
            }
            // The original has errors of its own: say so without naming it.
            (None, Some(_)) => Some(MergedInto {
                title: None,
                url: None,
            }),
            (None, None) => None,
        };
        let (listed, unlisted): (Vec<_>, Vec<_>) = item
            .duplicates
            .iter()
            .partition(|d| visibility.shows_id(&d.id));
        let reports = listed
            .into_iter()
            .map(|d| MergedReport {
                title: d.title.clone(),
                url: item_url(&d.id),
            })
            .collect();
        Merged {
            into,
            reports,
            unlisted: unlisted.len(),
        }
    }
}

pub(super) fn internal_view(
    item: &Item,
    clocks: &[Clock],
    next: &[&ToDo],
    owners: &Owners,
    calendar: &Calendar,
    now: Time,
) -> InternalView {
    InternalView {
        credit: item.developer.credit.as_str(),
        channel: item.developer.channel.clone(),
        owner: owners.of(item).map(str::to_owned),
        links: item
            .links
            .iter()
            .map(|(name, value)| LinkView {
                name: name.clone(),
                value: value.clone(),
                href: safe_href(value).filter(|h| h.starts_with("http")),
            })
            .collect(),
        severity: item.severity.as_str(),
        // The developers behind the score: duplicates included.
        frequency: item.signal_frequency(),
        score: item.score(),
        strategic: item.strategic,
        jtbd: item.jtbd.clone(),
        body_html: markdown_to_html(&item.body),
        file: item.file.clone(),
        clocks: clocks
            .iter()
            .map(|c| clock_view(c, owners, calendar, now))
            .collect(),
        next: next.iter().map(|t| todo_view(t, calendar, now)).collect(),
    }
}

/// One next action as the site shows it.
pub(super) fn todo_view(t: &ToDo, calendar: &Calendar, now: Time) -> ToDoView {
    let relative = if t.is_overdue(now) {
        format!("{} overdue", crate::sla::human_duration(now - t.due))
    } else {
        format!("in {}", crate::sla::human_duration(t.due - now))
    };
    ToDoView {
        action: t.action.as_str(),
        what: t.action.describe(),
        item_title: t.item.title.clone(),
        item_url: item_url(&t.item.id),
        owner: t.owner.map(str::to_owned),
        due: moment(t.due, calendar),
        relative,
        status: t.status_name(),
        sla: t.clock.is_some(),
        draft: t.draft_command(),
        draft_kind: t.draft.as_str(),
        draft_id: t.item.id.clone(),
    }
}

pub(super) fn clock_view(c: &Clock, owners: &Owners, calendar: &Calendar, now: Time) -> ClockView {
    let relative = crate::render::format::relative_to_due(c.due, c.stopped, now);
    ClockView {
        item_id: c.item.id.clone(),
        owner: owners.of(c.item).map(str::to_owned),
        item_title: c.item.title.clone(),
        item_url: item_url(&c.item.id),
        clock: c.kind.as_str(),
        status: c.status.as_str(),
        start: moment(c.start, calendar),
        due: moment(c.due, calendar),
        stopped: c.stopped.map(|t| moment(t, calendar)),
        relative,
    }
}

/// How many characters of a quote a report shows.
const REPORT_QUOTE: usize = 80;

/// A report list entry; items the audience may not see keep only their
/// figures. The owner is the team's only; the quote follows the credit.
pub(super) fn report_item(
    r: &ItemRef,
    item: &Item,
    visibility: &Visibility,
    owners: &Owners,
) -> ReportItemView {
    let shown = visibility.shows_id(&r.id);
    ReportItemView {
        id: shown.then(|| r.id.clone()),
        title: shown.then(|| r.title.clone()),
        title_html: shown.then(|| code_spans_html(&r.title)),
        url: shown.then(|| item_url(&r.id)),
        tag: r.tag.as_str(),
        area: if shown { r.area.clone() } else { String::new() },
        score: r.score,
        severity: r.severity.as_str(),
        frequency: r.frequency,
        state: r.state.as_str(),
        owner: visibility
            .internal()
            .then(|| owners.of(item).map(str::to_owned))
            .flatten(),
        quote: visibility
            .shows_words(item)
            .then(|| crate::render::format::excerpt(&item.quote, REPORT_QUOTE)),
    }
}

/// A win of the week as the audience may see it; `None` for an item it
/// may not see (the report counts it).
pub(super) fn win_view(
    w: &WinRef,
    item: &Item,
    shipped: bool,
    visibility: &Visibility,
    calendar: &Calendar,
) -> Option<WinView> {
    if !visibility.shows(item) {
        return None;
    }
    let summary = shipped
        .then(|| item.shipped.as_ref().and_then(|s| s.summary.clone()))
        .flatten();
    let credit = if shipped {
        credits(item, visibility).line
    } else if visibility.shows_words(item) {
        format!("\u{2068}{}\u{2069}", item.developer.handle)
    } else {
        "a developer".to_owned()
    };
    Some(WinView {
        id: w.id.clone(),
        url: item_url(&w.id),
        title: w.title.clone(),
        title_html: code_spans_html(&w.title),
        summary_html: summary.as_deref().map(code_spans_html),
        summary,
        release: w.release.clone(),
        day: day(w.at, calendar),
        credit,
        satisfaction: w.satisfaction,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::model::{State, test_item};

    #[test]
    fn an_item_is_found_by_its_place_only_in_its_own_slice() {
        let items: Vec<Item> = ["a", "b", "c"]
            .iter()
            .map(|id| test_item(id, "2026-11-02T09:00:00Z"))
            .collect();
        for (n, item) in items.iter().enumerate() {
            assert_eq!(place_in(&items, item), Some(n));
        }
        let copy = items[1].clone();
        assert_eq!(place_in(&items, &copy), None);
        assert_eq!(place_in(&items[1..], &items[0]), None);
        assert_eq!(place_in(&items[..1], &items[2]), None);
        assert_eq!(place_in(&[], &items[0]), None);
    }

    #[test]
    fn shows_agrees_by_place_and_by_id() {
        let now = "2026-11-26T12:00:00Z".parse().unwrap();
        let site = Config::default().site;
        let mut items: Vec<Item> = ["a", "b", "c", "d"]
            .iter()
            .map(|id| test_item(id, "2026-11-02T09:00:00Z"))
            .collect();
        items[1].developer.credit = Credit::Private;
        items[2].state = State::Shipped;
        let vis = Visibility::new(Audience::Public, &items, &site, now);
        for item in &items {
            let expected = is_public(item, &site, now);
            assert_eq!(vis.shows(item), expected, "{}", item.id);
            assert_eq!(vis.shows(&item.clone()), expected, "{}", item.id);
            assert_eq!(vis.shows_id(&item.id), expected, "{}", item.id);
        }
        let internal = Visibility::new(Audience::Internal, &items, &site, now);
        assert!(items.iter().all(|i| internal.shows(i)));
    }
}
