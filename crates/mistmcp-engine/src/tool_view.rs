//! A session's tool configuration (mode and enabled categories) and the subscriptions that
//! hear when it changes.

use crate::surface::manage::ManageRequest;
use crate::surface::{CategorySet, ToolMode};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// Counts tool-list changes across the process. Subscriptions compare it with a session's last
/// change to find a change they could have missed while being set up.
static CHANGE_EPOCH: AtomicU64 = AtomicU64::new(0);

/// How many tool-list changes the process has seen.
pub fn change_epoch() -> u64 {
    CHANGE_EPOCH.load(Ordering::Acquire)
}

/// Where a view's categories are kept besides this process: shared state that other replicas
/// read (the server binary's Redis store). Without one, a view lives in this process alone.
#[async_trait::async_trait]
pub trait ViewKeeper: Send + Sync {
    /// The categories kept elsewhere, if they are known there (and reachable).
    async fn load(&self) -> Option<CategorySet>;
    /// Keeps `enabled` where other replicas will find it; best effort.
    async fn store(&self, enabled: CategorySet);
}

/// A channel that hears when a view's tool list changes: a session's own, or an open
/// subscription (MCP 2026-07-28 `subscriptions/listen`).
#[async_trait::async_trait]
pub trait ListListener: Send + Sync {
    /// Tells the client its tool list changed; true if it was told.
    async fn tools_changed(&self) -> bool;
}

/// One session's tool configuration, and where to announce changes to it.
pub struct ToolView {
    mode: ToolMode,
    enabled: AtomicU64,
    /// The [`change_epoch`] of this session's latest change (0: never changed).
    last_change: AtomicU64,
    /// Open `subscriptions/listen` streams (protocol 2026-07-28) that asked for tool changes.
    listeners: Mutex<Vec<Arc<dyn ListListener>>>,
    /// Why changes to this session cannot be kept, when they cannot (e.g. a stateless request
    /// without a token: there is nothing to keep them under).
    pub(crate) frozen: Option<&'static str>,
    /// Shared state that keeps this view's categories for other replicas, when there is one.
    keeper: OnceLock<Keeper>,
}

impl std::fmt::Debug for ToolView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ToolView")
            .field("mode", &self.mode)
            .field("enabled", &self.enabled)
            .field("frozen", &self.frozen)
            .finish_non_exhaustive()
    }
}

struct Keeper(Arc<dyn ViewKeeper>);

impl std::fmt::Debug for Keeper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keeper")
    }
}

impl ToolView {
    /// A view loaded in `mode` with the categories `enabled`.
    pub fn new(mode: ToolMode, enabled: CategorySet) -> Self {
        Self {
            mode,
            enabled: AtomicU64::new(enabled.bits()),
            last_change: AtomicU64::new(0),
            listeners: Mutex::new(Vec::new()),
            frozen: None,
            keeper: OnceLock::new(),
        }
    }

    /// Keeps this view's categories in shared state too (set once; later calls are ignored).
    pub fn keep_in(&self, keeper: Arc<dyn ViewKeeper>) {
        let _ = self.keeper.set(Keeper(keeper));
    }

    /// Takes the categories kept in shared state, where another replica may have changed them.
    pub async fn refresh(&self) {
        if let Some(Keeper(keeper)) = self.keeper.get()
            && let Some(enabled) = keeper.load().await
        {
            self.adopt(enabled);
        }
    }

    /// Hands the current categories to shared state, after a change made here.
    pub(crate) async fn persist(&self) {
        if let Some(Keeper(keeper)) = self.keeper.get() {
            keeper.store(self.enabled()).await;
        }
    }

    /// Takes categories changed elsewhere (another replica) as this view's own.
    pub fn adopt(&self, enabled: CategorySet) {
        let before = self.enabled.swap(enabled.bits(), Ordering::AcqRel);
        if before != enabled.bits() {
            let epoch = CHANGE_EPOCH.fetch_add(1, Ordering::AcqRel) + 1;
            self.last_change.store(epoch, Ordering::Release);
        }
    }

    /// A one-request session whose categories cannot be changed; `why` tells the caller.
    pub fn frozen(mode: ToolMode, enabled: CategorySet, why: &'static str) -> Self {
        Self {
            frozen: Some(why),
            ..Self::new(mode, enabled)
        }
    }

    /// Announces a change of the tool list on every channel this session has (`session`, the
    /// caller's own when it has one, and every open subscription); true if any client was told.
    pub(crate) async fn announce(&self, session: Option<&dyn ListListener>) -> bool {
        let mut told = match session {
            Some(own) => own.tools_changed().await,
            None => false,
        };
        let listeners: Vec<Arc<dyn ListListener>> = match self.listeners.lock() {
            Ok(list) => list.clone(),
            Err(_) => Vec::new(),
        };
        for listener in listeners {
            told |= listener.tools_changed().await;
        }
        told
    }

    /// Registers a subscription accepted at epoch `baseline`. A change made after that but
    /// before this registration was announced to nobody on this stream, so it is sent now; at
    /// worst the client hears of one change twice, which only makes it list again.
    pub async fn listen_since(&self, listener: Arc<dyn ListListener>, baseline: u64) {
        if let Ok(mut list) = self.listeners.lock() {
            list.push(listener.clone());
        }
        if self.last_change.load(Ordering::Acquire) > baseline {
            let _ = listener.tools_changed().await;
        }
    }

    /// Forgets `listener` (the one given to [`Self::listen_since`]), whose stream has closed.
    pub fn remove_listener(&self, listener: &Arc<dyn ListListener>) {
        if let Ok(mut list) = self.listeners.lock() {
            list.retain(|l| !Arc::ptr_eq(l, listener));
        }
    }

    /// How this view's tool list is loaded.
    pub fn mode(&self) -> ToolMode {
        self.mode
    }

    /// The categories enabled now (they change as `manageMcpTools` enables and disables).
    pub fn enabled(&self) -> CategorySet {
        CategorySet::from_bits(self.enabled.load(Ordering::Acquire))
    }

    /// Applies a change atomically and returns (before, after).
    pub(crate) fn update(&self, change: ManageRequest) -> (CategorySet, CategorySet) {
        let mut before = self.enabled.load(Ordering::Acquire);
        loop {
            let after = change.apply(CategorySet::from_bits(before)).bits();
            match self
                .enabled
                .compare_exchange(before, after, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) => {
                    if before != after {
                        let epoch = CHANGE_EPOCH.fetch_add(1, Ordering::AcqRel) + 1;
                        self.last_change.store(epoch, Ordering::Release);
                    }
                    return (CategorySet::from_bits(before), CategorySet::from_bits(after));
                }
                Err(actual) => before = actual,
            }
        }
    }
}
