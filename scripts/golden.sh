#!/usr/bin/env bash
# Writes the digest of every file a build makes (site/ and portfolio/) for
# the example agency: `sha256  path`, one line a file, sorted. The golden
# test (Tests/EndToEndTests/GoldenOutputTests.swift) builds the same with the
# current binary and compares; when output is meant to change, run
#   scripts/golden.sh > Tests/golden/example-agency.sha256
# and review the diff: every changed line is a page that changed.
#
#   scripts/golden.sh [PORTHOLE_BINARY] [CONTENT] [EXTRA BUILD OPTIONS...]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/debug/porthole}
CONTENT=${2:-content}
shift $(( $# > 2 ? 2 : $# ))
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PORTHOLE_SECRET=golden NO_COLOR=1 "$BIN" build --content "$CONTENT" --themes themes --output "$WORK/site" \
  --portfolio "$WORK/portfolio" --today 2026-11-27 --quiet "$@" >/dev/null
cd "$WORK"
# The portfolio's owner token is random per build by design.
find site portfolio -type f ! -name .porthole-owner -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
