//! An AP's stats: its radios in detail, its uplink (LLDP names the switch port it really sits
//! on), Ethernet port, IP settings, sensors and BLE.

use super::{ap_uplink, counters, firmware, ip_stat};
use crate::rng::Rng;
use crate::world::entities::Device;
use crate::world::{World, floor_plan, radio};
use serde_json::{Map, Value, json};
use std::collections::HashMap;

/// The AP's detail, `per_radio` giving the clients on each `(AP MAC, band)`.
pub(in crate::world) fn ap(
    w: &World,
    d: &Device,
    per_radio: &HashMap<(&str, &str), usize>,
    rng: &mut Rng,
    v: &mut Value,
) {
    v["radio_stat"] = radio_stat(d, per_radio, rng);
    if let Some(lldp) = lldp_stat(w, d, rng) {
        // The cloud forgets the neighbour of an AP that dropped, and says so with `""` where
        // the object was (the quirk `quirks::EMPTY_OBJECT`).
        v["lldp_stat"] = if d.connected { lldp } else { json!("") };
    }
    v["port_stat"] = port_stat(d, rng);
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
    firmware(d, v);
    load(w, d, rng, v);
}

/// Every radio: its channel and power, the clients on it, traffic and airtime use.
fn radio_stat(d: &Device, per_radio: &HashMap<(&str, &str), usize>, rng: &mut Rng) -> Value {
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
    Value::Object(radios)
}

/// A radio's MAC: the AP's with high bits of the NIC part standing for the radio.
fn radio_mac(mac: &str, i: usize) -> String {
    let low = u32::from_str_radix(mac.get(6..).unwrap_or("0"), 16).unwrap_or(0);
    format!(
        "{}{:06x}",
        mac.get(..6).unwrap_or(""),
        (low ^ ((i as u32 + 1) << 21)) & 0xff_ffff
    )
}

/// The LLDP neighbour: the switch port the AP is cabled to, and the power it draws there.
fn lldp_stat(w: &World, d: &Device, rng: &mut Rng) -> Option<Value> {
    let up = ap_uplink(w, d)?;
    let switch = up.switch;
    Some(json!({
        "chassis_id": switch.mac, "system_name": switch.name,
        "system_desc": super::system_desc(switch),
        "port_id": up.port, "port_desc": up.port_desc, "mgmt_addr": switch.ip,
        "mgmt_addrs": [switch.ip], "lldp_med_supported": false, "power_src": "PoE 802.3at",
        "power_srcs": ["PoE 802.3at"], "power_budget": 0, "power_avail": 30_000, "power_needed": 21_000,
        "power_allocated": 25_500.0, "power_draw": if d.connected { rng.range(9_000, 18_000) } else { 0 } as f64,
        "power_requested": 25_500.0, "power_request_count": 1, "power_constrained": false, "power_opmode": "auto",
    }))
}

/// The Ethernet port's link and traffic.
fn port_stat(d: &Device, rng: &mut Rng) -> Value {
    let (tx, rx, txp, rxp) = counters(rng, 90_000_000_000);
    json!({"eth0": {
        "up": d.connected, "speed": 2_500, "full_duplex": true, "tx_bytes": tx, "rx_bytes": rx, "tx_pkts": txp,
        "rx_pkts": rxp, "rx_errors": rng.range(0, 4), "tx_peak_bps": rng.range(50_000_000, 900_000_000),
        "rx_peak_bps": rng.range(50_000_000, 900_000_000),
    }})
}

/// Traffic, CPU and memory, and where the AP hangs on its floor plan.
fn load(w: &World, d: &Device, rng: &mut Rng, v: &mut Value) {
    let up = d.connected;
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
    floor_plan::place(w, d, v);
    v["config_reverted"] = json!(false);
}
