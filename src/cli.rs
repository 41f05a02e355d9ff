//! The command line, as clap types the commands receive as they are.
//!
//! Values with a form of their own are typed while clap parses them, so a
//! bad one is a usage error (exit 2) before any command runs: periods
//! ([`period`]) and closeloop's keyword sets ([`keyword`]). Values that need
//! the repository (its calendar, its items) are checked by the command that
//! uses them, such as `todo --within` or `report digest --since`.

use crate::calendar::Period;
use crate::model::{Credit, Keyword, Severity, Tag};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "closeloop",
    version,
    about = "Keeps a developer-feedback loop honest: validate items, track SLAs, report, publish.",
    propagate_version = true
)]
pub struct Cli {
    /// The feedback repository (default: the nearest folder from here
    /// upwards holding closeloop.toml, else feedback/).
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// The moment to compute against (RFC 3339, `2026-11-28 09:00` or a date);
    /// default: $SOURCE_DATE_EPOCH, else the clock.
    #[arg(long, global = true, value_name = "TIME")]
    pub now: Option<String>,

    /// When to colour the output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Print how long each phase took (reading, checking, rendering,
    /// writing) to stderr.
    #[arg(long, global = true)]
    pub timings: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scaffold a feedback repository: config, one example item, a CI workflow.
    Init {
        /// Where to create it (default: the --root folder).
        dir: Option<PathBuf>,
    },
    /// Write a new captured item, received now, id from the title.
    New(NewArgs),
    /// Check every item: schema, lifecycle, time order, SLAs.
    Validate(ValidateArgs),
    /// List SLA clocks, most urgent first (open ones unless --all).
    Sla(SlaArgs),
    /// Print the weekly Developer Signal Report or the quarterly review.
    Report(ReportArgs),
    /// Validate, then render the static site (atomically).
    Build(BuildArgs),
    /// Preview the site on 127.0.0.1, rebuilt on every save.
    Serve(ServeArgs),
    /// Print a JSON Schema (draft-07) for editors: an item's front matter
    /// (with the repository's `areas`), a roadmap item's, or closeloop.toml.
    Schema {
        /// Which file the schema describes.
        #[arg(value_enum, default_value_t = crate::commands::schema::SchemaKind::Item)]
        kind: crate::commands::schema::SchemaKind,
    },
    /// Print shell completions: `closeloop completions bash > /etc/bash_completion.d/closeloop`.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `closeloop man | man -l -`.
    Man,
    /// List every next action, soonest due first, with the command that drafts its message.
    Todo(TodoArgs),
    /// Print a message to copy: an acknowledgement, a decision, a close, or the digest.
    Draft(DraftArgs),
}

#[derive(Debug, Args)]
pub struct DraftArgs {
    /// Which message.
    #[arg(value_enum)]
    pub kind: crate::drafts::DraftKind,

    /// The item's id (its file stem).
    pub id: String,

    /// Plain text, or Markdown.
    #[arg(long, value_enum, default_value_t = crate::drafts::DraftFormat::Text)]
    pub format: crate::drafts::DraftFormat,
}

#[derive(Debug, Args)]
pub struct TodoArgs {
    /// Only this owner's actions (a team or handle from `[owners]` or `owner:`).
    #[arg(long, value_name = "O")]
    pub owner: Option<String>,

    /// Only actions due within this span from now, overdue ones included
    /// (`24h`, `7d`, `2bd`).
    #[arg(long, value_name = "D")]
    pub within: Option<String>,

    /// Output format (`md` is what a morning CI job posts).
    #[arg(long, value_enum, default_value_t = TodoFormat::Human)]
    pub format: TodoFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TodoFormat {
    Human,
    Json,
    Md,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
    pub format: DiagnosticFormat,

    /// Treat warnings as errors (`--deny warnings`).
    #[arg(long, value_enum)]
    pub deny: Option<Deny>,

    /// Also check what changed since this git revision (a pull request's
    /// base, e.g. origin/main): no state moved back, no recorded milestone
    /// rewritten, no item deleted; warnings only for the files changed.
    #[arg(long, value_name = "REF")]
    pub base: Option<String>,

    /// Warn about each clock that was missed in the past (it stopped after
    /// its due time), instead of one line per clock kind with a count.
    #[arg(long)]
    pub all_warnings: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticFormat {
    Human,
    Json,
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    Warnings,
}

#[derive(Debug, Args)]
pub struct SlaArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = SlaFormat::Human)]
    pub format: SlaFormat,

    /// Include clocks that have stopped (met or breached).
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SlaFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(subcommand)]
    pub kind: ReportKind,
}

#[derive(Debug, Subcommand)]
pub enum ReportKind {
    /// The weekly Developer Signal Report (default: the last complete week).
    Weekly {
        /// ISO week, e.g. 2026-W48.
        #[arg(long, value_name = "YYYY-Www", value_parser = period::<true>)]
        week: Option<Period>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
        format: ReportFormat,
        /// Print what the public site shows: items that are not public
        /// (private, embargoed, not yet published) only as figures.
        #[arg(long)]
        public: bool,
    },
    /// The quarterly review (default: the current quarter, running).
    Quarterly {
        /// Calendar quarter, e.g. 2026-Q4.
        #[arg(long, value_name = "YYYY-Qn", value_parser = period::<false>)]
        quarter: Option<Period>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
        format: ReportFormat,
        /// Print what the public site shows: items that are not public
        /// (private, embargoed, not yet published) only as figures.
        #[arg(long)]
        public: bool,
    },
    /// The anonymized digest of every item received lately, for the internal channel.
    Digest {
        /// How far back: hours or days (`24h`, `3d`), or a time (`2026-11-25 09:00`).
        #[arg(long, value_name = "D", default_value = "24h")]
        since: String,
        /// `slack` is a Block Kit payload for an incoming webhook.
        #[arg(long, value_enum, default_value_t = DigestFormat::Md)]
        format: DigestFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DigestFormat {
    Md,
    Json,
    Slack,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Md,
    Json,
    Html,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Output folder (default: site/ in the repository).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Build the team's site: every item, handles, quotes, notes, SLA board.
    #[arg(long)]
    pub internal: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The item's title (1–120 characters, one line); the id is made from it.
    pub title: String,
    /// The tag.
    #[arg(long, value_parser = keyword::<Tag>())]
    pub tag: Option<Tag>,
    /// The product area (one of `areas` in closeloop.toml, when it lists them).
    #[arg(long)]
    pub area: Option<String>,
    /// The developer's handle, e.g. @mara.
    #[arg(long)]
    pub handle: Option<String>,
    /// How the developer may be credited on the public site.
    #[arg(long, value_parser = keyword::<Credit>())]
    pub credit: Option<Credit>,
    /// How bad it is for the developer.
    #[arg(long, value_parser = keyword::<Severity>())]
    pub severity: Option<Severity>,
    /// How many developers reported it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub frequency: Option<u32>,
    /// The developer's words, verbatim (may span lines).
    #[arg(long, value_name = "TEXT")]
    pub quote: Option<String>,
    /// The job to be done: "When …, I want …, so that …".
    #[arg(long, value_name = "TEXT")]
    pub jtbd: Option<String>,
    /// Who owns the item (a team or a handle).
    #[arg(long)]
    pub owner: Option<String>,
    /// Where the feedback came from, e.g. discord (never published).
    #[arg(long)]
    pub channel: Option<String>,
}

/// `--week 2026-W48` (`WEEK = true`) or `--quarter 2026-Q4`, checked at
/// the edge: a bad period is a usage error (exit 2) naming the form.
pub fn period<const WEEK: bool>(text: &str) -> Result<Period, String> {
    let example = if WEEK { "2026-W48" } else { "2026-Q4" };
    match text.parse::<Period>() {
        Ok(p @ Period::Week { .. }) if WEEK => Ok(p),
        Ok(p @ Period::Quarter { .. }) if !WEEK => Ok(p),
        Ok(_) => Err(format!(
            "`{text}` is not a {} — write it like `{example}`",
            if WEEK { "week" } else { "quarter" }
        )),
        Err(e) => Err(format!("{e} — write it like `{example}`")),
    }
}

/// A clap value parser for one of closeloop's keyword sets (tags, credits,
/// severities…): completions and `--help` list the words, and commands get
/// the typed value.
pub fn keyword<K>() -> impl clap::builder::TypedValueParser<Value = K>
where
    K: Keyword + std::str::FromStr + Send + Sync,
{
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(K::names()).try_map(|word: String| {
        word.parse::<K>()
            .map_err(|_| format!("`{word}` is not one of {}", K::names().join(", ")))
    })
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port on 127.0.0.1 (0 picks a free one and prints it).
    #[arg(long, default_value_t = 8000)]
    pub port: u16,

    /// Preview the team's site instead of the public one.
    #[arg(long)]
    pub internal: bool,
}
