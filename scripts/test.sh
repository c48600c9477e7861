#!/usr/bin/env bash
# The three test tiers. Runs every requested tier (default: all three), then
# prints one summary line per tier. Exits non-zero if any tier fails or runs
# no test.
#
#   scripts/test.sh                 # native browser e2e
#   scripts/test.sh browser e2e     # a subset
#
# Tiers:
#   native   cargo test --all-targets, then cargo test --doc (host target)
#   browser  cargo test --target wasm32-unknown-unknown --test browser, run by
#            wasm-bindgen-test-runner in headless Debian Chromium via chromedriver
#   tools    cargo test --features tools --test tools: the independent validators
#            and a real Gin build and run on generated bundles
#   e2e      release build (scripts/dist.sh), then node --test tests/e2e/
#            (playwright-core driving /usr/bin/chromium)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

# A test run builds once; incremental caches only pay off in an edit loop and
# cost about 2 GB here (1.2 GB native, 0.8 GB wasm32 on a clean clone).
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

# A full run on a clean clone leaves 4.2 GB in target/ (measured). Say so up front
# rather than let rustc fail half-way with "No space left on device".
free_kb=$(df -Pk "$ROOT" | awk 'NR == 2 { print $4 }')
if [ -n "$free_kb" ] && [ "$free_kb" -lt $((5 * 1024 * 1024)) ]; then
  echo "warning: only $((free_kb / 1024)) MB free on the disk holding $ROOT;" \
    "a full run on a clean clone needs about 4.5 GB for target/" >&2
fi

TIERS=("$@")
[ "${#TIERS[@]}" -gt 0 ] || TIERS=(native browser tools e2e)

WORK="$(mktemp -d "${TMPDIR:-/tmp}/gdp-test.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

declare -A PASSED FAILED RC SECS

strip_ansi() { sed -E 's/\x1b\[[0-9;]*[A-Za-z]//g' "$1"; }

# Sum "N passed; M failed" over all `test result:` lines of cargo's (and
# wasm-bindgen-test-runner's) output.
count_cargo() {
  strip_ansi "$1" | awk '
    /^test result: / {
      for (i = 1; i <= NF; i++) {
        if ($(i) ~ /^passed;?$/) p += $(i - 1)
        if ($(i) ~ /^failed;?$/) f += $(i - 1)
      }
    }
    END { printf "%d %d\n", p, f }'
}

# node --test's spec reporter ends with "ℹ pass N", "ℹ fail N", "ℹ cancelled N".
count_node() {
  strip_ansi "$1" | awk '
    /^ℹ pass [0-9]+$/ { p = $3 }
    /^ℹ fail [0-9]+$/ { f += $3 }
    /^ℹ cancelled [0-9]+$/ { f += $3 }
    END { printf "%d %d\n", p, f }'
}

# What failed, in a few lines for the end of the run: a CI log is often read from its
# tail, where the summary is, and a failing test's message sits far above it.
why_failed() {
  strip_ansi "$1" | awk '
    /^✖ failing tests:/ { failing = 1; next }
    failing && /^[ \t]*✖ / { sub(/^[ \t]+/, ""); print; next }
    failing && /(Error|Timeout|exceeded|message:)/ && !/^[ \t]+at / { sub(/^[ \t]+/, "    "); print; next }
    /^---- .* stdout ----$/ { print; next }
    /panicked at / { print; getline; print; next }
    /^[a-z][a-z0-9_-]+ +[^ ]+ +[1-9][0-9]* finding\(s\)$/ { print; shown = 3; next }
    shown > 0 && /^    / { print; shown--; next }
    { shown = 0 }
  ' | head -n 40
}

tier_native() {
  echo "--> cargo test --all-targets"
  cargo test --all-targets || return 1
  echo "--> cargo test --doc"
  cargo test --doc
}

tier_browser() {
  command -v wasm-bindgen-test-runner >/dev/null || { echo "wasm-bindgen-test-runner missing (make setup)"; return 1; }
  # webdriver.json (repo root) holds the Chromium binary and flags; add a new,
  # empty profile for this run and hand the merged file to the runner.
  local profile="$WORK/chromium-profile" caps="$WORK/webdriver.json"
  mkdir -p "$profile"
  node -e '
    const fs = require("fs");
    const [src, dst, profile] = process.argv.slice(1);
    const caps = JSON.parse(fs.readFileSync(src, "utf8"));
    const opts = (caps["goog:chromeOptions"] ??= {});
    opts.args = [...(opts.args ?? []).filter((a) => !a.startsWith("--user-data-dir")), `--user-data-dir=${profile}`];
    fs.writeFileSync(dst, JSON.stringify(caps, null, 2));
  ' "$ROOT/webdriver.json" "$caps" "$profile" || return 1
  echo "--> cargo test --target wasm32-unknown-unknown --features inline-work --test browser --test browser_forms"
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" \
  WASM_BINDGEN_TEST_WEBDRIVER_JSON="$caps" \
  WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}" \
    cargo test --target wasm32-unknown-unknown --features inline-work --test browser --test browser_forms
}

# The independent tools (hadolint, kubernetes-validate, checkov, yamllint,
# openapi-spec-validator, check-jsonschema, gofmt/go vet/go build/go test and the
# built Gin server) on every preset's bundle and 20 random designs' bundles.
tier_tools() {
  echo "--> cargo test --features tools --test tools"
  cargo test --features tools --test tools || return 1
  # Debian's nginx with the locations ingress-nginx renders, against the simulator.
  echo "--> cargo test --features tools --test nginx_oracle"
  cargo test --features tools --test nginx_oracle || return 1
  # Debian's Gin running the fixture projects, against the Gin project importer.
  echo "--> cargo test --features tools --test gin_projects"
  cargo test --features tools --test gin_projects
}

# tests/tools.rs ends with "tools: N passed, M failed".
count_tools() {
  strip_ansi "$1" | awk '/^tools: [0-9]+ passed, [0-9]+ failed$/ { p = $2; f = $4 } END { printf "%d %d\n", p, f }'
}

tier_e2e() {
  "$ROOT/scripts/dist.sh" || return 1
  echo "--> node --test tests/e2e/"
  node --test --test-reporter=spec "$ROOT/tests/e2e/"
}

for tier in "${TIERS[@]}"; do
  case "$tier" in
    native | browser | tools | e2e) ;;
    *) echo "unknown tier: $tier (native, browser, tools, e2e)" >&2; exit 2 ;;
  esac
  echo
  echo "==> tier $tier"
  log="$WORK/$tier.log"
  start=$SECONDS
  "tier_$tier" 2>&1 | tee "$log"
  RC[$tier]=${PIPESTATUS[0]}
  SECS[$tier]=$((SECONDS - start))
  if [ "$tier" = e2e ]; then
    read -r p f < <(count_node "$log")
  elif [ "$tier" = tools ]; then
    read -r p f < <(count_tools "$log")
  else
    read -r p f < <(count_cargo "$log")
  fi
  PASSED[$tier]=$p FAILED[$tier]=$f
done

echo
echo "==> summary"
status=0 total_p=0 total_f=0
for tier in "${TIERS[@]}"; do
  p=${PASSED[$tier]} f=${FAILED[$tier]} rc=${RC[$tier]}
  verdict=ok
  if [ "$rc" -ne 0 ]; then
    verdict="FAILED (exit $rc)"
  elif [ "$f" -ne 0 ]; then
    verdict="FAILED ($f failing)"
  elif [ "$p" -eq 0 ]; then
    verdict="FAILED (ran no test)"
  fi
  [ "$verdict" = ok ] || status=1
  printf '%-8s %-22s %4ss\n' "$tier" "$verdict" "${SECS[$tier]}"
  total_p=$((total_p + p)) total_f=$((total_f + f))
done
for tier in "${TIERS[@]}"; do
  if [ "${RC[$tier]}" -ne 0 ] || [ "${FAILED[$tier]}" -ne 0 ]; then
    echo "--- $tier: what failed"
    why_failed "$WORK/$tier.log"
  fi
done
for tier in "${TIERS[@]}"; do
  echo "$tier: ${PASSED[$tier]} passed, ${FAILED[$tier]} failed"
done
echo "total: $total_p passed, $total_f failed"
exit "$status"
