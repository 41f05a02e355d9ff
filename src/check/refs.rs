//! Rules across files: unique ids, roadmap references, allowed areas.

use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::parse::Draft;
use crate::source::Pos;
use std::collections::BTreeSet;

/// Every file whose id another file also has gets a diagnostic naming the
/// others, so that whichever name sorts first, the file a pull request
/// adds is annotated. `entries` are (id, file) in path order.
pub(crate) fn check_unique_ids<'a>(
    entries: impl IntoIterator<Item = (&'a str, &'a str)>,
    out: &mut Vec<Diagnostic>,
) {
    // One sorted list rather than a map of lists: a million files cost 32 bytes each here.
    // By id, then by file: the path order the files come in.
    let mut pairs: Vec<(&str, &str)> = entries.into_iter().collect();
    // Ids are almost always unique: a set says so in one pass, and the sort
    // is left for the rare folder that has a clash.
    let mut seen = foldhash::HashSet::with_capacity_and_hasher(pairs.len(), Default::default());
    if pairs.iter().all(|(id, _)| seen.insert(*id)) {
        return;
    }
    drop(seen);
    pairs.sort_unstable();
    for same in pairs.chunk_by(|a, b| a.0 == b.0).filter(|s| s.len() > 1) {
        let id = same[0].0;
        for (_, file) in same {
            let others: Vec<&str> = same.iter().map(|p| p.1).filter(|f| f != file).collect();
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
