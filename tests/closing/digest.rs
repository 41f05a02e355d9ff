//! `closeloop report digest` and `draft digest`: anonymized, and the Slack
//! payload within Slack's limits with Slack's escaping.

use super::{inside, todo_fixture};
use crate::support::TempRepo;
use serde_json::Value;

/// Handles, channels and links of the fixture: never in a digest.
const NEVER: &[&str] = &[
    "@canary",
    "discord-canary",
    "slack-canary",
    "forum-canary",
    "email-canary",
    "canary-tokyo-link",
    "LIN-CANARY",
    "BILL-CANARY",
    "canary-body",
];

#[test]
fn the_digest_of_the_last_four_days_in_every_format() {
    for format in ["md", "json", "slack"] {
        let out = todo_fixture(&["report", "digest", "--since", "4d", "--format", format]);
        let text = out.ok();
        for canary in NEVER {
            assert!(!text.contains(canary), "{canary} in {format}:\n{text}");
        }
        // Only the public developer's words are quoted.
        assert!(text.contains("ReadableStream glue"), "{format}");
        assert!(!text.contains("just vanishes"), "{format}");
        assert!(!text.contains("no longer exists"), "{format}");
    }
    let json: Value = serde_json::from_str(
        todo_fixture(&["report", "digest", "--since", "4d", "--format", "json"]).ok(),
    )
    .unwrap();
    let ids: Vec<&str> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    // Received since 2026-11-22T12:00Z, strongest signal first.
    assert_eq!(ids, ["tokyo-captured", "ny-distributed", "berlin-ack-late"]);
    assert_eq!(json["since"], "2026-11-22T12:00:00Z");
    assert_eq!(json["left_out"], 1);
    let ny = &json["items"][1];
    assert_eq!(ny["owner_tag"], "@lena");
    assert!(ny["quote"].is_null());
    assert_eq!(
        ny["url"],
        "https://voice.internal.example/team/feedback/ny-distributed.html"
    );
    let md = todo_fixture(&["report", "digest", "--since", "4d"]);
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("../snapshots");
    settings.bind(|| insta::assert_snapshot!("report_digest_4d_md", md.ok()));
}

#[test]
fn the_default_span_is_24_hours() {
    let out = todo_fixture(&["report", "digest", "--format", "json"]);
    let json: Value = serde_json::from_str(out.ok()).unwrap();
    assert_eq!(json["since"], "2026-11-25T12:00:00Z");
    let ids: Vec<&str> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["tokyo-captured"]);
}

#[test]
fn a_bad_since_is_exit_2() {
    for bad in ["2bd", "yesterday"] {
        let out = todo_fixture(&["report", "digest", "--since", bad]);
        assert_eq!(out.code, 2, "{bad}");
        assert!(
            out.stderr.contains(&format!("`--since {bad}`")),
            "{}",
            out.stderr
        );
    }
}

fn texts(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(t)) = m.get("text") {
                out.push(t.clone());
            }
            m.values().for_each(|x| texts(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| texts(x, out)),
        _ => {}
    }
}

#[test]
fn slack_payload_keeps_to_the_limits_and_escapes() {
    let repo = TempRepo::new();
    repo.write("closeloop.toml", "[owners]\n\"*\" = \"devrel\"\n");
    let long = "x".repeat(4000);
    for n in 0..60 {
        let quote = if n == 0 {
            format!("Tom & Jerry <!channel> <@U123> {long}")
        } else {
            "Short & <sweet>.".to_owned()
        };
        repo.write(
            &format!("feedback/item-{n:02}.md"),
            crate::support::GOOD_ITEM
                .replace(
                    "quote: The stream just stops after 60 seconds.",
                    &format!("quote: \"{quote}\""),
                )
                .replace(
                    "severity: medium",
                    &format!("severity: medium\nfrequency: {}", 100 - n),
                ),
        );
    }
    let out = inside(repo.root(), &["report", "digest", "--format", "slack"]);
    let payload: Value = serde_json::from_str(out.ok()).unwrap();
    let blocks = payload["blocks"].as_array().unwrap();
    assert!(blocks.len() <= 50, "{} blocks", blocks.len());
    let mut all = Vec::new();
    texts(&payload, &mut all);
    for t in &all {
        assert!(
            t.chars().count() <= 3000,
            "a text of {} characters",
            t.chars().count()
        );
        assert!(!t.contains("<!channel>") && !t.contains("<@U123>"), "{t}");
    }
    let joined = all.join("\n");
    assert!(
        joined.contains("Tom &amp; Jerry &lt;!channel&gt; &lt;@U123&gt;"),
        "{joined}"
    );
    assert!(
        joined.contains("more characters not shown"),
        "the long quote is cut"
    );
    // 2 header blocks, 23 entries of 2 blocks, one closing note.
    assert!(joined.contains("…and 37 more not shown here"), "{joined}");
    assert_eq!(blocks[0]["type"], "header");
    assert!(
        blocks[0]["text"]["text"]
            .as_str()
            .unwrap()
            .contains("60 new items")
    );
}

#[test]
fn draft_digest_never_names_the_developer_whatever_the_credit() {
    for id in [
        "tokyo-captured",
        "ny-distributed",
        "berlin-ack-late",
        "shipped-not-closed",
    ] {
        for format in ["text", "md"] {
            let out = todo_fixture(&["draft", "digest", id, "--format", format]);
            let text = out.ok();
            for canary in NEVER {
                assert!(!text.contains(canary), "{canary} in {id}:\n{text}");
            }
            assert!(text.contains("Owner: @"), "{text}");
        }
    }
}

#[test]
fn since_includes_an_item_received_exactly_at_its_start() {
    // GOOD_ITEM is received at 08:00Z, four hours before *now*.
    let repo = TempRepo::new();
    repo.write("feedback/a.md", crate::support::GOOD_ITEM);
    let count = |since: &str| {
        let out = inside(
            repo.root(),
            &["report", "digest", "--since", since, "--format", "json"],
        );
        let json: Value = serde_json::from_str(out.ok()).unwrap();
        json["items"].as_array().unwrap().len()
    };
    assert_eq!(count("4h"), 1);
    assert_eq!(count("3h"), 0);
    assert_eq!(count("2026-11-26T08:00:00Z"), 1);
    assert_eq!(count("2026-11-26 08:00:01"), 0);
}
