#!/usr/bin/env python3
"""Envoy start-up time with a Wasm module: wall time from exec to `/ready` and Envoy's CPU time
(user + system) at that moment, in interleaved rounds (one start of every module per round, so
load from other processes hits them alike).

    python3 filters/token-meter/bench/startup.py [--envoy .venv/bin/envoy] [--rounds 6]
        [--concurrency 2] [--config JSON] bare tm=target/wasm32-wasip1/release/token_meter.wasm

Each module argument is `name=path.wasm`, or `bare` (Envoy without a Wasm filter). The bootstrap
is minimal: one listener, the Wasm filter (if any) and the router, a direct 200 response; the
plugin config is `--config` (default: the bench's token-meter config with a quota and prices,
so `load` builds every encoding as in production). Readiness is polled; the machine's load
average is printed before and after, since wall times on a shared machine move with it (CPU
time is steadier). A benchmark: it prints numbers and never fails on them.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

DEFAULT_CONFIG = {
    "default": {
        "client": {"header": "x-client-id"},
        "quota": {"tokensPerMinute": 1000000, "requestsPerMinute": 1000},
        "prices": {"gpt-4o-mini*": {"input": 0.15, "output": 0.6}},
    }
}
CLK = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bootstrap(wasm, config, admin, port):
    filters = []
    if wasm:
        filters.append({
            "name": "token_meter",
            "typed_config": {
                "@type": "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm",
                "config": {
                    "name": "token_meter",
                    "root_id": "token_meter",
                    "configuration": {
                        "@type": "type.googleapis.com/google.protobuf.StringValue",
                        "value": config,
                    },
                    "vm_config": {
                        "vm_id": "token_meter",
                        "runtime": "envoy.wasm.runtime.v8",
                        "code": {"local": {"filename": wasm}},
                    },
                },
            },
        })
    filters.append({
        "name": "router",
        "typed_config": {
            "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"
        },
    })
    hcm = {
        "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager"
        ".v3.HttpConnectionManager",
        "stat_prefix": "s",
        "http_filters": filters,
        "route_config": {"virtual_hosts": [{
            "name": "v",
            "domains": ["*"],
            "routes": [{"match": {"prefix": "/"}, "direct_response": {"status": 200}}],
        }]},
    }
    return {
        "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": admin}}},
        "static_resources": {"listeners": [{
            "address": {"socket_address": {"address": "127.0.0.1", "port_value": port}},
            "filter_chains": [{"filters": [{"name": "hcm", "typed_config": hcm}]}],
        }]},
    }


def ready(admin):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{admin}/ready", timeout=1) as r:
            return r.status == 200
    except OSError:
        return False


def cpu_seconds(pid):
    # utime and stime, fields 14 and 15 of /proc/PID/stat (after the parenthesised name).
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK


def start_once(envoy, concurrency, cfg_path, admin, timeout=60.0):
    started = time.monotonic()
    # A base id of our own: other Envoys on the machine keep theirs.
    base_id = 1000 + os.getpid() % 50000
    proc = subprocess.Popen(
        [envoy, "-c", cfg_path, "--concurrency", str(concurrency), "--base-id", str(base_id),
         "-l", "error"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not ready(admin):
            if proc.poll() is not None:
                raise SystemExit(f"envoy exited ({proc.returncode}) before ready: {cfg_path}")
            if time.monotonic() - started > timeout:
                raise SystemExit(f"envoy not ready after {timeout} s: {cfg_path}")
            time.sleep(0.005)
        return time.monotonic() - started, cpu_seconds(proc.pid)
    finally:
        proc.terminate()
        proc.wait()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--envoy", default=".venv/bin/envoy")
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--concurrency", type=int, default=2)
    ap.add_argument("--config", default=json.dumps(DEFAULT_CONFIG))
    ap.add_argument("modules", nargs="+", help="bare, or name=path.wasm")
    args = ap.parse_args()
    modules = []
    for m in args.modules:
        name, _, path = m.partition("=")
        if path and not os.path.isfile(path):
            raise SystemExit(f"no such module: {path}")
        modules.append((name, os.path.abspath(path) if path else None))
    results = {name: [] for name, _ in modules}
    print(f"load average before: {os.getloadavg()[0]:.2f}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="startup-") as tmp:
        for _ in range(args.rounds):
            for name, wasm in modules:
                admin, port = free_port(), free_port()
                cfg_path = os.path.join(tmp, f"{name}.json")
                with open(cfg_path, "w") as f:
                    json.dump(bootstrap(wasm, args.config, admin, port), f)
                results[name].append(start_once(args.envoy, args.concurrency, cfg_path, admin))
    print(f"load average after: {os.getloadavg()[0]:.2f}", file=sys.stderr)
    print(f"--concurrency {args.concurrency}, {args.rounds} rounds")
    for name, runs in results.items():
        wall = [w for w, _ in runs]
        cpu = [c for _, c in runs]
        print(f"{name:<16} wall median {statistics.median(wall):.2f}s "
              f"(min {min(wall):.2f} max {max(wall):.2f})  "
              f"cpu median {statistics.median(cpu):.2f}s (min {min(cpu):.2f} max {max(cpu):.2f})")


if __name__ == "__main__":
    main()
