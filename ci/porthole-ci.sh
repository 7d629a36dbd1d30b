#!/usr/bin/env bash
# The Porthole commands of the CI recipes (ci/github/*.yml, ci/gitlab/.gitlab-ci.yml,
# and the workflow `porthole init` writes): every workflow runs its Porthole
# steps through this one script, and Porthole's own tests
# (Tests/site-checks/test_ci.py) run the very lines the workflows run, so a
# recipe cannot drift from what is tested. Run it from the agency's folder
# (the one holding content/).
#
#   porthole-ci.sh install           put porthole on the PATH (see below)
#   porthole-ci.sh check             porthole check --strict (annotations on GitHub)
#   porthole-ci.sh build             porthole build --strict --no-portfolio --no-flush into site/
#   porthole-ci.sh build-shard I N   the same for shard I of N, into site/
#   porthole-ci.sh merge FROM TO     every shard output in FROM/* copied into TO/
#   porthole-ci.sh s3-sync S3URL     site/ to a bucket: fingerprinted assets
#                                    cached a year, everything else no-cache
#   porthole-ci.sh hubspot-push      after a build: each deal's delivery health to
#                                    HubSpot (docs/hubspot.md); skipped without HUBSPOT_TOKEN
#   porthole-ci.sh now               this instant (seconds since 1970), for
#                                    PORTHOLE_BUILD_TIME of every shard
#
# Environment (from the CI's secret store and variables; all optional unless said):
#   PORTHOLE_SECRET          the link secret: required for `build` in CI
#   PORTHOLE_PASSWORDS_YAML  the passwords file's text (client slug: password),
#                            written to a temporary file outside the repository;
#                            PORTHOLE_PASSWORD_<CLIENT> variables work as well
#   HUBSPOT_TOKEN            passed through untouched, for a step that imports data
#   PORTHOLE_BUILD_TIME      the build's instant (seconds since 1970): every shard
#                            of a matrix gets the same one, so the same "today"
#   PORTHOLE_BASE_URL        publish under another address (preview deployments)
#   PORTHOLE_LENIENT=1       build without --strict (the daily rebuild: a late note
#                            must not stop the "out of date" notice from appearing)
#   PORTHOLE                 the porthole binary (default: porthole on the PATH)
#   PORTHOLE_DIST_URL, PORTHOLE_DIST_SHA256   for `install`: a `make dist` tarball
#                            and its SHA-256 (the agency hosts its own build)
set -euo pipefail

porthole=${PORTHOLE:-porthole}

# --passwords FILE when the passwords come as one secret.
password_args=()
if [[ -n ${PORTHOLE_PASSWORDS_YAML:-} ]]; then
  passwords_file=$(mktemp "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/porthole-passwords.XXXXXX")
  trap 'rm -f "$passwords_file"' EXIT
  printf '%s\n' "$PORTHOLE_PASSWORDS_YAML" > "$passwords_file"
  password_args=(--passwords "$passwords_file")
fi

# The internal portfolio is never a CI artifact. --no-flush: the runner
# uploads site/ and is then discarded, so waiting for its disk protects
# nothing (docs/publishing.md).
build_args=(--no-portfolio --no-flush --quiet)
[[ ${PORTHOLE_LENIENT:-0} == 1 ]] || build_args+=(--strict)
[[ -z ${PORTHOLE_BASE_URL:-} ]] || build_args+=(--base-url "$PORTHOLE_BASE_URL")

# One "today" for every shard: the same instant, read in the portal's time zone.
run_porthole() {
  if [[ -n ${PORTHOLE_BUILD_TIME:-} ]]; then
    SOURCE_DATE_EPOCH=$PORTHOLE_BUILD_TIME "$porthole" "$@"
  else
    "$porthole" "$@"
  fi
}

# A site/ restored from the CI cache is taken over by porthole when its files
# are the ones its manifest lists (docs/publishing.md), so only changed
# clients are rendered. After a new porthole release every client is rendered
# and every file written anew: a file whose bytes did not change then gets
# back the time it had, so that `aws s3 sync` (size and time) uploads only
# what changed. The cached tree is kept alive by hard links while porthole
# swaps site/ away.
build_keeping_times() {
  local cached=.site.cache-times
  rm -rf "$cached"
  [[ ! -d site ]] || cp -al site "$cached"
  run_porthole build "$@"
  [[ -d $cached ]] || return 0
  (
    cd site
    find . -type f -print0 | while IFS= read -r -d '' file; do
      if [[ -f ../$cached/$file && ! ../$cached/$file -ef $file ]] && cmp -s "$file" "../$cached/$file"; then
        touch -r "../$cached/$file" "$file"
      fi
    done
  )
  rm -rf "$cached"
}

install_porthole() {
  if [[ -z ${PORTHOLE_DIST_URL:-} ]]; then
    command -v "$porthole" >/dev/null || {
      echo "porthole-ci: no porthole on the PATH; set PORTHOLE_DIST_URL (and PORTHOLE_DIST_SHA256) to a make dist tarball" >&2
      exit 1
    }
  else
    [[ -n ${PORTHOLE_DIST_SHA256:-} ]] || { echo "porthole-ci: PORTHOLE_DIST_SHA256 is required with PORTHOLE_DIST_URL" >&2; exit 1; }
    local work prefix=${PORTHOLE_PREFIX:-$HOME/.local}
    work=$(mktemp -d)
    curl -fsSL "$PORTHOLE_DIST_URL" -o "$work/porthole.tar.gz"
    echo "$PORTHOLE_DIST_SHA256  $work/porthole.tar.gz" | sha256sum -c --quiet
    tar -xzf "$work/porthole.tar.gz" -C "$work"
    install -D -m 755 "$work"/porthole-*/porthole "$prefix/bin/porthole"
    rm -rf "$work"
    [[ -z ${GITHUB_PATH:-} ]] || echo "$prefix/bin" >> "$GITHUB_PATH"
    porthole="$prefix/bin/porthole"
  fi
  # The two shared libraries the release binary needs (README, "Installing it").
  local missing=()
  for package in libcmark0.30.2 libmimalloc2.0; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  if [[ ${#missing[@]} -gt 0 ]]; then
    local sudo=""
    [[ $(id -u) == 0 ]] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  "$porthole" --version
}

case "${1:-}" in
  install) install_porthole ;;
  check) run_porthole check --strict "${password_args[@]}" ;;
  build) build_keeping_times "${build_args[@]}" "${password_args[@]}" ;;
  build-shard)
    [[ $# == 3 ]] || { echo "usage: $0 build-shard I N" >&2; exit 2; }
    build_keeping_times "${build_args[@]}" "${password_args[@]}" --shard "$2/$3"
    ;;
  merge)
    # Each shard's output holds its own clients and the same shared files,
    # so copying them together gives the whole site (docs/publishing.md).
    [[ $# == 3 ]] || { echo "usage: $0 merge SHARDS-FOLDER SITE" >&2; exit 2; }
    mkdir -p "$3"
    for shard in "$2"/*/; do cp -R "$shard". "$3"/; done
    ;;
  s3-sync)
    [[ $# == 2 ]] || { echo "usage: $0 s3-sync s3://BUCKET[/PATH]" >&2; exit 2; }
    # Assets first, so that no new page ever names an asset not yet uploaded.
    # Their names hold a hash of their bytes: cached a year, never revalidated.
    aws s3 sync site/ "$2" --only-show-errors --exclude '*' --include 'assets/*' \
      --cache-control 'public, max-age=31536000, immutable'
    # Pages, feeds, calendars: revalidated on every visit, so a new update is
    # seen at once. --delete drops portals that moved (a rotated secret);
    # old assets stay for pages still open in a browser.
    aws s3 sync site/ "$2" --only-show-errors --delete --exclude 'assets/*' --exclude '.porthole-site' \
      --cache-control 'no-cache'
    ;;
  hubspot-push)
    if [[ -z ${HUBSPOT_TOKEN:-} ]]; then
      echo "porthole-ci: no HUBSPOT_TOKEN secret: HubSpot not updated"
    else
      run_porthole hubspot push
    fi
    ;;
  now) date +%s ;;
  *)
    echo "usage: $0 install|check|build|build-shard I N|merge FROM TO|s3-sync S3URL|hubspot-push|now" >&2
    exit 2
    ;;
esac
