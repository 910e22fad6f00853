//! Mist answers cached in Redis (`--shared-cache`), so an answer one replica fetched serves the
//! others until its TTL ends. Keys hold a digest of the token and the URL, as the local cache's
//! do: an answer is never served to another token.
//!
//! Single-flight stays per replica: up to one request per replica may go to Mist for the same
//! answer at the same moment. Answers over [`MAX_SHARED`] stay local; Redis's own memory
//! policy (`maxmemory`, `volatile-lru`) bounds the rest.
//!
//! A write drops the answers of the org, site or MSP it wrote to, as the local cache does: each
//! stored answer is also listed in one set per scope its URL names (the id after `orgs/`,
//! `sites/` or `msps/`, as a digest), and a write deletes every answer of its scopes' sets
//! (the replicas' own caches hear of it through [`super::cache_drops`]). A read already under
//! way on another replica when the write lands may still store what it fetched before it.

use super::redis::{PREFIX, Redis, hex};
use mist_client::CacheKey;
use mist_client::{PageHeaders, Reply, SharedCache};
use redis::Script;
use sha2::{Digest, Sha256};
use std::sync::{Arc, LazyLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Stores an answer (KEYS[1]) and lists it in its scopes' sets (the other KEYS), each of which
/// lives at least as long as the answer.
static PUT: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
for i = 2, #KEYS do
  redis.call('SADD', KEYS[i], KEYS[1])
  if redis.call('PTTL', KEYS[i]) < tonumber(ARGV[2]) then
    redis.call('PEXPIRE', KEYS[i], ARGV[2])
  end
end
return 1",
    )
});

/// Deletes every answer listed in the scopes' sets (KEYS), and the sets.
static DROP: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"local dropped = 0
for _, scope in ipairs(KEYS) do
  for _, answer in ipairs(redis.call('SMEMBERS', scope)) do
    dropped = dropped + redis.call('DEL', answer)
  end
  redis.call('DEL', scope)
end
return dropped",
    )
});

/// Largest answer shared; larger ones are only cached locally.
pub(crate) const MAX_SHARED: usize = 1 << 20;

/// The format tag at the start of every stored answer.
const TAG: &[u8; 2] = b"M1";
const HEADER: usize = 2 + 8 * 4;

pub(crate) struct RedisCache {
    redis: Arc<Redis>,
}

impl RedisCache {
    pub(crate) fn new(redis: Arc<Redis>) -> Self {
        Self { redis }
    }
}

fn redis_key(key: &CacheKey) -> String {
    let mut hash = Sha256::new();
    hash.update(key.who.as_bytes());
    hash.update(key.url.as_bytes());
    format!("{PREFIX}cache:{}", hex(&hash.finalize()))
}

/// An org, site or MSP id as Redis knows it: its digest in hex.
pub(crate) fn scope_digest(id: &str) -> String {
    hex(&Sha256::digest(id.as_bytes()))
}

/// The set listing the stored answers under one org, site or MSP id.
fn scope_key(id: &str) -> String {
    format!("{PREFIX}cache-scope:{}", scope_digest(id))
}

/// The org, site and MSP ids a URL's path names: the segment after `orgs`, `sites` or `msps`.
pub(crate) fn scopes_of(url: &str) -> Vec<&str> {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let path = path.split_once("://").map_or(path, |(_, rest)| rest);
    let segments: Vec<&str> = path.split('/').collect();
    segments
        .windows(2)
        .filter(|pair| matches!(pair[0], "orgs" | "sites" | "msps") && !pair[1].is_empty())
        .map(|pair| pair[1])
        .collect()
}

fn unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis() as u64
}

/// An answer as stored: tag, fetch time (Unix ms), page headers (`u64::MAX` for none), body.
pub(crate) fn encode(reply: &Reply, fetched_ms: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + reply.body.len());
    out.extend_from_slice(TAG);
    let page = reply.page;
    for n in [Some(fetched_ms), page.total, page.limit, page.page] {
        out.extend_from_slice(&n.unwrap_or(u64::MAX).to_be_bytes());
    }
    out.extend_from_slice(&reply.body);
    out
}

/// The answer and its fetch time (Unix ms), if `bytes` is one [`encode`] made.
pub(crate) fn decode(bytes: &[u8]) -> Option<(Reply, u64)> {
    if bytes.len() < HEADER || &bytes[..2] != TAG {
        return None;
    }
    let number = |i: usize| {
        let at = 2 + 8 * i;
        let raw = u64::from_be_bytes(bytes[at..at + 8].try_into().ok()?);
        Some((raw != u64::MAX).then_some(raw))
    };
    let fetched = number(0)??;
    let page = PageHeaders {
        total: number(1)?,
        limit: number(2)?,
        page: number(3)?,
    };
    let body = bytes::Bytes::copy_from_slice(&bytes[HEADER..]);
    // Only successful reads are cached, so every stored answer was a 200.
    Some((
        Reply {
            status: 200,
            body,
            page,
        },
        fetched,
    ))
}

#[async_trait::async_trait]
impl SharedCache for RedisCache {
    async fn get(&self, key: &CacheKey) -> Option<(Reply, Duration)> {
        let stored: Option<Vec<u8>> = self.redis.query(redis::cmd("GET").arg(redis_key(key))).await?;
        let (reply, fetched) = decode(&stored?)?;
        let age = Duration::from_millis(unix_ms().saturating_sub(fetched));
        Some((reply, age))
    }

    async fn put(&self, key: &CacheKey, reply: &Reply, ttl: Duration) {
        if ttl.is_zero() || reply.body.len() > MAX_SHARED {
            return;
        }
        let value = encode(reply, unix_ms());
        let mut invocation = PUT.prepare_invoke();
        invocation.key(redis_key(key));
        for id in scopes_of(&key.url) {
            invocation.key(scope_key(id));
        }
        invocation.arg(value).arg(ttl.as_millis().max(1) as u64);
        let _: Option<i64> = self.redis.script(&invocation).await;
    }

    async fn drop_scopes(&self, scope_ids: &[&str]) {
        let mut invocation = DROP.prepare_invoke();
        for id in scope_ids {
            invocation.key(scope_key(id));
        }
        let dropped: Option<i64> = self.redis.script(&invocation).await;
        tracing::debug!(?dropped, "shared cached reads dropped after a write");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_answer_reads_back_with_its_page_headers_and_time() {
        let reply = Reply {
            status: 200,
            body: bytes::Bytes::from_static(br#"[{"id":1}]"#),
            page: PageHeaders {
                total: Some(250),
                limit: Some(100),
                page: None,
            },
        };
        let (back, fetched) = decode(&encode(&reply, 1_700_000_000_000)).unwrap();
        assert_eq!(fetched, 1_700_000_000_000);
        assert_eq!(back.page, reply.page);
        assert_eq!(back.body, reply.body);
        assert!(decode(b"M1short").is_none());
        assert!(decode(&[0u8; 64]).is_none(), "another format is not read");
    }

    #[test]
    fn a_url_is_listed_under_the_org_site_or_msp_ids_its_path_names() {
        assert_eq!(
            scopes_of("https://api.mist.com/api/v1/sites/s-1/wlans/w-2?limit=5"),
            ["s-1"]
        );
        assert_eq!(
            scopes_of("http://127.0.0.1:9/api/v1/msps/m-1/orgs/o-2/stats"),
            ["m-1", "o-2"]
        );
        assert_eq!(scopes_of("http://127.0.0.1:9/api/v1/orgs/o-3"), ["o-3"]);
        assert!(scopes_of("https://api.mist.com/api/v1/self?x=/sites/s").is_empty());
        assert!(scopes_of("https://api.mist.com/api/v1/sites/").is_empty());
    }

    #[test]
    fn keys_differ_by_token_and_url_and_hold_neither() {
        let key = |t: &str, url: &str| CacheKey {
            who: mist_client::ApiToken::new(t).unwrap().digest(),
            url: url.into(),
        };
        let a = redis_key(&key("tok-secret", "https://api.mist.com/api/v1/self"));
        assert_ne!(a, redis_key(&key("other", "https://api.mist.com/api/v1/self")));
        assert_ne!(a, redis_key(&key("tok-secret", "https://api.mist.com/api/v1/x")));
        assert!(!a.contains("tok-secret") && !a.contains("api.mist.com"));
    }
}
