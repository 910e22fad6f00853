//! The synthetic organisations: generated once from the seed at start, read-only afterwards.
//!
//! Entities (orgs, sites, devices, clients) are typed so tests can pick valid arguments; every
//! answerable list is a [`Collection`] of pre-built JSON records, so a request only filters and
//! slices borrowed data.

mod activity;
mod entities;
pub(crate) mod fields;
mod infra;
pub(crate) mod names;
mod objects;
mod spread;
pub(crate) mod synth;

use crate::config::SimConfig;
use crate::route::Routes;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

pub use entities::{Client, Device, DeviceKind, Org, Site};

/// One JSON record of a collection, with what filtering needs kept out of the JSON.
#[derive(Debug)]
pub(crate) struct Record {
    pub org: usize,
    /// `None` for organisation-level objects (templates, unassigned inventory, ...).
    pub site: Option<usize>,
    /// Epoch seconds for records that time windows apply to.
    pub ts: Option<i64>,
    pub value: Value,
}

/// How a collection's records relate organisation and site operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// Records belong to sites; organisation operations see all of them.
    Distributed,
    /// Records belong to the organisation only; site `derived` operations see them too.
    OrgLevel,
    /// Both kinds exist (WLANs, webhooks): organisation lists show org-level objects, site lists
    /// show the site's own, and `derived` shows both.
    Mixed,
}

#[derive(Debug)]
pub(crate) struct Collection {
    pub layout: Layout,
    pub records: Vec<Record>,
}

/// The whole synthetic state. Fields are public for reading; the simulator never changes it.
#[derive(Debug)]
pub struct World {
    /// The seed the world was generated from.
    pub seed: u64,
    /// The "now" every timestamp was generated relative to (epoch seconds).
    pub now: i64,
    /// Main organisation first.
    pub orgs: Vec<Org>,
    pub sites: Vec<Site>,
    pub devices: Vec<Device>,
    /// Wireless and wired clients.
    pub clients: Vec<Client>,
    pub(crate) collections: HashMap<String, Collection>,
    /// Every field name some record of a collection has, by collection key.
    fields: HashMap<String, HashSet<String>>,
    known_ids: HashSet<String>,
    /// Collections planned from the catalog alone: their records hold only what filters and
    /// counts need, so answers complete them from the response schema.
    pub(crate) sketched: HashSet<String>,
}

impl World {
    pub(crate) fn generate(config: &SimConfig, now: i64, routes: &Routes) -> Self {
        let seed = config.seed;
        let (orgs, sites) = entities::orgs_and_sites(seed, &config.scale, now);
        let devices = entities::devices(seed, &config.scale, &sites, now);
        let clients = entities::clients(seed, &config.scale, &sites, &devices);
        let mut world = World {
            seed,
            now,
            orgs,
            sites,
            devices,
            clients,
            collections: HashMap::new(),
            fields: HashMap::new(),
            known_ids: HashSet::new(),
            sketched: HashSet::new(),
        };
        let mut built = Vec::new();
        built.extend(infra::collections(&world, seed));
        built.extend(activity::collections(&world, seed, &config.scale));
        built.extend(objects::collections(&world, seed, &config.scale));
        world.collections.extend(built);
        synth::build(&mut world, seed, &config.scale, routes);
        synth::complete_fields(&mut world, seed, routes);
        world.index_ids();
        world
    }

    fn index_ids(&mut self) {
        let mut ids = HashSet::new();
        ids.extend(self.orgs.iter().map(|o| o.id.clone()));
        ids.extend(self.sites.iter().map(|s| s.id.clone()));
        for d in &self.devices {
            ids.insert(d.id.clone());
            ids.insert(d.mac.clone());
        }
        ids.extend(self.clients.iter().map(|c| c.mac.clone()));
        for c in self.collections.values() {
            for r in &c.records {
                for field in ["id", "mac"] {
                    if let Some(Value::String(s)) = r.value.get(field) {
                        ids.insert(s.clone());
                    }
                }
            }
        }
        self.known_ids = ids;
        self.fields = self
            .collections
            .iter()
            .map(|(k, c)| {
                let names = c
                    .records
                    .iter()
                    .filter_map(|r| r.value.as_object())
                    .flat_map(|m| m.keys().cloned())
                    .collect();
                (k.clone(), names)
            })
            .collect();
    }

    /// Whether any record of the collection has `field`, i.e. whether filtering on it means
    /// anything.
    pub(crate) fn has_field(&self, key: &str, field: &str) -> bool {
        self.fields.get(key).is_some_and(|f| f.contains(field))
    }

    /// Whether a path id (device id, MAC, webhook id, ...) names something in the world.
    pub(crate) fn knows(&self, id: &str) -> bool {
        self.known_ids.contains(id)
            || self.known_ids.contains(&id.to_ascii_lowercase())
            || crate::shape::is_minted(self.seed, id)
    }

    /// The main organisation.
    pub fn main_org(&self) -> &Org {
        &self.orgs[0]
    }

    pub fn org_index(&self, id: &str) -> Option<usize> {
        self.orgs.iter().position(|o| o.id == id)
    }

    pub fn site_index(&self, id: &str) -> Option<usize> {
        self.sites.iter().position(|s| s.id == id)
    }

    /// Sites of one organisation.
    pub fn sites_of<'a>(&'a self, org_id: &'a str) -> impl Iterator<Item = &'a Site> + 'a {
        self.sites.iter().filter(move |s| s.org_id == org_id)
    }

    pub fn devices_at<'a>(&'a self, site_id: &'a str) -> impl Iterator<Item = &'a Device> + 'a {
        self.devices.iter().filter(move |d| d.site_id == site_id)
    }

    pub fn clients_at<'a>(&'a self, site_id: &'a str) -> impl Iterator<Item = &'a Client> + 'a {
        self.clients.iter().filter(move |c| c.site_id == site_id)
    }

    /// The JSON records of a collection (by key such as `clients/events`), for tests that want
    /// to compare answers with the data.
    pub fn records(&self, key: &str) -> Vec<&Value> {
        self.collections
            .get(key)
            .map(|c| c.records.iter().map(|r| &r.value).collect())
            .unwrap_or_default()
    }

    /// Keys of every collection.
    pub fn collection_keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = self.collections.keys().map(String::as_str).collect();
        keys.sort_unstable();
        keys
    }
}
