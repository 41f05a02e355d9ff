//! Where *now* comes from: `--now`, else `SOURCE_DATE_EPOCH`, else the
//! clock. Read once, at the edge, and passed down as a value.

use crate::calendar::Calendar;
use crate::model::Time;
use crate::parse::limits;
use crate::parse::time::parse_timestamp;
use anyhow::{Context, Result, bail};
use chrono::{DateTime, Utc};

pub(crate) fn resolve_now(
    flag: Option<&str>,
    epoch: Option<&str>,
    calendar: &Calendar,
) -> Result<Time> {
    if let Some(text) = flag {
        let t = parse_timestamp(text, calendar).map_err(|e| anyhow::anyhow!("--now: {e}"))?;
        return plausible(t, &format!("--now `{text}`"));
    }
    if let Some(epoch) = epoch.filter(|e| !e.trim().is_empty()) {
        let secs: i64 = epoch
            .trim()
            .parse()
            .with_context(|| format!("SOURCE_DATE_EPOCH=`{epoch}` is not a number of seconds"))?;
        let Some(t) = DateTime::from_timestamp(secs, 0) else {
            bail!("SOURCE_DATE_EPOCH=`{epoch}` is out of range");
        };
        return plausible(t, &format!("SOURCE_DATE_EPOCH=`{epoch}`"));
    }
    Ok(Utc::now().with_nanosecond_zero())
}

/// *now* within the range every timestamp keeps to, so that windows and
/// due dates computed from it stay dates.
fn plausible(t: Time, what: &str) -> Result<Time> {
    if limits::is_plausible(t) {
        Ok(t)
    } else {
        bail!(
            "{what} is outside the accepted range — closeloop takes times {}",
            limits::RANGE
        )
    }
}

trait NoNanos {
    fn with_nanosecond_zero(self) -> Self;
}

impl NoNanos for Time {
    fn with_nanosecond_zero(self) -> Time {
        chrono::Timelike::with_nanosecond(&self, 0).unwrap_or(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_beats_epoch() {
        let cal = crate::config::Config::default().calendar;
        let t = resolve_now(Some("2026-11-28T10:00:00Z"), Some("0"), &cal).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-28T10:00:00+00:00");
        let t = resolve_now(None, Some("1795000000"), &cal).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-18T11:06:40+00:00");
        assert!(resolve_now(None, Some("86400"), &cal).is_err());
        assert!(resolve_now(Some("0001-01-01"), None, &cal).is_err());
        assert!(resolve_now(None, Some("soon"), &cal).is_err());
        assert!(resolve_now(Some("soon"), None, &cal).is_err());
    }
}
