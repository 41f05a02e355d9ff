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
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
read -ra SIZES <<<"${SIZES:-1000 10000 100000}"
RUNS=${RUNS:-5}
SEED=${SEED:-42}
BENCH_DIR=${BENCH_DIR:-/tmp/closeloop-bench}
IGNORE_FAILURES=${IGNORE_FAILURES:-0}
RESULTS=${RESULTS:-$ROOT/bench/RESULTS.md}
NOW=2026-11-27T00:00:00Z
RAW=$BENCH_DIR/raw
read -ra SERVE_SIZES <<<"${SERVE_SIZES-1000 10000}"
SERVE_EDITS=${SERVE_EDITS:-15}
ONLY=${ONLY:-}

log() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

install_tools() {
    local missing=()
    command -v hyperfine >/dev/null || missing+=(hyperfine)
    command -v hugo >/dev/null || missing+=(hugo)
    command -v python3 >/dev/null || missing+=(python3)
    [[ -x /usr/bin/time ]] || missing+=(time)
    ((${#missing[@]} == 0)) && return
    log "installing ${missing[*]}"
    local sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

build() {
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

bench_size() {
    local n=$1 work=$BENCH_DIR/n$1
    local corpus=$work/corpus hugo_src=$work/hugo site=$work/site hugo_out=$work/hugo-out copy=$work/copy
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

    # Commands in a fixed order; RESULTS.md reads them back by position.
    local q_cl q_corpus q_site q_hugo q_hugo_out q_copy
    q_cl=$(printf %q "$CLOSELOOP")
    q_corpus=$(printf %q "$corpus")
    q_site=$(printf %q "$site")
    q_hugo=$(printf %q "$hugo_src")
    q_hugo_out=$(printf %q "$hugo_out")
    q_copy=$(printf %q "$copy")
    local names=(closeloop-validate closeloop-build hugo cp-floor cat-floor)
    local commands=(
        "$q_cl --root $q_corpus --now $NOW validate"
        "$q_cl --root $q_corpus --now $NOW build --out $q_site"
        "hugo --quiet -s $q_hugo -d $q_hugo_out"
        "cp -r $q_corpus/feedback $q_copy"
        "sh -c 'find $q_corpus/feedback -name \"*.md\" -print0 | xargs -0 cat > /dev/null'"
    )
    local prepares=(
        "true"
        "rm -rf $q_site"
        "rm -rf $q_hugo_out"
        "rm -rf $q_copy"
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
    } >"$RAW/rss-$n.tsv"
    rm -rf "$site" "$hugo_out" "$copy"
}

# Save-to-reload latency of `closeloop serve`: edit an item, poll its page until it changes
# (bench/serve_latency.py). Writes raw/serve-N.tsv: edit, latency ms, the server's rebuild ms.
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
    printf 'date\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
}

report() {
    python3 - "$RAW" "$RESULTS" "$RUNS" "$SEED" "$BENCH_DIR" "${SIZES[@]}" <<'PY'
import json, os, statistics, sys

raw, results, runs, seed, bench_dir, *sizes = sys.argv[1:]
sizes = [int(n) for n in sizes]
NAMES = ["closeloop-validate", "closeloop-build", "hugo", "cp-floor", "cat-floor"]

def tsv(path):
    with open(path) as f:
        return dict(line.rstrip("\n").split("\t", 1) for line in f if "\t" in line)

def seconds(s):
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"

def ratio(a, b):
    return f"{a / b:.3g}×" if a and b else "n/a"

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
       f"- Kernel: {env['kernel']}", "", "## Versions", ""]
out += [f"- {k}: `{env[k]}`" for k in ("closeloop", "hugo", "hyperfine", "rustc")]
out += ["", "## Commands", "",
        "| name | command (prepare) |", "|---|---|",
        "| closeloop-validate | `closeloop --root CORPUS --now NOW validate` |",
        "| closeloop-build | `closeloop --root CORPUS --now NOW build --out OUT` (rm -rf OUT) |",
        "| hugo | `hugo --quiet -s HUGO -d HUGOOUT` (rm -rf HUGOOUT) |",
        "| cp-floor | `cp -r CORPUS/feedback COPY` (rm -rf COPY) |",
        "| cat-floor | `find CORPUS/feedback -name '*.md' -print0 \\| xargs -0 cat > /dev/null` |", ""]
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
            f"**{ratio(med['closeloop-validate'], med['cat-floor'])}**", ""]
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
       "item's title by renaming a temporary file over it (as editors save) and poll the item's "
       "page over one keep-alive connection (2 ms apart) until the new title shows. Latency is "
       "from the rename to that page; rebuild is what the server reports for the same save.", "",
       "| items | median latency | min | max | median rebuild |", "|---:|---:|---:|---:|---:|"]
for n in sizes:
    path = os.path.join(raw, f"serve-{n}.tsv")
    if not os.path.exists(path):
        continue
    rows = [line.rstrip("\n").split("\t") for line in open(path) if line.strip()]
    lat = [float(r[1]) for r in rows]
    reb = [int(r[2]) for r in rows if len(r) > 2 and r[2]]
    med_reb = f"{statistics.median(reb):.0f} ms" if reb else "n/a"
    out.append(f"| {int(n):,} | {statistics.median(lat):.0f} ms | {min(lat):.0f} ms | {max(lat):.0f} ms | {med_reb} |")
out.append("")
mode = "a" if os.path.exists(results) else "w"
with open(results, mode) as f:
    f.write("\n".join(out) + "\n")
print(f"bench: wrote the serve latency to {results}", file=sys.stderr)
PY
}

main() {
    local n
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
    serve_report
}

main "$@"
