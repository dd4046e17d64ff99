// Runs the wasm32-wasip1 tokenizer bench under V8 (node 20+), like Envoy's V8 (which runs
// wasm in TurboFan only; `--no-liftoff` skips the baseline tier here too):
//   node --no-liftoff filters/token-meter/bench/run_wasm.mjs filters/token-meter/bench/target/wasm32-wasip1/release/wasm_bench.wasm
import { readFileSync } from "node:fs";
import { WASI } from "node:wasi";
import process from "node:process";

// Arguments after the module go to it (`ours.wasm o200k 2`: one text, see ours.rs).
const wasi = new WASI({ version: "preview1", args: process.argv.slice(2), env: process.env });
const module = await WebAssembly.compile(readFileSync(process.argv[2]));
// The filter crate links proxy-wasm host imports that the bench never calls: stub them.
const env = {};
for (const imp of WebAssembly.Module.imports(module)) {
  if (imp.module === "env" && imp.kind === "function") env[imp.name] = () => 0;
}
const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi.wasiImport, env });
// The filter crate also exports `_initialize` (a proxy-wasm reactor's), which WASI.start
// refuses next to `_start`: hand it only what a command needs.
wasi.start({ exports: { memory: instance.exports.memory, _start: instance.exports._start } });
