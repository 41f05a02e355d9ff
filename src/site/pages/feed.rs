//! The Atom feed of releases (`feed.xml`), and the stylesheet. No feed
//! without `base_url`: feeds need absolute links.

use crate::model::Time;
use crate::parse::time::format_utc;
use crate::render::format;
use crate::render::templates::STYLE_CSS;
use crate::site::output::{Output, Source};
use crate::site::views::{FeedEntry, FeedView, ReleaseView};
use crate::site::{Shared, SiteBuild};
use anyhow::Result;
use foldhash::HashMap;
use serde_json::json;

impl SiteBuild<'_> {
    pub(in crate::site) fn feed(
        &self,
        shared: &Shared,
        releases: &[ReleaseView],
        out: &Output,
    ) -> Result<()> {
        let Some(feed) = self.feed_view(releases) else {
            return Ok(());
        };
        let xml = self
            .templates
            .render("feed.xml", &json!({ "site": shared.site, "feed": feed }))?;
        out.write("feed.xml", xml.into_bytes(), Source::page("the feed"))
    }

    /// The built-in stylesheet (a `static/style.css` replaces it).
    pub(in crate::site) fn stylesheet(&self, out: &Output) -> Result<()> {
        let source = Source::page("the built-in stylesheet");
        out.write("style.css", STYLE_CSS.as_bytes().to_vec(), source)
    }

    /// The moment each release last changed: its latest ship time by *now*.
    fn release_updated(&self) -> HashMap<&str, Time> {
        let mut updated: HashMap<&str, Time> = HashMap::default();
        for s in self
            .repo
            .checked
            .items
            .iter()
            .filter_map(|i| i.shipped.as_ref())
        {
            if let Some(name) = s.release.as_deref().filter(|_| s.at <= self.now) {
                let t = updated.entry(name).or_insert(s.at);
                *t = (*t).max(s.at);
            }
        }
        updated
    }

    fn feed_view(&self, releases: &[ReleaseView]) -> Option<FeedView> {
        let base = &self.repo.config.site.base_url;
        if base.is_empty() {
            return None;
        }
        let base = format!("{}/", base.trim_end_matches('/'));
        let updated = self.release_updated();
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
                        "{} — {}",
                        r.name,
                        format::count(r.total, "change", "changes")
                    ),
                    url: format!("{base}{}", r.url),
                    updated: format_utc(updated.get(r.name.as_str()).copied().unwrap_or(self.now)),
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
