#!/usr/bin/env bash
# make bench: Hugo and Porthole on the same generated corpus (with the cmark
# and cp floors), then Porthole's incremental rebuilds. Prints figures;
# asserts nothing.
#
#   scripts/bench.sh              20 and 200 clients, 3 runs each
#   scripts/bench.sh --large      also 1,000 clients (Hugo needs ~18 GB)
#   RUNS=5 scripts/bench.sh       more runs
#
# The corpora come from this repository: scripts/gen_corpus.py writes each
# corpus and the equivalent Hugo site. Every command runs once untimed (a
# warm-up), then RUNS times, interleaved, under GNU time: median wall
# seconds, median CPU seconds (user + sys) and median peak memory. Run as
# root, each clean build starts from emptied file caches (`fresh_caches`).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUNS=${RUNS:-3}
TODAY=2026-11-27
BIN=$ROOT/.build/release/porthole
[[ -x $BIN ]] || { echo "build first: swift build -c release --product porthole --static-swift-stdlib" >&2; exit 1; }
for tool in hugo cmark /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "needs $tool: scripts/install-deps.sh bench" >&2; exit 1; }
done
# The generator this project once borrowed; used, when it is beside the
# repository, only to print its corpus's size next to ours.
REFERENCE=$ROOT/../shared/bench/gen_corpus.py
WORK=$(mktemp -d "${TMPDIR:-/tmp}/porthole-bench.XXXXXX")
# tmpfs for the clean builds' second pair of rows, when there is room for
# a 200-client output of each tool (about 1.1 GB); SHM= skips them.
SHM=${SHM-/dev/shm}
if [[ -n $SHM ]] && [[ -w $SHM ]] && (( $(df -Pk "$SHM" | awk 'NR == 2 {print $4}') > 3000000 )); then
  SHM=$(mktemp -d "$SHM/porthole-bench.XXXXXX")
else
  SHM=
fi
trap 'rm -rf "$WORK" ${SHM:+"$SHM"}' EXIT
export PORTHOLE_SECRET=porthole-bench-secret-not-for-production

timed() {  # RESULTS CMD...: runs CMD once, appends "wall cpu peak_kB" to RESULTS
  local results=$1; shift
  if ! /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" "$@" >/dev/null 2>"$WORK/log"; then
    echo "FAILED: $*" >&2; tail -n 20 "$WORK/log" >&2; exit 1
  fi
  awk '{print $1, $2 + $3, $4}' "$WORK/time" >>"$results"
}
# The median of each run's porthole/hugo ratio (the runs paired in order),
# for wall and for CPU time.
paired_ratios() {  # HUGO_RESULTS PORTHOLE_RESULTS LABEL
  paste -d ' ' "$1" "$2" | awk '{print $4 / $1}' | median | awk -v l="$3" '{printf "porthole/hugo per run (medians), %s: wall %.2f", l, $1}'
  paste -d ' ' "$1" "$2" | awk '{print $5 / $2}' | median | awk '{printf ", CPU %.2f\n", $1}'
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
column_median() { awk -v c="$2" '{print $c}' "$1" | median; }
size() {  # FOLDER: "files MB"
  find "$1" -type f -printf '%s\n' | awk '{n++; b+=$1} END {printf "%d %.1f\n", n, b / 1e6}'
}

corpus() {  # CLIENTS DIR: the corpus and its Hugo site; sets PASSWORDS and prints their size
  local started
  started=$(date +%s.%N)
  python3 scripts/gen_corpus.py --clients "$1" --today "$TODAY" --out "$2" --hugo "$2/hugo" --quiet
  read -r files mb < <(size "$2/content")
  echo "corpus: $1 clients, $files files, $mb MB in content/ (generated with Hugo's copy in $(
    awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN {printf "%.0f", e - s}') s)"
  if [[ -f $REFERENCE ]]; then
    python3 "$REFERENCE" --clients "$1" --today "$TODAY" --out "$WORK/reference" --quiet
    echo "        (../shared/bench/gen_corpus.py, for comparison: $(size "$WORK/reference/content" | awk '{print $1 " files, " $2 " MB"}'))"
    rm -rf "$WORK/reference"
  fi
  passwords "$2"
}

passwords() {  # CORPUS: sets PASSWORDS to a PORTHOLE_PASSWORD_<CLIENT> for every password portal (site.md)
  mapfile -t PASSWORDS < <(python3 -c '
import json, sys
for slug, c in json.load(open(sys.argv[1]))["clients"].items():
    if c["access"] == "password":
        print("PORTHOLE_PASSWORD_" + slug.upper().replace("-", "_") + "=bench-password")' "$1/canaries.json")
}

# The update and decision bodies, front matter dropped, in one file: what
# `cmark` renders for the Markdown floor.
bodies() {  # CONTENT OUT
  find "$1" -name '*.md' | sort | xargs awk 'FNR == 1 {fm = 0; print ""} /^---$/ && fm < 2 {fm++; next} fm == 2' >"$2"
}

# Each clean build starts from the same state of the kernel's file caches,
# as on a CI runner's fresh machine: emptied, then the inputs and both
# programs read back in (`FOLDER`s: output folders whose metadata a later
# row reads, read back too). The inode cache's hash table is small on this
# VM: with the millions of inodes that earlier work leaves cached, creating
# each file walks long chains (docs/performance.md, "The kernel's file
# caches"). Needs root; skipped otherwise.
fresh_caches() {  # FOLDER...
  [[ -w /proc/sys/vm/drop_caches ]] || return 0
  sync
  echo 3 >/proc/sys/vm/drop_caches
  # Both programs whole, then once each: Porthole's shared libraries (Hugo
  # has none) and the tools around them are read back in too.
  cat "$BIN" "$(command -v hugo)" >/dev/null
  /usr/bin/time -o /dev/null env "$BIN" --version >/dev/null
  /usr/bin/time -o /dev/null hugo version >/dev/null
  find "$CORPUS/content" "$CORPUS/hugo" "$ROOT/themes" -type f -exec cat {} + >/dev/null
  local folder
  for folder in "$@"; do du -s "$folder" >/dev/null; done
}

porthole() {  # DIR OPTIONS...: sets CMD to a build of the corpus into DIR/site (and DIR/portfolio unless --no-portfolio)
  local dir=$1; shift
  local portfolio=(--portfolio "$dir/portfolio")
  [[ " $* " != *" --no-portfolio "* ]] || portfolio=()
  CMD=(env "${PASSWORDS[@]}" "$BIN" build --content "$CORPUS/content" --themes "$ROOT/themes" --output "$dir/site"
       "${portfolio[@]}" --today "$TODAY" --quiet "$@")
}
# The build the CI recipes run (ci/porthole-ci.sh build, without --strict:
# the corpus has warnings): no portfolio, no flush before the swap.
AS_CI=(--no-portfolio --no-flush)

compare() {  # CLIENTS
  local n=$1
  CORPUS=$WORK/c$n
  echo
  echo "######## $n clients: Hugo and Porthole on the same corpus, cmark and cp floors"
  corpus "$n" "$CORPUS"
  bodies "$CORPUS/content" "$CORPUS/bodies.md"
  local R=$CORPUS/results out=$CORPUS/out
  # Not at 1,000 clients: Hugo's memory and both outputs would not fit.
  local shm=$SHM
  (( n <= 200 )) || shm=
  mkdir -p "$R" "$out"

  # Warm-up, untimed: Hugo prints its page count; Porthole's --full row
  # rebuilds this output.
  hugo --source "$CORPUS/hugo" --destination "$out/hugo" >"$R/hugo.log"
  hugo_pages=$(awk -F'|' '/^ *Pages /{gsub(/ /, "", $2); print $2}' "$R/hugo.log")
  mkdir -p "$out/full"
  porthole "$out/full"; "${CMD[@]}" >"$R/porthole.log" 2>&1
  cmark "$CORPUS/bodies.md" >/dev/null
  cp -R "$CORPUS/content" "$out/cp-warm"

  # Each clean build goes into a folder of its own, and nothing is deleted
  # until the end: a CI runner's empty folder has no tens of thousands of
  # files deleted a moment before beside it. On journal-less ext4 such
  # deletions make every new inode's allocation scan the recently freed
  # ones (`recently_deleted` in the kernel), which then costs either tool
  # more CPU than its own work, by an amount that changes from run to run.
  for i in $(seq "$RUNS"); do
    # Hugo: a clean build into an empty folder.
    mkdir "$out/hugo.$i"; sync
    fresh_caches "$out/full"
    timed "$R/hugo" hugo --quiet --source "$CORPUS/hugo" --destination "$out/hugo.$i" --cleanDestinationDir
    # Porthole: a clean build into a folder that does not exist yet (a CI
    # runner's first build) as the CI recipes run it; the same with the
    # portfolio and the flush; then --full over its own previous output.
    mkdir "$out/ci.$i"; sync
    fresh_caches "$out/full"
    porthole "$out/ci.$i" "${AS_CI[@]}"; timed "$R/ci" "${CMD[@]}"
    mkdir "$out/clean.$i"; sync
    fresh_caches "$out/full"
    porthole "$out/clean.$i"; timed "$R/clean" "${CMD[@]}"
    sync
    porthole "$out/full" --full; timed "$R/full" "${CMD[@]}"
    sync
    timed "$R/cmark" cmark "$CORPUS/bodies.md"
    sync
    timed "$R/cp" cp -R "$CORPUS/content" "$out/cp.$i"
    # The same two clean builds into tmpfs, where creating a file costs the
    # same whatever was deleted before: on a journal-less ext4 (this VM's
    # disk, not a CI runner's) each new inode's allocation scans the
    # recently freed ones, which moves both tools' disk rows by seconds.
    if [[ -n $shm ]]; then
      mkdir "$shm/hugo"
      fresh_caches "$out/full"
      timed "$R/hugo-shm" hugo --quiet --source "$CORPUS/hugo" --destination "$shm/hugo" --cleanDestinationDir
      fresh_caches "$out/full"
      porthole "$shm/ci" "${AS_CI[@]}"; timed "$R/ci-shm" "${CMD[@]}"
      fresh_caches "$out/full"
      porthole "$shm/clean"; timed "$R/clean-shm" "${CMD[@]}"
      rm -rf "${shm:?}/hugo" "${shm:?}/ci" "${shm:?}/clean"
    fi
  done
  porthole_pages=$(find "$out/clean.1/site" -name '*.html' | wc -l)
  markdown_files=$(find "$CORPUS/content" -name '*.md' | wc -l)

  echo "$RUNS runs; $(nproc) cores; $(hugo version | awk '{print $1, $2}'); $(cmark --version | head -n 1)"
  if [[ -w /proc/sys/vm/drop_caches ]]; then
    echo "file caches emptied before each clean build, inputs read back in"
  else
    echo "file caches not emptied before the clean builds (needs root): figures depend on what earlier work left cached"
  fi
  printf "%-30s %9s %8s %8s %8s %8s\n" step wall_med cpu_med peak_MB pages pages/s
  row() {  # RESULTS LABEL PAGES
    local wall
    wall=$(column_median "$1" 1)
    printf "%-30s %9.2f %8.2f %8.0f %8s %8s\n" "$2" "$wall" "$(column_median "$1" 2)" \
      "$(awk '{print $3 / 1024}' "$1" | median)" "$3" "$(awk -v p="$3" -v w="$wall" 'BEGIN {print (p ~ /^[0-9]+$/ && w > 0) ? int(p / w) : "-"}')"
  }
  row "$R/hugo" "hugo (clean, empty folder)" "$hugo_pages"
  row "$R/ci" "porthole (clean, as CI builds)" "$porthole_pages"
  row "$R/clean" "  + portfolio, flushed" "$porthole_pages"
  row "$R/full" "porthole --full (own output)" "$porthole_pages"
  row "$R/cmark" "cmark floor" "$markdown_files"
  row "$R/cp" "cp -R floor" "-"
  if [[ -n $shm ]]; then
    row "$R/hugo-shm" "hugo (clean, tmpfs)" "$hugo_pages"
    row "$R/ci-shm" "porthole (clean as CI, tmpfs)" "$porthole_pages"
    row "$R/clean-shm" "  + portfolio, flushed" "$porthole_pages"
  fi
  awk -v h="$(column_median "$R/hugo" 1)" -v ci="$(column_median "$R/ci" 1)" -v c="$(column_median "$R/clean" 1)" \
    -v f="$(column_median "$R/full" 1)" \
    'BEGIN {printf "porthole/hugo wall-time ratio (medians): clean as CI builds %.2f, with portfolio and flush %.2f, --full %.2f\n", ci / h, c / h, f / h}'
  [[ -z $shm ]] || awk -v h="$(column_median "$R/hugo-shm" 1)" -v ci="$(column_median "$R/ci-shm" 1)" -v c="$(column_median "$R/clean-shm" 1)" \
    'BEGIN {printf "porthole/hugo wall-time ratio into tmpfs (medians): clean as CI builds %.2f, with portfolio and flush %.2f\n", ci / h, c / h}'
  # This VM's speed moves from minute to minute (a tool's CPU time for the
  # same work by a third), so each clean build is also set against the Hugo
  # build timed just before it, and the CPU times are compared too.
  paired_ratios "$R/hugo" "$R/ci" "clean as CI builds"
  paired_ratios "$R/hugo" "$R/clean" "clean with portfolio and flush"
  if [[ -n $shm ]]; then
    paired_ratios "$R/hugo-shm" "$R/ci-shm" "clean as CI builds, tmpfs"
    paired_ratios "$R/hugo-shm" "$R/clean-shm" "clean with portfolio and flush, tmpfs"
  fi
  echo "(porthole pages = .html files written; hugo pages = Hugo's own count)"
  rm -rf "$out" "$CORPUS/hugo"
  [[ $n == 200 ]] || rm -rf "$CORPUS"  # the incremental section reuses the 200-client corpus
}

sizes=(20 200)
[[ "${1:-}" == "--large" ]] && sizes+=(1000)
# Every run's clean outputs stay on disk until the end of its corpus: at
# 200 clients the bench's folder grows to about 9 GB, Hugo's outputs
# included (docs/performance.md), and --large by its clients. A full disk
# would fail a build halfway through the comparison.
need_gb=$(( ${#sizes[@]} > 2 ? 60 : 14 ))
free_gb=$(( $(df -Pk "$WORK" | awk 'NR == 2 {print $4}') / 1048576 ))
if (( free_gb < need_gb )); then
  echo "bench: needs about $need_gb GB free in ${TMPDIR:-/tmp}, has $free_gb GB" >&2
  exit 1
fi
for n in "${sizes[@]}"; do compare "$n"; done

# Incremental rebuilds of the 200-client corpus: no change, one update changed.
echo
echo "######## incremental rebuilds, 200 clients"
CORPUS=$WORK/c200
passwords "$CORPUS"
INCR=$WORK/incremental
mkdir -p "$INCR"
incremental() {  # label, then the build's options; prints wall s, CPU s, peak MB and keeps the wall time
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/t" env "${PASSWORDS[@]}" "$BIN" build --content "$CORPUS/content" \
    --themes "$ROOT/themes" --output "$INCR/site" --today "$TODAY" --quiet "$@" >/dev/null 2>&1
  awk -v l="$label" '{printf "%-28s wall %6.2f s   cpu %6.2f s   peak %5.0f MB\n", l, $1, $2 + $3, $4 / 1024}' "$WORK/t"
  awk '{print $1}' "$WORK/t" >>"$WORK/$(echo "$label" | cut -d'#' -f1 | tr -d ' ')"
}

# A clean build into a folder that does not exist yet (a CI runner's first
# build), then full rebuilds (--full: every client rendered again), no-op
# rebuilds and rebuilds after one changed update.
incremental "clean build (no site yet)"
for i in $(seq "$RUNS"); do sync; incremental "full build (--full) #$i" --full; done
for i in $(seq "$RUNS"); do sync; incremental "no-op rebuild #$i"; done
updates=( "$CORPUS"/content/clients/*/*/updates )
for i in $(seq "$RUNS"); do
  note=$(ls "${updates[$((i * 37 % ${#updates[@]}))]}"/*.md | tail -n 1)
  printf '\nA line added by the benchmark, run %s.\n' "$i" >>"$note"
  sync
  incremental "one update changed #$i"
done
full=$(median <"$WORK/fullbuild(--full)"); noop=$(median <"$WORK/no-oprebuild"); one=$(median <"$WORK/oneupdatechanged")
echo
awk -v f="$full" -v n="$noop" -v o="$one" 'BEGIN {
  printf "medians: full %.2f s, no-op %.2f s (%.1f %% of full), one update changed %.2f s (%.1f %% of full)\n", f, n, 100 * n / f, o, 100 * o / f }'

# The live preview: time from saving one update to the reload event the open
# pages get (porthole serve, the same 200-client corpus).
echo
echo "######## porthole serve: save to reload, 200 clients"
python3 scripts/bench-reload.py --corpus "$CORPUS" --bin "$BIN" --saves "$((RUNS * 3))"
