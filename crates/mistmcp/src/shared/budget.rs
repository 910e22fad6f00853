//! Each token's count of Mist calls, shared by every replica: one Redis counter per token whose
//! life is the budget's window, raised atomically by a script (`INCR`, and the window's expiry
//! set by whoever opens it), so N replicas together admit no more than the hourly limit.
//!
//! Overshoot, worst case (documented in the README): none while Redis answers; while some
//! replicas cannot reach it, each of them may add up to its share (limit ÷ replicas) that the
//! others do not see; and a Redis restart without persistence forgets the window's count.

use super::redis::{PREFIX, Redis, hex};
use super::replicas::Replicas;
use mist_client::{SharedBudget, SharedCount, TokenDigest};
use redis::Script;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

static TAKE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"local used = redis.call('INCR', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
return {used, left}",
    )
});

static GIVE_BACK: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used > 0 then return redis.call('DECR', KEYS[1]) end
return 0",
    )
});

pub(crate) struct RedisBudget {
    redis: Arc<Redis>,
    replicas: Arc<Replicas>,
}

impl RedisBudget {
    pub(crate) fn new(redis: Arc<Redis>, replicas: Arc<Replicas>) -> Self {
        Self { redis, replicas }
    }
}

/// A Redis key for state of one token: its digest in hex, never the token.
pub(crate) fn token_key(kind: &str, who: &TokenDigest) -> String {
    format!("{PREFIX}{kind}:{}", hex(who.as_bytes()))
}

#[async_trait::async_trait]
impl SharedBudget for RedisBudget {
    async fn take(&self, who: &TokenDigest, window: Duration) -> Option<SharedCount> {
        let mut invocation = TAKE.prepare_invoke();
        invocation
            .key(token_key("budget", who))
            .arg(window.as_millis() as u64);
        let (used, left): (u64, u64) = self.redis.script(&invocation).await?;
        Some(SharedCount {
            used: u32::try_from(used).unwrap_or(u32::MAX),
            left: Duration::from_millis(left),
        })
    }

    async fn give_back(&self, who: &TokenDigest) {
        let mut invocation = GIVE_BACK.prepare_invoke();
        invocation.key(token_key("budget", who));
        let _: Option<i64> = self.redis.script(&invocation).await;
    }

    fn replicas(&self) -> u32 {
        self.replicas.count()
    }
}
