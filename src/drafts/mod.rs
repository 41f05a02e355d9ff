//! Message drafts (SPEC §11): what to send the developer, and the summary
//! for the internal channel, from templates a team can override.

/// The four drafts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum DraftKind {
    /// To the developer: thanks, what was logged, who owns it, when they hear back.
    Ack,
    /// To the developer: the outcome and its reasoning.
    Decision,
    /// To the developer: what shipped, how they are credited, the ask for a follow-up.
    Close,
    /// For the internal channel: the anonymized summary.
    Digest,
}

impl DraftKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DraftKind::Ack => "ack",
            DraftKind::Decision => "decision",
            DraftKind::Close => "close",
            DraftKind::Digest => "digest",
        }
    }
}

pub mod escape;
