#!/usr/bin/env bash
# Records the digest of every file a build makes (site/ and portfolio/):
# `sha256  path`, one line a file, sorted, for the example agency and for a
# 5-client corpus from scripts/gen_corpus.py (seed 1). The golden tests
# (Tests/EndToEndTests/GoldenOutputTests.swift) build the same with the
# current binary and compare. When output is meant to change, run
#   scripts/golden.sh [PORTHOLE_BINARY]
# and review `git diff Tests/golden`: every changed line is a file that changed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=$(realpath "${1:-.build/debug/porthole}")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

digests() {  # FOLDER OUT [build options...]: the build of FOLDER/content, its digests on stdout
  local folder=$1 out=$2; shift 2
  # Run from the folder holding content/, as the tests do: the portfolio
  # names files as the user sees them (content/clients/...).
  (cd "$folder" && PORTHOLE_SECRET=golden NO_COLOR=1 "$BIN" build --content content --themes "$ROOT/themes" \
    --output "$out/site" --portfolio "$out/portfolio" --today 2026-11-27 --quiet "$@" >/dev/null 2>&1)
  # The portfolio's owner token is random per build by design.
  (cd "$out" && find site portfolio -type f ! -name .porthole-owner -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
}

digests "$ROOT" "$WORK/example" --passwords "$ROOT/demo-passwords.yaml" >Tests/golden/example-agency.sha256

python3 scripts/gen_corpus.py --clients 5 --out "$WORK/corpus" >/dev/null
# A password for every password client, as the tests give them.
while read -r variable; do export "$variable"; done < <(python3 -c '
import json, sys
for slug, c in json.load(open(sys.argv[1]))["clients"].items():
    if c["access"] == "password":
        print("PORTHOLE_PASSWORD_" + slug.upper().replace("-", "_") + "=pw-" + slug)' "$WORK/corpus/canaries.json")
digests "$WORK/corpus" "$WORK/corpus" >Tests/golden/corpus-5.sha256
wc -l Tests/golden/*.sha256
