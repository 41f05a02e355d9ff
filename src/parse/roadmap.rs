//! Roadmap items: `title`, `status`, `added`, optional `quarter`.

use super::reader::Reader;
use super::yaml::Node;
use crate::diag::Code;
use crate::model::{RoadmapItem, RoadmapStatus};

const ROADMAP_KEYS: &[&str] = &["title", "status", "added", "quarter"];

pub(super) fn read_roadmap(
    r: &mut Reader,
    root: &Node<'_>,
    id: &str,
    body: &str,
) -> Option<RoadmapItem> {
    let f = r.fields(root, "", ROADMAP_KEYS)?;
    if let Some(status) = f.get("status") {
        r.missing_anchor = status.key_pos;
    }
    let before = r.diags.len();
    let title = r.required_text(&f, "title", "add the roadmap item's name");
    let status = r.keyword::<RoadmapStatus>(&f, "status", "roadmap status");
    if !f.has("status") {
        r.missing(
            &f,
            "status",
            "add `status:` planned, in-progress, shipped or dropped",
        );
    }
    let added = r.time(&f, "added");
    if !f.has("added") {
        r.missing(
            &f,
            "added",
            "add the date the item joined the roadmap, e.g. `added: 2026-10-01`",
        );
    }
    let quarter = r.text(&f, "quarter");
    if let (Some(q), Some(entry)) = (&quarter, f.get("quarter"))
        && !matches!(
            q.parse::<crate::calendar::Period>(),
            Ok(crate::calendar::Period::Quarter { .. })
        )
    {
        r.report(
            Code::InvalidValue,
            entry.value.pos,
            "quarter",
            format!("`quarter: {q}` is not a quarter"),
            "write it as `2026-Q4`",
        );
    }
    if r.diags.len() != before {
        return None;
    }
    Some(RoadmapItem {
        id: id.to_owned(),
        file: r.file.to_owned(),
        title: title?,
        status: status?,
        added: added?,
        added_pos: f
            .get("added")
            .map_or(crate::source::Pos::START, |e| e.key_pos),
        quarter,
        body: body.to_owned(),
    })
}
