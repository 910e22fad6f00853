//! Plausible values for a field known only by its name (and, when a catalog parameter of that
//! name exists, its type and allowed values). Used to fill collections no hand-written generator
//! covers, so every catalog filter and `distinct` field has data behind it.

use super::entities::{Client, Device, DeviceKind, Site};
use super::{World, names};
use crate::rng::Rng;
use mist_catalog::{Param, ParamType};
use serde_json::{Value, json};

/// What one synthesized record is about: a site and, within it, one device and one client, so
/// that the fields of a record agree with each other.
pub(crate) struct Subject<'a> {
    pub(crate) w: &'a World,
    pub(crate) org: usize,
    pub(crate) site: Option<&'a Site>,
    pub(crate) device: Option<&'a Device>,
    pub(crate) client: Option<&'a Client>,
    pub(crate) key: &'a str,
    /// Position of the record in its scope, for names and small-cardinality values.
    pub(crate) n: usize,
    /// Which collections' ids the record may name.
    pub(crate) refs: Refs<'a>,
}

/// Which collections' ids a record may name: while collections are generated, only those
/// generated before (so no build waits on itself); while one is completed, any other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refs<'a> {
    All,
    /// Collections of generation groups before this one.
    Before(usize),
    /// Every collection but this one.
    Except(&'a str),
}

impl<'a> Subject<'a> {
    pub(crate) fn new(
        w: &'a World,
        org: usize,
        site: Option<&'a Site>,
        key: &'a str,
        n: usize,
        rng: &mut Rng,
    ) -> Self {
        let (device, client) = match site {
            Some(s) => {
                let devices: Vec<&Device> = w.devices_at(&s.id).collect();
                let clients: Vec<&Client> = w.clients_at(&s.id).collect();
                (pick(&devices, rng), pick(&clients, rng))
            }
            None => (None, None),
        };
        Self {
            w,
            org,
            site,
            device,
            client,
            key,
            n,
            refs: Refs::All,
        }
    }

    fn is_client_data(&self) -> bool {
        ["client", "guest", "nac", "usermac", "calls", "fingerprint"]
            .iter()
            .any(|k| self.key.contains(k))
    }
}

fn pick<'a, T>(items: &[&'a T], rng: &mut Rng) -> Option<&'a T> {
    if items.is_empty() {
        None
    } else {
        Some(*rng.pick(items))
    }
}

/// Extra fields a record of `key` should have beyond the operation's parameters.
pub(super) fn extra_fields(key: &str) -> &'static [&'static str] {
    match key {
        "devices/versions" | "ssr/versions" | "mxedges/versions" => &["version", "model", "tag"],
        "devices/upgrade" | "ssr/upgrade" | "mxedges/upgrade" => &["status", "target_version", "counts"],
        "stats/ports" => &["mac", "port_id", "up", "speed", "tx_bytes", "rx_bytes", "site_id"],
        "stats/tunnels" | "stats/vpn_peers" => &["mac", "peer_ip", "up", "uptime", "latency"],
        "stats/bgp_peers" => &["mac", "neighbor", "state", "up", "rx_routes", "tx_routes"],
        "networks" => &["subnet", "vlan_id"],
        "apps" | "wxtags/apps" => &["key", "name", "group"],
        _ => &[],
    }
}

pub(super) fn value(s: &Subject<'_>, field: &str, param: Option<&Param>, rng: &mut Rng) -> Value {
    if let Some(p) = param {
        let allowed: Vec<&String> = p.enum_values.iter().filter(|v| !v.is_empty()).collect();
        if !allowed.is_empty() {
            return json!(rng.pick(&allowed));
        }
        match p.ty {
            ParamType::Boolean => return json!(rng.chance(50)),
            ParamType::Integer | ParamType::Number => return json!(number(field, rng)),
            ParamType::Array => return json!([by_name(s, field.trim_end_matches('s'), rng)]),
            ParamType::String => {}
        }
    }
    by_name(s, field, rng)
}

fn number(field: &str, rng: &mut Rng) -> i64 {
    if field.contains("bytes") || field.contains("pkts") || field.contains("bps") {
        rng.range(10_000, 900_000_000)
    } else if field == "speed" {
        *rng.pick(&[100, 1000, 1000, 10_000])
    } else if field.contains("power") {
        rng.range(0, 30)
    } else if field.contains("rssi") {
        rng.range(-90, -40)
    } else if field.contains("channel") {
        *rng.pick(&[1, 6, 11, 36, 44, 149])
    } else {
        rng.range(0, 100)
    }
}

fn device_mac(s: &Subject<'_>, kind: Option<DeviceKind>, rng: &mut Rng) -> String {
    let site = s.site.map(|x| x.id.as_str()).unwrap_or_default();
    let pool: Vec<&Device> =
        s.w.devices_at(site)
            .filter(|d| kind.is_none_or(|k| d.kind == k))
            .collect();
    match pick(&pool, rng) {
        Some(d) => d.mac.clone(),
        None => format!("{}{:06x}", names::AP_OUI, rng.below(0xff_ffff)),
    }
}

fn id_from(s: &Subject<'_>, collection: &str, rng: &mut Rng) -> Option<Value> {
    let ids: Vec<&Value> =
        s.w.ids_of(collection, s.refs)?
            .iter()
            .filter(|(org, _)| *org == s.org)
            .map(|(_, id)| id)
            .collect();
    if ids.is_empty() {
        None
    } else {
        Some((*rng.pick(&ids)).clone())
    }
}

/// A plausible value for a field known only by its name, about the subject's site, device and
/// client: who and where it names, what it describes, one of the words such a field holds, or
/// what its name's shape says.
pub(crate) fn by_name(s: &Subject<'_>, field: &str, rng: &mut Rng) -> Value {
    naming(s, field, rng)
        .or_else(|| describing(s, field, rng))
        .or_else(|| wording(s, field, rng))
        .unwrap_or_else(|| by_shape(s, field, rng))
}

/// Ids, MACs, host names and addresses: the subject's own where it has one.
fn naming(s: &Subject<'_>, field: &str, rng: &mut Rng) -> Option<Value> {
    let (client, device, w) = (s.client, s.device, s.w);
    Some(match field {
        "org_id" => json!(w.orgs[s.org].id),
        "site_id" => json!(s.site.map(|x| x.id.clone())),
        "id" => json!(rng.uuid()),
        "mac" | "client_mac" | "usermac" | "random_mac_addr" if s.is_client_data() => {
            json!(client.map_or_else(|| device_mac(s, None, rng), |c| c.mac.clone()))
        }
        "mac" | "device_mac" | "switch_mac" | "node0_mac" | "port_mac" => {
            json!(device.map_or_else(|| device_mac(s, None, rng), |d| d.mac.clone()))
        }
        "ap" | "ap_mac" | "last_ap" => json!(device_mac(s, Some(DeviceKind::Ap), rng)),
        "neighbor_mac" | "peer_mac" | "node1_mac" => json!(device_mac(s, None, rng)),
        // A rogue's BSSID is a radio of someone else's AP, one per rogue.
        "bssid" if s.key.contains("rogue") => {
            let (oui, _) = rng.pick(names::ROGUE_VENDORS);
            json!(format!("{oui}{:06x}", rng.below(0xff_ffff)))
        }
        "bssid" => json!(format!("{}31", &device_mac(s, Some(DeviceKind::Ap), rng)[..10])),
        "hostname" | "last_hostname" | "dhcp_hostname" | "dhcp_fqdn" if s.is_client_data() => {
            json!(client.map_or_else(|| format!("host-{}", s.n + 1), |c| c.hostname.clone()))
        }
        "hostname" => json!(device.map_or_else(|| format!("host-{}", s.n + 1), |d| d.name.clone())),
        "system_name" | "lldp_system_name" | "neighbor_system_name" | "peer_host" => {
            json!(device.map_or_else(|| format!("sw-{}", s.n + 1), |d| d.name.clone()))
        }
        "ip" | "ip_src" | "src_ip" if s.is_client_data() => {
            json!(client.map_or_else(|| format!("10.0.0.{}", 2 + s.n % 250), |c| c.ip.clone()))
        }
        "ip" | "nas_ip" | "mgmt_addr" | "lldp_mgmt_addr" | "ip_src" | "src_ip" => {
            json!(device.map_or_else(|| format!("10.0.1.{}", 2 + s.n % 250), |d| d.ip.clone()))
        }
        "peer_ip" | "ext_ip" | "neighbor" => json!(format!("203.0.113.{}", 2 + rng.below(250))),
        _ => return None,
    })
}

/// What the subject's client or device is: radio, VLAN, port, model, versions, OS, user.
fn describing(s: &Subject<'_>, field: &str, rng: &mut Rng) -> Option<Value> {
    let (client, device) = (s.client, s.device);
    Some(match field {
        "ssid" | "last_ssid" => json!(client.map_or("Corp", |c| if c.ssid.is_empty() {
            "Corp"
        } else {
            c.ssid.as_str()
        })),
        "wlan_id" => json!(client.map_or_else(String::new, |c| c.wlan_id.clone())),
        "band" => json!(rng.pick(&["24", "5", "6"])),
        "proto" | "protocol" => json!(rng.pick(&["ac", "ax", "n"])),
        "vlan" | "vlan_id" | "last_vlan_id" | "ingress_vlan" => json!(rng.pick(&[10, 20, 30, 40])),
        "port_id" | "peer_port_id" | "lldp_port_id" => json!(format!("ge-0/0/{}", rng.below(48))),
        "model" if s.key.contains("mxedge") => json!(rng.pick(&["ME-X1", "ME-X5", "ME-X10"])),
        "model" => json!(device.map_or("AP45", |d| d.model.as_str())),
        "client_model" => json!(client.map_or("iPhone 15", |c| c.model.as_str())),
        "version" | "apfw" | "tunterm_version" | "t128agent_version" | "target_version" => {
            json!(device.map_or("0.14.29313", |d| d.version.as_str()))
        }
        "os" | "client_os" | "os_type" => json!(client.map_or("iOS 17.4", |c| c.os.as_str())),
        "family" | "client_family" | "device" => json!(client.map_or("iPhone", |c| c.family.as_str())),
        "mfg" | "manufacture" | "client_manufacture" | "vendor" => {
            json!(client.map_or("Apple", |c| c.manufacture.as_str()))
        }
        "username" | "last_username" | "idp_username" | "client_username" => {
            json!(client.map_or_else(String::new, |c| c.username.clone()))
        }
        _ => return None,
    })
}

/// Fields that hold one of a few words (a protocol, a state) or a name from the word lists.
fn wording(s: &Subject<'_>, field: &str, rng: &mut Rng) -> Option<Value> {
    let w = s.w;
    Some(match field {
        "distro" => json!(rng.pick(&["focal", "jammy"])),
        "auth_type" | "auth_method" => json!(rng.pick(&["eap-tls", "eap-peap", "mab", "psk"])),
        "idp_role" => json!(rng.pick(&["employee", "contractor", "guest"])),
        "nas_vendor" => json!(rng.pick(&["juniper-mist", "juniper-ex"])),
        "service" | "component" => json!(rng.pick(&["tunterm", "radsecproxy", "mxagent"])),
        "package" => json!(rng.pick(&["mxagent", "tunterm", "radsecproxy"])),
        "policy" => json!(rng.pick(&["corp-to-internet", "guest-to-internet", "iot-to-cloud"])),
        "tenant" | "network" => json!(rng.pick(&["corp", "guest", "iot"])),
        "path_type" => json!(rng.pick(&["wan", "lte", "mpls"])),
        "vpn_name" => json!(rng.pick(&["hub-spoke", "dc-mesh"])),
        "vpn_path" => json!(rng.pick(&["ge-0/0/0.0-ge-0/0/1.0", "ge-0/0/1.0-ge-0/0/1.0"])),
        "reason" => json!(rng.pick(&["timeout", "success", "no-response"])),
        "by" => json!(rng.pick(&["user", "marvis", "schedule"])),
        "ike_version" => json!(rng.pick(&["1", "2"])),
        "auth_algo" => json!(rng.pick(&["hmac-sha-256-128", "hmac-sha1-96"])),
        "encrypt_algo" => json!(rng.pick(&["aes-256-gcm", "aes-128-cbc"])),
        "key" | "app" | "name" if s.key.ends_with("apps") => json!(names::APPS[s.n % names::APPS.len()].0),
        "group" | "category" if s.key.ends_with("apps") => json!(names::APPS[s.n % names::APPS.len()].1),
        "name" => {
            let names = names::object_names(s.key);
            if names.is_empty() {
                let stem = s.key.rsplit('/').next().unwrap_or(s.key).trim_end_matches('s');
                if stem.is_empty() {
                    json!(rng.pick(names::PLAIN_WORDS))
                } else {
                    json!(format!("{stem}-{}", s.n + 1))
                }
            } else {
                json!(names[s.n % names.len()])
            }
        }
        "type" => json!(rng.pick(type_pool(s.key))),
        "status" => json!(rng.pick(&["success", "success", "failure"])),
        "state" => json!(rng.pick(&["established", "established", "idle"])),
        "status_code" => json!(rng.pick(&[200, 200, 200, 500])),
        "up" | "adopted" | "authorized" | "enabled" => json!(!rng.chance(15)),
        "uptime" => json!(rng.range(600, 30 * 86_400)),
        "latency" => json!(rng.range(2, 80)),
        "subnet" => json!(format!("10.{}.0.0/16", 100 + s.n)),
        "tag" => json!("stable"),
        "counts" => json!({"total": 10, "success": 9, "failed": 1}),
        "key" | "app" => json!(rng.pick(names::APPS).0),
        "group" | "category" => json!(rng.pick(names::APPS).1),
        "created_time" | "modified_time" => json!(w.now - 86_400 * (30 + s.n as i64)),
        _ => return None,
    })
}

/// Flags, counters, versions and ids of other collections, told by the field name's shape; a
/// plain word when nothing more is known.
fn by_shape(s: &Subject<'_>, field: &str, rng: &mut Rng) -> Value {
    let device = s.device;
    match field {
        _ if is_flag(field) => json!(!rng.chance(30)),
        _ if is_count(field) => json!(number(field, rng)),
        _ if field.ends_with("_version") => json!(device.map_or("0.14.29313", |d| d.version.as_str())),
        _ if field.ends_with("_id") => {
            let target = format!("{}s", field.trim_end_matches("_id"));
            id_from(s, &target, rng)
                .unwrap_or_else(|| json!(crate::ids::mint(s.w.seed, &format!("{field}#{}", s.n % 3))))
        }
        // Nothing more is known about the field: a plain word, never a made-up `<field>-<n>`.
        _ => json!(rng.pick(names::PLAIN_WORDS)),
    }
}

fn type_pool(key: &str) -> &'static [&'static str] {
    match key {
        "nac_clients/events" => &["NAC_CLIENT_PERMIT", "NAC_CLIENT_DENY", "NAC_IDP_AUTHC_SUCCESS"],
        "wan_clients/events" => &["DHCP_LEASE_GRANTED", "DHCP_LEASE_RELEASED", "DHCP_LEASE_RENEWED"],
        "mxedges/events" => &["ME_SERVICE_STARTED", "ME_TUNNEL_UP", "ME_TUNNEL_DOWN"],
        "services/events" => &["GW_VPN_PATH_UP", "GW_VPN_PATH_DOWN", "GW_APP_ROUTING_CHANGED"],
        "nac_clients" => &["wireless", "wired"],
        "nactags" => &["match", "vlan", "radius_attrs"],
        "rrm/events" => &["interference", "scheduled", "radar-detected"],
        _ => &["standard", "custom"],
    }
}

/// Names that read as yes/no questions.
fn is_flag(field: &str) -> bool {
    field.ends_with("_enabled")
        || field.ends_with("_managed")
        || field.ends_with("_matched")
        || field.starts_with("is_")
        || matches!(
            field,
            "app_waking"
                | "seen_on_lan"
                | "full_duplex"
                | "random_mac"
                | "poe_disabled"
                | "poe_on"
                | "power_constrained"
                | "clustered"
                | "wired"
                | "acked"
                | "managed"
                | "mdm_managed"
        )
}

/// Names that read as measurements or counters.
fn is_count(field: &str) -> bool {
    [
        "bytes",
        "pkts",
        "bps",
        "routes",
        "speed",
        "power",
        "rssi",
        "snr",
        "jitter",
        "loss",
        "channel",
        "bandwidth",
        "num_",
    ]
    .iter()
    .any(|k| field.contains(k))
}
