//! Fuzz-style properties of the whole file pipeline: bytes on disk, read,
//! split, YAML, typed reading, checks, the three renderers. Whatever the
//! bytes, a file ends as diagnostics (never a panic) within a second.
//!
//! Two generators: arbitrary bytes, and mutations of valid items that aim
//! at the places parsers break (deep nesting, huge keys and values,
//! control characters, odd line endings, cut-off files). The case counts
//! keep the run to seconds so it runs in CI on every push.

use crate::config::Config;
use crate::diag;
use crate::repo::{Bodies, Repository};
use crate::source::SourceFile;
use proptest::prelude::*;
use std::time::{Duration, Instant};

const NOW: &str = "2026-11-26T12:00:00Z";

/// The budget for one file, debug build included.
const PER_FILE: Duration = Duration::from_secs(1);

const SEEDS: &[&str] = &[
    "---\ntitle: Streams drop after 60 seconds\nreceived: 2026-11-26T08:00:00Z\ndeveloper:\n  handle: \"@li\"\n  credit: public\nquote: The stream just stops.\narea: streaming\ntag: dx-friction\nseverity: medium\njtbd: When I stream, I want it to survive, so that users see answers.\nstate: captured\n---\nNotes.\n",
    "---\ntitle: Retries double-charge\nreceived: 2026-11-20 08:00\ndeveloper:\n  handle: \"@mara\"\n  credit: anonymous\n  channel: discord\nquote: >\n  It charged twice.\narea: billing\ntag: missing-capability\nseverity: high\nfrequency: 3\nstrategic: true\njtbd: When a call retries, I want one charge, so that users trust us.\nlinks:\n  ticket: LIN-1\nstate: closed\ndistributed: 2026-11-20T09:00:00Z\nacknowledged: 2026-11-20T10:00:00Z\nreview: 2026-11-21\ndecision:\n  outcome: quick-win\n  at: 2026-11-20T11:00:00Z\n  reason: Idempotency **keys**.\nshipped:\n  at: 2026-11-21T11:00:00Z\n  release: v1.2.0\n  pr: https://github.com/example/astra/pull/1\n  impact: No more double charges.\nclosed:\n  at: 2026-11-22T10:00:00Z\n  followup: Works.\n  satisfaction: 5\n---\n",
];

/// One mutation of a valid item's text.
#[derive(Debug, Clone)]
enum Mutation {
    /// Insert `depth` opening brackets (and maybe their closers) at `at`.
    Nest {
        at: usize,
        depth: usize,
        close: bool,
    },
    /// A key of `len` characters.
    HugeKey { at: usize, len: usize },
    /// A value of `len` characters.
    HugeValue { at: usize, len: usize },
    /// A character from the hostile set at `at`.
    Char { at: usize, c: char },
    /// Every `\n` becomes this line ending.
    LineEndings(&'static str),
    /// The file cut at `at`.
    Truncate { at: usize },
    /// The line holding `at` repeated `times` times.
    Repeat { at: usize, times: usize },
    /// Arbitrary bytes at `at`.
    Bytes { at: usize, bytes: Vec<u8> },
}

fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        (0u32..0x20).prop_map(|n| char::from_u32(n).unwrap()),
        Just('\u{7f}'),
        Just('\u{85}'),
        Just('\u{202e}'),
        Just('\u{2066}'),
        Just('\u{feff}'),
        Just('\u{fffe}'),
        Just('\u{ffff}'),
        Just('\u{10ffff}'),
        Just(':'),
        Just('&'),
        Just('*'),
        Just('!'),
        Just('|'),
        Just('>'),
        Just('-'),
        Just('"'),
        Just('\''),
        Just('{'),
        Just('['),
        Just('#'),
        Just('é'),
        Just('日'),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = 0usize..2000;
    prop_oneof![
        (at.clone(), 1usize..400, any::<bool>()).prop_map(|(at, depth, close)| Mutation::Nest {
            at,
            depth,
            close
        }),
        (at.clone(), 1usize..20_000).prop_map(|(at, len)| Mutation::HugeKey { at, len }),
        (at.clone(), 1usize..100_000).prop_map(|(at, len)| Mutation::HugeValue { at, len }),
        (at.clone(), hostile_char()).prop_map(|(at, c)| Mutation::Char { at, c }),
        prop_oneof![Just("\r\n"), Just("\r"), Just("\n\n"), Just("\u{2028}")]
            .prop_map(Mutation::LineEndings),
        at.clone().prop_map(|at| Mutation::Truncate { at }),
        (at.clone(), 1usize..2000).prop_map(|(at, times)| Mutation::Repeat { at, times }),
        (at, prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(at, bytes)| Mutation::Bytes { at, bytes }),
    ]
}

fn apply(mut bytes: Vec<u8>, m: &Mutation) -> Vec<u8> {
    let clamp = |at: usize, bytes: &Vec<u8>| at.min(bytes.len());
    match m {
        Mutation::Nest { at, depth, close } => {
            let at = clamp(*at, &bytes);
            let mut s = "[".repeat(*depth);
            if *close {
                s.push_str(&"]".repeat(*depth));
            }
            bytes.splice(at..at, s.into_bytes());
        }
        Mutation::HugeKey { at, len } => {
            let at = clamp(*at, &bytes);
            let s = format!("\n{}: x\n", "k".repeat(*len));
            bytes.splice(at..at, s.into_bytes());
        }
        Mutation::HugeValue { at, len } => {
            let at = clamp(*at, &bytes);
            let s = format!("\nquote: {}\n", "v ".repeat(*len / 2));
            bytes.splice(at..at, s.into_bytes());
        }
        Mutation::Char { at, c } => {
            let at = clamp(*at, &bytes);
            let mut buf = [0; 4];
            bytes.splice(at..at, c.encode_utf8(&mut buf).bytes());
        }
        Mutation::LineEndings(ending) => {
            let text = String::from_utf8_lossy(&bytes).replace('\n', ending);
            bytes = text.into_bytes();
        }
        Mutation::Truncate { at } => bytes.truncate(*at),
        Mutation::Repeat { at, times } => {
            let at = clamp(*at, &bytes);
            let start = bytes[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let end = bytes[at..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |i| at + i + 1);
            let line = bytes[start..end].to_vec();
            let copies: Vec<u8> = line
                .iter()
                .copied()
                .cycle()
                .take(line.len() * times)
                .collect();
            bytes.splice(end..end, copies);
        }
        Mutation::Bytes { at, bytes: extra } => {
            let at = clamp(*at, &bytes);
            bytes.splice(at..at, extra.iter().copied());
        }
    }
    bytes
}

/// Writes `bytes` as the one item of a fresh repository, loads it and
/// renders its diagnostics in every format. Panics are the failure.
fn pipeline(bytes: &[u8]) -> Duration {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("feedback")).unwrap();
    let path = dir.path().join("feedback/item.md");
    std::fs::write(&path, bytes).unwrap();
    let config = Config::default();
    let now = crate::parse::time::parse_timestamp(NOW, &config.calendar).unwrap();
    let start = Instant::now();
    let repo = Repository::load(dir.path(), config, now, Bodies::Keep).unwrap();
    let text = crate::repo::read_text(&path).ok();
    let file = text.map(|t| SourceFile::new("feedback/item.md", t));
    let human = diag::render_human(
        &repo.checked.diagnostics,
        repo.files,
        &|_| file.as_ref(),
        true,
    );
    let github = diag::render_github(&repo.checked.diagnostics, repo.files);
    let json = diag::render_json(&repo.checked.diagnostics, repo.files);
    let elapsed = start.elapsed();
    assert!(repo.checked.diagnostics.len() <= diag::MAX_PER_FILE);
    for d in &repo.checked.diagnostics {
        assert_eq!(d.file, "feedback/item.md");
        assert!(d.line >= 1 && d.column >= 1, "{d:?}");
    }
    // Nothing a file holds reaches a terminal as an escape sequence.
    for out in [&human, &github] {
        let without_colours = strip_sgr(out);
        assert!(!without_colours.contains('\u{1b}'), "{without_colours:?}");
    }
    serde_json::from_str::<serde_json::Value>(&json).unwrap();
    elapsed
}

/// The renderer's own colour codes (`ESC [ … m`) removed.
fn strip_sgr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_end_as_diagnostics(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let took = pipeline(&bytes);
        prop_assert!(took < PER_FILE, "took {took:?}");
    }

    #[test]
    fn arbitrary_text_after_a_fence_ends_as_diagnostics(text in "---\n(\\PC|[\t\r\n :\\[\\]{}\"'&*!|>-]){0,800}") {
        let took = pipeline(text.as_bytes());
        prop_assert!(took < PER_FILE, "took {took:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_items_end_as_diagnostics(
        seed in 0..SEEDS.len(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let bytes = mutations
            .iter()
            .fold(SEEDS[seed].as_bytes().to_vec(), apply);
        let took = pipeline(&bytes);
        prop_assert!(took < PER_FILE, "took {took:?} for {} bytes", bytes.len());
    }
}

#[test]
fn the_seeds_are_valid_items() {
    for seed in SEEDS {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("feedback")).unwrap();
        std::fs::write(dir.path().join("feedback/item.md"), seed).unwrap();
        let config = Config::default();
        let now = crate::parse::time::parse_timestamp(NOW, &config.calendar).unwrap();
        let repo = Repository::load(dir.path(), config, now, Bodies::Keep).unwrap();
        let errors: Vec<_> = repo
            .checked
            .diagnostics
            .iter()
            .filter(|d| d.severity == diag::Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        assert_eq!(repo.checked.items.len(), 1);
    }
}
