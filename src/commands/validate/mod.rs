//! `closeloop validate`: every problem in every file, in one run.

use super::{Context, Outcome};
use crate::cli::{DiagnosticFormat, ValidateArgs};
use crate::diag::{self, Diagnostic, DiagnosticWriter, Severity, Style};
use anyhow::Result;
use std::borrow::Cow;

mod summary;

pub fn run(ctx: &Context, args: &ValidateArgs, out: &mut dyn std::io::Write) -> Result<Outcome> {
    // Without `--base`, every diagnostic found, and the clocks missed in the past summarized
    // (SPEC §10) unless `--all-warnings` lists them. With `--base`: errors everywhere;
    // warnings, past misses included, only where the change is, so that the SLA history of
    // the whole repository does not bury the pull request's own problems. The comparison
    // with REF (`git diff`, the untracked files, a walk of the tree) reads nothing the load
    // does, so it runs beside it; a load that fails is reported first, as without `--base`.
    let (repo, base) = std::thread::scope(|scope| {
        let base = args.base.as_deref().map(|base| {
            scope.spawn(move || crate::base::check(&ctx.root, base, &ctx.config.calendar))
        });
        let repo = ctx.load_records();
        let base = base.map(|handle| {
            handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        (repo, base)
    });
    let repo = repo?;
    let base = base.transpose()?;
    let checked = &repo.checked;
    let found: Vec<&Diagnostic> = match &base {
        None => checked.diagnostics.iter().collect(),
        Some(check) => {
            let mut found: Vec<&Diagnostic> = checked
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error || check.touched.contains(&d.file))
                .chain(&check.diagnostics)
                .collect();
            found.sort_by(|a, b| diag::order(a, b));
            found
        }
    };
    let list_past = base.is_some() || args.all_warnings;
    let touched = base.as_ref().map(|check| &check.touched);
    let past = checked
        .past_miss_warnings(move |file| list_past && touched.is_none_or(|t| t.contains(file)));
    let summarized = super::summarized(checked, !list_past);

    let style = match args.format {
        DiagnosticFormat::Human => Style::Human { color: ctx.color },
        DiagnosticFormat::Json => Style::Json,
        DiagnosticFormat::Github => Style::Github,
    };
    let read = |shown: &str| {
        let text = crate::repo::read_text(&ctx.location.file_of(shown)).ok()?;
        Some(crate::source::SourceFile::new(shown, text))
    };
    let mut summary = (args.format == DiagnosticFormat::Github)
        .then(|| std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()))
        .flatten()
        .map(|path| {
            let links = summary::Links::from_env(|name| std::env::var(name).ok());
            (path, summary::Summary::new(links))
        });
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let mut writer = DiagnosticWriter::new(style, &mut out, &read)?;
    for d in merge(found.into_iter(), past) {
        let d = Diagnostic {
            file: ctx.location.shown(&d.file),
            ..d.into_owned()
        };
        if let Some((_, summary)) = &mut summary {
            summary.push(&d);
        }
        writer.push(d)?;
    }
    let tally = writer.finish(repo.files, &summarized)?;
    std::io::Write::flush(&mut out)?;
    if let Some((path, summary)) = &summary {
        append(
            std::path::Path::new(path),
            &summary.render(repo.files, &summarized),
        );
    }
    // What was summarized is history: no file can fix it, so `--deny warnings` does not
    // count it.
    let fail = tally.errors > 0 || (args.deny.is_some() && tally.warnings > 0);
    Ok(if fail {
        Outcome::Problems
    } else {
        Outcome::Clean
    })
}

/// Two lists of diagnostics, each in output order, as one in output order.
fn merge<'a>(
    a: impl Iterator<Item = &'a Diagnostic>,
    b: impl Iterator<Item = Diagnostic>,
) -> impl Iterator<Item = Cow<'a, Diagnostic>> {
    let mut a = a.peekable();
    let mut b = b.peekable();
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if diag::order(x, y).is_gt() => b.next().map(Cow::Owned),
        (Some(_), _) => a.next().map(Cow::Borrowed),
        (None, _) => b.next().map(Cow::Owned),
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
