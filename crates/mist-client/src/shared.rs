//! What the Mist client may share with other replicas of the server: the count of each token's
//! calls (so N replicas together stay within the hourly budget), cached answers, and the news of
//! writes (so no replica keeps serving what a write changed).
//!
//! The client sees only these traits; mistmcp's `shared` module implements them over Redis. Any
//! of them may fail at any time (Redis lost): the budget then falls back to this replica's share
//! of the hour ([`OwnCalls`]), and the cache to this replica's own.

use super::cache::CacheKey;
use super::http::Reply;
use super::token::TokenDigest;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A token's calls counted by every replica together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SharedCount {
    /// Calls in the window, this one included.
    pub used: u32,
    /// Until the window renews.
    pub left: Duration,
}

/// The shared count of calls per token.
#[async_trait::async_trait]
pub trait SharedBudget: Send + Sync {
    /// Counts one call of `who` in a window of `window`; `None` when the count cannot be reached.
    async fn take(&self, who: &TokenDigest, window: Duration) -> Option<SharedCount>;
    /// Gives back a call counted by [`Self::take`] that was not made after all.
    async fn give_back(&self, who: &TokenDigest);
    /// How many replicas share the budget, as last seen (at least 1).
    fn replicas(&self) -> u32;
}

/// Answers cached where every replica reads them.
#[async_trait::async_trait]
pub trait SharedCache: Send + Sync {
    /// A stored answer and its age.
    async fn get(&self, key: &CacheKey) -> Option<(Reply, Duration)>;
    /// Stores an answer for every replica to read, for `ttl`.
    async fn put(&self, key: &CacheKey, reply: &Reply, ttl: Duration);
    /// Drops every stored answer under the org, site or MSP of these ids (after a write), for
    /// every token.
    async fn drop_scopes(&self, scope_ids: &[&str]);
}

/// News of writes for the other replicas, whose own caches may hold what a write changed.
#[async_trait::async_trait]
pub trait WriteNews: Send + Sync {
    /// Tells every replica that a write touched the org, site or MSP of these ids.
    async fn announce(&self, scope_ids: &[&str]);
}

/// What the client shares, if anything.
#[derive(Clone, Default)]
pub struct Sharing {
    /// The count of calls every replica shares; `None` counts in this process only.
    pub budget: Option<Arc<dyn SharedBudget>>,
    /// The cache every replica reads; `None` keeps answers in this process only.
    pub cache: Option<Arc<dyn SharedCache>>,
    /// Where writes are announced, so the other replicas drop what they cached of the scopes a
    /// write touched; `None` tells no one.
    pub writes: Option<Arc<dyn WriteNews>>,
}

/// The calls this replica made per token in the shared window: while the shared count cannot
/// be reached, a replica may make its share of the hour (the limit divided by the replicas),
/// counting the calls it made before. If every replica loses the count together, they stay
/// within the limit together.
#[derive(Debug, Default)]
pub(crate) struct OwnCalls {
    windows: Mutex<HashMap<TokenDigest, (Instant, u32)>>,
}

impl OwnCalls {
    /// A call counted in the shared window, which renews in `left`.
    pub(crate) fn counted(&self, who: TokenDigest, now: Instant, left: Duration) {
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        windows.retain(|_, (ends, _)| *ends > now);
        let ends = now + left;
        let entry = windows.entry(who).or_insert((ends, 0));
        // A window ending clearly later than the known one is a new window.
        if ends > entry.0 + Duration::from_secs(2) {
            *entry = (ends, 0);
        }
        entry.0 = ends;
        entry.1 += 1;
    }

    /// Takes one call from this replica's share of `limit`, or says when the window renews.
    pub(crate) fn within_share(
        &self,
        who: TokenDigest,
        now: Instant,
        limit: u32,
        replicas: u32,
        window: Duration,
    ) -> Result<(), Duration> {
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        let entry = windows.entry(who).or_insert((now + window, 0));
        if entry.0 <= now {
            *entry = (now + window, 0);
        }
        if entry.1 >= limit / replicas.max(1) {
            return Err(entry.0 - now);
        }
        entry.1 += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ApiToken;

    fn who() -> TokenDigest {
        ApiToken::new("tok").unwrap().digest()
    }

    const HOUR: Duration = Duration::from_secs(3600);

    #[test]
    fn without_the_shared_count_a_replica_makes_its_share_less_what_it_made_before() {
        let own = OwnCalls::default();
        let t0 = Instant::now();
        for _ in 0..10 {
            own.counted(who(), t0, HOUR);
        }
        // 100 calls an hour for 3 replicas: 33 each, 10 of them already made.
        for _ in 0..23 {
            assert_eq!(own.within_share(who(), t0, 100, 3, HOUR), Ok(()));
        }
        assert_eq!(own.within_share(who(), t0, 100, 3, HOUR), Err(HOUR));
        let renewed = t0 + HOUR;
        assert_eq!(own.within_share(who(), renewed, 100, 3, HOUR), Ok(()));
    }

    #[test]
    fn a_new_shared_window_starts_the_own_count_again() {
        let own = OwnCalls::default();
        let t0 = Instant::now();
        own.counted(who(), t0, Duration::from_secs(10));
        own.counted(who(), t0 + Duration::from_secs(11), HOUR);
        for _ in 0..9 {
            assert!(
                own.within_share(who(), t0 + Duration::from_secs(11), 10, 1, HOUR)
                    .is_ok()
            );
        }
        assert!(
            own.within_share(who(), t0 + Duration::from_secs(11), 10, 1, HOUR)
                .is_err()
        );
    }
}
