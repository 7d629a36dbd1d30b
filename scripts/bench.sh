#!/usr/bin/env bash
# make bench: Porthole against Hugo on the same generated corpus, then
# Porthole's incremental rebuilds. Prints figures; asserts nothing.
#
#   scripts/bench.sh              20 and 200 clients, 3 runs each
#   scripts/bench.sh --large      also 1,000 clients (needs ~18 GB for Hugo)
#   RUNS=5 scripts/bench.sh       more runs
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SHARED=$ROOT/../shared/bench
RUNS=${RUNS:-3}
BIN=$ROOT/.build/release/porthole
[[ -x $BIN ]] || { echo "build first: swift build -c release --product porthole --static-swift-stdlib" >&2; exit 1; }

# Full builds only: the shared script runs the same command repeatedly into
# one output folder, which Porthole would otherwise (rightly) treat as a no-op.
WRAPPER=$(mktemp -d)/porthole-full
cat >"$WRAPPER" <<EOS
#!/bin/sh
exec "$BIN" "\$@" --full --quiet
EOS
chmod +x "$WRAPPER"

sizes=(small medium)
[[ "${1:-}" == "--large" ]] && sizes+=(large)
for size in "${sizes[@]}"; do
  echo
  echo "######## $size: Hugo and Porthole (full builds), cmark and cp floors"
  PORTHOLE="$WRAPPER" PORTHOLE_THEMES="$ROOT/themes" "$SHARED/hugo_baseline.sh" "$size" "$RUNS"
done

# Incremental rebuilds of the 200-client corpus: no change, one update changed.
echo
echo "######## incremental rebuilds, 200 clients"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/porthole-incr.XXXXXX")
trap 'rm -rf "$WORK" "$(dirname "$WRAPPER")"' EXIT
python3 "$SHARED/gen_corpus.py" --clients 200 --out "$WORK/corpus" >/dev/null
export PORTHOLE_SECRET=porthole-bench-secret-not-for-production
while read -r var; do export "$var=bench-password"; done < <(python3 -c '
import json, sys
for slug, c in json.load(open(sys.argv[1]))["clients"].items():
    if c["access"] == "password":
        print("PORTHOLE_PASSWORD_" + slug.upper().replace("-", "_"))' "$WORK/corpus/canaries.json")
timed() {  # label, then the build's options; prints wall s, CPU s, peak MB and keeps the wall time
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/t" "$BIN" build --content "$WORK/corpus/content" --themes "$ROOT/themes" \
    --output "$WORK/site" --today 2026-11-27 --quiet "$@" >/dev/null 2>&1
  awk -v l="$label" '{printf "%-28s wall %6.2f s   cpu %6.2f s   peak %5.0f MB\n", l, $1, $2 + $3, $4 / 1024}' "$WORK/t"
  awk '{print $1}' "$WORK/t" >>"$WORK/$(echo "$label" | cut -d'#' -f1 | tr -d ' ')"
}
median() { sort -g "$1" | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# A clean build into a folder that does not exist yet (a CI runner's first
# build), then full rebuilds (--full: every client rendered again), no-op
# rebuilds and rebuilds after one changed update.
timed "clean build (no site yet)"
for i in $(seq "$RUNS"); do sync; timed "full build (--full) #$i" --full; done
for i in $(seq "$RUNS"); do sync; timed "no-op rebuild #$i"; done
updates=( "$WORK"/corpus/content/clients/*/*/updates )
for i in $(seq "$RUNS"); do
  note=$(ls "${updates[$((i * 37 % ${#updates[@]}))]}"/*.md | tail -n 1)
  printf '\nA line added by the benchmark, run %s.\n' "$i" >>"$note"
  sync
  timed "one update changed #$i"
done
full=$(median "$WORK/fullbuild(--full)"); noop=$(median "$WORK/no-oprebuild"); one=$(median "$WORK/oneupdatechanged")
echo
awk -v f="$full" -v n="$noop" -v o="$one" 'BEGIN {
  printf "medians: full %.2f s, no-op %.2f s (%.1f %% of full), one update changed %.2f s (%.1f %% of full)\n", f, n, 100 * n / f, o, 100 * o / f }'
