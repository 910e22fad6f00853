//! Collections about the installed base: devices, their stats, inventory, sites and the
//! clients currently attached.

use super::device_stats;
use super::entities::{Client, Device, DeviceKind, Site, wlan_id};
use super::spread::each_at_site;
use super::{Collection, Layout, Record, World};
use super::{names, radio};
use crate::rng::Rng;
use serde_json::{Value, json};
use std::collections::HashMap;

/// The keys [`collection`] builds.
pub(super) const KEYS: &[&str] = &[
    "devices",
    "stats/devices",
    "inventory",
    "devices/radio_macs",
    "devices/last_config",
    "sites",
    "stats/sites",
    "clients",
    "wired_clients",
    "stats/clients",
];

/// One collection of the installed base, with its own random stream.
pub(super) fn collection(w: &World, seed: u64, key: &str) -> Option<Collection> {
    let mut rng = Rng::derive(seed, &format!("infra:{key}"));
    let rng = &mut rng;
    Some(match key {
        "devices" => devices(w),
        "stats/devices" => device_stats(
            w,
            &clients_per_device(&w.clients),
            &clients_per_radio(&w.clients),
            rng,
        ),
        "inventory" => inventory(w, rng),
        "devices/radio_macs" => radio_macs(w),
        "devices/last_config" => last_configs(w, rng),
        "sites" => sites(w, rng),
        "stats/sites" => site_stats(w, &clients_per_device(&w.clients)),
        "clients" => wireless_clients(w, rng),
        "wired_clients" => wired_clients(w, rng),
        "stats/clients" => client_stats(w, rng),
        _ => return None,
    })
}

fn clients_per_device(clients: &[Client]) -> HashMap<&str, usize> {
    let mut m = HashMap::new();
    for c in clients {
        *m.entry(c.device_mac.as_str()).or_insert(0) += 1;
    }
    m
}

/// Wireless clients per `(AP MAC, band)`.
fn clients_per_radio(clients: &[Client]) -> HashMap<(&str, &str), usize> {
    let mut m = HashMap::new();
    for c in clients.iter().filter(|c| !c.wired) {
        *m.entry((c.device_mac.as_str(), c.band.as_str())).or_insert(0) += 1;
    }
    m
}

fn distributed(records: Vec<Record>) -> Collection {
    Collection {
        layout: Layout::Distributed,
        records,
    }
}

fn device_base(d: &Device) -> Value {
    json!({
        "id": d.id, "mac": d.mac, "name": d.name, "hostname": d.name, "type": d.kind.as_str(),
        "model": d.model, "serial": d.serial, "site_id": d.site_id, "org_id": d.org_id,
        "ip": d.ip, "version": d.version, "created_time": d.created_time,
        "modified_time": d.created_time + 86_400, "last_seen": d.last_seen,
    })
}

/// Devices as configured. What they reference exists: an AP is placed on its site's first
/// floor plan and serves the organisation's WLANs; nothing tunnels to a Mist Edge (this world
/// has none), so `mxedge_id` is left out rather than made up.
fn devices(w: &World) -> Collection {
    let first_map = |site_id: &str| -> Option<Value> {
        w.collection("maps")?
            .records
            .iter()
            .find(|r| r.value.get("site_id").and_then(Value::as_str) == Some(site_id))
            .and_then(|r| r.value.get("id").cloned())
    };
    distributed(each_at_site(w, w.devices.iter(), |d| {
        let mut v = device_base(d);
        v["notes"] = json!("");
        v["timestamp"] = json!(w.now - 20);
        v["mxedge_id"] = Value::Null;
        v["map_id"] = Value::Null;
        if d.kind == DeviceKind::Ap {
            v["map_id"] = first_map(&d.site_id).unwrap_or(Value::Null);
            v["height"] = json!(2.7);
            v["orientation"] = json!(0);
            v["wlans"] = names::WLANS
                .iter()
                .map(|(ssid, _, _)| json!({"id": wlan_id(w.seed, &d.org_id, ssid), "ssid": ssid}))
                .collect();
            v["mxtunnel_status"] = json!("down");
            v["power_constrained"] = json!(false);
            v["power_opmode"] = json!("auto");
        }
        searched(w, d, &mut v);
        (None, v)
    }))
}

/// What the device search reports beside the configuration, in agreement with the stats: an
/// AP's uplink as LLDP names it and its radios' channels, a gateway's HA cluster.
fn searched(w: &World, d: &Device, v: &mut Value) {
    v["uptime"] = json!(d.reported_uptime());
    v["ext_ip"] = json!(ext_ip(w, d));
    v["last_hostname"] = json!(d.name);
    match d.kind {
        DeviceKind::Ap => {
            if let Some(up) = device_stats::ap_uplink(w, d) {
                v["lldp_system_name"] = json!(up.switch.name);
                v["lldp_system_desc"] = json!(device_stats::system_desc(up.switch));
                v["lldp_port_id"] = json!(up.port);
                v["lldp_port_desc"] = json!(up.port_desc);
                v["lldp_mgmt_addr"] = json!(up.switch.ip);
            }
            for r in &d.radios {
                let band = radio::stat_key(r.band);
                v[format!("{band}_channel")] = json!(r.channel);
                v[format!("{band}_power")] = json!(r.power);
                v[format!("{band}_bandwidth")] = json!(r.bandwidth);
            }
            v["eth0_port_speed"] = json!(2_500);
            v["sku"] = json!(format!("{}-WW", d.model));
        }
        DeviceKind::Gateway => {
            let peer = d.ha_peer_mac();
            v["clustered"] = json!(peer.is_some());
            if let Some(peer) = peer {
                v["node0_mac"] = json!(d.mac);
                v["node1_mac"] = json!(peer);
                v["num_members"] = json!(2);
            }
        }
        DeviceKind::Switch => {}
    }
}

/// The public address a device's site reaches the cloud from.
fn ext_ip(w: &World, d: &Device) -> String {
    format!("203.0.113.{}", 10 + w.site_index(&d.site_id).unwrap_or(0))
}

fn device_stats(
    w: &World,
    per_device: &HashMap<&str, usize>,
    per_radio: &HashMap<(&str, &str), usize>,
    rng: &mut Rng,
) -> Collection {
    distributed(each_at_site(w, w.devices.iter(), |d| {
        let mut v = device_base(d);
        let num_clients = per_device.get(d.mac.as_str()).copied().unwrap_or(0);
        v["status"] = json!(if d.connected { "connected" } else { "disconnected" });
        v["uptime"] = json!(d.reported_uptime());
        v["num_clients"] = json!(num_clients);
        v["cpu_util"] = json!(rng.range(3, 60));
        v["ext_ip"] = json!(ext_ip(w, d));
        match d.kind {
            DeviceKind::Ap => {
                device_stats::ap(w, d, per_radio, rng, &mut v);
                v["power_src"] = json!("PoE 802.3at");
            }
            DeviceKind::Switch => device_stats::switch(w, d, rng, &mut v),
            DeviceKind::Gateway => device_stats::gateway(w, d, rng, &mut v),
        }
        (None, v)
    }))
}

fn inventory(w: &World, rng: &mut Rng) -> Collection {
    let mut records = each_at_site(w, w.devices.iter(), |d| {
        let v = json!({
            "id": d.id, "mac": d.mac, "serial": d.serial, "model": d.model, "sku": format!("{}-WW", d.model),
            "type": d.kind.as_str(), "name": d.name, "hostname": d.name, "site_id": d.site_id, "org_id": d.org_id,
            "connected": d.connected, "status": if d.connected { "connected" } else { "disconnected" },
            "version": d.version, "magic": rng.hex(15).to_uppercase(), "deviceprofile_id": null,
            "created_time": d.created_time, "modified_time": d.created_time + 3_600,
        });
        (None, v)
    });
    // A few claimed but unassigned APs per organisation.
    for (org, o) in w.orgs.iter().enumerate() {
        for i in 0..3u64 {
            let mac = format!("5c5b35f{org}{i:04x}");
            records.push(Record {
                org,
                site: None,
                ts: None,
                value: json!({
                    "id": format!("00000000-0000-0000-1000-{mac}"), "mac": mac,
                    "serial": format!("A{}", rng.hex(10).to_uppercase()), "model": "AP45", "sku": "AP45-WW",
                    "type": "ap", "name": "", "hostname": "", "site_id": null, "org_id": o.id, "connected": false,
                    "status": "disconnected", "version": "", "magic": rng.hex(15).to_uppercase(),
                    "deviceprofile_id": null, "created_time": w.now - 86_400 * 20, "modified_time": w.now - 86_400 * 20,
                }),
            });
        }
    }
    distributed(records)
}

fn radio_macs(w: &World) -> Collection {
    let aps = w.devices.iter().filter(|d| d.kind == DeviceKind::Ap);
    distributed(each_at_site(w, aps, |d| {
        let low = u32::from_str_radix(&d.mac[6..], 16).unwrap_or(0);
        // Radio MACs keep the AP's OUI and differ from it in the high bits of the NIC part.
        let radios: Vec<String> = (1..=3u32)
            .map(|i| format!("{}{:06x}", &d.mac[..6], (low ^ (i << 21)) & 0xff_ffff))
            .collect();
        (
            None,
            json!({"mac": d.mac, "radio_macs": radios, "site_id": d.site_id}),
        )
    }))
}

fn last_configs(w: &World, rng: &mut Rng) -> Collection {
    distributed(each_at_site(w, w.devices.iter(), |d| {
        let ts = w.now - rng.range(600, 20 * 3_600);
        let v = json!({
            "mac": d.mac, "name": d.name, "site_id": d.site_id, "org_id": d.org_id, "version": d.version,
            "device_type": d.kind.as_str(), "timestamp": ts,
            "config": format!("set system host-name {}\nset system services ssh", d.name),
        });
        (Some(ts), v)
    }))
}

/// One untimed record per site.
fn each_site(w: &World, mut build: impl FnMut(usize, &Site) -> Value) -> Collection {
    let records = w
        .sites
        .iter()
        .enumerate()
        .map(|(i, s)| Record {
            org: w.org_index(&s.org_id).unwrap_or(0),
            site: Some(i),
            ts: None,
            value: build(i, s),
        })
        .collect();
    distributed(records)
}

fn sites(w: &World, rng: &mut Rng) -> Collection {
    each_site(w, |_, s| {
        json!({
            "id": s.id, "name": s.name, "org_id": s.org_id, "timezone": s.timezone,
            "country_code": s.country_code, "address": s.address, "latlng": {"lat": s.lat, "lng": s.lng},
            "sitegroup_ids": [], "rftemplate_id": null, "networktemplate_id": null, "alarmtemplate_id": null,
            "created_time": s.created_time, "modified_time": s.created_time + 86_400, "notes": "",
            "analytic_enabled": rng.chance(50), "rogue_enabled": true, "wifi_enabled": true,
            "auto_upgrade_enabled": rng.chance(40), "mesh_enabled": false, "vna_enabled": rng.chance(70),
            "site_id": s.id,
        })
    })
}

fn site_stats(w: &World, per_device: &HashMap<&str, usize>) -> Collection {
    each_site(w, |i, _| site_stat(w, i, per_device))
}

/// The `getSiteStats` / `listOrgSiteStats` body of one site.
fn site_stat(w: &World, site: usize, per_device: &HashMap<&str, usize>) -> Value {
    let s = &w.sites[site];
    let count = |kind: DeviceKind, up: bool| {
        w.devices_at(&s.id)
            .filter(|d| d.kind == kind && (!up || d.connected))
            .count()
    };
    let clients: usize = w
        .devices_at(&s.id)
        .map(|d| per_device.get(d.mac.as_str()).copied().unwrap_or(0))
        .sum();
    json!({
        "id": s.id, "name": s.name, "org_id": s.org_id, "timezone": s.timezone, "country_code": s.country_code,
        "address": s.address, "latlng": {"lat": s.lat, "lng": s.lng},
        "num_ap": count(DeviceKind::Ap, false), "num_ap_connected": count(DeviceKind::Ap, true),
        "num_switch": count(DeviceKind::Switch, false), "num_switch_connected": count(DeviceKind::Switch, true),
        "num_gateway": count(DeviceKind::Gateway, false), "num_gateway_connected": count(DeviceKind::Gateway, true),
        "num_devices": w.devices_at(&s.id).count(), "num_devices_connected": w.devices_at(&s.id).filter(|d| d.connected).count(),
        "num_clients": clients, "created_time": s.created_time, "modified_time": s.created_time + 86_400,
    })
}

/// Wireless clients as the client search finds them, with their last session's details; a
/// client on the PSK WLAN names the organisation's key it used.
fn wireless_clients(w: &World, rng: &mut Rng) -> Collection {
    let psk_of = |org_id: &str| -> Option<(Value, Value)> {
        let r =
            w.collection("psks")?.records.iter().find(|r| {
                r.site.is_none() && r.value.get("org_id").and_then(Value::as_str) == Some(org_id)
            })?;
        Some((r.value.get("id")?.clone(), r.value.get("name")?.clone()))
    };
    let clients = w.clients.iter().filter(|c| !c.wired);
    distributed(each_at_site(w, clients, |c| {
        let ts = w.now - rng.range(30, 6 * 3_600);
        let os_version = c.os.rsplit_once(' ').map_or("", |(_, v)| v);
        let mut v = json!({
            "mac": c.mac, "hostname": c.hostname, "last_hostname": c.hostname, "ip": c.ip, "last_ip": c.ip,
            "ap": c.device_mac, "last_ap": c.device_mac, "ssid": c.ssid, "last_ssid": c.ssid,
            "wlan_id": c.wlan_id, "last_wlan_id": c.wlan_id, "band": c.band, "os": c.os, "last_os": c.os,
            "os_version": os_version, "last_os_version": os_version, "model": c.model, "last_model": c.model,
            "hardware": c.model, "device": c.family, "last_device": c.family, "manufacture": c.manufacture,
            "mfg": c.manufacture, "username": c.username, "last_username": c.username, "vlan": c.vlan,
            "last_vlan": c.vlan, "site_id": c.site_id, "site_ids": [c.site_id], "org_id": c.org_id,
            "timestamp": ts, "protocol": c.proto, "random_mac": false, "ftc": c.ssid == "Corp",
        });
        if c.ssid == "IoT"
            && let Some((id, name)) = psk_of(&c.org_id)
        {
            v["psk_id"] = id.clone();
            v["last_psk_id"] = id;
            v["psk_name"] = name.clone();
            v["last_psk_name"] = name;
        }
        (Some(ts), v)
    }))
}

/// Wired clients as the wired client search finds them, with the DHCP fingerprint of their
/// last lease.
fn wired_clients(w: &World, rng: &mut Rng) -> Collection {
    let clients = w.clients.iter().filter(|c| c.wired);
    distributed(each_at_site(w, clients, |c| {
        let ts = w.now - rng.range(30, 6 * 3_600);
        (
            Some(ts),
            json!({
                "mac": c.mac, "device_mac": c.device_mac, "port_id": c.port_id, "vlan": c.vlan, "ip": c.ip,
                "device_mac_port": [{"device_mac": c.device_mac, "port_id": c.port_id, "vlan": c.vlan, "ip": c.ip, "start": ts - 3_600}],
                "dhcp_hostname": c.hostname, "dhcp_fqdn": format!("{}.acme-retail.example", c.hostname),
                "dhcp_client_identifier": format!("01{}", c.mac), "dhcp_vendor_class_identifier": c.manufacture,
                "dhcp_request_params": "1,3,6,15,42,66,150", "dhcp_client_options": [{"code": "60", "data": c.manufacture}],
                "hostname": c.hostname, "manufacture": c.manufacture,
                "site_id": c.site_id, "org_id": c.org_id, "timestamp": ts, "type": "wired",
                "auth_state": "authenticated", "auth_method": "mab", "source": "lldp",
            }),
        )
    }))
}

fn client_stats(w: &World, rng: &mut Rng) -> Collection {
    distributed(each_at_site(w, w.clients.iter(), |c| {
        let uptime = rng.range(60, 8 * 3_600);
        let mut v = json!({
            "mac": c.mac, "hostname": c.hostname, "ip": c.ip, "wired": c.wired, "vlan_id": c.vlan,
            "os": c.os, "manufacture": c.manufacture, "family": c.family, "model": c.model,
            "uptime": uptime, "last_seen": w.now - rng.range(20, 90), "site_id": c.site_id,
            "tx_bytes": rng.range(1_000_000, 900_000_000), "rx_bytes": rng.range(1_000_000, 400_000_000),
        });
        if c.wired {
            v["switch_mac"] = json!(c.device_mac);
            v["port_id"] = json!(c.port_id);
        } else {
            v["ap_mac"] = json!(c.device_mac);
            v["ap_id"] = json!(format!("00000000-0000-0000-1000-{}", c.device_mac));
            v["ssid"] = json!(c.ssid);
            v["wlan_id"] = json!(c.wlan_id);
            v["band"] = json!(c.band);
            v["channel"] = json!(c.channel);
            v["proto"] = json!(c.proto);
            v["rssi"] = json!(rng.range(-80, -40));
            v["snr"] = json!(rng.range(15, 45));
            v["tx_rate"] = json!(rng.range(6, 1200));
            v["rx_rate"] = json!(rng.range(6, 1200));
            v["username"] = json!(c.username);
        }
        (None, v)
    }))
}
