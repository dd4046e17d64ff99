#!/usr/bin/env bash
# Runs the end-to-end suite of integration/ against the native build: every test's Envoy loads
# target/native/libllm_filters.so (an Envoy dynamic module) instead of the wasm modules, with the
# same assertions (LLM_FILTERS_BUILD=native, see integration/src/build.rs). Tests that only mean
# something for one build print "skipped on the Native build: <reason>". Arguments go to
# cargo test (e.g. `--test model_router`). SKIP_SETUP=1 skips scripts/setup.sh when the caller
# (scripts/test.sh) already ran it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

[ "${SKIP_SETUP:-0}" = 1 ] || scripts/setup.sh
start=$SECONDS
status=0
LLM_FILTERS_BUILD=native cargo test -p llm-integration --no-fail-fast "$@" || status=$?
# The controller's native renders loaded by Envoy (bootstrap and Istio patches).
if [ $# -eq 0 ]; then
  LLM_FILTERS_BUILD=native cargo test -p llm-filters-tests --no-fail-fast --test envoy_validate --test istio_render || status=$?
fi
echo "test-native.sh: native e2e suite $([ $status = 0 ] && echo ok || echo FAILED) ($((SECONDS - start)) s)"
exit $status
