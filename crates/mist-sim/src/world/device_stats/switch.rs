//! A switch's stats: its ports and interfaces with the clients and APs cabled to them (its
//! `if_stat` is keyed `port.unit`, as Mist keys it, dots included), modules, CPU and tables.

use super::{ap_uplink, config_state, counters, cpu, firmware, ip_stat};
use crate::rng::Rng;
use crate::world::World;
use crate::world::entities::{Client, Device, DeviceKind};
use serde_json::{Map, Value, json};

/// The switch's detail: modules, CPU, interfaces and ports with the clients and APs on them.
pub(in crate::world) fn switch(w: &World, d: &Device, rng: &mut Rng, v: &mut Value) {
    let wired: Vec<&Client> = w
        .clients_at(&d.site_id)
        .filter(|c| c.wired && c.device_mac == d.mac)
        .collect();
    let aps: Vec<(&Device, String)> = w
        .devices_at(&d.site_id)
        .filter(|x| x.kind == DeviceKind::Ap)
        .filter_map(|ap| {
            ap_uplink(w, ap)
                .filter(|up| up.switch.mac == d.mac)
                .map(|up| (ap, up.port))
        })
        .collect();
    ports(d, &wired, &aps, rng, v);
    v["clients"] = wired
        .iter()
        .map(|c| json!({"mac": c.mac, "hostname": c.hostname, "port_id": c.port_id, "device_mac": d.mac}))
        .collect();
    v["clients_stats"] = json!({"total": {"num_wired_clients": wired.len(), "num_aps": [aps.len()]}});
    v["cpu_stat"] = cpu(rng);
    v["memory_stat"] = json!({"usage": rng.range(20, 70)});
    v["module_stat"] = json!([module(d, rng)]);
    v["ip_stat"] = ip_stat(d);
    v["route_summary_stats"] = json!({"fib_routes": 12, "rib_routes": 14, "total_routes": 14, "max_unicast_routes_supported": 32_768});
    v["mac_table_stats"] =
        json!({"mac_table_count": wired.len() + aps.len() + 2, "max_mac_entries_supported": 32_768});
    v["arp_table_stats"] = json!({"arp_table_count": wired.len() + 3, "max_entries_supported": 16_384});
    v["service_stat"] = json!({"mist": {"mist_agent_version": "0.3.112", "package_version": "0.3.112", "ash_version": "1.0.18"}});
    config_state(d, rng, v);
    v["fw_versions_outofsync"] = json!(false);
    v["hw_rev"] = json!("A");
    firmware(d, v);
}

/// One port per wired client and per AP cabled to the switch, and its uplink: the `ports`
/// list and the `if_stat` map, keyed `port.unit` (unit 0 untagged, else the VLAN): keys that
/// hold a dot, as the cloud's do (the quirk `quirks::DOTTED_KEYS`).
fn ports(d: &Device, wired: &[&Client], aps: &[(&Device, String)], rng: &mut Rng, v: &mut Value) {
    let up = d.connected;
    let mut if_stat = Map::new();
    let mut ports = Vec::new();
    let mut port = |rng: &mut Rng, port_id: &str, vlan: u16, usage: &str, neighbor: Option<(&str, &str)>| {
        let (tx, rx, txp, rxp) = counters(rng, 20_000_000_000);
        if_stat.insert(
            format!("{port_id}.{}", if vlan == 1 { 0 } else { vlan }),
            json!({"port_id": port_id, "up": up, "vlan": vlan, "port_usage": usage, "tx_bytes": tx, "rx_bytes": rx, "tx_pkts": txp, "rx_pkts": rxp}),
        );
        let mut p = json!({
            "port_id": port_id, "mac": d.mac, "org_id": d.org_id, "site_id": d.site_id, "up": up,
            "speed": if port_id.starts_with("mge") { 2_500 } else { 1_000 }, "full_duplex": true,
            "port_usage": usage, "poe_on": port_id.starts_with("mge"), "stp_state": "forwarding", "stp_role": "designated",
            "tx_bytes": tx, "rx_bytes": rx, "tx_pkts": txp, "rx_pkts": rxp, "rx_errors": 0, "tx_errors": 0,
            "type": "ethernet", "active": up, "uplink": false,
        });
        if let Some((mac, name)) = neighbor {
            p["neighbor_mac"] = json!(mac);
            p["neighbor_system_name"] = json!(name);
        }
        ports.push(p);
    };
    for c in wired {
        port(rng, &c.port_id, c.vlan, "default", None);
    }
    for (ap, p) in aps {
        port(rng, p, 1, "ap", Some((ap.mac.as_str(), ap.name.as_str())));
    }
    port(rng, "xe-0/2/0", 1, "uplink", None);
    v["if_stat"] = Value::Object(if_stat);
    v["ports"] = Value::Array(ports);
}

/// The switch's one FPC: versions, PoE budget, fans, power supplies and sensors.
fn module(d: &Device, rng: &mut Rng) -> Value {
    json!({
        "fpc_idx": 0, "model": d.model, "serial": d.serial, "mac": d.mac, "type": "fpc",
        "status": if d.connected { "ok" } else { "unknown" },
        "version": d.version, "backup_version": d.version, "bios_version": "2.1.0", "uboot_version": "2020.10",
        "boot_partition": "junos", "recovery_version": d.version, "poe_version": "2.1.1.19.3",
        "cpld_version": "7", "fpga_version": "0.2.1", "uptime": d.uptime, "last_seen": d.last_seen,
        "vc_role": "master", "vc_state": "present", "vc_mode": "HiGiG", "locating": false,
        "cpu_stat": cpu(rng), "memory_stat": {"usage": rng.range(20, 70)},
        "poe": {"max_power": 740.0, "power_draw": rng.range(80, 400) as f64, "status": "AT_MODE"},
        "fans": [
            {"name": "Fan Tray 0 Fan 0", "airflow": "out", "rpm": rng.range(5_000, 7_000), "status": "ok"},
            {"name": "Fan Tray 1 Fan 0", "airflow": "out", "rpm": rng.range(5_000, 7_000), "status": "ok"},
        ],
        "psus": [{"name": "Power Supply 0", "status": "ok"}, {"name": "Power Supply 1", "status": "absent"}],
        "temperatures": [
            {"name": "FPC 0 CPU Sensor", "celsius": rng.range(40, 60) as f64, "status": "ok"},
            {"name": "FPC 0 PHY Sensor", "celsius": rng.range(35, 55) as f64, "status": "ok"},
        ],
        "errors": [], "vc_links": [],
    })
}
