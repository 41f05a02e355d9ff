//! Rules across files: unique ids, roadmap references, allowed areas.

use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::parse::Draft;
use crate::source::Pos;
use std::collections::{BTreeMap, BTreeSet};

/// Every file whose id another file also has gets a diagnostic naming the
/// others, so that whichever name sorts first, the file a pull request
/// adds is annotated. `entries` are (id, file) in path order.
pub(crate) fn check_unique_ids<'a>(
    entries: impl IntoIterator<Item = (&'a str, &'a str)>,
    out: &mut Vec<Diagnostic>,
) {
    let mut files: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (id, file) in entries {
        files.entry(id).or_default().push(file);
    }
    for (id, files) in files.iter().filter(|(_, files)| files.len() > 1) {
        for file in files {
            let others: Vec<&str> = files.iter().copied().filter(|f| f != file).collect();
            out.push(Diagnostic::from_sentence(
                Code::DuplicateId,
                file,
                Pos::START,
                format!("the id `{id}` is also used by {} — ids are file names and must be unique across the folder; rename one of the files", others.join(", ")),
            ));
        }
    }
}

pub(crate) fn check_references(
    d: &Draft,
    roadmap_ids: &BTreeSet<&str>,
    areas: &[String],
    out: &mut Vec<Diagnostic>,
) {
    if let Some(name) = d.decision.as_ref().and_then(|x| x.roadmap.as_deref())
        && !roadmap_ids.contains(name)
    {
        let ids: Vec<&str> = roadmap_ids.iter().copied().collect();
        out.push(Diagnostic::from_sentence(
                Code::UnknownRoadmap,
                &d.file,
                d.keys.anchor(&["decision.roadmap"]),
                format!(
                    "`decision.roadmap: {name}` names no roadmap item — add `roadmap/{name}.md` or fix the name{}",
                    did_you_mean(name, &ids)
                ),
            ));
    }
    if let Some(area) = d.area.as_deref()
        && !areas.is_empty()
        && !areas.iter().any(|a| a == area)
    {
        let names: Vec<&str> = areas.iter().map(String::as_str).collect();
        out.push(Diagnostic::from_sentence(
                Code::UnknownArea,
                &d.file,
                d.keys.anchor(&["area"]),
                format!(
                    "`area: {area}` is not one of the areas in closeloop.toml ({}){} — use one of them, or add it to `areas`",
                    names.join(", "),
                    did_you_mean(area, &names)
                ),
            ));
    }
}
