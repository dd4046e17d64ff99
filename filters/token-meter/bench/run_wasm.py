#!/usr/bin/env python3
"""Runs the wasm32-wasip1 tokenizer bench under wasmtime (Cranelift, like V8's optimizing tier
an ahead-of-time compiler): pip install wasmtime, then
    python3 filters/token-meter/bench/run_wasm.py filters/token-meter/bench/target/wasm32-wasip1/release/wasm_bench.wasm
"""
import sys
import wasmtime

engine = wasmtime.Engine()
store = wasmtime.Store(engine)
wasi = wasmtime.WasiConfig()
wasi.inherit_stdout()
wasi.inherit_stderr()
# Arguments after the module go to it (`ours.wasm o200k 2`: one text, see ours.rs).
wasi.argv = [sys.argv[1]] + sys.argv[2:]
wasi.inherit_env()
store.set_wasi(wasi)
linker = wasmtime.Linker(engine)
linker.define_wasi()
module = wasmtime.Module.from_file(engine, sys.argv[1])
# The filter crate links proxy-wasm host imports that the bench never calls: stub them.
for imp in module.imports:
    if imp.module == "env" and isinstance(imp.type, wasmtime.FuncType):
        results = imp.type.results
        stub = wasmtime.Func(store, imp.type, lambda *a, r=results: None if not r else (0 if len(r) == 1 else [0] * len(r)))
        linker.define(store, imp.module, imp.name, stub)
instance = linker.instantiate(store, module)
instance.exports(store)["_start"](store)
