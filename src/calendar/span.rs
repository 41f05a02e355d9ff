//! How long a clock may run: the `"24h"`, `"14d"`, `"5bd"` values of `[sla]`.
//!
//! Hours and days are exact durations and need nothing but arithmetic; business days only mean
//! something against a [`Calendar`](super::Calendar), so a span stays a plain value here and
//! [`Calendar::due`](super::Calendar::due) gives it meaning.

use std::fmt;
use std::str::FromStr;

/// The length of an SLA clock, as written in `closeloop.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SlaSpan {
    /// `<n>h`: exactly `n` hours.
    Hours(u32),
    /// `<n>d`: exactly `n` × 24 hours, whatever the wall clock does across DST.
    Days(u32),
    /// `<n>bd`: `n` working days of the calendar, keeping the local time of day.
    BusinessDays(u32),
}

const ACCEPTED_FORMS: &str = "expected a duration like `24h`, `14d` or `5bd`";

impl FromStr for SlaSpan {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // `bd` first: every business-day span also ends in `d`.
        let (digits, unit): (&str, fn(u32) -> SlaSpan) = if let Some(n) = s.strip_suffix("bd") {
            (n, SlaSpan::BusinessDays)
        } else if let Some(n) = s.strip_suffix('d') {
            (n, SlaSpan::Days)
        } else if let Some(n) = s.strip_suffix('h') {
            (n, SlaSpan::Hours)
        } else {
            return Err(format!("`{s}` has no unit: {ACCEPTED_FORMS}"));
        };
        // `u32::from_str` would also take a leading `+`; the grammar is digits only.
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "`{s}` is not a whole number of units: {ACCEPTED_FORMS}"
            ));
        }
        let n = digits
            .parse::<u32>()
            .map_err(|_| format!("`{s}` is too long a span: {ACCEPTED_FORMS}"))?;
        Ok(unit(n))
    }
}

impl fmt::Display for SlaSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SlaSpan::Hours(n) => write!(f, "{n}h"),
            SlaSpan::Days(n) => write!(f, "{n}d"),
            SlaSpan::BusinessDays(n) => write!(f, "{n}bd"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SlaSpan::{self, *};
    use proptest::prelude::*;

    fn parse(s: &str) -> Result<SlaSpan, String> {
        s.parse()
    }

    #[test]
    fn parses_each_unit() {
        assert_eq!(parse("24h"), Ok(Hours(24)));
        assert_eq!(parse("14d"), Ok(Days(14)));
        assert_eq!(parse("5bd"), Ok(BusinessDays(5)));
        assert_eq!(parse("0h"), Ok(Hours(0)));
        assert_eq!(parse("0bd"), Ok(BusinessDays(0)));
        assert_eq!(parse("007d"), Ok(Days(7)));
        assert_eq!(parse("4294967295h"), Ok(Hours(u32::MAX)));
    }

    #[test]
    fn rejects_what_the_grammar_does_not_allow() {
        for bad in [
            "",
            "h",
            "d",
            "bd",
            "24",
            "24 h",
            " 24h",
            "24h ",
            "+5d",
            "-5d",
            "5.5d",
            "5D",
            "5BD",
            "5b",
            "5w",
            "1e3h",
            "5dd",
            "5hd",
            "4294967296h",
        ] {
            let err = parse(bad).expect_err(bad);
            assert!(
                err.contains("expected a duration like `24h`, `14d` or `5bd`"),
                "{bad:?}: {err}"
            );
        }
    }

    #[test]
    fn displays_in_the_config_grammar() {
        assert_eq!(Hours(48).to_string(), "48h");
        assert_eq!(Days(14).to_string(), "14d");
        assert_eq!(BusinessDays(2).to_string(), "2bd");
    }

    fn any_span() -> impl Strategy<Value = SlaSpan> {
        prop_oneof![
            any::<u32>().prop_map(Hours),
            any::<u32>().prop_map(Days),
            any::<u32>().prop_map(BusinessDays),
        ]
    }

    proptest! {
        #[test]
        fn display_round_trips(span in any_span()) {
            prop_assert_eq!(parse(&span.to_string()), Ok(span));
        }
    }
}
