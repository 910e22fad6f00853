//! Rogue and neighbour APs as each site's APs hear them, and the events and clients seen on
//! them. One plan per site feeds the three collections, so a rogue event or a rogue client
//! always names a rogue the site lists; an AP-reported `rogue_ap` alarm always has a rogue
//! that AP saw on the LAN; and a rogue's kind (`type`) agrees with `seen_on_lan`.

use super::entities::Device;
use super::{Collection, Record, World, activity, names};
use crate::rng::Rng;
use serde_json::{Value, json};
use std::collections::HashSet;

/// The keys [`collections`] builds, together.
pub(super) const KEYS: &[&str] = &["insights/rogues", "rogues/events", "insights/rogues/clients"];

/// Oldest age of what a site heard, in seconds (the default one-day window sees all of it).
const SPAN: i64 = 23 * 3_600;

/// Channels a neighbour transmits on.
const CHANNELS: &[u16] = &[1, 6, 11, 36, 40, 44, 48, 149, 153, 157, 161];

/// How the cloud classifies a BSSID its APs hear (the `type` the reads filter by).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Seen on the site's wired LAN: someone plugged an AP in.
    Lan,
    /// A neighbour's network.
    Others,
    /// Imitates the BSSID of one of the site's own radios.
    Spoof,
    /// Broadcasts one of the organisation's SSIDs from a foreign AP.
    Honeypot,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Lan => "lan",
            Kind::Others => "others",
            Kind::Spoof => "spoof",
            Kind::Honeypot => "honeypot",
        }
    }
}

/// One BSSID a site hears.
struct Rogue<'w> {
    bssid: String,
    ssid: String,
    channel: u16,
    kind: Kind,
    manufacture: &'static str,
    /// The site's AP that hears it best (a connected one).
    reporter: &'w Device,
    /// How many of the site's APs hear it.
    heard_by: usize,
    avg_rssi: i64,
    /// When it was last heard.
    last_heard: i64,
    /// Since when the reporter can have heard it (its boot, or the window's start).
    first_heard: i64,
    seen_as_client: bool,
}

/// The three collections of [`KEYS`], from one plan per site (each collection draws from a
/// random stream of its own).
pub(super) fn collections(w: &World, seed: u64) -> Vec<(String, Collection)> {
    type Build = fn(&mut Rng, &Rogue<'_>) -> Vec<(i64, Value)>;
    let builds: [(&str, Build); 3] = [
        ("insights/rogues", |_, r| vec![(r.last_heard, listed(r))]),
        ("rogues/events", events),
        ("insights/rogues/clients", clients),
    ];
    let plans: Vec<(usize, usize, Vec<Rogue<'_>>)> = w
        .sites
        .iter()
        .enumerate()
        .map(|(si, site)| {
            (
                w.org_index(&site.org_id).unwrap_or(0),
                si,
                plan(w, seed, &site.id),
            )
        })
        .collect();
    builds
        .into_iter()
        .map(|(key, build)| {
            let mut rng = Rng::derive(seed, &format!("rogues:{key}"));
            let mut records = Vec::new();
            for (org, si, rogues) in &plans {
                for rogue in rogues {
                    for (t, value) in build(&mut rng, rogue) {
                        records.push(Record {
                            org: *org,
                            site: Some(*si),
                            ts: Some(t),
                            value,
                        });
                    }
                }
            }
            (key.to_string(), activity::distributed(records))
        })
        .collect()
}

impl World {
    /// The rogue AP `bssid` as site `site_id` lists it (a path's BSSID in any case).
    pub(crate) fn rogue(&self, site_id: &str, bssid: &str) -> Option<&Value> {
        let site = self.site_index(site_id)?;
        let bssid = bssid.to_ascii_lowercase();
        self.collection("insights/rogues")?
            .records
            .iter()
            .filter(|r| r.site == Some(site))
            .map(|r| &r.value)
            .find(|v| v.get("bssid").and_then(Value::as_str) == Some(bssid.as_str()))
    }
}

/// The BSSIDs the site hears: a LAN rogue for each AP a `rogue_ap` alarm names, and a handful
/// of others. A site with no connected AP hears nothing.
fn plan<'w>(w: &'w World, seed: u64, site_id: &str) -> Vec<Rogue<'w>> {
    let mut rng = Rng::derive(seed, &format!("rogue-plan:{site_id}"));
    let up: Vec<&Device> = w
        .devices_at(site_id)
        .filter(|d| d.connected && !d.radios.is_empty())
        .collect();
    if up.is_empty() {
        return Vec::new();
    }
    let mut taken = HashSet::new();
    let mut rogues = Vec::new();
    for (ap, raised) in alarmed_aps(w, site_id) {
        if let Some(reporter) = up.iter().copied().find(|d| d.mac == ap) {
            rogues.push(rogue(
                w,
                &mut rng,
                &mut taken,
                Kind::Lan,
                reporter,
                up.len(),
                raised,
            ));
        }
    }
    for _ in 0..rng.range(3, 9) {
        let kind = match rng.below(100) {
            0..55 => Kind::Others,
            55..75 => Kind::Lan,
            75..88 => Kind::Honeypot,
            _ => Kind::Spoof,
        };
        let reporter = *rng.pick(&up);
        rogues.push(rogue(w, &mut rng, &mut taken, kind, reporter, up.len(), i64::MIN));
    }
    rogues
}

/// The APs `rogue_ap` alarms at the site name, each with its earliest alarm.
fn alarmed_aps(w: &World, site_id: &str) -> Vec<(String, i64)> {
    let Some(alarms) = w.collection("alarms") else {
        return Vec::new();
    };
    let mut found: Vec<(String, i64)> = Vec::new();
    for a in alarms.records.iter().map(|r| &r.value) {
        let text = |f: &str| a.get(f).and_then(Value::as_str).unwrap_or_default();
        if text("type") != "rogue_ap" || text("site_id") != site_id {
            continue;
        }
        let t = a.get("timestamp").and_then(Value::as_i64).unwrap_or(w.now);
        let aps = a.get("aps").and_then(Value::as_array).into_iter().flatten();
        for ap in aps.filter_map(Value::as_str) {
            match found.iter_mut().find(|(mac, _)| mac == ap) {
                Some((_, first)) => *first = (*first).min(t),
                None => found.push((ap.to_string(), t)),
            }
        }
    }
    found.sort();
    found
}

/// A rogue of `kind` heard best by `reporter` (one of `aps` connected APs), heard no earlier
/// than `not_before`; its BSSID is not among `taken`.
fn rogue<'w>(
    w: &World,
    rng: &mut Rng,
    taken: &mut HashSet<String>,
    kind: Kind,
    reporter: &'w Device,
    aps: usize,
    not_before: i64,
) -> Rogue<'w> {
    let (oui, vendor) = *rng.pick(names::ROGUE_VENDORS);
    let own_ssid = rng.pick(names::WLANS).0;
    let (mut bssid, ssid, manufacture) = match kind {
        Kind::Lan => (
            foreign(oui, rng),
            rng.pick(names::LAN_ROGUE_SSIDS).to_string(),
            vendor,
        ),
        Kind::Others => (
            foreign(oui, rng),
            rng.pick(names::NEIGHBOUR_SSIDS).to_string(),
            vendor,
        ),
        Kind::Honeypot => (foreign(oui, rng), own_ssid.to_string(), vendor),
        // Not the radio's own BSSID: the reporter hears it from elsewhere, on another channel.
        Kind::Spoof => (imitated(reporter, rng), own_ssid.to_string(), "Unknown"),
    };
    while !taken.insert(bssid.clone()) {
        bssid = foreign(oui, rng);
    }
    let first_heard = (w.now - SPAN).max(reporter.boot_time() + 60).max(not_before);
    let last_heard = rng.range(first_heard.min(w.now - 120), w.now - 60);
    Rogue {
        bssid,
        ssid,
        channel: *rng.pick(CHANNELS),
        kind,
        manufacture,
        reporter,
        heard_by: rng.range(1, aps.min(6) as i64) as usize,
        avg_rssi: if kind == Kind::Lan {
            rng.range(-75, -50)
        } else {
            rng.range(-90, -60)
        },
        last_heard,
        first_heard: first_heard.min(last_heard),
        seen_as_client: kind == Kind::Lan && rng.chance(40),
    }
}

/// A BSSID of a foreign vendor.
fn foreign(oui: &str, rng: &mut Rng) -> String {
    format!("{oui}{}", rng.hex(6))
}

/// A BSSID one bit away from one of `ap`'s radios (the locally administered bit set).
fn imitated(ap: &Device, rng: &mut Rng) -> String {
    let first = u8::from_str_radix(ap.mac.get(..2).unwrap_or("5c"), 16).unwrap_or(0x5c) | 0x02;
    format!(
        "{first:02x}{}{}",
        ap.mac.get(2..11).unwrap_or("5b3500000"),
        rng.hex(1)
    )
}

/// The `listSiteRogueAPs` record; `type`, `manufacture` and `seen_as_client` are kept for the
/// `type` filter and the get by BSSID (the list's schema does not declare them).
fn listed(r: &Rogue<'_>) -> Value {
    let spread = (r.avg_rssi.unsigned_abs() % 17) as f64;
    json!({
        "bssid": r.bssid, "ssid": r.ssid, "channel": r.channel.to_string(), "ap_mac": r.reporter.mac,
        "avg_rssi": r.avg_rssi as f64, "num_aps": r.heard_by, "seen_on_lan": r.kind == Kind::Lan,
        "times_heard": ((r.last_heard - r.first_heard) / 60).max(1),
        "delta_x": spread * 1.5, "delta_y": -spread,
        "type": r.kind.as_str(), "manufacture": r.manufacture, "seen_as_client": r.seen_as_client,
    })
}

/// A rogue's detections: the last one when it was last heard, the others before it, all by
/// its reporter.
fn events(rng: &mut Rng, r: &Rogue<'_>) -> Vec<(i64, Value)> {
    let count = if r.kind == Kind::Lan {
        rng.range(2, 5)
    } else {
        rng.range(1, 3)
    };
    (0..count)
        .map(|i| {
            let t = if i == 0 {
                r.last_heard
            } else {
                rng.range(r.first_heard, r.last_heard)
            };
            let v = json!({
                "ap": r.reporter.mac, "bssid": r.bssid, "ssid": r.ssid, "channel": r.channel,
                "rssi": r.avg_rssi + rng.range(-4, 4), "timestamp": t,
                "ap_mac": r.reporter.mac, "type": r.kind.as_str(), "seen_on_lan": r.kind == Kind::Lan,
            });
            (t, v)
        })
        .collect()
}

/// The clients seen associated with a rogue: several on a LAN rogue, some lured by a honeypot,
/// now and then one on a neighbour's network.
fn clients(rng: &mut Rng, r: &Rogue<'_>) -> Vec<(i64, Value)> {
    let count = match r.kind {
        Kind::Lan => rng.range(1, 3),
        Kind::Honeypot if rng.chance(50) => rng.range(1, 2),
        Kind::Others if rng.chance(20) => 1,
        _ => 0,
    };
    let band = if r.channel <= 14 { "24" } else { "5" };
    (0..count)
        .map(|_| {
            let v = json!({
                "bssid": r.bssid, "ap_mac": r.reporter.mac,
                "client_mac": format!("{}{}", rng.pick(names::CLIENT_OUIS), rng.hex(6)),
                "num_aps": rng.range(1, r.heard_by as i64), "band": band,
                "avg_rssi": (r.avg_rssi + rng.range(-6, 2)) as f64, "annotation": r.kind.as_str(),
            });
            (r.last_heard, v)
        })
        .collect()
}
