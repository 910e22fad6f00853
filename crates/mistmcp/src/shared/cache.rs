//! Mist answers cached in Redis (`--shared-cache`), so an answer one replica fetched serves the
//! others until its TTL ends. Keys hold a digest of the token and the URL, as the local cache's
//! do: an answer is never served to another token.
//!
//! Single-flight stays per replica: up to one request per replica may go to Mist for the same
//! answer at the same moment. Answers over [`MAX_SHARED`] stay local; Redis's own memory
//! policy (`maxmemory`, `volatile-lru`) bounds the rest.

use super::redis::{PREFIX, Redis, hex};
use crate::mist::cache::CacheKey;
use crate::mist::{PageHeaders, Reply, SharedCache};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Largest answer shared; larger ones are only cached locally.
pub const MAX_SHARED: usize = 1 << 20;

/// The format tag at the start of every stored answer.
const TAG: &[u8; 2] = b"M1";
const HEADER: usize = 2 + 8 * 4;

pub struct RedisCache {
    redis: Arc<Redis>,
}

impl RedisCache {
    pub fn new(redis: Arc<Redis>) -> Self {
        Self { redis }
    }
}

fn redis_key(key: &CacheKey) -> String {
    let mut hash = Sha256::new();
    hash.update(key.who.as_bytes());
    hash.update(key.url.as_bytes());
    format!("{PREFIX}cache:{}", hex(&hash.finalize()))
}

fn unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis() as u64
}

/// An answer as stored: tag, fetch time (Unix ms), page headers (`u64::MAX` for none), body.
pub fn encode(reply: &Reply, fetched_ms: u64) -> Vec<u8> {
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
pub fn decode(bytes: &[u8]) -> Option<(Reply, u64)> {
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
        let mut cmd = redis::cmd("SET");
        cmd.arg(redis_key(key))
            .arg(value)
            .arg("PX")
            .arg(ttl.as_millis() as u64);
        let _: Option<()> = self.redis.query(&cmd).await;
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
    fn keys_differ_by_token_and_url_and_hold_neither() {
        let key = |t: &str, url: &str| CacheKey {
            who: crate::mist::ApiToken::new(t).unwrap().digest(),
            url: url.into(),
        };
        let a = redis_key(&key("tok-secret", "https://api.mist.com/api/v1/self"));
        assert_ne!(a, redis_key(&key("other", "https://api.mist.com/api/v1/self")));
        assert_ne!(a, redis_key(&key("tok-secret", "https://api.mist.com/api/v1/x")));
        assert!(!a.contains("tok-secret") && !a.contains("api.mist.com"));
    }
}
