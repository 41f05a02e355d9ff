//! Every figure against a slow, straightforward reference implementation (SPEC §5–6).
//!
//! The reference below is written from the specification alone, without the production
//! helpers: integer arithmetic on nanoseconds, shares as the integer fractions their decimal
//! text names, rounding by `floor((2x + d) / 2d)`, and the boundary rule spelled out in each
//! figure. Random small repositories put events exactly on period and window boundaries and
//! one nanosecond either side, with the shares (0.07, 0.14, 0.7), windows (1h, 7d, 365d) and
//! spans where floating point and open or closed bounds used to disagree.

use super::{PeriodInfo, ReportInputs, quarterly_report, weekly_report};
use crate::calendar::{Calendar, Fraction, Moment, Period, SlaSpan};
use crate::check::LeftOutCount;
use crate::config::{Config, SignalsConfig, SlaConfig};
use crate::model::{
    ClockKind, Closed, Decision, Item, Outcome, RoadmapItem, RoadmapStatus, Severity, Shipped, Tag,
    Time, test_item,
};
use crate::sla::{ClockStatus, Deadlines, top_signals};
use chrono::TimeDelta;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

const NS: i128 = 1_000_000_000;
const HOUR: i128 = 3600 * NS;

/// Monday 2026-11-02 00:00 UTC, the start of ISO week 45.
fn origin() -> Time {
    "2026-11-02T00:00:00Z".parse().unwrap()
}

fn ns(t: Time) -> i128 {
    crate::sla::nanos(t - origin())
}

fn time(offset_ns: i128) -> Time {
    origin() + TimeDelta::nanoseconds(offset_ns as i64)
}

/// Instants that sit on boundaries: week starts (Mondays), an hour before them (the 1h
/// window), other hours, each exactly or a nanosecond or a second either side. Most draws are
/// on a boundary, so that every open-or-closed question is asked in most cases.
fn instant() -> impl Strategy<Value = i128> {
    let day = 24 * HOUR;
    let nudge = || prop_oneof![Just(0i128), Just(0), Just(-1), Just(1), Just(-NS), Just(NS)];
    prop_oneof![
        (0i128..5, nudge()).prop_map(move |(w, n)| w * 7 * day + n),
        (1i128..5, nudge()).prop_map(move |(w, n)| w * 7 * day - HOUR + n),
        (0i128..28, 0i128..24, nudge()).prop_map(move |(d, h, n)| d * day + h * HOUR + n),
    ]
    .prop_map(|t| t.max(0))
}

/// Gaps between milestones that hit the default spans exactly and just past them.
fn gap() -> impl Strategy<Value = i128> {
    prop_oneof![
        Just(0i128),
        Just(HOUR),
        Just(24 * HOUR),
        Just(24 * HOUR + 1),
        Just(48 * HOUR),
        Just(48 * HOUR - 1),
        Just(7 * 24 * HOUR),
        (1i128..200).prop_map(|h| h * HOUR + 59 * NS),
    ]
}

#[derive(Debug, Clone)]
struct Spec {
    received: i128,
    tag: u8,
    severity: u8,
    frequency: u32,
    distributed: Option<i128>,
    acknowledged: Option<i128>,
    review: Option<i128>,
    decision: Option<(u8, i128, usize)>,
    shipped: Option<i128>,
    closed: Option<(i128, Option<u8>)>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        (instant(), 0u8..5),
        0u8..4,
        1u32..5,
        proptest::option::of(gap()),
        proptest::option::of(gap()),
        proptest::option::of(gap()),
        proptest::option::of((0u8..3, gap(), 0usize..3)),
        proptest::option::of(gap()),
        proptest::option::of((gap(), proptest::option::of(1u8..=5))),
    )
        .prop_map(
            |((r, tag), severity, frequency, dist, ack, rev, dec, ship, close)| {
                let ack_at = ack.map(|g| r + g);
                let decision = dec.map(|(o, g, roadmap)| (o, ack_at.unwrap_or(r) + g, roadmap));
                let shipped = decision
                    .filter(|(o, _, _)| *o < 2)
                    .and_then(|(_, at, _)| ship.map(|g| at + g));
                let closed = close.and_then(|(g, s)| {
                    shipped
                        .or(decision.filter(|(o, _, _)| *o == 2).map(|(_, at, _)| at))
                        .map(|from| (from + g, s))
                });
                Spec {
                    received: r,
                    tag,
                    severity,
                    frequency,
                    distributed: dist.map(|g| r + g),
                    acknowledged: ack_at,
                    review: rev.map(|g| r + g),
                    decision,
                    shipped,
                    closed,
                }
            },
        )
}

#[derive(Debug, Clone)]
struct Case {
    items: Vec<Spec>,
    roadmap: Vec<(i128, bool)>,
    now: i128,
    share: (u64, u64),
    at_risk: (u64, u64),
    window_hours: i64,
    spans_hours: [i64; 5],
}

fn case() -> impl Strategy<Value = Case> {
    (
        proptest::collection::vec(spec(), 0..9),
        proptest::collection::vec((instant(), any::<bool>()), 0..4),
        instant().prop_map(|t| t + 7 * 24 * HOUR),
        prop_oneof![
            Just((7u64, 100u64)),
            Just((14, 100)),
            Just((7, 10)),
            Just((1, 10))
        ],
        prop_oneof![
            Just((0u64, 1u64)),
            Just((1, 4)),
            Just((7, 10)),
            Just((1, 1))
        ],
        prop_oneof![Just(1i64), Just(7 * 24), Just(365 * 24)],
        proptest::array::uniform5(prop_oneof![
            Just(0i64),
            Just(1),
            Just(24),
            Just(48),
            Just(336)
        ]),
    )
        .prop_map(
            |(items, roadmap, now, share, at_risk, window_hours, spans_hours)| Case {
                items,
                roadmap,
                now,
                share,
                at_risk,
                window_hours,
                spans_hours,
            },
        )
}

impl Case {
    fn config(&self) -> Config {
        Config {
            sla: SlaConfig {
                spans: self.spans_hours.map(|h| SlaSpan::Hours(h as u32)),
                at_risk: Fraction::new(self.at_risk.0, self.at_risk.1),
            },
            signals: SignalsConfig {
                top_share: Fraction::new(self.share.0, self.share.1),
                window: TimeDelta::hours(self.window_hours),
            },
            ..Config::default()
        }
    }

    /// The repository as the checks would leave it: nothing after *now*.
    fn items(&self) -> Vec<Item> {
        let now = self.now;
        let known = |t: Option<i128>| t.filter(|t| *t <= now).map(time);
        let mut items: Vec<Item> = self
            .items
            .iter()
            .enumerate()
            .filter(|(_, s)| s.received <= now)
            .map(|(n, s)| {
                let mut i = test_item(&format!("i{n}"), "2026-11-02T00:00:00Z");
                i.received = time(s.received);
                i.tag = Tag::ALL[s.tag as usize];
                i.severity = [
                    Severity::Low,
                    Severity::Medium,
                    Severity::High,
                    Severity::Critical,
                ][s.severity as usize];
                i.frequency = s.frequency;
                i.distributed = known(s.distributed);
                i.acknowledged = known(s.acknowledged);
                i.review = known(s.review);
                i.decision = s
                    .decision
                    .filter(|d| d.1 <= now)
                    .map(|(o, at, r)| Decision {
                        outcome: [Outcome::QuickWin, Outcome::Planned, Outcome::NotPrioritized]
                            [o as usize],
                        at: time(at),
                        reason: "Because.".into(),
                        roadmap: (o == 1).then(|| format!("r{r}")),
                    });
                i.shipped = known(s.shipped)
                    .filter(|_| i.decision.is_some())
                    .map(|at| Shipped {
                        at,
                        release: Some("v1".into()),
                        pr: None,
                        impact: None,
                        summary: None,
                    });
                i.closed = s
                    .closed
                    .filter(|c| c.0 <= now)
                    .map(|(at, satisfaction)| Closed {
                        at: time(at),
                        followup: None,
                        satisfaction,
                    });
                if i.decision.is_none() {
                    i.shipped = None;
                    i.closed = None;
                }
                if i.decision
                    .as_ref()
                    .is_some_and(|d| d.outcome != Outcome::NotPrioritized)
                    && i.shipped.is_none()
                {
                    i.closed = None;
                }
                i
            })
            .collect();
        items.sort_by(|a, b| (a.received, &a.id).cmp(&(b.received, &b.id)));
        items
    }

    fn roadmap(&self) -> Vec<RoadmapItem> {
        self.roadmap
            .iter()
            .enumerate()
            .filter(|(_, (added, _))| *added <= self.now)
            .map(|(n, (added, dropped))| RoadmapItem {
                id: format!("r{n}"),
                file: format!("roadmap/r{n}.md"),
                title: format!("Plan {n}"),
                status: if *dropped {
                    RoadmapStatus::Dropped
                } else {
                    RoadmapStatus::Planned
                },
                added: time(*added),
                added_pos: crate::source::Pos::START,
                quarter: None,
                body: String::new(),
            })
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------
// The reference.

/// When the figure is taken, with its rule for "has happened".
#[derive(Clone, Copy)]
struct At {
    t: i128,
    inclusive: bool,
}

impl At {
    fn of(end: i128, now: i128) -> At {
        if end <= now {
            At {
                t: end,
                inclusive: false,
            }
        } else {
            At {
                t: now,
                inclusive: true,
            }
        }
    }

    fn has(&self, t: Option<i128>) -> bool {
        t.is_some_and(|t| {
            if self.inclusive {
                t <= self.t
            } else {
                t < self.t
            }
        })
    }

    fn in_window(&self, t: i128, window: i128) -> bool {
        t >= self.t - window && self.has(Some(t))
    }
}

fn round(num: i128, den: i128, scale: i128) -> f64 {
    // num / den ≥ 0 rounded half up (= away from zero) to 1/scale.
    let x = num * scale;
    ((2 * x + den) / (2 * den)) as f64 / scale as f64
}

/// `num / den` of any sign rounded half away from zero to 1/scale.
fn round_signed(num: i128, den: i128, scale: i128) -> f64 {
    if num < 0 {
        -round(-num, den, scale)
    } else {
        round(num, den, scale)
    }
}

/// The change from `n0 / d0` to `n1 / d1` in percentage points.
fn points(n1: usize, d1: usize, n0: usize, d0: usize) -> Option<f64> {
    (d1 > 0 && d0 > 0).then(|| {
        let (n1, d1, n0, d0) = (n1 as i128, d1 as i128, n0 as i128, d0 as i128);
        round_signed(n1 * 100 * d0 - n0 * 100 * d1, d1 * d0, 10)
    })
}

/// The state an item had reached at `at`, from its milestones.
fn state_at(i: &Item, at: At) -> &'static str {
    let has = |t: Option<Time>| at.has(t.map(ns));
    if has(i.closed.as_ref().map(|c| c.at)) {
        "closed"
    } else if has(i.shipped.as_ref().map(|s| s.at)) {
        "shipped"
    } else if has(i.decision.as_ref().map(|d| d.at)) {
        "decided"
    } else if has(i.acknowledged) {
        "acknowledged"
    } else if has(i.distributed) {
        "distributed"
    } else {
        "captured"
    }
}

fn weight(i: &Item) -> u64 {
    let w = match i.severity {
        Severity::Low => 1,
        Severity::Medium => 2,
        Severity::High => 3,
        Severity::Critical => 4,
    };
    let strategic = i.strategic || i.tag == Tag::StrategicInsight;
    w * u64::from(i.frequency) * if strategic { 2 } else { 1 }
}

fn top(case: &Case, items: &[Item], at: At) -> BTreeSet<String> {
    let window = i128::from(case.window_hours) * HOUR;
    let pool: Vec<&Item> = items
        .iter()
        .filter(|i| at.in_window(ns(i.received), window))
        .collect();
    if pool.is_empty() {
        return BTreeSet::new();
    }
    let (num, den) = (u128::from(case.share.0), u128::from(case.share.1));
    let k = (num * pool.len() as u128)
        .div_ceil(den)
        .clamp(1, pool.len() as u128) as usize;
    let mut scores: Vec<u64> = pool.iter().map(|i| weight(i)).collect();
    scores.sort_unstable_by(|a, b| b.cmp(a));
    let threshold = scores[k - 1];
    pool.iter()
        .filter(|i| weight(i) >= threshold)
        .map(|i| i.id.clone())
        .collect()
}

/// (item, clock) → (due, status) of every clock that exists at `at`.
fn clocks(
    case: &Case,
    items: &[Item],
    at: At,
) -> BTreeMap<(String, &'static str), (i128, &'static str, bool)> {
    let tops = top(case, items, at);
    let mut out = BTreeMap::new();
    for i in items.iter().filter(|i| at.has(Some(ns(i.received)))) {
        let r = ns(i.received);
        let decided = i.decision.as_ref().filter(|d| at.has(Some(ns(d.at))));
        let quick = decided
            .filter(|d| d.outcome == Outcome::QuickWin)
            .map(|d| ns(d.at));
        let shipped = i
            .shipped
            .as_ref()
            .map(|s| ns(s.at))
            .filter(|t| at.has(Some(*t)));
        let closed = i.closed.as_ref().map(|c| ns(c.at));
        let candidates = [
            ("distribute", Some(r), i.distributed.map(ns), 0),
            ("acknowledge", Some(r), i.acknowledged.map(ns), 1),
            (
                "review",
                tops.contains(&i.id).then_some(r),
                i.review.map(ns),
                2,
            ),
            ("quick-win", quick, i.shipped.as_ref().map(|s| ns(s.at)), 3),
            ("close", shipped, closed, 4),
        ];
        for (name, start, stop, slot) in candidates {
            let Some(start) = start else { continue };
            let span = i128::from(case.spans_hours[slot]) * HOUR;
            let due = start + span;
            let stop = stop.filter(|t| at.has(Some(*t)));
            let status = match stop {
                Some(s) if s <= due => "met",
                Some(_) => "breached",
                None if at.t > due => "breached",
                None if (due - at.t) * i128::from(case.at_risk.1)
                    <= i128::from(case.at_risk.0) * span =>
                {
                    "at-risk"
                }
                None => "running",
            };
            out.insert((i.id.clone(), name), (due, status, stop.is_some()));
        }
    }
    out
}

/// The headline figures of one week, by the reference rules.
struct RefWeek {
    received: usize,
    /// Items of the window, and how many of them responded, changed, closed.
    recent: (usize, usize, usize, usize),
    /// Per clock: met and breached among the clocks due in the week.
    sla: BTreeMap<&'static str, (usize, usize)>,
    /// Per clock: still running past due at the moment, and the longest overdue (ns).
    past_due: BTreeMap<&'static str, (usize, Option<i128>)>,
    /// Roadmap items named by a decision, and live roadmap items.
    roadmap: (usize, usize),
}

fn ref_week(case: &Case, items: &[Item], roadmap: &[RoadmapItem], s: i128, e: i128) -> RefWeek {
    let at = At::of(e, case.now);
    let received = items
        .iter()
        .filter(|i| {
            let t = ns(i.received);
            t >= s && t < e && at.has(Some(t))
        })
        .count();
    let window = i128::from(case.window_hours) * HOUR;
    let recent: Vec<&Item> = items
        .iter()
        .filter(|i| at.in_window(ns(i.received), window))
        .collect();
    let count = |f: &dyn Fn(&Item) -> bool| recent.iter().filter(|i| f(i)).count();
    let recent = (
        recent.len(),
        count(&|i| at.has(i.acknowledged.map(ns))),
        count(&|i| at.has(i.shipped.as_ref().map(|x| ns(x.at)))),
        count(&|i| at.has(i.closed.as_ref().map(|x| ns(x.at)))),
    );
    let mut sla: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
    let mut past_due: BTreeMap<&'static str, (usize, Option<i128>)> = BTreeMap::new();
    for ((_, kind), (due, status, stopped)) in clocks(case, items, at) {
        if due >= s && due < e {
            let entry = sla.entry(kind).or_default();
            match status {
                "met" => entry.0 += 1,
                "breached" => entry.1 += 1,
                _ => {}
            }
        }
        if !stopped && due < at.t {
            let entry = past_due.entry(kind).or_default();
            entry.0 += 1;
            let late = at.t - due;
            entry.1 = Some(entry.1.map_or(late, |l: i128| l.max(late)));
        }
    }
    let named: BTreeSet<&str> = items
        .iter()
        .filter_map(|i| i.decision.as_ref())
        .filter(|d| at.has(Some(ns(d.at))))
        .filter_map(|d| d.roadmap.as_deref())
        .collect();
    let live: Vec<&RoadmapItem> = roadmap
        .iter()
        .filter(|r| r.status != RoadmapStatus::Dropped && at.has(Some(ns(r.added))))
        .collect();
    let with = live
        .iter()
        .filter(|r| named.contains(r.id.as_str()))
        .count();
    RefWeek {
        received,
        recent,
        sla,
        past_due,
        roadmap: (with, live.len()),
    }
}

/// The quarterly figures the change and the trend are made of, by the reference rules.
struct RefQuarter {
    received: usize,
    /// Originals received, and those decided quick-win or planned by the moment.
    conversion: (usize, usize),
    /// How many closed loops scored 1..=5.
    scores: [usize; 5],
    /// The medians to acknowledge and to close, twice in nanoseconds.
    medians: [Option<i128>; 2],
    sla: BTreeMap<&'static str, (usize, usize)>,
}

fn ref_quarter(case: &Case, items: &[Item], q: Period, cal: &Calendar) -> RefQuarter {
    let (qs, qe) = q.bounds(cal);
    let (s, e) = (ns(qs), ns(qe));
    let at = At::of(e, case.now);
    let in_q = |t: i128| t >= s && t < e && at.has(Some(t));
    let received: Vec<&Item> = items.iter().filter(|i| in_q(ns(i.received))).collect();
    let converted = received
        .iter()
        .filter_map(|i| i.decision.as_ref())
        .filter(|d| d.outcome != Outcome::NotPrioritized && at.has(Some(ns(d.at))))
        .count();
    let mut scores = [0; 5];
    for c in items.iter().filter_map(|i| i.closed.as_ref()) {
        if let Some(score) = c.satisfaction.filter(|_| in_q(ns(c.at))) {
            scores[usize::from(score) - 1] += 1;
        }
    }
    let twice_median = |mut d: Vec<i128>| {
        d.sort_unstable();
        match d.len() {
            0 => None,
            l if l % 2 == 1 => Some(2 * d[l / 2]),
            l => Some(d[l / 2 - 1] + d[l / 2]),
        }
    };
    let ack = items
        .iter()
        .filter_map(|i| i.acknowledged.map(|a| (ns(a), ns(i.received))))
        .filter(|(a, _)| in_q(*a))
        .map(|(a, r)| a - r)
        .collect();
    let close = items
        .iter()
        .filter_map(|i| i.closed.as_ref().map(|c| (ns(c.at), ns(i.received))))
        .filter(|(c, _)| in_q(*c))
        .map(|(c, r)| c - r)
        .collect();
    let mut sla: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
    for ((_, kind), (due, status, _)) in clocks(case, items, at) {
        if due >= s && due < e {
            let entry = sla.entry(kind).or_default();
            match status {
                "met" => entry.0 += 1,
                "breached" => entry.1 += 1,
                _ => {}
            }
        }
    }
    RefQuarter {
        received: received.len(),
        conversion: (received.len(), converted),
        scores,
        medians: [twice_median(ack), twice_median(close)],
        sla,
    }
}

/// A mean score of `scores`, two decimals.
fn mean_of(scores: &[usize; 5]) -> Option<f64> {
    let n: usize = scores.iter().sum();
    let sum: usize = scores.iter().zip(1..).map(|(c, s)| c * s).sum();
    (n > 0).then(|| round(sum as i128, n as i128, 100))
}

/// The report ranking by the reference: score desc, frequency desc, received asc, id asc.
fn ranked<'a>(pool: impl Iterator<Item = &'a Item>, n: usize) -> Vec<&'a Item> {
    let mut list: Vec<&Item> = pool.collect();
    list.sort_by(|a, b| {
        weight(b)
            .cmp(&weight(a))
            .then(b.frequency.cmp(&a.frequency))
            .then(a.received.cmp(&b.received))
            .then(a.id.cmp(&b.id))
    });
    list.truncate(n);
    list
}

// ---------------------------------------------------------------------------------------------
// The comparison.

fn status_name(s: ClockStatus) -> &'static str {
    s.as_str()
}

fn check_case(case: &Case) -> Result<(), TestCaseError> {
    let config = case.config();
    let items = case.items();
    let roadmap = case.roadmap();
    let now = time(case.now);
    let deadlines = Deadlines::new(&items, &config);
    let inputs = ReportInputs {
        items: &items,
        roadmap: &roadmap,
        deadlines: &deadlines,
        signals: &config.signals,
        left_out: LeftOutCount::default(),
        calendar: &config.calendar,
    };
    let cal = Calendar::default();

    // SLA statuses and top signals at now.
    let at_now = At {
        t: case.now,
        inclusive: true,
    };
    let expected: BTreeMap<_, _> = clocks(case, &items, at_now)
        .into_iter()
        .map(|(k, (due, status, _))| (k, (due, status)))
        .collect();
    let actual: BTreeMap<_, _> = deadlines
        .clocks(&items, Moment::Now(now), None)
        .into_iter()
        .map(|c| {
            (
                (c.item.id.clone(), c.kind.as_str()),
                (ns(c.due), status_name(c.status)),
            )
        })
        .collect();
    prop_assert_eq!(&actual, &expected, "clocks at now");
    let tops: BTreeSet<String> = top_signals(&items, &config.signals, Moment::Now(now))
        .into_iter()
        .map(str::to_owned)
        .collect();
    prop_assert_eq!(tops, top(case, &items, at_now), "top signals at now");

    // Every week from the origin's to the one holding now.
    let mut week = Period::week_containing(origin(), &cal);
    while week.bounds(&cal).0 <= now {
        let (start, end) = week.bounds(&cal);
        let (s, e) = (ns(start), ns(end));
        let at = At::of(e, case.now);
        let report = weekly_report(&inputs, PeriodInfo::new(week, &cal, now));
        let in_week = |t: i128| t >= s && t < e && at.has(Some(t));
        let received = items.iter().filter(|i| in_week(ns(i.received))).count();
        prop_assert_eq!(report.received, received, "received {}", week);

        let window = i128::from(case.window_hours) * HOUR;
        let recent: Vec<&Item> = items
            .iter()
            .filter(|i| at.in_window(ns(i.received), window))
            .collect();
        let share = |f: &dyn Fn(&Item) -> bool| {
            let n = recent.iter().filter(|i| f(i)).count() as i128;
            (!recent.is_empty()).then(|| round(n * 100, recent.len() as i128, 10))
        };
        let c = &report.closed_loop;
        prop_assert_eq!(c.items, recent.len(), "closed_loop.items {}", week);
        prop_assert_eq!(
            c.responded_percent,
            share(&|i| at.has(i.acknowledged.map(ns)))
        );
        prop_assert_eq!(
            c.changed_percent,
            share(&|i| at.has(i.shipped.as_ref().map(|x| ns(x.at))))
        );
        prop_assert_eq!(
            c.closed_percent,
            share(&|i| at.has(i.closed.as_ref().map(|x| ns(x.at))))
        );

        // SLA attainment over the clocks due in the week, as of its moment.
        let mut counts: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
        for ((_, kind), (due, status, _)) in clocks(case, &items, at) {
            if due < s || due >= e {
                continue;
            }
            let entry = counts.entry(kind).or_default();
            match status {
                "met" => entry.0 += 1,
                "breached" => entry.1 += 1,
                _ => entry.2 += 1,
            }
        }
        for kind in ClockKind::ALL {
            let (met, breached, open) = counts.get(kind.as_str()).copied().unwrap_or_default();
            let a = report.sla[kind.as_str()];
            prop_assert_eq!(
                (a.met, a.breached, a.open),
                (met, breached, open),
                "sla {} {}",
                kind,
                week
            );
            let pct = (met + breached > 0)
                .then(|| round(met as i128 * 100, (met + breached) as i128, 10));
            prop_assert_eq!(a.percent, pct);
        }

        // Roadmap origin.
        let named: BTreeSet<&str> = items
            .iter()
            .filter_map(|i| i.decision.as_ref())
            .filter(|d| at.has(Some(ns(d.at))))
            .filter_map(|d| d.roadmap.as_deref())
            .collect();
        let live: Vec<&RoadmapItem> = roadmap
            .iter()
            .filter(|r| r.status != RoadmapStatus::Dropped && at.has(Some(ns(r.added))))
            .collect();
        let with = live
            .iter()
            .filter(|r| named.contains(r.id.as_str()))
            .count();
        let o = &report.roadmap_origin;
        prop_assert_eq!(
            (o.total, o.with_origin),
            (live.len(), with),
            "roadmap_origin {}",
            week
        );
        prop_assert_eq!(
            o.percent,
            (!live.is_empty()).then(|| round(with as i128 * 100, live.len() as i128, 10))
        );
        // Still open past due at the week's moment: running, due before it.
        let this = ref_week(case, &items, &roadmap, s, e);
        let mut total = 0;
        for kind in ClockKind::ALL {
            let (count, longest) = this
                .past_due
                .get(kind.as_str())
                .copied()
                .unwrap_or_default();
            total += count;
            let got = report.open_past_due.clocks[kind.as_str()];
            prop_assert_eq!(got.count, count, "open past due {} {}", kind, week);
            prop_assert_eq!(
                got.longest_overdue_hours,
                longest.map(|l| round(l, HOUR, 10)),
                "longest overdue {} {}",
                kind,
                week
            );
        }
        prop_assert_eq!(report.open_past_due.total, total);

        // Top lists by tag, with each item's state at the moment.
        let received_here: Vec<&Item> = items.iter().filter(|i| in_week(ns(i.received))).collect();
        let lists = [
            (
                &report.top_frictions,
                [
                    Tag::DxFriction,
                    Tag::MissingCapability,
                    Tag::DocumentationGap,
                ]
                .as_slice(),
                5,
            ),
            (&report.top_delights, [Tag::DxDelight].as_slice(), 5),
            (&report.top_strategic, [Tag::StrategicInsight].as_slice(), 3),
        ];
        for (got, tags, n) in lists {
            let pool = received_here.iter().copied();
            let want = ranked(pool.filter(|i| tags.contains(&i.tag)), n);
            let got_ids: Vec<(&str, &str)> = got
                .iter()
                .map(|r| (r.id.as_str(), r.state.as_str()))
                .collect();
            let want_ids: Vec<(&str, &str)> = want
                .iter()
                .map(|i| (i.id.as_str(), state_at(i, at)))
                .collect();
            prop_assert_eq!(got_ids, want_ids, "top {:?} {}", tags, week);
        }

        // Wins: shipped and closed in the week, by time then id.
        let won = |at_of: &dyn Fn(&Item) -> Option<i128>| {
            let mut list: Vec<(i128, &str)> = items
                .iter()
                .filter_map(|i| at_of(i).filter(|t| in_week(*t)).map(|t| (t, i.id.as_str())))
                .collect();
            list.sort();
            list.into_iter().map(|(_, id)| id).collect::<Vec<_>>()
        };
        fn ids(list: &[super::WinRef]) -> Vec<&str> {
            list.iter().map(|w| w.id.as_str()).collect()
        }
        prop_assert_eq!(
            ids(&report.wins.shipped),
            won(&|i| i.shipped.as_ref().map(|x| ns(x.at))),
            "wins shipped {}",
            week
        );
        prop_assert_eq!(
            ids(&report.wins.closed),
            won(&|i| i.closed.as_ref().map(|x| ns(x.at))),
            "wins closed {}",
            week
        );

        // Week over week, from the previous week's figures by the same rules.
        let before = ref_week(case, &items, &roadmap, s - 7 * 24 * HOUR, s);
        let change = report.change.as_ref().expect("every report has its change");
        prop_assert_eq!(&change.previous, &week.prev().to_string());
        prop_assert_eq!(
            change.received,
            this.received as i64 - before.received as i64
        );
        let past_due_total = |w: &RefWeek| w.past_due.values().map(|v| v.0).sum::<usize>() as i64;
        prop_assert_eq!(
            change.open_past_due,
            past_due_total(&this) - past_due_total(&before)
        );
        let (n1, r1, c1, x1) = this.recent;
        let (n0, r0, c0, x0) = before.recent;
        prop_assert_eq!(
            change.responded_points,
            points(r1, n1, r0, n0),
            "responded {}",
            week
        );
        prop_assert_eq!(change.changed_points, points(c1, n1, c0, n0));
        prop_assert_eq!(change.closed_points, points(x1, n1, x0, n0));
        prop_assert_eq!(
            change.roadmap_origin_points,
            points(
                this.roadmap.0,
                this.roadmap.1,
                before.roadmap.0,
                before.roadmap.1
            )
        );
        for kind in ClockKind::ALL {
            let (m1, b1) = this.sla.get(kind.as_str()).copied().unwrap_or_default();
            let (m0, b0) = before.sla.get(kind.as_str()).copied().unwrap_or_default();
            prop_assert_eq!(
                change.sla[kind.as_str()],
                points(m1, m1 + b1, m0, m0 + b0),
                "sla change {} {}",
                kind,
                week
            );
        }
        week = week.next();
    }

    // The quarter (2026-Q4 holds every generated instant).
    let q: Period = "2026-Q4".parse().unwrap();
    let (qs, qe) = q.bounds(&cal);
    let (s, e) = (ns(qs), ns(qe));
    let at = At::of(e, case.now);
    let in_q = |t: i128| t >= s && t < e && at.has(Some(t));
    let report = quarterly_report(&inputs, PeriodInfo::new(q, &cal, now));
    let received: Vec<&Item> = items.iter().filter(|i| in_q(ns(i.received))).collect();
    let converted = received
        .iter()
        .filter_map(|i| i.decision.as_ref())
        .filter(|d| d.outcome != Outcome::NotPrioritized && at.has(Some(ns(d.at))))
        .count();
    prop_assert_eq!(
        (report.conversion.received, report.conversion.converted),
        (received.len(), converted)
    );
    let scores: Vec<i128> = items
        .iter()
        .filter_map(|i| i.closed.as_ref())
        .filter(|c| in_q(ns(c.at)))
        .filter_map(|c| c.satisfaction.map(i128::from))
        .collect();
    let mean = (!scores.is_empty()).then(|| round(scores.iter().sum(), scores.len() as i128, 100));
    prop_assert_eq!(report.satisfaction.mean, mean, "satisfaction");
    prop_assert_eq!(report.satisfaction.count, scores.len());
    let median = |mut d: Vec<i128>| {
        d.sort_unstable();
        let n = d.len() as i128;
        match d.len() {
            0 => None,
            l if l % 2 == 1 => Some(round(d[l / 2], HOUR, 10)),
            l => Some(round(d[l / 2 - 1] + d[l / 2], 2 * HOUR, 10)),
        }
        .map(|m| (m, n))
    };
    let ack: Vec<i128> = items
        .iter()
        .filter_map(|i| i.acknowledged.map(|a| (ns(a), ns(i.received))))
        .filter(|(a, _)| in_q(*a))
        .map(|(a, r)| a - r)
        .collect();
    let close: Vec<i128> = items
        .iter()
        .filter_map(|i| i.closed.as_ref().map(|c| (ns(c.at), ns(i.received))))
        .filter(|(c, _)| in_q(*c))
        .map(|(c, r)| c - r)
        .collect();
    let got = |m: &super::MedianTime| m.median_hours.map(|h| (h, m.count as i128));
    prop_assert_eq!(
        got(&report.time_to_acknowledge),
        median(ack),
        "median to acknowledge"
    );
    prop_assert_eq!(got(&report.time_to_close), median(close), "median to close");

    // Scores, the four-quarter trend and the change against the previous quarter, for the
    // quarter holding the items and for the one after it.
    for q in [q, q.next()] {
        let report = quarterly_report(&inputs, PeriodInfo::new(q, &cal, now));
        let this = ref_quarter(case, &items, q, &cal);
        let scores: Vec<usize> = report.satisfaction_scores.values().copied().collect();
        prop_assert_eq!(scores, this.scores.to_vec(), "scores {}", q);
        let mut quarters = vec![q];
        for _ in 0..3 {
            quarters.insert(0, quarters[0].prev());
        }
        let trend: Vec<(String, usize, usize, Option<f64>, usize)> = report
            .trend
            .iter()
            .map(|t| {
                let c = &t.conversion;
                let s = &t.satisfaction;
                (t.quarter.clone(), c.received, c.converted, s.mean, s.count)
            })
            .collect();
        let want: Vec<(String, usize, usize, Option<f64>, usize)> = quarters
            .iter()
            .map(|p| {
                let r = ref_quarter(case, &items, *p, &cal);
                let n = r.scores.iter().sum();
                (
                    p.to_string(),
                    r.conversion.0,
                    r.conversion.1,
                    mean_of(&r.scores),
                    n,
                )
            })
            .collect();
        prop_assert_eq!(trend, want, "trend {}", q);
        let before = ref_quarter(case, &items, q.prev(), &cal);
        let change = report.change.as_ref().expect("every review has its change");
        prop_assert_eq!(
            change.received,
            this.received as i64 - before.received as i64
        );
        prop_assert_eq!(
            change.conversion_points,
            points(
                this.conversion.1,
                this.conversion.0,
                before.conversion.1,
                before.conversion.0
            )
        );
        let (n1, n0): (usize, usize) = (this.scores.iter().sum(), before.scores.iter().sum());
        let sum = |s: &[usize; 5]| s.iter().zip(1..).map(|(c, v)| c * v).sum::<usize>() as i128;
        let mean_change = (n1 > 0 && n0 > 0).then(|| {
            let num = sum(&this.scores) * n0 as i128 - sum(&before.scores) * n1 as i128;
            round_signed(num, (n1 * n0) as i128, 100)
        });
        prop_assert_eq!(
            change.satisfaction_mean,
            mean_change,
            "satisfaction change {}",
            q
        );
        let hours = |a: Option<i128>, b: Option<i128>| match (a, b) {
            (Some(a), Some(b)) => Some(round_signed(a - b, 2 * HOUR, 10)),
            _ => None,
        };
        prop_assert_eq!(
            change.time_to_acknowledge_hours,
            hours(this.medians[0], before.medians[0])
        );
        prop_assert_eq!(
            change.time_to_close_hours,
            hours(this.medians[1], before.medians[1])
        );
        for kind in ClockKind::ALL {
            let (m1, b1) = this.sla.get(kind.as_str()).copied().unwrap_or_default();
            let (m0, b0) = before.sla.get(kind.as_str()).copied().unwrap_or_default();
            prop_assert_eq!(change.sla[kind.as_str()], points(m1, m1 + b1, m0, m0 + b0));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn every_figure_matches_the_reference(case in case()) {
        check_case(&case)?;
    }
}
