#!/usr/bin/env python3
"""Runs the wasm32-wasip1 tokenizer bench under wasmtime (Cranelift, like V8's optimizing tier
an ahead-of-time compiler): pip install wasmtime, then
    python3 filters/token-meter/bench/run_wasm.py filters/token-meter/bench/target/wasm32-wasip1/release/wasm_bench.wasm
"""
import sys
import wasmtime

from wasm_stubs import stub_host_imports

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
stub_host_imports(linker, store, module)
instance = linker.instantiate(store, module)
instance.exports(store)["_start"](store)
