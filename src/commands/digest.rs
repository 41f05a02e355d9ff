//! `closeloop report digest`: every item received lately, anonymized, for
//! the internal channel.

use super::{Context, Outcome};
use crate::calendar::SlaSpan;
use crate::cli::DigestFormat;
use crate::drafts::view::{DigestView, SiteView, digest_entry};
use crate::drafts::{DraftFormat, DraftKind, Drafts};
use crate::model::Time;
use crate::parse::time::{format_utc, parse_timestamp};
use anyhow::{Result, anyhow, bail};

pub fn run(
    ctx: &Context,
    since: &str,
    format: DigestFormat,
    out: &mut dyn std::io::Write,
) -> Result<Outcome> {
    let from = since_time(ctx, since)?;
    // Templates first: a broken override is reported before any work.
    let drafts = Drafts::load(&ctx.root)?;
    let repo = ctx.load(crate::repo::Bodies::Drop)?;
    let (items, left_out) = (&repo.checked.items, repo.checked.left_out.len());
    let mut fresh: Vec<_> = items
        .iter()
        .filter(|i| i.received >= from && i.received <= ctx.now)
        .collect();
    // Strongest signal first, as a reader of the channel wants it.
    fresh.sort_by(|a, b| (b.score(), a.received, &a.id).cmp(&(a.score(), b.received, &b.id)));
    let entries: Vec<_> = fresh
        .iter()
        .map(|i| digest_entry(i, &repo.config))
        .collect();
    let tz = repo.config.calendar.tz();
    let span = format!(
        "since {}",
        from.with_timezone(&tz).format("%a %-d %b %H:%M %Z")
    );
    let text = match format {
        DigestFormat::Json => {
            let value = serde_json::json!({
                "now": format_utc(ctx.now),
                "since": format_utc(from),
                "items": entries,
                "left_out": left_out,
            });
            let mut t = serde_json::to_string_pretty(&value)?;
            t.push('\n');
            t
        }
        DigestFormat::Slack => {
            let value =
                crate::drafts::slack::payload(&repo.config.site.title, &span, &entries, left_out);
            let mut t = serde_json::to_string_pretty(&value)?;
            t.push('\n');
            t
        }
        DigestFormat::Md => {
            let view = DigestView {
                site: SiteView {
                    title: repo.config.site.title.clone(),
                },
                span,
                entries,
                left_out,
            };
            drafts.render(DraftKind::Digest, DraftFormat::Md, &view)?
        }
    };
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}

/// `--since`: a span back from now in hours or days, or a time.
fn since_time(ctx: &Context, text: &str) -> Result<Time> {
    match text.parse::<SlaSpan>() {
        Ok(SlaSpan::Hours(h)) => Ok(ctx.now - chrono::Duration::hours(h.into())),
        Ok(SlaSpan::Days(d)) => Ok(ctx.now - chrono::Duration::days(d.into())),
        Ok(SlaSpan::BusinessDays(_)) => bail!(
            "`--since {text}`: use hours or days (`24h`, `3d`) or a time (`2026-11-25 09:00`), not business days"
        ),
        Err(_) => parse_timestamp(text, &ctx.config.calendar)
            .map_err(|e| anyhow!("`--since {text}`: not a span (`24h`, `3d`) or a time: {e}")),
    }
}
