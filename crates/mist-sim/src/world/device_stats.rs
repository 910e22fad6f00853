//! What a device's stats record carries beyond its identity and status, at the size a real one
//! has: an AP's radios in detail, its uplink (LLDP names the switch port it really sits on),
//! Ethernet port, IP settings, sensors and BLE; a switch's modules, CPU, ports and interfaces
//! (keyed `port.unit`, as Mist keys them, dots included) with the clients on them; a gateway's
//! WAN and LAN interfaces, modules, services and SPU.
//!
//! Counters of a disconnected device are its last report: traffic, but no clients and no
//! utilisation.

use super::entities::{Device, DeviceKind};
use super::{World, radio};
use crate::rng::Rng;
use serde_json::{Map, Value, json};
use std::collections::HashMap;

/// The switch port an AP is cabled to: multigigabit ports, one per AP of the site.
pub(crate) fn ap_uplink<'w>(w: &'w World, ap: &Device) -> Option<(&'w Device, String)> {
    let switch = w.devices_at(&ap.site_id).find(|d| d.kind == DeviceKind::Switch)?;
    let index = w
        .devices_at(&ap.site_id)
        .filter(|d| d.kind == DeviceKind::Ap)
        .position(|d| d.mac == ap.mac)?;
    Some((switch, format!("mge-0/0/{index}")))
}

fn counters(rng: &mut Rng, scale: i64) -> (i64, i64, i64, i64) {
    let tx = rng.range(scale / 10, scale);
    let rx = rng.range(scale / 10, scale);
    (tx, rx, tx / 900, rx / 900)
}

/// The AP's detail: radios, uplink, port, IP, sensors, BLE.
pub(super) fn ap(
    w: &World,
    d: &Device,
    per_radio: &HashMap<(&str, &str), usize>,
    rng: &mut Rng,
    v: &mut Value,
) {
    let up = d.connected;
    let mut radios = Map::new();
    for (i, r) in d.radios.iter().enumerate() {
        let clients = if up {
            per_radio.get(&(d.mac.as_str(), r.band)).copied().unwrap_or(0)
        } else {
            0
        };
        let (tx, rx, txp, rxp) = counters(rng, 40_000_000_000);
        let util = |rng: &mut Rng, hi: i64| if up { rng.range(0, hi) } else { 0 };
        let (in_bss, other_bss, tx_util, non_wifi) =
            (util(rng, 30), util(rng, 20), util(rng, 25), util(rng, 5));
        radios.insert(
            radio::stat_key(r.band).to_string(),
            json!({
                "mac": radio_mac(&d.mac, i), "channel": r.channel, "bandwidth": r.bandwidth, "power": r.power,
                "num_clients": clients, "num_wlans": 3, "usage": r.band, "noise_floor": rng.range(-98, -88),
                "tx_bytes": tx, "rx_bytes": rx, "tx_pkts": txp, "rx_pkts": rxp,
                "util_all": in_bss + other_bss + tx_util + non_wifi, "util_rx_in_bss": in_bss,
                "util_rx_other_bss": other_bss, "util_tx": tx_util, "util_non_wifi": non_wifi,
                "util_undecodable_wifi": util(rng, 3), "util_unknown_wifi": util(rng, 2),
                "dynamic_chaining_enabled": false,
            }),
        );
    }
    v["radio_stat"] = Value::Object(radios);
    if let Some((switch, port)) = ap_uplink(w, d) {
        v["lldp_stat"] = json!({
            "chassis_id": switch.mac, "system_name": switch.name,
            "system_desc": format!("Juniper Networks, Inc. {} Ethernet Switch, JUNOS {}", switch.model.to_lowercase(), switch.version),
            "port_id": port, "port_desc": format!("{} uplink", d.name), "mgmt_addr": switch.ip,
            "mgmt_addrs": [switch.ip], "lldp_med_supported": false, "power_src": "PoE 802.3at",
            "power_srcs": ["PoE 802.3at"], "power_budget": 0, "power_avail": 30_000, "power_needed": 21_000,
            "power_allocated": 25_500.0, "power_draw": if up { rng.range(9_000, 18_000) } else { 0 } as f64,
            "power_requested": 25_500.0, "power_request_count": 1, "power_constrained": false, "power_opmode": "auto",
        });
    }
    let (tx, rx, txp, rxp) = counters(rng, 90_000_000_000);
    v["port_stat"] = json!({"eth0": {
        "up": up, "speed": 2_500, "full_duplex": true, "tx_bytes": tx, "rx_bytes": rx, "tx_pkts": txp,
        "rx_pkts": rxp, "rx_errors": rng.range(0, 4), "tx_peak_bps": rng.range(50_000_000, 900_000_000),
        "rx_peak_bps": rng.range(50_000_000, 900_000_000),
    }});
    v["ip_stat"] = ip_stat(d);
    v["env_stat"] = json!({
        "cpu_temp": rng.range(48, 66), "ambient_temp": rng.range(24, 34), "humidity": rng.range(25, 55),
        "attitude": 0, "pressure": 1_012.6, "vcore_voltage": 890,
        "accel_x": 0.02, "accel_y": -0.01, "accel_z": -0.99, "magne_x": 0.12, "magne_y": -0.31, "magne_z": 0.44,
    });
    v["ble_stat"] = json!({
        "beacon_enabled": true, "beacon_rate": 3, "power": 5, "ibeacon_enabled": false,
        "eddystone_uid_enabled": false, "eddystone_url_enabled": false,
        "uuid": "ada72bb6-8b5e-4b9f-9a3c-0f6a1c2e7d41", "major": 1_024, "minors": [1, 2, 3],
        "tx_bytes": rng.range(1_000_000, 90_000_000), "rx_bytes": rng.range(1_000_000, 90_000_000),
        "tx_pkts": rng.range(10_000, 900_000), "rx_pkts": rng.range(10_000, 900_000), "tx_resets": 0,
    });
    v["led"] = json!({"enabled": true, "brightness": 255});
    v["auto_upgrade_stat"] = json!({"lastcheck": d.last_seen - 3_600});
    v["fwupdate"] =
        json!({"status": "", "status_id": 0, "progress": 0, "timestamp": d.boot_time(), "will_retry": false});
    let (tx, rx, txp, rxp) = counters(rng, 90_000_000_000);
    v["tx_bytes"] = json!(tx);
    v["rx_bytes"] = json!(rx);
    v["tx_pkts"] = json!(txp);
    v["rx_pkts"] = json!(rxp);
    v["tx_bps"] = json!(if up { rng.range(100_000, 90_000_000) } else { 0 });
    v["rx_bps"] = json!(if up { rng.range(100_000, 90_000_000) } else { 0 });
    v["cpu_system"] = json!(rng.range(1, 10));
    v["cpu_user"] = json!(rng.range(1, 10));
    v["mem_total_kb"] = json!(1_012_856);
    v["mem_used_kb"] = json!(rng.range(300_000, 700_000));
    v["num_wlans"] = json!(3);
    v["hw_rev"] = json!("B01");
    v["power_budget"] = json!(0);
    v["power_constrained"] = json!(false);
    v["power_opmode"] = json!("auto");
    v["locating"] = json!(false);
    v["mount"] = json!("faceup");
    super::floor_plan::place(w, d, v);
    v["cert_expiry"] = json!(d.created_time + 5 * 365 * 86_400);
    v["config_reverted"] = json!(false);
}

fn radio_mac(mac: &str, i: usize) -> String {
    let low = u32::from_str_radix(mac.get(6..).unwrap_or("0"), 16).unwrap_or(0);
    format!(
        "{}{:06x}",
        mac.get(..6).unwrap_or(""),
        (low ^ ((i as u32 + 1) << 21)) & 0xff_ffff
    )
}

fn ip_stat(d: &Device) -> Value {
    let gateway =
        d.ip.rsplit_once('.')
            .map_or_else(String::new, |(net, _)| format!("{net}.1"));
    json!({
        "ip": d.ip, "netmask": "255.255.255.0", "gateway": gateway, "dhcp_server": gateway,
        "dns": ["10.0.0.53", "10.0.1.53"], "dns_suffix": ["acme-retail.example"],
        "ips": {"vlan1": format!("{}/24", d.ip)},
    })
}

fn cpu(rng: &mut Rng) -> Value {
    let user = rng.range(5, 30) as f64;
    let system = rng.range(2, 15) as f64;
    json!({
        "user": user, "system": system, "interrupt": 1.0, "idle": 100.0 - user - system - 1.0,
        "usage": user + system + 1.0, "load_avg": [0.42, 0.51, 0.48],
    })
}

/// The switch's detail: modules, CPU, interfaces and ports with the clients and APs on them.
pub(super) fn switch(w: &World, d: &Device, rng: &mut Rng, v: &mut Value) {
    let up = d.connected;
    let wired: Vec<_> = w
        .clients_at(&d.site_id)
        .filter(|c| c.wired && c.device_mac == d.mac)
        .collect();
    let aps: Vec<(&Device, String)> = w
        .devices_at(&d.site_id)
        .filter(|x| x.kind == DeviceKind::Ap)
        .filter_map(|ap| {
            ap_uplink(w, ap)
                .filter(|(s, _)| s.mac == d.mac)
                .map(|(_, p)| (ap, p))
        })
        .collect();
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
    for c in &wired {
        port(rng, &c.port_id, c.vlan, "default", None);
    }
    for (ap, p) in &aps {
        port(rng, p, 1, "ap", Some((ap.mac.as_str(), ap.name.as_str())));
    }
    port(rng, "xe-0/2/0", 1, "uplink", None);
    v["if_stat"] = Value::Object(if_stat);
    v["ports"] = Value::Array(ports);
    v["clients"] = wired
        .iter()
        .map(|c| json!({"mac": c.mac, "hostname": c.hostname, "port_id": c.port_id, "device_mac": d.mac}))
        .collect();
    v["clients_stats"] = json!({"total": {"num_wired_clients": wired.len(), "num_aps": [aps.len()]}});
    v["cpu_stat"] = cpu(rng);
    v["memory_stat"] = json!({"usage": rng.range(20, 70)});
    v["module_stat"] = json!([{
        "fpc_idx": 0, "model": d.model, "serial": d.serial, "mac": d.mac, "type": "fpc", "status": if up { "ok" } else { "unknown" },
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
    }]);
    v["ip_stat"] = ip_stat(d);
    v["route_summary_stats"] = json!({"fib_routes": 12, "rib_routes": 14, "total_routes": 14, "max_unicast_routes_supported": 32_768});
    v["mac_table_stats"] =
        json!({"mac_table_count": wired.len() + aps.len() + 2, "max_mac_entries_supported": 32_768});
    v["arp_table_stats"] = json!({"arp_table_count": wired.len() + 3, "max_entries_supported": 16_384});
    v["service_stat"] = json!({"mist": {"mist_agent_version": "0.3.112", "package_version": "0.3.112", "ash_version": "1.0.18"}});
    v["config_status"] = json!("synced");
    v["config_timestamp"] = json!(d.last_seen - 3_600);
    v["config_version"] = json!(rng.range(10, 400));
    v["fw_versions_outofsync"] = json!(false);
    v["has_pcap"] = json!(false);
    v["hw_rev"] = json!("A");
    v["cert_expiry"] = json!(d.created_time + 5 * 365 * 86_400);
    v["auto_upgrade_stat"] = json!({"lastcheck": d.last_seen - 3_600});
    v["fwupdate"] =
        json!({"status": "", "status_id": 0, "progress": 0, "timestamp": d.boot_time(), "will_retry": false});
}

/// The gateway's detail: WAN and LAN interfaces (keyed `port.unit`), modules, services, SPU.
pub(super) fn gateway(w: &World, d: &Device, rng: &mut Rng, v: &mut Value) {
    let up = d.connected;
    let number = w.site_index(&d.site_id).map_or(0, |i| w.sites[i].number);
    let site = number + 10;
    let mut if_stat = Map::new();
    let mut add = |rng: &mut Rng,
                   key: &str,
                   port: &str,
                   vlan: u16,
                   network: &str,
                   wan: Option<(&str, &str)>,
                   ip: String| {
        let (tx, rx, txp, rxp) = counters(rng, 60_000_000_000);
        let mut x = json!({
            "port_id": port, "up": up, "vlan": vlan, "ips": [ip], "tx_bytes": tx, "rx_bytes": rx,
            "tx_pkts": txp, "rx_pkts": rxp, "network_name": network, "port_usage": if wan.is_some() { "wan" } else { "lan" },
            "address_mode": if wan.is_some() { "DHCP" } else { "Static" },
        });
        if let Some((name, kind)) = wan {
            x["wan_name"] = json!(name);
            x["wan_type"] = json!(kind);
            x["nat_addresses"] = json!([]);
        }
        if_stat.insert(key.to_string(), x);
    };
    add(
        rng,
        "ge-0/0/0.0",
        "ge-0/0/0",
        0,
        "",
        Some(("wan", "broadband")),
        format!("203.0.113.{site}/24"),
    );
    add(
        rng,
        "ge-0/0/1.0",
        "ge-0/0/1",
        0,
        "",
        Some(("lte", "lte")),
        format!("198.51.100.{site}/24"),
    );
    for (ssid, vlan, _) in super::names::WLANS {
        let net = ssid.to_lowercase();
        let ip = format!("10.{number}.{vlan}.1/24");
        add(
            rng,
            &format!("ge-0/0/3.{vlan}"),
            "ge-0/0/3",
            *vlan,
            &net,
            None,
            ip,
        );
    }
    v["if_stat"] = Value::Object(if_stat);
    v["cpu_stat"] = cpu(rng);
    v["memory_stat"] = json!({"usage": rng.range(30, 80)});
    v["ip_stat"] = ip_stat(d);
    v["dhcpd_stat"] = json!({
        "corp": {"num_ips": 250, "num_leased": rng.range(20, 120)},
        "guest": {"num_ips": 250, "num_leased": rng.range(5, 60)},
        "iot": {"num_ips": 250, "num_leased": rng.range(5, 40)},
    });
    v["module_stat"] = json!([{
        "model": d.model, "serial": d.serial, "mac": d.mac, "status": if up { "ok" } else { "unknown" },
        "version": d.version, "uptime": d.uptime, "last_seen": d.last_seen, "type": "fpc", "fpc_idx": 0,
        "bios_version": "3.0", "boot_partition": "primary",
        "fans": [{"name": "SRX Fan 0", "airflow": "out", "rpm": rng.range(3_000, 5_000), "status": "ok"}],
        "psus": [{"name": "PEM 0", "status": "ok"}],
        "temperatures": [{"name": "Routing Engine", "celsius": rng.range(40, 60) as f64, "status": "ok"}],
        "errors": [], "vc_links": [], "cpu_stat": cpu(rng), "memory_stat": {"usage": rng.range(30, 80)},
    }]);
    v["spu_stat"] = json!([{
        "spu_cpu": rng.range(2, 30), "spu_current_session": rng.range(200, 9_000), "spu_max_session": 256_000,
        "spu_memory": rng.range(20, 60), "spu_pending_session": 0, "spu_uptime": d.uptime, "spu_valid_session": rng.range(200, 9_000),
    }]);
    v["service_stat"] = json!({"mist": {"mist_agent_version": "0.3.112", "package_version": "0.3.112"}});
    v["route_summary_stats"] = json!({"fib_routes": 40, "rib_routes": 44, "total_routes": 44, "max_unicast_routes_supported": 256_000});
    v["arp_table_stats"] = json!({"arp_table_count": rng.range(20, 200), "max_entries_supported": 16_384});
    v["config_status"] = json!("synced");
    v["config_timestamp"] = json!(d.last_seen - 3_600);
    v["config_version"] = json!(rng.range(10, 400));
    v["is_ha"] = json!(false);
    v["has_pcap"] = json!(false);
    v["cert_expiry"] = json!(d.created_time + 5 * 365 * 86_400);
    v["auto_upgrade_stat"] = json!({"lastcheck": d.last_seen - 3_600});
    v["fwupdate"] =
        json!({"status": "", "status_id": 0, "progress": 0, "timestamp": d.boot_time(), "will_retry": false});
}
