//! `closeloop.toml`: every key optional, every default from SPEC §4.
//!
//! A bad configuration stops every command (exit 2) with the key's line:
//! running with a half-understood calendar would compute wrong deadlines.

use crate::calendar::{Calendar, Fraction, MON_TO_FRI, SlaSpan};
use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::model::{ClockKind, PerClock};
use crate::owners::{ANYONE_ELSE, Owners};
use crate::source::{Pos, SourceFile};
use chrono::{NaiveDate, Weekday};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use toml::Spanned;

pub const FILE_NAME: &str = "closeloop.toml";

/// The whole configuration. [`Config::default`] is the one place the defaults of SPEC §4 are
/// written (each section's `Default`); `closeloop init` prints them and a test checks that its
/// text reads back as them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    pub site: SiteConfig,
    pub calendar: Calendar,
    pub sla: SlaConfig,
    pub signals: SignalsConfig,
    /// Allowed areas; empty allows any.
    pub areas: Vec<String>,
    /// `[owners]`: who owns each area (SPEC §11).
    pub owners: Owners,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SiteConfig {
    pub title: String,
    /// Only feeds the Atom feed; empty means "no feed".
    pub base_url: String,
    /// Where the internal site is published, ending in `/`; empty means
    /// drafts and digests carry no links to it.
    pub internal_url: String,
    /// An item is on the public site from this state on (SPEC §13).
    pub publish_from: crate::model::State,
    /// Whether the weekly and quarterly reports are on the public site.
    pub public_reports: bool,
}

/// The `[sla]` section: one span per clock and the at-risk share.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SlaConfig {
    /// Indexed by [`ClockKind::index`].
    pub spans: PerClock<SlaSpan>,
    /// A running clock with at most this share of its span left is at risk.
    pub at_risk: Fraction,
}

impl SlaConfig {
    /// How long a clock of `kind` may run.
    pub fn span(&self, kind: ClockKind) -> SlaSpan {
        self.spans[kind.index()]
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SignalsConfig {
    pub top_share: Fraction,
    /// A duration in exact hours (`90d` is 2160 hours).
    pub window: chrono::Duration,
}

impl Default for SiteConfig {
    fn default() -> SiteConfig {
        SiteConfig {
            title: "Developer Voice".into(),
            base_url: String::new(),
            internal_url: String::new(),
            publish_from: crate::model::State::Acknowledged,
            public_reports: true,
        }
    }
}

impl Default for SlaConfig {
    fn default() -> SlaConfig {
        SlaConfig {
            // In the order of `ClockKind::ALL`.
            spans: [
                SlaSpan::Hours(24),
                SlaSpan::Hours(48),
                SlaSpan::BusinessDays(5),
                SlaSpan::Days(14),
                SlaSpan::BusinessDays(2),
            ],
            at_risk: Fraction::new(1, 4),
        }
    }
}

impl Default for SignalsConfig {
    fn default() -> SignalsConfig {
        SignalsConfig {
            top_share: Fraction::new(1, 10),
            window: chrono::Duration::days(90),
        }
    }
}

/// A problem in `closeloop.toml`, at a line and column. It is shown as
/// every other problem is, through the diagnostic renderer, with the
/// offending line of the file underlined (see [`ConfigError::render`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub pos: Pos,
    /// What is wrong and how to fix it, as one sentence (`what — how`).
    pub message: String,
    /// Characters to underline from `pos`.
    pub width: usize,
    /// The text of `closeloop.toml`, for the snippet.
    pub text: String,
}

impl ConfigError {
    /// The problem as a diagnostic (`invalid-config`), help apart.
    pub fn diagnostic(&self) -> Diagnostic {
        Diagnostic::from_sentence(Code::InvalidConfig, FILE_NAME, self.pos, &self.message)
            .width(self.width)
    }

    /// Rendered as `validate` renders a problem: title, the line of
    /// `closeloop.toml` underlined, help.
    pub fn render(&self, color: bool) -> String {
        let file = SourceFile::new(FILE_NAME, self.text.clone());
        crate::diag::render_each(&[self.diagnostic()], &|_| Some(&file), color)
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.render(false).trim_end())
    }
}

impl std::error::Error for ConfigError {}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    site: Option<RawSite>,
    calendar: Option<RawCalendar>,
    sla: Option<RawSla>,
    signals: Option<RawSignals>,
    areas: Option<Spanned<Vec<String>>>,
    owners: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSite {
    title: Option<Spanned<String>>,
    base_url: Option<Spanned<String>>,
    internal_url: Option<Spanned<String>>,
    publish_from: Option<Spanned<String>>,
    public_reports: Option<Spanned<bool>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    timezone: Option<Spanned<String>>,
    workdays: Option<Spanned<Vec<String>>>,
    holidays: Option<Spanned<Vec<String>>>,
}

/// `[sla]` is read as a table so that the clock spans are looked up by
/// [`ClockKind::config_key`], the one list of their names.
type RawSla = BTreeMap<String, Spanned<toml::Value>>;

/// The keys `[sla]` allows besides the clock spans.
const AT_RISK: &str = "at_risk";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSignals {
    top_share: Option<Spanned<Number>>,
    window: Option<Spanned<String>>,
    /// SPEC §4 prints `areas = []` right after `[signals]`, which TOML reads
    /// as `signals.areas`; a copied example must work, so both places count.
    areas: Option<Spanned<Vec<String>>>,
}

/// That a value is a TOML integer or float; its exact value is read from
/// the file's text ([`fraction`]). Written by hand rather than as an untagged
/// enum so that a wrong type says what was expected ("expected a number
/// such as `0.25`"), not "data did not match any variant".
#[derive(Clone, Copy)]
struct Number;

impl Number {
    fn of(value: &toml::Value) -> Option<Number> {
        match value {
            toml::Value::Integer(_) | toml::Value::Float(_) => Some(Number),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Number, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Number;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number such as `0.25`")
            }
            fn visit_i64<E>(self, _: i64) -> Result<Number, E> {
                Ok(Number)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Number, E> {
                Ok(Number)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Number, E> {
                Ok(Number)
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// The longest SLA span: a year, in each unit. With timestamps bounded
/// (see [`crate::parse::limits`]) every due date stays a valid RFC 3339
/// time, and no clock is computed far past the end of the calendar.
const SPAN_LIMIT: &str = "at most a year: `8784h`, `366d` or `261bd`";

fn span_within_limit(span: SlaSpan) -> bool {
    match span {
        SlaSpan::Hours(h) => h <= 366 * 24,
        SlaSpan::Days(d) => d <= 366,
        SlaSpan::BusinessDays(d) => d <= 261,
    }
}

/// The longest signals window: ten years, so that `now - window` is always
/// a date (and far more history than any report looks at).
const WINDOW_DAYS: u32 = 3660;

/// Refuses a text value with a control character or non-character (see
/// [`crate::parse::limits`]): it would break `feed.xml` and the terminal.
fn plain_text(key: &str, value: &str) -> Result<(), String> {
    match crate::parse::limits::forbidden_char(value) {
        Some(c) => Err(format!(
            "`{key}` contains the character {}, which is not allowed in a text value — delete it",
            crate::parse::limits::describe_char(c)
        )),
        None => Ok(()),
    }
}

/// Checks an absolute http(s) URL such as `https://feedback.example.com/`
/// with the WHATWG parser: no spaces, no query, no fragment.
fn absolute_http_url(key: &str, value: &str) -> Result<(), String> {
    let example = "such as `https://feedback.example.com/`, or empty";
    let bad = |why: &str| {
        Err(format!(
            "`{key} = \"{value}\"` {why} — write an absolute http(s) URL {example}"
        ))
    };
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return bad("contains a space or a control character");
    }
    let url = match url::Url::parse(value) {
        Ok(url) => url,
        Err(e) => return bad(&format!("is not a URL ({e})")),
    };
    if !matches!(url.scheme(), "http" | "https") {
        return bad("is not an http or https URL");
    }
    if url.query().is_some() || url.fragment().is_some() {
        return bad("has a query (`?…`) or a fragment (`#…`), which page addresses cannot follow");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return bad("holds a user name or password, which must never be published");
    }
    Ok(())
}

impl Config {
    /// Reads the configuration text. `None` (no file) gives the defaults.
    pub fn parse(file: Option<&SourceFile>) -> Result<Config, ConfigError> {
        let Some(file) = file else {
            return Ok(Config::default());
        };
        let at = |span: Range<usize>| {
            let before = &file.text[..span.start.min(file.text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Pos::new(line, column)
        };
        let fail = |span: Range<usize>, message: String| {
            let start = span.start.min(file.text.len());
            let end = span.end.clamp(start, file.text.len());
            let width = file
                .text
                .get(start..end)
                .map_or(1, |t| t.split('\n').next().unwrap_or("").chars().count());
            ConfigError {
                pos: at(span),
                message,
                width: width.max(1),
                text: file.text.clone(),
            }
        };
        let raw: RawConfig = toml::from_str(&file.text).map_err(|e| {
            fail(
                e.span().unwrap_or(0..0),
                e.message().trim_end().replace('\n', " "),
            )
        })?;
        let mut config = Config::default();
        if let Some(site) = raw.site {
            config.site = read_site(site, &fail)?;
        }
        config.calendar = read_calendar(raw.calendar, &fail)?;
        if let Some(sla) = raw.sla {
            config.sla = read_sla(sla, &file.text, &fail)?;
        }
        let mut areas = raw.areas;
        if let Some(signals) = raw.signals {
            let (read, inner) = read_signals(signals, &file.text, &fail)?;
            config.signals = read;
            if let Some(inner) = inner {
                if areas.is_some() {
                    return Err(fail(
                        inner.span(),
                        "`areas` is set both at the top level and under `[signals]` — keep one"
                            .into(),
                    ));
                }
                areas = Some(inner);
            }
        }
        if let Some(areas) = areas {
            for area in areas.get_ref() {
                plain_text("areas", area).map_err(|m| fail(areas.span(), m))?;
            }
            config.areas = areas.into_inner();
        }
        if let Some(owners) = raw.owners {
            config.owners = owners_table(&owners, &config.areas).map_err(|(s, m)| fail(s, m))?;
        }
        Ok(config)
    }
}

/// Turns a span of `closeloop.toml` and a message into the error shown to the user.
type Fail<'a> = dyn Fn(Range<usize>, String) -> ConfigError + 'a;

/// The `areas` list as written in `closeloop.toml`, with where it was.
type SpannedAreas = Spanned<Vec<String>>;

/// `[site]`: every key checked where it is read, with the defaults for the rest.
fn read_site(site: RawSite, fail: &Fail) -> Result<SiteConfig, ConfigError> {
    let mut config = SiteConfig::default();
    if let Some(title) = site.title {
        plain_text("site.title", title.get_ref()).map_err(|m| fail(title.span(), m))?;
        config.title = title.into_inner();
    }
    if let Some(url) = site.base_url {
        let span = url.span();
        let url = url.into_inner();
        if !url.is_empty() {
            absolute_http_url("site.base_url", &url).map_err(|m| fail(span, m))?;
        }
        config.base_url = url;
    }
    if let Some(url) = site.internal_url {
        let span = url.span();
        config.internal_url = internal_url(url.get_ref()).map_err(|m| fail(span, m))?;
    }
    if let Some(state) = site.publish_from {
        config.publish_from = state.get_ref().parse().map_err(|_| {
            fail(
                state.span(),
                format!(
                    "`site.publish_from = \"{}\"` is not a state — use one of {}",
                    state.get_ref(),
                    crate::model::State::ALL
                        .iter()
                        .map(|s| format!("`{}`", s.as_str()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })?;
    }
    if let Some(public) = site.public_reports {
        config.public_reports = public.into_inner();
    }
    Ok(config)
}

/// `[calendar]`: the time zone, the working days and the holidays, or the
/// default calendar (UTC, Monday to Friday) when the table is absent.
fn read_calendar(cal: Option<RawCalendar>, fail: &Fail) -> Result<Calendar, ConfigError> {
    let mut tz = chrono_tz::UTC;
    let mut workdays = MON_TO_FRI.to_vec();
    let mut holidays = Vec::new();
    let mut calendar_span = 0..0;
    if let Some(cal) = cal {
        if let Some(name) = cal.timezone {
            tz = name.get_ref().parse().map_err(|_| {
                fail(name.span(), format!("`calendar.timezone = \"{}\"` is not an IANA time zone — use a name like `Europe/Berlin` or `UTC`", name.get_ref()))
            })?;
        }
        if let Some(days) = cal.workdays {
            calendar_span = days.span();
            workdays = days
                .get_ref()
                .iter()
                .map(|d| parse_weekday(d).ok_or_else(|| {
                    fail(days.span(), format!("`{d}` in `calendar.workdays` is not a day — use `mon`, `tue`, `wed`, `thu`, `fri`, `sat` or `sun`"))
                }))
                .collect::<Result<_, _>>()?;
        }
        if let Some(days) = cal.holidays {
            holidays = days
                .get_ref()
                .iter()
                .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                    fail(days.span(), format!("`{d}` in `calendar.holidays` is not a date — write it as `2026-12-25`"))
                }))
                .collect::<Result<_, _>>()?;
        }
    }
    Calendar::new(tz, &workdays, holidays)
        .map_err(|e| fail(calendar_span, format!("`calendar.workdays`: {e}")))
}

/// `[signals]`: the top share and the window, and the `areas` list when it
/// is written inside this table (the caller checks it is not set twice).
fn read_signals(
    signals: RawSignals,
    text: &str,
    fail: &Fail,
) -> Result<(SignalsConfig, Option<SpannedAreas>), ConfigError> {
    let mut config = SignalsConfig::default();
    if let Some(share) = signals.top_share {
        config.top_share = fraction(text, share.span(), "signals.top_share", false)
            .map_err(|m| fail(share.span(), m))?;
    }
    if let Some(window) = signals.window {
        config.window = signal_window(&window, fail)?;
    }
    Ok((config, signals.areas))
}

/// `signals.window`: hours or days, at most ten years.
fn signal_window(window: &Spanned<String>, fail: &Fail) -> Result<chrono::Duration, ConfigError> {
    let too_long = || {
        fail(
            window.span(),
            format!(
                "`signals.window = \"{}\"` is too long — the window is at most ten years (`{WINDOW_DAYS}d` or `{}h`)",
                window.get_ref(),
                WINDOW_DAYS * 24
            ),
        )
    };
    match window.get_ref().parse() {
        Ok(SlaSpan::Hours(h)) if h > WINDOW_DAYS * 24 => Err(too_long()),
        Ok(SlaSpan::Days(d)) if d > WINDOW_DAYS => Err(too_long()),
        Ok(SlaSpan::Hours(h)) => Ok(chrono::Duration::hours(h.into())),
        Ok(SlaSpan::Days(d)) => Ok(chrono::Duration::days(d.into())),
        Ok(SlaSpan::BusinessDays(_)) => Err(fail(
            window.span(),
            format!(
                "`signals.window = \"{}\"` must be in hours or days (`90d`), not business days",
                window.get_ref()
            ),
        )),
        Err(e) => Err(fail(
            window.span(),
            format!("`signals.window = \"{}\"`: {e}", window.get_ref()),
        )),
    }
}

/// `[owners]`: every owner a non-empty name on one line, and every area a
/// known one when `areas` is set (a typo would silently leave an area
/// unowned). The first problem, in file order, is the one reported.
fn owners_table(
    raw: &BTreeMap<Spanned<String>, Spanned<String>>,
    areas: &[String],
) -> Result<Owners, (Range<usize>, String)> {
    let mut entries: Vec<_> = raw.iter().collect();
    entries.sort_by_key(|(area, _)| area.span().start);
    for (area, owner) in &entries {
        let name = area.get_ref();
        if name != ANYONE_ELSE && !areas.is_empty() && !areas.contains(name) {
            let known: Vec<&str> = areas.iter().map(String::as_str).collect();
            let hint = crate::diag::did_you_mean(name, &known);
            return Err((
                area.span(),
                format!(
                    "`[owners]` names the area `{name}`, which is not in `areas`{hint} — list it in `areas`, or use `\"*\"` for every other area"
                ),
            ));
        }
        let who = owner.get_ref();
        if who.trim().is_empty()
            || who.contains(['\n', '\r'])
            || who.trim() != who
            || crate::parse::limits::forbidden_char(who).is_some()
        {
            return Err((
                owner.span(),
                format!(
                    "`[owners]` gives `{name}` the owner {who:?} — write a team or a handle on one line, such as `\"retrieval-squad\"` or `\"@lena\"`"
                ),
            ));
        }
    }
    Ok(Owners::new(entries.iter().map(|(a, o)| {
        (a.get_ref().as_str(), o.get_ref().as_str())
    })))
}

/// `site.internal_url`: empty, or an absolute http(s) URL, kept with a
/// trailing `/` so that page paths join onto it.
fn internal_url(text: &str) -> Result<String, String> {
    if text.is_empty() {
        return Ok(String::new());
    }
    absolute_http_url("site.internal_url", text)?;
    match url::Url::parse(text) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {
            let mut s = u.to_string();
            if !s.ends_with('/') {
                s.push('/');
            }
            Ok(s)
        }
        _ => Err(format!(
            "`site.internal_url = \"{text}\"` must be an absolute http(s) URL such as `https://voice.internal.example/`, or empty"
        )),
    }
}

/// The `[sla]` table over the defaults.
fn read_sla(table: RawSla, text: &str, fail: &Fail) -> Result<SlaConfig, ConfigError> {
    let mut sla = SlaConfig::default();
    let mut known: Vec<&str> = ClockKind::ALL.map(ClockKind::config_key).to_vec();
    known.push(AT_RISK);
    for (key, value) in table {
        let span = value.span();
        if key == AT_RISK {
            if Number::of(value.get_ref()).is_none() {
                return Err(fail(
                    span,
                    "`sla.at_risk`: expected a number such as `0.25`".into(),
                ));
            }
            sla.at_risk =
                fraction(text, span.clone(), "sla.at_risk", true).map_err(|m| fail(span, m))?;
            continue;
        }
        let Some(kind) = ClockKind::ALL.into_iter().find(|k| k.config_key() == key) else {
            return Err(fail(
                span,
                format!(
                    "`sla.{key}` is not a setting of `[sla]` (it takes {}){}",
                    known.join(", "),
                    did_you_mean(&key, &known)
                ),
            ));
        };
        let Some(text) = value.get_ref().as_str() else {
            return Err(fail(
                span,
                format!("`sla.{key}` must be a quoted duration, such as `\"24h\"`"),
            ));
        };
        let parsed: SlaSpan = text
            .parse()
            .map_err(|e| fail(span.clone(), format!("`sla.{key} = \"{text}\"`: {e}")))?;
        if !span_within_limit(parsed) {
            return Err(fail(
                span,
                format!("`sla.{key} = \"{text}\"` is too long — an SLA span is {SPAN_LIMIT}"),
            ));
        }
        sla.spans[kind.index()] = parsed;
    }
    Ok(sla)
}

/// A share as written in the file: the number's own text read as an exact decimal (`0.07`
/// is 7/100, not the `f64` nearest to it), from 0 (or more than 0) to 1.
fn fraction(text: &str, span: Range<usize>, key: &str, zero_ok: bool) -> Result<Fraction, String> {
    let written = text.get(span).unwrap_or_default().trim();
    let low = if zero_ok { "0" } else { "more than 0" };
    let bad = || format!("`{key} = {written}` must be a fraction from {low} to 1, such as `0.25`");
    let share = Fraction::parse_decimal(written).ok_or_else(bad)?;
    if share.is_share(zero_ok) {
        Ok(share)
    } else {
        Err(bad())
    }
}

fn parse_weekday(day: &str) -> Option<Weekday> {
    Some(match day.to_ascii_lowercase().as_str() {
        "mon" | "monday" => Weekday::Mon,
        "tue" | "tuesday" => Weekday::Tue,
        "wed" | "wednesday" => Weekday::Wed,
        "thu" | "thursday" => Weekday::Thu,
        "fri" | "friday" => Weekday::Fri,
        "sat" | "saturday" => Weekday::Sat,
        "sun" | "sunday" => Weekday::Sun,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Some(&SourceFile::new(FILE_NAME, text)))
    }

    #[test]
    fn empty_file_gives_defaults() {
        let c = parse("").unwrap();
        assert_eq!(c.site.title, "Developer Voice");
        assert_eq!(c.sla.span(ClockKind::Review), SlaSpan::BusinessDays(5));
        assert_eq!(c.signals.window, chrono::Duration::days(90));
        assert_eq!(c.calendar.tz(), chrono_tz::UTC);
        assert_eq!(c.site.publish_from, crate::model::State::Acknowledged);
        assert!(c.site.public_reports);
    }

    #[test]
    fn reads_the_publishing_rules() {
        let c = parse("[site]\npublish_from = \"shipped\"\npublic_reports = false\n").unwrap();
        assert_eq!(c.site.publish_from, crate::model::State::Shipped);
        assert!(!c.site.public_reports);
    }

    #[test]
    fn reads_every_section() {
        let c = parse(
            "areas = [\"sdk\"]\n[site]\ntitle = \"T\"\nbase_url = \"https://x.example/\"\n[calendar]\ntimezone = \"Europe/Berlin\"\nworkdays = [\"mon\"]\nholidays = [\"2026-12-25\"]\n[sla]\nclose = \"3bd\"\nat_risk = 0\n[signals]\ntop_share = 0.2\nwindow = \"30d\"\n",
        )
        .unwrap();
        assert_eq!(c.areas, vec!["sdk"]);
        assert_eq!(c.sla.span(ClockKind::Close), SlaSpan::BusinessDays(3));
        assert_eq!(c.sla.at_risk, Fraction::new(0, 1));
        assert_eq!(c.signals.top_share, Fraction::new(1, 5));
        assert_eq!(c.calendar.tz(), chrono_tz::Europe::Berlin);
    }

    #[test]
    fn areas_under_signals_as_printed_in_the_spec() {
        let c = parse("[signals]\nwindow = \"90d\"\nareas = [\"docs\"]\n").unwrap();
        assert_eq!(c.areas, vec!["docs"]);
    }

    #[test]
    fn owners_and_internal_url() {
        let c = parse(
            "areas = [\"sdk\", \"docs\"]\n[site]\ninternal_url = \"https://voice.corp.example/team\"\n[owners]\nsdk = \"sdk-squad\"\n\"*\" = \"devrel\"\n",
        )
        .unwrap();
        assert_eq!(c.owners.of_area("sdk"), Some("sdk-squad"));
        assert_eq!(c.owners.of_area("docs"), Some("devrel"));
        assert_eq!(c.site.internal_url, "https://voice.corp.example/team/");
        // Without `areas`, any area may be owned.
        let c = parse("[owners]\nanything = \"x\"\n").unwrap();
        assert_eq!(c.owners.of_area("anything"), Some("x"));
    }

    #[test]
    fn unknown_owned_area_is_an_error_at_its_key() {
        let err =
            parse("areas = [\"retrieval\"]\n[owners]\n\"*\" = \"devrel\"\nretreival = \"squad\"\n")
                .unwrap_err();
        assert_eq!((err.pos.line, err.pos.column), (4, 1), "{err}");
        assert!(err.message.contains("did you mean `retrieval`"), "{err}");
        let err = parse("[owners]\nsdk = \"\"\n").unwrap_err();
        assert_eq!((err.pos.line, err.pos.column), (2, 7), "{err}");
        let err = parse("[owners]\nsdk = 3\n").unwrap_err();
        assert_eq!(err.pos.line, 2, "{err}");
        let err = parse("[site]\ninternal_url = \"voice/\"\n").unwrap_err();
        assert!(err.message.contains("internal_url"), "{err}");
    }

    #[test]
    fn errors_name_the_key_and_line() {
        let cases = [
            ("[sla]\ndistribute = \"1w\"\n", 2, "sla.distribute"),
            ("[calendar]\ntimezone = \"Mars/Olympus\"\n", 2, "IANA"),
            ("[calendar]\n\nworkdays = [\"funday\"]\n", 3, "funday"),
            ("[calendar]\nholidays = [\"25.12.2026\"]\n", 2, "25.12.2026"),
            ("[sla]\nat_risk = 2\n", 2, "fraction"),
            ("[sla]\nat_risk = \"0.2\"\n", 2, "expected a number"),
            ("[sla]\nquick-win = \"3d\"\n", 2, "did you mean `quick_win`"),
            ("[sla]\nclose = 3\n", 2, "quoted duration"),
            ("[site]\ntitel = \"x\"\n", 2, "titel"),
            ("[site\n", 1, ""),
            ("[signals]\nwindow = \"5bd\"\n", 2, "business days"),
            ("[site]\npublish_from = \"done\"\n", 2, "`acknowledged`"),
            ("[site]\npublic_reports = \"no\"\n", 2, ""),
            ("[calendar]\nworkdays = []\n", 2, "workdays"),
            (
                "[signals]\nwindow = \"999999999d\"\n",
                2,
                "at most ten years",
            ),
            ("[signals]\nwindow = \"87841h\"\n", 2, "at most ten years"),
            ("[sla]\n\nreview = \"262bd\"\n", 3, "at most a year"),
            ("[sla]\nquick_win = \"367d\"\n", 2, "at most a year"),
            ("[sla]\nclose = \"8785h\"\n", 2, "at most a year"),
            (
                "[sla]\nat_risk = \"x\"\n",
                2,
                "expected a number such as `0.25`",
            ),
            ("[site]\ntitle = \"a\\u001bb\"\n", 2, "U+001B"),
            ("[site]\nbase_url = \"https://x.example/a b\"\n", 2, "space"),
            (
                "[site]\nbase_url = \"https://x.example/?a=1\"\n",
                2,
                "query",
            ),
            (
                "[site]\nbase_url = \"ftp://x.example/\"\n",
                2,
                "http or https",
            ),
            ("[site]\nbase_url = \"/relative/\"\n", 2, "not a URL"),
            (
                "[site]\ninternal_url = \"https://x.example/a b\"\n",
                2,
                "space",
            ),
            (
                "[site]\ninternal_url = \"https://x.example/#top\"\n",
                2,
                "fragment",
            ),
        ];
        for (text, line, needle) in cases {
            let err = parse(text).unwrap_err();
            assert_eq!(err.pos.line, line, "{text}: {err}");
            assert!(err.message.contains(needle), "{text}: {err}");
        }
    }
}
