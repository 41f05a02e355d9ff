//! What templates see. Privacy is enforced here, by construction: a public
//! view has no field for what SPEC §7 keeps private, so no template can
//! leak it by mistake. Markdown arrives already rendered and sanitized
//! (`*_html` fields, the only ones templates may print with `| safe`); URLs
//! arrive already checked; everything else is plain text that Tera escapes.

use serde::Serialize;
use std::sync::Arc;

/// Shared by every page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SiteView {
    pub title: String,
    /// True for `build --internal`.
    pub internal: bool,
    /// *now*, as `2026-11-28 09:00 UTC` in the calendar's zone.
    pub generated: String,
    /// Whether an Atom feed exists (only with `base_url`).
    pub has_feed: bool,
    /// Whether the site has report pages (`[site] public_reports`).
    pub reports: bool,
    /// "2 feedback items with errors are left out", shown on every page.
    pub left_out: Option<String>,
    /// `base_url` with a trailing slash, for absolute links in OpenGraph
    /// tags (empty without `base_url`, and in the internal build).
    pub base_url: String,
}

/// Per-page values: the relative prefix to the site root (`""` or `"../"`)
/// and which navigation entry is current.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageView {
    pub root: String,
    pub title: String,
    /// `home`, `releases`, `items`, `reports`, `roadmap`, `thanks`, `sla`.
    pub section: &'static str,
    /// Whether the footer says when the site was generated: only on pages
    /// whose figures depend on *now* as a whole (home, reports, SLA board,
    /// to do). Every other page stays byte for byte the same from one
    /// build to the next while its item does not change, so a rebuild
    /// leaves it as it is.
    pub stamped: bool,
    /// The page's path from the site root (`releases/v2-3-0.html`), for
    /// its absolute URL.
    pub path: String,
    /// One or two plain sentences: the meta description and the text of a
    /// shared link's card (OpenGraph, Twitter).
    pub description: String,
}

/// An item as the public may see it: [`ItemFields`], which templates
/// receive as they are, and a serial.
///
/// With a page memo (`serve`), each view kept has a serial never given to
/// another view, so a page's context is recognised without serializing
/// the views in it: while a context is hashed
/// ([`super::output::ContextHash`]), a view with a serial stands for
/// itself by that number alone.
///
/// In the preview, the fields reach Tera as one value made once per view
/// ([`ItemView::prepare`]): an item is on its own page, a list page and
/// often a release, a thank-you page and the roadmap, and each of those
/// contexts takes the same value (shared, not copied) instead of
/// converting the fields again.
#[derive(Debug, Clone)]
pub(crate) struct ItemView {
    fields: ItemFields,
    /// 0 when no memo keeps the view.
    serial: u64,
    /// `fields` as a Tera value, once made; forgotten whenever the fields
    /// are changed through [`std::ops::DerefMut`].
    value: std::sync::OnceLock<tera::Value>,
}

impl ItemView {
    pub(crate) fn new(fields: ItemFields) -> ItemView {
        ItemView {
            fields,
            serial: 0,
            value: std::sync::OnceLock::new(),
        }
    }

    /// The same view, known by `serial` (unique to it) while a page's
    /// context is hashed.
    pub(crate) fn with_serial(self, serial: u64) -> ItemView {
        ItemView { serial, ..self }
    }

    /// Its serial, if a memo keeps it: a page made of views known by
    /// their serials can be recognised by them.
    pub(crate) fn serial(&self) -> Option<u64> {
        (self.serial != 0).then_some(self.serial)
    }

    /// Makes the view's Tera value now (on the thread at hand), to be
    /// shared by every page that shows the view. Only views a memo keeps
    /// are prepared: at 100,000 items, values held beside the fields of
    /// every view until the last page is written were 200 MiB of a
    /// build's peak memory. An unprepared view is converted per page.
    pub(crate) fn prepare(&self) {
        self.value
            .get_or_init(|| tera::Value::from_serializable(&self.fields));
    }
}

impl std::ops::Deref for ItemView {
    type Target = ItemFields;
    fn deref(&self) -> &ItemFields {
        &self.fields
    }
}

impl std::ops::DerefMut for ItemView {
    fn deref_mut(&mut self) -> &mut ItemFields {
        // The value no longer matches the fields once they change.
        self.value = std::sync::OnceLock::new();
        &mut self.fields
    }
}

impl Serialize for ItemView {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if super::output::ContextHash::hashing() {
            if self.serial != 0 {
                return s.serialize_newtype_struct("ItemView", &self.serial);
            }
            return self.fields.serialize(s);
        }
        if for_templates::active()
            && let Some(value) = self.value.get()
        {
            // Tera takes a value it meets while converting a context as
            // it is (a shared reference, not a copy).
            return value.serialize(s);
        }
        self.fields.serialize(s)
    }
}

/// Whether a template context is being made on this thread: only then do
/// item views hand over their Tera value. Any other serializer (a JSON
/// writer) gets the fields, in their declared order.
pub(crate) mod for_templates {
    thread_local! {
        static ACTIVE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    /// Runs `f` while a template context is being made.
    pub(crate) fn run<T>(f: impl FnOnce() -> T) -> T {
        let outer = ACTIVE.with(|a| a.replace(true));
        let value = f();
        ACTIVE.with(|a| a.set(outer));
        value
    }

    pub(super) fn active() -> bool {
        ACTIVE.with(std::cell::Cell::get)
    }
}

/// What templates see of an item. Handle and quotes are `None` unless
/// the developer chose `credit: public` (or the build is internal).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ItemFields {
    pub id: String,
    /// Relative to the site root: `feedback/<id>.html`.
    pub url: String,
    pub title: String,
    /// The title as HTML: escaped, with `code` spans.
    pub title_html: String,
    pub tag: &'static str,
    pub area: String,
    pub state: &'static str,
    /// `public` or `anonymous` (private items have no public view).
    pub credit: &'static str,
    pub received: String,
    pub handle: Option<String>,
    pub quote: Option<String>,
    pub followup: Option<String>,
    pub outcome: Option<&'static str>,
    pub decided: Option<String>,
    pub reason_html: Option<String>,
    pub release: Option<ReleaseRef>,
    /// A checked http(s) or relative URL.
    pub pr: Option<String>,
    pub shipped: Option<String>,
    pub impact_html: Option<String>,
    /// `shipped.summary`: the one-line note of what changed, plain text,
    /// and as HTML (escaped, with `code` spans).
    pub summary: Option<String>,
    /// Who owns the item: set only in the internal build.
    pub owner: Option<String>,
    pub summary_html: Option<String>,
    /// The developer's thank-you page (`thanks/<handle>.html`), for a
    /// `credit: public` developer whose feedback changed something.
    pub thanks_url: Option<String>,
    /// "Thanks to @mara, whose feedback led to this.", "Thanks to @mara,
    /// @li and 2 other developers, whose feedback led to this." or "Thanks
    /// to a developer whose feedback led to this." (see `site::credits`).
    pub credit_line: String,
    /// "Reported by 4 developers", when more than one did (duplicates and
    /// `frequency` included).
    pub reported_by: Option<String>,
    /// For a duplicate: the item it was merged into.
    pub merged_into: Option<MergedInto>,
    /// For an original: the duplicates merged into it that the audience
    /// may see, by (received, id).
    pub merged_reports: Vec<MergedReport>,
    /// Duplicates merged into it that the audience may not see: counted.
    pub merged_unlisted: usize,
}

/// A duplicate listed on its original's page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MergedReport {
    pub title: String,
    pub url: String,
}

/// The original a duplicate was merged into. A private original has no
/// page and no title here: only the fact that it was merged.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MergedInto {
    pub title: Option<String>,
    pub url: Option<String>,
}

/// What only the team sees (`build --internal`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct InternalView {
    pub credit: &'static str,
    pub channel: Option<String>,
    pub owner: Option<String>,
    /// Name and value; `href` only when the value is a safe URL.
    pub links: Vec<LinkView>,
    pub severity: &'static str,
    pub frequency: u64,
    pub score: u64,
    pub strategic: bool,
    pub jtbd: Option<String>,
    pub body_html: String,
    pub file: String,
    pub clocks: Vec<ClockView>,
    /// What the team must do next for this item, soonest first.
    pub next: Vec<ToDoView>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct LinkView {
    pub name: String,
    pub value: String,
    pub href: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReleaseRef {
    pub name: String,
    pub url: String,
}

/// One page per item: `feedback/<id>.html`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ItemPage<'a> {
    pub item: &'a ItemView,
    pub internal: Option<InternalView>,
}

/// A release and what it shipped, with credits.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReleaseView {
    pub name: String,
    pub url: String,
    pub date: String,
    /// Non-private items, by ship time then id: the views the item pages
    /// use, shared rather than copied.
    pub items: Vec<Arc<ItemView>>,
    /// Private items shipped in it: counted, never named.
    pub private_count: usize,
    /// All items shipped in it.
    pub total: usize,
}

/// A release in a list (home, releases index): its first changes only,
/// so the lists stay readable, and light, at any size.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReleaseSummary<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub date: &'a str,
    /// The first [`RELEASE_SUMMARY_ITEMS`] non-private items.
    pub items: Vec<&'a ItemView>,
    /// Non-private items not listed here (they are on the release's page).
    pub more: usize,
    pub private_count: usize,
    pub total: usize,
}

/// How many changes a release lists outside its own page.
pub(crate) const RELEASE_SUMMARY_ITEMS: usize = 10;

impl<'a> ReleaseSummary<'a> {
    pub(crate) fn of(r: &'a ReleaseView) -> ReleaseSummary<'a> {
        let items: Vec<&ItemView> = r
            .items
            .iter()
            .take(RELEASE_SUMMARY_ITEMS)
            .map(|v| &**v)
            .collect();
        ReleaseSummary {
            name: &r.name,
            url: &r.url,
            date: &r.date,
            more: r.items.len() - items.len(),
            items,
            private_count: r.private_count,
            total: r.total,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ClockView {
    pub item_id: String,
    /// Who owns the item (SPEC §11); only the internal build has clocks.
    pub owner: Option<String>,
    pub item_title: String,
    pub item_url: String,
    pub clock: &'static str,
    pub status: &'static str,
    pub start: String,
    pub due: String,
    pub stopped: Option<String>,
    /// "3d 2h overdue", "in 4h 00m", "done 2h early".
    pub relative: String,
}

/// An item in a report list. Private items keep only their figures.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReportItemView {
    /// `None` for items the audience may not see, like the title.
    pub id: Option<String>,
    /// `None` for items the audience may not see: the template prints "an
    /// item that is not public".
    pub title: Option<String>,
    /// The title as HTML (escaped, with `code` spans).
    pub title_html: Option<String>,
    pub url: Option<String>,
    pub tag: &'static str,
    pub area: String,
    pub score: u64,
    pub severity: &'static str,
    pub frequency: u64,
    /// Its state as of the report's moment.
    pub state: &'static str,
    /// Who owns it (SPEC §11): the internal site and report only.
    pub owner: Option<String>,
    /// The developer's words (cut at a word past 80 characters): only
    /// where the audience may see them (`credit: public`, or internal).
    pub quote: Option<String>,
}

/// A change shipped or a loop closed in the week, as the audience may see it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct WinView {
    pub id: String,
    pub url: String,
    pub title: String,
    pub title_html: String,
    /// `shipped.summary`, for a shipped change that has one.
    pub summary: Option<String>,
    pub summary_html: Option<String>,
    pub release: Option<String>,
    /// `3 Nov 2026`.
    pub day: String,
    /// "Thanks to @mara, whose feedback led to this." for a change;
    /// "@mara" or "a developer" for a closed loop.
    pub credit: String,
    pub satisfaction: Option<u8>,
}

/// What shipped and which loops closed in the week: the first few of
/// each, how many more the audience may see, how many it may not.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct WinsView {
    pub shipped: Vec<WinView>,
    pub shipped_more: usize,
    pub shipped_hidden: usize,
    pub shipped_total: usize,
    pub closed: Vec<WinView>,
    pub closed_more: usize,
    pub closed_hidden: usize,
    pub closed_total: usize,
}

/// One clock still open past due at the report's moment.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PastDueRow {
    pub clock: &'static str,
    pub count: usize,
    /// How long the oldest is overdue: `8.0 days`, `5.5 h`, or `—`.
    pub longest: String,
}

/// The weekly headline figures against the previous week, preformatted:
/// `+3`, `−2.5 pts`, `—`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct WeekChangeView {
    pub previous: String,
    pub received: String,
    pub open_past_due: String,
    pub responded: String,
    pub changed: String,
    pub closed: String,
    pub roadmap_origin: String,
}

/// The quarterly headline figures against the previous quarter.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct QuarterChangeView {
    pub previous: String,
    pub received: String,
    pub conversion: String,
    pub satisfaction: String,
    pub time_to_acknowledge: String,
    pub time_to_close: String,
}

/// One quarter of the conversion and satisfaction trend.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TrendRow {
    pub quarter: String,
    pub running: bool,
    pub converted: usize,
    pub received: usize,
    pub conversion: String,
    pub satisfaction: String,
    pub count: usize,
}

/// How many closed loops gave one satisfaction score.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ScoreRow {
    pub score: &'static str,
    pub count: usize,
    pub share: String,
}

/// A report link for indexes and navigation.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReportRef {
    pub name: String,
    pub url: String,
    pub dates: String,
    pub running: bool,
}

/// A bar or point of an inline SVG chart, geometry precomputed in a
/// 0..100 × 0..100 box so templates only draw.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChartView {
    pub title: String,
    /// Screen-reader and print description of the chart.
    pub description: String,
    pub series: Vec<SeriesView>,
    /// Labels along the x axis.
    pub labels: Vec<AxisLabel>,
    /// The value the top of the box stands for.
    pub max: f64,
    pub unit: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct SeriesView {
    pub name: String,
    /// A CSS class suffix: `series-0`, `series-1`, …
    pub class: String,
    pub bars: Vec<BarView>,
    /// `x,y x,y …` for a polyline (line charts); empty for bar charts.
    pub points: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct BarView {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct AxisLabel {
    pub x: f64,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct TagCount {
    pub tag: String,
    pub count: usize,
}

/// One clock's attainment row; percentages preformatted ("87.5%" or "—").
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SlaRow {
    pub clock: &'static str,
    pub met: usize,
    pub breached: usize,
    pub open: usize,
    pub percent: String,
    /// Against the previous period, in points: `+10.0 pts` or `—`.
    pub change: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct RoadmapOriginView {
    pub total: usize,
    pub with_origin: usize,
    pub percent: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ClosedLoopView {
    pub items: usize,
    pub responded: String,
    pub changed: String,
    pub closed: String,
}

/// `reports/<week>.html`, and `report weekly --format html`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct WeeklyPage {
    pub name: String,
    pub dates: String,
    pub running: bool,
    pub received: usize,
    pub by_tag: Vec<TagCount>,
    pub top_frictions: Vec<ReportItemView>,
    pub top_delights: Vec<ReportItemView>,
    pub roadmap_origin: RoadmapOriginView,
    pub closed_loop: ClosedLoopView,
    pub sla: Vec<SlaRow>,
    /// Up to 3 `strategic-insight` items received in the week.
    pub top_strategic: Vec<ReportItemView>,
    /// Clocks still open past due at the week's moment, per clock that has any.
    pub open_past_due: Vec<PastDueRow>,
    pub open_past_due_total: usize,
    pub wins: WinsView,
    pub change: Option<WeekChangeView>,
    /// The previous week's name, or empty: the SLA table's change column.
    pub previous: String,
    /// The signal window in plain words: `90 days`.
    pub window: String,
    pub prev: Option<ReportRef>,
    pub next: Option<ReportRef>,
    /// Received per tag over the 12 weeks ending here; SLA attainment and
    /// response rate over the same weeks.
    pub charts: Vec<ChartView>,
}

/// `reports/<quarter>.html`, and `report quarterly --format html`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct QuarterlyPage {
    pub name: String,
    pub dates: String,
    pub running: bool,
    pub received: usize,
    pub by_tag: Vec<TagCount>,
    pub by_area: Vec<TagCount>,
    pub conversion_received: usize,
    pub conversion_converted: usize,
    pub conversion_percent: String,
    /// "4.36 / 5" or "—".
    pub satisfaction_mean: String,
    pub satisfaction_count: usize,
    pub sla: Vec<SlaRow>,
    /// "20.5 h", "8.0 days" or "—".
    pub time_to_acknowledge: String,
    pub time_to_close: String,
    pub change: Option<QuarterChangeView>,
    /// The previous quarter's name, or empty.
    pub previous: String,
    /// The four quarters ending with this one, oldest first.
    pub trend: Vec<TrendRow>,
    /// Satisfaction scores 1 to 5 of the loops closed in the quarter.
    pub scores: Vec<ScoreRow>,
    pub prev: Option<ReportRef>,
    pub next: Option<ReportRef>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct HeadlineView {
    /// Items received in the signal window before now.
    pub received: usize,
    pub window_days: i64,
    pub responded: String,
    pub closed: String,
}

/// `index.html`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct HomePage<'a> {
    pub headline: HeadlineView,
    /// The latest shipped items the public may see, newest first (up to 10).
    pub shipped: Vec<ItemView>,
    /// Private items among the latest shipped: counted only.
    pub shipped_private: usize,
    /// The latest releases, newest first (up to 5).
    pub releases: Vec<ReleaseSummary<'a>>,
    /// Releases with no item the audience may see: counted, never named.
    pub hidden_releases: usize,
    pub latest_week: Option<ReportRef>,
    pub latest_quarter: Option<ReportRef>,
}

/// `releases/index.html`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReleasesPage<'a> {
    /// Newest first.
    pub releases: Vec<ReleaseSummary<'a>>,
    /// Changes shipped with a PR but no named release, newest first: the
    /// first [`OTHER_ON_INDEX`]; all of them are on `other_url`.
    pub other: &'a [Arc<ItemView>],
    /// How many there are in all, and the page that lists them all
    /// (`releases/other.html`, only when some are not on the index).
    pub other_total: usize,
    pub other_url: Option<&'static str>,
    pub other_private: usize,
    /// Releases with no item the audience may see: counted, never named.
    pub hidden_releases: usize,
}

/// How many PR-only changes the releases index shows itself.
pub(crate) const OTHER_ON_INDEX: usize = 50;

/// `items/index.html`, `items/2.html`, …: every item the build may show,
/// newest first, 500 to a page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ItemsPage<'a> {
    pub items: Vec<&'a ItemView>,
    /// Items not shown (private, in the public build).
    pub hidden: usize,
    /// Items listed over all pages.
    pub total: usize,
    /// This page's number (from 1) and how many there are.
    pub number: usize,
    pub pages: usize,
    /// The position (from 1) of this page's first item in the whole list.
    pub first: usize,
    /// The neighbouring list pages (`name`, `url`, `dates` as for reports).
    pub prev: Option<ReportRef>,
    pub next: Option<ReportRef>,
}

/// `reports/index.html`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReportsPage {
    /// Newest first.
    pub weeks: Vec<ReportRef>,
    pub quarters: Vec<ReportRef>,
}

/// `sla.html` (internal build only): open clocks, breached first.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SlaPage {
    pub clocks: Vec<ClockView>,
    pub breached: usize,
    pub at_risk: usize,
    pub running: usize,
}

/// `feed.xml`: the Atom feed of releases.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FeedView {
    /// `base_url` with a trailing slash.
    pub base: String,
    /// RFC 3339: the newest release, or *now* without releases.
    pub updated: String,
    pub entries: Vec<FeedEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct FeedEntry {
    pub title: String,
    /// Absolute URL of the release page.
    pub url: String,
    pub updated: String,
    /// Plain text; the template escapes it.
    pub summary: String,
}

/// One next action (SPEC §11), for the To do page and item pages.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ToDoView {
    pub action: &'static str,
    /// What to do, in a few words.
    pub what: &'static str,
    pub item_title: String,
    pub item_url: String,
    pub owner: Option<String>,
    pub due: String,
    /// "1d 4h overdue", "in 3h 20m".
    pub relative: String,
    /// The clock's status, or a target's (`overdue`, `due-soon`, `on-track`).
    pub status: &'static str,
    /// Whether an SLA clock stands behind it (else it is a target).
    pub sla: bool,
    /// The command that drafts its message, `closeloop draft KIND ID`
    /// (templates show `closeloop draft KIND` and the id as two unbreakable
    /// runs, so an id never wraps at one of its hyphens).
    pub draft: String,
    pub draft_kind: &'static str,
    pub draft_id: String,
}

/// The To do page: every next action, grouped by owner.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ToDoPage {
    pub total: usize,
    pub overdue: usize,
    pub groups: Vec<ToDoGroup>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ToDoGroup {
    /// `None`: items nobody owns.
    pub owner: Option<String>,
    pub actions: Vec<ToDoView>,
}

/// `thanks/<handle>.html`: what one developer's feedback changed.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ThanksPage<'a> {
    pub handle: String,
    pub url: String,
    /// Their shipped feedback (and the originals of their duplicates),
    /// newest first.
    pub changes: Vec<&'a ItemView>,
    /// Releases those changes shipped in, by name.
    pub releases: Vec<ReleaseRef>,
}

/// `thanks/index.html`: every developer with a thank-you page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ThanksIndex {
    pub developers: Vec<ThanksRef>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ThanksRef {
    pub handle: String,
    pub url: String,
    pub changes: usize,
}

/// `roadmap.html`: the roadmap and the feedback behind it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RoadmapPage<'a> {
    /// In-progress, planned, shipped, dropped; then by quarter and id.
    pub entries: Vec<RoadmapEntry<'a>>,
    /// Internal build only: roadmap items still `planned` although the
    /// feedback behind them has shipped.
    pub stale: Vec<RoadmapRef>,
    /// Entries per status, for the summary line.
    pub counts: Vec<TagCount>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct RoadmapEntry<'a> {
    pub id: String,
    /// `#<id>` on the roadmap page.
    pub anchor: String,
    pub title: String,
    pub title_html: String,
    pub status: &'static str,
    pub quarter: Option<String>,
    pub added: String,
    /// The feedback the audience may see whose decision names this item.
    pub feedback: Vec<&'a ItemView>,
    /// Feedback behind it that the audience may not see: counted only.
    pub hidden: usize,
    /// Internal build only: the notes (the roadmap file's body).
    pub notes_html: Option<String>,
    /// Internal build only: still `planned`, and feedback behind it shipped.
    pub stale: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct RoadmapRef {
    pub id: String,
    pub title: String,
    pub anchor: String,
    /// How many items behind it have shipped, and the latest ship date.
    pub shipped: usize,
    pub last_shipped: String,
}
