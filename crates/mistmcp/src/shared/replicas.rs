//! Who is alive: each replica records a heartbeat in Redis every few seconds. The number of
//! live replicas sets each one's share of a token's budget while Redis cannot be reached
//! (the Mist client's own-calls count). The heartbeat also puts the cursor key back if Redis
//! lost it.

use super::cursor_key;
use super::redis::{PREFIX, Redis};
use mist_client::CursorKey;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How often a replica says it is alive.
const BEAT: Duration = Duration::from_secs(5);
/// A replica silent for this long counts as gone.
const GONE_AFTER: Duration = Duration::from_secs(20);

pub(crate) struct Replicas {
    redis: Arc<Redis>,
    /// This replica's name in the heartbeat set.
    id: String,
    /// Live replicas at the last heartbeat (this one included).
    seen: AtomicU32,
    cursor_key: CursorKey,
}

impl Replicas {
    pub(crate) fn new(redis: Arc<Redis>, cursor_key: CursorKey) -> Self {
        Self {
            redis,
            id: format!("{:016x}", rand::random::<u64>()),
            seen: AtomicU32::new(1),
            cursor_key,
        }
    }

    /// Live replicas as last seen, at least 1.
    pub(crate) fn count(&self) -> u32 {
        self.seen.load(Ordering::Relaxed).max(1)
    }

    /// Records this replica's heartbeat and counts the live ones.
    pub(crate) async fn beat(&self) {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis() as u64;
        let set = format!("{PREFIX}replicas");
        let mut pipe = ::redis::pipe();
        pipe.cmd("ZADD")
            .arg(&set)
            .arg(now)
            .arg(&self.id)
            .ignore()
            .cmd("ZREMRANGEBYSCORE")
            .arg(&set)
            .arg("-inf")
            .arg(now.saturating_sub(GONE_AFTER.as_millis() as u64))
            .ignore()
            .cmd("PEXPIRE")
            .arg(&set)
            .arg(GONE_AFTER.as_millis() as u64)
            .ignore()
            .cmd("ZCARD")
            .arg(&set);
        if let Some((live,)) = self.redis.pipeline::<(u32,)>(&pipe).await {
            self.seen.store(live.max(1), Ordering::Relaxed);
        }
    }

    /// Heartbeats until aborted; puts the cursor key back when Redis lost it.
    pub(crate) async fn run(self: Arc<Self>, own_key_in_redis: bool) {
        let mut tick = tokio::time::interval(BEAT);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            self.beat().await;
            if !own_key_in_redis {
                continue;
            }
            if let Some(held) = cursor_key::put_back(&self.redis, &self.cursor_key).await
                && held.to_bytes() != self.cursor_key.to_bytes()
            {
                tracing::warn!(
                    "Redis holds another cursor key than this replica's (it was lost and made \
                     anew while this replica ran): cursors may fail across replicas until they \
                     restart; give every replica the same --cursor-key to rule this out"
                );
            }
        }
    }
}
