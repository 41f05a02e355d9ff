//! The preview server behind `closeloop serve`: the site held in memory,
//! rebuilt when a source changes, served on 127.0.0.1 with a live-reload
//! event stream. Nothing is written to disk.
//!
//! - [`build`]: one rebuild (configuration, repository, pages), or the
//!   problems that stop it.
//! - [`http`]: what a request gets, independent of the transport.
//! - [`watch`]: which changes count, and watches that survive folders
//!   being deleted and re-created.
//!
//! The transport is hyper under axum on a single-threaded tokio runtime:
//! any request, however malformed, gets an answer or a closed connection.
//! Resources are bounded: request heads are limited in size and must
//! arrive within [`HEAD_TIMEOUT`] (idle keep-alive connections included),
//! at most [`MAX_CONNECTIONS`] connections and [`MAX_LISTENERS`] reload
//! streams are open at once, and each stream sends a heartbeat so that a
//! closed tab frees its place. Rebuilds run on a thread of their own, so a
//! long rebuild never delays an answer: the previous site is served until
//! the new one is complete.

pub mod build;
pub mod http;
pub mod watch;

use anyhow::{Context as _, Result};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use http::Snapshot;
use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Semaphore, watch as channel};

/// What `serve` was asked for.
pub struct Options {
    /// The repository, its root canonical.
    pub location: crate::locate::Location,
    pub port: u16,
    pub internal: bool,
    pub now: build::NowSource,
}

/// A request head (request line and headers) must arrive within this
/// time; an idle keep-alive connection is closed after it too.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest request head read; a larger one closes the connection.
const MAX_HEAD_BYTES: usize = 64 * 1024;
const MAX_HEADERS: usize = 64;
/// Connections open at once; more are closed as they arrive.
pub const MAX_CONNECTIONS: usize = 256;
/// Live-reload streams open at once (one per open tab).
pub const MAX_LISTENERS: usize = 64;
/// How often a reload stream sends a comment, so that a closed tab is
/// noticed and its place freed.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// What every request handler shares.
#[derive(Clone)]
struct App {
    site: channel::Receiver<Arc<Snapshot>>,
    listeners: Arc<Semaphore>,
    port: u16,
}

/// Builds, serves and rebuilds until the process is stopped.
pub fn run(options: Options) -> Result<()> {
    // Watch before the first build, so a save during it is not missed.
    let mut watch = watch::Watch::new(&options.location.root)?;
    let (publish, site) = channel::channel(Arc::new(Snapshot::default()));
    let internal = options.internal;
    let rebuilder = build::Rebuilder::new(options.location, internal, options.now);
    rebuild(&publish, &rebuilder, &[], false, true);

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .context("cannot start the server's runtime")?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(SocketAddr::from((
            Ipv4Addr::LOCALHOST,
            options.port,
        ))))
        .with_context(|| format!("cannot listen on 127.0.0.1:{}", options.port))?;
    let port = listener.local_addr()?.port();
    eprintln!(
        "serving the {} site at http://127.0.0.1:{port}/ — rebuilt on every save; Ctrl-C stops",
        if internal { "internal" } else { "public" },
    );
    std::thread::Builder::new()
        .name("rebuild".into())
        .spawn(move || {
            loop {
                // *now* from the clock moves on each minute: the site is
                // rebuilt then, so that a save finds it current and
                // renders only what the save changed.
                let tick = (!rebuilder.now().pinned()).then(next_minute);
                match watch.next_change(tick) {
                    watch::Change::Sources { paths, complete } => {
                        rebuild(&publish, &rebuilder, &paths, complete, true)
                    }
                    // Only the clock moved: open pages are not reloaded.
                    // Every file is looked at, in case a change was missed.
                    watch::Change::Timeout => rebuild(&publish, &rebuilder, &[], false, false),
                    watch::Change::Stopped => break,
                }
            }
        })
        .context("cannot start the rebuild thread")?;
    let app = App {
        site,
        listeners: Arc::new(Semaphore::new(MAX_LISTENERS)),
        port,
    };
    runtime.block_on(accept(listener, app));
    Ok(())
}

/// Rebuilds and publishes: a good site replaces the old one; problems are
/// laid over the last good site. `reload` tells open pages to reload.
fn rebuild(
    publish: &channel::Sender<Arc<Snapshot>>,
    rebuilder: &build::Rebuilder,
    changed: &[std::path::PathBuf],
    complete: bool,
    reload: bool,
) {
    let started = std::time::Instant::now();
    let result = rebuilder.rebuild_after(changed, complete);
    let last = publish.borrow().clone();
    let next = match result {
        Ok(files) => {
            let (read, rendered) = rebuilder.last_work();
            eprintln!(
                "rebuilt: {} files in {} ms ({read} sources read, {rendered} pages rendered)",
                files.len(),
                started.elapsed().as_millis()
            );
            Snapshot {
                files: Arc::new(files),
                problems: None,
                generation: last.generation + u64::from(reload),
            }
        }
        Err(problems) => {
            eprint!("{problems}");
            if last.files.is_empty() {
                eprintln!(
                    "the site is built once the errors are fixed; until then every page shows them"
                );
            } else {
                eprintln!(
                    "the site is not rebuilt until the errors are fixed; the last good one is served"
                );
            }
            Snapshot {
                files: last.files.clone(),
                problems: Some(problems.into()),
                generation: last.generation + u64::from(reload),
            }
        }
    };
    let files = next.files.clone();
    publish.send_replace(Arc::new(next));
    rebuilder.tidy(&files);
}

/// The start of the next minute of the clock, and a little after (the
/// pages show *now* to the minute).
fn next_minute() -> std::time::Instant {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let into_minute = Duration::from_millis((since_epoch.as_millis() % 60_000) as u64);
    std::time::Instant::now() + Duration::from_secs(60) - into_minute + Duration::from_millis(50)
}

/// Accepts connections for ever, each served on its own task.
async fn accept(listener: tokio::net::TcpListener, app: App) {
    let router = axum::Router::new().fallback(handle).with_state(app);
    let connections = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors, or a connection reset before
                // it was accepted: wait a little rather than spin.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(permit) = connections.clone().try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        tokio::spawn(async move {
            let _permit = permit;
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(HEAD_TIMEOUT)
                .max_buf_size(MAX_HEAD_BYTES)
                .max_headers(MAX_HEADERS);
            // A broken connection is the client's business.
            let _ = http
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn handle(State(app): State<App>, request: Request) -> Response {
    let host = request
        .headers()
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok());
    if !http::host_allowed(host, app.port) {
        // A page elsewhere that made its own name point at 127.0.0.1
        // (DNS rebinding) must not read the internal site.
        return plain(
            403,
            "this preview answers only to localhost, 127.0.0.1 and [::1]\n",
        );
    }
    let method = request.method();
    if method != axum::http::Method::GET && method != axum::http::Method::HEAD {
        let mut response = plain(405, "the preview only reads: GET and HEAD\n");
        response.headers_mut().insert(
            axum::http::header::ALLOW,
            "GET, HEAD".parse().expect("valid"),
        );
        return response;
    }
    let target = request
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_owned();
    if request.uri().path() == http::RELOAD_PATH {
        return reload(&app, &target);
    }
    let reply = http::page(&app.site.borrow(), &target);
    let mut response = Response::new(Body::from(reply.body));
    *response.status_mut() =
        axum::http::StatusCode::from_u16(reply.status).expect("the replies use valid statuses");
    let headers = response.headers_mut();
    headers.insert(
        axum::http::header::CONTENT_TYPE,
        reply.content_type.parse().expect("valid"),
    );
    headers.insert(
        axum::http::header::CACHE_CONTROL,
        "no-store".parse().expect("valid"),
    );
    headers.insert(
        axum::http::header::X_CONTENT_TYPE_OPTIONS,
        "nosniff".parse().expect("valid"),
    );
    response
}

/// The live-reload stream: one `reload` event per rebuild after the one
/// the page was served from (`?since=`), with a heartbeat in between.
fn reload(app: &App, target: &str) -> Response {
    let Ok(permit) = app.listeners.clone().try_acquire_owned() else {
        return plain(503, "too many open previews: close some tabs\n");
    };
    let mut site = app.site.clone();
    let current = site.borrow_and_update().generation;
    let since = http::since(target).unwrap_or(current);
    // A rebuild finished between serving the page and opening the
    // stream: tell the page at once.
    let stale = since != current;
    let events = futures_util::stream::unfold(
        (site, permit, stale, current),
        |(mut site, permit, stale, mut seen)| async move {
            if !stale {
                // A rebuild for the clock alone publishes the same
                // generation: the page stays as it is.
                loop {
                    site.changed().await.ok()?;
                    let generation = site.borrow_and_update().generation;
                    if generation != seen {
                        seen = generation;
                        break;
                    }
                }
            }
            let event = Event::default().data("reload");
            Some((Ok::<_, Infallible>(event), (site, permit, false, seen)))
        },
    );
    let mut response = Sse::new(events)
        .keep_alive(KeepAlive::new().interval(HEARTBEAT))
        .into_response();
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        "no-store".parse().expect("valid"),
    );
    response
}

fn plain(status: u16, text: &'static str) -> Response {
    let mut response = Response::new(Body::from(text));
    *response.status_mut() = axum::http::StatusCode::from_u16(status).expect("valid status");
    response.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        "text/plain; charset=utf-8".parse().expect("valid"),
    );
    response
}
