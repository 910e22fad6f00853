//! `findMistEntity {org_id, query, limit?}`: what a name, MAC, IP address or serial belongs to.
//!
//! The query's shape decides the reads, all made at once:
//! - a MAC: the device search, the inventory, the wireless and the wired client searches by MAC;
//! - an IP address: the device search and both client searches by IP;
//! - anything else: the org's sites (matched here by name, `*` as a wildcard), the device
//!   search by hostname, the client searches by hostname, and the inventory by serial when the
//!   query could be one.

use super::entity_rows::{self, Query};
use super::reads::{Failed, Read, Reads};
use super::{arg, number_arg};
use crate::executor::args::CheckedArgs;
use futures_util::future::join_all;
use serde_json::{Map, Value, json};

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
            Part::Sites => sites.extend(
                items
                    .iter()
                    .filter(|s| {
                        s.get("name")
                            .and_then(Value::as_str)
                            .is_some_and(|name| entity_rows::name_matches(name, text))
                    })
                    .map(|s| json!({"id": s.get("id"), "name": s.get("name")})),
            ),
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

/// What to try when nothing matched.
fn nothing_found(text: &str, query: &Query) -> String {
    let clipped = crate::echo::clip(text);
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

/// The reads a query of this shape needs.
fn plan(org_id: &str, query: &Query, limit: usize) -> Vec<Step> {
    let step = |tool, about: String, filter: (&str, &str), part| Step {
        tool,
        about,
        args: json!({"org_id": org_id, filter.0: filter.1, "limit": limit}),
        part,
    };
    match query {
        Query::Mac(mac) => vec![
            step(
                "searchOrgDevices",
                format!("mac={mac}"),
                ("mac", mac),
                Part::Devices,
            ),
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
            step("searchOrgDevices", format!("ip={ip}"), ("ip", ip), Part::Devices),
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
                Step {
                    tool: "listOrgSites",
                    about: "sites by name".into(),
                    args: json!({"org_id": org_id, "limit": SITES_READ, "fields": "id,name"}),
                    part: Part::Sites,
                },
                step(
                    "searchOrgDevices",
                    format!("hostname={text}"),
                    ("hostname", text),
                    Part::Devices,
                ),
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
    fn a_mac_is_looked_up_among_devices_inventory_and_both_kinds_of_clients() {
        assert_eq!(
            tools("5c:5b:35:14:0e:ac"),
            [
                "searchOrgDevices",
                "getOrgInventory",
                "searchOrgWirelessClients",
                "searchOrgWiredClients"
            ]
        );
    }

    #[test]
    fn a_name_reads_the_sites_and_a_serial_shaped_one_the_inventory_too() {
        assert_eq!(tools("Paris-HQ").first(), Some(&"listOrgSites"));
        assert!(!tools("Paris-HQ").contains(&"getOrgInventory"));
        assert!(tools("AB07BA9B42B").contains(&"getOrgInventory"));
    }
}
