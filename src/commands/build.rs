//! `closeloop build`: validate, render, write atomically.

use super::{Context, Outcome};
use crate::cli::BuildArgs;
use crate::diag;
use crate::render::templates::Templates;
use crate::site::write::{OutFile, write_site};
use crate::site::{Audience, SiteBuild};
use anyhow::{Context as _, Result};
use std::path::{Path, PathBuf};

pub fn run(ctx: &Context, args: &BuildArgs) -> Result<Outcome> {
    let repo = ctx.load()?;
    if repo.has_errors() {
        let errors: Vec<_> = repo
            .diagnostics
            .iter()
            .filter(|d| d.severity == diag::Severity::Error)
            .cloned()
            .collect();
        eprint!(
            "{}",
            diag::render_human(&errors, repo.files, &|_| None, false)
        );
        eprintln!(
            "error: the repository has errors; the site was not built (the previous one is unchanged)"
        );
        return Ok(Outcome::Problems);
    }
    let out = args.out.clone().unwrap_or_else(|| ctx.root.join("site"));
    let files = render(ctx, &repo, args.internal)?;
    let pages = files.len();
    write_site(&out, &files)?;
    eprintln!(
        "built {} site: {pages} files in {}",
        if args.internal {
            "the internal"
        } else {
            "the public"
        },
        out.display()
    );
    Ok(Outcome::Clean)
}

/// Every file of the site, in memory: pages, then `static/` on top.
pub fn render(
    ctx: &Context,
    repo: &crate::repo::Repository,
    internal: bool,
) -> Result<Vec<OutFile>> {
    let templates_dir = ctx.root.join("templates");
    let templates = Templates::load(templates_dir.is_dir().then_some(templates_dir.as_path()))?;
    let build = SiteBuild {
        repo,
        now: ctx.now,
        audience: if internal {
            Audience::Internal
        } else {
            Audience::Public
        },
        templates: &templates,
    };
    let mut files = build.pages()?;
    let statics = static_files(&ctx.root.join("static"))?;
    files.retain(|f| !statics.iter().any(|s| s.path == f.path));
    files.extend(statics);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The files of `static/`, as they are. Links are not followed.
fn static_files(dir: &Path) -> Result<Vec<OutFile>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel: PathBuf = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .to_owned();
        let path = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let bytes = std::fs::read(entry.path())
            .with_context(|| format!("cannot read {}", entry.path().display()))?;
        out.push(OutFile { path, bytes });
    }
    Ok(out)
}
