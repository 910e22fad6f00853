//! Scalar values for a schema slot: the given value recast to the declared type when it can be,
//! otherwise a value from the world chosen by the field's name and format (ids that name real
//! objects, MACs of real devices and clients, times relative to now).

use super::conform::At;
use crate::ids::{looks_like_uuid, mint};
use crate::world::fields::{Subject, by_name};
use crate::world::{World, names};
use serde_json::{Map, Value};
use std::sync::Arc;

/// The focus of a record that names its own site, device or client.
pub(super) fn refocus<'w>(at: &At<'w>, m: &Map<String, Value>, w: &'w World) -> At<'w> {
    let text = |k: &str| m.get(k).and_then(Value::as_str);
    let s = &at.subject;
    let site = text("site_id")
        .and_then(|id| w.site_index(id))
        .map(|i| &w.sites[i]);
    let mac = text("mac").or(text("device_mac")).or(text("client_mac"));
    let device = mac
        .and_then(|mac| w.device(mac))
        .or_else(|| text("device_id").and_then(|id| w.device(id)));
    let client = mac.and_then(|mac| w.client(mac));
    let mut at = at.clone();
    if let Some(anchor) = text("id").or(mac) {
        at.path = format!("{anchor}@{}", at.name);
    }
    if site.is_some() || device.is_some() || client.is_some() {
        at.subject = Arc::new(Subject {
            w,
            org: s.org,
            site: site.or(s.site),
            device: device.or(s.device),
            client: client.or(s.client),
            key: s.key,
            n: s.n,
            refs: s.refs,
        });
    }
    at
}

/// The focus of the `i`-th item of a generated list: top-level records spread over the
/// organisation's sites, devices and clients.
pub(super) fn item_focus<'w>(at: &At<'w>, i: usize, w: &'w World) -> At<'w> {
    let mut item = at.clone();
    item.path = format!("{}[{i}]", at.path);
    if at.depth > 1 {
        return item;
    }
    let s = &at.subject;
    let org_id = &w.orgs[s.org].id;
    let sites: Vec<_> = w.sites_of(org_id).collect();
    let site = s
        .site
        .or_else(|| (!sites.is_empty()).then(|| sites[i % sites.len()]));
    let mut rng = item.rng(w);
    let mut subject = Subject::new(w, s.org, site, s.key, i, &mut rng);
    subject.site = site;
    item.subject = Arc::new(subject);
    item
}

/// Keys for a generated map (an object whose properties are free names).
pub(super) fn map_keys(at: &At<'_>, _w: &World) -> Vec<String> {
    let keys: &[&str] = match at.name.as_str() {
        n if n.contains("vars") => &["corp_vlan", "guest_vlan"],
        n if n.contains("model") => &["AP45", "AP34"],
        n if n.contains("port") => &["ge-0/0/1", "ge-0/0/2"],
        n if n.contains("account") => &["acct-primary"],
        _ => &["corp", "guest"],
    };
    keys.iter().map(|k| (*k).to_string()).collect()
}

fn named(at: &At<'_>, w: &World) -> Value {
    let mut rng = at.rng(w);
    by_name(&at.subject, &at.name, &mut rng)
}

pub(super) fn from_enum(v: Option<&Value>, list: &[Value], at: &At<'_>, w: &World) -> Value {
    if let Some(x) = v {
        if list.contains(x) {
            return x.clone();
        }
        let text = match x {
            Value::Bool(b) => Some(b.to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        if let Some(t) = text.map(Value::String).filter(|t| list.contains(t)) {
            return t;
        }
    }
    let choices: Vec<&Value> = list.iter().filter(|x| !x.is_null()).collect();
    if choices.is_empty() {
        return list.first().cloned().unwrap_or(Value::Null);
    }
    let guess = named(at, w);
    if choices.contains(&&guess) {
        return guess;
    }
    (*at.rng(w).pick(&choices)).clone()
}

pub(super) fn string(v: Option<&Value>, s: &Value, at: &At<'_>, w: &World) -> Value {
    let format = s.get("format").and_then(Value::as_str).unwrap_or_default();
    let given = match v {
        Some(Value::String(x)) => Some(x.clone()),
        Some(Value::Bool(b)) => Some(b.to_string()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::Array(list)) => list.iter().find_map(|x| match x {
            Value::String(t) => Some(t.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }),
        _ => None,
    };
    let given = given.filter(|x| format != "uuid" || looks_like_uuid(x));
    let text = given.unwrap_or_else(|| generated_string(format, at, w));
    let min = s.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    let max = s.get("maxLength").and_then(Value::as_u64).map(|m| m as usize);
    let mut text = if text.chars().count() < min {
        let mut t = if text.is_empty() { word(at, w) } else { text };
        while t.chars().count() < min {
            t.push('0');
        }
        t
    } else {
        text
    };
    if let Some(max) = max {
        text = text.chars().take(max).collect();
    }
    Value::String(text)
}

fn generated_string(format: &str, at: &At<'_>, w: &World) -> String {
    let mut rng = at.rng(w);
    let s = &at.subject;
    match format {
        "uuid" => return uuid_for(at, w),
        "email" => return "netops@acme-retail.example".to_string(),
        "ipv4" => return format!("10.{}.{}.{}", 1 + s.n % 200, rng.below(250), 2 + rng.below(250)),
        "ipv6" => return format!("2001:db8:{:x}::{:x}", 1 + s.n, 2 + rng.below(0xfff)),
        "uri" | "url" => return format!("https://portal.acme-retail.example/{}", at.name),
        "password" => return "********".to_string(),
        _ => {}
    }
    if at.name.ends_with("_id") && !at.name.contains("vlan") && !at.name.contains("port") {
        return uuid_for(at, w);
    }
    if let Some(t) = by_kind(at, w) {
        return t;
    }
    let text = |v: Value| match v {
        Value::String(t) if !t.is_empty() => Some(t),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    let guess = text(named(at, w)).filter(|t| !names::PLAIN_WORDS.contains(&t.as_str()));
    // A list's items are named like the list (`macs`, `ssids`): try the singular too.
    let singular = at.name.strip_suffix('s').and_then(|one| {
        let mut item = at.clone();
        item.name = one.to_string();
        text(named(&item, w))
    });
    guess.or(singular).unwrap_or_else(|| word(at, w))
}

/// Text whose kind the field name tells (addresses, links, secrets, times of day).
fn by_kind(at: &At<'_>, w: &World) -> Option<String> {
    let name = at.name.as_str();
    let s = &at.subject;
    let mut rng = at.rng(w);
    if name.contains("mac") && !name.contains("macro") {
        // The names the world's own generator knows (`mac` of a client event, `ap_mac`).
        if let Value::String(known) = named(at, w)
            && w.knows_generated(&known)
        {
            return Some(known);
        }
        let wants_client = ["client", "user", "guest", "sta"]
            .iter()
            .any(|k| name.contains(k));
        let client = s.client.map(|c| c.mac.clone());
        if wants_client && client.is_some() {
            return client;
        }
        // A device in focus, else one of the organisation's (an AP for AP fields).
        let org_id = &w.orgs[s.org].id;
        let pool: Vec<_> = w
            .devices
            .iter()
            .filter(|d| d.org_id == *org_id && s.site.is_none_or(|x| x.id == d.site_id))
            .filter(|d| !name.starts_with("ap") || d.kind == crate::world::DeviceKind::Ap)
            .collect();
        let any = (!pool.is_empty()).then(|| rng.pick(&pool).mac.clone());
        return s.device.map(|d| d.mac.clone()).or(any).or(client);
    }
    if name.ends_with("url") || name.ends_with("_uri") {
        return Some(format!(
            "https://portal.acme-retail.example/{}",
            name.trim_end_matches("_url")
        ));
    }
    if name.contains("email") {
        return Some("netops@acme-retail.example".to_string());
    }
    if ["secret", "password", "passphrase", "token", "psk"]
        .iter()
        .any(|k| name.contains(k))
    {
        return Some(rng.hex(16));
    }
    if name.contains("time_of_day") || name.ends_with("_hour") {
        return Some(format!("{:02}:00", rng.below(24)));
    }
    if name == "ips" || name.ends_with("_ip") || name.ends_with("_ips") || name.contains("ip_addr") {
        return Some(s.device.map_or_else(
            || format!("10.1.{}.{}", s.n % 200, 2 + rng.below(250)),
            |d| d.ip.clone(),
        ));
    }
    None
}

/// An id for a field: the org, site, device or client in focus where the name says so, an id
/// of a world record of the named kind, or a minted one.
fn uuid_for(at: &At<'_>, w: &World) -> String {
    let s = &at.subject;
    let name = at.name.as_str();
    match name {
        "org_id" | "msp_org_id" => return w.orgs[s.org].id.clone(),
        "site_id" => {
            if let Some(site) = s.site.or_else(|| w.sites_of(&w.orgs[s.org].id).next()) {
                return site.id.clone();
            }
        }
        "device_id" | "ap_id" | "switch_id" | "gateway_id" => {
            if let Some(d) = s
                .device
                .or_else(|| w.devices.iter().find(|d| d.org_id == w.orgs[s.org].id))
            {
                return d.id.clone();
            }
        }
        "id" => return mint(w.seed, &at.path),
        _ => {}
    }
    let mut rng = at.rng(w);
    match by_name(s, name, &mut rng) {
        Value::String(t) if looks_like_uuid(&t) && w.knows_generated(&t) => t,
        // A handful of ids per kind, so related records share them.
        _ => mint(w.seed, &format!("{name}#{}", s.n % 3)),
    }
}

/// A plain word for a text field nothing more is known about.
fn word(at: &At<'_>, w: &World) -> String {
    at.rng(w).pick(names::PLAIN_WORDS).to_string()
}

fn is_time(name: &str) -> bool {
    matches!(
        name,
        "timestamp" | "time" | "start" | "end" | "when" | "last_seen" | "ts"
    ) || name.ends_with("_time")
        || name.ends_with("_ts")
        || name.ends_with("_at")
        || name.contains("timestamp")
}

fn bounds(s: &Value) -> (Option<f64>, Option<f64>) {
    let num = |k: &str| s.get(k).and_then(Value::as_f64);
    (
        num("minimum").or(num("exclusiveMinimum").map(|x| x + 1.0)),
        num("maximum").or(num("exclusiveMaximum").map(|x| x - 1.0)),
    )
}

fn clamp(x: f64, s: &Value) -> f64 {
    let (lo, hi) = bounds(s);
    let x = lo.map_or(x, |lo| x.max(lo));
    hi.map_or(x, |hi| x.min(hi))
}

fn generated_number(at: &At<'_>, s: &Value, w: &World) -> f64 {
    let mut rng = at.rng(w);
    if is_time(&at.name) {
        let now = w.now;
        return (now - rng.range(60, 6 * 3_600)) as f64;
    }
    let (lo, hi) = bounds(s);
    if let (Some(lo), Some(hi)) = (lo, hi) {
        return lo + ((hi - lo) * rng.float()).floor();
    }
    match named(at, w) {
        Value::Number(n) => n.as_f64().unwrap_or(0.0),
        _ => rng.range(0, 100) as f64,
    }
}

fn given_number(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(t) => t.trim().parse().ok(),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        Value::Array(list) => given_number(list.first()),
        _ => None,
    }
}

pub(super) fn integer(v: Option<&Value>, s: &Value, at: &At<'_>, w: &World) -> Value {
    if let Some(Value::Number(n)) = v
        && let Some(i) = n.as_i64()
    {
        return Value::from(clamp(i as f64, s) as i64);
    }
    let x = given_number(v).unwrap_or_else(|| generated_number(at, s, w));
    Value::from(clamp(x.round(), s) as i64)
}

pub(super) fn number(v: Option<&Value>, s: &Value, at: &At<'_>, w: &World) -> Value {
    if let Some(Value::Number(n)) = v {
        let x = n.as_f64().unwrap_or(0.0);
        let c = clamp(x, s);
        return if c == x {
            Value::Number(n.clone())
        } else {
            Value::from(c)
        };
    }
    let x = given_number(v).unwrap_or_else(|| generated_number(at, s, w));
    Value::from(clamp(x, s))
}

pub(super) fn boolean(v: Option<&Value>, at: &At<'_>, w: &World) -> Value {
    match v {
        Some(Value::Bool(b)) => Value::Bool(*b),
        Some(Value::String(t)) if t == "true" || t == "false" => Value::Bool(t == "true"),
        Some(Value::Number(n)) => Value::Bool(n.as_f64().is_some_and(|x| x != 0.0)),
        _ => match named(at, w) {
            Value::Bool(b) => Value::Bool(b),
            _ => Value::Bool(at.rng(w).chance(60)),
        },
    }
}

pub(super) fn untyped(at: &At<'_>, w: &World) -> Value {
    named(at, w)
}
