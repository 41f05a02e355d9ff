//! `closeloop validate`: every problem in every file, in one run.

use super::{Context, Outcome};
use crate::cli::{DiagnosticFormat, ValidateArgs};
use crate::diag::{self, Tally};
use crate::source::SourceFile;
use anyhow::Result;
use rayon::prelude::*;
use std::collections::BTreeMap;

pub fn run(ctx: &Context, args: &ValidateArgs, out: &mut dyn std::io::Write) -> Result<Outcome> {
    let repo = ctx.load(crate::repo::Bodies::Drop)?;
    let mut found = repo.diagnostics.clone();
    if let Some(base) = &args.base {
        let check = crate::base::check(&ctx.root, base, &ctx.config.calendar)?;
        // Errors everywhere; warnings (the SLA history of the whole
        // repository) only where the change is, so they do not bury the
        // pull request's own problems.
        found.retain(|d| d.severity == diag::Severity::Error || check.touched.contains(&d.file));
        found.extend(check.diagnostics);
        diag::sort(&mut found);
    }
    let shown = ctx.shown(&found);
    let diags = &shown;
    let text = match args.format {
        DiagnosticFormat::Json => diag::render_json(diags, repo.files),
        DiagnosticFormat::Github => diag::render_github(diags, repo.files),
        DiagnosticFormat::Human => {
            // Only files with problems are read again, for their snippets.
            let paths: Vec<&str> = diags
                .iter()
                .map(|d| d.file.as_str())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            let sources: BTreeMap<&str, SourceFile> = paths
                .par_iter()
                .filter_map(|&path| {
                    let text = crate::repo::read_text(&ctx.location.file_of(path)).ok()?;
                    Some((path, SourceFile::new(path, text)))
                })
                .collect();
            diag::render_human(diags, repo.files, &|p| sources.get(p), ctx.color)
        }
    };
    out.write_all(text.as_bytes())?;
    let tally = Tally::of(diags);
    let fail = tally.errors > 0 || (args.deny.is_some() && tally.warnings > 0);
    Ok(if fail {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}
