//! `closeloop build`: the repository as a static site.
//!
//! Pages are views rendered by templates ([`views`] is the contract),
//! collected in memory, then written by [`write`] in one atomic swap. The
//! same files and the same *now* give the same bytes: every list has a
//! total order and nothing reads the clock.

mod charts;
mod present;
pub mod reports;
pub mod views;
pub mod write;

pub use present::{Audience, Visibility, is_public};

use crate::model::{Item, Time};
use crate::parse::time::format_utc;
use crate::render::templates::{STYLE_CSS, Templates};
use crate::render::url::slug;
use crate::repo::Repository;
use crate::report::{PeriodInfo, WeeklyReport, quarterly_report, weekly_report};
use crate::sla::{ClockStatus, Deadlines, Period, sort_by_urgency};
use anyhow::Result;
use present::{clock_view, day, internal_view, item_view, moment};
use rayon::prelude::*;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use views::*;
use write::OutFile;

/// How many items a page of the item list shows.
pub const ITEMS_PER_PAGE: usize = 500;

/// `items/index.html`, then `items/2.html`, … — a folder of its own, so no
/// item id can collide with a list page.
fn items_list_url(n: usize) -> String {
    if n == 1 {
        "items/index.html".to_owned()
    } else {
        format!("items/{n}.html")
    }
}

/// How many weeks the trend charts look back.
const CHART_WEEKS: usize = 12;

/// Where rendered files go; called from several threads at once.
pub type Sink<'s> = dyn Fn(OutFile) -> Result<()> + Sync + 's;

/// Everything needed to render one site.
pub struct SiteBuild<'a> {
    pub repo: &'a Repository,
    pub now: Time,
    pub audience: Audience,
    pub templates: &'a Templates,
}

/// The relative prefix from a page to the site root.
fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

impl SiteBuild<'_> {
    fn site_view(&self) -> SiteView {
        let config = &self.repo.config;
        SiteView {
            title: config.site.title.clone(),
            internal: self.audience == Audience::Internal,
            generated: moment(self.now, &config.calendar),
            has_feed: !config.site.base_url.is_empty(),
            reports: self.has_reports(),
        }
    }

    /// Whether this build has report pages: the internal one always, the
    /// public one unless `[site] public_reports = false`.
    fn has_reports(&self) -> bool {
        self.audience == Audience::Internal || self.repo.config.site.public_reports
    }

    fn page(
        &self,
        path: &str,
        template: &str,
        title: &str,
        section: &'static str,
        key: &'static str,
        value: &impl serde::Serialize,
    ) -> Result<OutFile> {
        // Views go straight into Tera's context, without a JSON value in
        // between: that copy was a tenth of the build.
        let mut context = tera::Context::new();
        context.insert("site", &self.site_view());
        context.insert(
            "page",
            &PageView {
                root: root_of(path),
                title: title.to_owned(),
                section,
            },
        );
        context.insert(key, value);
        if template == "weekly.html" || template == "quarterly.html" {
            context.insert("standalone", &false);
            context.insert("css", "");
        }
        let html = self.templates.render_context(template, &context)?;
        Ok(OutFile {
            path: path.to_owned(),
            bytes: html.into_bytes(),
        })
    }

    /// Every page of the site, in path order, in memory (for `serve`).
    pub fn pages(&self) -> Result<Vec<OutFile>> {
        let files = std::sync::Mutex::new(Vec::new());
        self.emit(&|f| {
            files
                .lock()
                .expect("no panic while holding the lock")
                .push(f);
            Ok(())
        })?;
        let mut files = files.into_inner().expect("no panic while holding the lock");
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    /// Renders every page and hands each to `sink` as soon as it is ready,
    /// from several threads, in no particular order: `build` writes pages
    /// as they come, so the site is never held in memory whole.
    pub fn emit(&self, sink: &Sink) -> Result<()> {
        let repo = self.repo;
        let cal = &repo.config.calendar;
        let audience = self.audience;
        let vis = Visibility::new(audience, &repo.items, &repo.config.site, self.now);
        let shown: Vec<&Item> = repo.items.iter().filter(|i| vis.shows(i)).collect();
        // Only releases the audience may see get a page (and a name in a URL).
        let releases = release_urls(shown.iter().copied());

        // Item pages.
        // Due times are computed once, for the SLA board and every report.
        let deadlines =
            crate::timing::phase("deadlines", || Deadlines::new(&repo.items, &repo.config));
        let all_clocks = crate::timing::phase("clocks", || deadlines.clocks(self.now, None));
        let mut clocks_of: BTreeMap<&str, Vec<&crate::sla::Clock>> = BTreeMap::new();
        for c in &all_clocks {
            clocks_of.entry(c.item.id.as_str()).or_default().push(c);
        }
        // Each item's view is built once (its Markdown rendered once) for
        // its own page and for the list pages.
        let views: Vec<ItemView> = shown
            .par_iter()
            .map(|item| item_view(item, &vis, cal, &releases))
            .collect();
        shown.par_iter().zip(&views).try_for_each(|(item, view)| {
            let internal = (audience == Audience::Internal).then(|| {
                let own: Vec<crate::sla::Clock> = clocks_of
                    .get(item.id.as_str())
                    .map(|v| v.iter().map(|c| (*c).clone()).collect())
                    .unwrap_or_default();
                internal_view(item, &own, cal, self.now)
            });
            let page = ItemPage {
                item: view,
                internal,
            };
            sink(self.page(
                &present::item_url(&item.id),
                "item.html",
                &item.title,
                "items",
                "item_page",
                &page,
            )?)
        })?;
        let mut newest: Vec<(&Item, &ItemView)> = shown.iter().copied().zip(&views).collect();
        newest.sort_by(|(a, _), (b, _)| (b.received, &b.id).cmp(&(a.received, &a.id)));
        let chunks: Vec<&[(&Item, &ItemView)]> = if newest.is_empty() {
            vec![&[]]
        } else {
            newest.chunks(ITEMS_PER_PAGE).collect()
        };
        let pages = chunks.len();
        let list_ref = |n: usize| ReportRef {
            name: if n == 1 {
                "Newest".to_owned()
            } else {
                format!("Page {n}")
            },
            url: items_list_url(n),
            dates: format!(
                "items {}–{}",
                (n - 1) * ITEMS_PER_PAGE + 1,
                (n * ITEMS_PER_PAGE).min(newest.len())
            ),
            running: false,
        };
        chunks.par_iter().enumerate().try_for_each(|(i, chunk)| {
            let n = i + 1;
            let page = ItemsPage {
                items: chunk.iter().map(|(_, v)| *v).collect(),
                hidden: repo.items.len() - shown.len(),
                total: newest.len(),
                number: n,
                pages,
                first: i * ITEMS_PER_PAGE + 1,
                prev: (n > 1).then(|| list_ref(n - 1)),
                next: (n < pages).then(|| list_ref(n + 1)),
            };
            let title = if n == 1 {
                "Feedback".to_owned()
            } else {
                format!("Feedback, page {n}")
            };
            sink(self.page(
                &items_list_url(n),
                "items.html",
                &title,
                "items",
                "items",
                &page,
            )?)
        })?;

        // Releases.
        let view_of: HashMap<&str, &ItemView> =
            shown.iter().map(|i| i.id.as_str()).zip(&views).collect();
        let (release_views, hidden_releases, other, other_private) =
            self.releases(&vis, &view_of, &releases);
        drop(view_of);
        drop(views);
        release_views.par_iter().try_for_each(|r| {
            sink(self.page(&r.url, "release.html", &r.name, "releases", "release", r)?)
        })?;
        let other_url = (other.len() > OTHER_ON_INDEX).then_some("releases/other.html");
        if let Some(url) = other_url {
            // Every PR-only change, on a page of its own, shaped like a release.
            let page = ReleaseView {
                name: "Other changes".to_owned(),
                url: url.to_owned(),
                date: String::new(),
                total: other.len() + other_private,
                private_count: other_private,
                items: other.clone(),
            };
            sink(self.page(
                url,
                "release.html",
                &page.name,
                "releases",
                "release",
                &page,
            )?)?;
        }
        let releases_page = ReleasesPage {
            releases: release_views.iter().map(ReleaseSummary::of).collect(),
            other: &other[..other.len().min(OTHER_ON_INDEX)],
            other_total: other.len(),
            other_url,
            other_private,
            hidden_releases,
        };
        sink(self.page(
            "releases/index.html",
            "releases.html",
            "Releases",
            "releases",
            "releases",
            &releases_page,
        )?)?;

        // Reports (the public build has none with `public_reports = false`).
        let weeks = if self.has_reports() {
            crate::timing::phase("weekly", || self.weekly_reports(&deadlines))
        } else {
            Vec::new()
        };
        let week_refs: Vec<ReportRef> = weeks
            .iter()
            .map(|w| reports::report_ref(&w.week, &w.period, cal))
            .collect();
        weeks.par_iter().enumerate().try_for_each(|(i, w)| {
            let window: Vec<&WeeklyReport> = weeks[i.saturating_sub(CHART_WEEKS - 1)..=i]
                .iter()
                .collect();
            let charts = vec![charts::received_by_tag(&window), charts::trends(&window)];
            let page = reports::weekly_page(w, &vis, cal, neighbours(&week_refs, i), charts);
            sink(self.page(
                &format!("reports/{}.html", w.week),
                "weekly.html",
                &format!("Developer Signal Report {}", w.week),
                "reports",
                "report",
                &page,
            )?)
        })?;
        let quarters = if self.has_reports() {
            crate::timing::phase("quarterly", || self.quarterly_reports(&deadlines))
        } else {
            Vec::new()
        };
        let quarter_refs: Vec<ReportRef> = quarters
            .iter()
            .map(|q| reports::report_ref(&q.quarter, &q.period, cal))
            .collect();
        for (i, q) in quarters.iter().enumerate() {
            let page = reports::quarterly_page(q, cal, neighbours(&quarter_refs, i));
            sink(self.page(
                &format!("reports/{}.html", q.quarter),
                "quarterly.html",
                &format!("Quarterly review {}", q.quarter),
                "reports",
                "report",
                &page,
            )?)?;
        }
        if self.has_reports() {
            let reports_page = ReportsPage {
                weeks: week_refs.iter().rev().cloned().collect(),
                quarters: quarter_refs.iter().rev().cloned().collect(),
            };
            sink(self.page(
                "reports/index.html",
                "reports.html",
                "Reports",
                "reports",
                "reports",
                &reports_page,
            )?)?;
        }

        // Home.
        let home = self.home(
            &vis,
            &release_views,
            hidden_releases,
            &releases,
            week_refs.last().cloned(),
            quarter_refs.last().cloned(),
        );
        sink(self.page("index.html", "index.html", "Home", "home", "home", &home)?)?;

        // The SLA board, for the team only.
        if audience == Audience::Internal {
            let mut open: Vec<crate::sla::Clock> = all_clocks
                .iter()
                .filter(|c| c.stopped.is_none())
                .cloned()
                .collect();
            sort_by_urgency(&mut open);
            let count = |s: ClockStatus| open.iter().filter(|c| c.status == s).count();
            let sla = SlaPage {
                breached: count(ClockStatus::Breached),
                at_risk: count(ClockStatus::AtRisk),
                running: count(ClockStatus::Running),
                clocks: open.iter().map(|c| clock_view(c, cal, self.now)).collect(),
            };
            sink(self.page("sla.html", "sla.html", "SLA board", "sla", "sla", &sla)?)?;
        }

        if let Some(feed) = self.feed(&release_views) {
            let xml = self.templates.render(
                "feed.xml",
                &json!({ "site": self.site_view(), "feed": feed }),
            )?;
            sink(OutFile {
                path: "feed.xml".into(),
                bytes: xml.into_bytes(),
            })?;
        }
        sink(OutFile {
            path: "style.css".into(),
            bytes: STYLE_CSS.as_bytes().to_vec(),
        })
    }

    /// Releases newest first, how many releases have no item the audience
    /// may see (those are only counted), then PR-only changes and how many
    /// of them are hidden. `views` holds the view of every item the audience
    /// may see.
    fn releases(
        &self,
        vis: &Visibility,
        views: &HashMap<&str, &ItemView>,
        urls: &BTreeMap<String, String>,
    ) -> (Vec<ReleaseView>, usize, Vec<ItemView>, usize) {
        let cal = &self.repo.config.calendar;
        let view = |i: &Item| (*views[i.id.as_str()]).clone();
        let mut by_release: BTreeMap<&str, Vec<&Item>> = BTreeMap::new();
        let mut other: Vec<&Item> = Vec::new();
        for item in &self.repo.items {
            if let Some(s) = item.shipped.as_ref().filter(|s| s.at <= self.now) {
                match &s.release {
                    Some(name) => by_release.entry(name).or_default().push(item),
                    None => other.push(item),
                }
            }
        }
        let shipped_at = |i: &Item| i.shipped.as_ref().map(|s| s.at);
        let all_releases = by_release.len();
        let mut views: Vec<(Time, ReleaseView)> = by_release
            .into_iter()
            .filter(|(_, items)| items.iter().any(|i| vis.shows(i)))
            .map(|(name, mut items)| {
                items.sort_by(|a, b| (shipped_at(a), &a.id).cmp(&(shipped_at(b), &b.id)));
                let date = items
                    .iter()
                    .filter_map(|i| shipped_at(i))
                    .max()
                    .expect("a release has items");
                let visible: Vec<ItemView> = items
                    .iter()
                    .filter(|i| vis.shows(i))
                    .map(|i| view(i))
                    .collect();
                let view = ReleaseView {
                    name: name.to_owned(),
                    url: urls[name].clone(),
                    date: day(date, cal),
                    private_count: items.len() - visible.len(),
                    total: items.len(),
                    items: visible,
                };
                (date, view)
            })
            .collect();
        views.sort_by(|a, b| (b.0, &b.1.name).cmp(&(a.0, &a.1.name)));
        other.sort_by(|a, b| (shipped_at(b), &b.id).cmp(&(shipped_at(a), &a.id)));
        let other_private = other.iter().filter(|i| !vis.shows(i)).count();
        let other_views = other
            .iter()
            .filter(|i| vis.shows(i))
            .map(|i| view(i))
            .collect();
        let hidden = all_releases - views.len();
        (
            views.into_iter().map(|(_, v)| v).collect(),
            hidden,
            other_views,
            other_private,
        )
    }

    /// Every week from the first item's to the last complete one.
    fn weekly_reports(&self, deadlines: &Deadlines) -> Vec<WeeklyReport> {
        let repo = self.repo;
        let cal = &repo.config.calendar;
        let Some(first) = repo.items.first() else {
            return Vec::new();
        };
        let last = Period::last_complete_week(self.now, cal);
        let mut periods = Vec::new();
        let mut p = Period::week_containing(first.received, cal);
        while p.bounds(cal).0 <= last.bounds(cal).0 {
            periods.push(p);
            p = p.next();
        }
        periods
            .par_iter()
            .map(|p| weekly_report(deadlines, &repo.roadmap, PeriodInfo::new(*p, cal, self.now)))
            .collect()
    }

    /// Every quarter from the first item's to the current one.
    fn quarterly_reports(&self, deadlines: &Deadlines) -> Vec<crate::report::QuarterlyReport> {
        let repo = self.repo;
        let cal = &repo.config.calendar;
        let Some(first) = repo.items.first() else {
            return Vec::new();
        };
        let current = Period::quarter_containing(self.now, cal);
        let mut periods = Vec::new();
        let mut p = Period::quarter_containing(first.received, cal);
        while p.bounds(cal).0 <= current.bounds(cal).0 {
            periods.push(p);
            p = p.next();
        }
        periods
            .par_iter()
            .map(|p| quarterly_report(deadlines, PeriodInfo::new(*p, cal, self.now)))
            .collect()
    }

    fn home<'r>(
        &self,
        vis: &Visibility,
        releases: &'r [ReleaseView],
        hidden_releases: usize,
        urls: &BTreeMap<String, String>,
        latest_week: Option<ReportRef>,
        latest_quarter: Option<ReportRef>,
    ) -> HomePage<'r> {
        let repo = self.repo;
        let cal = &repo.config.calendar;
        let from = self.now - repo.config.signals.window;
        let window: Vec<&Item> = repo
            .items
            .iter()
            .filter(|i| i.received > from && i.received <= self.now)
            .collect();
        let share = |f: &dyn Fn(&Item) -> bool| {
            let n = window.iter().filter(|i| f(i)).count();
            crate::report::percent(n, window.len())
                .map_or_else(|| "—".to_owned(), |p| format!("{p:.1}%"))
        };
        let mut shipped: Vec<&Item> = repo
            .items
            .iter()
            .filter(|i| i.shipped.as_ref().is_some_and(|s| s.at <= self.now))
            .collect();
        shipped.sort_by(|a, b| {
            let at = |i: &Item| i.shipped.as_ref().map(|s| s.at);
            (at(b), &b.id).cmp(&(at(a), &a.id))
        });
        shipped.truncate(10);
        HomePage {
            headline: HeadlineView {
                received: window.len(),
                window_days: repo.config.signals.window.num_days(),
                responded: share(&|i| i.acknowledged.is_some_and(|t| t <= self.now)),
                closed: share(&|i| i.closed.as_ref().is_some_and(|c| c.at <= self.now)),
            },
            shipped_private: shipped.iter().filter(|i| !vis.shows(i)).count(),
            shipped: shipped
                .iter()
                .filter(|i| vis.shows(i))
                .map(|i| item_view(i, vis, cal, urls))
                .collect(),
            releases: releases.iter().take(5).map(ReleaseSummary::of).collect(),
            hidden_releases,
            latest_week,
            latest_quarter,
        }
    }

    /// The Atom feed of releases; none without `base_url` (feeds need
    /// absolute links).
    fn feed(&self, releases: &[ReleaseView]) -> Option<FeedView> {
        let base = &self.repo.config.site.base_url;
        if base.is_empty() {
            return None;
        }
        let base = format!("{}/", base.trim_end_matches('/'));
        let stamp = |name: &str| {
            self.repo
                .items
                .iter()
                .filter_map(|i| i.shipped.as_ref())
                .filter(|s| s.release.as_deref() == Some(name) && s.at <= self.now)
                .map(|s| s.at)
                .max()
        };
        let entries: Vec<FeedEntry> = releases
            .iter()
            .map(|r| {
                // Each change leads with its release note; the developer's
                // title stays as the reason.
                let mut summary: Vec<String> = r
                    .items
                    .iter()
                    .map(|i| match &i.summary {
                        Some(s) => format!("{s} (from feedback: {})", i.title),
                        None => i.title.clone(),
                    })
                    .collect();
                if r.private_count > 0 {
                    summary.push(format!(
                        "plus {} from feedback that is not public",
                        r.private_count
                    ));
                }
                FeedEntry {
                    title: format!(
                        "{} — {} change{}",
                        r.name,
                        r.total,
                        if r.total == 1 { "" } else { "s" }
                    ),
                    url: format!("{base}{}", r.url),
                    updated: stamp(&r.name)
                        .map(format_utc)
                        .unwrap_or_else(|| format_utc(self.now)),
                    summary: summary.join("; "),
                }
            })
            .collect();
        let updated = entries
            .first()
            .map_or_else(|| format_utc(self.now), |e| e.updated.clone());
        Some(FeedView {
            base,
            updated,
            entries,
        })
    }
}

/// Release name → `releases/<slug>.html`, slugs made unique in name order
/// (`v2.3.0` and `v2-3-0` would otherwise collide).
/// The reports before and after the `i`-th one, for its pager.
fn neighbours(refs: &[ReportRef], i: usize) -> (Option<ReportRef>, Option<ReportRef>) {
    (
        i.checked_sub(1).map(|p| refs[p].clone()),
        refs.get(i + 1).cloned(),
    )
}

fn release_urls<'i>(items: impl Iterator<Item = &'i Item>) -> BTreeMap<String, String> {
    let names: std::collections::BTreeSet<&str> = items
        .filter_map(|i| i.shipped.as_ref()?.release.as_deref())
        .collect();
    let mut taken = std::collections::BTreeSet::new();
    let mut out = BTreeMap::new();
    for name in names {
        let base = slug(name);
        let mut candidate = base.clone();
        let mut n = 2;
        while !taken.insert(candidate.clone()) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        out.insert(name.to_owned(), format!("releases/{candidate}.html"));
    }
    out
}
