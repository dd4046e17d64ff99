#!/usr/bin/env bash
# Runs every check, as CI does: setup (the wasm modules, Envoy, the mock LLM), formatting and
# lints (scripts/lint.sh), the native unit and property tests of the filter logic and the
# end-to-end tests that drive real requests through a real Envoy 1.40.0 with the built filters to
# the mock LLM (cargo test), the same end-to-end suite on the native build (scripts/test-native.sh),
# and last the fuzz targets for a bounded time each (scripts/fuzz.sh).
# A failing step does not stop the later ones (the log shows every result); the exit status
# fails if any did. Arguments go to cargo test. SKIP_LINT=1 / SKIP_FUZZ=1 leave those steps out
# (for local runs).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Incremental state of every workspace crate is disk CI does not get back and a one-shot build
# does not use.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

failed=()
run_step() {
  local name="$1"
  shift
  local start=$SECONDS
  if "$@"; then
    echo "test.sh: $name ok ($((SECONDS - start)) s)"
  else
    echo "test.sh: $name FAILED ($((SECONDS - start)) s)" >&2
    failed+=("$name")
  fi
}

# Nothing else can run without the built modules and Envoy.
scripts/setup.sh
[ "${SKIP_LINT:-0}" = 1 ] || run_step lint scripts/lint.sh
run_step "cargo test" cargo test --workspace --no-fail-fast "$@"
# The same end-to-end suite again, with the native build (libllm_filters.so) in every Envoy.
run_step "native e2e" env SKIP_SETUP=1 scripts/test-native.sh "$@"
[ "${SKIP_FUZZ:-0}" = 1 ] || run_step fuzz scripts/fuzz.sh

echo "test.sh: total $SECONDS s"
# What the run left on disk (CI's disk is small; a full one fails builds mid-way).
du -sh target fuzz/target 2>/dev/null | sed 's/^/test.sh: disk: /' || true
if [ ${#failed[@]} -gt 0 ]; then
  echo "test.sh: failed: ${failed[*]}" >&2
  exit 1
fi
