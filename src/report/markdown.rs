//! Reports as Markdown that reads well pasted into Slack or an email: a
//! title, the headline figures first with their change from the previous
//! period, the wins, the top lists, one short table.
//!
//! What a reader may see of an item (its title, owner, quote, credit) comes
//! from the same page views as the site's report pages, so a `--public`
//! report cannot name what the public site does not.

use super::{PeriodInfo, QuarterlyReport, WeeklyReport};
use crate::calendar::Calendar;
use crate::check::LeftOutCount;
use crate::render::format;
use crate::site::views::{QuarterlyPage, ReportItemView, SlaRow, WeeklyPage, WinsView};
use std::fmt::Write as _;

/// "16–22 Nov 2026" style dates of a period, in the calendar's zone; the
/// end is the last day inside the period.
fn dates(period: &PeriodInfo, calendar: &Calendar) -> String {
    let running = if period.running {
        " — running, figures so far"
    } else {
        ""
    };
    format!("{}{running}", format::period_dates_long(period, calendar))
}

/// Every field a report prints from the repository (titles, areas, ids, the
/// site title), in running text and in table cells alike, goes through this
/// one rule: literal Markdown on one line, nothing that could start emphasis,
/// a link, HTML or a table cell.
fn cell(text: &str) -> String {
    crate::drafts::escape::markdown_inline(text)
}

/// The note every report carries when items were left out for errors.
fn left_out_note(out: &mut String, left_out: &LeftOutCount) {
    if let Some(sentence) = left_out.sentence() {
        let _ = writeln!(
            out,
            "> **Not counted:** {sentence} (run `closeloop validate`).\n"
        );
    }
}

fn top_list(out: &mut String, heading: &str, items: &[ReportItemView]) {
    let _ = writeln!(out, "\n## {heading}\n");
    if items.is_empty() {
        out.push_str("_None this week._\n");
    }
    for (n, i) in items.iter().enumerate() {
        let figures = format!("score {} ({} × {})", i.score, i.severity, i.frequency);
        let (Some(title), Some(id)) = (&i.title, &i.id) else {
            let _ = writeln!(
                out,
                "{}. _an item that is not public_ — {figures}, {}, {}",
                n + 1,
                i.tag,
                i.state
            );
            continue;
        };
        let owner = i
            .owner
            .as_ref()
            .map(|o| format!(", owner {}", cell(o)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{}. **{}** — {figures}, {}, {}{owner}, `{}`",
            n + 1,
            cell(title),
            cell(&i.area),
            i.state,
            cell(id)
        );
        if let Some(quote) = &i.quote {
            let _ = writeln!(out, "   > “{}”", cell(quote));
        }
    }
}

/// "and 2 more", "1 not public": what a capped list leaves out.
fn left_unlisted(more: usize, hidden: usize, noun: &str) -> String {
    let mut parts = Vec::new();
    if more > 0 {
        parts.push(format!("and {more} more"));
    }
    if hidden > 0 {
        parts.push(format!(
            "{} from feedback that is not public",
            format::count(hidden, noun, &format!("{noun}s"))
        ));
    }
    parts.join("; ")
}

fn wins(out: &mut String, w: &WinsView) {
    out.push_str("\n## Wins this week\n\n");
    if w.shipped_total == 0 && w.closed_total == 0 {
        out.push_str("_Nothing shipped and no loop closed this week._\n");
        return;
    }
    let _ = writeln!(
        out,
        "**Shipped:** {}",
        format::count(w.shipped_total, "change", "changes")
    );
    for v in &w.shipped {
        let release = v
            .release
            .as_ref()
            .map(|r| format!(" ({})", cell(r)))
            .unwrap_or_default();
        let title = match &v.summary {
            Some(summary) => format!("**{}** — from “{}”", cell(summary), cell(&v.title)),
            None => format!("**{}**", cell(&v.title)),
        };
        let _ = writeln!(out, "- {title}{release}. {}", cell(&v.credit));
    }
    let rest = left_unlisted(w.shipped_more, w.shipped_hidden, "change");
    if !rest.is_empty() {
        let _ = writeln!(out, "- _{rest}_");
    }
    let _ = writeln!(
        out,
        "\n**Loops closed:** {}",
        format::count(w.closed_total, "developer told", "developers told")
    );
    for v in &w.closed {
        let score = v
            .satisfaction
            .map(|s| format!(", satisfaction {s} / 5"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- **{}** — with {}{score}",
            cell(&v.title),
            cell(&v.credit)
        );
    }
    let rest = left_unlisted(w.closed_more, w.closed_hidden, "loop");
    if !rest.is_empty() {
        let _ = writeln!(out, "- _{rest}_");
    }
}

fn sla_table(out: &mut String, rows: &[SlaRow], previous: Option<&str>) {
    match previous {
        Some(p) => {
            let _ = write!(
                out,
                "\n| SLA | met | missed | attainment | vs {p} |\n|---|---:|---:|---:|---:|\n"
            );
        }
        None => out.push_str("\n| SLA | met | missed | attainment |\n|---|---:|---:|---:|\n"),
    }
    for row in rows {
        let _ = write!(
            out,
            "| {} | {} | {} | {} |",
            row.clock, row.met, row.breached, row.percent
        );
        if previous.is_some() {
            let _ = write!(out, " {} |", row.change);
        }
        out.push('\n');
    }
}

/// "(+3 vs 2026-W47)": a headline figure's change, when there is one.
fn versus(change: Option<&str>, previous: Option<&str>) -> String {
    match (change, previous) {
        (Some(c), Some(p)) if c != format::NONE => format!(" ({c} vs {p})"),
        _ => String::new(),
    }
}

/// The weekly report, drawn from its figures and the page view that says
/// what its reader may see; `internal` adds the line that says it holds
/// what the public site does not show.
pub(crate) fn weekly_markdown(
    r: &WeeklyReport,
    page: &WeeklyPage,
    calendar: &Calendar,
    site_title: &str,
    internal: bool,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Developer Signal Report — {}\n", r.week);
    internal_line(&mut out, internal);
    let _ = writeln!(
        out,
        "{} · {}\n",
        cell(site_title),
        dates(&r.period, calendar)
    );
    left_out_note(&mut out, &r.left_out);
    let change = page.change.as_ref();
    let previous = change.map(|c| c.previous.as_str());
    let tags: Vec<String> = r
        .by_tag
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(t, n)| format!("{n} {t}"))
        .collect();
    let _ = writeln!(
        out,
        "- **{} received**{}{}",
        format::count(r.received, "item", "items"),
        if tags.is_empty() {
            String::new()
        } else {
            format!(" ({})", tags.join(", "))
        },
        versus(change.map(|c| c.received.as_str()), previous)
    );
    let late: Vec<String> = page
        .open_past_due
        .iter()
        .filter(|p| p.count > 0)
        .map(|p| format!("{} {} (oldest {} overdue)", p.count, p.clock, p.longest))
        .collect();
    let _ = writeln!(
        out,
        "- **Still open past due:** {}{}{}",
        format::count(page.open_past_due_total, "clock", "clocks"),
        versus(change.map(|c| c.open_past_due.as_str()), previous),
        if late.is_empty() {
            String::new()
        } else {
            format!(" — {}", late.join(", "))
        }
    );
    let c = &page.closed_loop;
    let with = |value: &str, what: &str, change: Option<&str>| match change {
        Some(ch) if ch != format::NONE => format!("{value} {what} ({ch})"),
        _ => format!("{value} {what}"),
    };
    let _ = writeln!(
        out,
        "- **Closing the loop** on {} of feedback from the last {}: {}, {}, {}",
        format::count(c.items, "item", "items"),
        page.window,
        with(
            &c.responded,
            "responded to",
            change.map(|c| c.responded.as_str())
        ),
        with(&c.changed, "changed", change.map(|c| c.changed.as_str())),
        with(&c.closed, "closed", change.map(|c| c.closed.as_str())),
    );
    let o = &page.roadmap_origin;
    let _ = writeln!(
        out,
        "- **Roadmap from developer feedback:** {} of {} items ({}{})",
        o.with_origin,
        o.total,
        o.percent,
        change
            .map(|c| c.roadmap_origin.as_str())
            .filter(|c| *c != format::NONE)
            .map(|c| format!(", {c}"))
            .unwrap_or_default()
    );
    wins(&mut out, &page.wins);
    top_list(&mut out, "Top frictions", &page.top_frictions);
    top_list(&mut out, "Top delights", &page.top_delights);
    top_list(&mut out, "Top strategic insights", &page.top_strategic);
    out.push_str("\n## SLAs due this week\n");
    sla_table(&mut out, &page.sla, previous);
    out
}

/// The header line of a report that holds what the public site does not.
pub(crate) const INTERNAL_LINE: &str = "> **Internal — do not share.** This report includes what the public site does not show. Print the public version with `--public`.";

fn internal_line(out: &mut String, internal: bool) {
    if internal {
        let _ = writeln!(out, "{INTERNAL_LINE}\n");
    }
}

pub(crate) fn quarterly_markdown(
    r: &QuarterlyReport,
    page: &QuarterlyPage,
    calendar: &Calendar,
    site_title: &str,
    internal: bool,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Quarterly feedback review — {}\n", r.quarter);
    internal_line(&mut out, internal);
    let _ = writeln!(
        out,
        "{} · {}\n",
        cell(site_title),
        dates(&r.period, calendar)
    );
    left_out_note(&mut out, &r.left_out);
    let change = page.change.as_ref();
    let previous = change.map(|c| c.previous.as_str());
    let _ = writeln!(
        out,
        "- **{} received**{}",
        format::count(r.received, "item", "items"),
        versus(change.map(|c| c.received.as_str()), previous)
    );
    let _ = writeln!(
        out,
        "- **Conversion:** {} of {} items received became a quick win or a planned change ({}){}",
        page.conversion_converted,
        page.conversion_received,
        page.conversion_percent,
        versus(change.map(|c| c.conversion.as_str()), previous)
    );
    let _ = writeln!(
        out,
        "- **Developer satisfaction:** {} from {}{}",
        page.satisfaction_mean,
        format::count(page.satisfaction_count, "closed loop", "closed loops"),
        versus(change.map(|c| c.satisfaction.as_str()), previous)
    );
    let median = |value: &str, n: usize, change: Option<&str>| {
        if value == format::NONE {
            return value.to_owned();
        }
        format!("{value} (n = {n}){}", versus(change, previous))
    };
    let _ = writeln!(
        out,
        "- **Median time to acknowledge:** {}",
        median(
            &page.time_to_acknowledge,
            r.time_to_acknowledge.count,
            change.map(|c| c.time_to_acknowledge.as_str())
        )
    );
    let _ = writeln!(
        out,
        "- **Median time to close the loop:** {}",
        median(
            &page.time_to_close,
            r.time_to_close.count,
            change.map(|c| c.time_to_close.as_str())
        )
    );
    out.push_str("\n## Four-quarter trend\n\n| quarter | conversion | satisfaction | closed loops |\n|---|---:|---:|---:|\n");
    for t in &page.trend {
        let _ = writeln!(
            out,
            "| {}{} | {} of {} ({}) | {} | {} |",
            t.quarter,
            if t.running { " (so far)" } else { "" },
            t.converted,
            t.received,
            t.conversion,
            t.satisfaction,
            t.count
        );
    }
    out.push_str("\n## Satisfaction scores\n\n| score | closed loops | share |\n|---|---:|---:|\n");
    for s in &page.scores {
        let _ = writeln!(out, "| {} | {} | {} |", s.score, s.count, s.share);
    }
    out.push_str("\n## Received by tag\n\n| tag | items |\n|---|---:|\n");
    for (tag, n) in &r.by_tag {
        let _ = writeln!(out, "| {tag} | {n} |");
    }
    out.push_str("\n## Received by area\n\n| area | items |\n|---|---:|\n");
    for (area, n) in &r.by_area {
        let _ = writeln!(out, "| {} | {n} |", cell(area));
    }
    out.push_str("\n## SLA attainment\n");
    sla_table(&mut out, &page.sla, previous);
    out
}
