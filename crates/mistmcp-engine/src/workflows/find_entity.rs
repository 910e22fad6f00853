//! `findMistEntity {org_id, query, limit?}`: what a name, MAC, IP address or serial belongs to.
//!
//! The query's shape decides the reads, all made at once:
//! - a MAC: the device search, the inventory, the wireless and the wired client searches by MAC;
//! - an IP address: the device search and both client searches by IP;
//! - anything else: the device search by hostname, the client searches by hostname, and the
//!   inventory by serial when the query could be one; sites match by name (`*` as a wildcard).
//!
//! Mist's device search answers one device type at a time (APs unless told), so each device
//! search is made for APs, switches and gateways. The org's sites are always read, to match
//! a name and to name the site of every device and client found.

use super::entity_rows::{self, Query};
use super::reads::{Failed, Read, Reads};
use super::{arg, number_arg};
use crate::executor::args::CheckedArgs;
use futures_util::future::join_all;
use serde_json::{Map, Value, json};
use std::collections::HashMap;

/// Most sites read to match a name against (one page of the site list).
const SITES_READ: u32 = 1000;

/// One read of the plan: which tool, about what, with which arguments, feeding which part.
struct Step {
    tool: &'static str,
    about: String,
    args: Value,
    part: Part,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Sites,
    Devices,
    Inventory,
    Wireless,
    Wired,
}

pub(super) async fn answer(reads: &Reads<'_>, checked: &CheckedArgs) -> (Map<String, Value>, Vec<String>) {
    let org_id = arg(checked, "org_id").unwrap_or_default();
    let text = arg(checked, "query").unwrap_or_default();
    let limit = number_arg(checked, "limit", 10);
    let query = Query::classify(text);
    let steps = plan(org_id, &query, limit);
    let answers: Vec<Result<Read, Failed>> = join_all(
        steps
            .iter()
            .map(|s| reads.read(s.tool, s.about.clone(), s.args.clone())),
    )
    .await;
    let mut found = Found::default();
    for (step, answer) in steps.iter().zip(answers) {
        match answer {
            Ok(read) => found.take(step.part, read.items(), &query, text),
            Err(failed) => found.missing.push(failed),
        }
    }
    found.name_sites();
    let mut notes = Vec::new();
    if found.is_empty() {
        notes.push(nothing_found(text, &query));
    }
    (found.into_answer(text, &query, limit), notes)
}

/// What the reads found so far, and the reads that failed.
#[derive(Default)]
struct Found {
    sites: Vec<Value>,
    /// Every site's name by id, to name the site of the devices and clients found.
    site_names: HashMap<String, String>,
    devices: Vec<Value>,
    clients: Vec<Value>,
    missing: Vec<Failed>,
}

impl Found {
    /// Takes the items one read gave into the part it feeds.
    fn take(&mut self, part: Part, items: &[Value], query: &Query, text: &str) {
        match part {
            Part::Sites => self.take_sites(items, query, text),
            Part::Devices => self.take_devices(items, "devices"),
            Part::Inventory => self.take_devices(items, "inventory"),
            Part::Wireless => self
                .clients
                .extend(items.iter().map(entity_rows::wireless_client)),
            Part::Wired => self.clients.extend(items.iter().map(entity_rows::wired_client)),
        }
    }

    /// Learns every site's name, and keeps the sites a name query matches.
    fn take_sites(&mut self, items: &[Value], query: &Query, text: &str) {
        for site in items {
            let (Some(id), Some(name)) = (
                site.get("id").and_then(Value::as_str),
                site.get("name").and_then(Value::as_str),
            ) else {
                continue;
            };
            self.site_names.insert(id.to_owned(), name.to_owned());
            if matches!(query, Query::Name { .. }) && entity_rows::name_matches(name, text) {
                self.sites.push(json!({"id": id, "name": name}));
            }
        }
    }

    /// Keeps the devices found, each MAC once, saying where each was found (`source`).
    fn take_devices(&mut self, items: &[Value], source: &str) {
        for item in items {
            let row = entity_rows::device(item, source);
            // The inventory repeats devices the search found: one row per MAC.
            let seen = self
                .devices
                .iter()
                .any(|d| d.get("mac").is_some() && d.get("mac") == row.get("mac"));
            if !seen {
                self.devices.push(row);
            }
        }
    }

    /// Names the site of every device and client found.
    fn name_sites(&mut self) {
        for row in self.devices.iter_mut().chain(self.clients.iter_mut()) {
            name_site(row, &self.site_names);
        }
    }

    /// Whether nothing was found though every read answered.
    fn is_empty(&self) -> bool {
        self.sites.is_empty() && self.devices.is_empty() && self.clients.is_empty() && self.missing.is_empty()
    }

    /// The answer: the query as understood, then each kind found, cut at `limit` with the
    /// count found beside it, then the reads that failed.
    fn into_answer(self, text: &str, query: &Query, limit: usize) -> Map<String, Value> {
        let mut out = Map::new();
        out.insert("query".into(), json!({"text": text, "looks_like": query.kind()}));
        let kinds = [
            ("sites", self.sites),
            ("devices", self.devices),
            ("clients", self.clients),
        ];
        for (name, mut rows) in kinds {
            if rows.len() > limit {
                out.insert(format!("{name}_found"), json!(rows.len()));
                rows.truncate(limit);
            }
            out.insert(name.into(), Value::Array(rows));
        }
        if !self.missing.is_empty() {
            out.insert("missing".into(), json!(self.missing));
        }
        out
    }
}

/// Adds `site`, the site's name, beside a row's `site_id` when the org's sites name it.
fn name_site(row: &mut Value, names: &HashMap<String, String>) {
    let Some(name) = row
        .get("site_id")
        .and_then(Value::as_str)
        .and_then(|id| names.get(id))
    else {
        return;
    };
    let name = name.clone();
    if let Value::Object(map) = row {
        map.insert("site".into(), json!(name));
    }
}

/// What to try when nothing matched.
fn nothing_found(text: &str, query: &Query) -> String {
    let clipped = mist_client::echo::clip(text);
    match query {
        Query::Mac(_) | Query::Ip(_) => format!(
            "Nothing in this org has {} {clipped} now; clients are searched over the last day (searchOrgWirelessClients takes a longer duration).",
            query.kind()
        ),
        Query::Name { .. } => format!(
            "Nothing in this org is named '{clipped}'. Sites match any part of their name; \
             device and client hostnames match whole unless * stands for the rest (e.g. {clipped}*)."
        ),
    }
}

/// Device types Mist's device search takes, one per search.
const DEVICE_TYPES: [&str; 3] = ["ap", "switch", "gateway"];

/// A device type as the calls list names its search.
fn plural(ty: &str) -> &'static str {
    match ty {
        "switch" => "switches",
        "gateway" => "gateways",
        _ => "APs",
    }
}

/// The reads a query of this shape needs: the org's sites, the device searches, then the
/// client searches and inventory look-ups.
fn plan(org_id: &str, query: &Query, limit: usize) -> Vec<Step> {
    let planner = Planner { org_id, limit };
    let device_filter = match query {
        Query::Mac(mac) => ("mac", mac.as_str()),
        Query::Ip(ip) => ("ip", ip.as_str()),
        Query::Name { text, .. } => ("hostname", text.as_str()),
    };
    let mut steps = vec![planner.sites()];
    steps.extend(planner.devices(device_filter));
    steps.extend(planner.lookups(query));
    steps
}

/// What every read of one plan shares: the org, and how many items each read asks for.
struct Planner<'a> {
    org_id: &'a str,
    limit: usize,
}

impl Planner<'_> {
    /// A read of `tool` filtered on one argument, named in the calls list by that filter.
    fn step(&self, tool: &'static str, filter: (&str, &str), part: Part) -> Step {
        Step {
            tool,
            about: format!("{}={}", filter.0, filter.1),
            args: json!({"org_id": self.org_id, filter.0: filter.1, "limit": self.limit}),
            part,
        }
    }

    /// The org's sites, to match a name and to name the site of what is found.
    fn sites(&self) -> Step {
        Step {
            tool: "listOrgSites",
            about: "the org's sites, by name".into(),
            args: json!({"org_id": self.org_id, "limit": SITES_READ, "fields": "id,name"}),
            part: Part::Sites,
        }
    }

    /// One device search per device type, all with `filter`.
    fn devices(&self, filter: (&str, &str)) -> Vec<Step> {
        DEVICE_TYPES
            .iter()
            .map(|ty| Step {
                tool: "searchOrgDevices",
                about: format!("{} with {}={}", plural(ty), filter.0, filter.1),
                args: json!({"org_id": self.org_id, filter.0: filter.1, "type": ty, "limit": self.limit}),
                part: Part::Devices,
            })
            .collect()
    }

    /// The client searches, and the inventory look-up when the query could name a device in it.
    fn lookups(&self, query: &Query) -> Vec<Step> {
        match query {
            Query::Mac(mac) => vec![
                self.step("getOrgInventory", ("mac", mac), Part::Inventory),
                self.step("searchOrgWirelessClients", ("mac", mac), Part::Wireless),
                self.step("searchOrgWiredClients", ("mac", mac), Part::Wired),
            ],
            Query::Ip(ip) => vec![
                self.step("searchOrgWirelessClients", ("ip", ip), Part::Wireless),
                self.step("searchOrgWiredClients", ("ip", ip), Part::Wired),
            ],
            Query::Name { text, serial } => {
                let mut steps = vec![
                    self.step("searchOrgWirelessClients", ("hostname", text), Part::Wireless),
                    self.step("searchOrgWiredClients", ("dhcp_hostname", text), Part::Wired),
                ];
                if *serial {
                    steps.push(self.step("getOrgInventory", ("serial", text), Part::Inventory));
                }
                steps
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tools(query: &str) -> Vec<&'static str> {
        plan("o1", &Query::classify(query), 10)
            .iter()
            .map(|s| s.tool)
            .collect()
    }

    #[test]
    fn a_mac_is_looked_up_among_every_device_type_the_inventory_and_both_kinds_of_clients() {
        assert_eq!(
            tools("5c:5b:35:14:0e:ac"),
            [
                "listOrgSites",
                "searchOrgDevices",
                "searchOrgDevices",
                "searchOrgDevices",
                "getOrgInventory",
                "searchOrgWirelessClients",
                "searchOrgWiredClients"
            ]
        );
        let types: Vec<Value> = plan("o1", &Query::classify("paris-sw-01"), 10)
            .iter()
            .filter(|s| s.tool == "searchOrgDevices")
            .map(|s| s.args["type"].clone())
            .collect();
        assert_eq!(types, [json!("ap"), json!("switch"), json!("gateway")]);
    }

    #[test]
    fn a_name_reads_the_sites_and_a_serial_shaped_one_the_inventory_too() {
        assert_eq!(tools("Paris-HQ").first(), Some(&"listOrgSites"));
        assert!(!tools("Paris-HQ").contains(&"getOrgInventory"));
        assert!(tools("AB07BA9B42B").contains(&"getOrgInventory"));
    }
}
