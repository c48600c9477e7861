# Gin Deploy Playground — build and test entry points.
#
#   make setup    install tools (idempotent; seconds when all present)
#   make serve    dev server on http://127.0.0.1:8080
#   make dist     release build into dist/ + size report (raw/gzip/brotli)
#   make bench    benchmarks: validators native, in Chromium and the CLI peers; load time
#   make fuzz     coverage-guided fuzzing of every input, FUZZ_SECONDS (300) per target; not part of test
#   make reproducers  the release gin-deploy on the hostile inputs once reported: time and peak memory
#   make test     every test tier + summary (native, browser, tools, e2e)
#   make test-native | test-browser | test-tools | test-e2e   one tier

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
export PATH := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin:$(PATH)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export TRUNK_SKIP_VERSION_CHECK := true

.PHONY: help setup serve dist size bench fuzz reproducers test test-native test-browser test-tools test-e2e

help:
	@sed -n 's/^#   //p' $(firstword $(MAKEFILE_LIST))

setup:
	@scripts/setup.sh

serve: setup
	trunk serve --address 127.0.0.1 --port 8080

dist: setup
	@scripts/dist.sh

size:
	@scripts/size.sh dist

bench: setup
	@scripts/bench.sh

fuzz:
	@scripts/fuzz.sh

reproducers:
	@scripts/reproducers.sh

test: setup
	@scripts/test.sh native browser tools e2e

test-native: setup
	@scripts/test.sh native

test-browser: setup
	@scripts/test.sh browser

test-tools: setup
	@scripts/test.sh tools

test-e2e: setup
	@scripts/test.sh e2e
