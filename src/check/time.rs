//! Time order (SPEC §3): milestones happen after the feedback arrives, in
//! lifecycle order, and none lies in the future.

use crate::diag::{Code, Diagnostic};
use crate::model::{RoadmapItem, Time};
use crate::parse::Draft;
use crate::parse::time::format_utc;

pub(crate) fn check_time_order(d: &Draft, now: Time, out: &mut Vec<Diagnostic>) {
    let decision_at = d.decision.as_ref().and_then(|x| x.at);
    let shipped_at = d.shipped.as_ref().and_then(|x| x.at);
    let closed_at = d.closed.as_ref().and_then(|x| x.at);
    let stamps = [
        ("received", d.received),
        ("distributed", d.distributed),
        ("acknowledged", d.acknowledged),
        ("review", d.review),
        ("decision.at", decision_at),
        ("shipped.at", shipped_at),
        ("closed.at", closed_at),
    ];
    let mut order = |later: &str, t: Option<Time>, earlier: &str, e: Option<Time>, why: &str| {
        if let (Some(t), Some(e)) = (t, e)
            && t < e
        {
            out.push(Diagnostic::from_sentence(
                    Code::TimeOrder,
                    &d.file,
                    d.keys.anchor(&[later]),
                    format!(
                        "`{later}` ({}) is before `{earlier}` ({}) — {why}; check both times and their time zones",
                        format_utc(t),
                        format_utc(e)
                    ),
                ).at_key(later));
        }
    };
    for (key, t) in &stamps[1..] {
        order(
            key,
            *t,
            "received",
            d.received,
            "nothing can happen to feedback before it arrives",
        );
    }
    order(
        "decision.at",
        decision_at,
        "distributed",
        d.distributed,
        "the owners decide after they were told",
    );
    order(
        "decision.at",
        decision_at,
        "acknowledged",
        d.acknowledged,
        "the developer is thanked before the decision",
    );
    order(
        "shipped.at",
        shipped_at,
        "decision.at",
        decision_at,
        "a change ships after it was decided",
    );
    match shipped_at {
        Some(_) => order(
            "closed.at",
            closed_at,
            "shipped.at",
            shipped_at,
            "the loop closes after the change ships",
        ),
        None => order(
            "closed.at",
            closed_at,
            "decision.at",
            decision_at,
            "the loop closes after the decision",
        ),
    }

    for (key, t) in stamps {
        if let Some(t) = t.filter(|t| *t > now) {
            out.push(Diagnostic::from_sentence(
                Code::FutureTimestamp,
                &d.file,
                d.keys.anchor(&[key]),
                format!(
                    "`{key}` ({}) is after now ({}) — record milestones when they happen, and check the time zone",
                    format_utc(t),
                    format_utc(now)
                ),
            ).at_key(key));
        }
    }
}

/// A roadmap item's `added` may not lie after *now* either (SPEC §6): an item added later
/// does not exist yet in any figure.
pub(crate) fn check_roadmap_time(r: &RoadmapItem, now: Time, out: &mut Vec<Diagnostic>) {
    if r.added > now {
        out.push(Diagnostic::new(
            Code::FutureTimestamp,
            &r.file,
            r.added_pos,
            format!(
                "`added` ({}) is after now ({}) — write the date the item joined the roadmap, and check the time zone",
                format_utc(r.added),
                format_utc(now)
            ),
        ));
    }
}
