//! Tera, set up once: the built-in templates embedded in the binary, each
//! replaced by a file of the same name in the repository's `templates/`.

use anyhow::{Context as _, Result, anyhow, bail};
use std::path::Path;

/// (name, built-in text). `style.css` is not a template: it is copied.
pub(crate) const BUILT_IN: &[(&str, &str)] = &[
    ("base.html", include_str!("../site/templates/base.html")),
    ("index.html", include_str!("../site/templates/index.html")),
    (
        "releases.html",
        include_str!("../site/templates/releases.html"),
    ),
    (
        "release.html",
        include_str!("../site/templates/release.html"),
    ),
    ("items.html", include_str!("../site/templates/items.html")),
    ("item.html", include_str!("../site/templates/item.html")),
    (
        "reports.html",
        include_str!("../site/templates/reports.html"),
    ),
    ("weekly.html", include_str!("../site/templates/weekly.html")),
    (
        "quarterly.html",
        include_str!("../site/templates/quarterly.html"),
    ),
    ("sla.html", include_str!("../site/templates/sla.html")),
    ("todo.html", include_str!("../site/templates/todo.html")),
    (
        "roadmap.html",
        include_str!("../site/templates/roadmap.html"),
    ),
    ("thanks.html", include_str!("../site/templates/thanks.html")),
    (
        "thanks_index.html",
        include_str!("../site/templates/thanks_index.html"),
    ),
    ("feed.xml", include_str!("../site/templates/feed.xml")),
];

pub(crate) const STYLE_CSS: &str = include_str!("../site/templates/style.css");

/// Compiled templates.
pub struct Templates {
    tera: tera::Tera,
    /// Per template, the size of the page it rendered last: the next page
    /// of the same template starts with a buffer about that large, so the
    /// text is not copied over and over as the buffer grows.
    sizes: Vec<(&'static str, std::sync::atomic::AtomicUsize)>,
}

impl Templates {
    /// The built-ins, with overrides from `dir` (the repository's
    /// `templates/`) where a file of the same name exists. Autoescaping is
    /// set explicitly for `.html` and `.xml`, the only kinds we render.
    pub fn load(dir: Option<&Path>) -> Result<Templates> {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        let mut sources = Vec::new();
        if let Some(dir) = dir {
            refuse_link(dir, "folder")?;
        }
        for (name, text) in BUILT_IN {
            let text = match dir.map(|d| d.join(name)) {
                Some(path) if custom(&path)? => std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read the template {}", path.display()))?,
                _ => (*text).to_owned(),
            };
            sources.push((*name, text));
        }
        tera.add_raw_templates(sources.iter().map(|(n, t)| (*n, t.as_str())))
            .map_err(|e| anyhow!("a template does not compile: {}", error_chain(&e)))?;
        let sizes = BUILT_IN
            .iter()
            .map(|(name, _)| (*name, std::sync::atomic::AtomicUsize::new(0)))
            .collect();
        Ok(Templates { tera, sizes })
    }

    /// Renders `name` with `context` (a serializable map of views).
    pub fn render(&self, name: &str, context: &impl serde::Serialize) -> Result<String> {
        let ctx = tera::Context::from_serialize(context)
            .map_err(|e| anyhow!("cannot pass data to {name}: {}", error_chain(&e)))?;
        self.render_context(name, &ctx)
    }

    /// Renders `name` with a context built by the caller.
    pub fn render_context(&self, name: &str, context: &tera::Context) -> Result<String> {
        let bytes = self.render_bytes(name, context)?;
        String::from_utf8(bytes).map_err(|e| anyhow!("cannot render {name}: {e}"))
    }

    /// [`Templates::render_context`], as the bytes of the file: Tera writes
    /// text only, so they are the string's, without checking them again.
    pub fn render_bytes(&self, name: &str, context: &tera::Context) -> Result<Vec<u8>> {
        use std::sync::atomic::Ordering::Relaxed;
        let size = self.sizes.iter().find(|(n, _)| *n == name).map(|(_, s)| s);
        let last = size.map_or(0, |s| s.load(Relaxed));
        let mut out = Vec::with_capacity(last + last / 8);
        self.tera
            .render_to(name, context, &mut out)
            .map_err(|e| anyhow!("cannot render {name}: {}", error_chain(&e)))?;
        if let Some(size) = size {
            size.store(out.len(), Relaxed);
        }
        Ok(out)
    }
}

/// Tera's HTML escaping, byte for byte the same (`&`, `<`, `>`, `"` and `'`
/// become entities), written a run of plain bytes at a time: Tera's own
/// writes every byte with a call of its own, which was a tenth of a build.
/// The runs are found eight bytes at a time ([`next_special`]).
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut plain = 0;
    let mut at = 0;
    while let Some(i) = next_special(bytes, at) {
        let entity: &[u8] = match bytes[i] {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            _ => b"&#39;",
        };
        out.write_all(&bytes[plain..i])?;
        out.write_all(entity)?;
        plain = i + 1;
        at = i + 1;
    }
    out.write_all(&bytes[plain..])
}

/// Whether `byte` is one that [`escape_html`] replaces.
fn is_special(byte: u8) -> bool {
    matches!(byte, b'&' | b'<' | b'>' | b'"' | b'\'')
}

/// The position of the first byte at or after `from` that [`escape_html`]
/// replaces. Whole words of eight bytes without one are passed over with a
/// few arithmetic operations (a word has a zero byte exactly when
/// `(w - 0x01…01) & !w & 0x80…80` is not zero; `w` is the word XORed with
/// the byte looked for); a word that has one is searched byte by byte.
fn next_special(bytes: &[u8], from: usize) -> Option<usize> {
    const LO: u64 = u64::from_ne_bytes([0x01; 8]);
    const HI: u64 = u64::from_ne_bytes([0x80; 8]);
    let has = |word: u64, byte: u8| {
        let x = word ^ (LO * u64::from(byte));
        x.wrapping_sub(LO) & !x & HI != 0
    };
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut eight = [0; 8];
        eight.copy_from_slice(chunk);
        let word = u64::from_ne_bytes(eight);
        if has(word, b'&')
            || has(word, b'<')
            || has(word, b'>')
            || has(word, b'"')
            || has(word, b'\'')
        {
            break;
        }
        i += 8;
    }
    bytes
        .get(i..)?
        .iter()
        .position(|b| is_special(*b))
        .map(|p| i + p)
}

/// Whether the repository overrides a template with the file at `path`.
/// Only a regular file counts: a symbolic link (which could point at
/// `/proc/self/environ` or any file of the build machine) or a device,
/// pipe or socket is refused, naming it.
fn custom(path: &Path) -> Result<bool> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e).with_context(|| format!("cannot inspect {}", path.display())),
        Ok(meta) if meta.is_file() => Ok(true),
        Ok(meta) => bail!(
            "the template {} is {}; closeloop reads templates only from regular files in the repository — replace it with the file itself",
            path.display(),
            crate::site::output::describe(meta.file_type())
        ),
    }
}

/// Refuses `templates/` itself when it is a link out of the repository.
fn refuse_link(dir: &Path, what: &str) -> Result<()> {
    let meta = std::fs::symlink_metadata(dir)
        .with_context(|| format!("cannot inspect {}", dir.display()))?;
    if meta.file_type().is_symlink() {
        bail!(
            "{} is a symbolic link; closeloop reads templates only from a real {what} in the repository",
            dir.display()
        );
    }
    if !meta.is_dir() {
        bail!("{} is not a {what}", dir.display());
    }
    Ok(())
}

/// Tera nests the useful message inside its errors: unwrap it into one line.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.dedup();
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    fn ours(text: &str) -> Vec<u8> {
        let mut out = Vec::new();
        super::escape_html(text, &mut out).unwrap();
        out
    }

    fn teras(text: &str) -> Vec<u8> {
        let mut out = Vec::new();
        tera::escape_html(text, &mut out).unwrap();
        out
    }

    #[test]
    fn escapes_as_tera_does() {
        for text in [
            "",
            "plain",
            "<script>alert('x')</script>",
            "a & b \"c\" 'd' <e>",
            "&&&",
            "ends with <",
            "é — 日本語 <b>",
            "a longer line of plain text, with no entity in its first words & one later",
            "exactly8<",
            "12345678'",
            "<<<<<<<<<<<<<<<<",
        ] {
            assert_eq!(ours(text), teras(text), "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn escapes_any_text_as_tera_does(text in "[a-z&<>\"' é\\n/=`]{0,40}") {
            prop_assert_eq!(ours(&text), teras(&text));
        }

        #[test]
        fn escapes_long_mostly_plain_text_as_tera_does(text in "[a-zA-Z0-9 .,é—]{0,30}[&<>\"']?[a-z ]{0,30}[&<>\"']?[a-z]{0,20}") {
            prop_assert_eq!(ours(&text), teras(&text));
        }
    }
}
