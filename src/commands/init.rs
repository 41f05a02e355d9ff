//! `closeloop init [DIR]`: a feedback repository to start from: the
//! configuration with every default written out, one example item, and a
//! CI workflow that validates pull requests.

use crate::parse::time::format_utc;
use anyhow::{Context as _, Result, bail};
use std::path::Path;

const CONFIG: &str = r#"# closeloop configuration. Every key is optional; these are the defaults.
areas = []                    # allowed product areas; empty allows any

[site]
title = "Developer Voice"
base_url = ""                 # e.g. "https://feedback.example.com/" — needed for the Atom feed

[calendar]
timezone = "UTC"              # IANA name, e.g. "Europe/Berlin"
workdays = ["mon", "tue", "wed", "thu", "fri"]
holidays = []                 # ["2026-12-25", ...]

[sla]                         # "<n>h" hours, "<n>d" days of 24h, "<n>bd" business days
distribute = "24h"
acknowledge = "48h"
review = "5bd"
quick_win = "14d"
close = "2bd"
at_risk = 0.25

[signals]
top_share = 0.10
window = "90d"
"#;

const WORKFLOW: &str = r#"name: closeloop
on:
  pull_request:
  push:
    branches: [main]
jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: dtolnay/rust-toolchain@stable
      - run: cargo install --locked closeloop
      - run: closeloop validate --format github
"#;

pub fn run(dir: &Path, now: crate::model::Time) -> Result<super::Outcome> {
    if dir.join(crate::config::FILE_NAME).exists() {
        bail!(
            "{} already holds a closeloop.toml; nothing was changed",
            dir.display()
        );
    }
    let received = format_utc(now);
    let item = format!(
        "---\ntitle: Example — the quick-start guide skips API key setup\nreceived: {received}\ndeveloper:\n  handle: \"@example-dev\"\n  credit: anonymous\n  channel: forum\nquote: >\n  I followed the quick-start and got a 401 on the first call; the key setup is on another page.\narea: docs\ntag: documentation-gap\nseverity: medium\nfrequency: 1\njtbd: >\n  When I try the API for the first time, I want every step on one page,\n  so that my first call works.\nstate: captured\n---\nInternal notes go here. They are never published.\n"
    );
    let files = [
        (crate::config::FILE_NAME.to_owned(), CONFIG.to_owned()),
        ("feedback/example-quick-start-api-key.md".to_owned(), item),
        ("roadmap/README.md".to_owned(), "One file per roadmap item: `title`, `status` (planned, in-progress, shipped, dropped), `added` (a date) and an optional `quarter` (2026-Q4).\n".to_owned()),
        (".github/workflows/closeloop.yml".to_owned(), WORKFLOW.to_owned()),
    ];
    for (rel, text) in &files {
        let path = dir.join(rel);
        if path.exists() {
            eprintln!("kept {} (it exists already)", path.display());
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("created {}", path.display());
    }
    eprintln!("next: `closeloop --root {} validate`", dir.display());
    Ok(super::Outcome::Clean)
}
