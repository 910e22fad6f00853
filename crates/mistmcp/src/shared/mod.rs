//! State shared by replicas of the server through Redis (`--redis-url`).
//!
//! Without Redis every piece of state lives in the process, as before. With it, each piece
//! keeps its local home and gains a shared one:
//! - sessions and callers' categories: kept here, read and written by the transport's
//!   `transport::http::session::replicas`;
//! - [`cursor_key`]: the key that seals pagination cursors, the same on every replica;
//! - [`budget`]: each token's count of Mist calls, counted atomically;
//! - [`cache`]: Mist answers, with `--shared-cache`;
//! - [`cache_drops`]: the writes other replicas made, so each drops the stale answers of its
//!   own cache;
//! - [`confirmations`]: the write confirmations issued, so any replica confirms a write once;
//! - [`replicas`]: who is alive (for the budget's per-replica share) and the periodic chores.
//!
//! Redis is asked with short timeouts ([`redis::COMMAND_TIMEOUT`]); when it cannot be
//! reached, every piece falls back to its local home and the server carries on, except
//! confirmations: a write is then neither planned nor confirmed (fail closed), since a token
//! kept by one replica alone could be spent again on another.

pub(crate) mod budget;
pub(crate) mod cache;
pub(crate) mod cache_drops;
pub(crate) mod confirmations;
pub(crate) mod cursor_key;
pub(crate) mod redis;
pub(crate) mod replicas;

use crate::config::shared::SharedOptions;
use hmac::{Hmac, KeyInit, Mac};
use mist_client::{CursorKey, MistClient, Sharing};
use mistmcp_engine::SharedKey;
use std::sync::Arc;

/// Everything shared with other replicas, once connected.
#[derive(Clone)]
pub(crate) struct SharedState {
    pub redis: Arc<redis::Redis>,
    pub replicas: Arc<replicas::Replicas>,
    /// The key every replica seals cursors with.
    pub cursor_key: CursorKey,
    /// Whether the cursor key is the one kept in Redis (not the operator's).
    pub key_in_redis: bool,
    pub shared_cache: bool,
}

impl SharedState {
    /// Connects to Redis and agrees on the cursor key; `None` without `--redis-url`. The error
    /// is one line.
    pub(crate) async fn connect(options: &SharedOptions) -> Result<Option<Self>, String> {
        let Some(url) = &options.redis_url else {
            return Ok(None);
        };
        let redis = Arc::new(redis::Redis::connect(url).await?);
        let cursor_key = cursor_key::agree(&redis, options.cursor_key.clone()).await?;
        let replicas = Arc::new(replicas::Replicas::new(redis.clone(), cursor_key.clone()));
        replicas.beat().await;
        tracing::info!(redis = %url.authority(), tls = url.tls(), "sharing state with other replicas through Redis");
        Ok(Some(Self {
            redis,
            replicas,
            cursor_key,
            key_in_redis: options.cursor_key.is_none(),
            shared_cache: options.shared_cache,
        }))
    }

    /// What the Mist client shares: the budget and news of writes always, the cache with
    /// `--shared-cache`.
    pub(crate) fn sharing(&self) -> Sharing {
        Sharing {
            budget: Some(Arc::new(budget::RedisBudget::new(
                self.redis.clone(),
                self.replicas.clone(),
            ))),
            cache: self
                .shared_cache
                .then(|| Arc::new(cache::RedisCache::new(self.redis.clone())) as _),
            writes: Some(Arc::new(cache_drops::RedisWriteNews::new(self.redis.clone()))),
        }
    }

    /// Drops from `client`'s own cache what other replicas' writes made stale, in a task of its
    /// own for the life of the process.
    pub(crate) fn follow_writes(&self, client: &MistClient) {
        tokio::spawn(cache_drops::follow(self.redis.clone(), client.clone()));
    }

    /// Where write confirmations are kept, and the key every replica seals calls with: derived
    /// from the cursor key they already agree on, so no other key is made or stored.
    pub(crate) fn confirmations(&self) -> SharedKey {
        let key = Hmac::<sha2::Sha256>::new_from_slice(&self.cursor_key.to_bytes())
            .map(|mut mac| {
                mac.update(b"mistmcp write confirmations v1");
                mac.finalize().into_bytes().into()
            })
            // HMAC takes a key of any length, so this is never reached; a random key would only
            // confine confirmations to this replica.
            .unwrap_or_else(|_| rand::random());
        SharedKey {
            key,
            tokens: Arc::new(confirmations::RedisTokens::new(self.redis.clone())),
        }
    }
}
