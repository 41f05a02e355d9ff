//! `closeloop build`: the repository as a static site.
//!
//! Pages are views ([`views`] is the contract with the templates) rendered
//! by page families ([`pages`], one function each) and handed to one
//! [`output::Output`] as soon as each is ready: on disk, [`write`](mod@write) stages
//! them beside the output folder and swaps the folder into place; in
//! memory, `serve` answers from them. Nothing holds every page at once, so
//! memory stays flat whatever the size of the repository. The same files
//! and the same *now* give the same bytes: every list has a total order and
//! nothing reads the clock.

mod charts;
mod credits;
mod keep;
pub(crate) mod output;
pub(crate) mod pages;
mod present;
pub(crate) mod reports;
pub(crate) mod views;
pub(crate) mod write;

use present::Urls;
pub(crate) use present::{Audience, Visibility, item_url};

use crate::model::{Item, Time};
use crate::render::format;
use crate::render::templates::Templates;
use crate::repo::Repository;
use crate::report::ReportInputs;
use crate::sla::Clock;
use output::Output;
use std::collections::BTreeMap;
use views::{ItemView, SiteView};

/// How many items a page of the item list shows.
pub(crate) const ITEMS_PER_PAGE: usize = 500;

/// Everything needed to render one site.
pub(crate) struct SiteBuild<'a> {
    pub repo: &'a Repository,
    pub now: Time,
    pub audience: Audience,
    pub templates: &'a Templates,
}

/// What several page families share, computed once per build.
struct Shared<'a> {
    site: SiteView,
    /// `site` as Tera receives it, made once for every page.
    site_value: tera::Value,
    /// A hash of `site`, which every page receives.
    site_hash: u64,
    /// Which items this build shows (SPEC §13): the one rule every page,
    /// list and count follows.
    vis: Visibility<'a>,
    /// Release name → its page, for the releases the audience may see;
    /// handle → the thank-you page of a publicly credited developer.
    urls: Urls,
    /// Handle → the shipped items their public feedback led to.
    credited: BTreeMap<&'a str, Vec<&'a Item>>,
    /// What every report is computed from, the deadline table of the checks
    /// included (due times for the SLA board, item pages and every report).
    inputs: ReportInputs<'a>,
    /// Every clock as of *now*.
    clocks: Vec<Clock<'a>>,
}

/// The items the audience may see, each with its view (its Markdown
/// rendered once, for its own page, the list pages and the releases).
struct Shown<'a> {
    items: Vec<&'a Item>,
    views: Vec<std::sync::Arc<ItemView>>,
    /// With a memo, a number per view that changes whenever the view
    /// does: a page made of views can be recognised by their numbers
    /// without serializing them again.
    serials: Vec<u64>,
}

impl Shown<'_> {
    /// Each shown item's view, by item id.
    fn views_by_id(&self) -> foldhash::HashMap<&str, &ItemView> {
        self.items
            .iter()
            .map(|i| i.id.as_str())
            .zip(self.views.iter().map(|v| &**v))
            .collect()
    }

    /// [`Shown::views_by_id`], for pages that keep the views beyond the
    /// item views' phase (the releases, for the home page and the feed).
    fn shared_views_by_id(&self) -> foldhash::HashMap<&str, &std::sync::Arc<ItemView>> {
        self.items
            .iter()
            .map(|i| i.id.as_str())
            .zip(&self.views)
            .collect()
    }
}

impl<'a> SiteBuild<'a> {
    /// Renders every page and writes each to `out` as soon as it is ready,
    /// from several threads, in no particular order.
    ///
    /// The page families run side by side, not one after the other: a
    /// family with one big page (the roadmap, the releases index, a
    /// report) renders it on one core, and the item pages fill the other
    /// meanwhile.
    pub(crate) fn emit(&self, out: &Output) -> anyhow::Result<()> {
        use crate::timing::phase;
        let shared = phase("shared", || self.shared());
        let (releases, latest) = rayon::join(
            || {
                let shown = phase("item-views", || self.shown(&shared, out.memo()));
                let (pages, releases) = rayon::join(
                    || phase("item-pages", || self.item_pages(&shared, &shown, out)),
                    || {
                        phase("item-list", || self.item_list(&shared, &shown, out))?;
                        phase("thanks", || self.thanks_pages(&shared, &shown, out))?;
                        phase("roadmap", || self.roadmap_page(&shared, &shown, out))?;
                        phase("releases", || self.release_pages(&shared, &shown, out))
                    },
                );
                pages?;
                releases
                // The item views are freed here.
            },
            || phase("reports", || self.report_pages(&shared, out)),
        );
        let (releases, latest) = (releases?, latest?);
        phase("home", || self.home_page(&shared, &releases, latest, out))?;
        self.sla_board(&shared, out)?;
        self.todo_page(&shared, out)?;
        self.feed(&shared, &releases.views, out)?;
        self.stylesheet(out)
    }

    fn shared(&self) -> Shared<'a> {
        let repo = self.repo;
        let config = &repo.config;
        let checked = &repo.checked;
        // The clocks and the report inputs do not depend on what the
        // audience sees: they are made beside the rest.
        let ((clocks, inputs), (vis, credited, urls)) = rayon::join(
            || {
                rayon::join(
                    || crate::timing::phase("clocks", || checked.clocks(self.now)),
                    || ReportInputs::of(checked, config),
                )
            },
            || {
                let vis = Visibility::new(self.audience, &checked.items, &config.site, self.now);
                // Only releases the audience may see get a page (and a name in a URL).
                let credited = pages::credited(&checked.items, &vis, self.now);
                let urls = Urls {
                    releases: pages::release_urls(checked.items.iter().filter(|i| vis.shows(i))),
                    thanks: pages::thanks_urls(credited.keys().copied()),
                };
                (vis, credited, urls)
            },
        );
        let site = SiteView {
            title: config.site.title.clone(),
            internal: self.audience == Audience::Internal,
            generated: format::moment(self.now, &config.calendar),
            has_feed: !config.site.base_url.is_empty(),
            reports: self.has_reports(),
            left_out: checked.left_out_count().sentence(),
            base_url: match self.audience {
                Audience::Public if !config.site.base_url.is_empty() => {
                    format!("{}/", config.site.base_url.trim_end_matches('/'))
                }
                _ => String::new(),
            },
        };
        Shared {
            site_hash: output::ContextHash::of(&site).unwrap_or_default(),
            site_value: tera::Value::from_serializable(&site),
            site,
            vis,
            urls,
            credited,
            inputs,
            clocks,
        }
    }

    fn shown(&self, shared: &Shared, memo: Option<&output::PageMemo>) -> Shown<'a> {
        use rayon::prelude::*;
        let items: Vec<&Item> = self
            .repo
            .checked
            .items
            .iter()
            .filter(|i| shared.vis.shows(i))
            .collect();
        let cal = &self.repo.config.calendar;
        let internal = self.audience == Audience::Internal;
        let owners = &self.repo.config.owners;
        let view = |item: &Item| {
            let mut view = present::item_view(item, &shared.vis, cal, &shared.urls);
            // The owner is never public (SPEC §7).
            view.owner = internal
                .then(|| owners.of(item).map(str::to_owned))
                .flatten();
            view
        };
        let (views, serials) = items
            .par_iter()
            .map(|item| {
                let Some(memo) = memo else {
                    return (std::sync::Arc::new(view(item)), 0);
                };
                // The key is compared borrowed, and made only for a new
                // view: most views are kept.
                let words = shared.vis.shows_words(item);
                let release = item
                    .shipped
                    .as_ref()
                    .and_then(|s| s.release.as_ref())
                    .and_then(|r| shared.urls.releases.get(r))
                    .map(String::as_str);
                // The thank-you page its handle links to.
                let thanks = shared
                    .urls
                    .thanks
                    .get(&item.developer.handle)
                    .map(String::as_str);
                // Its original and duplicates, named or not.
                let linked = || {
                    item.original
                        .iter()
                        .map(|o| o.id.as_str())
                        .chain(item.duplicates.iter().map(|d| d.id.as_str()))
                        .map(|id| shared.vis.shows_id(id))
                };
                let same = |key: &output::ViewKey| {
                    key.0 == words
                        && key.1.as_deref() == release
                        && key.2.as_deref() == thanks
                        && key.3.iter().copied().eq(linked())
                };
                if let Some(kept) = memo.view(&item.id, same) {
                    return kept;
                }
                let key = (
                    words,
                    release.map(str::to_owned),
                    thanks.map(str::to_owned),
                    linked().collect(),
                );
                let view = view(item);
                view.prepare();
                memo.keep_view(item, key, view)
            })
            .unzip();
        Shown {
            items,
            views,
            serials,
        }
    }

    /// Whether this build has report pages: the internal one always, the
    /// public one unless `[site] public_reports = false`.
    fn has_reports(&self) -> bool {
        self.audience == Audience::Internal || self.repo.config.site.public_reports
    }

    /// Renders one page of the site and writes it.
    fn write_page(
        &self,
        out: &Output,
        shared: &Shared,
        page: pages::Page,
        source: output::Source,
        key: &'static str,
        view: &impl serde::Serialize,
    ) -> anyhow::Result<()> {
        self.write_page_as(out, shared, page, source, key, view, None)
    }

    /// [`SiteBuild::write_page`]. With a memo, the page is rendered again
    /// only if its template context changed: `identity`, when given,
    /// stands for the view (the caller guarantees that equal identities
    /// mean equal views); otherwise the view is serialized and hashed.
    #[allow(clippy::too_many_arguments)]
    fn write_page_as(
        &self,
        out: &Output,
        shared: &Shared,
        page: pages::Page,
        source: output::Source,
        key: &'static str,
        view: &impl serde::Serialize,
        identity: Option<u64>,
    ) -> anyhow::Result<()> {
        let render = || {
            pages::render_bytes(
                self.templates,
                &shared.site_value,
                &page,
                key,
                view,
                pages::Frame::Site,
            )
        };
        let Some(memo) = out.memo() else {
            return out.write(page.path, render()?, source);
        };
        // Everything the template receives, as `pages::render` passes it.
        let meta = (
            shared.site_hash,
            page.path,
            page.template,
            page.title,
            page.section,
            key,
        );
        // With an identity, nothing needs serializing: the meta's own
        // fields hash faster than their JSON escapes.
        let context = match identity {
            Some(identity) => Some(output::ContextHash::of_hashable(&(meta, identity))),
            None => output::ContextHash::of(&(meta, view)),
        };
        if let Some(bytes) = context.and_then(|c| memo.page(page.path, c)) {
            return out.write_shared(page.path, bytes, source);
        }
        let bytes = std::sync::Arc::new(render()?);
        if let Some(context) = context {
            memo.keep_page(page.path, context, bytes.clone());
        }
        out.write_shared(page.path, bytes, source)
    }
}
