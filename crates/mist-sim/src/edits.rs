//! What writes changed in the simulated world, kept beside it: the generated world stays
//! read-only (and shared without locks), and reads lay these changes over it. State lives in
//! memory for the life of the process; one lock guards it, taken briefly by each request.

use crate::reply::Reply;
use crate::route::Scope;
use crate::world::Record;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

/// An object a write created or changed.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// The collection it belongs to (`wlans`, `webhooks`, ...).
    pub(crate) key: String,
    pub(crate) org: usize,
    pub(crate) site: Option<usize>,
    pub(crate) value: Value,
    /// Created by a write (listed in addition to the world's records), rather than a world
    /// record changed in place.
    pub(crate) created: bool,
    /// When it happened, for records time windows apply to (the audit log of a write).
    pub(crate) ts: Option<i64>,
}

#[derive(Debug, Default)]
struct State {
    /// By id.
    objects: HashMap<String, Entry>,
    removed: HashSet<String>,
    /// Fields written to single objects (settings, the organisation), by request path.
    patches: HashMap<String, Map<String, Value>>,
}

#[derive(Debug, Default)]
pub(crate) struct Edits {
    /// Nothing was ever written: reads skip the lock entirely.
    pristine_lost: AtomicBool,
    minted: AtomicU64,
    state: RwLock<State>,
}

/// The changes to one collection, as records a listing can mix with the world's.
#[derive(Debug, Default)]
pub(crate) struct View {
    changed: HashMap<String, Record>,
    pub(crate) added: Vec<Record>,
    removed: HashSet<String>,
}

impl View {
    /// The record as the writes left it: `None` once deleted.
    pub(crate) fn apply<'a>(&'a self, r: &'a Record) -> Option<&'a Record> {
        let Some(id) = record_id(&r.value) else {
            return Some(r);
        };
        if self.removed.contains(id) {
            return None;
        }
        Some(self.changed.get(id).unwrap_or(r))
    }
}

fn record_id(v: &Value) -> Option<&str> {
    ["id", "mac"]
        .iter()
        .find_map(|f| v.get(*f).and_then(Value::as_str))
}

impl Edits {
    fn read(&self) -> RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, State> {
        self.pristine_lost.store(true, Ordering::Relaxed);
        self.state.write().unwrap_or_else(|e| e.into_inner())
    }

    fn pristine(&self) -> bool {
        !self.pristine_lost.load(Ordering::Relaxed)
    }

    /// A fresh number for the id of a created object.
    pub(crate) fn next_number(&self) -> u64 {
        self.minted.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Whether a write deleted the object of this id.
    pub(crate) fn is_removed(&self, id: &str) -> bool {
        !self.pristine() && self.read().removed.contains(id)
    }

    /// Whether a write created or changed an object of this id.
    pub(crate) fn knows(&self, id: &str) -> bool {
        !self.pristine() && self.read().objects.contains_key(id)
    }

    /// The object of this id in collection `key`, as the writes left it.
    pub(crate) fn object(&self, key: &str, id: &str) -> Option<Value> {
        if self.pristine() {
            return None;
        }
        let state = self.read();
        state
            .objects
            .get(id)
            .filter(|e| e.key == key)
            .map(|e| e.value.clone())
    }

    /// The whole entry of this id, whatever its collection.
    pub(crate) fn entry(&self, id: &str) -> Option<Entry> {
        if self.pristine() {
            return None;
        }
        self.read().objects.get(id).cloned()
    }

    /// Forgets every write: the world reads as generated again.
    pub(crate) fn clear(&self) {
        *self.write() = State::default();
    }

    pub(crate) fn store(&self, id: &str, entry: Entry) {
        let mut state = self.write();
        state.removed.remove(id);
        state.objects.insert(id.to_string(), entry);
    }

    pub(crate) fn remove(&self, id: &str) {
        let mut state = self.write();
        state.objects.remove(id);
        state.removed.insert(id.to_string());
    }

    /// The changes to collection `key` of the world's `base` records; `None` when nothing was
    /// ever written.
    pub(crate) fn view(&self, key: &str, base: &[Record]) -> Option<View> {
        if self.pristine() {
            return None;
        }
        let state = self.read();
        let mut view = View {
            removed: state.removed.clone(),
            ..View::default()
        };
        let mut added: Vec<(&String, Record)> = Vec::new();
        for (id, e) in state.objects.iter().filter(|(_, e)| e.key == key) {
            if e.created {
                let record = Record {
                    org: e.org,
                    site: e.site,
                    ts: e.ts,
                    value: e.value.clone(),
                };
                added.push((id, record));
            } else if let Some(r) = base.iter().find(|r| record_id(&r.value) == Some(id)) {
                // A changed record keeps its place, scope and time in the world.
                let record = Record {
                    org: r.org,
                    site: r.site,
                    ts: r.ts,
                    value: e.value.clone(),
                };
                view.changed.insert(id.clone(), record);
            }
        }
        // Created objects list in the order of their ids, the same on every read.
        added.sort_by(|a, b| a.0.cmp(b.0));
        view.added = added.into_iter().map(|(_, r)| r).collect();
        Some(view)
    }

    /// Fields written to the single object at `path`, merged over what was written before.
    pub(crate) fn merge_patch(&self, path: &str, fields: &Map<String, Value>) {
        let mut state = self.write();
        let patch = state.patches.entry(normal(path).to_string()).or_default();
        patch.extend(fields.iter().map(|(k, v)| (k.clone(), v.clone())));
    }

    /// Forgets what writes set on the single object at `path`.
    pub(crate) fn clear_patch(&self, path: &str) {
        self.write().patches.remove(normal(path));
    }

    /// A JSON object answer with the fields written to `path` laid over it.
    pub(crate) fn patched(&self, path: &str, reply: Reply) -> Reply {
        if self.pristine() || reply.status != 200 || reply.content_type != "application/json" {
            return reply;
        }
        let state = self.read();
        let Some(patch) = state.patches.get(normal(path)) else {
            return reply;
        };
        let Ok(Value::Object(mut body)) = serde_json::from_slice::<Value>(&reply.body) else {
            return reply;
        };
        body.extend(patch.iter().map(|(k, v)| (k.clone(), v.clone())));
        Reply::json(&body)
    }
}

fn normal(path: &str) -> &str {
    path.trim_end_matches('/')
}

/// The collection an object is kept under: the organisation and site objects themselves have
/// no key after their scope.
pub(crate) fn object_key(scope: Scope, key: &str) -> String {
    match (key, scope) {
        ("", Scope::Org) => "orgs".to_string(),
        ("", Scope::Site) => "sites".to_string(),
        _ => key.to_string(),
    }
}
