//! The synthetic organisations, generated from the seed and read-only afterwards.
//!
//! Entities (orgs, sites, devices, clients) are typed so tests can pick valid arguments and are
//! generated at start; every answerable list is a [`Collection`] of JSON records, built on the
//! first request that reads it ([`lazy`]), so a request only filters and slices borrowed data.

mod activity;
mod device_stats;
mod entities;
pub(crate) mod fields;
pub(crate) mod floor_plan;
mod infra;
mod lazy;
pub(crate) mod names;
mod objects;
pub(crate) mod radio;
mod rogues;
pub(crate) mod sle;
mod spread;
pub(crate) mod synth;

use crate::config::{SimConfig, SimScale};
use crate::route::Routes;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

pub use entities::{Client, Device, DeviceKind, Org, Site};
pub(crate) use objects::admin_id;
pub use radio::Radio;

/// One JSON record of a collection, with what filtering needs kept out of the JSON.
#[derive(Debug)]
pub(crate) struct Record {
    pub(crate) org: usize,
    /// `None` for organisation-level objects (templates, unassigned inventory, ...).
    pub(crate) site: Option<usize>,
    /// Epoch seconds for records that time windows apply to.
    pub(crate) ts: Option<i64>,
    pub(crate) value: Value,
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
    pub(crate) layout: Layout,
    pub(crate) records: Vec<Record>,
}

impl Collection {
    fn empty() -> Self {
        Collection {
            layout: Layout::OrgLevel,
            records: Vec::new(),
        }
    }
}

#[derive(Debug, Default)]
struct Index {
    site: HashMap<String, usize>,
    device: HashMap<String, usize>,
    client: HashMap<String, usize>,
    devices_of_site: Vec<Vec<usize>>,
    clients_of_site: Vec<Vec<usize>>,
}

impl Index {
    fn of(sites: &[Site], devices: &[Device], clients: &[Client]) -> Self {
        let site: HashMap<String, usize> = sites.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
        let mut devices_of_site = vec![Vec::new(); sites.len()];
        let mut device = HashMap::with_capacity(devices.len() * 2);
        for (i, d) in devices.iter().enumerate() {
            device.insert(d.mac.clone(), i);
            device.insert(d.id.clone(), i);
            if let Some(&s) = site.get(&d.site_id) {
                devices_of_site[s].push(i);
            }
        }
        let mut clients_of_site = vec![Vec::new(); sites.len()];
        let mut client = HashMap::with_capacity(clients.len());
        for (i, c) in clients.iter().enumerate() {
            client.insert(c.mac.clone(), i);
            if let Some(&s) = site.get(&c.site_id) {
                clients_of_site[s].push(i);
            }
        }
        Index {
            site,
            device,
            client,
            devices_of_site,
            clients_of_site,
        }
    }
}

/// The whole synthetic state. Fields are public for reading; the simulator never changes it.
pub struct World {
    /// The seed the world was generated from.
    pub seed: u64,
    /// The "now" every timestamp was generated relative to (epoch seconds).
    pub now: i64,
    /// Main organisation first.
    pub orgs: Vec<Org>,
    /// Every organisation's sites, the main one's first.
    pub sites: Vec<Site>,
    /// APs, switches and gateways of every site.
    pub devices: Vec<Device>,
    /// Wireless and wired clients.
    pub clients: Vec<Client>,
    scale: SimScale,
    /// Lookups by id and MAC, and the devices and clients of each site (indices in generation
    /// order), so that answers about one site or one device cost the same at any scale.
    index: Index,
    plan: lazy::Plan,
    /// Ids and MACs of the entities, and the WLANs their clients use.
    entity_ids: HashSet<String>,
    /// Collections planned from the catalog alone: their records hold only what filters and
    /// counts need, so answers complete them from the response schema.
    pub(crate) sketched: HashSet<String>,
}

impl std::fmt::Debug for World {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("World")
            .field("seed", &self.seed)
            .field("orgs", &self.orgs.len())
            .field("sites", &self.sites.len())
            .field("devices", &self.devices.len())
            .field("clients", &self.clients.len())
            .finish_non_exhaustive()
    }
}

impl World {
    /// The entities, and the plan of every collection (built when first read).
    pub(crate) fn generate(config: &SimConfig, now: i64, routes: &Routes) -> Self {
        let seed = config.seed;
        let (orgs, sites) = entities::orgs_and_sites(seed, &config.scale, now);
        let devices = entities::devices(seed, &config.scale, &sites, now);
        let clients = entities::clients(seed, &config.scale, &sites, &devices);
        let mut sketched = HashSet::new();
        let plan = lazy::Plan::new(routes, &mut sketched);
        let mut entity_ids = HashSet::new();
        entity_ids.extend(orgs.iter().map(|o| o.id.clone()));
        entity_ids.extend(sites.iter().map(|s| s.id.clone()));
        for d in &devices {
            entity_ids.insert(d.id.clone());
            entity_ids.insert(d.mac.clone());
        }
        for c in &clients {
            entity_ids.insert(c.mac.clone());
            if !c.wlan_id.is_empty() {
                entity_ids.insert(c.wlan_id.clone());
            }
        }
        let index = Index::of(&sites, &devices, &clients);
        World {
            seed,
            now,
            orgs,
            sites,
            devices,
            clients,
            scale: config.scale.clone(),
            index,
            plan,
            entity_ids,
            sketched,
        }
    }

    /// The collection `key`, built on first use.
    pub(crate) fn collection(&self, key: &str) -> Option<&Collection> {
        self.plan.built(self, key).map(|b| &b.collection)
    }

    /// `(organisation, id)` of the records of `key` that `refs` allows naming.
    pub(crate) fn ids_of(&self, key: &str, refs: fields::Refs<'_>) -> Option<&[(usize, Value)]> {
        self.plan.ids(self, key, refs)
    }

    /// Whether any record of the collection has `field`, i.e. whether filtering on it means
    /// anything.
    pub(crate) fn has_field(&self, key: &str, field: &str) -> bool {
        self.plan
            .built(self, key)
            .is_some_and(|b| b.fields.contains(field))
    }

    /// Whether a path id (device id, MAC, webhook id, ...) names something in the world; an
    /// id no entity or generated record has builds every collection to be sure.
    pub(crate) fn knows(&self, id: &str) -> bool {
        if self.knows_generated(id) {
            return true;
        }
        let lower = id.to_ascii_lowercase();
        self.plan.anywhere(self, id) || (lower != id && self.plan.anywhere(self, &lower))
    }

    /// [`World::knows`] for the value of `placeholder` in the path template `path`: the
    /// collection the path lists there is generated first, so an id it holds is found without
    /// generating the rest of the world.
    pub(crate) fn knows_at(&self, id: &str, path: &str, placeholder: &str) -> bool {
        if let Some((parent, _)) = path.split_once(&format!("/{{{placeholder}}}")) {
            let _ = self.collection(&crate::route::scope_and_key(parent).1);
        }
        self.knows(id)
    }

    /// Whether `id` is an entity's, a minted one, or a record's among the groups generated so
    /// far. Values the shape engine draws from the world are always among these (drawing one
    /// generates its group), so answers do not depend on what was asked before.
    pub(crate) fn knows_generated(&self, id: &str) -> bool {
        let lower = id.to_ascii_lowercase();
        [id, lower.as_str()]
            .iter()
            .any(|v| self.entity_ids.contains(*v) || self.plan.generated(v))
            || crate::ids::is_minted(self.seed, id)
    }

    /// The main organisation.
    pub fn main_org(&self) -> &Org {
        &self.orgs[0]
    }

    /// Position of the organisation of this id in [`World::orgs`].
    pub fn org_index(&self, id: &str) -> Option<usize> {
        self.orgs.iter().position(|o| o.id == id)
    }

    /// Position of the site of this id in [`World::sites`].
    pub fn site_index(&self, id: &str) -> Option<usize> {
        self.index.site.get(id).copied()
    }

    /// The device of this MAC or id.
    pub fn device(&self, mac_or_id: &str) -> Option<&Device> {
        self.index.device.get(mac_or_id).map(|&i| &self.devices[i])
    }

    /// The client of this MAC.
    pub fn client(&self, mac: &str) -> Option<&Client> {
        self.index.client.get(mac).map(|&i| &self.clients[i])
    }

    /// Sites of one organisation.
    pub fn sites_of<'a>(&'a self, org_id: &'a str) -> impl Iterator<Item = &'a Site> + 'a {
        self.sites.iter().filter(move |s| s.org_id == org_id)
    }

    /// The devices of a site, in generation order.
    pub fn devices_at<'a>(&'a self, site_id: &str) -> impl Iterator<Item = &'a Device> + 'a {
        let list = self
            .site_index(site_id)
            .map_or(&[][..], |s| self.index.devices_of_site[s].as_slice());
        list.iter().map(|&i| &self.devices[i])
    }

    /// The clients of a site, in generation order.
    pub fn clients_at<'a>(&'a self, site_id: &str) -> impl Iterator<Item = &'a Client> + 'a {
        let list = self
            .site_index(site_id)
            .map_or(&[][..], |s| self.index.clients_of_site[s].as_slice());
        list.iter().map(|&i| &self.clients[i])
    }

    /// The JSON records of a collection (by key such as `clients/events`), for tests that want
    /// to compare answers with the data.
    pub fn records(&self, key: &str) -> Vec<&Value> {
        self.collection(key)
            .map(|c| c.records.iter().map(|r| &r.value).collect())
            .unwrap_or_default()
    }

    /// Keys of every collection, sorted.
    pub fn collection_keys(&self) -> Vec<&str> {
        self.plan.keys().collect()
    }
}
