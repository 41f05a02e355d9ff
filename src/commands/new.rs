//! `closeloop new TITLE`: a captured item, received now, id from the title.
//!
//! Fields the flags do not give are left empty on purpose: `validate` then
//! names each one, so nobody has to guess what an item needs. Every value
//! is written through one quoting function, and the text is read back
//! before it is written, so `new` cannot write a file that is not YAML.

use super::{Context, Outcome};
use crate::cli::NewArgs;
use crate::diag::Code;
use crate::parse::time::format_utc;
use anyhow::{Context as _, Result, bail};
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Ids are at most this long (SPEC §2).
const ID_MAX: usize = 80;

/// Titles at least this similar (normalized Levenshtein) to an existing
/// item's are worth a second look.
const SIMILAR: f64 = 0.8;

pub fn run(ctx: &Context, args: &NewArgs, out: &mut dyn std::io::Write) -> Result<Outcome> {
    let title = args.title.trim();
    if title.is_empty() || title.chars().count() > crate::parse::TITLE_MAX {
        bail!(
            "the title must be 1 to {} characters",
            crate::parse::TITLE_MAX
        );
    }
    one_line("the title", title)?;
    for (flag, value) in [
        ("--area", &args.area),
        ("--handle", &args.handle),
        ("--owner", &args.owner),
        ("--channel", &args.channel),
    ] {
        if let Some(value) = value {
            one_line(flag, value)?;
        }
    }
    for (flag, value) in [("--quote", &args.quote), ("--jtbd", &args.jtbd)] {
        if let Some(value) = value
            && value
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            bail!("{flag} holds a control character; write plain text");
        }
    }
    if let Some(area) = &args.area
        && !ctx.config.areas.is_empty()
        && !ctx.config.areas.contains(area)
    {
        bail!(
            "--area {area} is not one of the areas in closeloop.toml: {}",
            ctx.config.areas.join(", ")
        );
    }

    let feedback = ctx.root.join("feedback");
    let existing = existing_items(&feedback);
    for similar in similar_titles(title, &existing) {
        eprintln!(
            "warning: {} has a similar title (\u{201c}{}\u{201d}) — if the new item reports the same thing, add `duplicate_of: {}` to it (see Duplicates in the README)",
            shown_path(similar.path).display(),
            similar.title,
            similar.original,
        );
    }

    let local = ctx.now.with_timezone(&ctx.config.calendar.tz());
    let folder = feedback
        .join(local.format("%Y").to_string())
        .join(local.format("%m").to_string());
    let taken: std::collections::BTreeSet<&str> = existing.keys().map(String::as_str).collect();
    let id = unique_id(&id_from_title(title, ctx.now), |id| taken.contains(id));
    let text = item_text(title, &format_utc(ctx.now), args);
    check_readable(&text, &id, ctx)?;

    std::fs::create_dir_all(&folder)
        .with_context(|| format!("cannot create {}", folder.display()))?;
    let path = folder.join(format!("{id}.md"));
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    if let Err(e) = file.write_all(text.as_bytes()) {
        let _ = std::fs::remove_file(&path);
        return Err(e).with_context(|| format!("cannot write {}", path.display()));
    }
    writeln!(out, "{}", shown_path(&path).display())?;
    eprintln!("created a captured item; fill in the empty fields, then run `closeloop validate`");
    Ok(Outcome::Clean)
}

fn one_line(what: &str, value: &str) -> Result<()> {
    if value.chars().any(char::is_control) {
        bail!("{what} must be one line of plain text (no line breaks or control characters)");
    }
    Ok(())
}

/// A path as the user can open it from where they are.
fn shown_path(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_owned))
        .unwrap_or_else(|| path.to_owned())
}

/// Any text as a YAML double-quoted scalar. A JSON string is one: the same
/// quotes, and every escape JSON writes (`\"`, `\\`, `\n`, `\t`, `\u0001`…)
/// means the same in YAML. So `a: b`, `#`, a leading `@` or `*`, and line
/// breaks stay inside the value.
pub fn yaml_quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}

/// `key: "value"`, or `key:` with nothing (left for `validate` to name)
/// when the value is not given.
fn field(value: Option<&str>) -> String {
    value.map_or_else(String::new, |v| format!(" {}", yaml_quoted(v)))
}

fn item_text(title: &str, received: &str, args: &NewArgs) -> String {
    let word = |w: Option<&'static str>| field(w);
    let mut text = String::from("---\n");
    text.push_str(&format!("title: {}\n", yaml_quoted(title)));
    text.push_str(&format!("received: {received}\n"));
    text.push_str("developer:\n");
    text.push_str(&format!("  handle:{}\n", field(args.handle.as_deref())));
    text.push_str(&format!(
        "  credit:{}        # public | anonymous | private\n",
        word(args.credit.map(|c| c.as_str()))
    ));
    if let Some(channel) = &args.channel {
        text.push_str(&format!("  channel: {}\n", yaml_quoted(channel)));
    }
    text.push_str(&format!(
        "quote:{}        # the developer's words, verbatim\n",
        field(args.quote.as_deref())
    ));
    text.push_str(&format!("area:{}\n", field(args.area.as_deref())));
    text.push_str(&format!(
        "tag:{}        # dx-friction | missing-capability | documentation-gap | dx-delight | strategic-insight\n",
        word(args.tag.map(|t| t.as_str()))
    ));
    text.push_str(&format!(
        "severity:{}   # low | medium | high | critical\n",
        word(args.severity.map(|s| s.as_str()))
    ));
    text.push_str(&format!("frequency: {}\n", args.frequency.unwrap_or(1)));
    match (&args.jtbd, args.tag) {
        (Some(jtbd), _) => text.push_str(&format!("jtbd: {}\n", yaml_quoted(jtbd))),
        (None, Some(crate::model::Tag::DxDelight)) => {
            text.push_str("# jtbd is optional for dx-delight\n");
        }
        (None, _) => text.push_str("jtbd:        # When …, I want …, so that …\n"),
    }
    if let Some(owner) = &args.owner {
        text.push_str(&format!("owner: {}\n", yaml_quoted(owner)));
    }
    text.push_str("state: captured\n---\nInternal notes (never published).\n");
    text
}

/// Reads the text back as `validate` will: it must be YAML with front
/// matter, whatever the flags held. Fields left empty are fine (validate
/// names them); a syntax problem here is a bug, and nothing is written.
fn check_readable(text: &str, id: &str, ctx: &Context) -> Result<()> {
    let file = crate::source::SourceFile::new("new item", text.to_owned());
    let mut diags = Vec::new();
    let draft = crate::parse::parse_item(&file, id, &ctx.config.calendar, &mut diags);
    let broken: Vec<String> = diags
        .iter()
        .filter(|d| {
            matches!(
                d.code,
                Code::YamlSyntax | Code::MissingFrontMatter | Code::UnknownField | Code::InvalidId
            )
        })
        .map(|d| d.message.clone())
        .collect();
    if draft.is_none() || !broken.is_empty() {
        bail!(
            "closeloop could not write this item safely ({}); nothing was written",
            broken.join("; ")
        );
    }
    Ok(())
}

/// The id for a title: transliterated to ASCII (`Crème` → `creme`,
/// `Ошибка` → `oshibka`), lower-case words joined by `-`, cut at a word
/// boundary so that a `-NN` suffix still fits in 80 characters. A title
/// with no letters or digits at all gets `item-<date>-<time>`, so two
/// pull requests do not collide on one fallback name.
pub fn id_from_title(title: &str, now: crate::model::Time) -> String {
    let ascii = deunicode::deunicode(title);
    let words: Vec<String> = ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let room = ID_MAX - 3;
    let mut id = String::new();
    for word in words {
        let extra = usize::from(!id.is_empty()) + word.len();
        if id.len() + extra > room {
            if id.is_empty() {
                id = word[..room].to_owned();
            }
            break;
        }
        if !id.is_empty() {
            id.push('-');
        }
        id.push_str(&word);
    }
    if id.is_empty() {
        id = format!("item-{}", now.format("%Y%m%d-%H%M%S"));
    }
    id
}

/// `base`, else `base-2`, `base-3`… — the first not taken, cut so that it
/// stays within 80 characters.
pub fn unique_id(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2u32..)
        .map(|n| {
            let suffix = format!("-{n}");
            let stem = &base[..base.len().min(ID_MAX - suffix.len())];
            format!("{}{suffix}", stem.trim_end_matches('-'))
        })
        .find(|id| !taken(id))
        .expect("some suffix is free")
}

/// Every feedback item file's id, with its path and title (when it has
/// one that reads).
/// An existing item file as `new` sees it: its path, `title` and
/// `duplicate_of`, read from their lines (enough to compare and suggest).
struct Existing {
    path: PathBuf,
    title: Option<String>,
    duplicate_of: Option<String>,
}

fn existing_items(dir: &Path) -> BTreeMap<String, Existing> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let id = e.file_name().to_str()?.strip_suffix(".md")?.to_owned();
            let text = crate::repo::read_text(e.path()).ok();
            let field = |key: &str| text.as_deref().and_then(|t| field_of(t, key));
            let existing = Existing {
                title: field("title:"),
                duplicate_of: field("duplicate_of:"),
                path: e.into_path(),
            };
            Some((id, existing))
        })
        .collect()
}

/// A top-level `key:` of a front matter (`key` with its colon), read
/// from its line.
fn field_of(text: &str, key: &str) -> Option<String> {
    let line = text
        .lines()
        .skip(1)
        .take_while(|l| l.trim_end() != "---")
        .find_map(|l| l.strip_prefix(key))?;
    let value = line.trim();
    let unquoted = serde_json::from_str::<String>(value)
        .ok()
        .unwrap_or_else(|| value.trim_matches(|c| c == '\'' || c == '"').to_owned());
    Some(unquoted)
}

fn normalized(title: &str) -> String {
    deunicode::deunicode(title)
        .to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// An existing item with a title close to the new one's.
#[derive(Debug, PartialEq)]
struct Similar<'a> {
    path: &'a Path,
    title: &'a str,
    /// The id to name in `duplicate_of`: the similar item's, or its own
    /// original's when it is itself a duplicate (a duplicate of a
    /// duplicate is an error).
    original: &'a str,
}

/// Existing items whose title is close to `title`.
fn similar_titles<'a>(title: &str, existing: &'a BTreeMap<String, Existing>) -> Vec<Similar<'a>> {
    let wanted = normalized(title);
    existing
        .iter()
        .filter_map(|(id, e)| {
            let other = e.title.as_deref()?;
            (strsim::normalized_levenshtein(&wanted, &normalized(other)) >= SIMILAR).then(|| {
                Similar {
                    path: e.path.as_path(),
                    title: other,
                    original: e.duplicate_of.as_deref().unwrap_or(id),
                }
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> crate::model::Time {
        "2026-11-26T12:00:00Z".parse().unwrap()
    }

    #[test]
    fn ids_are_transliterated_not_dropped() {
        assert_eq!(
            id_from_title("Crème brûlée: SDK crashes", now()),
            "creme-brulee-sdk-crashes"
        );
        assert_eq!(id_from_title("Ошибка в SDK", now()), "oshibka-v-sdk");
        assert!(id_from_title("日本語のドキュメント", now()).starts_with("ri-ben-yu"));
        assert_eq!(id_from_title("!!!", now()), "item-20261126-120000");
        for title in ["Ошибка", "日本語", "Crème", "a"] {
            assert!(
                crate::parse::is_valid_id(&id_from_title(title, now())),
                "{title}"
            );
        }
    }

    #[test]
    fn long_titles_leave_room_for_a_suffix() {
        let title = "word ".repeat(40);
        let id = id_from_title(&title, now());
        assert!(id.len() <= 77, "{id}");
        assert!(!id.ends_with('-'));
        let next = unique_id(&id, |i| i == id);
        assert!(next.len() <= 80 && next.ends_with("-2"), "{next}");
        let long = "x".repeat(200);
        let id = id_from_title(&long, now());
        assert_eq!(id.len(), 77);
        let mut taken: Vec<String> = vec![id.clone()];
        for n in 2..=12 {
            let next = unique_id(&id, |i| taken.iter().any(|t| t == i));
            assert!(next.len() <= 80, "{next}");
            assert!(next.ends_with(&format!("-{n}")));
            assert!(crate::parse::is_valid_id(&next));
            taken.push(next);
        }
    }

    #[test]
    fn quoting_keeps_every_value_inside_its_key() {
        let hostile = [
            "a: b",
            "x\nstate: closed",
            "@mara",
            "*alias",
            "# not a comment",
            "\"quoted\" \\ back",
            "- list",
            "{ flow: map }",
            "yes",
            "null",
            "'single'",
        ];
        for value in hostile {
            let args = NewArgs {
                title: value.replace('\n', " "),
                tag: Some(crate::model::Tag::DxFriction),
                area: Some(value.to_owned()),
                handle: Some(value.to_owned()),
                credit: Some(crate::model::Credit::Public),
                severity: Some(crate::model::Severity::Low),
                frequency: Some(2),
                quote: Some(value.to_owned()),
                jtbd: Some(value.to_owned()),
                owner: Some(value.to_owned()),
                channel: Some(value.to_owned()),
            };
            let text = item_text(&args.title, "2026-11-26T12:00:00Z", &args);
            let file = crate::source::SourceFile::new("feedback/x.md", text.clone());
            let mut diags = Vec::new();
            let calendar = crate::calendar::Calendar::default();
            let d = crate::parse::parse_item(&file, "x", &calendar, &mut diags).expect("parses");
            assert!(diags.is_empty(), "{value:?}: {diags:?}\n{text}");
            assert_eq!(d.area.as_deref(), Some(value), "{text}");
            assert_eq!(d.handle.as_deref(), Some(value), "{text}");
            assert_eq!(d.quote.as_deref(), Some(value), "{text}");
            assert_eq!(d.owner.as_deref(), Some(value), "{text}");
            assert_eq!(d.channel.as_deref(), Some(value), "{text}");
            assert_eq!(d.state, Some(crate::model::State::Captured), "{text}");
            assert_eq!(d.frequency, 2);
        }
    }

    #[test]
    fn similar_titles_are_found_across_case_and_accents() {
        let mut existing = BTreeMap::new();
        let item = |path: &str, title: &str, duplicate_of: Option<&str>| Existing {
            path: PathBuf::from(path),
            title: Some(title.to_owned()),
            duplicate_of: duplicate_of.map(str::to_owned),
        };
        existing.insert(
            "a".to_owned(),
            item("feedback/a.md", "Streams drop after 60 seconds", None),
        );
        existing.insert(
            "b".to_owned(),
            item("feedback/b.md", "Docs search is great", None),
        );
        existing.insert(
            "c".to_owned(),
            item("feedback/c.md", "Streams drop after 60 seconds!", Some("a")),
        );
        let found = similar_titles("streams drop after 60 secs", &existing);
        // Both name `a`: the second is itself a duplicate of it.
        assert_eq!(
            found,
            [
                Similar {
                    path: Path::new("feedback/a.md"),
                    title: "Streams drop after 60 seconds",
                    original: "a",
                },
                Similar {
                    path: Path::new("feedback/c.md"),
                    title: "Streams drop after 60 seconds!",
                    original: "a",
                },
            ]
        );
        assert_eq!(
            field_of("---\ntitle: \"CLI: a \\\"json\\\" flag\"\n---\n", "title:").as_deref(),
            Some("CLI: a \"json\" flag")
        );
        assert_eq!(
            field_of("---\ntitle: x\nduplicate_of: a\n---\n", "duplicate_of:").as_deref(),
            Some("a")
        );
    }
}
