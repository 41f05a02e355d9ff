//! `closeloop schema` agrees with `validate`: every fixture item, and
//! crafted variants of one item, are accepted by the JSON Schema exactly
//! when `validate` finds no error that JSON Schema can express.
//!
//! What JSON Schema cannot express, and so is left out of the comparison
//! (the schema accepts, validate refuses):
//! - rules across files: `duplicate-id`, `unknown-roadmap`,
//!   `unknown-duplicate`; the file name: `invalid-id`;
//! - rules against *now* or between two values: `future-timestamp`,
//!   `time-order`, `sla-*`;
//! - what is not YAML at all, or not readable: `yaml-syntax`,
//!   `missing-front-matter`, `unreadable-file`;
//! - calendar facts inside a well-formed timestamp (`2026-02-30`) and
//!   control characters in text (`invalid-value` on those lines).

use crate::support::{NOW, TempRepo, closeloop, closeloop_in, fixture};
use closeloop::parse::yaml::{Node, Value as Yaml};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Codes a JSON Schema can express: a file with one of these must fail it.
const EXPRESSIBLE: [&str; 5] = [
    "missing-field",
    "unknown-field",
    "invalid-value",
    "state-mismatch",
    "unknown-area",
];

/// YAML as an editor's YAML 1.2 (core schema) reader gives it to a JSON
/// Schema validator: plain scalars may be null, booleans or numbers.
fn to_json(node: &Node) -> Value {
    match &node.value {
        Yaml::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|e| (e.key.to_string(), to_json(&e.value)))
                .collect(),
        ),
        Yaml::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        Yaml::Scalar { text, plain: false } => json!(text),
        Yaml::Scalar { text, plain: true } => match &**text {
            "" | "~" | "null" | "Null" | "NULL" => Value::Null,
            "true" | "True" | "TRUE" => json!(true),
            "false" | "False" | "FALSE" => json!(false),
            t => t
                .parse::<i64>()
                .map(Value::from)
                .ok()
                .or_else(|| {
                    t.parse::<f64>()
                        .ok()
                        .filter(|f| {
                            f.is_finite()
                                && t.chars().all(|c| c.is_ascii_digit() || ".-+eE".contains(c))
                        })
                        .map(Value::from)
                })
                .unwrap_or_else(|| json!(t)),
        },
    }
}

fn front_matter(text: &str) -> Option<Value> {
    let split = closeloop::parse::split(text).ok()?;
    let node = closeloop::parse::yaml::parse(split.yaml, split.yaml_line_offset).ok()?;
    Some(to_json(&node))
}

fn schema_of(root: &Path, kind: &str) -> jsonschema::Validator {
    let run = closeloop(root, &["schema", kind]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let schema: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    jsonschema::draft7::new(&schema).expect("the schema compiles")
}

/// Per file: the codes of validate's errors.
fn errors_by_file(root: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let run = closeloop(root, &["validate", "--format", "json"]);
    let mut by_file: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for d in run.json()["diagnostics"].as_array().unwrap() {
        if d["severity"] == "error" {
            by_file
                .entry(d["file"].as_str().unwrap().to_owned())
                .or_default()
                .insert(d["code"].as_str().unwrap().to_owned());
        }
    }
    by_file
}

/// Every disagreement in one repository, as readable lines.
fn disagreements(root: &Path) -> Vec<String> {
    let item = schema_of(root, "item");
    let roadmap = schema_of(root, "roadmap");
    let errors = errors_by_file(root);
    let mut found = Vec::new();
    for folder in ["feedback", "roadmap"] {
        for entry in walkdir::WalkDir::new(root.join(folder))
            .into_iter()
            .flatten()
        {
            let rel = entry
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if !entry.file_type().is_file() || !is_item(&rel) {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            let Some(value) = front_matter(&text) else {
                continue;
            };
            let codes = errors.get(&rel).cloned().unwrap_or_default();
            if codes.iter().any(|c| {
                ["yaml-syntax", "missing-front-matter", "unreadable-file"].contains(&c.as_str())
            }) {
                continue;
            }
            let expressible: Vec<&String> = codes
                .iter()
                .filter(|c| EXPRESSIBLE.contains(&c.as_str()))
                .collect();
            let validator = if folder == "feedback" {
                &item
            } else {
                &roadmap
            };
            let problems: Vec<String> = validator
                .iter_errors(&value)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            match (expressible.is_empty(), problems.is_empty()) {
                (true, false) => found.push(format!(
                    "{rel}: validate accepts, the schema refuses: {problems:?}"
                )),
                (false, true) => found.push(format!(
                    "{rel}: validate refuses ({expressible:?}), the schema accepts"
                )),
                _ => {}
            }
        }
    }
    found
}

fn is_item(rel: &str) -> bool {
    rel.ends_with(".md")
        && !rel.ends_with("/README.md")
        && !rel
            .split('/')
            .skip(1)
            .any(|p| p.starts_with('_') || p.starts_with('.'))
}

#[test]
fn every_fixture_gets_the_same_verdict_from_the_schema_and_validate() {
    let mut found = Vec::new();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut names: Vec<_> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    for name in names {
        let root = fixture(name.to_str().unwrap());
        if !root.join("feedback").is_dir() {
            continue;
        }
        // A fixture whose configuration is refused (exit 2) has no verdict.
        if closeloop(&root, &["validate", "--format", "json"]).code == 2 {
            continue;
        }
        found.extend(
            disagreements(&root)
                .into_iter()
                .map(|d| format!("{}: {d}", name.to_string_lossy())),
        );
    }
    assert!(
        found.is_empty(),
        "{} disagreements:\n{}",
        found.len(),
        found.join("\n")
    );
}

const BASE: &str = "---
title: Streams drop after 60 seconds behind a proxy
received: 2026-11-20T08:00:00Z
developer:
  handle: \"@li\"
  credit: public
quote: The stream just stops after 60 seconds.
area: streaming
tag: dx-friction
severity: medium
jtbd: When I stream through a proxy, I want the stream to survive, so that users see answers.
state: captured
---
";

const SHIPPED: &str = "state: shipped
distributed: 2026-11-20T09:00:00Z
acknowledged: 2026-11-20T10:00:00Z
decision:
  outcome: quick-win
  at: 2026-11-20T11:00:00Z
  reason: Small.
shipped:
  at: 2026-11-21T11:00:00Z
  release: v1.2.0
";

#[test]
fn crafted_variants_get_the_same_verdict() {
    let variants: Vec<(&str, String)> = vec![
        ("the base", BASE.to_owned()),
        ("an empty optional key", BASE.replace("state:", "owner:\nstate:")),
        ("a number as the title", BASE.replace("title: Streams drop after 60 seconds behind a proxy", "title: 2026")),
        ("lower-case t and z", BASE.replace("2026-11-20T08:00:00Z", "2026-11-20t08:00:00z")),
        ("a local time with a lower-case t", BASE.replace("2026-11-20T08:00:00Z", "2026-11-20t08:00")),
        ("a one-digit month", BASE.replace("2026-11-20T08:00:00Z", "2026-9-14")),
        ("a local time", BASE.replace("2026-11-20T08:00:00Z", "2026-11-20 08:00")),
        ("a date", BASE.replace("2026-11-20T08:00:00Z", "2026-11-20")),
        ("a fraction of a second", BASE.replace("2026-11-20T08:00:00Z", "2026-11-20T08:00:00.250+01:00")),
        ("an offset without seconds", BASE.replace("2026-11-20T08:00:00Z", "2026-11-20T08:00Z")),
        ("a blank quote", BASE.replace("quote: The stream just stops after 60 seconds.", "quote: \"  \"")),
        ("a blank title", BASE.replace("title: Streams drop after 60 seconds behind a proxy", "title: \" \"")),
        ("no jtbd", BASE.replace("jtbd: When I stream through a proxy, I want the stream to survive, so that users see answers.\n", "")),
        ("no jtbd for dx-delight", BASE.replace("jtbd: When I stream through a proxy, I want the stream to survive, so that users see answers.\n", "").replace("dx-friction", "dx-delight")),
        ("a milestone beyond the state", BASE.replace("state: captured", "state: captured\ndistributed: 2026-11-20T09:00:00Z")),
        ("a state without its milestone", BASE.replace("state: captured", "state: distributed")),
        ("shipped", BASE.replace("state: captured\n", SHIPPED)),
        ("shipped without release or pr", BASE.replace("state: captured\n", &SHIPPED.replace("  release: v1.2.0\n", ""))),
        ("shipped after needs-research", BASE.replace("state: captured\n", &SHIPPED.replace("quick-win", "needs-research"))),
        ("planned without a roadmap", BASE.replace("state: captured\n", &SHIPPED.replace("quick-win", "planned"))),
        ("closed after not-prioritized", BASE.replace("state: captured\n", "state: closed\ndistributed: 2026-11-20T09:00:00Z\nacknowledged: 2026-11-20T10:00:00Z\ndecision:\n  outcome: not-prioritized\n  at: 2026-11-20T11:00:00Z\n  reason: No.\nclosed:\n  at: 2026-11-21T11:00:00Z\n")),
        ("closed after quick-win without a ship", BASE.replace("state: captured\n", "state: closed\ndistributed: 2026-11-20T09:00:00Z\nacknowledged: 2026-11-20T10:00:00Z\ndecision:\n  outcome: quick-win\n  at: 2026-11-20T11:00:00Z\n  reason: Small.\nclosed:\n  at: 2026-11-21T11:00:00Z\n")),
        ("closed after a ship", BASE.replace("state: captured\n", &format!("{}closed:\n  at: 2026-11-22T11:00:00Z\n", SHIPPED.replace("state: shipped", "state: closed")))),
        ("an unknown key", BASE.replace("state:", "titel: x\nstate:")),
        ("a bad tag", BASE.replace("dx-friction", "friction")),
        ("frequency zero", BASE.replace("state:", "frequency: 0\nstate:")),
        ("satisfaction six", BASE.replace("state: captured\n", &format!("{}closed:\n  at: 2026-11-22T11:00:00Z\n  satisfaction: 6\n", SHIPPED.replace("state: shipped", "state: closed")))),
        ("a number as a handle", BASE.replace("\"@li\"", "42")),
        ("strategic as text", BASE.replace("state:", "strategic: yes\nstate:")),
        ("a quoted frequency", BASE.replace("state:", "frequency: \"3\"\nstate:")),
    ];
    let mut found = Vec::new();
    for (name, text) in &variants {
        let repo = TempRepo::new();
        repo.write(
            "roadmap/r.md",
            "---\ntitle: R\nstatus: planned\nadded: 2026-11-01\n---\n",
        );
        repo.write("feedback/x.md", text);
        found.extend(
            disagreements(repo.root())
                .into_iter()
                .map(|d| format!("{name}: {d}")),
        );
    }
    assert!(
        found.is_empty(),
        "{} disagreements:\n{}",
        found.len(),
        found.join("\n")
    );
    let _ = NOW;
}

#[test]
fn schema_lists_the_areas_and_covers_roadmap_and_config() {
    let root = fixture("valid");
    let run = closeloop_in(&root, &["schema"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let schema: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        schema["properties"]["area"]["enum"],
        json!(["retrieval", "cli", "docs", "streaming"])
    );
    // Outside any repository: no enum.
    let nowhere = tempfile::tempdir().unwrap();
    let run = closeloop_in(nowhere.path(), &["schema"]);
    let schema: Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(schema["properties"]["area"].get("enum").is_none());

    // closeloop.toml of every fixture (as JSON) against `schema config`.
    let config = schema_of(&root, "config");
    for name in ["valid", "report", "sla", "every-code"] {
        let text = std::fs::read_to_string(fixture(name).join("closeloop.toml")).unwrap();
        let value: Value =
            serde_json::to_value(toml::from_str::<toml::Table>(&text).unwrap()).unwrap();
        let problems: Vec<String> = config.iter_errors(&value).map(|e| e.to_string()).collect();
        assert!(problems.is_empty(), "{name}: {problems:?}");
    }
    let bad: Value = json!({ "sla": { "distribute": "24 hours" }, "colour": 1 });
    assert!(!config.is_valid(&bad));
}
