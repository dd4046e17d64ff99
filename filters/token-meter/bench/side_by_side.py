#!/usr/bin/env python3
"""Wall-time MB/s of two or more builds of the `ours` bench bin (wasm32-wasip1), side by side:
each text is counted by each module in turn, ROUNDS times, under wasmtime (Cranelift) and V8
(node --no-liftoff, as Envoy runs wasm); the best round of each is printed. Interleaving and
best-of keep a shared machine's load from favouring one build.
    .venv/bin/python filters/token-meter/bench/side_by_side.py old.wasm new.wasm
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROUNDS = int(os.environ.get("TM_ROUNDS", "3"))
# (index in lib.rs's samples, name, bytes per text when µs per text is the figure to show)
SAMPLES = [(1, "1 KB prompt", 1024), (2, "100 KB prose", None), (3, "100 KB code", None),
           (4, "30 KB CJK", None), (6, "100 KB whitespace runs", None)]
RUNTIMES = {
    "wasmtime": [sys.executable, os.path.join(HERE, "run_wasm.py")],
    "v8": ["node", "--no-liftoff", "--no-warnings", os.path.join(HERE, "run_wasm.mjs")],
}


def run(runtime, module, enc, idx):
    out = subprocess.run(RUNTIMES[runtime] + [module, enc, str(idx), "1"], capture_output=True, text=True, check=True).stdout
    return float(re.search(r"([\d.]+) MB/s", out).group(1))


def main():
    modules = sys.argv[1:]
    with open("/proc/loadavg") as f:
        print("load average at start:", f.read().split()[:3])
    for runtime in RUNTIMES:
        for enc in ["o200k", "cl100k"]:
            print(f"\n{runtime} {enc}: best of {ROUNDS} | " + " | ".join(os.path.basename(m) for m in modules))
            for idx, name, per_text in SAMPLES:
                best = [0.0] * len(modules)
                for _ in range(ROUNDS):
                    for i, m in enumerate(modules):
                        best[i] = max(best[i], run(runtime, m, enc, idx))
                cells = [f"{per_text / b:7.1f} µs" if per_text else f"{b:7.1f} MB/s" for b in best]
                print(f"{name:<24} " + "  ".join(cells))
    with open("/proc/loadavg") as f:
        print("\nload average at end:", f.read().split()[:3])


main()
