# Porthole: the two commands of the README are `make site` and `make test`.
# Each installs what it needs when it is missing, so both work on a fresh
# Debian machine (run as root, or with sudo available).

SWIFT ?= swift
TODAY ?= 2026-11-27
BIN = .build/debug/porthole

.PHONY: site test build deps test-deps lint format swift-test site-checks fuzz fuzz-short soak bench bench-large bench-instructions install dist dist-check clean

## make site: build the example portal into site/ (and the agency's internal
## portfolio into portfolio/) and print where to open them
site: build
	$(BIN) build --content content --output site --today $(TODAY) --passwords demo-passwords.yaml
	@echo
	@echo "Open the portals (file:// links work, or serve site/ with any web server):"
	@$(BIN) links --content content --today $(TODAY) | while IFS="$$(printf '\t')" read -r slug access url; do \
	  folder=$${url#*://*/}; \
	  if [ "$$url" = "(not published)" ]; then echo "  $$slug ($$access): not published"; \
	  else echo "  $$slug ($$access): file://$(CURDIR)/site/$${folder}index.html"; fi; \
	done
	@echo "(password portals: the demo passwords are in demo-passwords.yaml)"
	@echo
	@echo "The agency's internal portfolio (every project, internal content included; never publish it):"
	@echo "  file://$(CURDIR)/portfolio/index.html"

build: deps
	$(SWIFT) build --product porthole

deps:
	@scripts/install-deps.sh build

## make test: unit, end-to-end, property and output checks (validators,
## Chromium), and a short run of every fuzz target
test: test-deps lint swift-test site-checks fuzz-short

test-deps:
	@scripts/install-deps.sh test

## make lint: the checked-in formatter configuration (.swift-format) and the
## function-length limit; `make format` applies the formatter.
lint:
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests Plugins Fuzz Package.swift
	python3 scripts/function-lengths.py Sources 80
	python3 scripts/function-lengths.py Fuzz 80

format:
	$(SWIFT) format format --in-place --recursive --parallel Sources Tests Plugins Fuzz Package.swift

# The preview's tests wait on a live server and on file notifications with
# async timers; run beside the many end-to-end tests that block a thread while
# a real porthole runs, they can wait for a free thread of Swift's
# cooperative pool (as wide as the cores: 2 on CI) longer than their bounds.
# So they run on their own, after the rest.
PREVIEW_SUITES = PreviewServerTests|ChangeWatcherTests|PreviewPageTests
swift-test:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --skip '$(PREVIEW_SUITES)'
	$(SWIFT) test --skip-build --filter '$(PREVIEW_SUITES)'

site-checks:
	python3 -m pytest -q Tests/site-checks

## make fuzz: every libFuzzer target (scripts/fuzz.sh) for FUZZ_SECONDS each
## (default 60), with AddressSanitizer; prints executions and coverage.
## make test runs each for FUZZ_SHORT_SECONDS (default 5).
FUZZ_SECONDS ?= 60
FUZZ_SHORT_SECONDS ?= 5
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) SWIFT="$(SWIFT)" scripts/fuzz.sh

fuzz-short: deps
	FUZZ_SECONDS=$(FUZZ_SHORT_SECONDS) SWIFT="$(SWIFT)" scripts/fuzz.sh

## make soak: `porthole serve` under wrk for SOAK_SECONDS (default 60) while
## content changes; prints requests, errors, latency and memory (scripts/soak.py).
SOAK_SECONDS ?= 60
soak: build
	@scripts/install-deps.sh soak
	python3 scripts/soak.py --seconds $(SOAK_SECONDS)

## make bench: release build, then Hugo and Porthole on the same corpus (20 and
## 200 clients), the cmark floor, and incremental rebuilds; `make bench-large` adds 1,000.
## The release binary links the Swift runtime and Foundation statically, as a
## binary shipped to CI runners would be (docs/publishing.md): it starts in
## 6 ms instead of 11, and calls into the runtime directly.
RELEASE = $(SWIFT) build -c release --product porthole --static-swift-stdlib
bench:
	@scripts/install-deps.sh bench
	$(RELEASE)
	scripts/bench.sh

bench-large:
	@scripts/install-deps.sh bench
	$(RELEASE)
	scripts/bench.sh --large

## make bench-instructions: one clean build of 20 clients counted in
## instructions by Valgrind's callgrind, part by part: the figure to compare
## two versions by on a machine whose wall time is noisy.
bench-instructions:
	@scripts/install-deps.sh bench
	$(RELEASE)
	scripts/bench-instructions.sh

## make install PREFIX=…: a release binary as $(PREFIX)/bin/porthole (default
## /usr/local). The default theme is built into it (docs/themes.md), so it
## works in any content folder. DESTDIR is honoured for packaging.
PREFIX ?= /usr/local
install: deps
	$(RELEASE)
	install -d $(DESTDIR)$(PREFIX)/bin
	install -s -m 755 "$$($(SWIFT) build -c release --static-swift-stdlib --show-bin-path)/porthole" $(DESTDIR)$(PREFIX)/bin/porthole
	@echo "installed $(DESTDIR)$(PREFIX)/bin/porthole (it needs the Debian packages libcmark0.30.2 and libmimalloc2.0 at run time)"

## make dist: dist/porthole-<version>-linux-<arch>.tar.gz and its .sha256, a
## static-stdlib release binary; prints the runtime packages it still needs.
dist: deps
	SWIFT="$(SWIFT)" scripts/dist.sh

## make dist-check: the tarball in a minimal Debian (debootstrap) that has only
## the runtime packages it documents; needs root and Debian's mirror.
dist-check: build
	scripts/dist-check.sh

clean:
	rm -rf .build .build-fuzz site portfolio dist
