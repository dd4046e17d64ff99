//! State shared by every worker of a proxy (quota and budget counters), behind a small
//! compare-and-swap key/value trait: proxy-wasm shared data in the wasm shells, a mutex-guarded
//! map natively ([`MemoryStore`], also what the tests use).
//!
//! [`update`] is the only way filters change a value: read with its version, compute, write back
//! only if nobody wrote in between, else retry. Proxy-wasm's shared data cannot create a key
//! conditionally (a write to an absent key always succeeds), so two workers creating the same
//! key at once could lose one update; [`update`] creates keys under a lock key instead.
//!
//! The lock is a lease: its value holds the time it expires, so a worker that died holding it
//! (a VM that panicked between its writes) blocks creation only until then; after that any
//! worker takes it over with compare-and-swap, and a holder that outlived its lease releases
//! nothing (its release is a compare-and-swap on the version it wrote).

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
    /// Milliseconds on a clock all users of the store share, for the create lock's lease. The
    /// default is the wall clock (WASI's clock under proxy-wasm); a host may use its own.
    fn now_millis(&self) -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
    }
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
/// A held lock is `held <expiry ms>`.
const HELD_PREFIX: &str = "held ";

/// How long a holder may keep the create lock. Holding it takes three host calls, so this is
/// only reached by a holder that died; until then key creation in the namespace waits.
pub const LOCK_LEASE_MS: u64 = 1_000;

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

/// What the lock key says.
#[derive(Debug, PartialEq, Eq)]
enum LockState {
    Free,
    /// Held by a live holder (its lease has not run out).
    Held,
    /// Held past its lease, or unreadable (a crashed writer, an older module's plain `1`, an
    /// expiry further ahead than any lease, as after the clock went back): may be taken over.
    Stale,
}

fn lock_state(value: &[u8], now: u64) -> LockState {
    if value == LOCK_FREE {
        return LockState::Free;
    }
    let expiry = std::str::from_utf8(value)
        .ok()
        .and_then(|v| v.strip_prefix(HELD_PREFIX))
        .and_then(|v| v.parse::<u64>().ok());
    match expiry {
        Some(expiry) if expiry > now && expiry <= now.saturating_add(LOCK_LEASE_MS) => {
            LockState::Held
        }
        _ => LockState::Stale,
    }
}

/// Creates `key` with a placeholder value under the namespace lock, so two creators cannot
/// overwrite each other's first update.
fn ensure_created(store: &dyn SharedStore, namespace: &str, key: &str) -> Result<(), StoreError> {
    let lock = lock_key(namespace);
    // The holder does three host calls in a row, so waiting for it is short; bound it anyway
    // (a dead holder's lease outlasts this: its waiters fail until the lease runs out).
    for _ in 0..MAX_RETRIES * 1024 {
        let (state, cas) = store.get(&lock);
        let Some(state) = state else {
            // No lock key (init not called): fall back to a plain create.
            if store.get(key).0.is_none() {
                store.set(key, CREATED, 0)?;
            }
            return Ok(());
        };
        let now = store.now_millis();
        if lock_state(&state, now) == LockState::Held {
            continue; // another worker is between its writes below
        }
        let mine = format!("{HELD_PREFIX}{}", now.saturating_add(LOCK_LEASE_MS)).into_bytes();
        if store.set(&lock, &mine, cas).is_err() {
            continue;
        }
        // The version this write got, so the release cannot free a lock taken over meanwhile.
        let (held, held_cas) = store.get(&lock);
        if held.as_deref() != Some(&mine[..]) {
            continue; // taken over already: our lease must have run out at once
        }
        let result = if store.get(key).0.is_none() {
            store.set(key, CREATED, 0)
        } else {
            Ok(())
        };
        // A mismatch means our lease ran out and someone took over: the lock is theirs now.
        let _ = store.set(&lock, LOCK_FREE, held_cas);
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

    fn value(s: &dyn SharedStore, key: &str) -> Vec<u8> {
        s.get(key).0.unwrap()
    }

    fn held_until(expiry: u64) -> Vec<u8> {
        format!("{HELD_PREFIX}{expiry}").into_bytes()
    }

    /// A [`MemoryStore`] with a clock the test sets.
    struct Clocked {
        inner: MemoryStore,
        now: Mutex<u64>,
    }
    impl SharedStore for Clocked {
        fn get(&self, key: &str) -> (Option<Vec<u8>>, u32) {
            self.inner.get(key)
        }
        fn set(&self, key: &str, value: &[u8], cas: u32) -> Result<(), StoreError> {
            self.inner.set(key, value, cas)
        }
        fn now_millis(&self) -> u64 {
            *self.now.lock().unwrap()
        }
    }

    #[test]
    fn a_dead_holder_blocks_creation_only_until_its_lease_ends() {
        let s = Clocked {
            inner: MemoryStore::new(),
            now: Mutex::new(50_000),
        };
        init_namespace(&s, "t");
        assert_eq!(add(&s, "old", 1), 1);
        // A worker took the lock at t=50s and died before releasing it.
        s.set(&lock_key("t"), &held_until(50_000 + LOCK_LEASE_MS), 0)
            .unwrap();
        *s.now.lock().unwrap() = 50_000 + LOCK_LEASE_MS - 1;
        let blocked = update(&s, "t", "new", |_| (b"1".to_vec(), ()));
        assert_eq!(blocked, Err(StoreError::Unavailable));
        assert_eq!(s.get("new").0, None);
        // Keys that exist need no lock.
        assert_eq!(add(&s, "old", 1), 2);
        *s.now.lock().unwrap() = 50_000 + LOCK_LEASE_MS;
        assert_eq!(add(&s, "new", 5), 5);
        assert_eq!(add(&s, "new", 1), 6);
        assert_eq!(value(&s, &lock_key("t")), LOCK_FREE);
    }

    #[test]
    fn a_dead_holder_on_the_wall_clock_is_taken_over() {
        let s = MemoryStore::new();
        init_namespace(&s, "t");
        let now = s.now_millis();
        assert!(
            now > 1_600_000_000_000,
            "the default clock is the wall clock: {now}"
        );
        s.set(&lock_key("t"), &held_until(now + LOCK_LEASE_MS), 0)
            .unwrap();
        assert_eq!(
            update(&s, "t", "k", |_| (b"1".to_vec(), ())),
            Err(StoreError::Unavailable)
        );
        s.set(&lock_key("t"), &held_until(now.saturating_sub(1)), 0)
            .unwrap();
        assert_eq!(add(&s, "k", 3), 3);
        assert_eq!(value(&s, &lock_key("t")), LOCK_FREE);
    }

    #[test]
    fn unreadable_or_implausible_locks_are_taken_over() {
        let now = 1_000_000;
        for stale in [
            &b"1"[..], // an older module's lock without a lease
            b"held ",
            b"held x",
            b"held -5",
            b"held 18446744073709551616",
            b"\xff\xfe",
            b"",
        ] {
            assert_eq!(lock_state(stale, now), LockState::Stale, "{stale:?}");
        }
        // Further ahead than any lease: the clock went back, or a writer was wrong.
        assert_eq!(
            lock_state(&held_until(now + LOCK_LEASE_MS + 1), now),
            LockState::Stale
        );
        assert_eq!(
            lock_state(&held_until(now + LOCK_LEASE_MS), now),
            LockState::Held
        );
        assert_eq!(lock_state(&held_until(now + 1), now), LockState::Held);
        assert_eq!(lock_state(&held_until(now), now), LockState::Stale);
        assert_eq!(lock_state(LOCK_FREE, now), LockState::Free);
        assert_eq!(
            lock_state(&held_until(u64::MAX), u64::MAX - 1),
            LockState::Held
        );

        let s = Clocked {
            inner: MemoryStore::new(),
            now: Mutex::new(now),
        };
        s.set(&lock_key("t"), b"1", 0).unwrap();
        assert_eq!(add(&s, "k", 2), 2);
        assert_eq!(value(&s, &lock_key("t")), LOCK_FREE);
    }

    /// A store in which another worker takes the lock over while this one creates its key, as
    /// happens when the creator stalls past its lease.
    struct TakenOverWhileCreating {
        inner: MemoryStore,
        other: Vec<u8>,
    }
    impl SharedStore for TakenOverWhileCreating {
        fn get(&self, key: &str) -> (Option<Vec<u8>>, u32) {
            self.inner.get(key)
        }
        fn set(&self, key: &str, value: &[u8], cas: u32) -> Result<(), StoreError> {
            if value == CREATED {
                self.inner.set(&lock_key("t"), &self.other, 0)?;
            }
            self.inner.set(key, value, cas)
        }
    }

    #[test]
    fn a_holder_past_its_lease_does_not_release_the_lock_of_the_next() {
        let other = held_until(u64::MAX / 2);
        let s = TakenOverWhileCreating {
            inner: MemoryStore::new(),
            other: other.clone(),
        };
        init_namespace(&s, "t");
        assert_eq!(add(&s, "k", 1), 1);
        assert_eq!(value(&s, &lock_key("t")), other);
    }

    #[test]
    fn racing_threads_take_over_a_dead_holder_and_lose_nothing() {
        let s = Arc::new(MemoryStore::new());
        init_namespace(&*s, "t");
        let expired = s.now_millis().saturating_sub(1);
        s.set(&lock_key("t"), &held_until(expired), 0).unwrap();
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let s = s.clone();
                std::thread::spawn(move || {
                    for j in 0..50 {
                        add(&*s, &format!("n{j}"), 1);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        for j in 0..50 {
            assert_eq!(value(&*s, &format!("n{j}")), b"8", "n{j}");
        }
        assert_eq!(value(&*s, &lock_key("t")), LOCK_FREE);
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
