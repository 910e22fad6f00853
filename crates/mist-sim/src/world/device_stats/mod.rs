//! What a device's stats record carries beyond its identity and status, at the size a real one
//! has: an AP's radios in detail, its uplink, Ethernet port, IP settings, sensors and BLE
//! ([`ap`]); a switch's modules, CPU, ports and interfaces with the clients on them
//! ([`switch`]); a gateway's WAN and LAN interfaces, modules, services and SPU ([`gateway`]).
//!
//! Counters of a disconnected device are its last report: traffic, but no clients and no
//! utilisation.

mod ap;
mod gateway;
mod switch;

pub(super) use ap::ap;
pub(super) use gateway::gateway;
pub(super) use switch::switch;

use super::World;
use super::entities::{Device, DeviceKind};
use crate::rng::Rng;
use serde_json::{Value, json};

/// Where an AP is cabled: the site's switch, the port, and how the port is described.
pub(crate) struct Uplink<'w> {
    pub(crate) switch: &'w Device,
    pub(crate) port: String,
    pub(crate) port_desc: String,
}

/// The switch port an AP is cabled to: multigigabit ports, one per AP of the site.
pub(crate) fn ap_uplink<'w>(w: &'w World, ap: &Device) -> Option<Uplink<'w>> {
    let switch = w.devices_at(&ap.site_id).find(|d| d.kind == DeviceKind::Switch)?;
    let (index, _) = ap_position(w, ap)?;
    Some(Uplink {
        switch,
        port: format!("mge-0/0/{index}"),
        port_desc: format!("{} uplink", ap.name),
    })
}

/// An AP's place among its site's APs (which port it takes, where it stands on the map), and
/// how many APs the site has.
pub(crate) fn ap_position(w: &World, ap: &Device) -> Option<(usize, usize)> {
    let mut index = None;
    let mut count = 0;
    for (i, d) in w
        .devices_at(&ap.site_id)
        .filter(|d| d.kind == DeviceKind::Ap)
        .enumerate()
    {
        if d.mac == ap.mac {
            index = Some(i);
        }
        count = i + 1;
    }
    Some((index?, count))
}

/// How a switch describes itself to its LLDP neighbours.
pub(crate) fn system_desc(switch: &Device) -> String {
    format!(
        "Juniper Networks, Inc. {} Ethernet Switch, JUNOS {}",
        switch.model.to_lowercase(),
        switch.version
    )
}

/// Transmitted and received bytes (up to `scale`) and packets.
fn counters(rng: &mut Rng, scale: i64) -> (i64, i64, i64, i64) {
    let tx = rng.range(scale / 10, scale);
    let rx = rng.range(scale / 10, scale);
    (tx, rx, tx / 900, rx / 900)
}

/// The device's IP settings: its address on the site's management network.
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

/// A CPU's load, its parts adding up to 100 %.
fn cpu(rng: &mut Rng) -> Value {
    let user = rng.range(5, 30) as f64;
    let system = rng.range(2, 15) as f64;
    json!({
        "user": user, "system": system, "interrupt": 1.0, "idle": 100.0 - user - system - 1.0,
        "usage": user + system + 1.0, "load_avg": [0.42, 0.51, 0.48],
    })
}

/// What every device reports about its firmware and certificate: the last upgrade check an
/// hour before it was last seen, and the firmware it booted.
fn firmware(d: &Device, v: &mut Value) {
    v["cert_expiry"] = json!(d.created_time + 5 * 365 * 86_400);
    v["auto_upgrade_stat"] = json!({"lastcheck": d.last_seen - 3_600});
    v["fwupdate"] =
        json!({"status": "", "status_id": 0, "progress": 0, "timestamp": d.boot_time(), "will_retry": false});
}

/// A switch's or gateway's configuration state: synced an hour before it was last seen.
fn config_state(d: &Device, rng: &mut Rng, v: &mut Value) {
    v["config_status"] = json!("synced");
    v["config_timestamp"] = json!(d.last_seen - 3_600);
    v["config_version"] = json!(rng.range(10, 400));
    v["has_pcap"] = json!(false);
}
