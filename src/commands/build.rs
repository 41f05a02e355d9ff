//! `closeloop build`: validate, render, write atomically.

use super::{Context, Outcome};
use crate::cli::BuildArgs;
use crate::diag;
use crate::render::templates::Templates;
use crate::repo::Bodies;
use crate::site::write::{OutFile, Staging};
use crate::site::{Audience, SiteBuild};
use crate::timing;
use anyhow::{Context as _, Result};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub fn run(ctx: &Context, args: &BuildArgs) -> Result<Outcome> {
    let bodies = if args.internal {
        Bodies::Keep
    } else {
        Bodies::Drop
    };
    let repo = ctx.load(bodies)?;
    if repo.has_errors() {
        let errors: Vec<_> = ctx
            .shown(&repo.diagnostics)
            .into_iter()
            .filter(|d| d.severity == diag::Severity::Error)
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
    let templates = load_templates(ctx)?;
    let statics = static_files(&ctx.root.join("static"))?;
    let overridden: HashSet<&str> = statics.iter().map(|f| f.path.as_str()).collect();

    // Pages are rendered on every core and written by one thread as they
    // come. Creating files in one folder is serial in the kernel anyway
    // (the folder is locked for each new entry); a second writer would only
    // spin on that lock, taking a core from rendering.
    let staging = Staging::begin(&out)?;
    let written = timing::phase("render+write", || {
        write_while_rendering(&staging, |sink| {
            site_build(ctx, &repo, args.internal, &templates).emit(&|f| {
                if overridden.contains(f.path.as_str()) {
                    return Ok(());
                }
                sink(f)
            })
        })
    })?;
    for f in &statics {
        staging.write(&f.path, &f.bytes)?;
    }
    timing::phase("swap", || staging.commit())?;
    let files = written + statics.len();
    eprintln!(
        "built {} site: {files} files in {}",
        if args.internal {
            "the internal"
        } else {
            "the public"
        },
        out.display()
    );
    Ok(Outcome::Clean)
}

/// Runs `render`, which hands files to its sink from any thread, while
/// one writer thread puts them into `staging`. Returns how many were
/// written; the first error of either side stops both.
fn write_while_rendering(
    staging: &Staging,
    render: impl FnOnce(&(dyn Fn(OutFile) -> Result<()> + Sync)) -> Result<()>,
) -> Result<usize> {
    // A bounded queue: rendering runs at most this many pages ahead of
    // the disk, so memory stays flat whatever the site's size.
    let (send, receive) = std::sync::mpsc::sync_channel::<OutFile>(256);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> Result<usize> {
            let mut count = 0;
            for f in receive {
                staging.write(&f.path, &f.bytes)?;
                count += 1;
            }
            Ok(count)
        });
        let rendered = render(&|f| {
            send.send(f)
                .map_err(|_| anyhow::anyhow!("the site writer stopped"))
        });
        drop(send);
        // The writer's own error says why it stopped, so it comes first.
        let written = writer.join().expect("the writer thread does not panic")?;
        rendered.map(|()| written)
    })
}

fn load_templates(ctx: &Context) -> Result<Templates> {
    let dir = ctx.root.join("templates");
    Templates::load(dir.is_dir().then_some(dir.as_path()))
}

fn site_build<'a>(
    ctx: &Context,
    repo: &'a crate::repo::Repository,
    internal: bool,
    templates: &'a Templates,
) -> SiteBuild<'a> {
    SiteBuild {
        repo,
        now: ctx.now,
        audience: if internal {
            Audience::Internal
        } else {
            Audience::Public
        },
        templates,
    }
}

/// Every file of the site, in memory and in path order: pages, then
/// `static/` on top. `serve` keeps the site this way.
pub fn render(
    ctx: &Context,
    repo: &crate::repo::Repository,
    internal: bool,
) -> Result<Vec<OutFile>> {
    let templates = load_templates(ctx)?;
    let mut files = site_build(ctx, repo, internal, &templates).pages()?;
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
