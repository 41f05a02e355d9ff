//! closeloop keeps a developer-feedback loop honest.
//!
//! Feedback items are Markdown files with YAML front matter in a git
//! repository. The data flows one way:
//!
//! 1. **Files** — [`repo`] walks `feedback/` and `roadmap/` and reads each
//!    file as bounded UTF-8 text ([`source`]).
//! 2. **Parsed items** — [`parse`] splits the front matter, reads the YAML
//!    into a tree that remembers every key's line and column, and types it
//!    into a draft item, collecting a [`diag::Diagnostic`] per problem.
//! 3. **Checks** — [`check`] applies the lifecycle, time-order and
//!    cross-file rules and returns a [`check::Checked`] repository: the
//!    items without any error, the diagnostics, what was left out, and the
//!    deadline table.
//! 4. **SLAs** — [`sla`] computes deadlines on the team's business calendar
//!    ([`calendar`]), once per run, for warnings, `sla`, reports and the site.
//! 5. **Output** — [`diag`] renders diagnostics for people, tools and
//!    GitHub; the [`commands`] print them.
//! 6. **Closing the loop** — from the same clocks, [`todo`](mod@todo) lists every
//!    next action with its owner ([`owners`]), and [`drafts`] writes the
//!    message for it: to the developer, or the anonymized digest for the
//!    team's channel.
//!
//! *now* is read once, in [`now`], and passed down as a value, so every
//! figure is reproducible.

pub mod base;
pub mod calendar;
pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diag;
pub mod drafts;
pub mod locate;
pub mod model;
pub mod now;
pub mod owners;
pub mod parse;
pub mod render;
pub mod repo;
pub mod report;
pub mod server;
pub mod site;
pub mod sla;
pub mod source;
pub mod timing;
pub mod todo;

use anyhow::Result;
use cli::{Cli, Command};
use commands::{Context, Outcome};

/// Runs one command line. `epoch` is `$SOURCE_DATE_EPOCH`, passed in so
/// that nothing below reads the environment.
pub fn run(cli: &Cli, epoch: Option<&str>) -> Result<Outcome> {
    timing::enable(cli.timings);
    let mut stdout = std::io::stdout().lock();
    match &cli.command {
        Command::Schema { kind } => {
            // Inside a repository, its `areas`; anywhere else, none.
            let cwd = std::env::current_dir()?;
            let areas = match locate::Location::find(cli.root.as_deref(), &cwd, &[]) {
                Ok(found) => repo::load_config(&found.root)?.areas,
                Err(_) if cli.root.is_none() => Vec::new(),
                Err(e) => return Err(e),
            };
            commands::schema::run(*kind, &areas, &mut stdout)
        }
        Command::Completions { shell } => commands::shell::completions(*shell, &mut stdout),
        Command::Man => commands::shell::man(&mut stdout),
        Command::Init { dir } => {
            let calendar = crate::config::Config::default().calendar;
            let now = now::resolve_now(cli.now.as_deref(), epoch, &calendar)?;
            let here = std::path::PathBuf::from(".");
            let dir = dir.as_deref().or(cli.root.as_deref()).unwrap_or(&here);
            commands::init::run(dir, now)
        }
        Command::New(args) => {
            let ctx = Context::new(cli, epoch)?;
            commands::new::run(&ctx, args, &mut stdout)
        }
        Command::Sla(args) => {
            let ctx = Context::new(cli, epoch)?;
            commands::sla::run(&ctx, args, &mut stdout)
        }
        Command::Report(args) => {
            let ctx = Context::new(cli, epoch)?;
            commands::report::run(&ctx, args, &mut stdout)
        }
        Command::Build(args) => {
            let ctx = Context::new(cli, epoch)?;
            commands::build::run(&ctx, args)
        }
        Command::Serve(args) => commands::serve::run(cli, args, epoch),
        Command::Draft(args) => {
            let ctx = Context::new(cli, epoch)?;
            commands::draft::run(&ctx, args, &mut stdout)
        }
        Command::Todo(args) => {
            let ctx = Context::new(cli, epoch)?;
            commands::todo::run(&ctx, args, &mut stdout)
        }
        Command::Validate(args) => {
            let ctx = Context::new(cli, epoch)?;
            commands::validate::run(&ctx, args, &mut stdout)
        }
    }
}
