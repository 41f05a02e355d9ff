#!/usr/bin/env python3
"""Save-to-reload latency of `closeloop serve` (called by bench/run.sh).

Starts `closeloop --root CORPUS --now NOW serve --port 0`, reads the address it prints, picks
an item whose page the public site has, then EDITS times in each of two ways rewrites the
item's title the way editors save (a temporary file renamed over the original) and times how
long until the new title can be read:

- browser: as an open tab does. Before the save, open the page's live-reload event stream
  (`/__closeloop/reload?since=N`, N from the page's own script); on the `reload` event, fetch
  the page again (the tab's `location.reload()`). Nothing runs while the server rebuilds.
- poll: ask for the page over one keep-alive connection every 2 ms until the new title shows.
  A poller shares the two cores with the rebuild, so this is the slower, pessimistic figure.

The latency is from the rename to the first page with the new title. Prints one TSV line per
edit: mode, edit number, latency in ms, and the server's own rebuild time in ms.

usage: serve_latency.py CLOSELOOP CORPUS NOW EDITS
"""

import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time

closeloop, corpus, now, edits = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
DEADLINE = 60.0

server = subprocess.Popen(
    [closeloop, "--root", corpus, "--now", now, "--color", "never", "serve", "--port", "0"],
    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
lines = []
port = None
rebuilds = []
ready = threading.Event()


def read_log():
    global port
    for line in server.stderr:
        lines.append(line)
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if m and port is None:
            port = int(m.group(1))
            ready.set()
        m = re.match(r"rebuilt: \d+ files in (\d+) ms", line)
        if m:
            rebuilds.append(int(m.group(1)))


threading.Thread(target=read_log, daemon=True).start()
try:
    if not ready.wait(DEADLINE):
        sys.exit("serve printed no address:\n" + "".join(lines))
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

    def get(path):
        global conn
        for _ in range(2):
            try:
                conn.request("GET", path)
                r = conn.getresponse()
                return r.status, r.read().decode("utf-8", "replace")
            except (http.client.HTTPException, OSError):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        raise SystemExit(f"GET {path} failed twice")

    # An item with a page on the public site.
    target = None
    for folder, _, files in sorted(os.walk(os.path.join(corpus, "feedback"))):
        for name in sorted(files):
            if not name.endswith(".md"):
                continue
            page = f"/feedback/{name[:-3]}.html"
            if get(page)[0] == 200:
                target = (os.path.join(folder, name), page)
                break
        if target:
            break
    if not target:
        sys.exit("no item of the corpus has a public page")
    path, page = target
    original = open(path, encoding="utf-8").read()

    def reload_stream():
        """The page's live-reload stream, opened as its script opens it."""
        status, body = get(page)
        since = re.search(r"since=(\d+)", body).group(1)
        stream = socket.create_connection(("127.0.0.1", port), timeout=DEADLINE)
        stream.sendall(f"GET /__closeloop/reload?since={since} HTTP/1.1\r\n"
                       f"Host: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n".encode())
        return stream

    def wait_reload(stream):
        buffered = b""
        while b"data: reload" not in buffered:
            chunk = stream.recv(4096)
            if not chunk:
                sys.exit("the reload stream closed:\n" + "".join(lines[-20:]))
            buffered += chunk

    def edit(n, mode):
        marker = f"bench-edit-{mode}-{n}-{time.time_ns()}"
        text = re.sub(r"^title: (.*)$", lambda m: f"title: {marker} {m.group(1).strip(chr(34))}",
                      original, count=1, flags=re.M)
        tmp = path + ".bench-tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        stream = reload_stream() if mode == "browser" else None
        seen_rebuilds = len(rebuilds)
        start = time.perf_counter()
        os.rename(tmp, path)
        while True:
            if stream:
                wait_reload(stream)
            status, body = get(page)
            if marker in body:
                break
            if time.perf_counter() - start > DEADLINE:
                sys.exit(f"the page never showed edit {n}:\n" + "".join(lines[-20:]))
            if not stream:
                time.sleep(0.002)
        latency = (time.perf_counter() - start) * 1000
        if stream:
            stream.close()
        # Let the server's log line arrive, and the next edit be a save of its own.
        time.sleep(0.4)
        rebuilt = rebuilds[seen_rebuilds] if len(rebuilds) > seen_rebuilds else ""
        print(f"{mode}\t{n}\t{latency:.1f}\t{rebuilt}", flush=True)

    try:
        for mode in ("browser", "poll"):
            for n in range(1, edits + 1):
                edit(n, mode)
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
finally:
    server.kill()
    server.wait()
