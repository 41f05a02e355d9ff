//! `roadmap.html`: every roadmap item with its status and quarter, and the
//! feedback behind it — the items whose decision names it.
//!
//! The public page shows the feedback the public may see and counts the
//! rest. The internal page adds each item's notes and, first, the roadmap
//! items still `planned` after the feedback behind them shipped: either
//! the roadmap file is stale or the change shipped without the promise.

use super::{Description, Page};
use crate::calendar::Calendar;
use crate::model::{Item, RoadmapItem, RoadmapStatus, Time};
use crate::render::inline::code_spans_html;
use crate::render::markdown::markdown_to_html;
use crate::site::output::{Output, Source};
use crate::site::present::{Visibility, day};
use crate::site::views::{ItemView, RoadmapEntry, RoadmapPage, RoadmapRef, TagCount};
use crate::site::{Shared, Shown, SiteBuild};
use anyhow::Result;
use foldhash::HashMap;
use std::collections::BTreeMap;

/// Where a status sorts on the page: work under way first.
fn rank(s: RoadmapStatus) -> u8 {
    match s {
        RoadmapStatus::InProgress => 0,
        RoadmapStatus::Planned => 1,
        RoadmapStatus::Shipped => 2,
        RoadmapStatus::Dropped => 3,
    }
}

impl SiteBuild<'_> {
    pub(in crate::site) fn roadmap_page(
        &self,
        shared: &Shared,
        shown: &Shown,
        out: &Output,
    ) -> Result<()> {
        let views = shown.views_by_id();
        let repo = self.repo;
        let view = roadmap_view(
            &repo.checked.roadmap,
            &repo.checked.items,
            &shared.vis,
            &views,
            &repo.config.calendar,
            self.now,
        );
        let page = Page {
            path: "roadmap.html",
            template: "roadmap.html",
            title: "Roadmap",
            section: "roadmap",
            description: Description::Text(
                "What is planned and under way, and the developer feedback behind each item."
                    .to_owned(),
            ),
        };
        self.write_page(
            out,
            shared,
            page,
            Source::page("the roadmap"),
            "roadmap",
            &view,
        )
    }
}

fn roadmap_view<'v>(
    roadmap: &[RoadmapItem],
    items: &[Item],
    vis: &Visibility,
    views: &HashMap<&str, &'v ItemView>,
    calendar: &Calendar,
    now: Time,
) -> RoadmapPage<'v> {
    let mut behind: BTreeMap<&str, Vec<&Item>> = BTreeMap::new();
    for item in items {
        if let Some(id) = item.decision.as_ref().and_then(|d| d.roadmap.as_deref()) {
            behind.entry(id).or_default().push(item);
        }
    }
    let shipped_at = |i: &Item| i.shipped.as_ref().map(|s| s.at).filter(|t| *t <= now);
    let mut sorted: Vec<&RoadmapItem> = roadmap.iter().collect();
    sorted.sort_by(|a, b| {
        (rank(a.status), &a.quarter, &a.id).cmp(&(rank(b.status), &b.quarter, &b.id))
    });
    let mut entries = Vec::new();
    let mut stale = Vec::new();
    for r in sorted {
        let mut list = behind.get(r.id.as_str()).cloned().unwrap_or_default();
        list.sort_by(|a, b| (b.received, &b.id).cmp(&(a.received, &a.id)));
        let feedback: Vec<&ItemView> = list
            .iter()
            .filter(|i| vis.shows(i))
            .filter_map(|i| views.get(i.id.as_str()).copied())
            .collect();
        let shipped: Vec<Time> = list.iter().filter_map(|i| shipped_at(i)).collect();
        let is_stale = vis.internal() && r.status == RoadmapStatus::Planned && !shipped.is_empty();
        let anchor = format!("roadmap-{}", r.id);
        if is_stale {
            stale.push(RoadmapRef {
                id: r.id.clone(),
                title: r.title.clone(),
                anchor: anchor.clone(),
                shipped: shipped.len(),
                last_shipped: shipped
                    .iter()
                    .max()
                    .map(|t| day(*t, calendar))
                    .unwrap_or_default(),
            });
        }
        entries.push(RoadmapEntry {
            id: r.id.clone(),
            anchor,
            title: r.title.clone(),
            title_html: code_spans_html(&r.title),
            status: r.status.as_str(),
            quarter: r.quarter.clone(),
            added: day(r.added, calendar),
            hidden: list.len() - feedback.len(),
            feedback,
            notes_html: (vis.internal() && !r.body.trim().is_empty())
                .then(|| markdown_to_html(&r.body)),
            stale: is_stale,
        });
    }
    let mut statuses = RoadmapStatus::ALL.to_vec();
    statuses.sort_by_key(|s| rank(*s));
    let counts = statuses
        .iter()
        .map(|s| TagCount {
            tag: s.as_str().to_owned(),
            count: entries.iter().filter(|e| e.status == s.as_str()).count(),
        })
        .filter(|c| c.count > 0)
        .collect();
    RoadmapPage {
        entries,
        stale,
        counts,
    }
}
