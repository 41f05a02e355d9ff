//! SLA warnings in `validate`: every clock that is breached or at risk.

use crate::diag::{Code, Diagnostic};
use crate::model::Time;
use crate::parse::time::format_utc;
use crate::sla::{Clock, ClockKind, ClockStatus, human_duration};

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

pub(crate) fn check_sla(clocks: &[Clock], now: Time, out: &mut Vec<Diagnostic>) {
    for c in clocks {
        let item = c.item;
        let (code, message) = match (c.status, c.stopped) {
            (ClockStatus::Breached, Some(stopped)) => (
                Code::SlaBreached,
                format!(
                    "the `{}` SLA was missed: due {}, done {} ({} late) — nothing to fix in the file; it counts against SLA attainment",
                    c.kind.as_str(),
                    format_utc(c.due),
                    format_utc(stopped),
                    human_duration(stopped - c.due)
                ),
            ),
            (ClockStatus::Breached, None) => (
                Code::SlaBreached,
                format!(
                    "the `{}` SLA is missed: due {} ({} ago) — {}",
                    c.kind.as_str(),
                    format_utc(c.due),
                    human_duration(now - c.due),
                    remedy(c.kind)
                ),
            ),
            (ClockStatus::AtRisk, _) => (
                Code::SlaAtRisk,
                format!(
                    "the `{}` SLA is at risk: due {} (in {}) — {}",
                    c.kind.as_str(),
                    format_utc(c.due),
                    human_duration(c.due - now),
                    remedy(c.kind)
                ),
            ),
            _ => continue,
        };
        let pos = if c.stopped.is_some() {
            item.keys.anchor(&[c.stop_key()])
        } else {
            item.keys.anchor(&[])
        };
        out.push(Diagnostic::from_sentence(code, &item.file, pos, message));
    }
}
