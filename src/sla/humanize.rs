//! Durations for people: "2d 3h", "45m".

use chrono::Duration;

/// A duration as days and hours (or hours and minutes when short),
/// without a sign.
pub(crate) fn human_duration(d: Duration) -> String {
    let mins = d.num_minutes().unsigned_abs();
    let (days, hours, minutes) = (mins / 1440, mins / 60 % 24, mins % 60);
    match (days, hours) {
        (0, 0) => format!("{minutes}m"),
        (0, _) => format!("{hours}h {minutes:02}m"),
        _ => format!("{days}d {hours}h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_two_units() {
        assert_eq!(human_duration(Duration::minutes(45)), "45m");
        assert_eq!(human_duration(Duration::minutes(-125)), "2h 05m");
        assert_eq!(human_duration(Duration::hours(51)), "2d 3h");
    }
}
