//! The HTTP transport's hooks into shared state, made once at start: keepers for session and
//! caller categories, rmcp's session store, the session middleware, and the heartbeat.

use super::callers::CallerKeeper;
use super::sync::{SessionSync, SharedHandshakes};
use crate::shared::SharedState;
use crate::transport::http::session::callers::CallerViews;
use crate::transport::http::session::handshakes::HandshakeStore;
use crate::transport::http::session::table::SessionTable;
use rmcp::transport::streamable_http_server::session::SessionStore;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

/// What the router wires in when replicas share state.
pub(crate) struct Replicated {
    pub sync: SessionSync,
    /// Heartbeats (and puts the cursor key back) until aborted.
    pub heartbeat: Pin<Box<dyn Future<Output = ()> + Send>>,
}

impl Replicated {
    /// rmcp's session store: the table's, published to Redis.
    pub(crate) fn store(&self, table: &Arc<SessionTable>) -> Arc<dyn SessionStore> {
        Arc::new(SharedHandshakes {
            local: HandshakeStore(table.clone()),
            share: self.sync.share.clone(),
        })
    }
}

/// Shares the table's sessions and the callers' categories through `shared`; sessions and
/// callers' categories live for `timeout` after their last use on any replica.
pub(crate) fn share(
    shared: &SharedState,
    table: &Arc<SessionTable>,
    callers: &Arc<CallerViews>,
    timeout: Duration,
) -> Replicated {
    let share = Arc::new(super::records::SessionShare::new(shared.redis.clone(), timeout));
    let keepers = share.clone();
    table.share_views_through(Box::new(move |id| keepers.keeper(id)));
    let redis = shared.redis.clone();
    callers.share_views_through(Box::new(move |key| {
        Arc::new(CallerKeeper::new(redis.clone(), key, timeout)) as _
    }));
    Replicated {
        sync: SessionSync {
            table: table.clone(),
            share,
        },
        heartbeat: Box::pin(shared.replicas.clone().run(shared.key_in_redis)),
    }
}
