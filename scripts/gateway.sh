#!/usr/bin/env bash
# Starts the local gateway: the mock LLM on 127.0.0.1:18000 and Envoy with envoy/bootstrap.yaml
# on 127.0.0.1:10000 (admin 127.0.0.1:9901). Ctrl-C stops both.
#   --native  the same gateway (same ports, configs and example commands) with the filters from
#             the native Envoy dynamic module target/native/libllm_filters.so instead of the
#             wasm modules: envoy/bootstrap.yaml rewritten by the nativize example into
#             target/native/bootstrap.json.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

native=0
for arg in "$@"; do
  case "$arg" in
    --native) native=1 ;;
    *) echo "usage: scripts/gateway.sh [--native]" >&2; exit 2 ;;
  esac
done
scripts/setup.sh

config=envoy/bootstrap.yaml
if [ "$native" = 1 ]; then
  config=target/native/bootstrap.json
  cargo run --quiet -p llm-filters-dynamic-module --example nativize -- envoy/bootstrap.yaml > "$config"
  export ENVOY_DYNAMIC_MODULES_SEARCH_PATH="$ROOT/target/native"
fi

ENVOY="${ENVOY_BIN:-$(ls .venv/lib/python3*/site-packages/envoy/_bin/envoy | head -n1)}"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

wait_for() { # url, what
  for _ in $(seq 1 150); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "gateway: $2 exited" >&2; exit 1; }; done
    sleep 0.2
  done
  echo "gateway: $2 did not become ready at $1" >&2; exit 1
}

target/release/mock-llm --port 18000 --name mock &
pids+=($!)
wait_for http://127.0.0.1:18000/health "mock LLM"

"$ENVOY" -c "$config" --concurrency 2 --log-level warning &
pids+=($!)
wait_for http://127.0.0.1:9901/ready "Envoy"

if [ "$native" = 1 ]; then build="native module target/native/libllm_filters.so"; else build="wasm modules"; fi
echo
echo "llm-filters gateway ($build) is up on http://127.0.0.1:10000 (admin http://127.0.0.1:9901)."
cat <<'MSG'

Try:
  curl -s http://127.0.0.1:10000/v1/chat/completions -H 'content-type: application/json' \
    -d '{"model":"fast","messages":[{"role":"user","content":"Hello!"}]}'
Fallback (the primary answers 503, the backup serves with its own model name):
  curl -s http://127.0.0.1:10000/v1/chat/completions -H 'content-type: application/json' \
    -H 'x-mock-status: 503' -H 'x-mock-fault-model: mock-small' \
    -d '{"model":"fast","messages":[{"role":"user","content":"Hello!"}]}'
Errors come in the OpenAI shape, Envoy's own too (no route, backends down, timeouts, 413):
  head -c 2000000 /dev/zero | tr '\0' a | curl -s http://127.0.0.1:10000/v1/chat/completions \
    -H 'content-type: application/json' --data-binary @-
Metrics: curl -s http://127.0.0.1:9901/stats/prometheus | grep llm_router
Failed wasm VMs (reloaded by FAIL_RELOAD): curl -s http://127.0.0.1:9901/stats | grep vm_reload
  (native: no VM; a caught panic answers that request with a 500 and is logged by llm_filters)
MSG
wait -n "${pids[@]}"
