#!/usr/bin/env bash
# Coverage-guided fuzzing (cargo-fuzz, libFuzzer) of every input the playground
# takes from a user: Dockerfiles, Kubernetes streams, design files, share links
# and "Import into design". Bounded, and not part of `make test`.
#
#   scripts/fuzz.sh                        # every target, FUZZ_SECONDS (300) each
#   FUZZ_SECONDS=30 scripts/fuzz.sh design # one target, 30 s
#
# Watchdog, per target: an input that takes over 1 s (-timeout=1) or a process
# over 512 MB (-rss_limit_mb, -malloc_limit_mb) is a crash, like a panic or a stack
# overflow (each input runs on a thread with the page's 1 MiB stack). A crash
# leaves its input in fuzz/artifacts/<target>/ and makes the script exit 1; keep
# it as a regression test once fixed. The corpus grows in fuzz/corpus/<target>/
# from seeds written by `cargo run --example fuzz_seeds` (rule examples, fixtures,
# presets, share links), so later runs start where earlier ones stopped.
#
# cargo-fuzz needs unstable rustc flags only behind RUSTC_BOOTSTRAP=1 on the
# pinned stable toolchain; no sanitizer is used (safe Rust, and ASan would eat the
# memory budget the watchdog enforces); debug assertions are on, so an integer
# overflow is a crash too.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

SECONDS_EACH="${FUZZ_SECONDS:-300}"
TARGETS=("$@")
[ "${#TARGETS[@]}" -gt 0 ] || TARGETS=(dockerfile kubernetes design share_link import go_project)

if ! command -v cargo-fuzz >/dev/null; then
  echo "[fuzz] cargo install cargo-fuzz --locked"
  cargo install cargo-fuzz --locked
fi

echo "[fuzz] seeds"
cargo run --quiet --example fuzz_seeds -- fuzz/corpus >/dev/null

echo "[fuzz] build"
# Only this build: set for the playground's own builds it would rebuild them all.
(cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz build --sanitizer none --debug-assertions)
BIN="fuzz/target/x86_64-unknown-linux-gnu/release"

declare -A RUNS STATUS
status=0
for target in "${TARGETS[@]}"; do
  mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target"
  log="fuzz/artifacts/$target/last-run.log"
  echo "[fuzz] $target for ${SECONDS_EACH}s"
  set +e
  "$BIN/$target" "fuzz/corpus/$target" \
    -max_total_time="$SECONDS_EACH" -timeout=1 \
    -rss_limit_mb=512 -malloc_limit_mb=512 -max_len=8192 \
    -artifact_prefix="fuzz/artifacts/$target/" -print_final_stats=1 \
    >"$log" 2>&1
  rc=$?
  set -e
  RUNS[$target]=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
  if [ "$rc" -eq 0 ]; then
    STATUS[$target]=ok
  else
    STATUS[$target]="CRASH (exit $rc, see $log)"
    grep -E "^(==[0-9]+== ERROR|SUMMARY|artifact_prefix|.*panicked at)" "$log" | head -n 5 || true
    status=1
  fi
done

echo
echo "[fuzz] summary (${SECONDS_EACH}s per target)"
for target in "${TARGETS[@]}"; do
  printf '%-12s %12s executions  %s\n' "$target" "${RUNS[$target]:-?}" "${STATUS[$target]}"
done
exit "$status"
