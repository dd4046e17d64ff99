#!/usr/bin/env bash
# Runs every test: native unit and property tests of the filter logic, and the end-to-end tests
# that drive real requests through a real Envoy 1.40.0 with the built filters to the mock LLM.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/setup.sh
cargo test --workspace --no-fail-fast "$@"
