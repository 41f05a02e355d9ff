#!/usr/bin/env bash
# The print check: every weekly report prints on at most two A4 pages
# (SPEC §6). Builds the example repository's public and internal sites and
# those of a crowded test week made here (many items, 120-character titles,
# long quotes and owners), prints each weekly report page (and the crowded
# week's standalone `report weekly --format html`) to PDF with headless
# Chromium and counts its pages with pdfinfo.
#
#   bash .ci/print-check.sh            # as .ci/run calls it
#
# The PDFs stay in target/ci-print/pdf/ to look at afterwards, for example
#   pdftoppm -png -r 60 target/ci-print/pdf/crowded-internal-2026-W47.pdf page
# Runs on a fresh Debian machine: installs chromium and poppler-utils when
# they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
max_pages=2
work=target/ci-print
start=$(date +%s)

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdfinfo >/dev/null 2>&1 || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  # DejaVu is the font the page counts were measured with; fontconfig pulls
  # it in anyway, naming it keeps the metrics the same on every machine.
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" fonts-dejavu-core >/dev/null
fi
chromium --version 2>/dev/null | grep -v '^/' || true

rm -rf "$work"
mkdir -p "$work/pdf"

# ---- The crowded week: 2026-W47, seen from Thursday of the week after. ----
crowded="$work/crowded-repo"
now=2026-11-26T12:00:00Z
mkdir -p "$crowded/feedback" "$crowded/roadmap"
cat >"$crowded/closeloop.toml" <<'EOF'
# A week with more of everything than a real one: every list of the weekly
# report full, every title 120 characters long. Made by .ci/print-check.sh.
[site]
title = "Crowded Week Developer Voice"
base_url = "https://crowded.example"

[owners]
"*" = "developer-experience-platform-and-tooling-squad"
EOF

# A title of exactly 120 characters: the longest SPEC §3 allows.
title120() {
  local filler="the client drops the streaming cursor after a timeout, and the workaround everyone uses breaks again with every new minor version of the library"
  local t="$1 $filler"
  t="${t:0:120}"
  t="${t% }"
  while [ ${#t} -lt 120 ]; do t="$t."; done
  printf '%s' "$t"
}
quote="We hit this every single day across three services, and each time somebody new on the team loses an afternoon to it before they find the internal wiki page that explains the workaround; a fix would save us hours every week and make the SDK feel finished rather than half-done."
areas=(sdk-typescript sdk-python retrieval embeddings streaming fine-tuning evals console)
credits=(public anonymous private)

# item ID TAG TITLE-START INDEX RECEIVED STATE-FIELDS: one feedback item
# with a 120-character title and a long quote.
item() {
  local id=$1 tag=$2 start=$3 i=$4 received=$5 rest=$6 jtbd=""
  [ "$tag" = dx-delight ] || jtbd=$'jtbd: >\n  When I ship a service on this SDK, I want it to behave the same in every environment, so that I do not keep a page of workarounds.'
  cat >"$crowded/feedback/$id.md" <<EOF
---
title: "$(title120 "$start")"
received: $received
developer:
  handle: "@a-developer-with-a-rather-long-handle-$i"
  credit: ${credits[$((i % 3))]}
quote: >
  $quote
area: ${areas[$((i % 8))]}
tag: $tag
severity: $( [ $((i % 2)) -eq 0 ] && echo high || echo critical )
frequency: $((3 + i))
$jtbd
$rest
---
Internal notes.
EOF
}

cat >"$crowded/roadmap/crowded-roadmap.md" <<EOF
---
title: "$(title120 "Roadmap item:")"
status: in-progress
added: 2026-10-01
quarter: 2026-Q4
---
EOF

# Received in the week, for the top lists: frictions of three tags,
# delights, strategic insights. Some acknowledged late, some never
# (clocks still open past due at the week's end).
for i in $(seq 1 9); do
  tags=(dx-friction missing-capability documentation-gap)
  day=$((16 + i % 5))
  if [ $((i % 3)) -eq 0 ]; then
    item "friction-$i" "${tags[$((i % 3))]}" "Friction $i:" "$i" "2026-11-${day}T09:00:00Z" "state: captured"
  else
    item "friction-$i" "${tags[$((i % 3))]}" "Friction $i:" "$i" "2026-11-${day}T09:00:00Z" "state: acknowledged
distributed: 2026-11-${day}T12:00:00Z
acknowledged: 2026-11-$((day + 3))T09:00:00Z"
  fi
done
for i in $(seq 1 7); do
  day=$((16 + i % 5))
  item "delight-$i" dx-delight "Delight $i: hybrid search just works, even though" "$i" "2026-11-${day}T10:00:00Z" "state: distributed
distributed: 2026-11-${day}T11:00:00Z"
done
for i in $(seq 1 5); do
  item "insight-$i" strategic-insight "Insight $i: teams move off the SDK because" "$i" "2026-11-1$((6 + i % 4))T11:00:00Z" "strategic: true
state: decided
distributed: 2026-11-1$((6 + i % 4))T12:00:00Z
acknowledged: 2026-11-1$((6 + i % 4))T13:00:00Z
decision:
  outcome: planned
  at: 2026-11-20T15:00:00Z
  reason: Part of the platform work this quarter.
  roadmap: crowded-roadmap"
done
# Received the week before and shipped or closed in the week: the wins.
for i in $(seq 1 8); do
  closed=""
  [ $((i % 2)) -eq 0 ] && closed="closed:
  at: 2026-11-2$((i % 3))T16:00:00Z
  followup: Works exactly as we hoped; we deleted two hundred lines of workaround code the same afternoon it was released.
  satisfaction: $((1 + i % 5))"
  item "win-$i" dx-friction "Win $i:" "$i" "2026-11-09T09:00:00Z" "state: $( [ -n "$closed" ] && echo closed || echo shipped )
distributed: 2026-11-09T10:00:00Z
acknowledged: 2026-11-09T11:00:00Z
review: 2026-11-10T09:00:00Z
decision:
  outcome: quick-win
  at: 2026-11-10T10:00:00Z
  reason: A small change in the retry layer.
shipped:
  at: 2026-11-1$((6 + i % 4))T12:00:00Z
  release: v9.$((i % 3)).0-long-term-support-release-for-enterprise-customers
  pr: https://github.com/example/crowded/pull/10$i
  summary: \"$(title120 "Change $i: the client now keeps its place when")\"
  impact: Retries now honour Retry-After; the p99 of failed batches went from 14 % to 0.3 % in our own load tests.
$closed"
done

# Twelve quieter weeks before, so that the trend charts are full too.
for w in $(seq 0 10); do
  day=$(date -u -d "2026-08-31 + $((w * 7)) days" +%F)
  for k in 1 2 3; do
    tags=(dx-friction dx-delight documentation-gap)
    item "earlier-$w-$k" "${tags[$((k - 1))]}" "Earlier $w.$k:" "$k" "${day}T09:00:00Z" "state: acknowledged
distributed: ${day}T10:00:00Z
acknowledged: ${day}T11:00:00Z"
  done
done

# ---- Build the four sites. ----
sites=()
for kind in public internal; do
  flag=()
  [ "$kind" = internal ] && flag=(--internal)
  cargo run --locked --quiet -- build "${flag[@]}" --out "$work/example-$kind"
  cargo run --locked --quiet -- --root "$crowded" --now "$now" build "${flag[@]}" \
    --out "$work/crowded-$kind"
  sites+=("example-$kind" "crowded-$kind")
done
# The standalone report (`report weekly --format html`, one file to mail
# or print) of the crowded week, internal and public.
mkdir -p "$work/standalone/reports"
cargo run --locked --quiet -- --root "$crowded" --now "$now" report weekly --week 2026-W47 \
  --format html >"$work/standalone/reports/2026-W47.html"
mkdir -p "$work/standalone-public/reports"
cargo run --locked --quiet -- --root "$crowded" --now "$now" report weekly --week 2026-W47 \
  --format html --public >"$work/standalone-public/reports/2026-W47.html"
sites+=(standalone standalone-public)

# ---- Print every weekly report, two at a time (the machine has 2 cores). ----
print_one() {
  local html=$1 pdf=$2 profile
  profile=$(mktemp -d)
  # Without the networking flags Chromium tries to reach its servers, and
  # on a closed network the print waits for those connections to fail.
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --no-pdf-header-footer --print-to-pdf="$pdf" \
    "file://$PWD/$html" >/dev/null 2>&1 || true
  rm -rf "$profile"
  [ -s "$pdf" ] || { echo "chromium printed nothing for $html" >&2; return 1; }
}
export -f print_one
# Every week of the example; of the crowded repository, the crowded week
# (the quiet weeks before it only fill its charts), on the site and alone.
jobs=()
for site in "${sites[@]}"; do
  pattern='*-W[0-9][0-9]'
  [ "${site#example}" = "$site" ] && pattern=2026-W47
  for html in "$work/$site"/reports/$pattern.html; do
    [ -f "$html" ] || { echo "no weekly report $html" >&2; exit 1; }
    jobs+=("$html" "$work/pdf/$site-$(basename "$html" .html).pdf")
  done
done
printf '%s\0' "${jobs[@]}" | xargs -0 -n 2 -P 2 bash -c 'print_one "$1" "$2"' _

# ---- Count. ----
failed=0
count=0
longest=0
for ((j = 1; j < ${#jobs[@]}; j += 2)); do
  html=${jobs[$((j - 1))]} pdf=${jobs[$j]}
  info=$(pdfinfo "$pdf")
  pages=$(awk '/^Pages:/ { print $2 }' <<<"$info")
  count=$((count + 1))
  [ "$pages" -gt "$longest" ] && longest=$pages
  if ! grep -q '^Page size:.*(A4)' <<<"$info"; then
    echo "not A4: $html ($(grep '^Page size:' <<<"$info"))" >&2
    failed=1
  fi
  if [ "$pages" -gt "$max_pages" ]; then
    echo "too long: $html prints on $pages A4 pages (at most $max_pages); see $pdf" >&2
    failed=1
  fi
done
[ "$count" -gt 0 ] || { echo "no weekly report found to print" >&2; exit 1; }
echo "print: $count weekly reports, the longest on $longest A4 page(s), at most $max_pages allowed; $(( $(date +%s) - start ))s"
exit "$failed"
