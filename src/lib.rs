//! closeloop keeps a developer-feedback loop honest.
//!
//! Feedback items are Markdown files with YAML front matter in a git
//! repository. Every command runs the same one-way pipeline, each stage
//! reading only the stages above it:
//!
//! 1. **Files** — [`locate`] finds the repository (the nearest folder with
//!    `closeloop.toml` or `feedback/`) and [`config`] reads `closeloop.toml`.
//!    [`repo`] lists `feedback/` and `roadmap/` and reads each file as bounded
//!    UTF-8 text, a [`source::SourceFile`].
//! 2. **Parse** — [`parse`] splits the front matter, reads the YAML into a
//!    tree that remembers every key's position, and types it into a
//!    [`parse::Draft`], collecting a [`diag::Diagnostic`] per problem. Times
//!    are read on the team's working calendar ([`calendar`]).
//! 3. **Check** — [`check`] applies the lifecycle, time-order, reference and
//!    duplicate rules and returns a [`check::Checked`] repository: the
//!    [`model::Item`]s without any error, the roadmap, every diagnostic, the
//!    ids left out, and the deadline table ([`sla::Deadlines`]), built once
//!    and shared by the SLA warnings, `sla`, the reports, the to-do list and
//!    the site. With `validate --base`, [`base`] also checks what a change
//!    does to the items at a git revision.
//! 4. **Figures** — [`sla`] judges each clock from the deadline table at a
//!    moment; [`report`] computes the weekly report and the quarterly review
//!    from a plain [`report::ReportInputs`], as of the end of the period.
//! 5. **Views** — [`site::views`] is what templates may see: a public view
//!    has no field for private data, and the site's `present` module is the
//!    only place that fills views from the model. [`render`] turns text into safe
//!    Markdown, URLs and figures ([`render::format`]) and sets up the
//!    templates.
//! 6. **Pages** — [`site::pages`] holds the page families (items, item list,
//!    releases, reports, home, SLA board, to-do, feed), one function each,
//!    each handing its pages over as soon as they are rendered.
//! 7. **Output layer** — [`site::output::Output`] is the one way files
//!    leave the renderer: it registers every path (a second write of the same
//!    path is refused), applies `static/` overrides, and either stages the
//!    site on disk and swaps it into place or keeps it in memory for `serve`.
//!
//! Around the pipeline:
//!
//! - [`diag`] renders diagnostics for people (with snippets and help), for
//!   tools (JSON) and for GitHub annotations.
//! - [`commands`] holds one module per subcommand; each returns a
//!   [`commands::Outcome`] that `main` maps to an exit code. [`cli`] is the
//!   command line they receive.
//! - [`server`] is the preview behind `serve`: the site rebuilt in memory
//!   when a source changes, served on 127.0.0.1 with live reload.
//! - [`todo`](mod@todo) lists every next action from the same clocks, with
//!   its owner ([`owners`]); [`drafts`] writes the message for it, to the
//!   developer or the anonymized digest for the team's channel.
//!
//! *now* is read once, in [`now`], and passed down as a value, so every
//! figure is reproducible; [`timing`] measures the phases for `--timings`.

// Only what the binary, the tests and the examples use is public; the rest
// is crate-private so that rustc reports dead code. The crate documentation
// is for contributors and is built with `--document-private-items`, where
// links to private modules resolve.
#![warn(unreachable_pub)]
#![allow(rustdoc::private_intra_doc_links)]
pub(crate) mod base;
pub(crate) mod calendar;
pub(crate) mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diag;
pub(crate) mod drafts;
pub mod locate;
pub(crate) mod model;
pub(crate) mod now;
pub(crate) mod owners;
pub mod parse;
pub(crate) mod render;
pub mod repo;
pub(crate) mod report;
pub mod server;
pub(crate) mod site;
pub(crate) mod sla;
pub(crate) mod source;
pub(crate) mod timing;
pub(crate) mod todo;

use anyhow::Result;
use cli::{Cli, Command};
use commands::{Context, Outcome};

/// Runs one command line. `epoch` is `$SOURCE_DATE_EPOCH`, read by `main` and
/// passed in so that *now* is settled in one place. What else comes from the
/// environment is read at the edge of a command: the current folder and
/// `GIT_CEILING_DIRECTORIES` (finding the repository), the colour conventions
/// (`NO_COLOR`, `CLICOLOR`…) and, for `validate`, `GITHUB_STEP_SUMMARY`.
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
