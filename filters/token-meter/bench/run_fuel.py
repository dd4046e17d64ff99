#!/usr/bin/env python3
"""Wasm instructions per byte of each bench text, counted by wasmtime's fuel (about one unit per
wasm instruction executed): unlike wall time, it does not depend on the machine's load.
    cargo build --release --manifest-path filters/token-meter/bench/Cargo.toml --bin ours --target wasm32-wasip1
    .venv/bin/python filters/token-meter/bench/run_fuel.py filters/token-meter/bench/target/wasm32-wasip1/release/ours.wasm [more.wasm ...]
(`TM_SAMPLES=2,3`: only those texts.) Each text is counted ITERS times after a run that counts it zero times (start-up: tables, texts);
the difference over ITERS × bytes is printed per module, side by side.
"""
import sys
import wasmtime

from wasm_stubs import stub_host_imports

import os

ITERS = 3
# `TM_SAMPLES=2,3`: only those texts (indexes as below).
PICK = [int(i) for i in os.environ.get("TM_SAMPLES", "").split(",") if i]
SAMPLES = ["chat strings", "1 KB prompt", "100 KB prose", "100 KB code", "30 KB CJK", "30 KB emoji+text", "100 KB whitespace runs"]


config = wasmtime.Config()
config.consume_fuel = True
engine = wasmtime.Engine(config)
modules = {}


def fuel(path, enc, idx, iters):
    store = wasmtime.Store(engine)
    store.set_fuel(1 << 62)
    wasi = wasmtime.WasiConfig()
    wasi.argv = ["ours", enc, str(idx)]
    wasi.env = [("TM_ITERS", str(iters))] + [(k, v) for k, v in os.environ.items() if k in ("TM_SPLIT", "TM_TEXT")]
    out = f"/tmp/run_fuel.{idx}.out"
    wasi.stdout_file = out
    store.set_wasi(wasi)
    linker = wasmtime.Linker(engine)
    linker.define_wasi()
    if path not in modules:
        modules[path] = wasmtime.Module.from_file(engine, path)
    module = modules[path]
    stub_host_imports(linker, store, module)
    instance = linker.instantiate(store, module)
    instance.exports(store)["_start"](store)
    used = (1 << 62) - store.get_fuel()
    return used, open(out).read()


def main():
    paths = sys.argv[1:]
    for enc in ["o200k", "cl100k"]:
        print(f"\n{enc}: wasm instructions per byte (fuel), " + " | ".join(paths))
        for idx, name in enumerate(SAMPLES):
            if PICK and idx not in PICK:
                continue
            cells = []
            for p in paths:
                f0, _ = fuel(p, enc, idx, 0)
                f1, text = fuel(p, enc, idx, ITERS)
                # `ours` prints "<idx> <name> <tokens> tokens <bytes> bytes".
                words = text.split()
                nbytes = int(words[words.index("bytes") - 1]) if "bytes" in words else 0
                cells.append(f"{(f1 - f0) / (ITERS * nbytes):8.1f}" if nbytes else "?")
            print(f"{name:<26} " + " ".join(cells))


main()
