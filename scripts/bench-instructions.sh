#!/usr/bin/env bash
# Counts the instructions of one clean build with Valgrind's callgrind, part
# by part: a figure that stays put from run to run, where wall time on a
# shared VM moves by more than most single changes. Compare two versions
# with it; compare against Hugo with scripts/bench.sh.
#
#   scripts/bench-instructions.sh [CLIENTS]     (default 20; about 90 s)
#   PORTHOLE_BIN=/path/to/other/porthole scripts/bench-instructions.sh
#                                               (another version's binary)
#
# Valgrind cannot read the toolchain's DWARF 5, so it runs a copy of the
# release binary stripped of its debug information (symbols stay). Under
# Valgrind, BoringSSL cannot use the CPU's SHA extensions: the password
# portals' key derivation counts for far more here than it costs natively.
set -euo pipefail
cd "$(dirname "$0")/.."
CLIENTS=${1:-20}
TODAY=2026-11-27
BIN=${PORTHOLE_BIN:-.build/release/porthole}
[[ -x $BIN ]] || { echo "build first: swift build -c release --product porthole --static-swift-stdlib" >&2; exit 1; }
for tool in valgrind callgrind_annotate strip; do
  command -v "$tool" >/dev/null || { echo "needs $tool: scripts/install-deps.sh bench" >&2; exit 1; }
done
WORK=$(mktemp -d "${TMPDIR:-/tmp}/porthole-instructions.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

python3 scripts/gen_corpus.py --clients "$CLIENTS" --today "$TODAY" --out "$WORK/corpus" --quiet
mapfile -t PASSWORDS < <(python3 -c '
import json, sys
for slug, c in json.load(open(sys.argv[1]))["clients"].items():
    if c["access"] == "password":
        print("PORTHOLE_PASSWORD_" + slug.upper().replace("-", "_") + "=bench-password")' "$WORK/corpus/canaries.json")
strip --strip-debug -o "$WORK/porthole" "$BIN"
env "${PASSWORDS[@]}" PORTHOLE_SECRET=porthole-bench-secret-not-for-production \
  valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.out" \
  "$WORK/porthole" build --content "$WORK/corpus/content" --themes themes --output "$WORK/out/site" \
  --portfolio "$WORK/out/portfolio" --today "$TODAY" --quiet >/dev/null 2>"$WORK/log" \
  || { echo "the build failed:" >&2; tail -n 20 "$WORK/log" >&2; exit 1; }
callgrind_annotate --inclusive=yes "$WORK/callgrind.out" >"$WORK/inclusive.txt" 2>/dev/null

# Each part is the largest inclusive count among the symbols holding its
# pattern (a function's thunks and specialisations hold it too). The parts
# overlap where one calls another (loading holds the first Markdown parse).
python3 - "$WORK/inclusive.txt" "$CLIENTS" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().splitlines()
counts = []
for line in lines:
    m = re.match(r"\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(.*)", line)
    if m:
        counts.append((int(m.group(1).replace(",", "")), m.group(2)))
total = next(n for n, name in counts if "PROGRAM TOTALS" in name)
parts = [
    ("the clients (each loaded, rendered, written)", "BuildClientsV3runyAA10StepResult"),
    ("  password portals' key derivation (PBKDF2)", "PageSealerV8password4slug6secret"),
    ("  loading", "ContentLoaderV10loadClient"),
    ("    of which YAML", "YAMLReaderC5parse"),
    ("  rendering templates", "CompiledTemplatesV6render__5words"),
    ("  notes rendered again with their ids linked", "0B4NoteV4html_12headingShift10references"),
    ("  ids linked in the first parse's HTML", "CrossReferencesV7linking12renderedHTML"),
    ("  writing: sealing, hashing, the files", "DiskSinkV3put_8previous"),
    ("libcmark's parser (every parse, in all parts)", "cmark_parse_document"),
    ("loading the theme", "LoadThemeV3run"),
]
print(f"one clean build of {sys.argv[2]} clients, counted by callgrind:")
print(f"{'part':<46}{'G instr':>9}{'share':>9}")
print(f"{'all':<46}{total / 1e9:>9.3f}{100:>8.1f}%")
for label, pattern in parts:
    found = [n for n, name in counts if pattern in name]
    if not found:
        print(f"{label:<46}{'-':>9}")
        continue
    n = max(found)
    print(f"{label:<46}{n / 1e9:>9.3f}{100 * n / total:>8.1f}%")
PY
