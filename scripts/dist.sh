#!/usr/bin/env bash
# Release build of the app into dist/ with Trunk, then the size report.
#   scripts/dist.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# Trunk's update check is a network call this build does not need.
export TRUNK_SKIP_VERSION_CHECK=true

# Trunk.toml sets offline = true, which makes trunk run cargo with --offline:
# fetch the wasm target's crates first (instant when they are cached).
echo "--> cargo fetch --target wasm32-unknown-unknown"
cargo fetch --target wasm32-unknown-unknown --quiet
echo "--> trunk build --release (dist/)"
trunk build --release --dist "$ROOT/dist"
echo "--> Content-Security-Policy into dist/index.html"
python3 "$ROOT/scripts/csp.py" "$ROOT/dist/index.html"
echo "--> size of dist/ (bytes)"
"$ROOT/scripts/size.sh" "$ROOT/dist"
