//! A gateway's stats: its WAN and LAN interfaces (keyed `port.unit`), modules, services, SPU,
//! and the cluster of an HA pair.

use super::{config_state, counters, cpu, firmware, ip_stat};
use crate::rng::Rng;
use crate::world::entities::Device;
use crate::world::{World, names};
use serde_json::{Map, Value, json};

/// The gateway's detail: WAN and LAN interfaces, DHCP pools, modules, services, SPU.
pub(in crate::world) fn gateway(w: &World, d: &Device, rng: &mut Rng, v: &mut Value) {
    let number = w.site_index(&d.site_id).map_or(0, |i| w.sites[i].number);
    v["if_stat"] = interfaces(d, number, rng);
    v["cpu_stat"] = cpu(rng);
    v["memory_stat"] = json!({"usage": rng.range(30, 80)});
    v["ip_stat"] = ip_stat(d);
    v["dhcpd_stat"] = json!({
        "corp": {"num_ips": 250, "num_leased": rng.range(20, 120)},
        "guest": {"num_ips": 250, "num_leased": rng.range(5, 60)},
        "iot": {"num_ips": 250, "num_leased": rng.range(5, 40)},
    });
    v["module_stat"] = json!([module(d, rng)]);
    v["spu_stat"] = json!([{
        "spu_cpu": rng.range(2, 30), "spu_current_session": rng.range(200, 9_000), "spu_max_session": 256_000,
        "spu_memory": rng.range(20, 60), "spu_pending_session": 0, "spu_uptime": d.uptime, "spu_valid_session": rng.range(200, 9_000),
    }]);
    v["service_stat"] = json!({"mist": {"mist_agent_version": "0.3.112", "package_version": "0.3.112"}});
    v["route_summary_stats"] = json!({"fib_routes": 40, "rib_routes": 44, "total_routes": 44, "max_unicast_routes_supported": 256_000});
    v["arp_table_stats"] = json!({"arp_table_count": rng.range(20, 200), "max_entries_supported": 16_384});
    config_state(d, rng, v);
    firmware(d, v);
    cluster(d, rng, v);
}

/// An HA pair's cluster: its state, links and redundancy groups, and the second node's module.
/// A standalone gateway has no cluster, and the cloud says so with `""` where the cluster's
/// object would be (the quirk `quirks::EMPTY_OBJECT`).
fn cluster(d: &Device, rng: &mut Rng, v: &mut Value) {
    let Some(peer) = d.ha_peer_mac() else {
        v["is_ha"] = json!(false);
        v["cluster_config"] = json!("");
        return;
    };
    let (status, link) = if d.connected {
        ("Green", "Up")
    } else {
        ("Unknown", "Down")
    };
    v["is_ha"] = json!(true);
    v["node_name"] = json!("node0");
    v["cluster_stat"] = json!({"state": if d.connected { "primary" } else { "unknown" }});
    v["cluster_config"] = json!({
        "configuration": "active-passive", "operational": "active-passive", "status": status,
        "primary_node_health": if d.connected { "healthy" } else { "unknown" },
        "secondary_node_health": if d.connected { "healthy" } else { "unknown" },
        "control_link_info": {"name": "fxp1", "status": link},
        "fabric_link_info": {
            "Interface": ["ge-0/0/2", "ge-5/0/2"], "State": "Enabled", "Status": link,
            "DataPlaneNotifiedStatus": link, "InternalStatus": link,
        },
        "ethernet_connection": [{"name": "ge-0/0/2", "status": link}, {"name": "ge-5/0/2", "status": link}],
        "redundancy_group_information": [
            {"Id": 0, "MonitoringFailure": "None", "Threshold": 255},
            {"Id": 1, "MonitoringFailure": "None", "Threshold": 255},
        ],
        "last_status_change_reason": "Manual failover",
    });
    let mut second = module(d, rng);
    second["mac"] = json!(peer);
    second["fpc_idx"] = json!(5);
    second["serial"] = json!(format!("{}B", d.serial));
    v["module2_stat"] = json!([second]);
}

/// One interface of the gateway: where it is, and the WAN it reaches when it is a WAN port.
struct Interface<'a> {
    port: &'a str,
    vlan: u16,
    network: &'a str,
    /// `(wan_name, wan_type)` of a WAN port.
    wan: Option<(&'a str, &'a str)>,
    ip: String,
}

/// The broadband and LTE WAN ports, and one LAN unit per WLAN's VLAN on `ge-0/0/3`, keyed
/// `port.unit`: keys that hold a dot, as the cloud's do (the quirk `quirks::DOTTED_KEYS`).
fn interfaces(d: &Device, site_number: usize, rng: &mut Rng) -> Value {
    let public = site_number + 10;
    let mut list = vec![
        Interface {
            port: "ge-0/0/0",
            vlan: 0,
            network: "",
            wan: Some(("wan", "broadband")),
            ip: format!("203.0.113.{public}/24"),
        },
        Interface {
            port: "ge-0/0/1",
            vlan: 0,
            network: "",
            wan: Some(("lte", "lte")),
            ip: format!("198.51.100.{public}/24"),
        },
    ];
    let lans: Vec<(String, u16)> = names::WLANS
        .iter()
        .map(|(ssid, vlan, _)| (ssid.to_lowercase(), *vlan))
        .collect();
    for (net, vlan) in &lans {
        list.push(Interface {
            port: "ge-0/0/3",
            vlan: *vlan,
            network: net,
            wan: None,
            ip: format!("10.{site_number}.{vlan}.1/24"),
        });
    }
    let mut if_stat = Map::new();
    for i in list {
        let key = format!("{}.{}", i.port, i.vlan);
        if_stat.insert(key, interface(d, &i, rng));
    }
    Value::Object(if_stat)
}

fn interface(d: &Device, i: &Interface<'_>, rng: &mut Rng) -> Value {
    let (tx, rx, txp, rxp) = counters(rng, 60_000_000_000);
    let mut x = json!({
        "port_id": i.port, "up": d.connected, "vlan": i.vlan, "ips": [i.ip], "tx_bytes": tx, "rx_bytes": rx,
        "tx_pkts": txp, "rx_pkts": rxp, "network_name": i.network,
        "port_usage": if i.wan.is_some() { "wan" } else { "lan" },
        "address_mode": if i.wan.is_some() { "DHCP" } else { "Static" },
    });
    if let Some((name, kind)) = i.wan {
        x["wan_name"] = json!(name);
        x["wan_type"] = json!(kind);
        x["nat_addresses"] = json!([]);
    }
    x
}

/// The gateway's one FPC: versions, fans, power and sensors.
fn module(d: &Device, rng: &mut Rng) -> Value {
    json!({
        "model": d.model, "serial": d.serial, "mac": d.mac, "status": if d.connected { "ok" } else { "unknown" },
        "version": d.version, "uptime": d.uptime, "last_seen": d.last_seen, "type": "fpc", "fpc_idx": 0,
        "bios_version": "3.0", "boot_partition": "primary",
        "fans": [{"name": "SRX Fan 0", "airflow": "out", "rpm": rng.range(3_000, 5_000), "status": "ok"}],
        "psus": [{"name": "PEM 0", "status": "ok"}],
        "temperatures": [{"name": "Routing Engine", "celsius": rng.range(40, 60) as f64, "status": "ok"}],
        "errors": [], "vc_links": [], "cpu_stat": cpu(rng), "memory_stat": {"usage": rng.range(30, 80)},
    })
}
