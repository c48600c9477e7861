#!/usr/bin/env bash
# The hostile inputs once reported against the command (examples/support/hostile.rs,
# plus links to /dev/zero), run through the release gin-deploy under
# /usr/bin/time: exit status, wall and CPU time, peak memory (max RSS) and the
# first line of what it said. Figures, not a test: tests/budgets.rs and the CLI
# tests check the messages and the memory on every `make test`.
#
#   scripts/reproducers.sh
#
# Exits 1 when a run takes over 0.2 s of CPU or 64 MB of memory (wall time is
# printed too; on a busy machine it says more about the machine).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing (make setup)" >&2; exit 1; }

cargo build --quiet --release --bin gin-deploy
cargo run --quiet --release --example reproducers -- "${TMPDIR:-/tmp}/gin-deploy-reproducers.$$"
DIR="${TMPDIR:-/tmp}/gin-deploy-reproducers.$$"
trap 'rm -rf "$DIR"' EXIT
ln -s /dev/zero "$DIR/zero.yaml"
ln -s /dev/zero "$DIR/zero-design.yaml"
BIN="$ROOT/target/release/gin-deploy"

printf '%-44s %4s %7s %7s %8s  %s\n' case exit wall cpu "peak MB" "said"
status=0
run() {
  local name="$1"
  shift
  local timing="$DIR/time.txt" said="$DIR/said.txt"
  set +e
  (cd "$DIR" && /usr/bin/time -f '%e %U %S %M' -o "$timing" "$BIN" "$@" >"$said.out" 2>"$said")
  local rc=$?
  set -e
  # GNU time puts "Command exited with non-zero status N" first when it does: the
  # figures are on the last line.
  read -r wall user sys rss < <(tail -n1 "$timing")
  local cpu peak first
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  peak=$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')
  # head stops reading early; the pipe's SIGPIPE is not a failure here.
  first=$(cat "$said" "$said.out" | grep -v '^\s' | head -n1 | cut -c1-110 || true)
  local flag=""
  if awk -v c="$cpu" -v p="$peak" 'BEGIN { exit !(c > 0.2 || p > 64) }'; then
    flag="  OVER"
    status=1
  fi
  printf '%-44s %4s %6ss %6ss %8s  %s%s\n' "$name" "$rc" "$wall" "$cpu" "$peak" "$first" "$flag"
  rm -rf "$DIR/out"
}

run "validate: link to /dev/zero" validate zero.yaml
run "generate: design linked to /dev/zero" generate zero-design.yaml --out out
run "validate: 300 Deployments sharing anchors" validate aliased-deployments.yaml
run "validate: ConfigMap of 50,000 keys" validate wide-configmap.yaml
run "generate: design of 10,000 groups" generate wide-design.yaml --out out
run "validate: design of 10,000 groups as YAML" validate wide-design.yaml
run "validate: 50 MB document" validate large-document.yaml
exit "$status"
