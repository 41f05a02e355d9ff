//! `closeloop report weekly|quarterly`.

use super::{Context, Outcome};
use crate::cli::{ReportArgs, ReportFormat, ReportKind};
use crate::render::templates::{STYLE_CSS, Templates};
use crate::report::{
    PeriodInfo, quarterly_markdown, quarterly_report, weekly_markdown, weekly_report,
};
use crate::site::Audience;
use crate::site::reports::{quarterly_page, weekly_page};
use crate::site::views::{PageView, SiteView};
use crate::sla::{Deadlines, Period};
use anyhow::{Result, bail};
use serde_json::json;

pub fn run(ctx: &Context, args: &ReportArgs, out: &mut dyn std::io::Write) -> Result<Outcome> {
    let cal = &ctx.config.calendar;
    let (period, format) = match &args.kind {
        ReportKind::Weekly { week, format } => {
            let p = match week {
                Some(text) => parse_period(text, true)?,
                None => Period::last_complete_week(ctx.now, cal),
            };
            (p, *format)
        }
        ReportKind::Quarterly { quarter, format } => {
            let p = match quarter {
                Some(text) => parse_period(text, false)?,
                None => Period::quarter_containing(ctx.now, cal),
            };
            (p, *format)
        }
    };
    let repo = ctx.load(crate::repo::Bodies::Drop)?;
    if repo.has_errors() {
        eprintln!(
            "warning: the repository has validation errors; items with errors are left out (run `closeloop validate`)"
        );
    }
    let info = PeriodInfo::new(period, cal, ctx.now);
    let title = &repo.config.site.title;
    let text = match period {
        Period::Week { .. } => {
            let r = weekly_report(
                &Deadlines::new(&repo.items, &repo.config),
                &repo.roadmap,
                info,
            );
            match format {
                ReportFormat::Json => json_text(&r),
                ReportFormat::Md => weekly_markdown(&r, cal, title),
                ReportFormat::Html => {
                    let page = weekly_page(&r, Audience::Internal, cal, (None, None), Vec::new());
                    standalone(
                        ctx,
                        "weekly.html",
                        &format!("Developer Signal Report {}", r.week),
                        json!(page),
                    )?
                }
            }
        }
        Period::Quarter { .. } => {
            let r = quarterly_report(&Deadlines::new(&repo.items, &repo.config), info);
            match format {
                ReportFormat::Json => json_text(&r),
                ReportFormat::Md => quarterly_markdown(&r, cal, title),
                ReportFormat::Html => {
                    let page = quarterly_page(&r, cal, (None, None));
                    standalone(
                        ctx,
                        "quarterly.html",
                        &format!("Quarterly review {}", r.quarter),
                        json!(page),
                    )?
                }
            }
        }
    };
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}

fn parse_period(text: &str, week: bool) -> Result<Period> {
    let example = if week { "2026-W48" } else { "2026-Q4" };
    match text.parse::<Period>() {
        Ok(p @ Period::Week { .. }) if week => Ok(p),
        Ok(p @ Period::Quarter { .. }) if !week => Ok(p),
        Ok(_) => bail!(
            "`{text}` is not a {} — write it like `{example}`",
            if week { "week" } else { "quarter" }
        ),
        Err(e) => bail!("{e} — write it like `{example}`"),
    }
}

fn json_text(value: &impl serde::Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("reports serialize");
    text.push('\n');
    text
}

/// A report as one self-contained HTML page: the stylesheet inlined, no
/// links needed to read it. Command-line reports are for the team, so
/// private items keep their titles.
fn standalone(
    ctx: &Context,
    template: &str,
    title: &str,
    report: serde_json::Value,
) -> Result<String> {
    let dir = ctx.root.join("templates");
    let templates = Templates::load(dir.is_dir().then_some(dir.as_path()))?;
    let context = json!({
        "site": SiteView {
            title: ctx.config.site.title.clone(),
            internal: true,
            generated: ctx.now.with_timezone(&ctx.config.calendar.tz()).format("%Y-%m-%d %H:%M %Z").to_string(),
            has_feed: false,
        },
        "page": PageView { root: String::new(), title: title.to_owned(), section: "reports" },
        "report": report,
        "standalone": true,
        "css": STYLE_CSS,
    });
    templates.render(template, &context)
}
