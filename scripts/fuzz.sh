#!/usr/bin/env bash
# make fuzz: builds porthole-fuzz with libFuzzer and AddressSanitizer (in
# .build-fuzz, beside the normal build) and runs every target for
# FUZZ_SECONDS each (default 60), seeded from the example content, the
# hostile corpus and the regression inputs, with Fuzz/porthole.dict.
#   FUZZ_SECONDS=600 scripts/fuzz.sh              longer runs
#   FUZZ_TARGETS="update client" scripts/fuzz.sh  some targets only
#   FUZZ_JOBS=1                                   build on one core
# Prints executions and coverage per target; exits 1 if any target found a
# crash, a leak, a hang or a broken promise. Its input is in
# .build-fuzz/artifacts/<target>/: copy it to Tests/fuzz-regressions/<target>/
# (FuzzRegressionTests then runs it) and fix the bug.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-"project update decision client passwords markdown hubspot timesheet portal playbook change timeimport strings"}
scratch=.build-fuzz
swift=${SWIFT:-swift}
flags=(--scratch-path "$scratch" -c debug --product porthole-fuzz
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
  -Xcc -fsanitize=fuzzer-no-link,address)
[[ -n ${FUZZ_JOBS:-} ]] && flags+=(-j "$FUZZ_JOBS")

# libFuzzer's and AddressSanitizer's runtimes come with the Swift toolchain
# (its clang resource folder), not from Debian: say so plainly when missing.
resources=$("$swift" -print-target-info | sed -nE 's/.*"runtimeResourcePath": "(.*)\/swift".*/\1/p')
for runtime in fuzzer asan; do
  if ! compgen -G "$resources/clang/*/lib/linux/libclang_rt.$runtime-*.a" >/dev/null; then
    echo "fuzz: the Swift toolchain's $resources/clang has no libclang_rt.$runtime (install a swift.org toolchain for Linux)" >&2
    exit 1
  fi
done

started=$(date +%s)
mkdir -p "$scratch"
# Nothing porthole-fuzz needs uses a build tool plugin (whose program would
# get these flags too and not link: porthole init's template is in
# PortholeScaffold, the theme in PortholeSite), so the build must succeed.
if ! "$swift" build "${flags[@]}" >"$scratch/build.log" 2>&1; then
  grep -E 'error' "$scratch/build.log" | head -20
  echo "fuzz: the build failed (log: $scratch/build.log)" >&2
  exit 1
fi
bin="$("$swift" build "${flags[@]}" --show-bin-path)/porthole-fuzz"
echo "fuzz: built in $(($(date +%s) - started)) s"

# seed TARGET FILE...: copies seeds into the target's working corpus.
seed() {
  local target=$1; shift
  mkdir -p "$scratch/corpus/$target"
  for file in "$@"; do
    [[ -f $file ]] && cp "$file" "$scratch/corpus/$target/seed-$(echo "$file" | tr '/' '_')"
  done
  if [[ -d Tests/fuzz-regressions/$target ]]; then
    cp Tests/fuzz-regressions/"$target"/* "$scratch/corpus/$target/" 2>/dev/null || true
  fi
}
shopt -s nullglob
seed project content/clients/*/*/project.yaml Tests/hostile/content/clients/*/*/project.yaml
seed update content/clients/*/*/updates/*.md Tests/hostile/content/clients/*/*/updates/*.md
seed decision content/clients/*/*/decisions/*.md Tests/hostile/content/clients/*/*/decisions/*.md
seed markdown content/clients/*/*/updates/*.md Tests/hostile/content/clients/*/*/updates/*.md \
  content/clients/*/*/decisions/*.md
seed passwords demo-passwords.yaml
seed hubspot Fuzz/seeds/hubspot/*
seed timesheet content/clients/*/*/timesheet.csv
seed portal content/portal.yaml Tests/hostile/content/portal.yaml
seed playbook content/playbooks/*.yaml Tests/hostile/content/playbooks/*.yaml
seed change content/clients/*/*/changes/*.md
seed timeimport Fuzz/seeds/timeimport/*
seed strings themes/*/i18n/*.yaml
mkdir -p "$scratch/corpus/client"
for yaml in content/clients/*/client.yaml Tests/hostile/content/clients/*/client.yaml; do
  folder=$(dirname "$yaml")
  { cat "$yaml"; printf '\n--8<--\n'; cat "$folder/logo.svg" 2>/dev/null || true; } \
    >"$scratch/corpus/client/seed-$(basename "$folder")"
done
seed client

status=0
printf '\n%-10s %12s %8s %8s %8s  %s\n' target executions exec/s cov ft findings
for target in $targets; do
  artifacts="$scratch/artifacts/$target"
  # Only this run's findings (earlier ones belong in Tests/fuzz-regressions).
  rm -rf "$artifacts"
  mkdir -p "$artifacts"
  log="$scratch/fuzz-$target.log"
  PORTHOLE_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=1 "$bin" "$scratch/corpus/$target" \
    -dict=Fuzz/porthole.dict -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 >"$log" 2>&1 || true
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
  runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$log")
  rate=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+)/\1/p' "$log")
  found=$(ls "$artifacts" | wc -l)
  printf '%-10s %12s %8s %8s %8s  %s\n' "$target" "${runs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$found"
  if [[ $found != 0 || -z $runs ]]; then
    status=1
    { grep -E 'ERROR|porthole-fuzz:|Fatal error|SUMMARY' "$log" | head -5 | sed 's/^/    /'; } || true
    { ls "$artifacts" | sed "s|^|    $artifacts/|"; } || true
  fi
done
exit $status
