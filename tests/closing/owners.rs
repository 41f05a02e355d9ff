//! `[owners]`: who owns what, in `sla` and as configuration errors.

use super::{inside, todo_fixture};
use crate::support::TempRepo;

#[test]
fn sla_json_names_each_items_owner() {
    let out = todo_fixture(&["sla", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(out.ok()).unwrap();
    let owners: Vec<(&str, &str, Option<&str>)> = json["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["item"].as_str().unwrap(),
                c["clock"].as_str().unwrap(),
                c["owner"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        owners,
        [
            // billing is not in [owners]: the "*" fallback.
            ("shipped-not-closed", "close", Some("devrel")),
            ("berlin-ack-late", "acknowledge", Some("devrel")),
            // The item's own `owner:` wins over `retrieval = …`.
            ("ny-distributed", "acknowledge", Some("@lena")),
            ("quick-win-running", "quick-win", Some("sdk-squad")),
            ("tokyo-captured", "distribute", Some("sdk-squad")),
            ("tokyo-captured", "acknowledge", Some("sdk-squad")),
            ("top-signal", "review", Some("retrieval-squad")),
        ]
    );
}

#[test]
fn sla_table_has_an_owner_column() {
    let out = todo_fixture(&["sla"]);
    let text = out.ok();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().ends_with("OWNER"), "{text}");
    let ny = text.lines().find(|l| l.contains("ny-distributed")).unwrap();
    assert!(ny.ends_with("@lena"), "{ny}");
}

#[test]
fn no_owner_anywhere_is_a_dash_and_null() {
    let repo = TempRepo::new();
    repo.write("feedback/a.md", crate::support::GOOD_ITEM);
    let table = inside(repo.root(), &["sla"]);
    assert!(table.ok().lines().nth(1).unwrap().ends_with("  -"));
    let json: serde_json::Value =
        serde_json::from_str(inside(repo.root(), &["sla", "--format", "json"]).ok()).unwrap();
    assert!(json["clocks"][0]["owner"].is_null(), "{json}");
}

#[test]
fn an_owned_area_missing_from_areas_stops_the_command_with_its_position() {
    let repo = TempRepo::new();
    repo.write("feedback/a.md", crate::support::GOOD_ITEM);
    repo.write(
        "closeloop.toml",
        "areas = [\"streaming\", \"sdk\"]\n\n[owners]\nsdk = \"sdk-squad\"\nstreeming = \"streaming-squad\"\n",
    );
    for args in [&["sla"][..], &["validate"], &["todo"]] {
        let out = inside(repo.root(), args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.contains("--> closeloop.toml:5:1\n")
                && out.stderr.contains("`streeming`")
                && out.stderr.contains("did you mean `streaming`"),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn an_empty_owner_is_a_configuration_error() {
    let repo = TempRepo::new();
    repo.write("closeloop.toml", "[owners]\n\"*\" = \"  \"\n");
    let out = inside(repo.root(), &["sla"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("--> closeloop.toml:2:7\n"),
        "{}",
        out.stderr
    );
}
