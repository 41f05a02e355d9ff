//! One rebuild of the preview: re-read `closeloop.toml`, load the
//! repository, render the site in memory. A repository with errors (or a
//! configuration that does not parse) gives the text of its problems
//! instead, as `validate` prints them; the server keeps the last good site
//! and shows that text over it.

use crate::commands::Context;
use crate::diag::Severity;
use crate::locate::Location;
use crate::repo::{self, Bodies, Repository};
use std::collections::BTreeMap;

/// The files of a site by path (`index.html`, `feedback/x.html`, …).
pub type Files = BTreeMap<String, Vec<u8>>;

/// How *now* is settled for each rebuild: `--now` and `$SOURCE_DATE_EPOCH`
/// as every command reads them, on the calendar of the configuration just
/// read.
pub struct NowSource {
    pub flag: Option<String>,
    pub epoch: Option<String>,
}

impl NowSource {
    pub fn resolve(&self, calendar: &crate::sla::Calendar) -> anyhow::Result<crate::model::Time> {
        crate::now::resolve_now(self.flag.as_deref(), self.epoch.as_deref(), calendar)
    }
}

/// The site, or the problems that stop it being built, as plain text.
pub fn rebuild(location: &Location, internal: bool, now: &NowSource) -> Result<Files, String> {
    let root = &location.root;
    let config = repo::load_config(root).map_err(|e| {
        // A bad closeloop.toml is shown as `validate` shows a problem.
        match e
            .chain()
            .find_map(|c| c.downcast_ref::<crate::config::ConfigError>())
        {
            Some(config) => config.render(false),
            None => format!("error: {e:#}\n"),
        }
    })?;
    let now = now
        .resolve(&config.calendar)
        .map_err(|e| format!("error: {e:#}\n"))?;
    let ctx = Context {
        root: root.to_owned(),
        config,
        now,
        color: false,
        color_stderr: false,
        location: location.clone(),
    };
    let repo = ctx
        .load(if internal { Bodies::Keep } else { Bodies::Drop })
        .map_err(|e| format!("error: {e:#}\n"))?;
    if repo.has_errors() {
        return Err(problems(&ctx, &repo));
    }
    let files = crate::commands::build::render(&ctx, &repo, internal)
        .map_err(|e| format!("error: the site could not be rendered: {e:#}\n"))?;
    Ok(files.into_iter().map(|f| (f.path, f.bytes)).collect())
}

/// The errors of a repository, rendered as `validate` renders them: code,
/// file, line, the source line underlined, help, and the summary.
pub fn problems(ctx: &Context, repo: &Repository) -> String {
    let all = ctx.shown(&repo.diagnostics);
    let errors: Vec<_> = all
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    ctx.render_human(&errors, &all, repo.files, false)
}
