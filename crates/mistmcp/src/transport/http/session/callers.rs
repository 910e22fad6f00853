//! The tool views of stateless callers: managed mode for clients without sessions (protocol
//! 2026-07-28).
//!
//! Such a client sends every request on its own, so "the categories this client enabled" must
//! live on the server, keyed by something each request carries: the token's digest and the
//! endpoint (its cloud and starting categories). The 2026-07-28 rules allow a tool list to vary
//! by authorization, which is what this is. Two clients sharing one token and one endpoint share
//! one set of categories; that is the price of having no session, and it is documented.
//!
//! Entries expire after the session timeout of inactivity and the store holds a bounded number
//! of them. An entry that a request or an open `subscriptions/listen` stream is using is never
//! dropped: the change announcements for that caller travel on those streams.

use mist_client::TokenDigest;
use mistmcp_engine::{CategorySet, ToolMode};
use mistmcp_engine::{ToolView, ViewKeeper};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

/// How many callers may have kept categories at once.
pub(crate) const DEFAULT_CAPACITY: usize = 10_000;

/// Who a kept configuration belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct CallerKey {
    pub token: TokenDigest,
    /// The endpoint's cloud, canonical when it resolves (`EMEA 01` and `api.eu.mist.com` agree).
    pub cloud: Option<String>,
    /// The categories the endpoint starts with.
    pub start: CategorySet,
}

struct Kept {
    view: Arc<ToolView>,
    last_used: Instant,
}

/// Makes the keeper that shares one caller's categories with other replicas.
pub(crate) type CallerKeepers = Box<dyn Fn(&CallerKey) -> Arc<dyn ViewKeeper> + Send + Sync>;

pub(crate) struct CallerViews {
    entries: Mutex<HashMap<CallerKey, Kept>>,
    idle: Duration,
    capacity: usize,
    /// Set when replicas share callers' categories.
    keepers: OnceLock<CallerKeepers>,
}

impl CallerViews {
    pub(crate) fn new(idle: Duration, capacity: usize) -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
            idle,
            capacity: capacity.max(1),
            keepers: OnceLock::new(),
        }
    }

    /// Shares every caller's categories through `keepers` (set once, at start).
    pub(crate) fn share_views_through(&self, keepers: CallerKeepers) {
        let _ = self.keepers.set(keepers);
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<CallerKey, Kept>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The caller's kept managed-mode view, made on first use; `None` when the store is full
    /// of entries in use.
    pub(crate) fn view(&self, key: CallerKey) -> Option<Arc<ToolView>> {
        let now = Instant::now();
        let mut entries = self.lock();
        if let Some(kept) = entries.get_mut(&key) {
            kept.last_used = now;
            return Some(kept.view.clone());
        }
        if entries.len() >= self.capacity {
            evict_one(&mut entries)?;
        }
        let view = Arc::new(ToolView::new(ToolMode::Managed, key.start));
        if let Some(keepers) = self.keepers.get() {
            view.keep_in(keepers(&key));
        }
        entries.insert(
            key,
            Kept {
                view: view.clone(),
                last_used: now,
            },
        );
        Some(view)
    }

    /// Drops entries idle for longer than the timeout; returns how many went.
    pub(crate) fn sweep(&self) -> usize {
        let now = Instant::now();
        let mut entries = self.lock();
        let before = entries.len();
        entries.retain(|_, kept| {
            if in_use(kept) {
                // Idle time counts from when the last request or stream let go.
                kept.last_used = now;
                return true;
            }
            now.duration_since(kept.last_used) < self.idle
        });
        before - entries.len()
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.lock().len()
    }

    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn in_use(kept: &Kept) -> bool {
    Arc::strong_count(&kept.view) > 1
}

/// Removes the least recently used entry that nothing is using.
fn evict_one(entries: &mut HashMap<CallerKey, Kept>) -> Option<()> {
    let oldest = entries
        .iter()
        .filter(|(_, kept)| !in_use(kept))
        .min_by_key(|(_, kept)| kept.last_used)
        .map(|(key, _)| key.clone())?;
    entries.remove(&oldest);
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use mist_client::ApiToken;

    fn key(token: &str) -> CallerKey {
        CallerKey {
            token: ApiToken::new(token).unwrap().digest(),
            cloud: None,
            start: CategorySet::EMPTY,
        }
    }

    #[test]
    fn one_caller_gets_the_same_session_each_time_and_others_their_own() {
        let store = CallerViews::new(Duration::from_secs(60), 10);
        let a = store.view(key("a")).unwrap();
        assert!(Arc::ptr_eq(&a, &store.view(key("a")).unwrap()));
        assert!(!Arc::ptr_eq(&a, &store.view(key("b")).unwrap()));
        let other_endpoint = CallerKey {
            cloud: Some("https://api.eu.mist.com".into()),
            ..key("a")
        };
        assert!(!Arc::ptr_eq(&a, &store.view(other_endpoint).unwrap()));
    }

    #[test]
    fn idle_entries_are_swept_but_entries_in_use_stay() {
        let store = CallerViews::new(Duration::ZERO, 10);
        let held = store.view(key("held")).unwrap();
        drop(store.view(key("idle")));
        assert_eq!(store.sweep(), 1);
        assert_eq!(store.len(), 1);
        drop(held);
        assert_eq!(store.sweep(), 1);
        assert!(store.is_empty());
    }

    #[test]
    fn a_full_store_evicts_the_least_recently_used_idle_entry() {
        let store = CallerViews::new(Duration::from_secs(60), 2);
        drop(store.view(key("first")));
        let _second = store.view(key("second")).unwrap();
        assert!(store.view(key("third")).is_some());
        assert_eq!(store.len(), 2);
        let _third = store.view(key("third")).unwrap();
        assert!(store.view(key("fourth")).is_none(), "every entry is in use");
    }
}
