//! `closeloop validate`: every problem in every file, in one run.

use super::{Context, Outcome};
use crate::cli::{DiagnosticFormat, ValidateArgs};
use crate::diag::{self, Tally};
use anyhow::Result;

mod summary;

pub fn run(ctx: &Context, args: &ValidateArgs, out: &mut dyn std::io::Write) -> Result<Outcome> {
    let repo = ctx.load(crate::repo::Bodies::Drop)?;
    let mut found = repo.checked.diagnostics.clone();
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
        DiagnosticFormat::Github => {
            if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
                let links = summary::Links::from_env(|name| std::env::var(name).ok());
                let text = summary::render(diags, repo.files, links.as_ref());
                append(std::path::Path::new(&path), &text);
            }
            diag::render_github(diags, repo.files)
        }
        DiagnosticFormat::Human => ctx.render_human(diags, diags, repo.files, ctx.color),
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

/// Appends the job summary. A summary that cannot be written is a warning:
/// the annotations and the exit code are what the check is.
fn append(path: &std::path::Path, text: &str) {
    use std::io::Write as _;
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()));
    if let Err(e) = written {
        eprintln!(
            "warning: cannot append the job summary to {} ($GITHUB_STEP_SUMMARY): {e}",
            path.display()
        );
    }
}
