//! The five promises SPEC §5 makes to a developer, named once.
//!
//! The kind of a clock is plain data that the configuration (its span), the SLA computation
//! (its start and stop) and every output (its name) share, so it lives with the model, below
//! all of them. [`ClockKind::index`] lets a table hold one value per kind without a `match`
//! in every place that needs one.

use std::fmt;

/// Which promise a clock tracks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ClockKind {
    /// From `received` to `distributed`.
    Distribute,
    /// From `received` to `acknowledged`.
    Acknowledge,
    /// From `received` to `review`, for top signals only.
    Review,
    /// From `decision.at` to `shipped.at`, for quick wins.
    QuickWin,
    /// From `shipped.at` to `closed.at`.
    Close,
}

/// One value per clock kind, indexed by [`ClockKind::index`].
pub(crate) type PerClock<T> = [T; 5];

impl ClockKind {
    /// Every clock, in the order of SPEC §5 (the order reports list them in).
    pub const ALL: PerClock<ClockKind> = [
        ClockKind::Distribute,
        ClockKind::Acknowledge,
        ClockKind::Review,
        ClockKind::QuickWin,
        ClockKind::Close,
    ];

    /// The position of this kind in [`ClockKind::ALL`] and in every [`PerClock`] table.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The name shown to users and written in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            ClockKind::Distribute => "distribute",
            ClockKind::Acknowledge => "acknowledge",
            ClockKind::Review => "review",
            ClockKind::QuickWin => "quick-win",
            ClockKind::Close => "close",
        }
    }

    /// The key of this clock's span in the `[sla]` section of `closeloop.toml`.
    pub fn config_key(self) -> &'static str {
        match self {
            ClockKind::QuickWin => "quick_win",
            other => other.as_str(),
        }
    }

    /// The item key whose time stops this clock: where a warning points.
    pub fn stop_key(self) -> &'static str {
        match self {
            ClockKind::Distribute => "distributed",
            ClockKind::Acknowledge => "acknowledged",
            ClockKind::Review => "review",
            ClockKind::QuickWin => "shipped",
            ClockKind::Close => "closed",
        }
    }
}

impl fmt::Display for ClockKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_named_for_users_and_for_the_config() {
        let names = ClockKind::ALL.map(ClockKind::as_str);
        assert_eq!(
            names,
            ["distribute", "acknowledge", "review", "quick-win", "close"]
        );
        let keys = ClockKind::ALL.map(ClockKind::config_key);
        assert_eq!(
            keys,
            ["distribute", "acknowledge", "review", "quick_win", "close"]
        );
        for (n, kind) in ClockKind::ALL.into_iter().enumerate() {
            assert_eq!(kind.index(), n, "{kind}");
        }
    }

    #[test]
    fn a_checked_item_keeps_the_position_of_every_stop_key() {
        for kind in ClockKind::ALL {
            assert!(
                crate::model::CHECKED_ITEM_KEYS.contains(&kind.stop_key()),
                "{kind}"
            );
        }
    }
}
