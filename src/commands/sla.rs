//! `closeloop sla`: every open deadline, most urgent first.

use super::{Context, Outcome};
use crate::check::LeftOutCount;
use crate::cli::{SlaArgs, SlaFormat};
use crate::owners::Owners;
use crate::parse::time::format_utc;
use crate::render::format;
use crate::sla::{Clock, ClockStatus, sort_by_urgency};
use anyhow::Result;
use serde::Serialize;
use std::fmt::Write as _;

#[derive(Serialize)]
struct ClockView<'a> {
    item: &'a str,
    file: &'a str,
    /// Who owns the item (SPEC §11), `null` when nobody does.
    owner: Option<&'a str>,
    clock: &'static str,
    status: &'static str,
    start: String,
    due: String,
    stopped: Option<String>,
}

pub fn run(ctx: &Context, args: &SlaArgs, out: &mut dyn std::io::Write) -> Result<Outcome> {
    let repo = ctx.load_for_figures()?;
    let left_out = repo.checked.left_out_count();
    let mut list = repo.checked.clocks(ctx.now);
    if !args.all {
        list.retain(|c| c.stopped.is_none());
    }
    sort_by_urgency(&mut list);
    let text = match args.format {
        SlaFormat::Json => render_json(&list, &repo.config.owners, ctx.now, left_out),
        SlaFormat::Human => render_table(&list, ctx, args.all, left_out),
    };
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}

fn render_json(
    list: &[Clock],
    owners: &Owners,
    now: crate::model::Time,
    left_out: LeftOutCount,
) -> String {
    let clocks: Vec<ClockView> = list
        .iter()
        .map(|c| ClockView {
            item: &c.item.id,
            file: &c.item.file,
            owner: owners.of(c.item),
            clock: c.kind.as_str(),
            status: c.status.as_str(),
            start: format_utc(c.start),
            due: format_utc(c.due),
            stopped: c.stopped.map(format_utc),
        })
        .collect();
    let value = serde_json::json!({
        "now": format_utc(now),
        "clocks": clocks,
        "left_out": left_out,
    });
    let mut text = serde_json::to_string_pretty(&value).expect("clocks serialize");
    text.push('\n');
    text
}

/// A table for a terminal: status, item, clock, due in the calendar's time
/// zone, and how long until or since due.
fn render_table(list: &[Clock], ctx: &Context, all: bool, left_out: LeftOutCount) -> String {
    let cal = &ctx.config.calendar;
    let owners = &ctx.config.owners;
    let rows: Vec<[String; 6]> = list
        .iter()
        .map(|c| {
            let relative = format::relative_to_due(c.due, c.stopped, ctx.now);
            [
                c.status.as_str().to_owned(),
                c.item.id.clone(),
                c.kind.as_str().to_owned(),
                format::moment_with_weekday(c.due, cal),
                relative,
                owners.of(c.item).unwrap_or("-").to_owned(),
            ]
        })
        .collect();
    let header = ["STATUS", "ITEM", "CLOCK", "DUE", "", "OWNER"];
    let mut widths = header.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut text = String::new();
    let line = |cells: [&str; 6], color: Option<&str>, text: &mut String| {
        let mut l = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            let pad = w.saturating_sub(cell.chars().count());
            match (i, color) {
                (0, Some(code)) => {
                    let _ = write!(l, "\x1b[{code}m{cell}\x1b[0m{}  ", " ".repeat(pad));
                }
                _ => {
                    let _ = write!(l, "{cell}{}  ", " ".repeat(pad));
                }
            }
        }
        text.push_str(l.trim_end());
        text.push('\n');
    };
    line(header, None, &mut text);
    for (row, c) in rows.iter().zip(list) {
        let color = ctx.color.then_some(match c.status {
            ClockStatus::Breached => "1;31",
            ClockStatus::AtRisk => "1;33",
            ClockStatus::Running => "36",
            ClockStatus::Met => "32",
        });
        let cells = [&row[0], &row[1], &row[2], &row[3], &row[4], &row[5]].map(String::as_str);
        line(cells, color, &mut text);
    }
    let count = |s: ClockStatus| list.iter().filter(|c| c.status == s).count();
    let _ = writeln!(
        text,
        "\n{} {}: {} breached, {} at risk, {} running{} (now {})",
        list.len(),
        if all { "clocks" } else { "open clocks" },
        count(ClockStatus::Breached),
        count(ClockStatus::AtRisk),
        count(ClockStatus::Running),
        if all {
            format!(", {} met", count(ClockStatus::Met))
        } else {
            String::new()
        },
        format::moment(ctx.now, cal),
    );
    if let Some(sentence) = left_out.sentence() {
        let _ = writeln!(text, "{sentence}: their clocks are not listed");
    }
    text
}
