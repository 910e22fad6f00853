//! The collections, each built on first use: a simulator that answers a handful of operations
//! never generates (or holds) the records of the others, so it starts at once and stays small.
//!
//! Building is split in two so that no build can wait on itself. The *raw* records come first;
//! a synthesized collection may name ids only of collections before it in a fixed order
//! (hand-written ones, then synthesized keys by name), so raw builds never form a cycle. A
//! collection is then *completed* (fields its count operations group by) from its raw records,
//! naming ids of any other collection's raw records. Every collection has its own random
//! stream, so the outcome depends on the seed alone, never on which operation was asked first.

use super::fields::Refs;
use super::{Collection, World, activity, infra, objects, rogues, synth};
use crate::route::{Op, Routes};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Mutex, OnceLock, PoisonError};

/// Where a group's raw records come from.
enum Source {
    /// A hand-written generator.
    Hand(&'static str),
    /// The rogue collections, built together from one plan per site.
    Rogues,
    /// One collection planned from the catalog's operations on its key.
    Synth(String),
}

/// One collection's generation (each has its own random stream).
struct Group {
    source: Source,
    raw: OnceLock<Raw>,
}

/// A group's records as generated, before completion.
struct Raw {
    /// `(organisation, id)` of every record with an `id`, by collection key, in record order.
    ids: HashMap<String, Vec<(usize, Value)>>,
    /// Every `id` and `mac` value of the group's records.
    known: HashSet<String>,
    /// The records, taken once by the collection's completion.
    stash: Mutex<HashMap<String, Collection>>,
}

/// A finished collection and what filters and path checks need to know about it.
pub(crate) struct Built {
    pub(crate) collection: Collection,
    /// Every field name some record has.
    pub(crate) fields: HashSet<String>,
    /// Every `id` and `mac` value of its records.
    pub(crate) known: HashSet<String>,
}

struct Slot {
    group: usize,
    built: OnceLock<Built>,
}

/// What can be built, and what was.
pub(crate) struct Plan {
    groups: Vec<Group>,
    slots: BTreeMap<String, Slot>,
    /// The catalog's operations by collection key, in catalog order.
    ops: HashMap<String, Vec<Op>>,
}

impl Plan {
    /// Every collection the catalog's operations read, none built yet; the keys that only the
    /// catalog plans go to `sketched`.
    pub(super) fn new(routes: &Routes, sketched: &mut HashSet<String>) -> Self {
        let mut ops: HashMap<String, Vec<Op>> = HashMap::new();
        for op in &routes.ops {
            ops.entry(op.key.clone()).or_default().push(op.clone());
        }
        let mut groups = Vec::new();
        let mut slots = BTreeMap::new();
        for key in [infra::KEYS, activity::KEYS, objects::KEYS].concat() {
            slots.insert(key.to_string(), Slot::of(groups.len()));
            groups.push(Group::of(Source::Hand(key)));
        }
        for key in rogues::KEYS {
            slots.insert(key.to_string(), Slot::of(groups.len()));
        }
        groups.push(Group::of(Source::Rogues));
        let mut planned: Vec<&String> = ops
            .iter()
            .filter(|(key, list)| !slots.contains_key(*key) && list.iter().any(synth::wants_collection))
            .map(|(key, _)| key)
            .collect();
        planned.sort_unstable();
        for key in planned {
            slots.insert(key.clone(), Slot::of(groups.len()));
            sketched.insert(key.clone());
            groups.push(Group::of(Source::Synth(key.clone())));
        }
        Plan { groups, slots, ops }
    }

    pub(super) fn keys(&self) -> impl Iterator<Item = &str> {
        self.slots.keys().map(String::as_str)
    }

    /// The group's raw records, generated on first use.
    fn raw(&self, w: &World, group: usize) -> &Raw {
        let g = &self.groups[group];
        g.raw.get_or_init(|| {
            let built = match &g.source {
                Source::Hand(key) => {
                    let c = infra::collection(w, w.seed, key)
                        .or_else(|| activity::collection(w, w.seed, &w.scale, key))
                        .or_else(|| objects::collection(w, w.seed, &w.scale, key));
                    c.map(|c| vec![(key.to_string(), c)]).unwrap_or_default()
                }
                Source::Rogues => rogues::collections(w, w.seed),
                Source::Synth(key) => {
                    let ops: Vec<&Op> = self
                        .ops_of(key)
                        .iter()
                        .filter(|o| synth::wants_collection(o))
                        .collect();
                    let refs = Refs::Before(group);
                    vec![(key.clone(), synth::generic(w, &w.scale, key, &ops, refs))]
                }
            };
            Raw::of(built)
        })
    }

    fn ops_of(&self, key: &str) -> &[Op] {
        self.ops.get(key).map_or(&[], Vec::as_slice)
    }

    /// The finished collection `key`, built on first use.
    pub(super) fn built(&self, w: &World, key: &str) -> Option<&Built> {
        let slot = self.slots.get(key)?;
        Some(slot.built.get_or_init(|| {
            let raw = self.raw(w, slot.group);
            let taken = raw
                .stash
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .remove(key);
            // Each slot is initialised once, so its records are still in the stash.
            let mut collection = taken.unwrap_or_else(Collection::empty);
            synth::complete(w, key, &mut collection, self.ops_of(key));
            Built::of(collection)
        }))
    }

    /// `(organisation, id)` of the records of `key` that `refs` allows naming.
    pub(super) fn ids(&self, w: &World, key: &str, refs: Refs<'_>) -> Option<&[(usize, Value)]> {
        let slot = self.slots.get(key)?;
        let allowed = match refs {
            Refs::All => true,
            Refs::Before(group) => slot.group < group,
            Refs::Except(other) => other != key,
        };
        if !allowed {
            return None;
        }
        self.raw(w, slot.group).ids.get(key).map(Vec::as_slice)
    }

    /// Whether a generated record has `id` as its id or MAC, among the groups generated so far.
    pub(super) fn generated(&self, id: &str) -> bool {
        self.groups
            .iter()
            .filter_map(|g| g.raw.get())
            .any(|raw| raw.known.contains(id))
    }

    /// Whether any record of the whole world has `id` as its id or MAC (which builds every
    /// collection not built yet).
    pub(super) fn anywhere(&self, w: &World, id: &str) -> bool {
        let built_has = |b: &Built| b.known.contains(id);
        if self.slots.values().filter_map(|s| s.built.get()).any(built_has) {
            return true;
        }
        self.slots
            .keys()
            .filter_map(|key| self.built(w, key))
            .any(built_has)
    }
}

impl Slot {
    fn of(group: usize) -> Self {
        Slot {
            group,
            built: OnceLock::new(),
        }
    }
}

impl Group {
    fn of(source: Source) -> Self {
        Group {
            source,
            raw: OnceLock::new(),
        }
    }
}

impl Raw {
    fn of(built: Vec<(String, Collection)>) -> Self {
        let mut ids = HashMap::new();
        let mut known = HashSet::new();
        for (key, c) in &built {
            let with_id = c
                .records
                .iter()
                .filter_map(|r| Some((r.org, r.value.get("id")?.clone())))
                .collect();
            ids.insert(key.clone(), with_id);
            known.extend(known_values(c));
        }
        Raw {
            ids,
            known,
            stash: Mutex::new(built.into_iter().collect()),
        }
    }
}

impl Built {
    fn of(collection: Collection) -> Self {
        let fields = collection
            .records
            .iter()
            .filter_map(|r| r.value.as_object())
            .flat_map(|m| m.keys().cloned())
            .collect();
        let known = known_values(&collection).collect();
        Built {
            collection,
            fields,
            known,
        }
    }
}

/// The `id`, `mac` and `bssid` values of a collection's records (a rogue AP is named by its
/// BSSID).
fn known_values(c: &Collection) -> impl Iterator<Item = String> + '_ {
    c.records.iter().flat_map(|r| {
        ["id", "mac", "bssid"]
            .into_iter()
            .filter_map(|f| r.value.get(f).and_then(Value::as_str).map(str::to_string))
    })
}
