//! Configuration objects with relations that matter to tests: WLANs (that clients reference),
//! webhooks and their deliveries, guests, PSKs, maps and call records.

use super::entities::{Org, Site, wlan_id};
use super::spread::{sampled_per_site, wireless_at};
use super::{Collection, Layout, Record, World, names};
use crate::config::SimScale;
use crate::rng::Rng;
use serde_json::{Value, json};

/// The keys [`collection`] builds.
pub(super) const KEYS: &[&str] = &[
    "wlans",
    "guests",
    "psks",
    "maps",
    "stats/calls",
    "webhooks/{webhook_id}/events",
    "webhooks",
    "admins",
    "templates",
];

/// One collection of configuration objects (each has its own random stream; deliveries
/// regenerate the webhooks they belong to).
pub(super) fn collection(w: &World, seed: u64, scale: &SimScale, key: &str) -> Option<Collection> {
    let n = scale.records_per_collection;
    Some(match key {
        "wlans" => wlans(w, seed),
        "guests" => guests(w, seed, n),
        "psks" => psks(w, seed),
        "maps" => maps(w, seed),
        "stats/calls" => calls(w, seed, n),
        "webhooks/{webhook_id}/events" => deliveries(w, seed, &webhooks(w, seed), n),
        "webhooks" => webhooks(w, seed),
        "admins" => admins(w, seed),
        "templates" => templates(w, seed),
        _ => return None,
    })
}

fn site_parts(w: &World, s: &Site) -> (usize, usize) {
    (
        w.org_index(&s.org_id).unwrap_or(0),
        w.site_index(&s.id).unwrap_or(0),
    )
}

fn stamp(w: &World, rng: &mut Rng) -> i64 {
    w.now - rng.range(30, 400) * 86_400
}

/// A [`Layout::Mixed`] collection: every organisation's own objects (from `at_org`), then every
/// site's (from `at_site`), drawing from `rng` in that order.
fn mixed(
    w: &World,
    rng: &mut Rng,
    mut at_org: impl FnMut(&mut Rng, &Org) -> Vec<Value>,
    mut at_site: impl FnMut(&mut Rng, &Site) -> Vec<Value>,
) -> Collection {
    let mut records = Vec::new();
    for (org, o) in w.orgs.iter().enumerate() {
        for value in at_org(rng, o) {
            records.push(Record {
                org,
                site: None,
                ts: None,
                value,
            });
        }
    }
    for s in &w.sites {
        let (org, site) = site_parts(w, s);
        for value in at_site(rng, s) {
            records.push(Record {
                org,
                site: Some(site),
                ts: None,
                value,
            });
        }
    }
    Collection {
        layout: Layout::Mixed,
        records,
    }
}

fn wlans(w: &World, seed: u64) -> Collection {
    let mut rng = Rng::derive(seed, "wlans");
    let at_org = |rng: &mut Rng, o: &Org| {
        names::WLANS
            .iter()
            .map(|(ssid, vlan, auth)| {
                let created = stamp(w, rng);
                // The org's WLANs come from the template named for them.
                let template = template_id(seed, &o.id, &format!("{ssid}-WLANs"));
                let mut v = Wlan {
                    id: &wlan_id(seed, &o.id, ssid),
                    ssid,
                    vlan: *vlan,
                    auth,
                    org_id: &o.id,
                    site_id: None,
                    template_id: Some(&template),
                    created,
                }
                .json();
                // The audit logs that say this WLAN was updated are its last changes.
                let logged = format!("Update WLAN \"{ssid}\"");
                if let Some(last) = last_update_logged(w, &o.id, &logged) {
                    v["modified_time"] = json!(last);
                }
                v
            })
            .collect()
    };
    let at_site = |rng: &mut Rng, s: &Site| {
        let created = stamp(w, rng);
        let ssid = format!("{}-Staff", s.name.split('-').next().unwrap_or("Site"));
        // A site's own WLAN comes from no template, and the cloud says so with a null
        // template_id (the quirk `quirks::NULL_TEMPLATE_ID`), not by leaving it out.
        let wlan = Wlan {
            id: &rng.uuid(),
            ssid: &ssid,
            vlan: 50,
            auth: "psk",
            org_id: &s.org_id,
            site_id: Some(&s.id),
            template_id: None,
            created,
        };
        vec![wlan.json()]
    };
    mixed(w, &mut rng, at_org, at_site)
}

/// One WLAN: its SSID, VLAN and authentication, where it is defined and since when.
struct Wlan<'a> {
    id: &'a str,
    ssid: &'a str,
    vlan: u16,
    auth: &'a str,
    org_id: &'a str,
    site_id: Option<&'a str>,
    template_id: Option<&'a str>,
    created: i64,
}

impl Wlan<'_> {
    fn json(&self) -> Value {
        json!({
            "id": self.id, "ssid": self.ssid, "org_id": self.org_id, "site_id": self.site_id,
            "template_id": self.template_id, "enabled": true, "auth": {"type": self.auth},
            "vlan_enabled": true, "vlan_id": self.vlan, "bands": ["24", "5", "6"], "interface": "all",
            "hide_ssid": false, "band_steer": true, "created_time": self.created,
            "modified_time": self.created + 86_400,
        })
    }
}

fn webhooks(w: &World, seed: u64) -> Collection {
    let mut rng = Rng::derive(seed, "webhooks");
    let hook = |rng: &mut Rng, name: &str, org_id: &str, site_id: Option<&str>, topics: &[&str]| {
        let t = w.now - rng.range(30, 300) * 86_400;
        json!({
            "id": rng.uuid(), "name": name, "type": "http", "enabled": true, "verify_cert": true,
            "url": format!("https://hooks.example.com/{}", name.to_lowercase().replace(' ', "-")),
            "topics": topics, "org_id": org_id, "site_id": site_id,
            "created_time": t, "modified_time": t + 3_600,
        })
    };
    let at_org = |rng: &mut Rng, o: &Org| {
        [
            ("SIEM Alarms", &["alarms", "audits"][..]),
            ("Device Updowns", &["device-updowns"][..]),
        ]
        .into_iter()
        .map(|(name, topics)| hook(rng, name, &o.id, None, topics))
        .collect()
    };
    let at_site = |rng: &mut Rng, s: &Site| {
        let name = format!("{} Occupancy", s.name);
        vec![hook(
            rng,
            &name,
            &s.org_id,
            Some(&s.id),
            &["occupancy-alerts", "ping"],
        )]
    };
    mixed(w, &mut rng, at_org, at_site)
}

fn deliveries(w: &World, seed: u64, hooks: &Collection, per_hook: usize) -> Collection {
    let mut rng = Rng::derive(seed, "deliveries");
    let mut records = Vec::new();
    for h in &hooks.records {
        let id = h.value.get("id").cloned().unwrap_or(Value::Null);
        let topics: Vec<String> = h
            .value
            .get("topics")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|t| t.as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        for _ in 0..per_hook {
            let t = w.now - rng.range(60, 23 * 3_600);
            let failed = rng.chance(15);
            let topic = if topics.is_empty() {
                "alarms".to_string()
            } else {
                rng.pick(&topics).clone()
            };
            records.push(Record {
                org: h.org,
                site: h.site,
                ts: Some(t),
                value: json!({
                    "id": rng.uuid(), "webhook_id": id, "topic": topic, "timestamp": t,
                    "status": if failed { "failure" } else { "success" },
                    "status_code": if failed { 503 } else { 200 }, "error": if failed { "upstream unavailable" } else { "" },
                    "org_id": w.orgs[h.org].id, "site_id": h.site.map(|s| w.sites[s].id.clone()),
                    "req_url": h.value.get("url").cloned().unwrap_or(Value::Null),
                }),
            });
        }
    }
    records.sort_by_key(|r| std::cmp::Reverse(r.ts));
    Collection {
        layout: Layout::Mixed,
        records,
    }
}

fn guests(w: &World, seed: u64, per_site: usize) -> Collection {
    let mut rng = Rng::derive(seed, "guests");
    let mut records = Vec::new();
    let methods = ["email", "sms", "passphrase", "sponsor"];
    let companies = ["Initech", "Umbrella", "Hooli", "Vandelay"];
    for s in &w.sites {
        let (org, site) = site_parts(w, s);
        for i in 0..per_site.div_ceil(2) {
            let first = *rng.pick(names::FIRST_NAMES);
            let t = w.now - rng.range(60, 23 * 3_600);
            let mac = format!(
                "{}{:06x}",
                rng.pick(names::CLIENT_OUIS),
                0xe0_0000 + site * 4096 + i
            );
            records.push(Record {
                org,
                site: Some(site),
                ts: Some(t),
                value: json!({
                    "mac": mac, "name": first, "email": format!("{first}.guest@example.net"),
                    "company": rng.pick(&companies), "auth_method": rng.pick(&methods), "ssid": "Guest",
                    "wlan_id": wlan_id(seed, &s.org_id, "Guest"), "authorized": true,
                    "authorized_time": t, "authorized_expiring_time": t + 86_400, "timestamp": t,
                    "site_id": s.id, "org_id": s.org_id,
                }),
            });
        }
    }
    Collection {
        layout: Layout::Distributed,
        records,
    }
}

fn psks(w: &World, seed: u64) -> Collection {
    let mut rng = Rng::derive(seed, "psks");
    let psk = |rng: &mut Rng, name: &str, org_id: &str, site_id: Option<&str>| {
        let t = w.now - rng.range(10, 200) * 86_400;
        json!({
            "id": rng.uuid(), "name": name, "ssid": "IoT", "passphrase": "configured", "role": "device",
            "usage": "multi", "vlan_id": 40, "org_id": org_id, "site_id": site_id,
            "created_time": t, "modified_time": t,
        })
    };
    let at_org = |rng: &mut Rng, o: &Org| {
        names::object_names("psks")[..2]
            .iter()
            .map(|name| psk(rng, name, &o.id, None))
            .collect()
    };
    let at_site = |rng: &mut Rng, s: &Site| {
        names::object_names("psks")[2..]
            .iter()
            .map(|name| psk(rng, name, &s.org_id, Some(&s.id)))
            .collect()
    };
    mixed(w, &mut rng, at_org, at_site)
}

fn maps(w: &World, seed: u64) -> Collection {
    let mut rng = Rng::derive(seed, "maps");
    let mut records = Vec::new();
    for s in &w.sites {
        let (org, site) = site_parts(w, s);
        for name in names::object_names("maps") {
            let t = stamp(w, &mut rng);
            let id = rng.uuid();
            let image = super::floor_plan::image_path(&id);
            records.push(Record {
                org,
                site: Some(site),
                ts: None,
                value: json!({
                    "id": id, "name": name, "type": "image", "site_id": s.id, "org_id": s.org_id,
                    "width": 1800, "height": 1200, "ppm": 24.5, "created_time": t, "modified_time": t,
                    "url": image, "thumbnail_url": image,
                }),
            });
        }
    }
    Collection {
        layout: Layout::Distributed,
        records,
    }
}

fn calls(w: &World, seed: u64, per_site: usize) -> Collection {
    let mut rng = Rng::derive(seed, "calls");
    let records = sampled_per_site(w, &mut rng, per_site, wireless_at(w), |rng, s, c| {
        let t = w.now - rng.range(600, 23 * 3_600);
        let (app, _) = *rng.pick(names::APPS);
        let duration = rng.range(300, 3_600);
        let v = json!({
            "mac": c.mac, "app": app, "meeting_id": rng.hex(12), "ap_mac": c.device_mac,
            "rating": rng.range(1, 5), "start": t, "end": t + duration, "duration": duration,
            "timestamp": t, "audio_quality": rng.range(1, 5), "video_quality": rng.range(1, 5),
            "site_id": s.id, "org_id": s.org_id, "hostname": c.hostname,
        });
        (t, v)
    });
    Collection {
        layout: Layout::Distributed,
        records,
    }
}

/// The id of the admin with this email: the same in the admin list, the audit logs and the
/// alarms an admin acknowledged.
pub(crate) fn admin_id(seed: u64, email: &str) -> String {
    Rng::derive(seed, email).uuid()
}

/// The people who administer each organisation (the main token's own account first), with
/// privileges on that organisation only.
fn admins(w: &World, seed: u64) -> Collection {
    // In the order of `names::admin_for`.
    let roles = ["admin", "write", "read"];
    let mut records = Vec::new();
    for (org, o) in w.orgs.iter().enumerate() {
        for (i, (first, last, email)) in names::ADMINS.iter().enumerate() {
            records.push(Record {
                org,
                site: None,
                ts: None,
                value: json!({
                    "admin_id": admin_id(seed, email), "email": email, "first_name": first,
                    "last_name": last, "name": format!("{first} {last}"),
                    "privileges": [{"scope": "org", "org_id": o.id, "name": o.name, "role": roles[i % roles.len()]}],
                    "two_factor_verified": true, "via_sso": false, "enable_two_factor": true,
                    "session_expiry": 1_440, "tags": [], "phone": "",
                }),
            });
        }
    }
    Collection {
        layout: Layout::OrgLevel,
        records,
    }
}

/// The id of an organisation's WLAN template of this name: the same in the template list and
/// in the WLANs it holds.
fn template_id(seed: u64, org_id: &str, name: &str) -> String {
    Rng::derive(seed, &format!("template:{org_id}:{name}")).uuid()
}

/// The WLAN templates: one per organisation WLAN, applied to every site of the organisation.
fn templates(w: &World, seed: u64) -> Collection {
    let mut rng = Rng::derive(seed, "templates");
    let mut records = Vec::new();
    for (org, o) in w.orgs.iter().enumerate() {
        let site_ids: Vec<&str> = w.sites_of(&o.id).map(|s| s.id.as_str()).collect();
        for name in names::object_names("templates") {
            let t = stamp(w, &mut rng);
            records.push(Record {
                org,
                site: None,
                ts: None,
                value: json!({
                    "id": template_id(seed, &o.id, name), "name": name, "org_id": o.id,
                    "applies": {"org_id": o.id, "site_ids": site_ids, "sitegroup_ids": []},
                    "exceptions": {"site_ids": [], "sitegroup_ids": []}, "filter_by_deviceprofile": false,
                    "deviceprofile_ids": [], "created_time": t, "modified_time": t + 86_400,
                }),
            });
        }
    }
    Collection {
        layout: Layout::OrgLevel,
        records,
    }
}

/// The time of the newest audit log of the organisation with this message.
fn last_update_logged(w: &World, org_id: &str, message: &str) -> Option<i64> {
    w.collection("logs")?
        .records
        .iter()
        .filter(|r| r.value.get("org_id").and_then(Value::as_str) == Some(org_id))
        .filter(|r| r.value.get("message").and_then(Value::as_str) == Some(message))
        .filter_map(|r| r.ts)
        .max()
}
