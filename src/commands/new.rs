//! `closeloop new TITLE`: a captured item, received now, id from the title.
//!
//! Fields the flags do not give are left empty on purpose: `validate` then
//! names each one, so nobody has to guess what an item needs.

use super::{Context, Outcome};
use crate::cli::NewArgs;
use crate::model::{Credit, Severity, Tag};
use crate::parse::time::format_utc;
use crate::render::url::slug;
use anyhow::{Context as _, Result, bail};
use std::io::Write as _;

pub fn run(ctx: &Context, args: &NewArgs, out: &mut dyn std::io::Write) -> Result<Outcome> {
    let title = args.title.trim();
    if title.is_empty() || title.chars().count() > crate::parse::TITLE_MAX {
        bail!(
            "the title must be 1 to {} characters",
            crate::parse::TITLE_MAX
        );
    }
    check_word::<Tag>(args.tag.as_deref(), "--tag")?;
    check_word::<Credit>(args.credit.as_deref(), "--credit")?;
    check_word::<Severity>(args.severity.as_deref(), "--severity")?;
    if let Some(area) = &args.area
        && !ctx.config.areas.is_empty()
        && !ctx.config.areas.contains(area)
    {
        {
            bail!(
                "--area {area} is not one of the areas in closeloop.toml: {}",
                ctx.config.areas.join(", ")
            );
        }
    }

    let local = ctx.now.with_timezone(&ctx.config.calendar.tz());
    let folder = ctx
        .root
        .join("feedback")
        .join(local.format("%Y").to_string())
        .join(local.format("%m").to_string());
    let taken = existing_ids(&ctx.root.join("feedback"));
    let base = slug(title);
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    std::fs::create_dir_all(&folder)
        .with_context(|| format!("cannot create {}", folder.display()))?;
    let path = folder.join(format!("{id}.md"));
    let text = item_text(title, &format_utc(ctx.now), args);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(text.as_bytes())?;
    // The path as the user can open it from where they are.
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(std::path::Path::to_owned))
        .unwrap_or_else(|| path.clone());
    writeln!(out, "{}", shown.display())?;
    eprintln!("created a captured item; fill in the empty fields, then run `closeloop validate`");
    Ok(Outcome::Clean)
}

fn check_word<K: crate::model::Keyword + std::str::FromStr>(
    value: Option<&str>,
    flag: &str,
) -> Result<()> {
    match value {
        Some(v) if v.parse::<K>().is_err() => {
            bail!("{flag} {v}: use one of {}", K::names().join(", "))
        }
        _ => Ok(()),
    }
}

/// YAML double-quoted text: safe for any title or handle.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}

fn item_text(title: &str, received: &str, args: &NewArgs) -> String {
    let or_empty = |v: &Option<String>| v.clone().unwrap_or_default();
    let jtbd = if args.tag.as_deref() == Some("dx-delight") {
        "# jtbd is optional for dx-delight\n".to_owned()
    } else {
        "jtbd: \"\"                  # When …, I want …, so that …\n".to_owned()
    };
    format!(
        "---\ntitle: {}\nreceived: {received}\ndeveloper:\n  handle: {}\n  credit: {}      # public | anonymous | private\nquote: \"\"                 # the developer's words, verbatim\narea: {}\ntag: {}        # dx-friction | missing-capability | documentation-gap | dx-delight | strategic-insight\nseverity: {}   # low | medium | high | critical\nfrequency: 1\n{jtbd}state: captured\n---\nInternal notes (never published).\n",
        quoted(title),
        quoted(&or_empty(&args.handle)),
        or_empty(&args.credit),
        or_empty(&args.area),
        or_empty(&args.tag),
        or_empty(&args.severity),
    )
}

fn existing_ids(dir: &std::path::Path) -> std::collections::BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".md")
                .map(str::to_owned)
        })
        .collect()
}
