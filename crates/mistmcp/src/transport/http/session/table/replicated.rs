//! The session table's side of sessions shared between replicas: a record as other replicas
//! see it, taken from this table or adopted into it.
//!
//! Another replica's session arrives here as a parked record (binding, tool configuration and
//! handshake), so rmcp brings it back exactly as it brings back one of this replica's own.

use super::{Handshake, Record, SessionTable, Tools, intern, key};
use mist_client::TokenDigest;
use mistmcp_engine::{CategorySet, ToolMode};
use rmcp::transport::streamable_http_server::session::SessionId;
use std::time::Instant;

/// What every replica must know of a session to continue it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SessionRecord {
    pub binding: Option<TokenDigest>,
    pub mode: ToolMode,
    pub enabled: CategorySet,
    /// The client's `initialize` parameters, as JSON.
    pub handshake: Vec<u8>,
    /// Opened with `readonly=true`: read-only on every replica.
    pub read_only: bool,
}

impl SessionTable {
    /// The record of a session whose handshake worked, as other replicas need it.
    pub(crate) fn snapshot(&self, id: &str) -> Option<SessionRecord> {
        let inner = self.lock();
        let record = inner.records.get(&key(id))?;
        let (mode, enabled) = match &record.tools {
            Tools::Unset => return None,
            Tools::Live(view) => (view.mode(), view.enabled()),
            Tools::Parked(mode, enabled) => (*mode, *enabled),
        };
        let handshake = match &record.handshake {
            Handshake::Unset => return None,
            Handshake::Live(state) => serde_json::to_vec(state).ok()?,
            Handshake::Parked(json) => json.to_vec(),
        };
        Some(SessionRecord {
            binding: record.binding,
            mode,
            enabled,
            handshake,
            read_only: record.read_only,
        })
    }

    /// Takes what shared state says of a session: a session unknown here is added parked (the
    /// next request brings it back); a known one takes the binding and categories. Returns
    /// whether the session was known here.
    pub(crate) fn adopt(&self, id: &str, shared: &SessionRecord) -> bool {
        let mut inner = self.lock();
        let super::Inner {
            records, handshakes, ..
        } = &mut *inner;
        if let Some(record) = records.get_mut(&key(id)) {
            if record.binding.is_none() {
                record.binding = shared.binding;
            }
            // Read-only is never undone: opened so on any replica, it is so here.
            record.read_only |= shared.read_only;
            match &record.tools {
                Tools::Live(view) => view.adopt(shared.enabled),
                Tools::Parked(mode, _) => record.tools = Tools::Parked(*mode, shared.enabled),
                Tools::Unset => {}
            }
            return true;
        }
        let record = Record {
            binding: shared.binding,
            tools: Tools::Parked(shared.mode, shared.enabled),
            handshake: Handshake::Parked(intern(handshakes, shared.handshake.clone())),
            busy: 0,
            live: false,
            read_only: shared.read_only,
            client: None,
            last_used: Instant::now(),
        };
        records.insert(key(id), record);
        false
    }

    /// The session was ended elsewhere (DELETE on another replica): it is forgotten here, and
    /// the next sweep closes rmcp's part if it is live.
    pub(crate) fn end(&self, id: &str) {
        let mut inner = self.lock();
        if let Some(record) = inner.records.remove(&key(id)) {
            super::count_out(&mut inner.clients, record.client);
            if record.live {
                inner.ended.push(SessionId::from(id));
            }
        }
    }

    /// The token a session is bound to, if any.
    pub(crate) fn binding(&self, id: &str) -> Option<TokenDigest> {
        self.lock().records.get(&key(id))?.binding
    }
}
