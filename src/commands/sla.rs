//! `closeloop sla`: every open deadline, most urgent first.

use super::{Context, Outcome};
use crate::calendar::Moment;
use crate::check::LeftOutCount;
use crate::cli::{SlaArgs, SlaFormat};
use crate::model::{ClockKind, Time};
use crate::owners::Owners;
use crate::parse::time::format_utc;
use crate::render::format;
use crate::render::json::ArrayDocument;
use crate::sla::{Clock, ClockStatus, urgency};
use anyhow::Result;
use serde::Serialize;
use std::fmt::Write as _;
use std::io::Write as _;

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
    let checked = &repo.checked;
    let left_out = checked.left_out_count();
    let as_of = Moment::Now(ctx.now);
    // A sort key per clock, not the clock: a million items have millions of clocks. Each
    // row is made again from the deadline table as it is written.
    let mut keys: Vec<(u8, Time, u32, ClockKind)> = Vec::new();
    checked
        .deadlines
        .each_clock(&checked.items, as_of, None, |index, c| {
            if args.all || c.stopped.is_none() {
                let index = u32::try_from(index).expect("fewer than 4 billion items");
                keys.push((urgency(c.status), c.due, index, c.kind));
            }
        });
    let id = |i: u32| checked.items[i as usize].id.as_str();
    // Urgency, then due, item and clock: the order of `sort_by_urgency`.
    keys.sort_unstable_by(|a, b| (a.0, a.1, id(a.2), a.3).cmp(&(b.0, b.1, id(b.2), b.3)));
    let list = || {
        keys.iter().filter_map(|&(_, _, index, kind)| {
            checked
                .deadlines
                .clock_of(&checked.items, index as usize, kind, as_of)
        })
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    match args.format {
        SlaFormat::Json => write_json(list(), &repo.config.owners, ctx.now, left_out, &mut out)?,
        SlaFormat::Human => write_table(list, ctx, args.all, left_out, &mut out)?,
    }
    out.flush()?;
    Ok(Outcome::Clean)
}

/// The JSON object, its `clocks` array written a clock at a time.
fn write_json<'a>(
    list: impl Iterator<Item = Clock<'a>>,
    owners: &Owners,
    now: crate::model::Time,
    left_out: LeftOutCount,
    out: &mut dyn std::io::Write,
) -> Result<()> {
    let mut doc = ArrayDocument::begin(out, "clocks")?;
    for c in list {
        doc.push(&ClockView {
            item: &c.item.id,
            file: &c.item.file,
            owner: owners.of(c.item),
            clock: c.kind.as_str(),
            status: c.status.as_str(),
            start: format_utc(c.start),
            due: format_utc(c.due),
            stopped: c.stopped.map(format_utc),
        })?;
    }
    doc.finish(serde_json::json!({
        "left_out": left_out,
        "now": format_utc(now),
    }))?;
    Ok(())
}

/// A table for a terminal: status, item, clock, due in the calendar's time
/// zone, and how long until or since due. Two passes over the clocks, the
/// first for the column widths and the counts, so that no row is kept.
fn write_table<'a, I: Iterator<Item = Clock<'a>>>(
    list: impl Fn() -> I,
    ctx: &Context,
    all: bool,
    left_out: LeftOutCount,
    out: &mut dyn std::io::Write,
) -> Result<()> {
    let cal = &ctx.config.calendar;
    let owners = &ctx.config.owners;
    let row = |c: &Clock| -> [String; 6] {
        [
            c.status.as_str().to_owned(),
            c.item.id.clone(),
            c.kind.as_str().to_owned(),
            format::moment_with_weekday(c.due, cal),
            format::relative_to_due(c.due, c.stopped, ctx.now),
            owners.of(c.item).unwrap_or("-").to_owned(),
        ]
    };
    let header = ["STATUS", "ITEM", "CLOCK", "DUE", "", "OWNER"];
    let mut widths = header.map(str::len);
    let mut counts = [0usize; 4];
    let mut total = 0;
    for c in list() {
        for (w, cell) in widths.iter_mut().zip(&row(&c)) {
            *w = (*w).max(cell.chars().count());
        }
        counts[urgency(c.status) as usize] += 1;
        total += 1;
    }
    let line = |cells: [&str; 6], color: Option<&str>| {
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
        let mut l = l.trim_end().to_owned();
        l.push('\n');
        l
    };
    out.write_all(line(header, None).as_bytes())?;
    for c in list() {
        let color = ctx.color.then_some(match c.status {
            ClockStatus::Breached => "1;31",
            ClockStatus::AtRisk => "1;33",
            ClockStatus::Running => "36",
            ClockStatus::Met => "32",
        });
        let row = row(&c);
        let cells = [&row[0], &row[1], &row[2], &row[3], &row[4], &row[5]].map(String::as_str);
        out.write_all(line(cells, color).as_bytes())?;
    }
    let count = |s: ClockStatus| counts[urgency(s) as usize];
    writeln!(
        out,
        "\n{} {}: {} breached, {} at risk, {} running{} (now {})",
        total,
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
    )?;
    if let Some(sentence) = left_out.sentence() {
        writeln!(out, "{sentence}: their clocks are not listed")?;
    }
    Ok(())
}
