//! The session table: what the server remembers about each legacy session, apart from
//! rmcp's machinery.
//!
//! A record holds the session's token binding (a digest), its tool configuration, the client's
//! `initialize` parameters and when it was last used. It outlives rmcp's in-memory session on
//! purpose: rmcp spends about 60 KB per live session (a worker task, its channels, the service
//! loop), so a session idle for a minute (`--session-park-after`) is *parked*: rmcp's part is
//! closed, the record shrinks to a few hundred bytes, and the next request brings the session
//! back through rmcp's session-store mechanism, with the same id, categories and binding. The
//! client notices nothing. A session is never parked while a request or its GET stream is open.
//!
//! A record is dropped when its session is deleted (DELETE) or has been idle for the session
//! timeout; then the id is unknown and rmcp answers 404.

use super::cap::ClientKey;
use mist_client::TokenDigest;
use mistmcp_engine::{CategorySet, ToolMode};
use mistmcp_engine::{ToolView, ViewKeeper};
use rmcp::transport::streamable_http_server::session::{SessionId, SessionState};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

mod replicated;

pub(crate) use replicated::SessionRecord;

/// Makes the keeper that shares one session's categories with other replicas.
pub(crate) type SessionKeepers = Box<dyn Fn(&str) -> Arc<dyn ViewKeeper> + Send + Sync>;

/// A session id as a map key. rmcp's ids are UUIDs, kept inline as a number: a parked record
/// then holds no separate allocation for its key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Uuid(u128),
    Text(Box<str>),
}

fn key(id: &str) -> Key {
    let hex: String = id.chars().filter(|c| *c != '-').collect();
    match u128::from_str_radix(&hex, 16) {
        Ok(n) if id.len() == 36 && hex.len() == 32 => Key::Uuid(n),
        _ => Key::Text(id.into()),
    }
}

/// The tool configuration: shared with the handler while live, two numbers once parked.
#[derive(Debug)]
enum Tools {
    Unset,
    Live(Arc<ToolView>),
    Parked(ToolMode, CategorySet),
}

/// The client's `initialize` parameters: as rmcp gave them while live, JSON once parked.
/// Parked handshakes are shared: sessions of the same client software send the same one.
#[derive(Debug)]
enum Handshake {
    Unset,
    Live(Box<SessionState>),
    Parked(Arc<[u8]>),
}

#[derive(Debug)]
struct Record {
    /// The token the session belongs to; `None` until one arrives.
    binding: Option<TokenDigest>,
    tools: Tools,
    handshake: Handshake,
    /// Requests and GET streams of this session still open.
    busy: u32,
    /// Whether rmcp holds the session in memory.
    live: bool,
    /// Opened read-only (`readonly=true`): no request of the session may write, whatever its
    /// URL or headers say later.
    read_only: bool,
    /// The client address that opened it, as the session cap counts it.
    client: Option<ClientKey>,
    last_used: Instant,
}

impl Record {
    /// Keeps only what brings the session back, in as little memory as possible: a parked
    /// record owns no allocation of its own, so it pins no page of the heap.
    fn shrink(&mut self, handshakes: &mut HashSet<Arc<[u8]>>) {
        if let Tools::Live(session) = &self.tools {
            self.tools = Tools::Parked(session.mode(), session.enabled());
        }
        if let Handshake::Live(state) = &self.handshake {
            self.handshake = match serde_json::to_vec(state) {
                Ok(json) => Handshake::Parked(intern(handshakes, json)),
                Err(_) => Handshake::Unset,
            };
        }
    }
}

fn intern(handshakes: &mut HashSet<Arc<[u8]>>, json: Vec<u8>) -> Arc<[u8]> {
    if let Some(known) = handshakes.get(json.as_slice()) {
        return known.clone();
    }
    let shared: Arc<[u8]> = json.into();
    handshakes.insert(shared.clone());
    shared
}

#[derive(Debug, Default)]
struct Inner {
    records: HashMap<Key, Record>,
    /// Sessions held per client address, kept with the records so the session cap reads it
    /// at once.
    clients: HashMap<ClientKey, u32>,
    handshakes: HashSet<Arc<[u8]>>,
    /// Sessions ended by another replica whose rmcp part the next sweep closes here.
    ended: Vec<SessionId>,
}

/// What a sweep decided: sessions to park, and sessions that expired (parked or live).
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Sweep {
    pub park: Vec<SessionId>,
    pub expired: Vec<SessionId>,
}

/// Every legacy session the server knows, live or parked.
pub(crate) struct SessionTable {
    inner: Mutex<Inner>,
    timeout: Duration,
    park_after: Duration,
    /// Set when replicas share sessions: each view's categories are kept there too.
    keepers: OnceLock<SessionKeepers>,
}

impl std::fmt::Debug for SessionTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionTable")
            .field("sessions", &self.len())
            .finish()
    }
}

/// A request's token does not match its session's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Refused;

impl SessionTable {
    /// `park_after` is capped by `timeout`: a session expires rather than being parked first.
    pub(crate) fn new(timeout: Duration, park_after: Duration) -> Self {
        Self {
            inner: Mutex::new(Inner::default()),
            timeout,
            park_after: park_after.min(timeout),
            keepers: OnceLock::new(),
        }
    }

    /// Shares every session's categories through `keepers` (set once, at start).
    pub(crate) fn share_views_through(&self, keepers: SessionKeepers) {
        let _ = self.keepers.set(keepers);
    }

    fn keep(&self, id: &str, view: &ToolView) {
        if let Some(keepers) = self.keepers.get() {
            view.keep_in(keepers(id));
        }
    }

    pub(crate) fn park_after(&self) -> Duration {
        self.park_after
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A new session, bound to the token of its `initialize` request (if any).
    #[cfg(test)]
    pub(crate) fn open(&self, id: &str, binding: Option<TokenDigest>) {
        self.open_from(id, binding, None);
    }

    /// A new session opened by `client`, bound to the token of its `initialize` request (if
    /// any).
    pub(crate) fn open_from(&self, id: &str, binding: Option<TokenDigest>, client: Option<ClientKey>) {
        let record = Record {
            binding,
            tools: Tools::Unset,
            handshake: Handshake::Unset,
            busy: 0,
            live: true,
            read_only: false,
            client,
            last_used: Instant::now(),
        };
        let mut inner = self.lock();
        count_in(&mut inner.clients, client);
        if let Some(replaced) = inner.records.insert(key(id), record) {
            count_out(&mut inner.clients, replaced.client);
        }
    }

    /// How many sessions are held, in all and opened by `client`.
    pub(crate) fn holding(&self, client: Option<ClientKey>) -> (usize, usize) {
        let inner = self.lock();
        let theirs = client.and_then(|c| inner.clients.get(&c)).copied().unwrap_or(0);
        (inner.records.len(), theirs as usize)
    }

    /// The session was opened read-only: it stays so for its whole life, parked or not.
    pub(crate) fn keep_read_only(&self, id: &str) {
        if let Some(record) = self.lock().records.get_mut(&key(id)) {
            record.read_only = true;
        }
    }

    /// Whether the session was opened read-only.
    pub(crate) fn is_read_only(&self, id: &str) -> bool {
        self.lock()
            .records
            .get(&key(id))
            .is_some_and(|record| record.read_only)
    }

    /// Keeps the tool configuration the handler made for a new session.
    pub(crate) fn attach(&self, id: &str, tools: Arc<ToolView>) {
        self.keep(id, &tools);
        if let Some(record) = self.lock().records.get_mut(&key(id)) {
            record.tools = Tools::Live(tools);
        }
    }

    /// The tool configuration of a session coming back from parking.
    pub(crate) fn tools(&self, id: &str) -> Option<Arc<ToolView>> {
        let mut inner = self.lock();
        let record = inner.records.get_mut(&key(id))?;
        let session = match &record.tools {
            Tools::Unset => return None,
            Tools::Live(session) => session.clone(),
            Tools::Parked(mode, enabled) => {
                let view = Arc::new(ToolView::new(*mode, *enabled));
                self.keep(id, &view);
                view
            }
        };
        record.tools = Tools::Live(session.clone());
        Some(session)
    }

    /// rmcp holds the session in memory again (`true`) or no longer (`false`, and the record
    /// shrinks to its parked form).
    pub(crate) fn set_live(&self, id: &str, live: bool) {
        let mut inner = self.lock();
        let Inner {
            records, handshakes, ..
        } = &mut *inner;
        if let Some(record) = records.get_mut(&key(id)) {
            record.live = live;
            if !live {
                record.shrink(handshakes);
            }
        }
    }

    pub(crate) fn remove(&self, id: &str) {
        let mut inner = self.lock();
        if let Some(record) = inner.records.remove(&key(id)) {
            count_out(&mut inner.clients, record.client);
        }
    }

    /// Admits a request with `token` to session `id` and counts it as open until [`Self::done`].
    /// The first token binds a session opened without one; unknown ids pass (rmcp answers 404).
    pub(crate) fn admit(&self, id: &str, token: Option<TokenDigest>) -> Result<bool, Refused> {
        let mut inner = self.lock();
        let Some(record) = inner.records.get_mut(&key(id)) else {
            return Ok(false);
        };
        match (&record.binding, token) {
            (None, token) => record.binding = token,
            (Some(bound), Some(token)) if *bound == token => {}
            _ => return Err(Refused),
        }
        record.busy += 1;
        record.last_used = Instant::now();
        Ok(true)
    }

    /// A request or stream admitted earlier has ended. The end of a request is activity; the
    /// end of a GET stream is not (it ends when the session does), so `activity` tells which.
    pub(crate) fn done(&self, id: &str, activity: bool) {
        if let Some(record) = self.lock().records.get_mut(&key(id)) {
            record.busy = record.busy.saturating_sub(1);
            if activity {
                record.last_used = Instant::now();
            }
        }
    }

    /// Drops expired records and picks live sessions to park.
    pub(crate) fn sweep(&self) -> Sweep {
        let now = Instant::now();
        let mut sweep = Sweep::default();
        let mut inner = self.lock();
        sweep.expired.append(&mut inner.ended);
        let Inner { records, clients, .. } = &mut *inner;
        records.retain(|key, record| {
            let idle = now.duration_since(record.last_used);
            if record.busy > 0 {
                return true;
            }
            if idle >= self.timeout {
                sweep.expired.push(session_id(key));
                count_out(clients, record.client);
                return false;
            }
            if record.live && idle >= self.park_after {
                sweep.park.push(session_id(key));
            }
            true
        });
        inner.handshakes.retain(|h| Arc::strong_count(h) > 1);
        sweep
    }

    pub(crate) fn len(&self) -> usize {
        self.lock().records.len()
    }

    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub(crate) fn live(&self) -> usize {
        self.lock().records.values().filter(|r| r.live).count()
    }

    /// Keeps a session's `initialize` parameters, once its handshake worked (its tools are
    /// attached): only such a session may come back from parking.
    pub(super) fn keep_handshake(&self, id: &str, state: &SessionState) {
        if let Some(record) = self.lock().records.get_mut(&key(id))
            && !matches!(record.tools, Tools::Unset)
        {
            record.handshake = Handshake::Live(Box::new(state.clone()));
        }
    }

    /// How many distinct parked handshakes are held.
    #[cfg(test)]
    pub(super) fn handshakes_held(&self) -> usize {
        self.lock().handshakes.len()
    }

    pub(super) fn handshake(&self, id: &str) -> Option<SessionState> {
        match &self.lock().records.get(&key(id))?.handshake {
            Handshake::Unset => None,
            Handshake::Live(state) => Some(SessionState::clone(state)),
            Handshake::Parked(json) => serde_json::from_slice(json).ok(),
        }
    }
}

/// One more session held by `client`.
fn count_in(clients: &mut HashMap<ClientKey, u32>, client: Option<ClientKey>) {
    if let Some(client) = client {
        *clients.entry(client).or_default() += 1;
    }
}

/// One session fewer held by `client`; an address that holds none is forgotten.
fn count_out(clients: &mut HashMap<ClientKey, u32>, client: Option<ClientKey>) {
    if let Some(client) = client
        && let Some(held) = clients.get_mut(&client)
    {
        *held = held.saturating_sub(1);
        if *held == 0 {
            clients.remove(&client);
        }
    }
}

/// The id rmcp knows a key by (UUIDs in their usual lower-case form).
fn session_id(key: &Key) -> SessionId {
    match key {
        Key::Uuid(n) => {
            let hex = format!("{n:032x}");
            SessionId::from(format!(
                "{}-{}-{}-{}-{}",
                &hex[0..8],
                &hex[8..12],
                &hex[12..16],
                &hex[16..20],
                &hex[20..32]
            ))
        }
        Key::Text(text) => SessionId::from(text.as_ref()),
    }
}

#[cfg(test)]
mod tests;
