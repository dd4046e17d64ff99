#!/usr/bin/env bash
# Formatting and lints, as CI checks them: `cargo fmt --check` and clippy with warnings denied,
# natively (all targets: tests, examples) and for wasm32-wasip1 (the filters as Envoy loads them).
# Every check runs even when an earlier one fails; the exit status says whether any failed.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

WASM_FILTERS=(prompt-transform pii-mask model-router token-meter)
failed=()

run() {
  local name="$1"
  shift
  echo "lint: $name"
  local start=$SECONDS
  if "$@"; then
    echo "lint: $name ok ($((SECONDS - start)) s)"
  else
    echo "lint: $name FAILED ($((SECONDS - start)) s)" >&2
    failed+=("$name")
  fi
}

if ! rustup target list --installed | grep -qx wasm32-wasip1; then
  rustup target add wasm32-wasip1
fi

wasm_packages=()
for filter in "${WASM_FILTERS[@]}"; do wasm_packages+=(-p "$filter"); done

run "cargo fmt --check" cargo fmt --all --check
run "clippy (native)" cargo clippy --quiet --workspace --all-targets -- -D warnings
# The filters' config types alone (what the controller imports): no tokenizer, regex engine or
# template engine.
run "config types without the filters" cargo clippy --quiet -p pii-mask -p token-meter -p prompt-transform --no-default-features -- -D warnings
# The same with `schema` (the JsonSchema derives the controller prints and its tests validate
# against), and proof that no wasm build links schemars.
run "config types with schema" cargo clippy --quiet -p pii-mask -p token-meter -p prompt-transform --no-default-features --features schema -- -D warnings
run "model-router with schema" cargo clippy --quiet -p model-router --features schema -- -D warnings
run "no schemars in wasm" bash -c '! cargo tree --quiet --target wasm32-wasip1 -e normal "$@" | grep -q schemars' _ "${wasm_packages[@]}"
run "clippy (wasm32-wasip1)" cargo clippy --quiet --target wasm32-wasip1 "${wasm_packages[@]}" -- -D warnings

if [ ${#failed[@]} -gt 0 ]; then
  echo "lint: failed: ${failed[*]}" >&2
  exit 1
fi
echo "lint: all checks passed"
