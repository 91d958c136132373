//! Bounded least-recently-used caches for search's hot path: query
//! embeddings (the same words are typed again and again, by buyers, the API
//! and the assistant) and the similar listings of a listing page.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// At most `capacity` entries, each kept at most `ttl`; the least recently
/// used goes first when full. Eviction scans the map (capacities here are
/// around a thousand: microseconds, beside milliseconds of embedding).
pub struct Lru<K, V> {
    capacity: usize,
    ttl: Duration,
    inner: Mutex<Inner<K, V>>,
}

struct Inner<K, V> {
    tick: u64,
    entries: HashMap<K, Entry<V>>,
    hits: u64,
    misses: u64,
}

struct Entry<V> {
    value: V,
    used: u64,
    stored: Instant,
}

impl<K: Eq + Hash + Clone, V: Clone> Lru<K, V> {
    pub fn new(capacity: usize, ttl: Duration) -> Lru<K, V> {
        Lru {
            capacity: capacity.max(1),
            ttl,
            inner: Mutex::new(Inner { tick: 0, entries: HashMap::new(), hits: 0, misses: 0 }),
        }
    }

    pub fn get(&self, key: &K) -> Option<V> {
        let mut inner = self.inner.lock().ok()?;
        inner.tick += 1;
        let tick = inner.tick;
        let ttl = self.ttl;
        let found = match inner.entries.get_mut(key) {
            Some(entry) if entry.stored.elapsed() < ttl => {
                entry.used = tick;
                Some(entry.value.clone())
            }
            Some(_) => {
                inner.entries.remove(key);
                None
            }
            None => None,
        };
        if found.is_some() {
            inner.hits += 1
        } else {
            inner.misses += 1
        }
        found
    }

    pub fn insert(&self, key: K, value: V) {
        let Ok(mut inner) = self.inner.lock() else { return };
        inner.tick += 1;
        let tick = inner.tick;
        if !inner.entries.contains_key(&key) && inner.entries.len() >= self.capacity {
            let oldest = inner.entries.iter().min_by_key(|(_, e)| e.used).map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
                inner.entries.remove(&oldest);
            }
        }
        inner.entries.insert(key, Entry { value, used: tick, stored: Instant::now() });
    }

    pub fn clear(&self) {
        if let Ok(mut inner) = self.inner.lock() {
            inner.entries.clear();
        }
    }

    pub fn len(&self) -> usize {
        self.inner.lock().map_or(0, |i| i.entries.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Hits and misses since start.
    pub fn counts(&self) -> (u64, u64) {
        self.inner.lock().map_or((0, 0), |i| (i.hits, i.misses))
    }
}

/// The key a query's embedding is cached under: the model reads
/// lowercased words, so case and runs of spaces do not change it.
pub fn query_key(model: &str, text: &str) -> String {
    format!("{model}\u{1f}{}", normalized_query(text))
}

/// Lowercased words, one space apart: the text that is embedded.
pub fn normalized_query(text: &str) -> String {
    text.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_least_recently_used_goes_first() {
        let cache = Lru::new(3, Duration::from_secs(60));
        for k in 0..3 {
            cache.insert(k, k * 10);
        }
        assert_eq!(cache.get(&0), Some(0));
        cache.insert(3, 30);
        assert_eq!(cache.get(&1), None, "1 was the least recently used");
        assert_eq!(cache.get(&0), Some(0));
        assert_eq!(cache.get(&3), Some(30));
        assert_eq!(cache.len(), 3);
    }

    #[test]
    fn never_holds_more_than_its_capacity() {
        let cache = Lru::new(50, Duration::from_secs(60));
        let mut seed = 7u64;
        for _ in 0..10_000 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let k = (seed >> 33) % 400;
            if cache.get(&k).is_none() {
                cache.insert(k, k);
            }
            assert!(cache.len() <= 50);
        }
        let (hits, misses) = cache.counts();
        assert_eq!(hits + misses, 10_000);
    }

    #[test]
    fn entries_expire() {
        let cache = Lru::new(4, Duration::from_millis(20));
        cache.insert("a", 1);
        assert_eq!(cache.get(&"a"), Some(1));
        std::thread::sleep(Duration::from_millis(30));
        assert_eq!(cache.get(&"a"), None);
        assert!(cache.is_empty());
    }

    #[test]
    fn case_and_spacing_share_a_key_but_words_and_models_do_not() {
        assert_eq!(query_key("m", "  New   Cairo\tVilla "), query_key("m", "new cairo villa"));
        assert_ne!(query_key("m", "new cairo villa"), query_key("m", "new cairo villas"));
        assert_ne!(query_key("a", "villa"), query_key("b", "villa"));
        assert_eq!(query_key("m", "شقة  في التجمع"), query_key("m", "شقة في التجمع"));
    }
}
