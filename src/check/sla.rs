//! SLA warnings in `validate`: every running clock that is breached or at risk, and the
//! clocks that were missed in the past.

use crate::calendar::Moment;
use crate::diag::{Code, Diagnostic};
use crate::model::{Time, Tracked};
use crate::parse::time::format_utc;
use crate::sla::{Clock, ClockKind, ClockStatus, Deadlines, human_duration};

/// What to do to stop a running clock.
fn remedy(kind: ClockKind) -> &'static str {
    match kind {
        ClockKind::Distribute => {
            "send the anonymized summary to the owners and record `distributed:`"
        }
        ClockKind::Acknowledge => {
            "thank the developer, say who is looking at it, and record `acknowledged:`"
        }
        ClockKind::Review => "review it with the owning squad and record `review:`",
        ClockKind::QuickWin => "ship the quick win (or change the decision) and record `shipped:`",
        ClockKind::Close => "tell the developer first that it shipped and record `closed:`",
    }
}

/// A clock that stopped after its due time: history, not something to fix in a file. Kept
/// as an index into the checked items, so that a million of them cost a few megabytes until
/// someone asks to see them ([`past_miss`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PastMiss {
    /// The index of the item in [`Checked::items`](super::Checked::items).
    pub item: u32,
    pub kind: ClockKind,
}

/// The SLA warnings of `validate` as of *now*: a running clock past due (`sla-breached`) or
/// at risk (`sla-at-risk`) is a diagnostic at once; a clock that stopped after its due time
/// is only recorded in `missed`, for the one-line summary per clock kind (SPEC §10) or for
/// [`past_miss`] when the user asks to see each one.
pub(crate) fn check_sla<I: Tracked>(
    deadlines: &Deadlines,
    items: &[I],
    now: Time,
    out: &mut Vec<Diagnostic>,
    missed: &mut Vec<PastMiss>,
) {
    deadlines.each_clock(items, Moment::Now(now), None, |index, c| {
        match (c.status, c.stopped) {
            (ClockStatus::Breached, Some(_)) => missed.push(PastMiss {
                item: u32::try_from(index).expect("fewer than 4 billion items"),
                kind: c.kind,
            }),
            (ClockStatus::Breached, None) => out.push(running(
                &c,
                Code::SlaBreached,
                format!(
                    "the `{}` SLA is missed: due {} ({} ago) — {}",
                    c.kind.as_str(),
                    format_utc(c.due),
                    human_duration(now - c.due),
                    remedy(c.kind)
                ),
            )),
            (ClockStatus::AtRisk, _) => out.push(running(
                &c,
                Code::SlaAtRisk,
                format!(
                    "the `{}` SLA is at risk: due {} (in {}) — {}",
                    c.kind.as_str(),
                    format_utc(c.due),
                    human_duration(c.due - now),
                    remedy(c.kind)
                ),
            )),
            _ => {}
        }
    });
}

/// A warning about a running clock, at the `state:` line.
fn running<I: Tracked>(c: &Clock<I>, code: Code, message: String) -> Diagnostic {
    Diagnostic::from_sentence(code, c.item.file(), c.item.keys().anchor(&[]), message)
}

/// The `sla-breached` warning of a clock that stopped after its due time, at the key that
/// stopped it. `None` for a clock that did not.
pub(crate) fn past_miss<I: Tracked>(c: &Clock<I>) -> Option<Diagnostic> {
    let stopped = c.stopped.filter(|_| c.status == ClockStatus::Breached)?;
    Some(Diagnostic::from_sentence(
        Code::SlaBreached,
        c.item.file(),
        c.item.keys().anchor(&[c.stop_key()]),
        format!(
            "the `{}` SLA was missed: due {}, done {} ({} late) — nothing to fix in the file; it counts against SLA attainment",
            c.kind.as_str(),
            format_utc(c.due),
            format_utc(stopped),
            human_duration(stopped - c.due)
        ),
    ))
}
