//! Deterministic corpus generator for closeloop's performance harness (`bench/run.sh`).
//!
//! Why it exists: benchmarks need large, realistic and *valid* feedback repositories that anyone
//! can recreate byte for byte, instead of megabytes of committed fixtures. This example writes one:
//! `closeloop.toml`, `roadmap/<id>.md` and `feedback/<yyyy>/<mm>/<id>.md`, every item satisfying
//! SPEC §3 as of `2026-11-27T00:00:00Z` (the harness's `--now`). With `--hugo` it also writes the
//! same items as a minimal Hugo site, so the harness can compare `closeloop build` with Hugo.
//!
//! Run:
//! ```text
//! cargo run --release --example gen-corpus -- --items 10000 --seed 42 --out /tmp/corpus \
//!     [--hugo /tmp/corpus-hugo]
//! ```
//! The same `--items` and `--seed` give byte-identical output. Std only: the PRNG is splitmix64.
#![forbid(unsafe_code)]

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs, process};

const MINUTE: i64 = 60;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
/// No timestamp may lie after this instant: the `--now` that the harness passes.
const NOW: i64 = days_from_civil(2026, 11, 27) * DAY;
/// Items are received over the 52 weeks (364 days) ending with 2026-11-20.
const WINDOW_START: i64 = days_from_civil(2025, 11, 22) * DAY;
const WINDOW_DAYS: i64 = 364;

/// Writes into a `String`, which cannot fail.
macro_rules! put {
    ($buf:expr, $($arg:tt)*) => {{
        let _ = write!($buf, $($arg)*);
    }};
}

// ---------------------------------------------------------------------------------------------
// Vocabulary. Placeholders: {area} {n} {ms} {pct} {ver} {issue}.

#[rustfmt::skip]
const AREAS: &[&str] = &[
    "retrieval", "sdk-python", "sdk-typescript", "cli", "auth", "billing", "docs-site",
    "api-gateway", "observability", "streaming", "fine-tuning", "evals", "webhooks", "console",
];
#[rustfmt::skip]
const TAGS: [&str; 5] =
    ["dx-friction", "missing-capability", "documentation-gap", "dx-delight", "strategic-insight"];
const TAG_WEIGHTS: &[(usize, u32)] = &[(0, 35), (1, 25), (2, 18), (3, 14), (4, 8)];
const SEVERITIES: &[(&str, u32)] = &[("low", 35), ("medium", 35), ("high", 22), ("critical", 8)];
const CREDITS: &[(&str, u32)] = &[("public", 55), ("anonymous", 30), ("private", 15)];
#[rustfmt::skip]
const CHANNELS: &[&str] = &[
    "discord", "github", "slack", "email", "forum", "office-hours", "support", "conference",
];
#[rustfmt::skip]
const OUTCOMES: &[(Outcome, u32)] = &[
    (Outcome::QuickWin, 30), (Outcome::Planned, 30),
    (Outcome::NeedsResearch, 15), (Outcome::NotPrioritized, 25),
];
#[rustfmt::skip]
const STATES: [&str; 6] =
    ["captured", "distributed", "acknowledged", "decided", "shipped", "closed"];
const STATE_WEIGHTS: &[(usize, u32)] = &[(0, 3), (1, 4), (2, 7), (3, 20), (4, 14), (5, 52)];
const SATISFACTION: &[(u8, u32)] = &[(5, 40), (4, 30), (3, 15), (2, 8), (1, 7)];
#[rustfmt::skip]
const ROADMAP_STATUSES: &[(&str, u32)] =
    &[("planned", 35), ("in-progress", 30), ("shipped", 25), ("dropped", 10)];

#[rustfmt::skip]
const SUBJECTS: &[&str] = &[
    "Retrieval quality", "The Python SDK", "Streaming responses", "Batch uploads", "Pagination",
    "The CLI login flow", "Webhook retries", "Rate-limit headers", "Token counting", "Eval runs",
    "The quickstart guide", "Error messages", "The embeddings endpoint", "Fine-tuning jobs",
    "The TypeScript types", "API key rotation", "The \"playground\" console", "Tool calling",
];
/// Title predicates, one list per tag (in `TAGS` order).
#[rustfmt::skip]
const PREDICATES: [&[&str]; 5] = [
    &["collapses past 200k tokens of context", "times out on files over 50 MB",
      "hides the real error behind a 500", "breaks after upgrading to v2",
      "needs three steps where one would do", "retries forever without backoff"],
    &["cannot be scoped per project", "has no dry-run mode", "lacks a way to cancel a job",
      "should support resumable uploads", "has no webhook for completion"],
    &["is undocumented for self-hosted setups", "has docs that contradict the API",
      "has no example for async clients", "never explains its error codes"],
    &["made our migration painless", "saved us a week of glue code",
      "just works, even on Windows", "has the best error messages we've seen"],
    &["could unlock regulated customers", "is why teams pick a competitor",
      "decides enterprise renewals", "blocks on-prem deals in the EU"],
];
#[rustfmt::skip]
const QUALIFIERS: &[&str] = &[
    "", "", "", "", " on Windows", " behind a corporate proxy", " in CI", " with strict mode on",
    " for teams over 50 seats", " (again)", " — blocks our launch", " in eu-west", " since v2.4",
];
/// Quote openers, one list per tag; gripes or delights complete them.
#[rustfmt::skip]
const QUOTE_OPENERS: [&[&str]; 5] = [
    &["Every single time we deploy,", "Honestly this is the #1 papercut:", "We lost a day to this:"],
    &["We would pay for this:", "Please, please add this:", "We built a workaround, but:"],
    &["I read the docs three times and", "The guide says one thing, the API another:"],
    &["Just wanted to say thanks —", "Love this!", "This is *so* good:", "Quick shout-out:"],
    &["Strategically, this matters:", "From talking to our customers:", "Big picture:"],
];
#[rustfmt::skip]
const GRIPES: &[&str] = &[
    "anything past ~200k tokens and retrieval just falls off a cliff.",
    "we get \"context_length_exceeded\" at 150k even though the docs say 200k.",
    "paths like C:\\Users\\dev\\.astra\\config break the loader on Windows.",
    "the {area} client swallows the status code, so we can't tell 429 from 503.",
    "p95 went from {ms} ms to seconds after the last release.",
    "the error says `invalid_request` with no hint which field is wrong.",
    "the {area} docs use `snake_case`, the SDK uses `camelCase`: pick one!",
    "a colon: in a filename? The upload just fails with no message.",
];
#[rustfmt::skip]
const DELIGHTS: &[&str] = &[
    "it's 100% faster than what we had & way easier to explain.",
    "the new `{area}` errors told us *exactly* which field was wrong.",
    "setup took 4 minutes. Four! Our \"platform\" team couldn't believe it.",
];
#[rustfmt::skip]
const JTBD_WHEN: &[&str] = &[
    "my corpus is larger than the context window", "I ship a release on Friday afternoon",
    "a new teammate sets up {area} for the first time", "I migrate {n} services to the v2 API",
];
#[rustfmt::skip]
const JTBD_WANT: &[&str] = &[
    "retrieval to stay accurate", "to see the real error and the field that caused it",
    "one command that does the whole setup", "to cancel and resume long jobs safely",
];
#[rustfmt::skip]
const JTBD_SO: &[&str] = &[
    "I don't have to hand-tune chunking", "I can fix it without opening a ticket",
    "onboarding takes minutes, not days", "I can trust the result in production",
];
/// Decision reasons (Markdown), one list per `Outcome`.
#[rustfmt::skip]
const REASONS: [&[&str]; 4] = [
    &["Small fix in `{area}`: surface the upstream status code. Ships in the next patch.",
      "Docs fix plus a clearer error — see [the style guide](https://docs.example.com/style)."],
    &["Needs the new **{area}** pipeline; scheduled on the roadmap.",
      "Part of a larger redesign of `{area}`; {n} other reports point the same way."],
    &["We need data first: adding telemetry to count how often this happens.",
      "Two designs on the table; running a *design review* with three customers."],
    &["Affects under 1% of workloads; we documented a workaround instead.",
      "Out of scope this year: see the [strategy memo](https://wiki.example.com/dx/strategy)."],
];
#[rustfmt::skip]
const IMPACTS: &[&str] = &[
    "Recall@10 on 250k-token corpora went from 0.41 to 0.87.",
    "p95 latency of `{area}` calls dropped from {ms} ms to 180 ms.",
    "Support tickets about this fell by {pct}% in the first week.",
    "Setup time for new teams: **{n} min → 4 min**.",
];
#[rustfmt::skip]
const FOLLOWUPS: &[&str] = &[
    "Night and day. Our eval suite passes without manual chunking now.",
    "Works great, thanks for telling us first!", "Better, but we still see it with \"large\" files.",
    "Fixed for us — deleted {n} lines of workaround code.", "OK. Not what we hoped, but we get why.",
];
#[rustfmt::skip]
const SENTENCES: &[&str] = &[
    "The developer hit this while wiring `{area}` into a staging pipeline.",
    "Reproduced on v{ver} with the default settings and a fresh API key.",
    "It shows up in roughly {pct}% of the runs we sampled from the logs.",
    "See the [original thread](https://community.example.com/t/{issue}) for the full context.",
    "A workaround exists (`ASTRA_TIMEOUT=120`), but nobody finds it without help.",
    "Two other teams reported the same symptom in office hours last month.",
    "Latency climbs to {ms} ms once the payload passes a few megabytes.",
    "The failing call is `client.{area}.list(page_size=100)` inside a retry loop.",
    "The [runbook](https://docs.example.com/{area}/runbook) does not cover this case.",
    "Escalated by the account team because a renewal depends on it.",
];
#[rustfmt::skip]
const STEPS: &[&str] = &[
    "Install the latest SDK: `pip install astra=={ver}`.", "Run `astra {area} sync --dry-run`.",
    "Upload a file larger than {n} MB.", "Open the console and switch to the *{area}* tab.",
    "Call the endpoint with `stream=true` and a 30 s timeout.", "Rotate the API key mid-request.",
];
#[rustfmt::skip]
const NOTES: &[&str] = &[
    "Owner agrees it is real; sizing pending.", "Linked to incident INC-{issue}.",
    "Related: [#{issue}](https://github.com/example/astra/issues/{issue}).",
    "Customer is on the **Enterprise** plan.", "Not reproducible on Linux; Windows only.",
    "Quick check: `grep -r \"retry\" src/{area}` finds three retry loops.",
];
#[rustfmt::skip]
const HANDLE_WORDS: &[&str] = &[
    "quiet", "rapid", "lunar", "amber", "brave", "clever", "mara", "otter", "falcon", "pixel",
    "cedar", "nova", "delta", "kite", "maple", "orbit", "sable", "tango", "umber", "zephyr",
];
#[rustfmt::skip]
const ROADMAP_THEMES: &[&str] = &[
    "Hybrid reranker", "Resumable uploads", "Project-scoped API keys", "Structured errors",
    "Async Python client", "Streaming v2", "Self-hosted gateway", "Usage exports",
    "Eval dashboards", "Webhook delivery guarantees", "EU data residency", "Docs search",
];

// ---------------------------------------------------------------------------------------------
// Randomness and time.

/// splitmix64: tiny, fast and good enough for test data; one independent stream per item.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Self {
        let stream = mix64(stream.wrapping_add(0x9E37_79B9_7F4A_7C15));
        Rng(mix64(seed ^ stream))
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix64(self.0)
    }
    /// Uniform in `lo..hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = (hi - lo).max(1) as u64;
        lo + ((u128::from(self.next_u64()) * u128::from(span)) >> 64) as i64
    }
    /// A whole number of minutes in `lo..hi` seconds.
    fn minutes(&mut self, lo: i64, hi: i64) -> i64 {
        self.range(lo / MINUTE, hi / MINUTE) * MINUTE
    }
    /// Minutes in `on_time`, or in `late` for a `share` of the calls.
    fn delay(&mut self, share: f64, on_time: (i64, i64), late: (i64, i64)) -> i64 {
        let (lo, hi) = if self.chance(share) { late } else { on_time };
        self.minutes(lo, hi)
    }
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.range(0, xs.len() as i64) as usize]
    }
    fn weighted<T: Copy>(&mut self, xs: &[(T, u32)]) -> T {
        let total: u32 = xs.iter().map(|x| x.1).sum();
        let mut roll = self.range(0, i64::from(total)) as u32;
        for &(x, w) in xs {
            if roll < w {
                return x;
            }
            roll -= w;
        }
        xs[xs.len() - 1].0
    }
}

fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
const fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn push_date(out: &mut String, t: i64) {
    let (y, m, d) = civil_from_days(t.div_euclid(DAY));
    put!(out, "{y:04}-{m:02}-{d:02}");
}

/// RFC 3339 in UTC, e.g. `2026-11-03T14:20:00Z`.
fn push_timestamp(out: &mut String, t: i64) {
    push_date(out, t);
    let (h, m) = (t.rem_euclid(DAY) / HOUR, t.rem_euclid(HOUR) / MINUTE);
    put!(out, "T{h:02}:{m:02}:{:02}Z", t.rem_euclid(MINUTE));
}

/// A received instant: any of the 364 days, weekends four times rarer, mostly working hours.
fn pick_received(rng: &mut Rng) -> i64 {
    let day = loop {
        let day = WINDOW_START / DAY + rng.range(0, WINDOW_DAYS);
        let weekend = (day + 3).rem_euclid(7) >= 5; // 1970-01-01 was a Thursday
        if !weekend || rng.chance(0.25) {
            break day;
        }
    };
    let minute_of_day = 4 * 60 + (rng.range(0, 600) + rng.range(0, 600)); // peak around 14:00
    day * DAY + minute_of_day * MINUTE
}

/// Release that a change shipped at `t` went out in: a minor every two weeks, patches between.
fn release_at(t: i64) -> String {
    let week = (t - WINDOW_START).div_euclid(7 * DAY);
    format!("v2.{}.{}", 4 + week / 2, week % 2)
}

// ---------------------------------------------------------------------------------------------
// Text.

fn slug(title: &str, max: usize) -> String {
    let mut s = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.is_empty() && !s.ends_with('-') {
            s.push('-');
        }
    }
    s.truncate(max);
    s.trim_end_matches('-').to_string()
}

/// Expands the `{placeholders}` of a vocabulary template.
fn fill(out: &mut String, template: &str, area: &str, rng: &mut Rng) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').expect("placeholder is closed");
        match &rest[open + 1..close] {
            "area" => out.push_str(area),
            "n" => put!(out, "{}", rng.range(2, 40)),
            "ms" => put!(out, "{}", rng.range(300, 9000)),
            "pct" => put!(out, "{}", rng.range(5, 95)),
            "ver" => put!(out, "2.{}.{}", rng.range(0, 30), rng.range(0, 4)),
            "issue" => put!(out, "{}", rng.range(1000, 99_999)),
            other => panic!("unknown placeholder {{{other}}}"),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
}

fn filled(template: &str, area: &str, rng: &mut Rng) -> String {
    let mut s = String::new();
    fill(&mut s, template, area, rng);
    s
}

/// A YAML double-quoted scalar: safe for any text.
fn push_quoted(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `key: "text"` on a line of its own.
fn push_text(out: &mut String, key: &str, text: &str) {
    out.push_str(key);
    push_quoted(out, text);
    out.push('\n');
}

/// `key: <RFC 3339 timestamp>` on a line of its own.
fn push_stamp(out: &mut String, key: &str, at: i64) {
    out.push_str(key);
    push_timestamp(out, at);
    out.push('\n');
}

/// `count` different entries of `pool`, in random order.
fn sample(rng: &mut Rng, pool: &[&'static str], count: i64) -> Vec<&'static str> {
    let mut pool = pool.to_vec();
    for i in 0..count as usize {
        let j = rng.range(i as i64, pool.len() as i64) as usize;
        pool.swap(i, j);
    }
    pool.truncate(count as usize);
    pool
}

fn push_paragraph(out: &mut String, rng: &mut Rng, area: &str) {
    let count = rng.range(3, 5);
    for (i, sentence) in sample(rng, SENTENCES, count).into_iter().enumerate() {
        out.push_str(if i == 0 { "" } else { " " });
        fill(out, sentence, area, rng);
    }
    out.push_str("\n\n");
}

/// About 1.5 KB of Markdown: headings, paragraphs, lists, code spans, links.
fn push_body(out: &mut String, rng: &mut Rng, area: &str) {
    let target = out.len() + rng.range(1300, 1800) as usize;
    out.push_str("## What happened\n\n");
    push_paragraph(out, rng, area);
    out.push_str("## Steps to reproduce\n\n");
    let count = rng.range(3, 6);
    for (i, step) in sample(rng, STEPS, count).into_iter().enumerate() {
        put!(out, "{}. ", i + 1);
        fill(out, step, area, rng);
        out.push('\n');
    }
    out.push_str("\n## Triage notes\n\n");
    let count = rng.range(2, 5);
    for note in sample(rng, NOTES, count) {
        out.push_str("- ");
        fill(out, note, area, rng);
        out.push('\n');
    }
    out.push('\n');
    while out.len() < target {
        push_paragraph(out, rng, area);
    }
}

// ---------------------------------------------------------------------------------------------
// The repository.

#[derive(Clone, Copy, PartialEq)]
enum Outcome {
    QuickWin,
    Planned,
    NeedsResearch,
    NotPrioritized,
}

impl Outcome {
    fn name(self) -> &'static str {
        ["quick-win", "planned", "needs-research", "not-prioritized"][self as usize]
    }
    /// Only quick wins and planned work may ship.
    fn ships(self) -> bool {
        matches!(self, Outcome::QuickWin | Outcome::Planned)
    }
}

struct RoadmapItem {
    id: String,
    added: i64,
}

/// When each state was reached (`at[1]` distributed … `at[5]` closed) and the last one reached
/// by `NOW`; `at[4]` (shipped) only counts after a quick win or a planned decision.
struct Timeline {
    state: usize,
    at: [i64; 6],
}

impl Timeline {
    /// Mostly on time; a few late distributions, acknowledgements, quick wins and closes. Items
    /// older than three weeks have gone the whole way, except a few that stalled.
    fn plan(rng: &mut Rng, received: i64, outcome: Outcome) -> Timeline {
        let settled = NOW - received > 21 * DAY && !rng.chance(0.05);
        let wanted = if settled {
            5
        } else {
            rng.weighted(STATE_WEIGHTS)
        };
        let target = match (outcome, wanted) {
            (Outcome::NeedsResearch, s) => s.min(3),
            (Outcome::NotPrioritized, 4) => 5,
            (_, s) => s,
        };
        let mut at = [received; 6]; // received distributed acknowledged decided shipped closed
        at[1] = received + rng.delay(0.04, (20 * MINUTE, 20 * HOUR), (25 * HOUR, 60 * HOUR));
        at[2] = at[1] + rng.delay(0.04, (10 * MINUTE, 26 * HOUR), (30 * HOUR, 4 * DAY));
        at[3] = at[2] + rng.delay(0.15, (HOUR, 10 * DAY), (10 * DAY, 40 * DAY));
        at[4] = match outcome {
            Outcome::QuickWin => at[3] + rng.delay(0.08, (HOUR, 13 * DAY), (15 * DAY, 35 * DAY)),
            _ => at[3] + rng.minutes(10 * DAY, 100 * DAY), // planned; unused for the others
        };
        let ships = outcome.ships();
        at[5] = match ships {
            true => at[4] + rng.delay(0.07, (HOUR, 40 * HOUR), (3 * DAY, 9 * DAY)),
            false => at[3] + rng.minutes(HOUR, 3 * DAY),
        };
        let reached = (1..=target)
            .filter(|&s| s != 4 || ships)
            .take_while(|&s| at[s] <= NOW);
        let state = reached.last().unwrap_or(0);
        Timeline { state, at }
    }
}

struct Generator {
    seed: u64,
    roadmap: Vec<RoadmapItem>,
}

impl Generator {
    fn new(seed: u64, roadmap_count: usize) -> Generator {
        let mut rng = Rng::new(seed, 0);
        let mut added: Vec<i64> = (0..roadmap_count)
            .map(|_| WINDOW_START - 90 * DAY + rng.range(0, WINDOW_DAYS + 76) * DAY)
            .collect();
        added.sort_unstable();
        let roadmap = added
            .into_iter()
            .enumerate()
            .map(|(i, added)| RoadmapItem {
                id: format!("{}-{}", slug(&roadmap_title(i), 60), i + 1),
                added,
            })
            .collect();
        Generator { seed, roadmap }
    }

    /// A roadmap item added before `at`, so that the decision can name it.
    fn roadmap_before(&self, rng: &mut Rng, at: i64) -> &str {
        let known = self.roadmap.partition_point(|r| r.added <= at).max(1);
        &self.roadmap[rng.range(0, known as i64) as usize].id
    }

    fn write_roadmap(&self, root: &Path, buf: &mut String) -> std::io::Result<()> {
        let mut rng = Rng::new(self.seed, 1);
        for (i, item) in self.roadmap.iter().enumerate() {
            buf.clear();
            buf.push_str("---\ntitle: ");
            push_quoted(buf, &roadmap_title(i));
            put!(buf, "\nstatus: {}\nadded: ", rng.weighted(ROADMAP_STATUSES));
            push_date(buf, item.added);
            if rng.chance(0.7) {
                let (y, m, _) = civil_from_days(item.added / DAY);
                let q = (m - 1) / 3 + rng.range(0, 3);
                put!(buf, "\nquarter: \"{}-Q{}\"", y + q / 4, q % 4 + 1);
            }
            buf.push_str("\n---\n");
            let area = rng.pick(AREAS);
            push_paragraph(buf, &mut rng, area);
            let path = root.join(format!("roadmap/{}.md", item.id));
            fs::write(path, buf.as_bytes())?;
        }
        Ok(())
    }

    /// Writes item `index`'s front matter (without `---` lines) and body; returns id and received.
    fn item(&self, index: usize, fm: &mut String, body: &mut String) -> (String, i64) {
        let rng = &mut Rng::new(self.seed, 1000 + index as u64);
        let received = pick_received(rng);
        let area = rng.pick(AREAS);
        let tag_index = rng.weighted(TAG_WEIGHTS);
        let tag = TAGS[tag_index];
        let mut title = format!("{} {}", rng.pick(SUBJECTS), rng.pick(PREDICATES[tag_index]));
        title.push_str(rng.pick(QUALIFIERS));
        let id = format!("{}-{}", slug(&title, 60), index + 1);
        let severity = rng.weighted(SEVERITIES);
        // Long tail: Pareto(alpha = 1.3), capped.
        let frequency = ((1.0 - rng.unit()).powf(-1.0 / 1.3) as u32).clamp(1, 900);
        let strategic = tag == "strategic-insight" || rng.chance(0.08);

        fm.clear();
        push_text(fm, "title: ", &title);
        push_stamp(fm, "received: ", received);
        push_developer(fm, rng, tag_index, area);
        put!(fm, "area: {area}\ntag: {tag}\n");
        put!(fm, "severity: {severity}\n");
        if frequency > 1 || rng.chance(0.7) {
            put!(fm, "frequency: {frequency}\n"); // defaults to 1
        }
        if strategic || rng.chance(0.3) {
            put!(fm, "strategic: {strategic}\n");
        }
        if tag != "dx-delight" || rng.chance(0.25) {
            fm.push_str("jtbd: >\n  When ");
            fill(fm, rng.pick(JTBD_WHEN), area, rng);
            fm.push_str(", I want ");
            fill(fm, rng.pick(JTBD_WANT), area, rng);
            fm.push_str(",\n  so that ");
            fill(fm, rng.pick(JTBD_SO), area, rng);
            fm.push_str(".\n");
        }
        push_owner_and_links(fm, rng, area);
        let top_signal =
            strategic || (severity == "critical" || severity == "high") && frequency >= 4;
        self.push_state(fm, rng, received, area, top_signal);
        body.clear();
        push_body(body, rng, area);
        (id, received)
    }

    /// `state` and every milestone it implies, never one beyond it.
    fn push_state(&self, fm: &mut String, rng: &mut Rng, received: i64, area: &str, top: bool) {
        let outcome = rng.weighted(OUTCOMES);
        let Timeline { state, at } = Timeline::plan(rng, received, outcome);
        put!(fm, "state: {}\n", STATES[state]);
        for (s, key) in [(1, "distributed: "), (2, "acknowledged: ")] {
            if state >= s {
                push_stamp(fm, key, at[s]);
            }
        }
        if top && state >= 2 {
            let latest = if rng.chance(0.1) { 9 * DAY } else { 5 * DAY };
            let review = (received + rng.minutes(20 * HOUR, latest)).min(at[3]); // before deciding
            if review <= NOW {
                push_stamp(fm, "review: ", review);
            }
        }
        if state < 3 {
            return;
        }
        put!(fm, "decision:\n  outcome: {}\n", outcome.name());
        push_stamp(fm, "  at: ", at[3]);
        let reason = filled(rng.pick(REASONS[outcome as usize]), area, rng);
        push_text(fm, "  reason: ", &reason);
        if outcome == Outcome::Planned {
            put!(fm, "  roadmap: {}\n", self.roadmap_before(rng, at[3]));
        }
        if state >= 4 && outcome.ships() {
            push_shipped(fm, rng, at[4], area);
        }
        if state == 5 {
            push_stamp(fm, "closed:\n  at: ", at[5]);
            if rng.chance(0.8) {
                push_text(fm, "  followup: ", &filled(rng.pick(FOLLOWUPS), area, rng));
            }
            if rng.chance(0.85) {
                put!(fm, "  satisfaction: {}\n", rng.weighted(SATISFACTION));
            }
        }
    }
}

fn roadmap_title(i: usize) -> String {
    let theme = ROADMAP_THEMES[i % ROADMAP_THEMES.len()];
    match i / ROADMAP_THEMES.len() {
        0 => theme.to_string(),
        round => format!("{theme}, phase {}", round + 1),
    }
}

fn push_developer(fm: &mut String, rng: &mut Rng, tag_index: usize, area: &str) {
    fm.push_str("developer:\n");
    let mut handle = format!("@{}-{}", rng.pick(HANDLE_WORDS), rng.pick(HANDLE_WORDS));
    if rng.chance(0.4) {
        put!(handle, "{}", rng.range(1, 100));
    }
    push_text(fm, "  handle: ", &handle);
    put!(fm, "  credit: {}\n", rng.weighted(CREDITS));
    if rng.chance(0.9) {
        put!(fm, "  channel: {}\n", rng.pick(CHANNELS));
    }
    let opener = rng.pick(QUOTE_OPENERS[tag_index]);
    let details = if tag_index == 3 { DELIGHTS } else { GRIPES };
    let quote = format!("{opener} {}", rng.pick(details));
    push_text(fm, "quote: ", &filled(&quote, area, rng));
}

fn push_owner_and_links(fm: &mut String, rng: &mut Rng, area: &str) {
    if rng.chance(0.85) {
        let squad = if rng.chance(0.8) { area } else { "dx" };
        put!(fm, "owner: {squad}-squad\n");
    }
    let ticket = rng.chance(0.6);
    let thread = rng.chance(0.3);
    if ticket || thread {
        fm.push_str("links:\n");
        if ticket {
            put!(fm, "  ticket: LIN-{}\n", rng.range(1000, 9999));
        }
        if thread {
            let topic = rng.range(1000, 99_999);
            push_text(
                fm,
                "  thread: ",
                &format!("https://community.example.com/t/{topic}"),
            );
        }
    }
}

fn push_shipped(fm: &mut String, rng: &mut Rng, at: i64, area: &str) {
    push_stamp(fm, "shipped:\n  at: ", at);
    let roll = rng.range(0, 100); // release and PR, release only, PR only
    if roll < 85 {
        put!(fm, "  release: {}\n", release_at(at));
    }
    if !(65..85).contains(&roll) {
        let pull = rng.range(100, 20_000);
        push_text(
            fm,
            "  pr: ",
            &format!("https://github.com/example/astra/pull/{pull}"),
        );
    }
    if rng.chance(0.8) {
        push_text(fm, "  impact: ", &filled(rng.pick(IMPACTS), area, rng));
    }
}

/// `closeloop.toml`: UTC calendar with two holidays and an `areas` list; the SLAs and signals
/// keep closeloop's defaults (`closeloop init` writes them out), so they are not repeated here.
fn config(items: usize, seed: u64) -> String {
    let areas: Vec<String> = AREAS.iter().map(|a| format!("\"{a}\"")).collect();
    format!(
        r#"# Generated by examples/gen-corpus.rs --items {items} --seed {seed}
areas = [{}]

[site]
title = "Developer Voice"
base_url = "https://feedback.example.com/"

[calendar]
timezone = "UTC"
workdays = ["mon", "tue", "wed", "thu", "fri"]
holidays = ["2025-12-25", "2026-01-01"]
"#,
        areas.join(", ")
    )
}

// ---------------------------------------------------------------------------------------------
// Hugo copy.

const HUGO_CONFIG: &str = r#"baseURL = "https://feedback.example.com/"
title = "Developer Voice (Hugo baseline)"
disableKinds = ["taxonomy", "term", "section", "RSS", "sitemap", "robotsTXT", "404"]
uglyURLs = true
timeout = "600s"
"#;
const HUGO_SINGLE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>
<p>{{ .Params.area }} · {{ .Params.tag }} · {{ .Params.severity }} · {{ .Params.state }}</p>
{{ if eq .Params.developer.credit "public" }}<blockquote>{{ .Params.quote }}</blockquote>{{ end }}
{{ with .Params.decision }}<p>{{ .outcome }}: {{ .reason | markdownify }}</p>{{ end }}
{{ .Content }}
<p><a href="{{ "index.html" | relURL }}">All feedback</a></p></main></body></html>
"#;
const HUGO_LIST: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><h1>{{ .Title }}</h1><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul></body></html>
"#;
const HUGO_INDEX: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Site.Title }}</title></head>
<body><h1>{{ .Site.Title }}</h1><ul>
{{ range .Site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ .Params.area }}, {{ .Params.state }})</li>
{{ end }}</ul></body></html>
"#;

fn write_hugo_skeleton(root: &Path) -> std::io::Result<()> {
    fs::create_dir_all(root.join("content/feedback"))?;
    fs::create_dir_all(root.join("layouts/_default"))?;
    fs::write(root.join("hugo.toml"), HUGO_CONFIG)?;
    fs::write(root.join("layouts/_default/single.html"), HUGO_SINGLE)?;
    fs::write(root.join("layouts/_default/list.html"), HUGO_LIST)?;
    fs::write(root.join("layouts/index.html"), HUGO_INDEX)
}

// ---------------------------------------------------------------------------------------------
// Command line.

struct Args {
    items: usize,
    seed: u64,
    out: PathBuf,
    hugo: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let (mut items, mut seed, mut out, mut hugo) = (None, 42, None, None);
    let mut args = env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--items" => items = Some(value()?.parse().map_err(|e| format!("--items: {e}"))?),
            "--seed" => seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--out" => out = Some(PathBuf::from(value()?)),
            "--hugo" => hugo = Some(PathBuf::from(value()?)),
            _ => return Err(format!("unknown argument {flag}")),
        }
    }
    let items = items.ok_or("--items N is required")?;
    let out = out.ok_or("--out DIR is required")?;
    Ok(Args {
        items,
        seed,
        out,
        hugo,
    })
}

/// Creates `dir`, refusing one that already holds something.
fn fresh_dir(dir: &Path) -> Result<(), String> {
    let mut entries = fs::read_dir(dir).into_iter().flatten();
    if entries.next().is_some() {
        return Err(format!("{} exists and is not empty", dir.display()));
    }
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))
}

fn run(args: &Args) -> Result<(), Box<dyn std::error::Error>> {
    fresh_dir(&args.out)?;
    if let Some(hugo) = &args.hugo {
        fresh_dir(hugo)?;
        write_hugo_skeleton(hugo)?;
    }
    let generator = Generator::new(args.seed, args.items / 200 + 5);
    fs::write(
        args.out.join("closeloop.toml"),
        config(args.items, args.seed),
    )?;
    fs::create_dir_all(args.out.join("roadmap"))?;
    let (mut fm, mut body, mut file) = (String::new(), String::new(), String::new());
    generator.write_roadmap(&args.out, &mut file)?;
    let mut month_dirs = BTreeSet::new();
    for index in 0..args.items {
        let (id, received) = generator.item(index, &mut fm, &mut body);
        let (y, m, _) = civil_from_days(received / DAY);
        let dir = args.out.join(format!("feedback/{y:04}/{m:02}"));
        if month_dirs.insert((y, m)) {
            fs::create_dir_all(&dir)?;
        }
        file.clear();
        put!(file, "---\n{fm}---\n{body}");
        fs::write(dir.join(format!("{id}.md")), file.as_bytes())?;
        if let Some(hugo) = &args.hugo {
            file.clear();
            file.push_str("---\ndate: ");
            push_timestamp(&mut file, received);
            put!(file, "\n{fm}---\n{body}");
            fs::write(
                hugo.join(format!("content/feedback/{id}.md")),
                file.as_bytes(),
            )?;
        }
    }
    Ok(())
}

const USAGE: &str = "usage: gen-corpus --items N [--seed S] --out DIR [--hugo HUGO_DIR]";

fn main() {
    let args = parse_args().unwrap_or_else(|e| {
        eprintln!("gen-corpus: {e}\n{USAGE}");
        process::exit(2);
    });
    if let Err(e) = run(&args) {
        eprintln!("gen-corpus: {e}");
        process::exit(1);
    }
}
