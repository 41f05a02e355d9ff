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
pub mod sla;
pub mod todo;
pub mod validate;

use crate::cli::{Cli, ColorChoice};
use crate::config::Config;
use crate::locate::Location;
use crate::model::Time;
use crate::repo;
use anyhow::Result;
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

/// What every command needs: the root, the configuration and *now*.
#[derive(Clone)]
pub struct Context {
    pub root: PathBuf,
    pub config: Config,
    pub now: Time,
    pub color: bool,
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
        let color = match cli.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        };
        Ok(Context {
            root: location.root.clone(),
            config,
            now,
            color,
            location,
        })
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
}
