//! `closeloop build`: validate, render, write atomically.

use super::{Context, Outcome};
use crate::cli::BuildArgs;
use crate::diag;
use crate::render::templates::Templates;
use crate::repo::{Bodies, Repository};
use crate::site::output::{Finished, Memory, Output, PageMemo, Target, static_files};
use crate::site::write::{OutFile, Staging, write_while_rendering};
use crate::site::{Audience, SiteBuild};
use crate::timing;
use anyhow::Result;

pub fn run(ctx: &Context, args: &BuildArgs) -> Result<Outcome> {
    let bodies = if args.internal {
        Bodies::Keep
    } else {
        Bodies::Drop
    };
    let repo = ctx.load(bodies)?;
    if repo.has_errors() {
        // The errors, with their source lines; the summary counts the
        // warnings too.
        let all = ctx.shown(&repo.checked.diagnostics);
        let errors: Vec<_> = all
            .iter()
            .filter(|d| d.severity == diag::Severity::Error)
            .cloned()
            .collect();
        eprint!(
            "{}",
            ctx.render_human(&errors, &all, &repo, ctx.color_stderr)
        );
        let left_out = repo
            .checked
            .left_out_count()
            .sentence()
            .map_or_else(String::new, |s| format!(" ({s})"));
        eprintln!(
            "error: the repository has errors{left_out}; the site was not built (the previous one is unchanged)"
        );
        return Ok(Outcome::Problems);
    }
    let out = args.out.clone().unwrap_or_else(|| ctx.root.join("site"));
    let staging = Staging::begin(&out)?;
    let finished = timing::phase("render+write", || {
        write_while_rendering(&staging, |target| {
            render_to(ctx, &repo, args.internal, target)
        })
    })?;
    let kept = timing::phase("swap", || staging.commit(&finished.paths))?;
    for notice in &finished.notices {
        eprintln!("note: {notice}");
    }
    if !kept.is_empty() {
        eprintln!(
            "note: kept what closeloop did not make in {}: {}",
            out.display(),
            kept.join(", ")
        );
    }
    eprintln!(
        "built {} site: {} files in {}",
        if args.internal {
            "the internal"
        } else {
            "the public"
        },
        finished.paths.len(),
        out.display()
    );
    Ok(Outcome::Clean)
}

/// Renders the whole site of `repo` into `target`: every page family, then
/// the repository's `static/` files on top. The one render path of `build`
/// (a staging folder) and `serve` (memory).
pub fn render_to(
    ctx: &Context,
    repo: &Repository,
    internal: bool,
    target: &dyn Target,
) -> Result<Finished> {
    render_with(ctx, repo, internal, target, None)
}

/// [`render_to`], taking the pages whose inputs did not change from `memo`
/// (`serve`, which renders on every save). The bytes are the same.
pub fn render_with(
    ctx: &Context,
    repo: &Repository,
    internal: bool,
    target: &dyn Target,
    memo: Option<&PageMemo>,
) -> Result<Finished> {
    let templates = timing::phase("templates", || match memo {
        Some(memo) => memo.templates(|| load_templates(ctx)),
        None => load_templates(ctx).map(std::sync::Arc::new),
    })?;
    let statics = timing::phase("static", || static_files(&ctx.root.join("static")))?;
    let mut output = Output::new(target, statics)?;
    if let Some(memo) = memo {
        output = output.with_memo(memo);
    }
    SiteBuild {
        repo,
        now: ctx.now,
        audience: if internal {
            Audience::Internal
        } else {
            Audience::Public
        },
        templates: &templates,
    }
    .emit(&output)?;
    output.finish()
}

/// Every file of the site, in memory and in path order (what `serve`
/// answers from).
pub fn render(ctx: &Context, repo: &Repository, internal: bool) -> Result<Vec<OutFile>> {
    let memory = Memory::new();
    render_to(ctx, repo, internal, &memory)?;
    Ok(memory
        .into_files()
        .into_iter()
        .map(|(path, bytes)| OutFile { path, bytes })
        .collect())
}

/// The repository's templates (`templates/`) over the built-in ones.
pub fn load_templates(ctx: &Context) -> Result<Templates> {
    let dir = ctx.root.join("templates");
    let present = std::fs::symlink_metadata(&dir).is_ok();
    Templates::load(present.then_some(dir.as_path()))
}
