//! `closeloop draft KIND ID`: a message to copy. Changes no file.

use super::{Context, Outcome};
use crate::cli::DraftArgs;
use crate::drafts::view::{DigestView, SiteView, digest_entry, draft_view};
use crate::drafts::{DraftKind, Drafts, fit};
use crate::model::Credit;
use anyhow::{Result, bail};

pub fn run(ctx: &Context, args: &DraftArgs, out: &mut dyn std::io::Write) -> Result<Outcome> {
    // Templates first: a broken override is reported before any work.
    let drafts = Drafts::load(&ctx.root)?;
    let repo = ctx.load(crate::repo::Bodies::Drop)?;
    let checked = &repo.checked;
    let items = &checked.items;
    let Some(item) = items.iter().find(|i| i.id == args.id) else {
        if checked.left_out.iter().any(|l| l.id == args.id) {
            bail!(
                "`{}` has validation errors — fix them first (run `closeloop validate`)",
                args.id
            );
        }
        let ids: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
        bail!(
            "no feedback item has the id `{}`{} — an id is the file stem, as `closeloop todo` lists it",
            args.id,
            crate::diag::did_you_mean(&args.id, &ids)
        );
    };
    // A duplicate follows its original's decision and ship.
    let outcome = item
        .duplicate_of
        .as_deref()
        .and_then(|id| items.iter().find(|i| i.id == id))
        .unwrap_or(item);
    if let Err(why) = fit(args.kind, item, outcome) {
        bail!("{why}");
    }
    let text = match args.kind {
        DraftKind::Digest => {
            let view = DigestView {
                site: SiteView {
                    title: repo.config.site.title.clone(),
                },
                span: String::new(),
                entries: vec![digest_entry(item, &repo.config)],
                left_out: 0,
            };
            drafts.render(args.kind, args.format, &view)?
        }
        kind => {
            let view = draft_view(item, outcome, &repo.checked.roadmap, &repo.config, ctx.now);
            if item.developer.credit != Credit::Public {
                eprintln!(
                    "note: this developer's credit is `{}` — send it as a direct message, not in a public channel",
                    item.developer.credit.as_str()
                );
            }
            drafts.render(kind, args.format, &view)?
        }
    };
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}
