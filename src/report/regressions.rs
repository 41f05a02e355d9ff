//! One named test per figure that once broke at an edge of SPEC §6 "Boundaries".

use super::{PeriodInfo, ReportInputs, quarterly_report, weekly_report};
use crate::calendar::{Calendar, Fraction, Period};
use crate::check::LeftOutCount;
use crate::config::{Config, SignalsConfig};
use crate::model::{Closed, Item, RoadmapItem, RoadmapStatus, Time, test_item};
use crate::sla::Deadlines;

fn at(s: &str) -> Time {
    s.parse().expect(s)
}

fn config(window_days: i64) -> Config {
    Config {
        signals: SignalsConfig {
            top_share: Fraction::new(1, 10),
            window: chrono::Duration::days(window_days),
        },
        ..Config::default()
    }
}

fn period(text: &str, now: &str) -> PeriodInfo {
    PeriodInfo::new(
        text.parse::<Period>().unwrap(),
        &Calendar::default(),
        at(now),
    )
}

/// Runs `f` with the report inputs of `items` and `roadmap`.
fn with_inputs<T>(
    items: &[Item],
    roadmap: &[RoadmapItem],
    config: &Config,
    f: impl FnOnce(&ReportInputs) -> T,
) -> T {
    let deadlines = Deadlines::new(items, config);
    f(&ReportInputs {
        items,
        roadmap,
        deadlines: &deadlines,
        signals: &config.signals,
        left_out: LeftOutCount::default(),
        calendar: &config.calendar,
    })
}

/// 169 / 40 = 4.225 is a tie at two decimals and rounds away from zero to 4.23 (binary
/// floating point made it 4.22).
#[test]
fn regression_satisfaction_mean_rounds_ties_away_from_zero() {
    let items: Vec<Item> = (0..40)
        .map(|n| {
            let mut i = test_item(&format!("c{n:02}"), "2026-10-05T09:00:00Z");
            i.closed = Some(Closed {
                at: at("2026-10-20T09:00:00Z"),
                followup: None,
                satisfaction: Some(if n < 9 { 5 } else { 4 }),
            });
            i
        })
        .collect();
    let config = config(90);
    let q = with_inputs(&items, &[], &config, |inputs| {
        quarterly_report(inputs, period("2026-Q4", "2027-01-15T00:00:00Z"))
    });
    assert_eq!(q.satisfaction.count, 40);
    assert_eq!(q.satisfaction.mean, Some(4.23));
}

/// With `window = "7d"` the window before a week's end is that week: the item received at its
/// first instant (Monday 00:00) is in `closed_loop` as it is in `received`.
#[test]
fn regression_signal_window_includes_its_first_instant() {
    let mut first = test_item("first", "2026-11-23T00:00:00Z");
    first.acknowledged = Some(at("2026-11-23T01:00:00Z"));
    let before = test_item("before", "2026-11-22T23:59:59Z");
    let items = [before, first];
    let config = config(7);
    let w = with_inputs(&items, &[], &config, |inputs| {
        weekly_report(inputs, period("2026-W48", "2026-12-10T00:00:00Z"))
    });
    assert_eq!(w.received, 1);
    assert_eq!(w.closed_loop.items, 1);
    assert_eq!(w.closed_loop.responded_percent, Some(100.0));
}

/// A running week uses *now* as its moment for every figure: `closed_loop`'s window is the
/// window before now, as its milestones and the top signals are.
#[test]
fn regression_a_running_week_uses_now_for_every_figure() {
    let now = "2026-11-26T12:00:00Z";
    // One day before now: in the window before now, not in the day before the week's end.
    let mut recent = test_item("recent", "2026-11-25T12:00:00Z");
    recent.acknowledged = Some(at(now));
    let items = [recent];
    let config = config(1);
    let w = with_inputs(&items, &[], &config, |inputs| {
        weekly_report(inputs, period("2026-W48", now))
    });
    assert!(w.period.running);
    assert_eq!(w.closed_loop.items, 1, "the window is [now − 1d, now]");
    assert_eq!(
        w.closed_loop.responded_percent,
        Some(100.0),
        "acknowledged at now"
    );
}

/// A roadmap item added after *now* does not count in the running week (and `validate`
/// reports it as `future-timestamp`).
#[test]
fn regression_a_roadmap_item_added_after_now_is_not_counted() {
    let roadmap = |id: &str, added: &str| RoadmapItem {
        id: id.to_owned(),
        file: format!("roadmap/{id}.md"),
        title: id.to_owned(),
        status: RoadmapStatus::Planned,
        added: at(added),
        added_pos: crate::source::Pos::START,
        quarter: None,
        body: String::new(),
    };
    let plans = [
        roadmap("known", "2026-11-01T00:00:00Z"),
        roadmap("later", "2026-11-28T00:00:00Z"),
    ];
    let config = config(90);
    let w = with_inputs(&[], &plans, &config, |inputs| {
        weekly_report(inputs, period("2026-W48", "2026-11-26T12:00:00Z"))
    });
    assert_eq!(w.roadmap_origin.total, 1);
}

/// An item received exactly at a finished week's end belongs to the next week: not in
/// `received`, not in `closed_loop`, and not in the top-signal pool, so it gives no other item
/// a review clock in that week.
#[test]
fn regression_the_top_signal_pool_of_a_period_leaves_out_its_end() {
    let mut items: Vec<Item> = (0..10)
        .map(|n| {
            let mut i = test_item(&format!("w{n}"), "2026-11-16T09:00:00Z");
            i.frequency = 10 - n as u32;
            i
        })
        .collect();
    // With 11 items in the pool, ceil(0.1 × 11) = 2 would give w1 a review clock too.
    items.push(test_item("at-end", "2026-11-23T00:00:00Z"));
    let config = Config {
        sla: crate::config::SlaConfig {
            spans: [crate::calendar::SlaSpan::Hours(1); 5],
            ..Default::default()
        },
        ..config(7)
    };
    let w = with_inputs(&items, &[], &config, |inputs| {
        weekly_report(inputs, period("2026-W47", "2026-12-10T00:00:00Z"))
    });
    assert_eq!(w.received, 10);
    assert_eq!(w.closed_loop.items, 10);
    let review = w.sla["review"];
    assert_eq!(review.met + review.breached + review.open, 1, "{review:?}");
}
