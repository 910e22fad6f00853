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

pub async fn answer(reads: &Reads<'_>, checked: &CheckedArgs) -> (Map<String, Value>, Vec<String>) {
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
    let mut sites = Vec::new();
    let mut site_names: HashMap<String, String> = HashMap::new();
    let mut devices: Vec<Value> = Vec::new();
    let mut clients = Vec::new();
    let mut missing = Vec::new();
    for (step, answer) in steps.iter().zip(answers) {
        let read = match answer {
            Ok(read) => read,
            Err(failed) => {
                missing.push(failed);
                continue;
            }
        };
        let items = read.items();
        match step.part {
            Part::Sites => {
                for site in items {
                    let (Some(id), Some(name)) = (
                        site.get("id").and_then(Value::as_str),
                        site.get("name").and_then(Value::as_str),
                    ) else {
                        continue;
                    };
                    site_names.insert(id.to_owned(), name.to_owned());
                    if matches!(query, Query::Name { .. }) && entity_rows::name_matches(name, text) {
                        sites.push(json!({"id": id, "name": name}));
                    }
                }
            }
            Part::Devices | Part::Inventory => {
                let source = if step.part == Part::Devices {
                    "devices"
                } else {
                    "inventory"
                };
                for item in items {
                    let row = entity_rows::device(item, source);
                    // The inventory repeats devices the search found: one row per MAC.
                    let seen = devices
                        .iter()
                        .any(|d| d.get("mac").is_some() && d.get("mac") == row.get("mac"));
                    if !seen {
                        devices.push(row);
                    }
                }
            }
            Part::Wireless => clients.extend(items.iter().map(entity_rows::wireless_client)),
            Part::Wired => clients.extend(items.iter().map(entity_rows::wired_client)),
        }
    }
    for row in devices.iter_mut().chain(clients.iter_mut()) {
        name_site(row, &site_names);
    }
    let mut notes = Vec::new();
    if sites.is_empty() && devices.is_empty() && clients.is_empty() && missing.is_empty() {
        notes.push(nothing_found(text, &query));
    }
    let mut out = Map::new();
    out.insert("query".into(), json!({"text": text, "looks_like": query.kind()}));
    for (name, mut rows) in [("sites", sites), ("devices", devices), ("clients", clients)] {
        if rows.len() > limit {
            out.insert(format!("{name}_found"), json!(rows.len()));
            rows.truncate(limit);
        }
        out.insert(name.into(), Value::Array(rows));
    }
    if !missing.is_empty() {
        out.insert("missing".into(), json!(missing));
    }
    (out, notes)
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
            "Nothing in this org has {} {clipped} now; clients are searched over the last day              (searchOrgWirelessClients takes a longer duration).",
            query.kind()
        ),
        Query::Name { .. } => format!(
            "Nothing in this org is named '{clipped}'. Sites match any part of their name;              device and client hostnames match whole unless * stands for the rest (e.g. {clipped}*)."
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

/// The reads a query of this shape needs.
fn plan(org_id: &str, query: &Query, limit: usize) -> Vec<Step> {
    let step = |tool, about: String, filter: (&str, &str), part| Step {
        tool,
        about,
        args: json!({"org_id": org_id, filter.0: filter.1, "limit": limit}),
        part,
    };
    let devices = |filter: (&str, &str)| -> Vec<Step> {
        DEVICE_TYPES
            .iter()
            .map(|ty| Step {
                tool: "searchOrgDevices",
                about: format!("{} with {}={}", plural(ty), filter.0, filter.1),
                args: json!({"org_id": org_id, filter.0: filter.1, "type": ty, "limit": limit}),
                part: Part::Devices,
            })
            .collect()
    };
    let sites = Step {
        tool: "listOrgSites",
        about: "the org's sites, by name".into(),
        args: json!({"org_id": org_id, "limit": SITES_READ, "fields": "id,name"}),
        part: Part::Sites,
    };
    let mut steps = vec![sites];
    steps.extend(match query {
        Query::Mac(mac) => devices(("mac", mac)),
        Query::Ip(ip) => devices(("ip", ip)),
        Query::Name { text, .. } => devices(("hostname", text)),
    });
    steps.extend(match query {
        Query::Mac(mac) => vec![
            step(
                "getOrgInventory",
                format!("mac={mac}"),
                ("mac", mac),
                Part::Inventory,
            ),
            step(
                "searchOrgWirelessClients",
                format!("mac={mac}"),
                ("mac", mac),
                Part::Wireless,
            ),
            step(
                "searchOrgWiredClients",
                format!("mac={mac}"),
                ("mac", mac),
                Part::Wired,
            ),
        ],
        Query::Ip(ip) => vec![
            step(
                "searchOrgWirelessClients",
                format!("ip={ip}"),
                ("ip", ip),
                Part::Wireless,
            ),
            step(
                "searchOrgWiredClients",
                format!("ip={ip}"),
                ("ip", ip),
                Part::Wired,
            ),
        ],
        Query::Name { text, serial } => {
            let mut steps = vec![
                step(
                    "searchOrgWirelessClients",
                    format!("hostname={text}"),
                    ("hostname", text),
                    Part::Wireless,
                ),
                step(
                    "searchOrgWiredClients",
                    format!("dhcp_hostname={text}"),
                    ("dhcp_hostname", text),
                    Part::Wired,
                ),
            ];
            if *serial {
                steps.push(step(
                    "getOrgInventory",
                    format!("serial={text}"),
                    ("serial", text),
                    Part::Inventory,
                ));
            }
            steps
        }
    });
    steps
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
