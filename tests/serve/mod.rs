//! `closeloop serve`, run the way the README shows it: from inside the
//! repository, default root, `--port 0`; the address is read from what it
//! prints. Requests go over real sockets to 127.0.0.1. Every wait has a
//! deadline, and every server is killed when its test ends (pass or fail).

use crate::support::{NOW, TempRepo};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long anything may take before the test fails: generous, because
/// CI machines are slow, and never reached when the server works.
const DEADLINE: Duration = Duration::from_secs(30);

/// A running `closeloop serve`; killed when dropped.
struct Server {
    child: Child,
    port: u16,
    log: Receiver<String>,
}

impl Server {
    /// Starts `closeloop --now NOW --color never serve --port 0 ARGS…`
    /// with the current folder set to `dir` and no `--root`.
    fn start(dir: &std::path::Path, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_closeloop"))
            .current_dir(dir)
            .args(["--now", NOW, "--color", "never", "serve", "--port", "0"])
            .args(args)
            .env_remove("SOURCE_DATE_EPOCH")
            .env_remove("NO_COLOR")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the closeloop binary starts");
        let stderr = child.stderr.take().unwrap();
        let (tx, log) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            port: 0,
            log,
        };
        let start = Instant::now();
        let mut seen = Vec::new();
        while server.port == 0 {
            let left = DEADLINE.saturating_sub(start.elapsed());
            match server.log.recv_timeout(left) {
                Ok(line) => {
                    if let Some(port) = port_in(&line) {
                        server.port = port;
                    }
                    seen.push(line);
                }
                Err(RecvTimeoutError::Timeout) => {
                    panic!("serve printed no address within {DEADLINE:?}: {seen:#?}")
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("serve exited before printing an address: {seen:#?}")
                }
            }
        }
        server
    }

    /// A raw request; the whole answer as text (status line, headers, body).
    fn raw(&self, request: &[u8]) -> String {
        let mut stream = self.connect();
        stream.write_all(request).unwrap();
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer).into_owned()
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).expect("serve accepts");
        stream.set_read_timeout(Some(DEADLINE)).unwrap();
        stream.set_write_timeout(Some(DEADLINE)).unwrap();
        stream
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// `GET path` with a proper `Host`: (status, body).
    fn get(&self, path: &str) -> (u16, String) {
        let answer = self.raw(
            format!(
                "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                self.host()
            )
            .as_bytes(),
        );
        split_answer(&answer)
    }

    /// Polls `path` until its body satisfies `ok`; fails at the deadline
    /// with the last body seen.
    fn wait_for(&self, path: &str, what: &str, ok: impl Fn(u16, &str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let (status, body) = self.get(path);
            if ok(status, &body) {
                return body;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "{path} never showed {what} within {DEADLINE:?}; last answer {status}:\n{body}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Opens the live-reload stream and waits for its headers.
    fn events(&self) -> BufReader<TcpStream> {
        let mut stream = self.connect();
        write!(
            stream,
            "GET /__closeloop/reload HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.host()
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert!(line.contains(" 200"), "the event stream answered {line:?}");
        loop {
            line.clear();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" || line.is_empty() {
                break;
            }
        }
        reader
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The port of `http://127.0.0.1:PORT/` in a line of serve's output.
fn port_in(line: &str) -> Option<u16> {
    let rest = &line[line.find("http://127.0.0.1:")? + "http://127.0.0.1:".len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().filter(|&p| p != 0)
}

/// (status, body) of an HTTP/1.1 answer, with a chunked body joined.
fn split_answer(answer: &str) -> (u16, String) {
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {answer:?}"));
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((answer, ""));
    let chunked = head
        .lines()
        .any(|l| l.eq_ignore_ascii_case("transfer-encoding: chunked"));
    if !chunked {
        return (status, body.to_owned());
    }
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || after.len() < n {
            break;
        }
        out.push_str(&after[..n]);
        rest = after[n..].trim_start_matches("\r\n");
    }
    (status, out)
}

/// Reads the event stream until a `data:` line, within the deadline.
fn next_event(events: &mut BufReader<TcpStream>) -> String {
    let start = Instant::now();
    let mut line = String::new();
    while start.elapsed() < DEADLINE {
        line.clear();
        match events.read_line(&mut line) {
            Ok(0) => panic!("the event stream ended without an event"),
            Ok(_) if line.starts_with("data:") => return line.trim().to_owned(),
            Ok(_) => {}
            Err(e) => panic!("no event within {DEADLINE:?}: {e}"),
        }
    }
    panic!("no event within {DEADLINE:?}");
}

const ITEM: &str = "feedback/2026/11/retrieval-cliff.md";
const PAGE: &str = "/feedback/retrieval-cliff.html";
const TITLE: &str = "Retrieval quality collapses past 200k tokens of context";

/// Rewrites a file the way editors save: a temporary file renamed over it.
fn save(repo: &TempRepo, rel: &str, text: &str) {
    let tmp = repo.path(&format!("{rel}.tmp-save"));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, repo.path(rel)).unwrap();
}

fn read(repo: &TempRepo, rel: &str) -> String {
    std::fs::read_to_string(repo.path(rel)).unwrap()
}

#[test]
fn serve_follows_edits_config_errors_and_a_recreated_folder() {
    let repo = TempRepo::copy_of("valid");
    let server = Server::start(repo.root(), &[]);
    let (status, body) = server.get(PAGE);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(TITLE), "{body}");
    assert!(
        body.contains("/__closeloop/reload"),
        "no reload script: {body}"
    );

    // An edited item: the page and the event stream change.
    let mut events = server.events();
    let original = read(&repo, ITEM);
    save(
        &repo,
        ITEM,
        &original.replace(TITLE, "Retrieval collapses at every size"),
    );
    assert_eq!(next_event(&mut events), "data: reload");
    server.wait_for(PAGE, "the new title", |s, b| {
        s == 200 && b.contains("Retrieval collapses at every size")
    });

    // The configuration is read again by every rebuild.
    let config = read(&repo, "closeloop.toml");
    save(
        &repo,
        "closeloop.toml",
        &format!("{config}\n[site]\ntitle = \"Renamed Voice\"\n"),
    );
    server.wait_for("/", "the new site title", |s, b| {
        s == 200 && b.contains("Renamed Voice")
    });

    // A broken item: the last good site stays, with the problems over it,
    // rendered as `validate` renders them (code, file, line).
    let broken = original.replacen("\nstate: ", "\nstate: bogus # ", 1);
    save(&repo, ITEM, &broken);
    let body = server.wait_for("/releases/index.html", "the error overlay", |s, b| {
        s == 200 && b.contains("closeloop-problems")
    });
    assert!(body.contains("error[invalid-value]"), "{body}");
    assert!(
        body.contains("feedback/2026/11/retrieval-cliff.md:"),
        "{body}"
    );
    assert!(
        body.contains("Releases"),
        "the last good page is kept: {body}"
    );
    let (status, missing) = server.get("/no/such/page.html");
    assert_eq!(status, 404);
    assert!(missing.contains("closeloop-problems"), "{missing}");
    assert!(missing.contains("/__closeloop/reload"), "{missing}");

    // A broken configuration is shown the same way.
    save(&repo, ITEM, &original);
    server.wait_for("/releases/index.html", "the site again", |s, b| {
        s == 200 && !b.contains("closeloop-problems")
    });
    save(&repo, "closeloop.toml", "[site]\ntitle = 3\n");
    let body = server.wait_for("/", "the configuration error", |s, b| {
        s == 200 && b.contains("closeloop-problems")
    });
    assert!(body.contains("closeloop.toml:2:"), "{body}");
    save(&repo, "closeloop.toml", &config);
    server.wait_for("/", "the site again", |s, b| {
        s == 200 && !b.contains("closeloop-problems") && !b.contains("Renamed Voice")
    });

    // `git checkout` deletes and re-creates folders: the new one is watched.
    let feedback = repo.path("feedback");
    let saved = tempfile::tempdir().unwrap();
    std::fs::rename(&feedback, saved.path().join("feedback")).unwrap();
    server.wait_for(PAGE, "the page gone", |s, _| s == 404);
    std::fs::create_dir(&feedback).unwrap();
    std::fs::rename(saved.path().join("feedback/2026"), feedback.join("2026")).unwrap();
    server.wait_for(PAGE, "the item back", |s, b| s == 200 && b.contains(TITLE));
    save(
        &repo,
        ITEM,
        &original.replace(TITLE, "Seen after a checkout"),
    );
    server.wait_for(PAGE, "an edit in the re-created folder", |s, b| {
        s == 200 && b.contains("Seen after a checkout")
    });

    // A folder that did not exist at start is watched once it appears.
    repo.write("static/my file.txt", "hello from static");
    let body = server.wait_for("/my%20file.txt", "the new static file", |s, _| s == 200);
    assert_eq!(body, "hello from static");
}

#[test]
fn serve_answers_hostile_requests_and_keeps_serving() {
    let repo = TempRepo::copy_of("valid");
    let server = Server::start(repo.root(), &["--internal"]);
    let host = server.host();
    let alive = || {
        let (status, body) = server.get("/");
        assert_eq!(status, 200, "the server stopped answering: {body}");
    };
    alive();

    // tiny_http aborted the process on this one.
    for method in ["GET", "POST"] {
        let answer = server.raw(
            format!(
                "{method} / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 99999999999\r\nConnection: close\r\n\r\nabc"
            )
            .as_bytes(),
        );
        assert!(
            answer.is_empty() || answer.starts_with("HTTP/1.1 "),
            "{answer:?}"
        );
        alive();
    }

    // DNS rebinding: a foreign name pointed at 127.0.0.1 reads nothing.
    for target in ["/", "/sla.html", "/__closeloop/reload"] {
        let answer = server.raw(
            format!(
                "GET {target} HTTP/1.1\r\nHost: rebind.example:{}\r\nConnection: close\r\n\r\n",
                server.port
            )
            .as_bytes(),
        );
        let (status, body) = split_answer(&answer);
        assert_eq!(status, 403, "{target}: {answer}");
        assert!(!body.contains("SLA"), "{body}");
    }
    let answer = server.raw(b"GET / HTTP/1.0\r\n\r\n");
    assert_eq!(split_answer(&answer).0, 403, "no Host at all: {answer}");
    alive();

    // Malformed and oversized requests: an error answer or a closed
    // connection, never a crash.
    let huge_header = format!(
        "GET / HTTP/1.1\r\nHost: {host}\r\nX-Big: {}\r\n\r\n",
        "a".repeat(200_000)
    );
    let many_headers = format!(
        "GET / HTTP/1.1\r\nHost: {host}\r\n{}\r\n",
        (0..500)
            .map(|i| format!("X-{i}: y\r\n"))
            .collect::<String>()
    );
    let hostile: Vec<Vec<u8>> = vec![
        b"\x00\x01\x02 garbage\r\n\r\n".to_vec(),
        b"GET\r\n\r\n".to_vec(),
        format!("GET /%ff%fe HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").into_bytes(),
        format!("GET /../../etc/passwd HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
            .into_bytes(),
        format!("GET / HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
            .into_bytes(),
        format!("GET / HTTP/1.1\r\nHost: {host}\r\nContent-Length: -1\r\n\r\n").into_bytes(),
        format!("GET / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
            .into_bytes(),
        huge_header.into_bytes(),
        many_headers.into_bytes(),
        format!(
            "GET /{} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n",
            "x/".repeat(30_000)
        )
        .into_bytes(),
    ];
    for request in &hostile {
        let answer = server.raw(request);
        assert!(
            !answer.contains("etc/passwd") && !answer.contains("root:"),
            "{answer}"
        );
        if let Some(status) = answer
            .split(' ')
            .nth(1)
            .filter(|_| answer.starts_with("HTTP/"))
        {
            assert!(
                status.starts_with('4') || status.starts_with('2'),
                "{:?} → {answer:.200}",
                String::from_utf8_lossy(&request[..request.len().min(60)])
            );
        }
        alive();
    }
    let (status, _) = server.get("/%2e%2e/%2e%2e/etc/passwd");
    assert_eq!(status, 400);
    let answer = server
        .raw(format!("DELETE / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes());
    assert_eq!(split_answer(&answer).0, 405, "{answer}");

    // Half a request head, then nothing: the server goes on answering
    // others meanwhile (the half-open one is closed after a timeout).
    let mut slow = server.connect();
    slow.write_all(format!("GET / HTTP/1.1\r\nHost: {host}\r\n").as_bytes())
        .unwrap();
    alive();
    drop(slow);
    alive();
}

/// Every file of a site folder that `build` wrote, by path.
fn site_on_disk(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if rel != ".closeloop-site" {
            files.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

/// After each step of a sequence of edits, renames and deletions, the
/// preview's incremental rebuild gives exactly the files a fresh `build`
/// of the same repository writes.
#[test]
fn incremental_rebuilds_give_what_a_fresh_build_gives() {
    use closeloop::server::build::{NowSource, Rebuilder};
    for internal in [false, true] {
        let repo = TempRepo::copy_of("valid");
        // Enough items for several list entries, releases and report weeks.
        let originals: Vec<(String, String)> = walkdir::WalkDir::new(repo.path("feedback/2026"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(repo.root())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (rel.clone(), read(&repo, &rel))
            })
            .collect();
        for n in 0..12 {
            for (rel, text) in &originals {
                let copy = rel.replace(".md", &format!("-{n}.md"));
                let text = if text.contains("title: \"") {
                    text.replacen("title: \"", &format!("title: \"Copy {n} of "), 1)
                } else {
                    text.replacen("title: ", &format!("title: Copy {n} of "), 1)
                };
                let text = if n % 3 == 0 && !text.contains("  release:") {
                    text.replace("shipped:\n", &format!("shipped:\n  release: v1.{n}\n"))
                } else {
                    text
                };
                repo.write(&copy, text);
            }
        }
        let root = std::fs::canonicalize(repo.root()).unwrap();
        let location = closeloop::locate::Location {
            root: root.clone(),
            prefix: String::new(),
        };
        let now = NowSource {
            flag: Some(NOW.to_owned()),
            epoch: None,
        };
        let rebuilder = Rebuilder::new(location, internal, now);
        let out = tempfile::tempdir().unwrap();
        let site = out.path().join("site");
        // `complete`: `changed` is all that changed, as the watcher reports it.
        let check_after = |step: &str, changed: &[std::path::PathBuf], complete: bool| {
            let served = rebuilder
                .rebuild_after(changed, complete)
                .unwrap_or_else(|e| panic!("{step}: the rebuild failed:\n{e}"));
            rebuilder.tidy(&served);
            let mut args = vec!["build", "--out", site.to_str().unwrap()];
            if internal {
                args.push("--internal");
            }
            crate::support::closeloop(repo.root(), &args).ok();
            let built = site_on_disk(&site);
            let served: std::collections::BTreeMap<String, Vec<u8>> = served
                .into_iter()
                .map(|(path, bytes)| (path, Vec::clone(&bytes)))
                .collect();
            let paths = |m: &std::collections::BTreeMap<String, Vec<u8>>| {
                m.keys().cloned().collect::<Vec<_>>()
            };
            assert_eq!(paths(&served), paths(&built), "{step}: other files");
            for (path, bytes) in &built {
                assert!(
                    served[path] == *bytes,
                    "{step} (internal: {internal}): {path} differs from a fresh build"
                );
            }
        };
        let check = |step: &str, changed: &[std::path::PathBuf]| check_after(step, changed, false);
        let known = |step: &str, changed: &[&str]| {
            let paths: Vec<std::path::PathBuf> = changed.iter().map(|p| root.join(p)).collect();
            check_after(step, &paths, true)
        };
        check("first build", &[]);
        check("nothing changed", &[]);

        assert_eq!(
            rebuilder.last_work(),
            (0, 0),
            "nothing changed, nothing redone"
        );

        let item = "feedback/2026/11/retrieval-cliff.md";
        let text = read(&repo, item);
        save(&repo, item, &text.replace(TITLE, "A title edited in place"));
        check("an edited title", &[]);
        let (files_read, rendered) = rebuilder.last_work();
        assert_eq!(files_read, 1, "only the edited file is read again");
        assert!(
            (1..15).contains(&rendered),
            "only the pages showing the item are rendered again: {rendered}"
        );

        let copy = "feedback/2026/11/cli-json-output-4.md";
        let text = read(&repo, copy);
        save(
            &repo,
            copy,
            &text
                .replace("state: closed", "state: shipped")
                .replace("closed:\n  at: 2026-11-18 10:00\n  satisfaction: 4\n", ""),
        );
        check("a state moved back", &[]);

        std::fs::rename(
            repo.path("feedback/2026/11/retrieval-cliff-2.md"),
            repo.path("feedback/2026/11/renamed-cliff.md"),
        )
        .unwrap();
        check("a renamed file (a new id)", &[]);

        std::fs::remove_file(repo.path("feedback/2026/10/docs-search-delight-3.md")).unwrap();
        std::fs::remove_file(repo.path("feedback/2026/11/cli-json-output-6.md")).unwrap();
        check("two deleted items", &[]);

        // Same size, same second: only the watcher's report tells.
        let edited = repo.path(item);
        let text = read(&repo, item);
        let same_size = text.replace("A title edited in place", "A title EDITED in place");
        let times = std::fs::metadata(&edited).unwrap().modified().unwrap();
        std::fs::write(&edited, &same_size).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&edited)
            .unwrap()
            .set_modified(times)
            .unwrap();
        check(
            "an edit the watcher reported",
            std::slice::from_ref(&edited),
        );

        // Saves reported by the watcher: nothing else is looked at.
        let duplicate = "feedback/2026/11/cliff-again.md";
        repo.write(
            duplicate,
            read(&repo, "feedback/2026/11/stream-proxy-timeout.md")
                .replacen("title: ", "title: The cliff again, ", 1)
                .replacen("\ntag: ", "\nduplicate_of: retrieval-cliff\ntag: ", 1)
                .replace(
                    "state: captured",
                    "state: acknowledged\ndistributed: 2026-11-26T09:00:00Z\nacknowledged: 2026-11-26T10:00:00Z",
                ),
        );
        known("a duplicate added", &[duplicate]);
        let (files_read, _) = rebuilder.last_work();
        assert_eq!(files_read, 1, "only the new file is read");
        // The original's credit changes what its duplicate's page shows.
        let original = read(&repo, item);
        save(
            &repo,
            item,
            &original.replacen("credit: public", "credit: private", 1),
        );
        known("the original made private", &[item]);
        save(&repo, item, &original);
        known("the original public again", &[item]);
        // A duplicate the public no longer sees: its original's page
        // counts it instead of naming it.
        let shown = read(&repo, duplicate);
        save(
            &repo,
            duplicate,
            &shown
                .replace("state: acknowledged", "state: captured")
                .replace("distributed: 2026-11-26T09:00:00Z\n", "")
                .replace("acknowledged: 2026-11-26T10:00:00Z\n", ""),
        );
        known("a duplicate no longer public", &[duplicate]);
        save(&repo, duplicate, &shown);
        known("the duplicate public again", &[duplicate]);
        save(
            &repo,
            duplicate,
            &read(&repo, duplicate).replace(
                "duplicate_of: retrieval-cliff",
                "duplicate_of: cli-json-output",
            ),
        );
        known("a duplicate of another original", &[duplicate]);
        // Into the top signals of its week, and behind another roadmap item.
        let strong = "feedback/2026/11/cli-json-output-3.md";
        let text = read(&repo, strong);
        let frequency = text
            .lines()
            .find(|l| l.starts_with("frequency:"))
            .unwrap()
            .to_owned();
        save(
            &repo,
            strong,
            &text.replacen(&frequency, "frequency: 900", 1),
        );
        known("an item into the top signals", &[strong]);
        let planned = "feedback/2026/11/retrieval-cliff-7.md";
        let text = read(&repo, planned);
        save(
            &repo,
            planned,
            &text.replace("roadmap: hybrid-reranker", "roadmap: cli-profiles"),
        );
        known("a decision naming another roadmap item", &[planned]);
        let received = "feedback/2026/10/docs-search-delight-5.md";
        let text = read(&repo, received);
        save(
            &repo,
            received,
            &text.replacen("received: 2026-10", "received: 2026-09", 1),
        );
        known("an item moved to an earlier week", &[received]);
        // Old weeks: a title alone (listed in its week's top delights and
        // wins), texts no figure reads, a move to a later week, a new score,
        // a loop closed in another week, a shipped win's title.
        let old = "feedback/2026/10/docs-search-delight-2.md";
        let text = read(&repo, old);
        save(
            &repo,
            old,
            &text.replacen("title: ", "title: Renamed praise, ", 1),
        );
        known("an old item's title", &[old]);
        let text = read(&repo, old);
        save(
            &repo,
            old,
            &text
                .replace("thank you.", "thanks a lot.")
                .replace("Shared with the docs team.", "Shared with docs."),
        );
        known("an old item's quote and reasoning", &[old]);
        let moved = "feedback/2026/10/docs-search-delight-4.md";
        let text = read(&repo, moved);
        save(
            &repo,
            moved,
            &text
                .replace("2026-10-14", "2026-10-21")
                .replace("2026-10-15", "2026-10-22"),
        );
        known("an old item moved to a later week", &[moved]);
        let scored = "feedback/2026/10/docs-search-delight-6.md";
        let text = read(&repo, scored);
        save(
            &repo,
            scored,
            &text.replacen("severity: low\n", "severity: high\nfrequency: 40\n", 1),
        );
        known("an old item's score", &[scored]);
        let reclosed = "feedback/2026/10/docs-search-delight-7.md";
        let text = read(&repo, reclosed);
        save(
            &repo,
            reclosed,
            &text.replace(
                "closed:\n  at: 2026-10-15 10:00",
                "closed:\n  at: 2026-11-10 10:00\n  satisfaction: 2",
            ),
        );
        known("a loop closed in a later week", &[reclosed]);
        let win = "feedback/2026/11/cli-json-output-5.md";
        let text = read(&repo, win);
        save(
            &repo,
            win,
            &text.replacen("title: \"", "title: \"Shipped: ", 1),
        );
        known("a shipped win's title", &[win]);
        save(&repo, win, &text);
        known("the win's title back", &[win]);
        std::fs::rename(
            repo.path("feedback/2026/11/cli-json-output-8.md"),
            repo.path("feedback/2026/11/json-flag.md"),
        )
        .unwrap();
        known(
            "a rename the watcher reported",
            &[
                "feedback/2026/11/cli-json-output-8.md",
                "feedback/2026/11/json-flag.md",
            ],
        );
        std::fs::remove_file(repo.path(duplicate)).unwrap();
        known("a deletion the watcher reported", &[duplicate]);
        repo.write(
            "feedback/2026/12/new-month.md",
            read(&repo, "feedback/2026/11/retrieval-cliff-9.md").replacen(
                "title: ",
                "title: December ",
                1,
            ),
        );
        // A new folder: its files are listed by walking it.
        known("a new folder", &["feedback/2026/12"]);
        std::fs::remove_dir_all(repo.path("feedback/2026/12")).unwrap();
        known("a folder removed", &["feedback/2026/12"]);
        // Scratch files and a save in a skipped folder change nothing.
        repo.write("feedback/2026/11/notes.txt", "not an item");
        repo.write("feedback/_drafts/idea.md", "---\ntitle: x\n---\n");
        known(
            "files that are not items",
            &["feedback/2026/11/notes.txt", "feedback/_drafts/idea.md"],
        );
        repo.write("feedback/2026/11/shout.MD", "---\ntitle: x\n---\n");
        known(
            "a name the listing warns about",
            &["feedback/2026/11/shout.MD"],
        );
        std::fs::remove_file(repo.path("feedback/2026/11/shout.MD")).unwrap();
        known("the warned name removed", &["feedback/2026/11/shout.MD"]);

        let config = read(&repo, "closeloop.toml");
        save(
            &repo,
            "closeloop.toml",
            &format!("{config}\n[site]\ntitle = \"Another title\"\n"),
        );
        check("a new site title", &[]);

        repo.write(
            "templates/item.html",
            "{% extends \"base.html\" %}{% block content %}<h1>{{ item_page.item.title }}</h1>{% endblock content %}",
        );
        check("a template override", &[]);
        std::fs::remove_file(repo.path("templates/item.html")).unwrap();
        check("the override removed", &[]);

        repo.write("static/extra.txt", "static");
        check("a static file", &[]);

        repo.write(
            "feedback/2026/11/brand-new.md",
            read(&repo, "feedback/2026/11/retrieval-cliff-5.md")
                .replace("title: ", "title: Brand new "),
        );
        check("a new item", &[]);
        save(&repo, "closeloop.toml", &config);
        std::fs::remove_file(repo.path("feedback/2026/11/brand-new.md")).unwrap();
        std::fs::remove_file(repo.path("static/extra.txt")).unwrap();
        save(&repo, item, &text_of_original(&originals, item));
        check("everything put back", &[]);
    }
}

fn text_of_original(originals: &[(String, String)], rel: &str) -> String {
    originals
        .iter()
        .find(|(r, _)| r == rel)
        .map(|(_, t)| t.clone())
        .unwrap()
}
