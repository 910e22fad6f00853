//! Writes on other replicas, heard here: a write publishes the digests of the org, site or MSP
//! ids it wrote to ([`RedisWriteNews`]), and every replica drops the answers of those scopes
//! from its own cache, as the writing replica does. Without it, a replica that planned a write
//! (and so cached the object as it was) would serve the old object after another replica
//! confirmed it, until the answer's TTL ended.
//!
//! The subscription has a connection of its own. While Redis cannot be reached no drop is heard:
//! answers cached here before then live out their TTL, as without replicas.

use super::cache::{scope_digest, scopes_of};
use super::redis::{PREFIX, Redis};
use futures_util::StreamExt;
use mist_client::{MistClient, WriteNews};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

/// How long to wait before subscribing again after the subscription was lost.
const RETRY: Duration = Duration::from_secs(1);

/// The channel on which a write names the scopes it wrote to: their digests, space-separated.
fn channel() -> String {
    format!("{PREFIX}cache-drops")
}

/// Publishes each write's scopes to every replica.
pub(crate) struct RedisWriteNews {
    redis: Arc<Redis>,
}

impl RedisWriteNews {
    pub(crate) fn new(redis: Arc<Redis>) -> Self {
        Self { redis }
    }
}

#[async_trait::async_trait]
impl WriteNews for RedisWriteNews {
    async fn announce(&self, scope_ids: &[&str]) {
        let digests: Vec<String> = scope_ids.iter().map(|id| scope_digest(id)).collect();
        let mut cmd = redis::cmd("PUBLISH");
        cmd.arg(channel()).arg(digests.join(" "));
        let _: Option<i64> = self.redis.query(&cmd).await;
    }
}

/// Drops from `client`'s cache what other replicas' writes made stale; runs until aborted.
pub(crate) async fn follow(redis: Arc<Redis>, client: MistClient) {
    let channel = channel();
    loop {
        if let Some(pubsub) = redis.subscribe(&channel).await {
            let mut messages = pubsub.into_on_message();
            while let Some(message) = messages.next().await {
                let digests = scopes_named(message.get_payload_bytes());
                let dropped = client.drop_cached(|url| stale(url, &digests));
                tracing::debug!(dropped, "cached reads dropped after a write on a replica");
            }
        }
        tokio::time::sleep(RETRY).await;
    }
}

/// The scope digests a message names.
pub(crate) fn scopes_named(payload: &[u8]) -> HashSet<String> {
    String::from_utf8_lossy(payload)
        .split_ascii_whitespace()
        .map(str::to_owned)
        .collect()
}

/// Whether a cached URL lies under one of the scopes (given as digests).
pub(crate) fn stale(url: &str, digests: &HashSet<String>) -> bool {
    !digests.is_empty()
        && scopes_of(url)
            .iter()
            .any(|id| digests.contains(&scope_digest(id)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drop_names_scopes_by_digest_and_stales_only_their_urls() {
        let payload = format!("{} {}", scope_digest("site-1"), scope_digest("org-9"));
        let digests = scopes_named(payload.as_bytes());
        assert!(stale("http://m/api/v1/sites/site-1/wlans?limit=5", &digests));
        assert!(stale("http://m/api/v1/orgs/org-9", &digests));
        assert!(!stale("http://m/api/v1/sites/site-2/wlans", &digests));
        assert!(!stale("http://m/api/v1/self", &digests));
        assert!(!stale("http://m/api/v1/sites/site-1", &scopes_named(b"")));
    }
}
