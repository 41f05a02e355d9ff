//! What the preview answers, whatever carries the request: the path is
//! percent-decoded and looked up in the site held in memory; HTML pages get
//! the live-reload script and, while the repository has errors, the
//! problems laid over the last good build. Nothing here touches the disk.

use super::build::Files;
use std::sync::Arc;

/// The path of the live-reload event stream.
pub const RELOAD_PATH: &str = "/__closeloop/reload";

/// The live-reload script of a page served from rebuild `generation`:
/// the stream tells it at once if a newer build exists, the browser
/// reconnects on its own after a dropped stream (the server restarted, the
/// laptop slept), and every event reloads the page.
pub fn reload_script(generation: u64) -> String {
    format!(
        "<script>new EventSource('{RELOAD_PATH}?since={generation}').onmessage=function(){{location.reload()}};</script>"
    )
}

/// The rebuild a reload stream's page was served from: `?since=N`.
pub fn since(target: &str) -> Option<u64> {
    let query = target.split_once('?')?.1;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("since="))?
        .parse()
        .ok()
}

/// Whether a `Host` header names this preview: `localhost`, `127.0.0.1`
/// or `[::1]`, with the port it listens on (a browser leaves out only
/// port 80). Anything else is a page elsewhere reaching in through a name
/// that points here (DNS rebinding).
pub fn host_allowed(host: Option<&str>, port: u16) -> bool {
    let Some(host) = host else {
        return false;
    };
    let host = host.to_ascii_lowercase();
    let (name, given) = match host.rsplit_once(':') {
        Some((name, p)) if !name.is_empty() && !p.contains(']') => (name, Some(p)),
        _ => (host.as_str(), None),
    };
    let port_ok = match given {
        Some(p) => p.parse::<u16>() == Ok(port) && p.bytes().all(|b| b.is_ascii_digit()),
        None => port == 80,
    };
    port_ok && matches!(name, "localhost" | "127.0.0.1" | "[::1]")
}

/// The site being served and the problems of the latest rebuild.
#[derive(Default)]
pub struct Snapshot {
    /// The last site that built; empty until one does.
    pub files: Arc<Files>,
    /// The problems of the latest rebuild, if it failed, as plain text.
    pub problems: Option<Arc<str>>,
    /// Changes with every rebuild; the reload stream watches it.
    pub generation: u64,
}

/// One answer: status, content type and body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

/// The answer to a `GET` of `target` (path and query, as sent).
pub fn page(snapshot: &Snapshot, target: &str) -> Reply {
    let raw = target.split(['?', '#']).next().unwrap_or("/");
    let Some(mut path) = decode_path(raw) else {
        return Reply {
            status: 400,
            content_type: "text/plain; charset=utf-8",
            body: b"bad request path\n".to_vec(),
        };
    };
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    }
    let found = snapshot.files.get(&path).or_else(|| {
        // `/releases` finds `releases/index.html`, as static hosts do.
        snapshot.files.get(&format!("{path}/index.html"))
    });
    match found {
        Some(bytes) => {
            let content_type = content_type(&path);
            let mut body = Vec::clone(bytes);
            if content_type.starts_with("text/html") {
                decorate(&mut body, snapshot);
            }
            Reply {
                status: 200,
                content_type,
                body,
            }
        }
        None => not_found(snapshot, &path),
    }
}

/// A 404 page that reloads itself when the site changes (the page may
/// appear with the next save) and shows the problems, if any.
fn not_found(snapshot: &Snapshot, path: &str) -> Reply {
    let (title, text) = if snapshot.files.is_empty() && snapshot.problems.is_some() {
        (
            "The site could not be built",
            "No build has succeeded yet: fix the problems below and this page reloads.".to_owned(),
        )
    } else {
        (
            "Not found",
            format!("There is no page at /{} in this site.", escape(path)),
        )
    };
    let mut body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><h1>{title}</h1><p>{text}</p><p><a href=\"/\">Home</a></p></body></html>"
    )
    .into_bytes();
    decorate(&mut body, snapshot);
    Reply {
        status: 404,
        content_type: "text/html; charset=utf-8",
        body,
    }
}

/// Adds the overlay (when there are problems) and the reload script
/// before the end of the body.
fn decorate(page: &mut Vec<u8>, snapshot: &Snapshot) {
    let mut extra = String::new();
    if let Some(text) = &snapshot.problems {
        extra.push_str(&overlay(text));
    }
    extra.push_str(&reload_script(snapshot.generation));
    let at = page
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(page.len());
    page.splice(at..at, extra.bytes());
}

/// The problems of the repository over the last good page, as `validate`
/// prints them. Styles are inline so that no stylesheet of the site can
/// hide it.
pub fn overlay(text: &str) -> String {
    format!(
        "<div id=\"closeloop-problems\" role=\"alert\" style=\"position:fixed;left:0;right:0;bottom:0;max-height:70vh;overflow:auto;z-index:2147483647;margin:0;padding:1em 1.25em;background:#1b1b1f;color:#f2f2f2;border-top:4px solid #e5484d;font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;text-align:left\">\
<p style=\"margin:0 0 .5em;font-weight:bold;color:#ff9592\">The repository has errors: this is the last good build. Fix them and the page reloads.</p>\
<pre style=\"margin:0;white-space:pre-wrap;font:inherit;color:inherit;background:none\">{}</pre></div>",
        escape(text)
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `/a%20b/c.html` → `a b/c.html`; `None` for a path that is not UTF-8
/// once decoded, holds a NUL, or climbs with `..` (nothing is read from
/// the disk, but such a path names no page either).
pub fn decode_path(raw: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()?
        .into_owned();
    if decoded.contains('\0') || decoded.split(['/', '\\']).any(|s| s == "..") {
        return None;
    }
    Some(decoded.trim_start_matches('/').to_owned())
}

pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "xml" => "application/atom+xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(problems: Option<&str>) -> Snapshot {
        let mut files = Files::default();
        files.insert(
            "index.html".into(),
            Arc::new(b"<html><body><p>home</p></BODY></html>".to_vec()),
        );
        files.insert("my file.txt".into(), Arc::new(b"spaces".to_vec()));
        files.insert(
            "releases/index.html".into(),
            Arc::new(b"<html><body>r</body></html>".to_vec()),
        );
        Snapshot {
            files: Arc::new(files),
            problems: problems.map(Into::into),
            generation: 7,
        }
    }

    fn text(reply: &Reply) -> &str {
        std::str::from_utf8(&reply.body).unwrap()
    }

    #[test]
    fn injects_the_reload_script_before_body_end() {
        let reply = page(&site(None), "/");
        assert_eq!(reply.status, 200);
        assert!(text(&reply).contains("</p><script>"), "{}", text(&reply));
        assert!(text(&reply).ends_with("</script></BODY></html>"));
        assert!(!text(&reply).contains("closeloop-problems"));
    }

    #[test]
    fn decodes_percent_escapes_and_refuses_climbing() {
        assert_eq!(page(&site(None), "/my%20file.txt").body, b"spaces");
        assert_eq!(page(&site(None), "/releases/?x=1").status, 200);
        assert_eq!(page(&site(None), "/releases").status, 200);
        assert_eq!(page(&site(None), "/%2e%2e/etc/passwd").status, 400);
        assert_eq!(page(&site(None), "/%ff").status, 400);
        assert_eq!(page(&site(None), "/a%00b").status, 400);
        assert_eq!(decode_path("/a/b%2Fc").as_deref(), Some("a/b/c"));
    }

    #[test]
    fn problems_lie_over_every_page_escaped() {
        let s = site(Some(
            "error[bad-state]: <script>x</script> in feedback/a.md:3",
        ));
        for target in ["/", "/releases/index.html", "/nowhere.html"] {
            let reply = page(&s, target);
            let body = text(&reply);
            assert!(body.contains("closeloop-problems"), "{target}: {body}");
            assert!(body.contains("&lt;script&gt;x&lt;/script&gt;"), "{body}");
            assert!(!body.contains("<script>x"), "{body}");
            assert!(body.contains(&reload_script(7)), "{target}");
        }
        // Assets are served as they are.
        assert_eq!(page(&s, "/my%20file.txt").body, b"spaces");
    }

    #[test]
    fn only_local_names_with_the_port_are_answered() {
        for host in [
            "localhost:8000",
            "LOCALHOST:8000",
            "127.0.0.1:8000",
            "[::1]:8000",
        ] {
            assert!(host_allowed(Some(host), 8000), "{host}");
        }
        for host in [
            "evil.example:8000",
            "localhost.evil.example:8000",
            "127.0.0.1:8001",
            "127.0.0.1",
            "localhost:+8000",
            "[::1]",
            "::1:8000",
            "127.0.0.2:8000",
            "",
        ] {
            assert!(!host_allowed(Some(host), 8000), "{host}");
        }
        assert!(!host_allowed(None, 8000));
        assert!(host_allowed(Some("localhost"), 80));
    }

    #[test]
    fn the_stream_knows_which_build_a_page_came_from() {
        assert_eq!(since("/__closeloop/reload?since=12"), Some(12));
        assert_eq!(since("/__closeloop/reload?x=1&since=3"), Some(3));
        assert_eq!(since("/__closeloop/reload"), None);
        assert_eq!(since("/__closeloop/reload?since=-1"), None);
    }

    #[test]
    fn not_found_reloads_itself() {
        let reply = page(&site(None), "/feedback/new-item.html");
        assert_eq!(reply.status, 404);
        assert!(text(&reply).contains("/__closeloop/reload?since=7"));
        assert!(text(&reply).contains("/feedback/new-item.html"));
    }
}
