//! `closeloop init [DIR]`: a feedback repository to start from: the
//! configuration with every default written out, one example item, and a
//! CI workflow that validates pull requests.

use crate::parse::time::format_utc;
use anyhow::{Context as _, Result, bail};
use std::path::Path;

const CONFIG: &str = r#"#:schema ./.closeloop/config.schema.json
# closeloop configuration. Every key is optional; these are the defaults.
# (The line above lets taplo-based editors, such as Even Better TOML, check and complete it.)
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

/// The GitHub workflow, with `{version}` for the closeloop version that
/// writes it. Every action is pinned by its full commit SHA (a tag can be
/// moved); the comment names the release.
const WORKFLOW: &str = r#"# Written by `closeloop init` (closeloop {version}). Three jobs:
# check (pull requests), publish (pushes to main: GitHub Pages), morning (daily to-do).
name: closeloop

on:
  pull_request:
  push:
    branches: [main]
  schedule:
    - cron: "0 7 * * *"
  workflow_dispatch:

permissions:
  contents: read # read the repository; jobs ask for more only where they need it

env:
  CLOSELOOP_VERSION: "{version}"

jobs:
  check:
    name: Check the pull request
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    concurrency:
      group: closeloop-check-${{ github.ref }}
      cancel-in-progress: true
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
        with:
          fetch-depth: 0 # validate --base compares with the base branch's history
          persist-credentials: false
      - uses: actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae # v5.0.5
        with:
          path: ~/.cargo/bin/closeloop
          key: closeloop-${{ runner.os }}-${{ env.CLOSELOOP_VERSION }}
      - name: Install closeloop
        run: command -v closeloop || cargo install --locked closeloop --version "$CLOSELOOP_VERSION"
      - name: Validate the pull request
        env:
          BASE_REF: ${{ github.base_ref }}
        run: closeloop validate --format github --base "origin/$BASE_REF"

  publish:
    name: Publish the site
    if: github.event_name == 'push'
    runs-on: ubuntu-latest
    permissions:
      contents: read # read the repository
      pages: write # deploy to GitHub Pages
      id-token: write # prove the deployment comes from this workflow
    environment:
      name: github-pages
      url: ${{ steps.deploy.outputs.page_url }}
    concurrency:
      group: pages
      cancel-in-progress: false
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
        with:
          persist-credentials: false
      - name: Install closeloop
        run: cargo install --locked closeloop --version "$CLOSELOOP_VERSION"
      - name: Build the site
        run: closeloop build
      - uses: actions/configure-pages@983d7736d9b0ae728b81ab479565c72886d7745b # v5.0.0
      - uses: actions/upload-pages-artifact@fc324d3547104276b827a68afc52ff2a11cc49c9 # v5.0.0
        with:
          path: site
      - id: deploy
        uses: actions/deploy-pages@cd2ce8fcbc39b97be8ca5fce6e763baed58fa128 # v5.0.0

  morning:
    name: Morning to-do list
    if: github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'
    runs-on: ubuntu-latest
    concurrency:
      group: closeloop-morning
      cancel-in-progress: true
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
        with:
          persist-credentials: false
      - uses: actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae # v5.0.5
        with:
          path: ~/.cargo/bin/closeloop
          key: closeloop-${{ runner.os }}-${{ env.CLOSELOOP_VERSION }}
      - name: Install closeloop
        run: command -v closeloop || cargo install --locked closeloop --version "$CLOSELOOP_VERSION"
      - name: Today's to-do list
        run: closeloop todo --format md >> "$GITHUB_STEP_SUMMARY"
      - name: Post the day's digest to Slack
        env:
          SLACK_WEBHOOK_URL: ${{ secrets.SLACK_WEBHOOK_URL }}
        run: |
          if [ -z "$SLACK_WEBHOOK_URL" ]; then
            echo "No SLACK_WEBHOOK_URL secret: the digest is not posted."
            exit 0
          fi
          closeloop report digest --since 24h --format slack > digest.json
          curl --fail --silent --show-error -X POST -H 'Content-Type: application/json' \
            --data @digest.json "$SLACK_WEBHOOK_URL"
"#;

/// The workflow as this version of closeloop writes it.
pub fn workflow() -> String {
    WORKFLOW.replace("{version}", env!("CARGO_PKG_VERSION"))
}

/// Ignores the build's output and its staging folders.
const GITIGNORE: &str = "# closeloop build output (rebuilt by CI; never hand-edited)\n/site/\n/.site.closeloop-staging-*\n";

const ROADMAP_README: &str = "One file per roadmap item: `title`, `status` (planned, in-progress, shipped, dropped), `added` (a date) and an optional `quarter` (2026-Q4).\n";

/// The example: a whole loop, closed within every SLA in the week before
/// *now*, so that it shows every milestone and no clock of it is running
/// (a captured example would breach the distribute SLA a day later).
fn example_item(now: crate::model::Time) -> String {
    let at = |hours: i64| format_utc(now - chrono::Duration::hours(hours));
    format!(
        "---
title: Example — the quick-start guide skips API key setup
received: {received}
developer:
  handle: \"@example-dev\"
  credit: anonymous          # public | anonymous | private
  channel: forum
quote: >
  I followed the quick-start and got a 401 on the first call; the key setup is on another page.
area: docs
tag: documentation-gap
severity: medium
frequency: 1
jtbd: >
  When I try the API for the first time, I want every step on one page,
  so that my first call works.
state: closed
distributed: {distributed}
acknowledged: {acknowledged}
review: {review}
decision:
  outcome: quick-win
  at: {decided}
  reason: Moving the key setup into the quick-start is a small docs change.
shipped:
  at: {shipped}
  pr: https://example.com/docs/pull/1
  impact: The quick-start now works end to end on the first try.
closed:
  at: {closed}
  followup: The first call worked this time.
  satisfaction: 5
---
Internal notes go here. They are never published.
",
        received = at(7 * 24),
        distributed = at(7 * 24 - 2),
        acknowledged = at(7 * 24 - 3),
        review = at(6 * 24),
        decided = at(6 * 24 - 1),
        shipped = at(5 * 24),
        closed = at(5 * 24 - 2),
    )
}

/// Writes the scaffold: every file or none. Nothing is written when any
/// of them exists already, and a failure part-way removes what this run
/// created.
pub fn run(dir: &Path, now: crate::model::Time) -> Result<super::Outcome> {
    let files = [
        (crate::config::FILE_NAME, CONFIG.to_owned()),
        (".gitignore", GITIGNORE.to_owned()),
        (
            ".closeloop/config.schema.json",
            super::schema::pretty(&super::schema::config_schema()),
        ),
        ("feedback/example-quick-start-api-key.md", example_item(now)),
        ("roadmap/README.md", ROADMAP_README.to_owned()),
        (".github/workflows/closeloop.yml", workflow()),
    ];
    let existing: Vec<&str> = files
        .iter()
        .map(|(rel, _)| *rel)
        .filter(|rel| std::fs::symlink_metadata(dir.join(rel)).is_ok())
        .collect();
    if !existing.is_empty() {
        bail!(
            "{} already has {} — nothing was written; run `closeloop init` in a new folder, or move those files away first",
            dir.display(),
            existing.join(", ")
        );
    }
    let mut created = Created::default();
    for (rel, text) in &files {
        if let Err(e) = created.write(dir, rel, text) {
            created.undo();
            return Err(e.context("nothing was written"));
        }
    }
    created.keep();
    for (rel, _) in &files {
        eprintln!("created {}", dir.join(rel).display());
    }
    eprintln!(
        "next: `cd {}`, then `closeloop validate` and `closeloop new \"<title>\"`; commit, push, and the workflow checks pull requests and publishes the site",
        dir.display()
    );
    Ok(super::Outcome::Clean)
}

/// What one `init` created, to remove again if a later file fails.
#[derive(Default)]
struct Created {
    files: Vec<std::path::PathBuf>,
    dirs: Vec<std::path::PathBuf>,
    kept: bool,
}

impl Created {
    fn write(&mut self, dir: &Path, rel: &str, text: &str) -> Result<()> {
        use std::io::Write as _;
        let path = dir.join(rel);
        let parent = path.parent().unwrap_or(dir);
        // Record each folder this run makes, outermost first.
        let missing: Vec<&Path> = parent
            .ancestors()
            .take_while(|p| !p.as_os_str().is_empty() && !p.exists())
            .collect();
        for folder in missing.into_iter().rev() {
            std::fs::create_dir(folder)
                .with_context(|| format!("cannot create {}", folder.display()))?;
            self.dirs.push(folder.to_owned());
        }
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        self.files.push(path.clone());
        file.write_all(text.as_bytes())
            .and_then(|()| file.sync_all())
            .with_context(|| format!("cannot write {}", path.display()))
    }

    fn undo(&mut self) {
        for file in self.files.drain(..).rev() {
            let _ = std::fs::remove_file(file);
        }
        for dir in self.dirs.drain(..).rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }

    fn keep(mut self) {
        self.kept = true;
    }
}

impl Drop for Created {
    fn drop(&mut self) {
        if !self.kept {
            self.undo();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CONFIG;
    use crate::config::{Config, FILE_NAME};
    use crate::source::SourceFile;

    /// `init` promises "these are the defaults": its text must read back as exactly
    /// [`Config::default`], so a changed default cannot leave the scaffold behind.
    #[test]
    fn the_scaffolded_config_reads_as_the_defaults() {
        let file = SourceFile::new(FILE_NAME, CONFIG.to_owned());
        let parsed = Config::parse(Some(&file)).expect("the scaffolded config parses");
        assert_eq!(parsed, Config::default());
    }
}
