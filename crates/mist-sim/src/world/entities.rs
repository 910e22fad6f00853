//! The typed backbone of the world: organisations, sites, devices and clients.

use super::names;
use super::radio::{self, Radio};
use crate::config::{MAIN_ORG_ID, SECOND_ORG_ID, SimScale};
use crate::rng::Rng;

/// An organisation.
#[derive(Debug, Clone)]
pub struct Org {
    /// Its id (fixed for the two organisations, see [`crate::MAIN_ORG_ID`]).
    pub id: String,
    /// Its name.
    pub name: String,
    /// When it was created, epoch seconds.
    pub created_time: i64,
}

/// A site of an organisation.
#[derive(Debug, Clone)]
pub struct Site {
    /// Its id.
    pub id: String,
    /// Its organisation's id.
    pub org_id: String,
    /// Its name (`Paris-HQ`).
    pub name: String,
    /// ISO country code.
    pub country_code: String,
    /// IANA time zone.
    pub timezone: String,
    /// Street address.
    pub address: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lng: f64,
    /// Position among all sites; used for address plans.
    pub number: usize,
    /// When it was created, epoch seconds.
    pub created_time: i64,
}

/// What a device is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeviceKind {
    /// A wireless access point.
    Ap,
    /// An Ethernet switch.
    Switch,
    /// A WAN edge (SRX or SSR).
    Gateway,
}

impl DeviceKind {
    /// The value Mist uses in `type` fields and filters.
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceKind::Ap => "ap",
            DeviceKind::Switch => "switch",
            DeviceKind::Gateway => "gateway",
        }
    }
}

/// An AP, switch or gateway of a site.
#[derive(Debug, Clone)]
pub struct Device {
    /// Mist's device id, derived from the MAC (`00000000-0000-0000-1000-<mac>`).
    pub id: String,
    /// Twelve lower-case hex digits, no separators.
    pub mac: String,
    /// Serial number.
    pub serial: String,
    /// Its name (`paris-ap-01`).
    pub name: String,
    /// Hardware model (`AP45`, `EX4100-48P`, `SRX320`).
    pub model: String,
    /// AP, switch or gateway.
    pub kind: DeviceKind,
    /// Its site's id.
    pub site_id: String,
    /// Its organisation's id.
    pub org_id: String,
    /// Management address.
    pub ip: String,
    /// Firmware version.
    pub version: String,
    /// Connected to the cloud now; a disconnected device serves nobody.
    pub connected: bool,
    /// Seconds since the last boot (a disconnected device's uptime when it dropped).
    pub uptime: i64,
    /// When the cloud last heard from it: moments ago when connected, the drop when not.
    pub last_seen: i64,
    /// An AP's radios (empty for switches and gateways).
    pub radios: Vec<Radio>,
    /// When it was claimed, epoch seconds.
    pub created_time: i64,
}

impl Device {
    /// Epoch seconds of the last boot.
    pub fn boot_time(&self) -> i64 {
        self.last_seen - self.uptime
    }

    /// The uptime the cloud reports: a disconnected device's is 0.
    pub fn reported_uptime(&self) -> i64 {
        if self.connected { self.uptime } else { 0 }
    }

    /// The radio of a band, if the device has one.
    pub fn radio(&self, band: &str) -> Option<&Radio> {
        self.radios.iter().find(|r| r.band == band)
    }

    /// The MAC of the second node of a gateway that runs as an HA cluster (an SRX345 branch
    /// pair, shown as one device, node0's); `None` for a standalone device.
    pub(crate) fn ha_peer_mac(&self) -> Option<String> {
        if self.kind != DeviceKind::Gateway || self.model != "SRX345" {
            return None;
        }
        let low = u32::from_str_radix(self.mac.get(6..)?, 16).ok()?;
        Some(format!(
            "{}{:06x}",
            self.mac.get(..6)?,
            (low ^ 0x80_0000) & 0xff_ffff
        ))
    }
}

/// A wireless or wired client attached to a device of a site.
#[derive(Debug, Clone)]
pub struct Client {
    /// Twelve lower-case hex digits, no separators.
    pub mac: String,
    /// Host name.
    pub hostname: String,
    /// Address on its VLAN.
    pub ip: String,
    /// Its site's id.
    pub site_id: String,
    /// Its organisation's id.
    pub org_id: String,
    /// On a switch port rather than a radio.
    pub wired: bool,
    /// MAC of the AP (wireless) or switch (wired) the client is attached to.
    pub device_mac: String,
    /// Empty for wired clients.
    pub ssid: String,
    /// Id of the organisation's WLAN of that SSID; empty for wired clients.
    pub wlan_id: String,
    /// `24`, `5` or `6` (a band its AP has a radio for); empty for wired clients.
    pub band: String,
    /// The channel of its AP's radio on `band`; 0 for wired clients.
    pub channel: u16,
    /// The 802.11 protocol it speaks on that band; empty for wired clients.
    pub proto: &'static str,
    /// Operating system and version (`iOS 17.4`).
    pub os: String,
    /// Manufacturer.
    pub manufacture: String,
    /// Device family (`iPhone`, `Mac`, `IoT`).
    pub family: String,
    /// Hardware model.
    pub model: String,
    /// VLAN it is on.
    pub vlan: u16,
    /// Switch port for wired clients, empty otherwise.
    pub port_id: String,
    /// The 802.1X identity on the Corp WLAN; empty elsewhere.
    pub username: String,
}

pub(super) fn orgs_and_sites(seed: u64, scale: &SimScale, now: i64) -> (Vec<Org>, Vec<Site>) {
    let mut rng = Rng::derive(seed, "sites");
    let orgs = vec![
        Org {
            id: MAIN_ORG_ID.to_string(),
            name: names::ORG_NAMES[0].to_string(),
            created_time: now - 3 * 365 * 86_400,
        },
        Org {
            id: SECOND_ORG_ID.to_string(),
            name: names::ORG_NAMES[1].to_string(),
            created_time: now - 400 * 86_400,
        },
    ];
    let mut sites = Vec::new();
    let plan = [
        (MAIN_ORG_ID, scale.sites, names::SITES),
        (SECOND_ORG_ID, scale.second_org_sites, names::SECOND_ORG_SITES),
    ];
    for (org_id, count, table) in plan {
        for i in 0..count {
            let (name, cc, tz, addr, lat, lng) = table[i % table.len()];
            let name = if i < table.len() {
                name.to_string()
            } else {
                format!("{name}-{}", i / table.len() + 1)
            };
            sites.push(Site {
                id: rng.uuid(),
                org_id: org_id.to_string(),
                name,
                country_code: cc.to_string(),
                timezone: tz.to_string(),
                address: addr.to_string(),
                lat,
                lng,
                number: sites.len() + 1,
                created_time: now - rng.range(200, 900) * 86_400,
            });
        }
    }
    (orgs, sites)
}

pub(super) fn devices(seed: u64, scale: &SimScale, sites: &[Site], now: i64) -> Vec<Device> {
    let mut rng = Rng::derive(seed, "devices");
    let mut bases = [rng.below(0x80_0000), rng.below(0x80_0000), rng.below(0x80_0000)];
    let mut out = Vec::new();
    for site in sites {
        let plan = [
            (DeviceKind::Ap, scale.aps_per_site),
            (DeviceKind::Switch, scale.switches_per_site),
            (DeviceKind::Gateway, scale.gateways_per_site),
        ];
        for (k, (kind, count)) in plan.into_iter().enumerate() {
            for i in 0..count {
                bases[k] += 1;
                let at = Placed {
                    site,
                    kind,
                    i,
                    mac_low: bases[k],
                    host: 10 + k * 40 + i,
                };
                out.push(device(&at, now, &mut rng));
            }
        }
    }
    out
}

/// Where a new device goes: its site, kind, position among its kind there, and numbers.
struct Placed<'a> {
    site: &'a Site,
    kind: DeviceKind,
    i: usize,
    /// The low bits of its MAC.
    mac_low: u64,
    /// The last octet of its management address.
    host: usize,
}

/// One device: its hardware, its life (status, uptime), its radios for an AP.
fn device(at: &Placed<'_>, now: i64, rng: &mut Rng) -> Device {
    let (oui, model, version, prefix) = hardware(at.kind, rng);
    let mac = format!("{oui}{:06x}", at.mac_low & 0xff_ffff);
    let (connected, uptime, last_seen) = life(now, rng);
    let radios = if at.kind == DeviceKind::Ap {
        radio::radios(model, rng)
    } else {
        Vec::new()
    };
    let short = at.site.name.split('-').next().unwrap_or("site").to_lowercase();
    Device {
        id: format!("00000000-0000-0000-1000-{mac}"),
        serial: format!("{}{}", serial_prefix(at.kind), rng.hex(10).to_uppercase()),
        name: format!("{short}-{prefix}-{:02}", at.i + 1),
        model: model.to_string(),
        kind: at.kind,
        site_id: at.site.id.clone(),
        org_id: at.site.org_id.clone(),
        ip: format!("10.{}.1.{}", at.site.number, at.host),
        version: version.to_string(),
        connected,
        uptime,
        last_seen,
        radios,
        created_time: now - rng.range(30, 700) * 86_400,
        mac,
    }
}

/// OUI, model, firmware and name prefix of a new device of `kind`.
fn hardware(kind: DeviceKind, rng: &mut Rng) -> (&'static str, &'static str, &'static str, &'static str) {
    match kind {
        DeviceKind::Ap => (
            names::AP_OUI,
            *rng.pick(names::AP_MODELS),
            *rng.pick(names::AP_VERSIONS),
            "ap",
        ),
        DeviceKind::Switch => (
            names::SWITCH_OUI,
            *rng.pick(names::SWITCH_MODELS),
            *rng.pick(names::SWITCH_VERSIONS),
            "sw",
        ),
        DeviceKind::Gateway => {
            let model = *rng.pick(names::GATEWAY_MODELS);
            let versions = if model.starts_with("SSR") {
                names::SSR_VERSIONS
            } else {
                names::SRX_VERSIONS
            };
            (names::GATEWAY_OUI, model, *rng.pick(versions), "gw")
        }
    }
}

/// Connected or not, seconds since boot, and when the cloud last heard from it.
fn life(now: i64, rng: &mut Rng) -> (bool, i64, i64) {
    // One device in ten is down, which gives alarms and stats something to say; a down device
    // dropped within the day, so its last events are in the window.
    let connected = !rng.chance(10);
    // Some devices booted within the day, so restarts show in the day's events.
    let uptime = if rng.chance(15) {
        rng.range(3_600, 20 * 3_600)
    } else {
        rng.range(86_400, 90 * 86_400)
    };
    let last_seen = if connected {
        now - 20
    } else {
        now - rng.range(1_800, 20 * 3_600)
    };
    (connected, uptime, last_seen)
}

fn serial_prefix(kind: DeviceKind) -> &'static str {
    match kind {
        DeviceKind::Ap => "A",
        DeviceKind::Switch => "FW",
        DeviceKind::Gateway => "CW",
    }
}

pub(super) fn clients(seed: u64, scale: &SimScale, sites: &[Site], devices: &[Device]) -> Vec<Client> {
    let mut rng = Rng::derive(seed, "clients");
    let mut base = rng.below(0x40_0000);
    let mut out = Vec::new();
    for site in sites {
        // Clients are attached only to devices that are up: a down AP serves nobody.
        let aps: Vec<&Device> = at(devices, site, DeviceKind::Ap);
        let switches: Vec<&Device> = at(devices, site, DeviceKind::Switch);
        for i in 0..scale.wireless_clients_per_site {
            base += 1;
            let ap = aps.get(i % aps.len().max(1)).copied();
            out.extend(wireless(seed, site, ap, (i, base), &mut rng));
        }
        for i in 0..scale.wired_clients_per_site {
            base += 1;
            let stem = *rng.pick(names::WIRED_HOSTS);
            let Some(switch) = switches.get(i % switches.len().max(1)) else {
                continue;
            };
            out.push(wired(site, switch, stem, (i, base), &mut rng));
        }
    }
    out
}

/// The `i`-th wireless client of a site (MAC number `n`), on a radio of `ap`; `None` when the
/// site has no AP up.
fn wireless(
    seed: u64,
    site: &Site,
    ap: Option<&Device>,
    (i, n): (usize, u64),
    rng: &mut Rng,
) -> Option<Client> {
    let (stem, os, mfg, family, model) = *rng.pick(names::CLIENT_KINDS);
    let (ssid, vlan, _) = *rng.pick(names::WLANS);
    let first = *rng.pick(names::FIRST_NAMES);
    let oui = rng.pick(names::CLIENT_OUIS);
    let ap = ap?;
    let radio = radio::pick_radio(&ap.radios, rng)?;
    let proto = radio::protocol(radio.band, rng);
    Some(Client {
        mac: format!("{oui}{:06x}", n & 0xff_ffff),
        hostname: format!("{stem}-{first}-{}", i + 1),
        ip: client_ip(site.number, vlan, i),
        site_id: site.id.clone(),
        org_id: site.org_id.clone(),
        wired: false,
        device_mac: ap.mac.clone(),
        ssid: ssid.to_string(),
        wlan_id: wlan_id(seed, &site.org_id, ssid),
        band: radio.band.to_string(),
        channel: radio.channel,
        proto,
        os: os.to_string(),
        manufacture: mfg.to_string(),
        family: family.to_string(),
        model: model.to_string(),
        vlan,
        port_id: String::new(),
        username: if ssid == "Corp" {
            format!("{first}@example.com")
        } else {
            String::new()
        },
    })
}

/// The `i`-th wired client of a site (MAC number `n`), a `stem` on a port of `switch`.
fn wired(site: &Site, switch: &Device, stem: &str, (i, n): (usize, u64), rng: &mut Rng) -> Client {
    Client {
        mac: format!("{}{:06x}", rng.pick(names::CLIENT_OUIS), n & 0xff_ffff),
        hostname: format!("{stem}-{:03}", i + 1),
        ip: client_ip(site.number, 20, i),
        site_id: site.id.clone(),
        org_id: site.org_id.clone(),
        wired: true,
        device_mac: switch.mac.clone(),
        ssid: String::new(),
        wlan_id: String::new(),
        band: String::new(),
        channel: 0,
        proto: "",
        os: "Embedded".to_string(),
        manufacture: (*rng.pick(&["HP", "Axis", "Polycom", "Zebra"])).to_string(),
        family: "IoT".to_string(),
        model: stem.to_string(),
        vlan: 20,
        port_id: format!("ge-0/0/{}", 4 + i % 40),
        username: String::new(),
    }
}

/// The connected devices of a kind at a site.
fn at<'a>(devices: &'a [Device], site: &Site, kind: DeviceKind) -> Vec<&'a Device> {
    devices
        .iter()
        .filter(|d| d.site_id == site.id && d.kind == kind && d.connected)
        .collect()
}

/// Id of an organisation's WLAN, derived so clients and the WLAN list agree.
pub(super) fn wlan_id(seed: u64, org_id: &str, ssid: &str) -> String {
    Rng::derive(seed, &format!("wlan:{org_id}:{ssid}")).uuid()
}

fn client_ip(site_number: usize, vlan: u16, i: usize) -> String {
    let third = usize::from(vlan) + i / 250;
    format!("10.{site_number}.{third}.{}", i % 250 + 2)
}
