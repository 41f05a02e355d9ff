//! `closeloop serve`: the site from memory on 127.0.0.1, rebuilt on every
//! save (see [`crate::server`]).
//!
//! The repository is found as every command finds it (SPEC §10), and its
//! root made canonical here, once: the watcher reports absolute paths, and
//! a relative root (`--root .`) would match none of them. The
//! configuration is not read here but by every rebuild, so a broken
//! `closeloop.toml` is shown in the browser like any other error.

use super::Outcome;
use crate::cli::{Cli, ServeArgs};
use crate::locate::Location;
use crate::server::{self, build::NowSource};
use anyhow::{Context as _, Result};

pub fn run(cli: &Cli, args: &ServeArgs, epoch: Option<&str>) -> Result<Outcome> {
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    let ceilings =
        crate::locate::ceilings_from(std::env::var_os("GIT_CEILING_DIRECTORIES").as_deref());
    let mut location = Location::find(cli.root.as_deref(), &cwd, &ceilings)?;
    location.root = std::fs::canonicalize(&location.root).with_context(|| {
        format!(
            "cannot open the repository root {}",
            location.root.display()
        )
    })?;
    let now = NowSource {
        flag: cli.now.clone(),
        epoch: epoch.map(str::to_owned),
    };
    // A malformed --now fails at once rather than on every rebuild.
    now.resolve(&crate::config::Config::default().calendar)?;
    server::run(server::Options {
        location,
        port: args.port,
        internal: args.internal,
        now,
    })?;
    Ok(Outcome::Clean)
}
