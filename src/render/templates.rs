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
        Ok(Templates { tera })
    }

    /// Renders `name` with `context` (a serializable map of views).
    pub fn render(&self, name: &str, context: &impl serde::Serialize) -> Result<String> {
        let ctx = tera::Context::from_serialize(context)
            .map_err(|e| anyhow!("cannot pass data to {name}: {}", error_chain(&e)))?;
        self.render_context(name, &ctx)
    }

    /// Renders `name` with a context built by the caller.
    pub fn render_context(&self, name: &str, context: &tera::Context) -> Result<String> {
        self.tera
            .render(name, context)
            .map_err(|e| anyhow!("cannot render {name}: {}", error_chain(&e)))
    }
}

/// Tera's HTML escaping, byte for byte the same (`&`, `<`, `>`, `"` and `'`
/// become entities), written a run of plain bytes at a time: Tera's own
/// writes every byte with a call of its own, which was a tenth of a build.
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut plain = 0;
    for (i, byte) in bytes.iter().enumerate() {
        let entity: &[u8] = match byte {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[plain..i])?;
        out.write_all(entity)?;
        plain = i + 1;
    }
    out.write_all(&bytes[plain..])
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
        ] {
            assert_eq!(ours(text), teras(text), "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn escapes_any_text_as_tera_does(text in "[a-z&<>\"' é\\n/=`]{0,40}") {
            prop_assert_eq!(ours(&text), teras(&text));
        }
    }
}
