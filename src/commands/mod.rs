//! One file per subcommand. Each returns an [`Outcome`]; `main` maps it to
//! an exit code.

pub mod build;
pub mod digest;
pub mod draft;
pub mod init;
pub mod new;
pub mod report;
pub mod schema;
pub mod serve;
pub mod shell;
pub mod sla;
pub mod todo;
pub mod validate;

use crate::cli::{Cli, ColorChoice};
use crate::config::Config;
use crate::locate::Location;
use crate::model::Time;
use crate::repo;
use anyhow::Result;
use rayon::prelude::*;
use std::io::IsTerminal;
use std::path::PathBuf;

/// How a command ended, as an exit code (SPEC §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// 0: done, nothing wrong.
    Clean,
    /// 1: the repository has errors (or warnings under `--deny warnings`).
    Problems,
}

/// Whether to colour a stream: `--color always|never`, or with `auto` the
/// conventions of [`auto_color`].
pub fn color_for(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => auto_color(
            anstyle_query::no_color(),
            anstyle_query::clicolor_force(),
            anstyle_query::clicolor(),
            anstyle_query::term_supports_color(),
            terminal,
        ),
    }
}

/// What every command needs: the root, the configuration and *now*.
#[derive(Clone)]
pub struct Context {
    pub root: PathBuf,
    pub config: Config,
    pub now: Time,
    /// Whether output to stdout is coloured.
    pub color: bool,
    /// Whether output to stderr is coloured (build's refusal).
    pub color_stderr: bool,
    /// Where the repository was found, and how its files are named in
    /// diagnostics (SPEC §10).
    pub location: Location,
}

impl Context {
    /// Reads the configuration and settles *now*; any failure here is a
    /// command that cannot run (exit 2).
    pub fn new(cli: &Cli, epoch: Option<&str>) -> Result<Context> {
        let cwd = std::env::current_dir()
            .map_err(|e| anyhow::anyhow!("cannot read the current folder: {e}"))?;
        let ceilings =
            crate::locate::ceilings_from(std::env::var_os("GIT_CEILING_DIRECTORIES").as_deref());
        let location = Location::find(cli.root.as_deref(), &cwd, &ceilings)?;
        let config = repo::load_config(&location.root)?;
        let now = crate::now::resolve_now(cli.now.as_deref(), epoch, &config.calendar)?;
        let color = color_for(cli.color, std::io::stdout().is_terminal());
        let color_stderr = color_for(cli.color, std::io::stderr().is_terminal());
        Ok(Context {
            root: location.root.clone(),
            config,
            now,
            color,
            color_stderr,
            location,
        })
    }

    /// The human rendering of `shown` (files named as SPEC §10 says),
    /// with their source lines, and a summary that counts all of `all` and
    /// the clocks missed in the past: what build's refusal and `serve`'s
    /// error page print, as `validate` does.
    pub fn render_human(
        &self,
        shown: &[crate::diag::Diagnostic],
        all: &[crate::diag::Diagnostic],
        repo: &repo::Repository,
        color: bool,
    ) -> String {
        // Only files with problems are read again, for their snippets.
        let paths: std::collections::BTreeSet<&str> =
            shown.iter().map(|d| d.file.as_str()).collect();
        let sources: std::collections::BTreeMap<&str, crate::source::SourceFile> = paths
            .into_par_iter()
            .filter_map(|path| {
                let text = repo::read_text(&self.location.file_of(path)).ok()?;
                Some((path, crate::source::SourceFile::new(path, text)))
            })
            .collect();
        crate::diag::render_some_human(
            shown,
            all,
            repo.files,
            &summarized(&repo.checked, true),
            &|p| sources.get(p),
            color,
        )
    }

    /// The same context at another *now* (`serve` rebuilds at the clock).
    pub fn at(&self, now: Time) -> Context {
        Context {
            now,
            ..self.clone()
        }
    }

    /// Diagnostics with their files named as SPEC §10 says: relative to
    /// the git work tree's top when the repository is inside one.
    pub fn shown(&self, diags: &[crate::diag::Diagnostic]) -> Vec<crate::diag::Diagnostic> {
        diags
            .iter()
            .map(|d| crate::diag::Diagnostic {
                file: self.location.shown(&d.file),
                ..d.clone()
            })
            .collect()
    }

    /// Loads and checks the repository; items keep their Markdown body
    /// only with [`repo::Bodies::Keep`].
    pub fn load(&self, bodies: repo::Bodies) -> Result<repo::Repository> {
        repo::Repository::load(&self.root, self.config.clone(), self.now, bodies)
    }

    /// Loads the repository keeping only the compact record of each item (`validate`).
    pub(crate) fn load_records(&self) -> Result<repo::Repository<crate::model::Record>> {
        repo::Repository::load_records(&self.root, self.config.clone(), self.now)
    }

    /// Loads the repository for a command that prints figures, and says on
    /// stderr how many items it leaves out for errors.
    pub fn load_for_figures(&self) -> Result<repo::Repository> {
        let repo = self.load(repo::Bodies::Drop)?;
        if let Some(sentence) = repo.checked.left_out_count().sentence() {
            eprintln!("warning: {sentence} (run `closeloop validate`)");
        }
        Ok(repo)
    }
}

/// The clocks of `checked` missed in the past, by kind, as [`crate::diag::Summarized`] counts:
/// the real counts when they are `summarized`, zeros when they are listed instead.
pub(crate) fn summarized<I: crate::model::Tracked + Sync>(
    checked: &crate::check::Checked<I>,
    summarized: bool,
) -> crate::diag::Summarized {
    crate::diag::Summarized {
        missed_clocks: crate::model::ClockKind::ALL
            .iter()
            .zip(checked.past_misses_by_kind())
            .map(|(kind, n)| (kind.as_str(), if summarized { n } else { 0 }))
            .collect(),
    }
}

/// `--color auto` by the conventions, in anstream's order: `NO_COLOR`
/// (only when non-empty) turns colour off; `CLICOLOR_FORCE` (non-empty)
/// turns it on even into a pipe; `CLICOLOR=0` turns it off; otherwise
/// colour goes to a terminal whose `TERM` is set and not `dumb` (or any
/// terminal when `CLICOLOR` is set and not 0).
pub fn auto_color(
    no_color: bool,
    force: bool,
    clicolor: Option<bool>,
    term_supports_color: bool,
    is_terminal: bool,
) -> bool {
    if no_color {
        false
    } else if force {
        true
    } else if clicolor == Some(false) {
        false
    } else {
        is_terminal && (term_supports_color || clicolor == Some(true))
    }
}

#[cfg(test)]
mod color_tests {
    use super::auto_color;

    #[test]
    fn colour_follows_the_conventions() {
        // (NO_COLOR, CLICOLOR_FORCE, CLICOLOR, TERM ok, terminal) -> colour
        let cases = [
            ((false, false, None, true, true), true),
            ((false, false, None, true, false), false),
            ((true, true, None, true, true), false),
            ((false, true, None, false, false), true),
            ((false, false, Some(false), true, true), false),
            ((false, false, None, false, true), false),
            ((false, false, Some(true), false, true), true),
        ];
        for ((no, force, cli, term, tty), want) in cases {
            assert_eq!(
                auto_color(no, force, cli, term, tty),
                want,
                "{no} {force} {cli:?} {term} {tty}"
            );
        }
    }
}
