//! Reading one item file: every field, every schema rule, every position.
//!
//! Positions are written out as numbers on purpose: a diagnostic that
//! drifts by a line is a bug users see, so the tests pin where each one
//! points instead of recomputing it the way the code does.

use super::{Draft, is_valid_id, parse_item, parse_roadmap};
use crate::config::Config;
use crate::diag::{Code, Diagnostic};
use crate::model::{Credit, Outcome, RoadmapStatus, Severity, State, Tag, Time};
use crate::source::SourceFile;

const PATH: &str = "feedback/2026/11/retrieval-cliff.md";
const ID: &str = "retrieval-cliff";

/// SPEC §3's example, every field set. Line numbers matter: see the margin.
const FULL: &str = "\
---
title: Retrieval quality collapses past 200k tokens of context
received: 2026-11-03T14:20:00Z
developer:
  handle: \"@mara\"
  credit: public          # public | anonymous | private
  channel: discord        # optional
quote: >
  Anything past ~200k tokens and retrieval just falls off a cliff.
area: retrieval
tag: missing-capability
severity: high
frequency: 12
strategic: true
jtbd: >
  When my corpus is larger than the context window, I want retrieval to stay accurate,
  so that I don't have to hand-tune chunking.
owner: retrieval-squad
links:
  ticket: LIN-4812
state: closed
distributed: 2026-11-03T18:00:00Z
acknowledged: 2026-11-04T09:30:00Z
review: 2026-11-06T15:00:00Z
decision:
  outcome: planned
  at: 2026-11-06T15:30:00Z
  reason: A hybrid reranker fixes this class of failure; scheduled for v2.3.
  roadmap: hybrid-reranker
shipped:
  at: 2026-11-20T17:00:00Z
  release: v2.3.0
  pr: https://github.com/example/astra/pull/1234
  impact: Recall@10 on 250k-token corpora went from 0.41 to 0.87.
closed:
  at: 2026-11-21T10:00:00Z
  followup: Night and day. Our eval suite passes without manual chunking now.
  satisfaction: 5
---
Internal notes in Markdown. Never published on the public site.
";

/// The smallest complete item. `state:` is on line 12.
const CAPTURED: &str = "\
---
title: Streaming drops behind a corporate proxy
received: 2026-11-20T09:00:00Z
developer:
  handle: \"@li\"
  credit: anonymous
quote: The stream just stops after 60 seconds.
area: streaming
tag: dx-friction
severity: medium
jtbd: When I stream through our proxy, I want the stream to survive, so that users see answers.
state: captured
---
";

fn parse_as(id: &str, text: &str) -> (Option<Draft>, Vec<Diagnostic>) {
    let calendar = Config::default().calendar;
    let file = SourceFile::new(PATH, text);
    let mut diags = Vec::new();
    let draft = parse_item(&file, id, &calendar, &mut diags);
    (draft, diags)
}

fn parse(text: &str) -> (Option<Draft>, Vec<Diagnostic>) {
    parse_as(ID, text)
}

/// (code, line, column) of each diagnostic, in the order found.
fn found(diags: &[Diagnostic]) -> Vec<(Code, usize, usize)> {
    diags.iter().map(|d| (d.code, d.line, d.column)).collect()
}

/// Parses text that must give exactly one diagnostic, and returns it.
fn only(text: &str) -> Diagnostic {
    let (_, diags) = parse(text);
    assert_eq!(diags.len(), 1, "expected one diagnostic: {diags:#?}");
    diags.into_iter().next().unwrap()
}

/// `text` with the line starting with `prefix` removed (exactly one).
fn without(text: &str, prefix: &str) -> String {
    let hits = text.lines().filter(|l| l.starts_with(prefix)).count();
    assert_eq!(hits, 1, "`{prefix}` must match one line");
    text.lines()
        .filter(|l| !l.starts_with(prefix))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// `text` with `from` (which must occur exactly once) replaced by `to`.
fn with(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` must occur once");
    text.replace(from, to)
}

fn t(s: &str) -> Time {
    s.parse().unwrap()
}

// ---------------------------------------------------------------- happy path

#[test]
fn the_spec_example_reads_every_field() {
    let (draft, diags) = parse(FULL);
    assert!(diags.is_empty(), "{diags:#?}");
    let item = draft.unwrap().finish().expect("a complete draft finishes");

    assert_eq!(item.id, ID);
    assert_eq!(item.file, PATH);
    assert_eq!(
        item.title,
        "Retrieval quality collapses past 200k tokens of context"
    );
    assert_eq!(item.received, t("2026-11-03T14:20:00Z"));
    assert_eq!(item.developer.handle, "@mara");
    assert_eq!(item.developer.credit, Credit::Public);
    assert_eq!(item.developer.channel.as_deref(), Some("discord"));
    assert_eq!(
        item.quote,
        "Anything past ~200k tokens and retrieval just falls off a cliff."
    );
    assert_eq!(item.area, "retrieval");
    assert_eq!(item.tag, Tag::MissingCapability);
    assert_eq!(item.severity, Severity::High);
    assert_eq!(item.frequency, 12);
    assert!(item.strategic);
    assert_eq!(
        item.jtbd.as_deref(),
        Some(
            "When my corpus is larger than the context window, I want retrieval to stay accurate, so that I don't have to hand-tune chunking."
        )
    );
    assert_eq!(item.owner.as_deref(), Some("retrieval-squad"));
    assert_eq!(item.links, [("ticket".to_owned(), "LIN-4812".to_owned())]);
    assert_eq!(item.state, State::Closed);
    assert_eq!(item.distributed, Some(t("2026-11-03T18:00:00Z")));
    assert_eq!(item.acknowledged, Some(t("2026-11-04T09:30:00Z")));
    assert_eq!(item.review, Some(t("2026-11-06T15:00:00Z")));

    let decision = item.decision.as_ref().unwrap();
    assert_eq!(decision.outcome, Outcome::Planned);
    assert_eq!(decision.at, t("2026-11-06T15:30:00Z"));
    assert_eq!(
        decision.reason,
        "A hybrid reranker fixes this class of failure; scheduled for v2.3."
    );
    assert_eq!(decision.roadmap.as_deref(), Some("hybrid-reranker"));

    let shipped = item.shipped.as_ref().unwrap();
    assert_eq!(shipped.at, t("2026-11-20T17:00:00Z"));
    assert_eq!(shipped.release.as_deref(), Some("v2.3.0"));
    assert_eq!(
        shipped.pr.as_deref(),
        Some("https://github.com/example/astra/pull/1234")
    );
    assert_eq!(
        shipped.impact.as_deref(),
        Some("Recall@10 on 250k-token corpora went from 0.41 to 0.87.")
    );

    let closed = item.closed.as_ref().unwrap();
    assert_eq!(closed.at, t("2026-11-21T10:00:00Z"));
    assert_eq!(
        closed.followup.as_deref(),
        Some("Night and day. Our eval suite passes without manual chunking now.")
    );
    assert_eq!(closed.satisfaction, Some(5));

    assert_eq!(
        item.body,
        "Internal notes in Markdown. Never published on the public site.\n"
    );
    assert_eq!(item.score(), 3 * 12 * 2);
}

#[test]
fn key_positions_are_recorded_by_dotted_path() {
    let draft = parse(FULL).0.unwrap();
    let at = |path| draft.keys.get(path).map(|p| (p.line, p.column));
    assert_eq!(at("title"), Some((2, 1)));
    assert_eq!(at("developer.handle"), Some((5, 3)));
    assert_eq!(at("state"), Some((21, 1)));
    assert_eq!(at("decision.roadmap"), Some((29, 3)));
    assert_eq!(at("closed.satisfaction"), Some((38, 3)));
    assert_eq!(at("nothing"), None);
    // The checked item keeps where its SLA warnings point: `state:` and the milestones.
    let item = draft.finish().unwrap();
    let anchor = |keys: &[&str]| {
        let p = item.keys.anchor(keys);
        (p.line, p.column)
    };
    assert_eq!(anchor(&[]), (21, 1));
    assert_eq!(anchor(&["closed"]), (35, 1));
    assert_eq!(anchor(&["title"]), (21, 1), "not kept: the state line");
}

#[test]
fn optional_fields_take_their_defaults() {
    let item = parse(CAPTURED).0.unwrap().finish().unwrap();
    assert_eq!(item.frequency, 1, "frequency defaults to 1");
    assert!(!item.strategic, "strategic defaults to false");
    assert_eq!(item.developer.channel, None);
    assert_eq!(item.owner, None);
    assert!(item.links.is_empty());
    assert_eq!(item.state, State::Captured);
    assert_eq!(item.decision, None);
    assert_eq!(item.body, "");
}

#[test]
fn local_times_and_dates_are_read_in_the_calendar_time_zone() {
    // The default calendar is UTC.
    let text = with(
        CAPTURED,
        "received: 2026-11-20T09:00:00Z",
        "received: 2026-11-20 09:30",
    );
    let item = parse(&text).0.unwrap().finish().unwrap();
    assert_eq!(item.received, t("2026-11-20T09:30:00Z"));

    let text = with(
        CAPTURED,
        "received: 2026-11-20T09:00:00Z",
        "received: 2026-11-20",
    );
    let item = parse(&text).0.unwrap().finish().unwrap();
    assert_eq!(item.received, t("2026-11-20T00:00:00Z"));

    let text = with(
        CAPTURED,
        "received: 2026-11-20T09:00:00Z",
        "received: 2026-11-20T09:00:00-05:00",
    );
    let item = parse(&text).0.unwrap().finish().unwrap();
    assert_eq!(item.received, t("2026-11-20T14:00:00Z"));
}

#[test]
fn a_bad_timestamp_is_an_invalid_value_at_the_value() {
    let d = only(&with(
        CAPTURED,
        "received: 2026-11-20T09:00:00Z",
        "received: last tuesday",
    ));
    assert_eq!((d.code, d.line, d.column), (Code::InvalidValue, 3, 11));
    assert!(
        d.text().contains("`last tuesday` is not a timestamp"),
        "{d:?}"
    );
    assert!(d.text().contains("RFC 3339"), "{d:?}");
}

// ------------------------------------------------------------ required fields

/// Removing one required key from CAPTURED gives one missing-field at the
/// `state:` line (line 11 once a line above it is gone).
#[test]
fn every_required_field_is_reported_at_the_state_line() {
    let cases = [
        ("title:", "`title` is missing"),
        ("received:", "`received` is missing"),
        ("  handle:", "`developer.handle` is missing"),
        ("  credit:", "`developer.credit` is missing"),
        ("quote:", "`quote` is missing"),
        ("area:", "`area` is missing"),
        ("tag:", "`tag` is missing"),
        ("severity:", "`severity` is missing"),
        ("jtbd:", "`jtbd` is missing"),
    ];
    for (line, message) in cases {
        let (draft, diags) = parse(&without(CAPTURED, line));
        assert_eq!(
            found(&diags),
            [(Code::MissingField, 11, 1)],
            "{line}: {diags:#?}"
        );
        assert!(diags[0].text().starts_with(message), "{line}: {diags:#?}");
        assert_eq!(diags[0].file, PATH);
        let draft = draft.expect("a draft even when fields are missing");
        assert!(!draft.complete, "{line}");
        assert!(draft.finish().is_none(), "{line}: an incomplete draft");
    }
}

#[test]
fn messages_say_how_to_fix_the_missing_field() {
    let d = only(&without(CAPTURED, "  credit:"));
    assert_eq!(
        d.text(),
        "`developer.credit` is missing — say whether the developer may be credited: `public`, `anonymous` or `private` (there is no default)"
    );
    let d = only(&without(CAPTURED, "received:"));
    assert!(d.text().contains("received: 2026-11-03T14:20:00Z"), "{d:?}");
}

#[test]
fn without_a_state_missing_fields_point_at_line_1() {
    let text = without(&without(CAPTURED, "title:"), "state:");
    let (_, diags) = parse(&text);
    assert_eq!(
        found(&diags),
        [(Code::MissingField, 1, 1), (Code::MissingField, 1, 1)]
    );
    assert!(diags[0].text().starts_with("`title` is missing"));
    assert!(diags[1].text().starts_with("`state` is missing"));
}

#[test]
fn a_missing_developer_is_one_diagnostic() {
    let text = without(
        &without(&without(CAPTURED, "developer:"), "  handle:"),
        "  credit:",
    );
    let d = only(&text);
    assert_eq!((d.code, d.line, d.column), (Code::MissingField, 9, 1));
    assert!(d.text().starts_with("`developer` is missing"), "{d:?}");
}

#[test]
fn blank_text_counts_as_missing() {
    for blank in ["title:", "title: ~", "title: \"  \"", "title: null"] {
        let text = with(
            CAPTURED,
            "title: Streaming drops behind a corporate proxy",
            blank,
        );
        let d = only(&text);
        assert_eq!(
            (d.code, d.line, d.column),
            (Code::MissingField, 12, 1),
            "{blank}"
        );
        assert!(d.text().starts_with("`title` is missing"), "{blank}");
    }
}

#[test]
fn jtbd_may_be_left_out_only_for_dx_delight() {
    let delight = with(
        &without(CAPTURED, "jtbd:"),
        "tag: dx-friction",
        "tag: dx-delight",
    );
    let (draft, diags) = parse(&delight);
    assert!(diags.is_empty(), "{diags:#?}");
    let item = draft.unwrap().finish().unwrap();
    assert_eq!(item.tag, Tag::DxDelight);
    assert_eq!(item.jtbd, None);

    for tag in [
        "missing-capability",
        "documentation-gap",
        "strategic-insight",
    ] {
        let text = with(
            &without(CAPTURED, "jtbd:"),
            "tag: dx-friction",
            &format!("tag: {tag}"),
        );
        let d = only(&text);
        assert_eq!((d.code, d.line), (Code::MissingField, 11), "{tag}");
        assert!(d.text().starts_with("`jtbd` is missing"), "{tag}");
    }
}

#[test]
fn a_title_of_120_characters_is_fine_and_121_is_not() {
    let title_line = "title: Streaming drops behind a corporate proxy";
    let ok = with(CAPTURED, title_line, &format!("title: {}", "é".repeat(120)));
    let (_, diags) = parse(&ok);
    assert!(diags.is_empty(), "120 characters (not bytes): {diags:#?}");

    let long = with(CAPTURED, title_line, &format!("title: {}", "x".repeat(121)));
    let (draft, diags) = parse(&long);
    assert_eq!(found(&diags), [(Code::InvalidValue, 2, 8)]);
    assert!(
        diags[0]
            .text()
            .starts_with("`title` is 121 characters long — shorten it to at most 120"),
        "{diags:#?}"
    );
    assert!(draft.unwrap().finish().is_none());
}

#[test]
fn every_problem_of_a_file_is_reported_at_once() {
    let text = "\
---
titel: x
received: soon
developer:
  handle: \"@li\"
quote: q
area: a
tag: dx-frictoin
severity: yes
frequency: 0
state: captured
---
";
    let (_, diags) = parse(text);
    assert_eq!(
        found(&diags),
        [
            (Code::UnknownField, 2, 1),
            (Code::MissingField, 11, 1),  // title
            (Code::InvalidValue, 3, 11),  // received
            (Code::MissingField, 11, 1),  // developer.credit
            (Code::InvalidValue, 8, 6),   // tag
            (Code::InvalidValue, 9, 11),  // severity
            (Code::InvalidValue, 10, 12), // frequency
        ],
        "{diags:#?}"
    );
}

// ------------------------------------------------------------- unknown keys

#[test]
fn unknown_top_level_key_suggests_the_close_one() {
    let text = with(
        CAPTURED,
        "severity: medium",
        "severity: medium\nsevertiy: high",
    );
    let d = only(&text);
    assert_eq!((d.code, d.line, d.column), (Code::UnknownField, 11, 1));
    assert_eq!(d.width, "severtiy".len());
    assert_eq!(
        d.text(),
        "`severtiy` is not a field closeloop knows — remove it or fix its name; did you mean `severity`?"
    );
}

#[test]
fn a_misspelt_key_is_unknown_and_the_real_one_missing() {
    let text = with(CAPTURED, "title: Streaming", "titel: Streaming");
    let (_, diags) = parse(&text);
    assert_eq!(
        found(&diags),
        [(Code::UnknownField, 2, 1), (Code::MissingField, 12, 1)]
    );
    assert!(
        diags[0].text().ends_with("did you mean `title`?"),
        "{diags:#?}"
    );
}

#[test]
fn unknown_key_without_a_close_name_lists_the_allowed_ones() {
    let text = with(CAPTURED, "state: captured", "mood: grumpy\nstate: captured");
    let d = only(&text);
    assert_eq!((d.code, d.line, d.column), (Code::UnknownField, 12, 1));
    assert!(
        d.text()
            .contains("; the keys allowed here are `title`, `received`, `developer`"),
        "{d:?}"
    );
    assert!(d.text().ends_with("`closed` or `duplicate_of`"), "{d:?}");
}

#[test]
fn unknown_nested_keys_name_their_path() {
    let text = with(
        CAPTURED,
        "  credit: anonymous",
        "  credit: anonymous\n  chanel: slack",
    );
    let d = only(&text);
    assert_eq!((d.code, d.line, d.column), (Code::UnknownField, 7, 3));
    assert_eq!(
        d.text(),
        "`developer.chanel` is not a field closeloop knows — remove it or fix its name; did you mean `channel`?"
    );

    let decision = "\
state: decided
distributed: 2026-11-20T10:00:00Z
acknowledged: 2026-11-20T11:00:00Z
decision:
  outcome: not-prioritized
  at: 2026-11-21T10:00:00Z
  reason: Proxies are out of scope.
  reson: typo";
    let d = only(&with(CAPTURED, "state: captured", decision));
    assert_eq!((d.code, d.line, d.column), (Code::UnknownField, 19, 3));
    assert!(
        d.text()
            .starts_with("`decision.reson` is not a field closeloop knows"),
        "{d:?}"
    );
    assert!(d.text().ends_with("did you mean `reason`?"), "{d:?}");
}

#[test]
fn links_is_a_free_map_but_must_hold_text() {
    let text = with(
        CAPTURED,
        "state: captured",
        "links:\n  anything-goes: LIN-1\n  zendesk: \"4711\"\nstate: captured",
    );
    let item = parse(&text).0.unwrap().finish().unwrap();
    assert_eq!(
        item.links,
        [
            ("anything-goes".to_owned(), "LIN-1".to_owned()),
            ("zendesk".to_owned(), "4711".to_owned())
        ]
    );

    let text = with(
        CAPTURED,
        "state: captured",
        "links:\n  ticket: [a, b]\nstate: captured",
    );
    let d = only(&text);
    assert_eq!((d.code, d.line, d.column), (Code::InvalidValue, 13, 11));
    assert!(
        d.text().contains("`links.ticket` must be text, not a list"),
        "{d:?}"
    );
}

// ----------------------------------------------------------- invalid values

#[test]
fn severity_yes_is_not_a_severity() {
    let d = only(&with(CAPTURED, "severity: medium", "severity: yes"));
    assert_eq!((d.code, d.line, d.column), (Code::InvalidValue, 10, 11));
    assert_eq!(
        d.text(),
        "`severity: yes` is not a severity — use one of `low`, `medium`, `high` or `critical`"
    );
}

#[test]
fn misspelt_keywords_get_a_suggestion() {
    let d = only(&with(CAPTURED, "severity: medium", "severity: meduim"));
    assert!(d.text().ends_with("did you mean `medium`?"), "{d:?}");
    let d = only(&with(CAPTURED, "state: captured", "state: capturd"));
    assert_eq!((d.code, d.line, d.column), (Code::InvalidValue, 12, 8));
    assert!(d.text().ends_with("did you mean `captured`?"), "{d:?}");
    let d = only(&with(CAPTURED, "credit: anonymous", "credit: anonymus"));
    assert_eq!((d.code, d.line, d.column), (Code::InvalidValue, 6, 11));
    assert!(d.text().ends_with("did you mean `anonymous`?"), "{d:?}");
}

#[test]
fn strategic_must_be_true_or_false() {
    for (value, col) in [("yes", 12), ("on", 12), ("1", 12), ("\"true\"", 12)] {
        let text = with(
            CAPTURED,
            "state: captured",
            &format!("strategic: {value}\nstate: captured"),
        );
        let d = only(&text);
        assert_eq!(
            (d.code, d.line, d.column),
            (Code::InvalidValue, 12, col),
            "{value}"
        );
        assert!(d.text().ends_with("must be `true` or `false`"), "{d:?}");
    }
    for (value, expected) in [("true", true), ("false", false), ("True", true)] {
        let text = with(
            CAPTURED,
            "state: captured",
            &format!("strategic: {value}\nstate: captured"),
        );
        let item = parse(&text).0.unwrap().finish().unwrap();
        assert_eq!(item.strategic, expected, "{value}");
    }
}

#[test]
fn frequency_is_a_whole_number_from_1() {
    for (value, col) in [
        ("0", 12),
        ("-3", 12),
        ("\"abc\"", 12),
        ("abc", 12),
        ("2.5", 12),
        ("[1]", 12),
    ] {
        let text = with(
            CAPTURED,
            "state: captured",
            &format!("frequency: {value}\nstate: captured"),
        );
        let (draft, diags) = parse(&text);
        assert_eq!(
            found(&diags),
            [(Code::InvalidValue, 12, col)],
            "{value}: {diags:#?}"
        );
        let draft = draft.unwrap();
        assert_eq!(draft.frequency, 1, "{value}: falls back to the default");
        assert!(draft.finish().is_none(), "{value}");
    }
    let d = only(&with(
        CAPTURED,
        "state: captured",
        "frequency: 0\nstate: captured",
    ));
    assert_eq!(
        d.text(),
        "`frequency: 0` must be a whole number from 1 to 1000000"
    );

    let text = with(
        CAPTURED,
        "state: captured",
        "frequency: \"7\"\nstate: captured",
    );
    let item = parse(&text).0.unwrap().finish().unwrap();
    assert_eq!(item.frequency, 7, "quoted digits are accepted");
}

#[test]
fn satisfaction_is_1_to_5() {
    let d = only(&with(FULL, "satisfaction: 5", "satisfaction: 6"));
    assert_eq!((d.code, d.line, d.column), (Code::InvalidValue, 38, 17));
    assert_eq!(
        d.text(),
        "`closed.satisfaction: 6` must be a whole number from 1 to 5"
    );
    let d = only(&with(FULL, "satisfaction: 5", "satisfaction: 0"));
    assert_eq!((d.code, d.line), (Code::InvalidValue, 38));
    let item = parse(&with(FULL, "satisfaction: 5", "satisfaction: 1"))
        .0
        .unwrap()
        .finish()
        .unwrap();
    assert_eq!(item.closed.unwrap().satisfaction, Some(1));
}

#[test]
fn a_mapping_where_text_belongs_is_invalid_not_missing() {
    let text = with(
        CAPTURED,
        "quote: The stream just stops after 60 seconds.",
        "quote:\n  a: b",
    );
    let d = only(&text);
    assert_eq!((d.code, d.line, d.column), (Code::InvalidValue, 8, 3));
    assert_eq!(d.text(), "`quote` must be text, not a mapping");
}

#[test]
fn developer_must_be_a_mapping() {
    let text = without(&without(CAPTURED, "  handle:"), "  credit:");
    let text = with(&text, "developer:", "developer: \"@li\"");
    let d = only(&text);
    assert_eq!((d.code, d.line, d.column), (Code::InvalidValue, 4, 12));
    assert_eq!(
        d.text(),
        "developer must be a mapping of `key: value` lines, not a scalar"
    );
}

#[test]
fn front_matter_that_is_not_a_mapping() {
    let (draft, diags) = parse("---\n- a\n- b\n---\n");
    assert_eq!(found(&diags), [(Code::InvalidValue, 2, 1)]);
    assert!(
        diags[0]
            .text()
            .starts_with("the front matter must be a mapping"),
        "{diags:#?}"
    );
    assert!(draft.unwrap().finish().is_none());
}

// ------------------------------------------------------------------- ids

#[test]
fn the_id_rule() {
    for good in ["a", "0", "retrieval-cliff", "2026-q4", &"a".repeat(80)] {
        assert!(is_valid_id(good), "{good}");
    }
    for bad in [
        "",
        "-lead",
        "Upper",
        "snake_case",
        "dots.in.it",
        "spa ce",
        "café",
        &"a".repeat(81),
    ] {
        assert!(!is_valid_id(bad), "{bad}");
    }
}

#[test]
fn an_invalid_id_is_reported_at_line_1_with_a_rename() {
    let (draft, diags) = parse_as("Retrieval_Cliff", CAPTURED);
    assert_eq!(found(&diags), [(Code::InvalidId, 1, 1)]);
    assert_eq!(
        diags[0].text(),
        "the file name gives the id `Retrieval_Cliff`, which is not allowed — rename the file to lower-case letters, digits and `-` (at most 80, starting with a letter or digit), e.g. `retrieval-cliff.md`"
    );
    // The rest of the file is still read.
    assert_eq!(
        draft.unwrap().title.as_deref(),
        Some("Streaming drops behind a corporate proxy")
    );

    let (_, diags) = parse_as("-draft", CAPTURED);
    assert_eq!(found(&diags), [(Code::InvalidId, 1, 1)]);
    assert!(diags[0].text().contains("e.g. `draft.md`"), "{diags:#?}");

    let (_, diags) = parse_as("!!!", CAPTURED);
    assert!(diags[0].text().contains("e.g. `my-item.md`"), "{diags:#?}");
}

#[test]
fn an_invalid_id_is_reported_even_when_the_yaml_is_broken() {
    let (draft, diags) = parse_as("Bad", "---\ntitle: [\n---\n");
    assert!(draft.is_none());
    let codes: Vec<Code> = diags.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::InvalidId, Code::YamlSyntax]);
}

// ----------------------------------------------------------- YAML syntax

#[test]
fn an_unquoted_handle_is_a_syntax_error_on_its_line() {
    let text = with(CAPTURED, "handle: \"@li\"", "handle: @li");
    let (draft, diags) = parse(&text);
    assert!(draft.is_none(), "nothing can be read from broken YAML");
    assert_eq!(found(&diags), [(Code::YamlSyntax, 5, 11)]);
    assert!(
        diags[0]
            .text()
            .contains("put the value in quotes, e.g. `handle: \"@mara\"`"),
        "{diags:#?}"
    );
}

#[test]
fn syntax_errors_point_at_their_line() {
    let cases: [(&str, &str, (usize, usize)); 4] = [
        // An unclosed flow list is noticed on the next line, where a key cannot be.
        (
            "title: Streaming drops behind a corporate proxy",
            "title: [unclosed",
            (3, 9),
        ),
        // A key indented under a scalar.
        ("area: streaming", "area: streaming\n   oops: x", (9, 8)),
        // The same key twice.
        (
            "severity: medium",
            "severity: medium\nseverity: low",
            (11, 1),
        ),
        // A tab used for indentation: the column is just after the tab.
        ("  credit: anonymous", "\tcredit: anonymous", (6, 2)),
    ];
    for (from, to, (line, column)) in cases {
        let (draft, diags) = parse(&with(CAPTURED, from, to));
        assert!(draft.is_none(), "{to}");
        assert_eq!(
            found(&diags),
            [(Code::YamlSyntax, line, column)],
            "{to}: {diags:#?}"
        );
    }
    let (_, diags) = parse(&with(
        CAPTURED,
        "severity: medium",
        "severity: medium\nseverity: low",
    ));
    assert_eq!(
        diags[0].text(),
        "`severity` is set twice (first on line 10) — keep one"
    );
}

#[test]
fn aliases_are_refused() {
    let text = with(
        CAPTURED,
        "state: captured",
        "owner: &o squad\nstate: captured\narea2: *o",
    );
    let (draft, diags) = parse(&text);
    assert!(draft.is_none());
    assert_eq!(found(&diags), [(Code::YamlSyntax, 14, 8)]);
    assert!(diags[0].text().contains("aliases"), "{diags:#?}");
}

#[test]
fn missing_or_unclosed_front_matter() {
    let cases = [
        ("", "the file is empty"),
        ("\n  \n", "the file is empty"),
        ("title: x\n", "does not start with front matter"),
        (
            "# Notes\n---\ntitle: x\n---\n",
            "does not start with front matter",
        ),
        ("---\ntitle: x\nstate: captured\n", "never closed"),
    ];
    for (text, needle) in cases {
        let (draft, diags) = parse(text);
        assert!(draft.is_none(), "{text:?}");
        assert_eq!(
            found(&diags),
            [(Code::MissingFrontMatter, 1, 1)],
            "{text:?}"
        );
        assert!(diags[0].text().contains(needle), "{text:?}: {diags:#?}");
    }
}

#[test]
fn an_empty_front_matter_reports_every_required_field_at_line_1() {
    let (draft, diags) = parse("---\n---\nbody\n");
    assert!(draft.is_some());
    assert!(
        diags
            .iter()
            .all(|d| d.code == Code::MissingField && d.line == 1)
    );
    let missing: Vec<&str> = diags
        .iter()
        .map(|d| d.message.split('`').nth(1).unwrap())
        .collect();
    assert_eq!(
        missing,
        [
            "title",
            "received",
            "developer",
            "quote",
            "area",
            "tag",
            "severity",
            "state"
        ]
    );
}

// ---------------------------------------------------- line endings and BOM

/// A file with problems on several lines, to compare positions.
const BROKEN: &str = "\
---
title: Streaming drops
received: 2026-11-20T09:00:00Z
developer:
  handle: \"@li\"
  credit: anonymus
  chanel: slack
quote: >
  The stream just stops
  after 60 seconds.
area: streaming
tag: dx-friction
severity: urgent
strategic: yes
jtbd: x
state: captured
---
Body
";

#[test]
fn crlf_and_bom_give_the_same_positions() {
    let (_, lf) = parse(BROKEN);
    assert_eq!(
        found(&lf),
        [
            (Code::UnknownField, 7, 3),
            (Code::InvalidValue, 6, 11),
            (Code::InvalidValue, 13, 11),
            (Code::InvalidValue, 14, 12),
        ]
    );
    let crlf = BROKEN.replace('\n', "\r\n");
    let bom = format!("\u{feff}{crlf}");
    let bom_lf = format!("\u{feff}{BROKEN}");
    for text in [&crlf, &bom, &bom_lf] {
        let (_, diags) = parse(text);
        assert_eq!(found(&diags), found(&lf), "{text:?}");
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        let expected: Vec<&str> = lf.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, expected);
    }
}

#[test]
fn crlf_and_bom_give_the_same_item() {
    let lf = parse(FULL).0.unwrap().finish().unwrap();
    let crlf_text = format!("\u{feff}{}", FULL.replace('\n', "\r\n"));
    let (draft, diags) = parse(&crlf_text);
    assert!(diags.is_empty(), "{diags:#?}");
    let crlf = draft.unwrap().finish().unwrap();
    assert_eq!(crlf.title, lf.title);
    assert_eq!(crlf.quote, lf.quote, "no \\r left in a folded scalar");
    assert_eq!(crlf.jtbd, lf.jtbd);
    assert_eq!(crlf.decision, lf.decision);
    assert_eq!(crlf.shipped, lf.shipped);
    assert_eq!(crlf.closed, lf.closed);
    assert_eq!(crlf.keys, lf.keys, "same key positions");
    assert_eq!(crlf.body.replace("\r\n", "\n"), lf.body);
}

#[test]
fn crlf_syntax_errors_keep_their_line() {
    let text = with(CAPTURED, "handle: \"@li\"", "handle: @li").replace('\n', "\r\n");
    let (_, diags) = parse(&format!("\u{feff}{text}"));
    assert_eq!(found(&diags), [(Code::YamlSyntax, 5, 11)]);
}

// ---------------------------------------------------------------- roadmap

#[test]
fn roadmap_items_read_and_report() {
    let calendar = Config::default().calendar;
    let read = |text: &str| {
        let file = SourceFile::new("roadmap/hybrid-reranker.md", text);
        let mut diags = Vec::new();
        let item = parse_roadmap(&file, "hybrid-reranker", &calendar, &mut diags);
        (item, diags)
    };
    let (item, diags) = read(
        "---\ntitle: Hybrid reranker\nstatus: in-progress\nadded: 2026-07-14\nquarter: 2026-Q4\n---\nNotes\n",
    );
    assert!(diags.is_empty(), "{diags:#?}");
    let item = item.unwrap();
    assert_eq!(item.title, "Hybrid reranker");
    assert_eq!(item.status, RoadmapStatus::InProgress);
    assert_eq!(item.added, t("2026-07-14T00:00:00Z"));
    assert_eq!(item.quarter.as_deref(), Some("2026-Q4"));
    assert_eq!(item.body, "Notes\n");

    let (item, diags) = read("---\ntitel: x\nstatus: doing\nquarter: Q4\n---\n");
    assert!(item.is_none());
    assert_eq!(
        found(&diags),
        [
            (Code::UnknownField, 2, 1),
            (Code::MissingField, 3, 1), // title, at the status line
            (Code::InvalidValue, 3, 9),
            (Code::MissingField, 3, 1), // added
            (Code::InvalidValue, 4, 10),
        ],
        "{diags:#?}"
    );
}
