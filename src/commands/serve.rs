//! `closeloop serve`: the site from memory on 127.0.0.1, rebuilt on every
//! save, with a tiny live-reload script (pages read fine without it).
//!
//! Editors save by writing a temporary file and renaming it, so folders are
//! watched, not files, and their scratch files are ignored. The output
//! folder and `.git` are never watched: nothing is written to disk at all.

use super::{Context, Outcome};
use crate::cli::ServeArgs;
use crate::diag;
use crate::repo::Bodies;
use anyhow::{Result, anyhow};
use notify::RecursiveMode;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

const RELOAD_PATH: &str = "/__closeloop/reload";
const RELOAD_SCRIPT: &str = "<script>new EventSource('/__closeloop/reload').onmessage=function(){location.reload()};</script>";

/// The current site and a counter that changes with every rebuild.
#[derive(Default)]
struct Shared {
    files: BTreeMap<String, Vec<u8>>,
    generation: u64,
}

type State = Arc<(Mutex<Shared>, Condvar)>;

pub fn run(
    ctx: &Context,
    args: &ServeArgs,
    now_of: &dyn Fn() -> Result<crate::model::Time>,
) -> Result<Outcome> {
    let state: State = Arc::default();
    publish(&state, build(ctx, args.internal, now_of()?));

    let (tx, rx) = std::sync::mpsc::channel::<()>();
    let root = ctx.root.clone();
    let mut debouncer = notify_debouncer_full::new_debouncer(
        Duration::from_millis(150),
        None,
        move |result: notify_debouncer_full::DebounceEventResult| {
            // Reading files to rebuild raises access and access-time events:
            // only changes of content or names count.
            use notify::EventKind::{Create, Modify, Remove};
            use notify::event::ModifyKind;
            let changed = result.is_ok_and(|events| {
                events
                    .iter()
                    .filter(|e| match e.kind {
                        Create(_) | Remove(_) => true,
                        Modify(kind) => !matches!(kind, ModifyKind::Metadata(_)),
                        _ => false,
                    })
                    .flat_map(|e| e.paths.iter())
                    .any(|p| is_source(&root, p))
            });
            if changed {
                let _ = tx.send(());
            }
        },
    )?;
    debouncer.watch(&ctx.root, RecursiveMode::NonRecursive)?;
    for folder in WATCHED {
        let dir = ctx.root.join(folder);
        if dir.is_dir() {
            debouncer.watch(&dir, RecursiveMode::Recursive)?;
        }
    }

    let server = tiny_http::Server::http(("127.0.0.1", args.port))
        .map_err(|e| anyhow!("cannot listen on 127.0.0.1:{}: {e}", args.port))?;
    eprintln!(
        "serving the {} site at http://127.0.0.1:{}/ — rebuilt on every save; Ctrl-C stops",
        if args.internal { "internal" } else { "public" },
        args.port
    );
    let server_state = state.clone();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let state = server_state.clone();
            std::thread::spawn(move || respond(request, &state));
        }
    });
    while rx.recv().is_ok() {
        while rx.try_recv().is_ok() {}
        let now = now_of()?;
        publish(&state, build(ctx, args.internal, now));
        eprintln!("rebuilt");
    }
    Ok(Outcome::Clean)
}

/// Folders whose changes rebuild the site (besides `closeloop.toml`).
const WATCHED: [&str; 4] = ["feedback", "roadmap", "templates", "static"];

/// Whether a change at `path` should rebuild: the configuration or a file
/// in a watched folder, and not an editor's scratch file. The root is
/// watched without recursion, so `target/`, `site/` and `.git` changes
/// arrive here too and are dropped.
fn is_source(root: &Path, path: &Path) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let top = parts.next().unwrap_or_default();
    let relevant = match parts.next() {
        None => top == crate::config::FILE_NAME,
        Some(_) => WATCHED.contains(&top.as_ref()),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    relevant
        && !(name == "4913"
            || name.ends_with(".swp")
            || name.ends_with('~')
            || name.starts_with(".#"))
}

/// The site's files, or a page that lists the errors that stop the build.
fn build(ctx: &Context, internal: bool, now: crate::model::Time) -> BTreeMap<String, Vec<u8>> {
    let ctx = Context {
        color: false,
        ..ctx.at(now)
    };
    let result = ctx
        .load(if internal { Bodies::Keep } else { Bodies::Drop })
        .and_then(|repo| {
            if repo.has_errors() {
                let text =
                    diag::render_human(&ctx.shown(&repo.diagnostics), repo.files, &|_| None, false);
                return Err(anyhow!("the repository has errors:\n\n{text}"));
            }
            super::build::render(&ctx, &repo, internal)
        });
    match result {
        Ok(files) => files.into_iter().map(|f| (f.path, f.bytes)).collect(),
        Err(e) => {
            let message = format!("{e:#}")
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            let page = format!(
                "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head><body><h1>The site could not be built</h1><pre>{message}</pre></body></html>"
            );
            BTreeMap::from([("index.html".to_owned(), page.into_bytes())])
        }
    }
}

fn publish(state: &State, files: BTreeMap<String, Vec<u8>>) {
    let (lock, changed) = &**state;
    let mut shared = lock.lock().expect("the site lock is never poisoned");
    shared.files = files;
    shared.generation += 1;
    changed.notify_all();
}

fn respond(request: tiny_http::Request, state: &State) {
    let url = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_owned();
    if url == RELOAD_PATH {
        let generation = state.0.lock().map(|s| s.generation).unwrap_or(0);
        let body = NextReload {
            state: state.clone(),
            seen: generation,
            sent: false,
        };
        let response = tiny_http::Response::new(
            tiny_http::StatusCode(200),
            vec![
                header("Content-Type", "text/event-stream"),
                header("Cache-Control", "no-cache"),
            ],
            body,
            None,
            None,
        );
        let _ = request.respond(response);
        return;
    }
    let mut path = url.trim_start_matches('/').to_owned();
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    }
    let found = state
        .0
        .lock()
        .ok()
        .and_then(|s| s.files.get(&path).cloned());
    let response = match found {
        Some(mut bytes) => {
            let kind = content_type(&path);
            if kind.starts_with("text/html") {
                inject_reload(&mut bytes);
            }
            tiny_http::Response::from_data(bytes).with_header(header("Content-Type", kind))
        }
        None => tiny_http::Response::from_data(b"not found".to_vec())
            .with_status_code(404)
            .with_header(header("Content-Type", "text/plain; charset=utf-8")),
    };
    let _ = request.respond(response);
}

fn inject_reload(bytes: &mut Vec<u8>) {
    let at = bytes
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(bytes.len());
    bytes.splice(at..at, RELOAD_SCRIPT.bytes());
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("static headers are valid")
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "xml" => "application/atom+xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

/// An event stream that blocks until the next rebuild, sends one event,
/// and ends; the browser reloads and reconnects.
struct NextReload {
    state: State,
    seen: u64,
    sent: bool,
}

impl Read for NextReload {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.sent {
            return Ok(0);
        }
        let (lock, changed) = &*self.state;
        let mut shared = lock
            .lock()
            .map_err(|_| std::io::Error::other("site lock poisoned"))?;
        while shared.generation == self.seen {
            shared = changed
                .wait(shared)
                .map_err(|_| std::io::Error::other("site lock poisoned"))?;
        }
        self.sent = true;
        let event = b"data: reload\n\n";
        let n = event.len().min(buf.len());
        buf[..n].copy_from_slice(&event[..n]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_editor_scratch_files_and_other_folders() {
        let root = Path::new("/repo");
        assert!(is_source(root, Path::new("/repo/feedback/2026/a.md")));
        assert!(is_source(root, Path::new("/repo/closeloop.toml")));
        for other in [
            "/repo/target",
            "/repo/site/index.html",
            "/repo/.git/index",
            "/repo/README.md",
        ] {
            assert!(!is_source(root, Path::new(other)), "{other}");
        }
        for scratch in [
            "/repo/feedback/4913",
            "/repo/feedback/.a.md.swp",
            "/repo/feedback/a.md~",
            "/repo/feedback/.#a.md",
        ] {
            assert!(!is_source(root, Path::new(scratch)), "{scratch}");
        }
    }

    #[test]
    fn injects_the_reload_script_before_body_end() {
        let mut page = b"<html><body><p>x</p></BODY></html>".to_vec();
        inject_reload(&mut page);
        let text = String::from_utf8(page).unwrap();
        assert!(text.contains("</p><script>"), "{text}");
        assert!(text.ends_with("</script></BODY></html>"), "{text}");
    }
}
