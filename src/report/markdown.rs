//! Reports as Markdown that reads well pasted into Slack or an email: a
//! title, the headline figures first, the two top-5 lists, one short table.

use super::figures::{ItemRef, SlaAttainment};
use super::{PeriodInfo, QuarterlyReport, WeeklyReport};
use crate::calendar::Calendar;
use crate::check::LeftOutCount;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::render::format::{self, percent as pct};

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

/// Which items a printed report may name: the others appear by their
/// figures only (`report --public`).
pub(super) type Names<'a> = &'a dyn Fn(&str) -> bool;

fn top_list(out: &mut String, heading: &str, items: &[ItemRef], names: Names) {
    let _ = writeln!(out, "\n## {heading}\n");
    if items.is_empty() {
        out.push_str("_None this week._\n");
    }
    for (n, i) in items.iter().enumerate() {
        if !names(&i.id) {
            let _ = writeln!(
                out,
                "{}. _an item that is not public_ — score {} ({} × {}), {}",
                n + 1,
                i.score,
                i.severity,
                i.frequency,
                i.tag
            );
            continue;
        }
        let _ = writeln!(
            out,
            "{}. **{}** — score {} ({} × {}), {}, `{}`",
            n + 1,
            cell(&i.title),
            i.score,
            i.severity,
            i.frequency,
            cell(&i.area),
            cell(&i.id)
        );
    }
}

fn sla_table(out: &mut String, sla: &BTreeMap<&'static str, SlaAttainment>) {
    out.push_str("\n| SLA | met | missed | attainment |\n|---|---:|---:|---:|\n");
    for kind in crate::model::ClockKind::ALL {
        if let Some(a) = sla.get(kind.as_str()) {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                kind.as_str(),
                a.met,
                a.breached,
                pct(a.percent)
            );
        }
    }
}

/// The weekly report; `internal` adds the line that says it holds what the
/// public site does not show.
pub(crate) fn weekly_markdown(
    r: &WeeklyReport,
    calendar: &Calendar,
    site_title: &str,
    names: Names,
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
    let tags: Vec<String> = r
        .by_tag
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(t, n)| format!("{n} {t}"))
        .collect();
    let _ = writeln!(
        out,
        "- **{} items received**{}",
        r.received,
        if tags.is_empty() {
            String::new()
        } else {
            format!(" ({})", tags.join(", "))
        }
    );
    let c = &r.closed_loop;
    let _ = writeln!(
        out,
        "- **Closed loop** over the {} items of the signal window: {} responded to, {} changed, {} closed",
        c.items,
        pct(c.responded_percent),
        pct(c.changed_percent),
        pct(c.closed_percent)
    );
    let o = &r.roadmap_origin;
    let _ = writeln!(
        out,
        "- **Roadmap from developer feedback:** {} of {} items ({})",
        o.with_origin,
        o.total,
        pct(o.percent)
    );
    top_list(&mut out, "Top frictions", &r.top_frictions, names);
    top_list(&mut out, "Top delights", &r.top_delights, names);
    out.push_str("\n## SLAs due this week\n");
    sla_table(&mut out, &r.sla);
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
    let c = &r.conversion;
    let _ = writeln!(
        out,
        "- **Conversion:** {} of {} items received became a quick win or a planned change ({})",
        c.converted,
        c.received,
        pct(c.percent)
    );
    let s = &r.satisfaction;
    let _ = writeln!(
        out,
        "- **Developer satisfaction:** {} from {} closed {}",
        format::out_of_five(s.mean),
        s.count,
        if s.count == 1 { "loop" } else { "loops" }
    );
    let hours = |m: &super::quarterly::MedianTime| {
        m.median_hours.map_or_else(
            || format::NONE.to_owned(),
            |h| format!("{} (n = {})", format::hours(Some(h)), m.count),
        )
    };
    let _ = writeln!(
        out,
        "- **Median time to acknowledge:** {}",
        hours(&r.time_to_acknowledge)
    );
    let _ = writeln!(
        out,
        "- **Median time to close the loop:** {}",
        hours(&r.time_to_close)
    );
    out.push_str("\n## Received by tag\n\n| tag | items |\n|---|---:|\n");
    for (tag, n) in &r.by_tag {
        let _ = writeln!(out, "| {tag} | {n} |");
    }
    out.push_str("\n## Received by area\n\n| area | items |\n|---|---:|\n");
    for (area, n) in &r.by_area {
        let _ = writeln!(out, "| {} | {n} |", cell(area));
    }
    out.push_str("\n## SLA attainment\n");
    sla_table(&mut out, &r.sla);
    out
}
