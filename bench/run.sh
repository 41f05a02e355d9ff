#!/usr/bin/env bash
# Performance harness: closeloop validate/build against Hugo and plain I/O floors on generated
# corpora of several sizes. Writes bench/RESULTS.md. See bench/README.md.
#
# Environment:
#   SIZES="1000 10000 100000"  corpus sizes (items)
#   RUNS=5                     timed rounds (after 1 warm-up round); each round runs every command once
#   SEED=42                    corpus seed (same seed and size give byte-identical corpora)
#   BENCH_DIR=/tmp/closeloop-bench   where corpora, outputs and raw results go
#   CLOSELOOP=path             use this binary instead of building target/release/closeloop
#   IGNORE_FAILURES=1          keep measuring when a command exits non-zero (hyperfine -i)
#   RESULTS=bench/RESULTS.md   where the report goes
#   SERVE_SIZES="1000 10000"   corpus sizes for the serve save-to-reload latency ("" skips it)
#   SERVE_EDITS=15             edits measured at each of those sizes
#   ONLY=serve                 measure only the serve latency (no hyperfine, no Hugo); the report
#                              goes to bench/RESULTS-serve.md
#   TMPFS=1                    mount a tmpfs at BENCH_DIR for the run (as root), so that only
#                              computation counts; or point BENCH_DIR at a tmpfs folder yourself
#   TMPFS_SIZE=16G             size of that tmpfs
#   ONLY=memory                measure only the peak memory and time of validate, sla --all and
#                              todo (see bench_memory); the report goes to bench/RESULTS-memory.md
#   MEMORY_SIZES="100000 1000000"  corpus sizes for ONLY=memory
#   MEMORY_BUILD=1             ONLY=memory also measures `build` (output in MEMORY_SITE, default
#                              /dev/shm/closeloop-bench-site, removed after each run)
#   MEMORY_RUNS=3              runs per command and size (the median is reported)
#   CORPORA=$BENCH_DIR         where ONLY=memory and EXT4=1 find (or generate) n<N>/corpus
#   EXT4=1                     measure only the build and rebuilds on ext4 against cp -r (as root):
#                              each round makes a fresh ext4 file system in an image file, loop-mounts
#                              it, copies the corpus in and times cp -r and the builds on it; the
#                              report goes to bench/RESULTS-ext4.md (see bench_ext4)
#   EXT4_SIZES="100000"        corpus sizes for EXT4=1
#   EXT4_ROUNDS=3              rounds (fresh file systems) per size; medians are reported
#   EXT4_IMAGE_DIR=$BENCH_DIR  where the image file goes: a folder on the real disk, not a tmpfs
#   EXT4_IMAGE_SIZE=12G        size of the image (sparse; 100k items use about 2.5 GB of it)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
read -ra SIZES <<<"${SIZES:-1000 10000 100000}"
RUNS=${RUNS:-5}
SEED=${SEED:-42}
BENCH_DIR=${BENCH_DIR:-/tmp/closeloop-bench}
IGNORE_FAILURES=${IGNORE_FAILURES:-0}
RESULTS=${RESULTS:-$ROOT/bench/RESULTS.md}
TMPFS=${TMPFS:-0}
TMPFS_SIZE=${TMPFS_SIZE:-16G}
NOW=2026-11-27T00:00:00Z
# A later *now* for the rebuild measurement: every page that depends on the
# time changes, the others must not.
LATER=2026-11-28T00:00:00Z
RAW=$BENCH_DIR/raw
read -ra SERVE_SIZES <<<"${SERVE_SIZES-1000 10000}"
SERVE_EDITS=${SERVE_EDITS:-15}
ONLY=${ONLY:-}
EXT4=${EXT4:-0}

log() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

install_tools() {
    local missing=()
    command -v hyperfine >/dev/null || missing+=(hyperfine)
    command -v hugo >/dev/null || missing+=(hugo)
    command -v python3 >/dev/null || missing+=(python3)
    command -v git >/dev/null || missing+=(git)
    [[ -x /usr/bin/time ]] || missing+=(time)
    ((${#missing[@]} == 0)) && return
    log "installing ${missing[*]}"
    local sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# TMPFS=1: a RAM disk at BENCH_DIR for this run, removed at the end.
mount_tmpfs() {
    ((TMPFS == 1)) || return 0
    [[ $(id -u) -eq 0 ]] || die "TMPFS=1 mounts a tmpfs and needs root; or set BENCH_DIR to a folder on a tmpfs (e.g. /dev/shm/closeloop-bench)"
    mkdir -p "$BENCH_DIR"
    if [[ $(stat -f -c %T "$BENCH_DIR") != tmpfs ]]; then
        log "mounting a $TMPFS_SIZE tmpfs at $BENCH_DIR"
        mount -t tmpfs -o "size=$TMPFS_SIZE" closeloop-bench "$BENCH_DIR"
        # The report is written before this runs; the raw figures go with the RAM disk.
        trap 'umount "$BENCH_DIR" || true' EXIT
    fi
}

build() {
    build_generator
    build_closeloop
}

build_generator() {
    [[ -n ${GEN:-} ]] && return
    cd "$ROOT"
    log "building the corpus generator"
    if cargo build --release --example gen-corpus; then
        GEN=$ROOT/target/release/examples/gen-corpus
    else
        # The example is std-only: it still builds when the crate's library does not.
        echo "bench: cargo could not build the example; compiling it on its own with rustc" >&2
        mkdir -p "$BENCH_DIR"
        rustc --edition 2024 -O -o "$BENCH_DIR/gen-corpus" examples/gen-corpus.rs
        GEN=$BENCH_DIR/gen-corpus
    fi
}

build_closeloop() {
    cd "$ROOT"
    if [[ -n ${CLOSELOOP:-} ]]; then
        echo "bench: using CLOSELOOP=$CLOSELOOP" >&2
    else
        log "building closeloop"
        cargo build --release --bin closeloop || die "closeloop does not build (set CLOSELOOP=path to measure another binary)"
        CLOSELOOP=$ROOT/target/release/closeloop
    fi
    [[ -x $CLOSELOOP ]] || die "$CLOSELOOP is not an executable"
}

# Runs a command once under /usr/bin/time -v and prints its peak RSS in KiB.
peak_rss() {
    local report
    report=$(mktemp)
    /usr/bin/time -v -o "$report" "$@" >/dev/null 2>&1 || true
    awk -F': ' '/Maximum resident set size/ {print $2}' "$report"
    rm -f "$report"
}

# Checks once that closeloop accepts the corpus, so a failure is reported plainly, not mid-run.
precheck() {
    local corpus=$1 site=$2 out=$RAW/precheck.log status=0
    rm -rf "$site"
    "$CLOSELOOP" --root "$corpus" --now "$NOW" validate >"$out" 2>&1 || status=$?
    if ((status == 0)); then
        "$CLOSELOOP" --root "$corpus" --now "$NOW" build --out "$site" >"$out" 2>&1 || status=$?
    fi
    rm -rf "$site"
    ((status == 0)) && return
    echo "bench: closeloop exited $status on $corpus; its output begins:" >&2
    head -n 20 "$out" >&2
    ((IGNORE_FAILURES == 1)) || die "stopping (IGNORE_FAILURES=1 measures anyway)"
}

# A git copy of the corpus, committed, for `validate --base` and the
# one-file-changed rebuild; prints the changed item's path inside it.
git_copy() {
    local corpus=$1 edit=$2 site=$3 id file
    cp -r "$corpus" "$edit"
    git -C "$edit" init -q
    git -C "$edit" add -A
    git -C "$edit" -c user.name=bench -c user.email=bench@localhost commit -q -m corpus
    # An item the public site shows (its page exists), so that changing it changes the site.
    "$CLOSELOOP" --root "$corpus" --now "$NOW" build --out "$site" >/dev/null 2>&1 || true
    id=$(find "$site/feedback" -maxdepth 1 -name '*.html' 2>/dev/null | sort | head -n1 | xargs -r basename -s .html)
    rm -rf "$site"
    if [[ -n $id ]]; then
        file=$(cd "$edit" && find feedback -name "$id.md" | head -n1)
    fi
    [[ -n ${file:-} ]] || file=$(cd "$edit" && find feedback -name '*.md' | sort | head -n1)
    printf '%s\n' "$file"
}

bench_size() {
    local n=$1 work=$BENCH_DIR/n$1
    local corpus=$work/corpus hugo_src=$work/hugo site=$work/site hugo_out=$work/hugo-out copy=$work/copy
    local edit=$work/edit same=$work/site-same later=$work/site-later changed=$work/site-changed
    rm -rf "$work"
    mkdir -p "$work"

    log "N=$n: generating corpus (seed $SEED)"
    local start=$EPOCHREALTIME
    "$GEN" --items "$n" --seed "$SEED" --out "$corpus" --hugo "$hugo_src"
    local end=$EPOCHREALTIME
    {
        printf 'gen_seconds\t%s\n' "$(awk "BEGIN { print $end - $start }")"
        printf 'corpus_apparent\t%s\n' "$(du -s --apparent-size --block-size=1 "$corpus" | cut -f1)"
        printf 'corpus_disk\t%s\n' "$(du -s --block-size=1 "$corpus" | cut -f1)"
        printf 'corpus_files\t%s\n' "$(find "$corpus" -name '*.md' | wc -l)"
    } >"$RAW/gen-$n.tsv"

    precheck "$corpus" "$site"

    log "N=$n: a committed git copy of the corpus, with one item changed"
    local file
    file=$(git_copy "$corpus" "$edit" "$site")
    # One file changed: its title (shown on its page, the lists and its release).
    local q_edit_file
    q_edit_file=$(printf %q "$edit/$file")
    local change="sed -i '0,/^title: /s/^title: .*/title: \"Changed for the benchmark\"/' $q_edit_file"
    eval "$change"
    printf 'changed_file\t%s\n' "$file" >>"$RAW/gen-$n.tsv"
    # The rebuilds start from a site built as the previous round left it.
    "$CLOSELOOP" --root "$corpus" --now "$NOW" build --out "$same" >/dev/null 2>&1 || true

    # Commands in a fixed order; RESULTS.md reads them back by position.
    local q_cl q_corpus q_site q_hugo q_hugo_out q_copy
    q_cl=$(printf %q "$CLOSELOOP")
    q_corpus=$(printf %q "$corpus")
    q_site=$(printf %q "$site")
    q_hugo=$(printf %q "$hugo_src")
    q_hugo_out=$(printf %q "$hugo_out")
    q_copy=$(printf %q "$copy")
    local q_edit q_same q_later q_changed
    q_edit=$(printf %q "$edit")
    q_same=$(printf %q "$same")
    q_later=$(printf %q "$later")
    q_changed=$(printf %q "$changed")
    local names=(closeloop-validate closeloop-build hugo cp-floor cat-floor
        rebuild-unchanged rebuild-later-now rebuild-one-changed validate-base)
    local commands=(
        "$q_cl --root $q_corpus --now $NOW validate"
        "$q_cl --root $q_corpus --now $NOW build --out $q_site"
        "hugo --quiet -s $q_hugo -d $q_hugo_out"
        "cp -r $q_corpus/feedback $q_copy"
        "sh -c 'find $q_corpus/feedback -name \"*.md\" -print0 | xargs -0 cat > /dev/null'"
        "$q_cl --root $q_corpus --now $NOW build --out $q_same"
        "$q_cl --root $q_corpus --now $LATER build --out $q_later"
        "$q_cl --root $q_edit --now $NOW build --out $q_changed"
        "$q_cl --root $q_edit --now $NOW validate --base HEAD"
    )
    local prepares=(
        "true"
        "rm -rf $q_site"
        "rm -rf $q_hugo_out"
        "rm -rf $q_copy"
        "true"
        "true"
        "$q_cl --root $q_corpus --now $NOW build --out $q_later"
        "git -C $q_edit checkout -q -- . && $q_cl --root $q_edit --now $NOW build --out $q_changed && $change"
        "true"
    )
    # Alternating rounds: each round runs every command once, in an order
    # rotated by one each round, so a burst of background load or a change
    # in the file system's state (see bench/README.md) falls on all of them
    # alike. Round 0 warms the page cache and is not kept.
    local round i k
    for ((round = 0; round <= RUNS; round++)); do
        local args=(--runs 1 --style basic)
        ((round > 0)) && args+=(--export-json "$RAW/hyperfine-$n-$round.json")
        ((IGNORE_FAILURES == 1)) && args+=(-i)
        for ((k = 0; k < ${#commands[@]}; k++)); do
            i=$(((k + round) % ${#commands[@]}))
            args+=(--prepare "${prepares[$i]}" --command-name "${names[$i]}" "${commands[$i]}")
        done
        log "N=$n: round $round of $RUNS (${#commands[@]} commands)"
        hyperfine "${args[@]}" >&2
    done

    log "N=$n: peak RSS (one extra run each under /usr/bin/time -v)"
    {
        rm -rf "$site" "$hugo_out" "$copy"
        printf 'closeloop-validate\t%s\n' "$(peak_rss "$CLOSELOOP" --root "$corpus" --now "$NOW" validate)"
        printf 'closeloop-build\t%s\n' "$(peak_rss "$CLOSELOOP" --root "$corpus" --now "$NOW" build --out "$site")"
        printf 'hugo\t%s\n' "$(peak_rss hugo --quiet -s "$hugo_src" -d "$hugo_out")"
        printf 'cp-floor\t%s\n' "$(peak_rss cp -r "$corpus/feedback" "$copy")"
        # shellcheck disable=SC2016 # $1 is expanded by the inner sh
        printf 'cat-floor\t%s\n' "$(peak_rss sh -c 'find "$1"/feedback -name "*.md" -print0 | xargs -0 cat > /dev/null' sh "$corpus")"
        printf 'validate-base\t%s\n' "$(peak_rss "$CLOSELOOP" --root "$edit" --now "$NOW" validate --base HEAD)"
    } >"$RAW/rss-$n.tsv"
    rm -rf "$site" "$hugo_out" "$copy" "$same" "$later" "$changed"
}

# Save-to-reload latency of `closeloop serve`: edit an item, then wait for the reload event and
# fetch the page, or poll the page until it changes (bench/serve_latency.py). Writes
# raw/serve-N.tsv: way (browser or poll), edit, latency ms, the server's rebuild ms.
bench_serve() {
    local n=$1 corpus=$BENCH_DIR/serve-n$1
    rm -rf "$corpus"
    log "N=$n: serve save-to-reload latency ($SERVE_EDITS edits)"
    "$GEN" --items "$n" --seed "$SEED" --out "$corpus" >/dev/null
    python3 "$ROOT/bench/serve_latency.py" "$CLOSELOOP" "$corpus" "$NOW" "$SERVE_EDITS" >"$RAW/serve-$n.tsv"
    rm -rf "$corpus"
}

versions() {
    local version
    version=$("$CLOSELOOP" --version 2>/dev/null | head -n1) || true
    printf 'closeloop\t%s\n' "${version:-n/a}"
    printf 'hugo\t%s\n' "$(hugo version 2>/dev/null | head -n1)"
    printf 'hyperfine\t%s\n' "$(hyperfine --version | head -n1)"
    printf 'rustc\t%s\n' "$(rustc --version)"
    printf 'nproc\t%s\n' "$(nproc)"
    printf 'cpu\t%s\n' "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
    printf 'memory\t%s\n' "$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
    printf 'kernel\t%s\n' "$(uname -srm)"
    printf 'git\t%s\n' "$(git --version)"
    printf 'date\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    printf 'filesystem\t%s\n' "$(stat -f -c %T "$BENCH_DIR")"
    printf 'load\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
}

report() {
    BENCH_SERVE_SIZES="${SERVE_SIZES[*]}" \
        python3 - "$RAW" "$RESULTS" "$RUNS" "$SEED" "$BENCH_DIR" "${SIZES[@]}" <<'PY'
import json, os, statistics, sys

raw, results, runs, seed, bench_dir, *sizes = sys.argv[1:]
sizes = [int(n) for n in sizes]
serve_sizes = os.environ.get("BENCH_SERVE_SIZES", "").split()
NAMES = ["closeloop-validate", "closeloop-build", "hugo", "cp-floor", "cat-floor",
         "rebuild-unchanged", "rebuild-later-now", "rebuild-one-changed", "validate-base"]

def tsv(path):
    with open(path) as f:
        return dict(line.rstrip("\n").split("\t", 1) for line in f if "\t" in line)

def seconds(s):
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"

def ratio(a, b):
    return f"{a / b:.3g}×" if a and b else "n/a"

def cores(r):
    return r["cpu"] / r["median"] if r["median"] else 0.0

env = tsv(os.path.join(raw, "env.tsv"))
stats = {}
for n in sizes:
    runs_of = {name: [] for name in NAMES}
    for r in range(1, int(runs) + 1):
        with open(os.path.join(raw, f"hyperfine-{n}-{r}.json")) as f:
            for result in json.load(f)["results"]:
                runs_of[result["command"]].append(result)
    rss = tsv(os.path.join(raw, f"rss-{n}.tsv"))
    stats[n] = {name: {"median": statistics.median(r["mean"] for r in rs),
                       "cpu": statistics.mean(r["user"] + r["system"] for r in rs),
                       "walls": sorted(r["mean"] for r in rs),
                       "failed": any(c != 0 for r in rs for c in r.get("exit_codes", []) if c is not None),
                       "rss": int(rss[name]) if rss.get(name, "").isdigit() else None}
                for name, rs in runs_of.items()}
    stats[n]["gen"] = tsv(os.path.join(raw, f"gen-{n}.tsv"))

out = ["# closeloop benchmark results", "",
       f"Generated by `bench/run.sh` on {env['date']}: {runs} timed rounds after 1 warm-up round; "
       f"each round runs every command once (hyperfine `--runs 1`), in an order rotated each "
       f"round. Corpus seed {seed}, `--now 2026-11-27T00:00:00Z`, warm page cache.",
       "", "## Machine", "",
       f"- CPUs: {env['nproc']} × {env['cpu']}", f"- Memory: {env['memory']}",
       f"- Kernel: {env['kernel']}",
       f"- File system of `{bench_dir}` (corpora and every output): **{env.get('filesystem', 'n/a')}**",
       f"- Load average at the start (1, 5, 15 min): {env.get('load', 'n/a')}",
       "", "## Versions", ""]
out += [f"- {k}: `{env[k]}`" for k in ("closeloop", "hugo", "hyperfine", "rustc", "git") if k in env]
out += ["", "## Commands", "",
        "| name | command (prepare) |", "|---|---|",
        "| closeloop-validate | `closeloop --root CORPUS --now NOW validate` |",
        "| closeloop-build | `closeloop --root CORPUS --now NOW build --out OUT` (rm -rf OUT) |",
        "| hugo | `hugo --quiet -s HUGO -d HUGOOUT` (rm -rf HUGOOUT) |",
        "| cp-floor | `cp -r CORPUS/feedback COPY` (rm -rf COPY) |",
        "| cat-floor | `find CORPUS/feedback -name '*.md' -print0 \\| xargs -0 cat > /dev/null` |",
        "| rebuild-unchanged | `closeloop --root CORPUS --now NOW build --out SAME` over the site the previous run left |",
        "| rebuild-later-now | `closeloop --root CORPUS --now LATER build --out LATEROUT` (prepare: the same build at NOW), LATER = NOW + 1 day |",
        "| rebuild-one-changed | `closeloop --root EDIT --now NOW build --out CHANGED` (prepare: `git checkout -- .`, build, change one item's title) |",
        "| validate-base | `closeloop --root EDIT --now NOW validate --base HEAD`, one item changed since HEAD |",
        "", "EDIT is a committed git copy of CORPUS with one item's title changed.", ""]
for n in sizes:
    s, g = stats[n], stats[n]["gen"]
    mib = int(g["corpus_apparent"]) / 2**20
    out += [f"## {n:,} items", "",
            f"Corpus: {g['corpus_files']} files, {mib:.1f} MiB ({int(g['corpus_disk']) / 2**20:.1f} MiB "
            f"on disk), generated in {float(g['gen_seconds']):.2f} s (with the Hugo copy).", "",
            "| command | median wall | all walls | user+sys CPU (mean) | peak RSS |",
            "|---|---:|---|---:|---:|"]
    for name in NAMES:
        r = s[name]
        rss = f"{r['rss'] / 1024:.1f} MiB" if r["rss"] else "n/a"
        flag = " (failed)" if r["failed"] else ""
        walls = ", ".join(f"{w:.2f}" for w in r["walls"])
        out.append(f"| {name}{flag} | {seconds(r['median'])} | {walls} | {seconds(r['cpu'])} | {rss} |")
    med = {name: s[name]["median"] for name in NAMES}
    out += ["", f"- closeloop-build / Hugo: **{ratio(med['closeloop-build'], med['hugo'])}**",
            f"- closeloop-build / cp floor: **{ratio(med['closeloop-build'], med['cp-floor'])}**",
            f"- closeloop-validate / cat floor: "
            f"**{ratio(med['closeloop-validate'], med['cat-floor'])}**",
            f"- rebuild unchanged / cp floor: **{ratio(med['rebuild-unchanged'], med['cp-floor'])}**; "
            f"later *now* / cp floor: **{ratio(med['rebuild-later-now'], med['cp-floor'])}**; "
            f"one changed / cp floor: **{ratio(med['rebuild-one-changed'], med['cp-floor'])}**",
            f"- validate --base (one changed) / full validate: "
            f"**{ratio(med['validate-base'], med['closeloop-validate'])}**",
            f"- closeloop-build cores used (CPU ÷ wall): **{cores(s['closeloop-build']):.2f}**"]
    out.append("")
def verdict(ok):
    return "met" if ok else "**not met**"

out += ["## Targets", "", "| target | size | figure | met? |", "|---|---:|---|---|"]
fs = env.get("filesystem", "?")
for n in sizes:
    s = stats[n]
    med = {name: s[name]["median"] for name in NAMES}
    b, h = med["closeloop-build"], med["hugo"]
    c = cores(s["closeloop-build"])
    out.append(f"| build ≤ 0.12× Hugo, ≥ 1.8 cores ({fs}) | {n:,} | {ratio(b, h)}, {c:.2f} cores | "
               f"{verdict(b <= 0.12 * h and c >= 1.8)} |")
    cp = med["cp-floor"]
    for name in ("rebuild-unchanged", "rebuild-later-now", "rebuild-one-changed"):
        out.append(f"| {name} ≤ 1.5× cp -r ({fs}) | {n:,} | {ratio(med[name], cp)} | "
                   f"{verdict(med[name] <= 1.5 * cp)} |")
    v = med["closeloop-validate"]
    out.append(f"| validate --base ≤ 0.1× validate | {n:,} | {ratio(med['validate-base'], v)} | "
               f"{verdict(med['validate-base'] <= 0.1 * v)} |")
    rb, rv = s["closeloop-build"]["rss"], s["closeloop-validate"]["rss"]
    if rb and rv:
        out.append(f"| peak RSS build < 500 MiB, validate < 400 MiB | {n:,} | "
                   f"{rb / 1024:.0f} MiB, {rv / 1024:.0f} MiB | {verdict(rb < 500 * 1024 and rv < 400 * 1024)} |")
for n in serve_sizes:
    path = os.path.join(raw, f"serve-{n}.tsv")
    if os.path.exists(path):
        rows = [r.rstrip("\n").split("\t") for r in open(path) if r.strip()]
        lat = {m: [float(r[2]) for r in rows if r[0] == m] for m in ("browser", "poll")}
        if lat["browser"]:
            p = statistics.median(lat["browser"])
            q = f"; polling every 2 ms: {statistics.median(lat['poll']):.0f} ms" if lat["poll"] else ""
            out.append(f"| preview, save to reloaded page ≤ 100 ms | {int(n):,} | {p:.0f} ms{q} | {verdict(p <= 100)} |")
out += ["", "The speed targets are set at 10,000 and 100,000 items (the rebuild and `--base` "
        "targets at 100,000, the preview at 10,000); smaller sizes show the trend only.", ""]

pairs = list(zip(sizes, sizes[1:]))
if pairs:
    out += ["## Growth", "", "Median wall time at the larger size ÷ at the smaller one "
            "(equal to the size ratio means linear).", "",
            "| command | " + " | ".join(f"{b:,} / {a:,} (×{b / a:g} items)" for a, b in pairs) + " |",
            "|---|" + "---:|" * len(pairs)]
    for name in NAMES:
        out.append(f"| {name} | " + " | ".join(
            ratio(stats[b][name]["median"], stats[a][name]["median"]) for a, b in pairs) + " |")
    out.append("")
out += [f"Raw hyperfine JSON and RSS figures: `{bench_dir}/raw/`.", ""]
with open(results, "w") as f:
    f.write("\n".join(out))
print(f"bench: wrote {results}", file=sys.stderr)
PY
}

serve_report() {
    python3 - "$RAW" "$RESULTS" "$SERVE_EDITS" "${SERVE_SIZES[@]}" <<'PY'
import os, statistics, sys

raw, results, edits, *sizes = sys.argv[1:]
out = ["## Save to reload (`closeloop serve`)", "",
       f"`bench/serve_latency.py`: serve the corpus (`--now` pinned), then {edits} times rewrite one "
       "item's title by renaming a temporary file over it (as editors save), in each of two ways: "
       "*browser* waits, as an open tab does, for the page's live-reload event and then fetches "
       "the page again; *poll* asks for the page over one keep-alive connection every 2 ms (the "
       "poller shares the two cores with the rebuild). Latency is from the rename to the first "
       "page with the new title; rebuild is what the server reports for the same save.", "",
       "| items | way | median latency | min | max | median rebuild |",
       "|---:|---|---:|---:|---:|---:|"]
for n in sizes:
    path = os.path.join(raw, f"serve-{n}.tsv")
    if not os.path.exists(path):
        continue
    rows = [line.rstrip("\n").split("\t") for line in open(path) if line.strip()]
    for mode in ("browser", "poll"):
        lat = [float(r[2]) for r in rows if r[0] == mode]
        reb = [int(r[3]) for r in rows if r[0] == mode and len(r) > 3 and r[3]]
        if not lat:
            continue
        med_reb = f"{statistics.median(reb):.0f} ms" if reb else "n/a"
        out.append(f"| {int(n):,} | {mode} | {statistics.median(lat):.0f} ms | {min(lat):.0f} ms | "
                   f"{max(lat):.0f} ms | {med_reb} |")
out.append("")
mode = "a" if os.path.exists(results) else "w"
with open(results, mode) as f:
    f.write("\n".join(out) + "\n")
print(f"bench: wrote the serve latency to {results}", file=sys.stderr)
PY
}

# ONLY=memory: peak RSS, wall and CPU time of the commands that hold every item (validate,
# sla --all, todo), MEMORY_RUNS times per size under /usr/bin/time -v, warm page cache (one
# untimed validate first). A corpus already at CORPORA/n<N>/corpus is used as it is; otherwise
# it is generated there (no Hugo copy).
bench_memory() {
    local n=$1 corpus=${CORPORA:-$BENCH_DIR}/n$1/corpus name run report
    if [[ ! -d $corpus/feedback ]]; then
        log "generating $n items into $corpus"
        mkdir -p "$(dirname "$corpus")"
        "$GEN" --items "$n" --seed "$SEED" --out "$corpus"
    fi
    log "memory at $n items"
    "$CLOSELOOP" --root "$corpus" --now "$NOW" validate --format json >/dev/null 2>&1 || true
    for ((run = 0; run < ${MEMORY_RUNS:-3}; run++)); do
        local names=(validate-json validate sla-all-json todo-json)
        if [[ ${MEMORY_BUILD:-} == 1 ]]; then
            names+=(build)
        fi
        for name in "${names[@]}"; do
            local args=() site=${MEMORY_SITE:-/dev/shm/closeloop-bench-site}
            case $name in
                build) args=(build --out "$site") ;;
                validate-json) args=(validate --format json) ;;
                validate) args=(validate) ;;
                sla-all-json) args=(sla --all --format json) ;;
                todo-json) args=(todo --format json) ;;
            esac
            report=$(mktemp)
            /usr/bin/time -v -o "$report" "$CLOSELOOP" --root "$corpus" --now "$NOW" "${args[@]}" \
                >"$RAW/memory-out" 2>/dev/null || true
            awk -F': ' -v n="$n" -v name="$name" -v bytes="$(wc -c <"$RAW/memory-out")" '
                /Maximum resident set size/ {rss = $2}
                /User time/ {user = $2}
                /System time/ {sys = $2}
                /Elapsed \(wall clock\)/ {wall = $2}
                END {print n "\t" name "\t" rss "\t" user "\t" sys "\t" wall "\t" bytes}
            ' "$report" >>"$RAW/memory.tsv"
            rm -f "$report"
            if [[ $name == build ]]; then
                rm -rf "$site"
            fi
        done
    done
    rm -f "$RAW/memory-out"
}

memory_report() {
    python3 - "$RAW/memory.tsv" "$RESULTS" "${MEMORY_RUNS:-3}" "$NOW" <<'PY'
import statistics, sys

tsv, results, runs, now = sys.argv[1:]
rows = [line.rstrip("\n").split("\t") for line in open(tsv) if line.strip()]

def seconds(wall):
    parts = [float(p) for p in wall.split(":")]
    return sum(p * 60 ** i for i, p in enumerate(reversed(parts)))

out = ["# closeloop memory at scale", "",
       f"Generated by `ONLY=memory bench/run.sh`: each command {runs} times per size under "
       f"`/usr/bin/time -v`, `--now {now}`, warm page cache (one untimed `validate` first), "
       "stdout to a file. Medians; `out` is the size of what the command printed.", "",
       "| items | command | peak RSS | wall | CPU (user + sys) | CPU per item | out |",
       "|---:|---|---:|---:|---:|---:|---:|"]
seen = []
for r in rows:
    if (r[0], r[1]) not in seen:
        seen.append((r[0], r[1]))
for n, name in seen:
    sel = [r for r in rows if r[0] == n and r[1] == name]
    rss = statistics.median(int(r[2]) for r in sel) / 1024
    wall = statistics.median(seconds(r[5]) for r in sel)
    cpu = statistics.median(float(r[3]) + float(r[4]) for r in sel)
    size = statistics.median(int(r[6]) for r in sel) / 1024 / 1024
    per_item = cpu / int(n) * 1e6
    out.append(f"| {int(n):,} | `{name}` | {rss:,.0f} MiB | {wall:.1f} s | {cpu:.1f} s | "
               f"{per_item:.0f} µs | {size:,.1f} MiB |")
out.append("")
out.append("Targets: `validate` peak RSS at most 300 MiB at 100,000 items and 1 GB at 1,000,000; "
           "time linear in the number of items.")
out.append("")
with open(results, "w") as f:
    f.write("\n".join(out) + "\n")
print(f"bench: wrote {results}", file=sys.stderr)
PY
}

# EXT4=1: one round at size N on a fresh ext4 file system. The file system is new each round, so
# no round inherits another's deleted inodes or fragmentation, and cp -r and the builds are timed
# on the same file system in the same round. Every command is preceded by a sync, so one
# command's writeback is not charged to the next. Appends to raw/ext4.tsv: size, round, name,
# wall, user, sys (seconds).
ext4_round() {
    local n=$1 round=$2 corpus=$3
    local img=$EXT4_IMAGE_DIR/closeloop-ext4-$$.img mnt=$EXT4_IMAGE_DIR/closeloop-ext4-$$.mnt
    log "N=$n: ext4 round $round: a fresh file system in $img"
    rm -f "$img"
    truncate -s "${EXT4_IMAGE_SIZE:-12G}" "$img"
    # Inode tables and journal initialised now, not by a kernel thread during the timings.
    mkfs.ext4 -q -F -E lazy_itable_init=0,lazy_journal_init=0 "$img"
    mkdir -p "$mnt"
    mount -o loop "$img" "$mnt"
    EXT4_MOUNTED=$mnt EXT4_IMAGE=$img
    cp -r "$corpus" "$mnt/corpus"
    local feedback=$mnt/corpus/feedback site=$mnt/site
    timed() {
        local name=$1 t
        shift
        sync
        t=$(mktemp)
        /usr/bin/time -f '%e\t%U\t%S' -o "$t" "$@" >/dev/null 2>"$RAW/ext4-last.log" ||
            { cat "$RAW/ext4-last.log" >&2; die "$name failed"; }
        printf '%s\t%s\t%s\t%s\n' "$n" "$round" "$name" "$(cat "$t")" >>"$RAW/ext4.tsv"
        rm -f "$t"
    }
    timed cp-floor cp -r "$feedback" "$mnt/copy"
    timed first-build "$CLOSELOOP" --root "$mnt/corpus" --now "$NOW" build --out "$site"
    timed rebuild-unchanged "$CLOSELOOP" --root "$mnt/corpus" --now "$NOW" build --out "$site"
    timed rebuild-later-now "$CLOSELOOP" --root "$mnt/corpus" --now "$LATER" build --out "$site"
    # Back to the site of NOW, then one item the public site shows gets a new title (shown
    # on its page, the lists and its release).
    sync
    "$CLOSELOOP" --root "$mnt/corpus" --now "$NOW" build --out "$site" >/dev/null 2>&1
    local id file
    # awk, not head: head would close the pipe on sort, which pipefail reports as a failure.
    id=$(find "$site/feedback" -maxdepth 1 -name '*.html' | sort | awk 'NR == 1' | xargs -r basename -s .html)
    file=$(find "$feedback" -name "$id.md" | awk 'NR == 1')
    [[ -n $file ]] || die "no item file for the page $id"
    sed -i '0,/^title: /s/^title: .*/title: "Changed for the benchmark"/' "$file"
    timed rebuild-one-changed "$CLOSELOOP" --root "$mnt/corpus" --now "$NOW" build --out "$site"
    ext4_unmount
}

# Unmounts and removes the round's file system (also on exit, should a round fail).
ext4_unmount() {
    if [[ -n ${EXT4_MOUNTED:-} ]]; then
        umount "$EXT4_MOUNTED" || umount -l "$EXT4_MOUNTED" || true
        rmdir "$EXT4_MOUNTED" 2>/dev/null || true
        rm -f "$EXT4_IMAGE"
        EXT4_MOUNTED=
    fi
}

bench_ext4() {
    local n corpus round
    [[ $(id -u) -eq 0 ]] || die "EXT4=1 makes and mounts file systems and needs root"
    command -v mkfs.ext4 >/dev/null || die "mkfs.ext4 is needed (apt-get install e2fsprogs)"
    [[ -x /usr/bin/time ]] || die "/usr/bin/time is needed (apt-get install time)"
    EXT4_IMAGE_DIR=${EXT4_IMAGE_DIR:-$BENCH_DIR}
    mkdir -p "$EXT4_IMAGE_DIR"
    [[ $(stat -f -c %T "$EXT4_IMAGE_DIR") != tmpfs ]] ||
        echo "bench: $EXT4_IMAGE_DIR is a tmpfs: the image lives in memory, not on the disk" >&2
    trap ext4_unmount EXIT
    read -ra EXT4_SIZES <<<"${EXT4_SIZES:-100000}"
    for n in "${EXT4_SIZES[@]}"; do
        corpus=${CORPORA:-$BENCH_DIR}/n$n/corpus
        if [[ ! -d $corpus/feedback ]]; then
            build_generator
            log "generating $n items into $corpus"
            mkdir -p "$(dirname "$corpus")"
            "$GEN" --items "$n" --seed "$SEED" --out "$corpus"
        fi
        for ((round = 1; round <= ${EXT4_ROUNDS:-3}; round++)); do
            ext4_round "$n" "$round" "$corpus"
        done
    done
    {
        printf 'closeloop\t%s\n' "$("$CLOSELOOP" --version 2>/dev/null | head -n1)"
        printf 'kernel\t%s\n' "$(uname -srm)"
        printf 'mkfs\t%s\n' "$(mkfs.ext4 -V 2>&1 | head -n1)"
        printf 'disk\t%s\n' "$(df --output=source "$EXT4_IMAGE_DIR" | tail -n1) ($(stat -f -c %T "$EXT4_IMAGE_DIR"))"
        printf 'date\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
        printf 'load\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
    } >"$RAW/ext4-env.tsv"
}

ext4_report() {
    python3 - "$RAW/ext4.tsv" "$RAW/ext4-env.tsv" "$RESULTS" "$NOW" "$LATER" <<'PY'
import statistics, sys

tsv, envf, results, now, later = sys.argv[1:]
rows = [l.rstrip("\n").split("\t") for l in open(tsv) if l.strip()]
env = dict(l.rstrip("\n").split("\t", 1) for l in open(envf) if "\t" in l)
NAMES = ["cp-floor", "first-build", "rebuild-unchanged", "rebuild-later-now", "rebuild-one-changed"]
out = ["# closeloop builds and rebuilds on ext4", "",
       f"Generated by `EXT4=1 bench/run.sh` ({env.get('date', '?')}, load average at the end "
       f"{env.get('load', '?')}). Each round makes a fresh ext4 file system (`mkfs.ext4` on an image "
       f"file on {env.get('disk', '?')}, loop-mounted), copies the corpus into it, and times, on that "
       "file system and in this order, with a `sync` before each: `cp -r corpus/feedback copy` "
       f"(the floor), a first build (no previous site), a rebuild with nothing changed, a rebuild at a "
       f"later *now* ({later} instead of {now}), then, after an untimed build at {now}, a rebuild with "
       "one item's title changed. `--now` is pinned; warm page cache for the corpus.", "",
       f"- closeloop: `{env.get('closeloop', '?')}`", f"- kernel: `{env.get('kernel', '?')}`",
       f"- {env.get('mkfs', '')}", ""]
sizes = []
for r in rows:
    if r[0] not in sizes:
        sizes.append(r[0])
for n in sizes:
    sel = [r for r in rows if r[0] == n]
    rounds = sorted({int(r[1]) for r in sel})
    def of(name, rnd):
        for r in sel:
            if r[2] == name and int(r[1]) == rnd:
                return float(r[3]), float(r[4]) + float(r[5])
        return None
    out += [f"## {int(n):,} items, {len(rounds)} rounds", "",
            "| command | median wall | walls by round | median CPU (user + sys) | median ÷ cp -r (per round, then median) | ≤ 1.5× cp -r? |",
            "|---|---:|---|---:|---:|---|"]
    for name in NAMES:
        walls = [of(name, r) for r in rounds]
        if any(w is None for w in walls):
            continue
        cps = [of("cp-floor", r)[0] for r in rounds]
        ratios = [w[0] / c for w, c in zip(walls, cps) if c > 0]
        med = statistics.median(w[0] for w in walls)
        cpu = statistics.median(w[1] for w in walls)
        ratio = statistics.median(ratios) if ratios else 0
        met = "" if name == "cp-floor" else ("met" if ratio <= 1.5 else "**not met**")
        if name == "first-build":
            met = "(no target)"
        shown = "1" if name == "cp-floor" else f"{ratio:.2f}× ({', '.join(f'{x:.2f}' for x in ratios)})"
        out.append(f"| {name} | {med:.2f} s | {', '.join(f'{w[0]:.2f}' for w in walls)} | {cpu:.2f} s | {shown} | {met} |")
    out.append("")
with open(results, "w") as f:
    f.write("\n".join(out) + "\n")
print(f"bench: wrote {results}", file=sys.stderr)
PY
}

main() {
    local n
    if ((EXT4 == 1)); then
        command -v python3 >/dev/null || die "python3 is needed"
        # The generator is built only if a corpus has to be generated.
        build_closeloop
        rm -rf "$RAW"
        mkdir -p "$RAW"
        RESULTS=${EXT4_RESULTS:-$ROOT/bench/RESULTS-ext4.md}
        bench_ext4
        ext4_report
        return
    fi
    if [[ $ONLY == memory ]]; then
        command -v python3 >/dev/null || die "python3 is needed"
        [[ -x /usr/bin/time ]] || die "/usr/bin/time is needed (apt-get install time)"
        build
        rm -rf "$RAW"
        mkdir -p "$RAW"
        RESULTS=${MEMORY_RESULTS:-$ROOT/bench/RESULTS-memory.md}
        read -ra MEMORY_SIZES <<<"${MEMORY_SIZES:-100000 1000000}"
        for n in "${MEMORY_SIZES[@]}"; do
            bench_memory "$n"
        done
        memory_report
        return
    fi
    if [[ $ONLY == serve ]]; then
        command -v python3 >/dev/null || die "python3 is needed"
        build
        rm -rf "$RAW"
        mkdir -p "$RAW"
        RESULTS=${SERVE_RESULTS:-$ROOT/bench/RESULTS-serve.md}
        rm -f "$RESULTS"
        for n in "${SERVE_SIZES[@]}"; do
            bench_serve "$n"
        done
        serve_report
        return
    fi
    install_tools
    build
    mount_tmpfs
    rm -rf "$RAW"
    mkdir -p "$RAW"
    versions >"$RAW/env.tsv"
    for n in "${SIZES[@]}"; do
        bench_size "$n"
    done
    for n in "${SERVE_SIZES[@]}"; do
        bench_serve "$n"
    done
    report
    if [ "${#SERVE_SIZES[@]}" -gt 0 ]; then
        serve_report
    fi
}

main "$@"
