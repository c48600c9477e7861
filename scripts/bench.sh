#!/usr/bin/env bash
# Benchmarks (figures, not pass/fail): our validators natively and in headless
# Chromium, beside kubernetes-validate and hadolint on the same inputs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

echo "==> Kubernetes stream, native, and kubernetes-validate --strict"
cargo run --quiet --release --example bench_kube
echo
echo "==> Dockerfile set, native, and hadolint"
cargo run --quiet --release --example bench_dockerfile
echo
echo "==> in headless Chromium (release build)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" \
  cargo test --release --features bench --target wasm32-unknown-unknown --test bench_browser -- --nocapture 2>&1 \
  | grep -E '^browser:|error' || true
echo
echo "==> bytes shipped, release build in dist/ (main module: app*, index.html, css; worker: worker*)"
scripts/dist.sh | sed -n '/size of dist/,$p'
echo
echo "==> navigation to the first screen (data-app-shown) and the whole page (data-app-ready)"
node tests/e2e/bench-ready.mjs 20
echo
echo "==> the page under heavy work: a 2,100-document paste, its fixes and import; edit latency on 200 routes"
node tests/e2e/bench-page.mjs 40
