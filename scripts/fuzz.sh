#!/usr/bin/env bash
# Fuzzes the parsers, the config loader, pii-mask and token-meter's tokenizer with libFuzzer (cargo-fuzz), each
# target for a bounded time, and fails if any target crashes (a panic, a broken property, a
# timeout or running out of memory). The crashing input is left in fuzz/artifacts/<target>/;
# see fuzz/README.md.
#   FUZZ_SECONDS   time per target (default 45)
#   FUZZ_TARGETS   targets to run (default: all of them)
#   FUZZ_STRICT=1  also check the properties of open issues (fuzz/README.md)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT/fuzz"

FUZZ_SECONDS="${FUZZ_SECONDS:-45}"
read -r -a TARGETS <<< "${FUZZ_TARGETS:-sse_chunks model_json jsonpath_pii jsonpath_transform pii_mask tokenizer config_load}"
# No sanitizer: then cargo-fuzz passes only stable flags (coverage instrumentation through
# -Cpasses/-Cllvm-args), so the stable toolchain, the only one on the machine, builds the
# targets as they are. AddressSanitizer needs -Zsanitizer (RUSTC_BOOTSTRAP=1 on stable): it
# works, but the code is safe Rust, and it made each run about 5x slower and the build longer.
SANITIZER=(--sanitizer none)
# 16 codegen units instead of cargo-fuzz's 1: the build uses both cores; runs are slightly slower.
BUILD_FLAGS=(--codegen-units 16)
export FUZZ_STRICT="${FUZZ_STRICT:-0}"

started=$SECONDS
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz"
  cargo install cargo-fuzz --locked
  echo "fuzz: cargo-fuzz installed ($((SECONDS - started)) s)"
fi

build_start=$SECONDS
echo "fuzz: building ${TARGETS[*]}"
mkdir -p artifacts
if ! cargo fuzz build "${SANITIZER[@]}" "${BUILD_FLAGS[@]}" >artifacts/build.log 2>&1; then
  grep -vE '^\s+([0-9]+: |at )' artifacts/build.log | tail -n 60 >&2
  echo "fuzz: the fuzz targets do not build" >&2
  exit 1
fi
echo "fuzz: built ($((SECONDS - build_start)) s)"

crashed=()
for target in "${TARGETS[@]}"; do
  corpus="corpus/$target"
  mkdir -p "$corpus" "artifacts/$target"
  seeds=()
  [ -d "seeds/$target" ] && seeds=("seeds/$target")
  echo "fuzz: $target for ${FUZZ_SECONDS} s"
  run_start=$SECONDS
  # -timeout: one input taking this long is a hang; -max_len: bodies and streams of a few KiB.
  # The binary itself, not `cargo fuzz run`: that would rebuild first if a source changed since.
  if "target/x86_64-unknown-linux-gnu/release/$target" "$corpus" "${seeds[@]}" \
      -artifact_prefix="artifacts/$target/" -max_total_time="$FUZZ_SECONDS" -timeout=30 \
      -max_len=8192 -print_final_stats=1 >"artifacts/$target.log" 2>&1; then
    runs=$(grep -oE '^stat::number_of_executed_units: *[0-9]+' "artifacts/$target.log" | grep -oE '[0-9]+$' || echo '?')
    echo "fuzz: $target ok: $runs runs ($((SECONDS - run_start)) s)"
  else
    echo "fuzz: $target CRASHED ($((SECONDS - run_start)) s); the log's end:" >&2
    grep -vE '^\s+([0-9]+: |at )' "artifacts/$target.log" | tail -n 40 >&2
    ls -1 "artifacts/$target" >&2 || true
    echo "fuzz: reproduce with: cd fuzz && cargo fuzz run --sanitizer none $target artifacts/$target/<file>" >&2
    echo "fuzz: minimize with:  cd fuzz && cargo fuzz tmin --sanitizer none $target artifacts/$target/<file>" >&2
    crashed+=("$target")
  fi
done

echo "fuzz: total $((SECONDS - started)) s"
if [ ${#crashed[@]} -gt 0 ]; then
  echo "fuzz: crashed: ${crashed[*]}" >&2
  exit 1
fi
echo "fuzz: ${#TARGETS[@]} targets, no crash"
