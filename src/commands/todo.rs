//! `closeloop todo`: what the team must do next, soonest due first.

use super::{Context, Outcome};
use crate::calendar::SlaSpan;
use crate::cli::{TodoArgs, TodoFormat};
use crate::drafts::escape::markdown_inline;
use crate::model::Time;
use crate::parse::time::format_utc;
use crate::render::json::ArrayDocument;
use crate::sla::{ClockStatus, human_duration};
use crate::todo::{ToDo, filter, todo};
use anyhow::{Result, anyhow};
use serde::Serialize;
use std::fmt::Write as _;

pub fn run(ctx: &Context, args: &TodoArgs, out: &mut dyn std::io::Write) -> Result<Outcome> {
    let until = match &args.within {
        Some(text) => Some(within(ctx, text)?),
        None => None,
    };
    let repo = ctx.load(crate::repo::Bodies::Drop)?;
    let checked = &repo.checked;
    let left_out = checked.left_out.len();
    if left_out > 0 {
        eprintln!(
            "warning: {} left out for validation errors (run `closeloop validate`)",
            plural(left_out, "item")
        );
    }
    let mut list = todo(&checked.items, &checked.deadlines, &repo.config, ctx.now);
    filter(&mut list, args.owner.as_deref(), until);
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    match args.format {
        TodoFormat::Json => write_json(&list, ctx.now, left_out, &mut out)?,
        TodoFormat::Human => write_table(&list, ctx, left_out, &mut out)?,
        TodoFormat::Md => write_markdown(&list, ctx, left_out, &mut out)?,
    }
    std::io::Write::flush(&mut out)?;
    Ok(Outcome::Clean)
}

/// `--within D`: the moment D after now (business days on the calendar).
fn within(ctx: &Context, text: &str) -> Result<Time> {
    let span: SlaSpan = text
        .parse()
        .map_err(|e| anyhow!("`--within {text}`: {e}"))?;
    Ok(ctx.config.calendar.due(ctx.now, span))
}

/// "in 3h 20m" or "1d 4h overdue".
pub fn left(t: &ToDo, now: Time) -> String {
    if t.is_overdue(now) {
        format!("{} overdue", human_duration(now - t.due))
    } else {
        format!("in {}", human_duration(t.due - now))
    }
}

pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn local(ctx: &Context, t: Time) -> String {
    t.with_timezone(&ctx.config.calendar.tz())
        .format("%a %Y-%m-%d %H:%M %Z")
        .to_string()
}

#[derive(Serialize)]
struct ToDoView<'a> {
    action: &'static str,
    item: &'a str,
    title: &'a str,
    file: &'a str,
    owner: Option<&'a str>,
    due: String,
    status: &'static str,
    /// The SLA clock behind the action, `null` for a target.
    clock: Option<&'static str>,
    overdue: bool,
    /// Seconds until due (negative: overdue), with milliseconds.
    seconds_left: f64,
    left: String,
    draft: String,
}

/// The JSON object, its `actions` written one at a time.
fn write_json(
    list: &[ToDo],
    now: Time,
    left_out: usize,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut doc = ArrayDocument::begin(out, "actions")?;
    for t in list {
        doc.push(&ToDoView {
            action: t.action.as_str(),
            item: &t.item.id,
            title: &t.item.title,
            file: &t.item.file,
            owner: t.owner,
            due: format_utc(t.due),
            status: t.status_name(),
            clock: t.clock.map(|c| c.as_str()),
            overdue: t.is_overdue(now),
            seconds_left: (t.due - now).num_milliseconds() as f64 / 1000.0,
            left: left(t, now),
            draft: t.draft_command(),
        })?;
    }
    doc.finish(serde_json::json!({
        "left_out": left_out,
        "now": format_utc(now),
    }))
}

/// The closing line: counts, *now*, and what was left out.
fn summary(list: &[ToDo], ctx: &Context, left_out: usize) -> String {
    let overdue = list.iter().filter(|t| t.is_overdue(ctx.now)).count();
    let soon = list
        .iter()
        .filter(|t| t.status == ClockStatus::AtRisk)
        .count();
    let mut s = format!(
        "{}: {overdue} overdue, {soon} due soon (now {})",
        plural(list.len(), "action"),
        local(ctx, ctx.now)
    );
    if left_out > 0 {
        let _ = write!(
            s,
            "; {} with errors left out (run `closeloop validate`)",
            plural(left_out, "item")
        );
    }
    s
}

/// The table for a terminal, in two passes over the list (widths, then
/// rows), so that no row is kept.
fn write_table(
    list: &[ToDo],
    ctx: &Context,
    left_out: usize,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let row = |t: &ToDo| -> [String; 7] {
        [
            t.status_name().to_owned(),
            t.action.as_str().to_owned(),
            t.item.id.clone(),
            t.owner.unwrap_or("-").to_owned(),
            local(ctx, t.due),
            left(t, ctx.now),
            t.draft_command(),
        ]
    };
    let header = ["STATUS", "ACTION", "ITEM", "OWNER", "DUE", "", "DRAFT"];
    let mut widths = header.map(str::len);
    for t in list {
        for (w, cell) in widths.iter_mut().zip(&row(t)) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 7], color: Option<&str>| {
        let mut l = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            let pad = " ".repeat(w.saturating_sub(cell.chars().count()));
            match (i, color) {
                (0, Some(code)) => {
                    let _ = write!(l, "\x1b[{code}m{cell}\x1b[0m{pad}  ");
                }
                _ => {
                    let _ = write!(l, "{cell}{pad}  ");
                }
            }
        }
        let mut l = l.trim_end().to_owned();
        l.push('\n');
        l
    };
    if !list.is_empty() {
        out.write_all(line(header, None).as_bytes())?;
    }
    for t in list {
        let color = ctx.color.then_some(match t.status {
            ClockStatus::Breached => "1;31",
            ClockStatus::AtRisk => "1;33",
            _ => "36",
        });
        let row = row(t);
        let cells = [
            &row[0], &row[1], &row[2], &row[3], &row[4], &row[5], &row[6],
        ]
        .map(String::as_str);
        out.write_all(line(cells, color).as_bytes())?;
    }
    if !list.is_empty() {
        out.write_all(b"\n")?;
    }
    writeln!(out, "{}", summary(list, ctx, left_out))
}

/// Markdown for a GitHub job summary or a chat post: one table, titles
/// escaped so that an item cannot add links, HTML or cells.
fn write_markdown(
    list: &[ToDo],
    ctx: &Context,
    left_out: usize,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    writeln!(out, "## To do — {}\n", local(ctx, ctx.now))?;
    writeln!(out, "{}.\n", summary(list, ctx, left_out))?;
    if list.is_empty() {
        return writeln!(out, "Nothing is waiting: every loop is on track.");
    }
    out.write_all(
        b"| Due | Status | Action | Item | Owner | Draft |\n|---|---|---|---|---|---|\n",
    )?;
    for t in list {
        let status = match t.status {
            ClockStatus::Breached | ClockStatus::AtRisk => format!("**{}**", t.status_name()),
            _ => t.status_name().to_owned(),
        };
        writeln!(
            out,
            "| {} ({}) | {} | {} | {} (`{}`) | {} | `{}` |",
            local(ctx, t.due),
            left(t, ctx.now),
            status,
            t.action.as_str(),
            markdown_inline(&t.item.title),
            t.item.id,
            t.owner.map_or_else(|| "—".to_owned(), markdown_inline),
            t.draft_command(),
        )?;
    }
    Ok(())
}
