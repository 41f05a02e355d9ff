//! `closeloop schema [item|roadmap|config]`: JSON Schemas (draft-07) of
//! an item's front matter, a roadmap item's and `closeloop.toml`, so that
//! editors can complete and check them as they are typed.
//!
//! The item schema expresses every rule of SPEC §3 that JSON Schema can:
//! the state rules (each state's milestones required, nothing beyond the
//! state), `jtbd` unless `dx-delight`, `release` or `pr` for `shipped`,
//! `roadmap` for `planned`, what a duplicate may carry, no blank text, and
//! exactly the timestamp spellings the reader accepts. With a repository
//! that lists `areas`, `area` is an enum of them. Rules across files or
//! against *now* (time order, future timestamps, unknown roadmap items,
//! duplicate ids) are left to `validate`.

use super::Outcome;
use crate::model::{Credit, Keyword, Outcome as Decision, Severity, State, Tag};
use anyhow::Result;
use serde_json::{Value, json};

/// The item schema with no `areas`: what `schema/item.schema.json` holds.
pub const ITEM_SCHEMA: &str = include_str!("../../schema/item.schema.json");

/// Which file a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum SchemaKind {
    /// A feedback item's front matter (`feedback/**/<id>.md`).
    #[default]
    Item,
    /// A roadmap item's front matter (`roadmap/<id>.md`).
    Roadmap,
    /// closeloop.toml.
    Config,
}

pub fn run(kind: SchemaKind, areas: &[String], out: &mut dyn std::io::Write) -> Result<Outcome> {
    let schema = match kind {
        SchemaKind::Item => item_schema(areas),
        SchemaKind::Roadmap => roadmap_schema(),
        SchemaKind::Config => config_schema(),
    };
    out.write_all(pretty(&schema).as_bytes())?;
    Ok(Outcome::Clean)
}

pub fn pretty(schema: &Value) -> String {
    let mut text = serde_json::to_string_pretty(schema).expect("a schema serializes");
    text.push('\n');
    text
}

const DRAFT_07: &str = "http://json-schema.org/draft-07/schema#";

/// The spellings `parse_timestamp` accepts, and only those: RFC 3339 (a
/// `T`, `t` or space between date and time; `Z`, `z` or an offset;
/// seconds required, fractions allowed), a local `2026-11-03 14:20` or
/// `2026-11-03T14:20[:00]`, or a date.
pub const TIMESTAMP_PATTERN: &str = concat!(
    r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])",
    r"([Tt ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?",
    r"|[Tt ]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d))?$"
);

/// Ids and references to ids (SPEC §2).
const ID_PATTERN: &str = "^[a-z0-9][a-z0-9-]{0,79}$";

fn words<K: Keyword>() -> Value {
    json!(K::names())
}

/// Text as the reader takes it: any scalar that is not blank (YAML reads
/// `title: 2026` as a number; closeloop takes it as the text `2026`).
fn text(description: &str) -> Value {
    json!({
        "type": ["string", "number", "boolean"],
        "pattern": "\\S",
        "description": description,
    })
}

/// An optional key may also be written empty (`owner:`): the same as
/// leaving it out.
fn optional(mut schema: Value) -> Value {
    if let Some(types) = schema.get_mut("type").and_then(Value::as_array_mut) {
        types.push(json!("null"));
    } else if let Some(t) = schema.get("type").cloned() {
        schema["type"] = json!([t, "null"]);
    } else if let Some(values) = schema.get_mut("enum").and_then(Value::as_array_mut) {
        values.push(Value::Null);
    } else if schema.get("$ref").is_some() {
        return json!({ "anyOf": [schema, { "type": "null" }] });
    }
    schema
}

fn timestamp() -> Value {
    json!({ "$ref": "#/definitions/timestamp" })
}

/// The milestone keys in lifecycle order, and the state that records each.
const MILESTONES: [(&str, State); 5] = [
    ("distributed", State::Distributed),
    ("acknowledged", State::Acknowledged),
    ("decision", State::Decided),
    ("shipped", State::Shipped),
    ("closed", State::Closed),
];

/// `if state == S then` (milestones up to S required, later ones absent).
fn state_rule(state: State) -> Value {
    let mut required: Vec<&str> = Vec::new();
    let mut forbidden: Vec<&str> = Vec::new();
    for (key, at) in MILESTONES {
        // `closed` may follow `decided` directly (not-prioritized), so the
        // ship is left to the outcome rules below.
        if state == State::Closed && key == "shipped" {
            continue;
        }
        // A closed duplicate has no decision; the duplicate rule says so.
        if state == State::Closed && key == "decision" {
            continue;
        }
        if at <= state {
            required.push(key);
        } else {
            forbidden.push(key);
        }
    }
    let mut then = json!({ "required": required });
    if !forbidden.is_empty() {
        then["not"] = json!({ "anyOf": forbidden.iter().map(|k| json!({ "required": [k] })).collect::<Vec<_>>() });
    }
    json!({
        "if": { "properties": { "state": { "const": state.as_str() } }, "required": ["state"] },
        "then": then,
    })
}

pub fn item_schema(areas: &[String]) -> Value {
    let area = if areas.is_empty() {
        text("The product area.")
    } else {
        json!({ "enum": areas, "description": "One of `areas` in closeloop.toml." })
    };
    let outcome_is = |outcomes: &[Decision]| {
        json!({
            "properties": { "decision": {
                "properties": { "outcome": { "enum": outcomes.iter().map(|o| o.as_str()).collect::<Vec<_>>() } },
                "required": ["outcome"],
            } },
            "required": ["decision"],
        })
    };
    let mut rules: Vec<Value> = State::ALL.iter().map(|s| state_rule(*s)).collect();
    rules.extend([
        // jtbd is required except for dx-delight.
        json!({
            "if": { "properties": { "tag": { "const": Tag::DxDelight.as_str() } }, "required": ["tag"] },
            "else": { "required": ["jtbd"] },
        }),
        // `shipped` only follows quick-win or planned.
        json!({
            "if": { "required": ["shipped"] },
            "then": outcome_is(&[Decision::QuickWin, Decision::Planned]),
        }),
        // `planned` names its roadmap item.
        json!({
            "if": outcome_is(&[Decision::Planned]),
            "then": { "properties": { "decision": { "required": ["roadmap"] } } },
        }),
        // Closed without a ship only after not-prioritized; closed with a
        // quick-win or planned decision needs the ship.
        json!({
            "if": {
                "properties": { "state": { "const": "closed" } },
                "required": ["state", "decision"],
                "not": { "required": ["duplicate_of"] },
            },
            "then": {
                "if": outcome_is(&[Decision::NotPrioritized]),
                "then": { "not": { "required": ["shipped"] } },
                "else": {
                    "required": ["shipped"],
                    "properties": { "decision": { "properties": { "outcome": { "enum": ["quick-win", "planned"] } } } },
                },
            },
        }),
        // A closed item that is not a duplicate has a decision.
        json!({
            "if": { "properties": { "state": { "const": "closed" } }, "required": ["state"], "not": { "required": ["duplicate_of"] } },
            "then": { "required": ["decision"] },
        }),
        // A duplicate carries no decision or ship of its own.
        json!({
            "if": { "required": ["duplicate_of"], "properties": { "duplicate_of": { "type": "string" } } },
            "then": {
                "not": { "anyOf": [{ "required": ["decision"] }, { "required": ["shipped"] }] },
                "properties": { "state": { "enum": ["captured", "distributed", "acknowledged", "closed"] } },
            },
        }),
    ]);
    json!({
        "$schema": DRAFT_07,
        "$id": "https://closeloop.dev/schema/item.schema.json",
        "title": "closeloop feedback item",
        "description": "The YAML front matter of a feedback item (feedback/**/<id>.md).",
        "definitions": {
            "timestamp": {
                "type": "string",
                "description": "RFC 3339 (2026-11-03T14:20:00Z), local '2026-11-03 14:20' or a date '2026-11-03'; local forms are in the calendar's time zone",
                "pattern": TIMESTAMP_PATTERN,
            },
        },
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "title": {
                "type": ["string", "number", "boolean"],
                "pattern": "\\S",
                "minLength": 1,
                "maxLength": crate::parse::TITLE_MAX,
                "description": "Plain text, 1–120 characters.",
            },
            "received": timestamp(),
            "developer": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "handle": text("The developer's handle, e.g. \"@mara\" (quote a leading @)."),
                    "credit": { "enum": words::<Credit>(), "description": "How the public site may credit the developer." },
                    "channel": optional(text("Where the feedback came from. Never public.")),
                },
                "required": ["handle", "credit"],
            },
            "quote": text("The developer's words, verbatim. Plain text."),
            "area": area,
            "tag": { "enum": words::<Tag>() },
            "severity": { "enum": words::<Severity>() },
            "frequency": {
                "description": "How many developers reported it (an integer >= 1; quoted digits read the same).",
                "default": 1,
                "anyOf": [
                    { "type": "integer", "minimum": 1 },
                    { "type": "string", "pattern": "^\\+?0*[1-9][0-9]*$" },
                    { "type": "null" },
                ],
            },
            "strategic": optional(json!({ "type": "boolean", "default": false })),
            "embargo": optional(json!({ "type": "boolean", "default": false, "description": "Keep the item off the public site until it has shipped (security reports)." })),
            "jtbd": optional(text("When …, I want …, so that …. Required except for dx-delight.")),
            "owner": optional(text("Who owns it: a team or a handle. Never public.")),
            "links": optional(json!({
                "type": "object",
                "additionalProperties": { "type": ["string", "number", "boolean"] },
                "description": "Internal only: never published.",
            })),
            "state": { "enum": words::<State>() },
            "distributed": timestamp(),
            "acknowledged": timestamp(),
            "review": optional(timestamp()),
            "decision": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "outcome": { "enum": words::<Decision>() },
                    "at": timestamp(),
                    "reason": text("Why: Markdown."),
                    "roadmap": optional(json!({ "type": "string", "pattern": ID_PATTERN, "description": "The roadmap item (roadmap/<id>.md); required for planned." })),
                },
                "required": ["outcome", "at", "reason"],
            },
            "shipped": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "at": timestamp(),
                    "release": optional(text("The release, e.g. v2.3.0.")),
                    "pr": optional(text("The pull request's URL.")),
                    "impact": optional(text("Before/after: Markdown.")),
                    "summary": optional(json!({
                        "type": ["string", "number", "boolean"],
                        "pattern": "\\S",
                        "maxLength": 200,
                        "description": "Plain text: the one-line release note of what changed.",
                    })),
                },
                "required": ["at"],
                "anyOf": [{ "required": ["release"] }, { "required": ["pr"] }],
            },
            "closed": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "at": timestamp(),
                    "followup": optional(text("The developer's follow-up quote. Plain text.")),
                    "satisfaction": optional(json!({ "type": "integer", "minimum": 1, "maximum": 5 })),
                },
                "required": ["at"],
            },
            "duplicate_of": optional(json!({
                "type": "string",
                "pattern": ID_PATTERN,
                "description": "The id of the feedback item this one reports again. A duplicate keeps its own developer, quote, distributed, acknowledged and closed, and has no decision or shipped of its own.",
            })),
        },
        "required": ["title", "received", "developer", "quote", "area", "tag", "severity", "state"],
        "allOf": rules,
    })
}

pub fn roadmap_schema() -> Value {
    json!({
        "$schema": DRAFT_07,
        "$id": "https://closeloop.dev/schema/roadmap.schema.json",
        "title": "closeloop roadmap item",
        "description": "The YAML front matter of a roadmap item (roadmap/<id>.md).",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "title": text("Plain text."),
            "status": { "enum": ["planned", "in-progress", "shipped", "dropped"] },
            "added": { "type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$", "description": "A date, 2026-11-03." },
            "quarter": optional(json!({ "type": "string", "pattern": r"^\d{4}-Q[1-4]$", "description": "e.g. 2026-Q4" })),
        },
        "required": ["title", "status", "added"],
    })
}

pub fn config_schema() -> Value {
    let span = json!({ "type": "string", "pattern": r"^[0-9]+(h|d|bd)$", "description": "<n>h hours, <n>d days of 24h, <n>bd business days" });
    let share = json!({ "type": "number", "minimum": 0, "maximum": 1 });
    let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    json!({
        "$schema": DRAFT_07,
        "$id": "https://closeloop.dev/schema/config.schema.json",
        "title": "closeloop.toml",
        "description": "closeloop's configuration; every key is optional.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "areas": { "type": "array", "items": { "type": "string", "minLength": 1 }, "uniqueItems": true, "description": "Allowed product areas; empty allows any." },
            "site": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "title": { "type": "string", "default": "Developer Voice" },
                    "base_url": { "type": "string", "default": "", "description": "Only feeds the Atom feed." },
                    "internal_url": { "type": "string", "default": "", "description": "Where the internal site is published; links in drafts and digests." },
                    "publish_from": { "enum": words::<State>(), "default": "acknowledged" },
                    "public_reports": { "type": "boolean", "default": true },
                },
            },
            "calendar": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "timezone": { "type": "string", "default": "UTC", "description": "An IANA name, e.g. Europe/Berlin." },
                    "workdays": { "type": "array", "items": { "enum": days }, "minItems": 1, "uniqueItems": true },
                    "holidays": { "type": "array", "items": { "type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$" } },
                },
            },
            "sla": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "distribute": span, "acknowledge": span, "review": span, "quick_win": span, "close": span,
                    "at_risk": share,
                },
            },
            "signals": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "top_share": share,
                    "window": span,
                    "areas": { "type": "array", "items": { "type": "string", "minLength": 1 }, "description": "Also read here (where SPEC §4's example puts it); not in both places." },
                },
            },
            "owners": {
                "type": "object",
                "additionalProperties": { "type": "string", "minLength": 1 },
                "description": "area -> who owns it (a team or a handle); \"*\" for anyone else.",
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checked_in_item_schema_is_the_generated_one() {
        let generated = pretty(&item_schema(&[]));
        assert!(
            generated == ITEM_SCHEMA,
            "schema/item.schema.json is stale: write `closeloop schema > schema/item.schema.json`"
        );
    }

    #[test]
    fn areas_become_an_enum() {
        let schema = item_schema(&["retrieval".to_owned(), "cli".to_owned()]);
        assert_eq!(
            schema["properties"]["area"]["enum"],
            json!(["retrieval", "cli"])
        );
        assert_eq!(schema["$schema"], DRAFT_07);
    }
}
