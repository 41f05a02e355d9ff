//! `closeloop report weekly|quarterly`.

use super::{Context, Outcome};
use crate::calendar::Period;
use crate::cli::{ReportArgs, ReportFormat, ReportKind};
use crate::render::format;
use crate::report::{
    PeriodInfo, ReportInputs, quarterly_markdown, quarterly_report, weekly_markdown, weekly_report,
};
use crate::site::pages::{self, Frame, Page};
use crate::site::reports::{Readers, quarterly_page, weekly_page};
use crate::site::views::ReportItemView;
use crate::site::views::SiteView;
use crate::site::{Audience, Visibility};
use anyhow::{Result, bail};

pub fn run(ctx: &Context, args: &ReportArgs, out: &mut dyn std::io::Write) -> Result<Outcome> {
    let cal = &ctx.config.calendar;
    let (period, format, public) = match &args.kind {
        ReportKind::Weekly {
            week,
            format,
            public,
        } => {
            let p = match week {
                Some(p) => *p,
                None => Period::last_complete_week(ctx.now, cal),
            };
            (p, *format, *public)
        }
        ReportKind::Quarterly {
            quarter,
            format,
            public,
        } => {
            let p = match quarter {
                Some(p) => *p,
                None => Period::quarter_containing(ctx.now, cal),
            };
            (p, *format, *public)
        }
        ReportKind::Digest { since, format } => {
            return super::digest::run(ctx, since, *format, out);
        }
    };
    if public && !ctx.config.site.public_reports {
        bail!(
            "the public site has no reports (`[site] public_reports = false` in closeloop.toml) — leave out `--public` for the team's version"
        );
    }
    let repo = ctx.load_for_figures()?;
    let inputs = ReportInputs::of(&repo.checked, &repo.config);
    let left_out = inputs.left_out.sentence();
    let info = PeriodInfo::new(period, cal, ctx.now);
    let title = &repo.config.site.title;
    // What the public site shows; the team's version names everything and
    // says so when that is more than the public sees.
    let public_view = Visibility::new(
        Audience::Public,
        &repo.checked.items,
        &repo.config.site,
        ctx.now,
    );
    let team_view = Visibility::new(Audience::Internal, &[], &repo.config.site, ctx.now);
    let readers = |visibility| Readers {
        items: inputs.items,
        owners: &repo.config.owners,
        visibility,
        calendar: cal,
    };
    let (public_readers, team_readers) = (readers(&public_view), readers(&team_view));
    let shown = if public {
        &public_readers
    } else {
        &team_readers
    };
    let text = match period {
        Period::Week { .. } => {
            let r = weekly_report(&inputs, info);
            let page = weekly_page(&r, shown, (None, None), Vec::new());
            // The team's version is internal when it shows anything the
            // public one does not: a title, an owner, a quote, a count.
            let internal = !public
                && (!repo.config.site.public_reports
                    || serde_json::to_value(&page)?
                        != serde_json::to_value(weekly_page(
                            &r,
                            &public_readers,
                            (None, None),
                            Vec::new(),
                        ))?);
            match format {
                ReportFormat::Json => {
                    let mut value = serde_json::to_value(&r)?;
                    for (list, views) in [
                        ("top_frictions", &page.top_frictions),
                        ("top_delights", &page.top_delights),
                        ("top_strategic", &page.top_strategic),
                    ] {
                        add_people(&mut value, list, views);
                    }
                    for (key, list, shipped) in [
                        ("shipped", &r.wins.shipped, true),
                        ("closed", &r.wins.closed, false),
                    ] {
                        let credits = shown.win_credits(list, shipped);
                        if let Some(items) = value["wins"][key].as_array_mut() {
                            for (item, credit) in items.iter_mut().zip(credits) {
                                item["credited"] = credit.into();
                            }
                        }
                    }
                    mark_items(
                        &mut value,
                        &[
                            &["top_frictions"],
                            &["top_delights"],
                            &["top_strategic"],
                            &["wins", "shipped"],
                            &["wins", "closed"],
                        ],
                        &public_view,
                        public,
                    );
                    json_text(value, internal)
                }
                ReportFormat::Md => weekly_markdown(&r, &page, cal, title, internal),
                ReportFormat::Html => standalone(
                    ctx,
                    left_out,
                    "weekly.html",
                    &format!("Developer Signal Report {}", r.week),
                    &page,
                    internal,
                )?,
            }
        }
        Period::Quarter { .. } => {
            let r = quarterly_report(&inputs, info);
            let internal = !public && !repo.config.site.public_reports;
            let page = quarterly_page(&r, cal, (None, None));
            match format {
                ReportFormat::Json => json_text(serde_json::to_value(&r)?, internal),
                ReportFormat::Md => quarterly_markdown(&r, &page, cal, title, internal),
                ReportFormat::Html => standalone(
                    ctx,
                    left_out,
                    "quarterly.html",
                    &format!("Quarterly review {}", r.quarter),
                    &page,
                    internal,
                )?,
            }
        }
    };
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}

/// Adds each listed item's `owner` and `quote` from the page view of the
/// report's reader: set only where that reader may see them.
fn add_people(value: &mut serde_json::Value, list: &str, views: &[ReportItemView]) {
    let Some(items) = value.get_mut(list).and_then(|v| v.as_array_mut()) else {
        return;
    };
    for (item, view) in items.iter_mut().zip(views) {
        if let Some(obj) = item.as_object_mut() {
            obj.insert("owner".to_owned(), view.owner.clone().into());
            obj.insert("quote".to_owned(), view.quote.clone().into());
        }
    }
}

/// Adds `"public": bool` to every item of the lists at the given paths;
/// with `redact`, items that are not public keep only their figures (no
/// id, title, area, date or release), as on the public site.
fn mark_items(value: &mut serde_json::Value, lists: &[&[&str]], public: &Visibility, redact: bool) {
    for path in lists {
        let mut at = Some(&mut *value);
        for key in *path {
            at = at.and_then(|v| v.get_mut(*key));
        }
        let Some(items) = at.and_then(|v| v.as_array_mut()) else {
            continue;
        };
        for item in items {
            let Some(obj) = item.as_object_mut() else {
                continue;
            };
            let shown = obj
                .get("id")
                .and_then(|id| id.as_str())
                .is_some_and(|id| public.shows_id(id));
            if redact && !shown {
                for key in ["id", "title", "area", "received", "credit", "at", "release"] {
                    if obj.contains_key(key) {
                        obj.insert(key.to_owned(), serde_json::Value::Null);
                    }
                }
            }
            obj.insert("public".to_owned(), shown.into());
        }
    }
}

/// The JSON report with `"internal"` first: true when it includes what
/// the public site does not show.
fn json_text(value: serde_json::Value, internal: bool) -> String {
    let mut object = serde_json::Map::new();
    object.insert("internal".to_owned(), internal.into());
    if let serde_json::Value::Object(fields) = value {
        object.extend(fields);
    }
    let mut text = serde_json::to_string_pretty(&object).expect("reports serialize");
    text.push('\n');
    text
}

/// A report as one self-contained HTML page, drawn by the same page
/// function and template as the site's report pages: the stylesheet
/// inlined, no links needed to read it; `internal` shows the banner that
/// says it holds what the public site does not.
fn standalone(
    ctx: &Context,
    left_out: Option<String>,
    template: &'static str,
    title: &str,
    report: &impl serde::Serialize,
    internal: bool,
) -> Result<String> {
    let templates = super::build::load_templates(ctx)?;
    let site = SiteView {
        title: ctx.config.site.title.clone(),
        internal,
        generated: format::moment(ctx.now, &ctx.config.calendar),
        has_feed: false,
        reports: true,
        left_out,
        base_url: String::new(),
    };
    let page = Page {
        path: "report.html",
        template,
        title,
        section: "reports",
        description: crate::site::pages::Description::Text(format!(
            "{title} · {}",
            ctx.config.site.title
        )),
    };
    pages::render(
        &templates,
        &site,
        &page,
        "report",
        report,
        Frame::Standalone,
    )
}
