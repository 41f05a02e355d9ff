//! TEMPORARY stand-in until the calendar module lands.
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use std::str::FromStr;

pub const MON_TO_FRI: [Weekday; 5] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaSpan {
    Hours(u32),
    Days(u32),
    BusinessDays(u32),
}
impl FromStr for SlaSpan {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let err = || "expected a duration like `24h`, `14d` or `5bd`".to_string();
        if let Some(n) = s.strip_suffix("bd") {
            return n.parse().map(SlaSpan::BusinessDays).map_err(|_| err());
        }
        if let Some(n) = s.strip_suffix('h') {
            return n.parse().map(SlaSpan::Hours).map_err(|_| err());
        }
        if let Some(n) = s.strip_suffix('d') {
            return n.parse().map(SlaSpan::Days).map_err(|_| err());
        }
        Err(err())
    }
}
#[derive(Debug, Clone)]
pub struct Calendar {
    tz: Tz,
    workdays: Vec<Weekday>,
    holidays: Vec<NaiveDate>,
}
impl Calendar {
    pub fn new(
        tz: Tz,
        workdays: &[Weekday],
        holidays: impl IntoIterator<Item = NaiveDate>,
    ) -> Result<Calendar, String> {
        Ok(Calendar {
            tz,
            workdays: workdays.to_vec(),
            holidays: holidays.into_iter().collect(),
        })
    }
    pub fn tz(&self) -> Tz {
        self.tz
    }
    pub fn resolve_local(&self, t: NaiveDateTime) -> DateTime<Utc> {
        self.tz
            .from_local_datetime(&t)
            .earliest()
            .unwrap()
            .with_timezone(&Utc)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Week { year: i32, week: u32 },
    Quarter { year: i32, quarter: u32 },
}
impl FromStr for Period {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (y, q) = s.split_once("-Q").ok_or("bad")?;
        Ok(Period::Quarter {
            year: y.parse().map_err(|_| "bad")?,
            quarter: q.parse().map_err(|_| "bad")?,
        })
    }
}
