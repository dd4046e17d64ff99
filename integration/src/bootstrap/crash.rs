//! A proxy-wasm module that fails on demand, to test what Envoy does when a filter's VM fails
//! (`failure_policy`, the `wasm.<plugin>.vm_reload*` stats, the `wasm_fail_stream` local reply)
//! without depending on a bug in a real filter.
//!
//! The module traps (`unreachable`) in `proxy_on_request_headers` when the request has at least
//! `CRASH_HEADERS` headers, and lets every other request through. It is a few hand-encoded wasm
//! instructions (ABI 0.2.1: `memory`, `malloc`, context create, VM start, configure, request
//! headers), written to the target dir on first use.

use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::{json, Value};

use super::wasm::{wasm_filter, WasmOptions};

/// A request with this many headers (pseudo-headers and Envoy's own included) crashes the VM.
/// A normal request has about ten. (Below 64: it is a one-byte signed LEB128 immediate.)
pub const CRASH_HEADERS: u8 = 40;

/// Path of the module (written once per process to `<target>/e2e/`).
pub fn crash_module() -> PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = crate::target_dir().join("e2e");
        std::fs::create_dir_all(&dir).expect("create e2e dir");
        // Written under a temporary name and renamed: parallel test binaries share the file.
        let path = dir.join(format!("crash-on-{CRASH_HEADERS}-headers.wasm"));
        let tmp = dir.join(format!(
            "crash-on-{CRASH_HEADERS}-headers.{}.tmp",
            std::process::id()
        ));
        std::fs::write(&tmp, module_bytes()).expect("write crash module");
        std::fs::rename(&tmp, &path).expect("rename crash module");
        path
    })
    .clone()
}

/// The HTTP filter entry for the crash module, plugin (and stat) name `name`.
pub fn crash_filter(name: &str, opts: &WasmOptions) -> Value {
    wasm_filter(name, &crash_module(), &json!({}), opts)
}

/// Headers that make a request crash the module (add them to any request).
pub fn crash_headers() -> Vec<(String, String)> {
    (0..CRASH_HEADERS)
        .map(|i| (format!("x-crash-{i}"), "1".to_string()))
        .collect()
}

fn module_bytes() -> Vec<u8> {
    const I32: u8 = 0x7f;
    let func_type = |params: &[u8], results: &[u8]| {
        let mut t = vec![0x60];
        t.extend(vector(params.len(), params.to_vec()));
        t.extend(vector(results.len(), results.to_vec()));
        t
    };
    let types = [
        func_type(&[], &[]),                 // 0: the ABI version marker
        func_type(&[I32, I32], &[]),         // 1: proxy_on_context_create
        func_type(&[I32, I32], &[I32]),      // 2: proxy_on_vm_start, proxy_on_configure
        func_type(&[I32, I32, I32], &[I32]), // 3: proxy_on_request_headers
        func_type(&[I32], &[I32]),           // 4: malloc
    ];
    // Function i has type FUNCS[i].
    const FUNCS: [u8; 6] = [0, 1, 2, 2, 3, 4];
    let bodies: [&[u8]; 6] = [
        &[0x0b],
        &[0x0b],
        &[0x41, 0x01, 0x0b], // i32.const 1 (true)
        &[0x41, 0x01, 0x0b],
        // local.get 1 (header count); i32.const CRASH_HEADERS; i32.ge_u; if unreachable end;
        // i32.const 0 (Continue)
        &[
            0x20,
            0x01,
            0x41,
            CRASH_HEADERS,
            0x4f,
            0x04,
            0x40,
            0x00,
            0x0b,
            0x41,
            0x00,
            0x0b,
        ],
        &[0x41, 0x80, 0x08, 0x0b], // i32.const 1024: never called with a real allocation
    ];
    let exports: [(&str, u8, u8); 7] = [
        ("memory", 0x02, 0),
        ("proxy_abi_version_0_2_1", 0x00, 0),
        ("proxy_on_context_create", 0x00, 1),
        ("proxy_on_vm_start", 0x00, 2),
        ("proxy_on_configure", 0x00, 3),
        ("proxy_on_request_headers", 0x00, 4),
        ("malloc", 0x00, 5),
    ];

    let mut out = b"\0asm\x01\0\0\0".to_vec();
    out.extend(section(1, vector(types.len(), types.concat())));
    out.extend(section(3, vector(FUNCS.len(), FUNCS.to_vec())));
    out.extend(section(5, vector(1, vec![0x00, 0x02]))); // one memory, min 2 pages
    let export_entries: Vec<u8> = exports
        .iter()
        .flat_map(|(name, kind, index)| {
            let mut e = vector(name.len(), name.as_bytes().to_vec());
            e.extend([*kind, *index]);
            e
        })
        .collect();
    out.extend(section(7, vector(exports.len(), export_entries)));
    let code: Vec<u8> = bodies
        .iter()
        .flat_map(|body| {
            let mut b = vec![0x00]; // no locals
            b.extend_from_slice(body);
            vector(b.len(), b)
        })
        .collect();
    out.extend(section(10, vector(bodies.len(), code)));
    out
}

fn leb128(mut n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

/// A length (or count) prefix followed by `content`.
fn vector(len: usize, content: Vec<u8>) -> Vec<u8> {
    let mut out = leb128(len);
    out.extend(content);
    out
}

fn section(id: u8, content: Vec<u8>) -> Vec<u8> {
    let mut out = vec![id];
    out.extend(vector(content.len(), content));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_lengths_as_leb128() {
        assert_eq!(leb128(0), [0]);
        assert_eq!(leb128(127), [0x7f]);
        assert_eq!(leb128(128), [0x80, 0x01]);
        assert_eq!(leb128(1024), [0x80, 0x08]);
    }

    #[test]
    fn module_starts_with_the_wasm_header_and_names_its_exports() {
        let bytes = module_bytes();
        assert_eq!(&bytes[..8], b"\0asm\x01\0\0\0");
        let text = String::from_utf8_lossy(&bytes);
        for name in [
            "memory",
            "malloc",
            "proxy_abi_version_0_2_1",
            "proxy_on_request_headers",
        ] {
            assert!(text.contains(name), "{name}");
        }
        assert_eq!(crash_headers().len(), usize::from(CRASH_HEADERS));
    }
}
