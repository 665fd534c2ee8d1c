//! Bounded caches of the rows a reader has read.

use super::*;

/// A map that keeps what was used lately: two generations, the older
/// forgotten when the newer fills (answers are cheap to ask again; memory
/// must stay bounded under a server that runs all day, and a search's rows
/// must outlive the search that fetched them).
pub(super) struct Cache<K, V> {
    pub(super) gens: Mutex<(HashMap<K, V>, HashMap<K, V>)>,
    pub(super) cap: usize,
    /// Set when the archive was pushed again: what is held is then the old
    /// archive's, and is not given out either.
    pub(super) stale: Arc<AtomicBool>,
}

impl<K: std::hash::Hash + Eq + Clone, V: Clone> Cache<K, V> {
    pub(super) fn new(cap: usize, stale: &Arc<AtomicBool>) -> Self {
        Cache {
            gens: Mutex::new((HashMap::new(), HashMap::new())),
            cap,
            stale: stale.clone(),
        }
    }

    pub(super) fn lock(&self) -> std::sync::MutexGuard<'_, (HashMap<K, V>, HashMap<K, V>)> {
        lock(&self.gens)
    }

    pub(super) fn get(&self, k: &K) -> Option<V> {
        if self.stale.load(Ordering::Relaxed) {
            return None;
        }
        let mut g = self.lock();
        if let Some(v) = g.0.get(k) {
            return Some(v.clone());
        }
        let v = g.1.remove(k)?;
        Cache::insert(&mut g, self.cap, k.clone(), v.clone());
        Some(v)
    }

    pub(super) fn insert(g: &mut (HashMap<K, V>, HashMap<K, V>), cap: usize, k: K, v: V) {
        if g.0.len() >= cap {
            g.1 = std::mem::take(&mut g.0);
        }
        g.0.insert(k, v);
    }

    pub(super) fn put(&self, k: K, v: V) {
        Cache::insert(&mut self.lock(), self.cap, k, v);
    }

    /// Keys of `keys` not held.
    pub(super) fn missing<'a>(&self, keys: impl IntoIterator<Item = &'a K>) -> Vec<&'a K>
    where
        K: 'a,
    {
        let g = self.lock();
        keys.into_iter()
            .filter(|k| !g.0.contains_key(k) && !g.1.contains_key(k))
            .collect()
    }
}

/// How many rows of each kind are remembered. A draft's searches read a
/// few thousand sentence rows at most ([`copydesk_core::corpus::index`]'s
/// walks are bounded); these hold the rows of several drafts' worth of
/// re-checks while keeping memory to tens of megabytes.
pub(super) const ROWS_KEPT: usize = 100_000;
pub(super) const LISTS_KEPT: usize = 20_000;
