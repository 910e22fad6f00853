//! A bounded cache of Mist answers, keyed by token, cloud and request.
//!
//! The key holds the token's digest, so an answer fetched with one token is never served to
//! another. Entries live for the TTL of the tool's cache class and the whole cache stays under a
//! byte budget (the size of the JSON text it holds): past it, the least recently used entries go
//! first. Time comes in as `now`, so expiry is tested without sleeping.

use super::http::Reply;
use super::token::TokenDigest;
use mist_catalog::CacheClass;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long answers of each cache class are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheTtl {
    /// For constants and definitions, which change only with Mist releases.
    pub constant: Duration,
    /// For configuration objects, which change when an administrator edits them.
    pub config: Duration,
    /// For statistics, events, searches and counts, which change by the minute.
    pub volatile: Duration,
}

impl Default for CacheTtl {
    fn default() -> Self {
        Self {
            constant: Duration::from_secs(3600),
            config: Duration::from_secs(60),
            volatile: Duration::from_secs(10),
        }
    }
}

impl CacheTtl {
    /// The lifetime of answers of `class`.
    pub(crate) fn of(&self, class: CacheClass) -> Duration {
        match class {
            CacheClass::Constant => self.constant,
            CacheClass::Config => self.config,
            CacheClass::Volatile => self.volatile,
        }
    }
}

/// Who asked what: the token's digest and the absolute URL.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CacheKey {
    /// The digest of the token that fetched the answer: no other token is served it.
    pub who: TokenDigest,
    /// The absolute URL asked for: cloud, path and query.
    pub url: String,
}

/// A cached answer and when it was fetched.
#[derive(Debug, Clone)]
pub(crate) struct CachedReply {
    pub(crate) reply: Arc<Reply>,
    pub(crate) fetched: Instant,
}

#[derive(Debug)]
struct Slot {
    value: CachedReply,
    expires: Instant,
    tick: u64,
    size: usize,
}

#[derive(Debug, Default)]
struct Lru {
    map: HashMap<CacheKey, Slot>,
    /// Use order: tick → key; the smallest tick is the least recently used.
    order: BTreeMap<u64, CacheKey>,
    bytes: usize,
    tick: u64,
}

impl Lru {
    fn remove(&mut self, key: &CacheKey) {
        if let Some(slot) = self.map.remove(key) {
            self.order.remove(&slot.tick);
            self.bytes -= slot.size;
        }
    }
}

/// Fixed cost counted per entry on top of its body: the key, the maps' bookkeeping.
const ENTRY_OVERHEAD: usize = 160;

/// This process's cache of answers, bounded in time by each entry's TTL and in size by bytes.
#[derive(Debug)]
pub(crate) struct ResponseCache {
    max_bytes: usize,
    inner: Mutex<Lru>,
}

impl ResponseCache {
    /// An empty cache that holds at most `max_bytes`.
    pub(crate) fn new(max_bytes: usize) -> Self {
        Self {
            max_bytes,
            inner: Mutex::new(Lru::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Lru> {
        // The maps stay consistent across a panic elsewhere: every update completes under the lock.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A fresh entry, marked as just used; expired entries are dropped on the way.
    pub(crate) fn get(&self, key: &CacheKey, now: Instant) -> Option<CachedReply> {
        let mut lru = self.lock();
        let expired = lru.map.get(key).map(|slot| slot.expires <= now)?;
        if expired {
            lru.remove(key);
            return None;
        }
        lru.tick += 1;
        let tick = lru.tick;
        let slot = lru.map.get_mut(key)?;
        let old = std::mem::replace(&mut slot.tick, tick);
        let value = slot.value.clone();
        lru.order.remove(&old);
        lru.order.insert(tick, key.clone());
        Some(value)
    }

    /// Stores an answer for `ttl`. An answer larger than a quarter of the cache is not kept,
    /// so one huge export cannot flush everything else.
    pub(crate) fn put(&self, key: CacheKey, value: CachedReply, ttl: Duration, now: Instant) {
        let size = value.reply.body.len() + key.url.len() + ENTRY_OVERHEAD;
        if ttl.is_zero() || size > self.max_bytes / 4 {
            return;
        }
        let mut lru = self.lock();
        lru.remove(&key);
        lru.tick += 1;
        let tick = lru.tick;
        lru.order.insert(tick, key.clone());
        lru.map.insert(
            key,
            Slot {
                value,
                expires: now + ttl,
                tick,
                size,
            },
        );
        lru.bytes += size;
        while lru.bytes > self.max_bytes {
            let Some((_, oldest)) = lru.order.pop_first() else {
                break;
            };
            if let Some(slot) = lru.map.remove(&oldest) {
                lru.bytes -= slot.size;
            }
        }
    }

    /// Drops every entry whose URL `stale` picks (after a write, the reads it may have changed);
    /// answers how many were dropped.
    pub(crate) fn invalidate(&self, stale: impl Fn(&str) -> bool) -> usize {
        let mut lru = self.lock();
        let keys: Vec<CacheKey> = lru.map.keys().filter(|k| stale(&k.url)).cloned().collect();
        for key in &keys {
            lru.remove(key);
        }
        keys.len()
    }

    /// (entries, bytes) held now.
    pub(crate) fn usage(&self) -> (usize, usize) {
        let lru = self.lock();
        (lru.map.len(), lru.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ApiToken, PageHeaders};

    fn key(token: &str, url: &str) -> CacheKey {
        CacheKey {
            who: ApiToken::new(token).unwrap().digest(),
            url: url.into(),
        }
    }

    fn reply(body: &str, at: Instant) -> CachedReply {
        let reply = Reply {
            status: 200,
            body: bytes::Bytes::from(body.to_owned()),
            page: PageHeaders::default(),
        };
        CachedReply {
            reply: Arc::new(reply),
            fetched: at,
        }
    }

    const TTL: Duration = Duration::from_secs(10);

    #[test]
    fn invalidation_drops_only_the_entries_it_picks() {
        let cache = ResponseCache::new(1 << 20);
        let now = Instant::now();
        for url in [
            "https://h/api/v1/sites/s1/wlans",
            "https://h/api/v1/sites/s2/wlans",
        ] {
            cache.put(key("t0123456789", url), reply("[]", now), TTL, now);
        }
        assert_eq!(cache.invalidate(|url| url.contains("/sites/s1/")), 1);
        assert_eq!(cache.usage().0, 1);
    }

    #[test]
    fn an_entry_is_served_until_its_ttl_and_not_after() {
        let c = ResponseCache::new(1 << 20);
        let t0 = Instant::now();
        c.put(key("a", "/x"), reply("[1]", t0), TTL, t0);
        assert!(c.get(&key("a", "/x"), t0 + Duration::from_secs(9)).is_some());
        assert!(c.get(&key("a", "/x"), t0 + TTL).is_none());
        assert_eq!(c.usage().0, 0);
    }

    #[test]
    fn an_answer_is_never_served_to_another_token() {
        let c = ResponseCache::new(1 << 20);
        let t0 = Instant::now();
        c.put(key("a", "/x"), reply("[1]", t0), TTL, t0);
        assert!(c.get(&key("b", "/x"), t0).is_none());
        assert!(c.get(&key("a", "/y"), t0).is_none());
    }

    #[test]
    fn the_least_recently_used_entries_go_first_when_full() {
        let body = "x".repeat(1000);
        let per_entry = 1000 + 2 + ENTRY_OVERHEAD;
        let c = ResponseCache::new(per_entry * 4);
        let t0 = Instant::now();
        for name in ["/a", "/b", "/c", "/d"] {
            c.put(key("t", name), reply(&body, t0), TTL, t0);
        }
        assert!(c.get(&key("t", "/a"), t0).is_some());
        c.put(key("t", "/e"), reply(&body, t0), TTL, t0);
        assert!(
            c.get(&key("t", "/b"), t0).is_none(),
            "the oldest unused entry is evicted"
        );
        for name in ["/a", "/c", "/d", "/e"] {
            assert!(c.get(&key("t", name), t0).is_some(), "{name} stays");
        }
        assert!(c.usage().1 <= per_entry * 4);
    }

    #[test]
    fn an_answer_larger_than_a_quarter_of_the_cache_is_not_kept() {
        let c = ResponseCache::new(4000);
        let t0 = Instant::now();
        c.put(key("t", "/big"), reply(&"x".repeat(1500), t0), TTL, t0);
        assert!(c.get(&key("t", "/big"), t0).is_none());
    }

    #[test]
    fn storing_again_replaces_the_entry_and_its_size() {
        let c = ResponseCache::new(1 << 20);
        let t0 = Instant::now();
        c.put(key("t", "/a"), reply("[1]", t0), TTL, t0);
        c.put(key("t", "/a"), reply("[1,2]", t0), TTL, t0);
        assert_eq!(c.usage(), (1, 5 + 2 + ENTRY_OVERHEAD));
        assert_eq!(&c.get(&key("t", "/a"), t0).unwrap().reply.body[..], b"[1,2]");
    }

    #[test]
    fn classes_have_their_own_ttl() {
        let ttl = CacheTtl::default();
        assert!(ttl.of(CacheClass::Constant) > ttl.of(CacheClass::Config));
        assert!(ttl.of(CacheClass::Config) > ttl.of(CacheClass::Volatile));
    }
}
