//! State shared by every worker of a proxy (quota and budget counters), behind a small
//! compare-and-swap key/value trait: proxy-wasm shared data in the wasm shells, a mutex-guarded
//! map natively ([`MemoryStore`], also what the tests use).
//!
//! [`update`] is the only way filters change a value: read with its version, compute, write back
//! only if nobody wrote in between, else retry. Proxy-wasm's shared data cannot create a key
//! conditionally (a write to an absent key always succeeds), so two workers creating the same
//! key at once could lose one update; [`update`] creates keys under a lock key instead.

use std::collections::HashMap;
use std::sync::Mutex;

/// Why a write failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreError {
    /// Someone wrote the key since it was read; read again and retry.
    CasMismatch,
    /// The host refused (or the retries ran out).
    Unavailable,
}

/// A key/value store with versions. `cas` 0 means "unconditional".
pub trait SharedStore {
    /// The value and its version (`0` when absent).
    fn get(&self, key: &str) -> (Option<Vec<u8>>, u32);
    /// Writes if the version still is `cas` (or unconditionally with `cas == 0`).
    fn set(&self, key: &str, value: &[u8], cas: u32) -> Result<(), StoreError>;
}

/// Process-wide store for native hosts and tests.
#[derive(Debug, Default)]
pub struct MemoryStore {
    map: Mutex<HashMap<String, (Vec<u8>, u32)>>,
    next: Mutex<u32>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }
}

impl SharedStore for MemoryStore {
    fn get(&self, key: &str) -> (Option<Vec<u8>>, u32) {
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        match map.get(key) {
            Some((value, cas)) => (Some(value.clone()), *cas),
            None => (None, 0),
        }
    }

    fn set(&self, key: &str, value: &[u8], cas: u32) -> Result<(), StoreError> {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, current)) = map.get(key) {
            if cas != 0 && cas != *current {
                return Err(StoreError::CasMismatch);
            }
        }
        *next = next.wrapping_add(1).max(1);
        map.insert(key.to_string(), (value.to_vec(), *next));
        Ok(())
    }
}

/// How often [`update`] retries a write that lost a race before giving up.
pub const MAX_RETRIES: usize = 64;

const LOCK_FREE: &[u8] = b"0";
/// What a created key holds until its first update (proxy-wasm reads an empty value back as
/// absent, so it cannot be empty).
const CREATED: &[u8] = b"\0";
const LOCK_HELD: &[u8] = b"1";

/// Name of the lock key guarding key creation in a namespace (`<namespace>.__create`).
pub fn lock_key(namespace: &str) -> String {
    format!("{namespace}.__create")
}

/// Creates the lock key of a namespace if absent; call once at load (racing loaders all write
/// the same "free" value, and no request runs yet).
pub fn init_namespace(store: &dyn SharedStore, namespace: &str) {
    let key = lock_key(namespace);
    if store.get(&key).0.is_none() {
        let _ = store.set(&key, LOCK_FREE, 0);
    }
}

/// Reads `key`, lets `f` compute the new value from the current one (`None` when absent) and
/// writes it back with compare-and-swap, retrying on conflict. `f` may run several times and
/// must be pure; it gets `None` for a key just created. Returns `f`'s result from the run that was written.
pub fn update<T>(
    store: &dyn SharedStore,
    namespace: &str,
    key: &str,
    mut f: impl FnMut(Option<&[u8]>) -> (Vec<u8>, T),
) -> Result<T, StoreError> {
    for _ in 0..MAX_RETRIES {
        let (current, cas) = store.get(key);
        if current.is_none() {
            ensure_created(store, namespace, key)?;
            continue;
        }
        let (next, result) = f(current.as_deref().filter(|v| *v != CREATED));
        match store.set(key, &next, cas) {
            Ok(()) => return Ok(result),
            Err(StoreError::CasMismatch) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(StoreError::Unavailable)
}

/// Creates `key` with an empty value under the namespace lock, so two creators cannot
/// overwrite each other's first update.
fn ensure_created(store: &dyn SharedStore, namespace: &str, key: &str) -> Result<(), StoreError> {
    let lock = lock_key(namespace);
    // The holder does three host calls in a row, so waiting for it is short; bound it anyway.
    for _ in 0..MAX_RETRIES * 1024 {
        let (state, cas) = store.get(&lock);
        match state.as_deref() {
            // No lock key (init not called): fall back to a plain create.
            None => {
                if store.get(key).0.is_none() {
                    store.set(key, CREATED, 0)?;
                }
                return Ok(());
            }
            Some(LOCK_HELD) => continue, // another worker is between its two writes below
            Some(_) => {}
        }
        if store.set(&lock, LOCK_HELD, cas).is_err() {
            continue;
        }
        let result = if store.get(key).0.is_none() {
            store.set(key, CREATED, 0)
        } else {
            Ok(())
        };
        // Release unconditionally: only the holder writes while it is held.
        let _ = store.set(&lock, LOCK_FREE, 0);
        return result;
    }
    Err(StoreError::Unavailable)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn add(store: &dyn SharedStore, key: &str, n: u64) -> u64 {
        update(store, "t", key, |cur| {
            let v: u64 = cur
                .and_then(|b| std::str::from_utf8(b).ok()?.parse().ok())
                .unwrap_or(0)
                + n;
            (v.to_string().into_bytes(), v)
        })
        .unwrap()
    }

    #[test]
    fn cas_rejects_stale_writes() {
        let s = MemoryStore::new();
        s.set("k", b"a", 0).unwrap();
        let (_, cas) = s.get("k");
        s.set("k", b"b", cas).unwrap();
        assert_eq!(s.set("k", b"c", cas), Err(StoreError::CasMismatch));
        assert_eq!(s.get("k").0.unwrap(), b"b");
    }

    #[test]
    fn updates_create_and_accumulate() {
        let s = MemoryStore::new();
        init_namespace(&s, "t");
        assert_eq!(add(&s, "x", 2), 2);
        assert_eq!(add(&s, "x", 3), 5);
        assert_eq!(s.get(&lock_key("t")).0.unwrap(), LOCK_FREE);
    }

    #[test]
    fn concurrent_updates_lose_nothing() {
        let s = Arc::new(MemoryStore::new());
        init_namespace(&*s, "t");
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let s = s.clone();
                std::thread::spawn(move || {
                    for i in 0..200 {
                        add(&*s, &format!("k{}", i % 3), 1);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let total: u64 = (0..3)
            .map(|i| {
                String::from_utf8(s.get(&format!("k{i}")).0.unwrap())
                    .unwrap()
                    .parse::<u64>()
                    .unwrap()
            })
            .sum();
        assert_eq!(total, 1600);
    }

    /// A store whose first writes lose a race, as under contention between workers.
    struct Flaky {
        inner: MemoryStore,
        fail: Mutex<u32>,
    }
    impl SharedStore for Flaky {
        fn get(&self, key: &str) -> (Option<Vec<u8>>, u32) {
            self.inner.get(key)
        }
        fn set(&self, key: &str, value: &[u8], cas: u32) -> Result<(), StoreError> {
            let mut fail = self.fail.lock().unwrap();
            if *fail > 0 && cas != 0 {
                *fail -= 1;
                return Err(StoreError::CasMismatch);
            }
            self.inner.set(key, value, cas)
        }
    }

    #[test]
    fn retries_on_mismatch_and_gives_up_eventually() {
        let s = Flaky {
            inner: MemoryStore::new(),
            fail: Mutex::new(3),
        };
        assert_eq!(add(&s, "x", 1), 1);
        assert_eq!(add(&s, "x", 1), 2);
        *s.fail.lock().unwrap() = u32::MAX;
        let r = update(&s, "t", "x", |_| (b"9".to_vec(), ()));
        assert_eq!(r, Err(StoreError::Unavailable));
    }
}
