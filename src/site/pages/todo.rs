//! The To do page (`todo.html`), for the team only: the list `closeloop
//! todo` prints, grouped by owner — each squad finds its own morning.

use super::{Description, Page};
use crate::site::output::{Output, Source};
use crate::site::present::todo_view;
use crate::site::views::{ToDoGroup, ToDoPage};
use crate::site::{Audience, Shared, SiteBuild};
use anyhow::Result;
use std::collections::BTreeMap;

impl SiteBuild<'_> {
    pub(in crate::site) fn todo_page(&self, shared: &Shared, out: &Output) -> Result<()> {
        if self.audience != Audience::Internal {
            return Ok(());
        }
        let config = &self.repo.config;
        let list =
            crate::todo::todo_from(&shared.clocks, &self.repo.checked.items, config, self.now);
        // Owners in name order, the unowned last; each group soonest first
        // (the list already is).
        let mut by_owner: BTreeMap<(bool, Option<&str>), Vec<_>> = BTreeMap::new();
        for t in &list {
            by_owner
                .entry((t.owner.is_none(), t.owner))
                .or_default()
                .push(todo_view(t, &config.calendar, self.now));
        }
        let view = ToDoPage {
            total: list.len(),
            overdue: list.iter().filter(|t| t.is_overdue(self.now)).count(),
            groups: by_owner
                .into_iter()
                .map(|((_, owner), actions)| ToDoGroup {
                    owner: owner.map(str::to_owned),
                    actions,
                })
                .collect(),
        };
        let page = Page {
            path: "todo.html",
            template: "todo.html",
            title: "To do",
            section: "todo",
            description: Description::Site,
        };
        self.write_page(
            out,
            shared,
            page,
            Source::page("the To do page"),
            "todo",
            &view,
        )
    }
}
