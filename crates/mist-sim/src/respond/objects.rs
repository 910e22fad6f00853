//! Single-object answers (the org, the caller, settings, summaries, RF planning, ...) and the
//! generic fallback for operations nothing else covers.

use super::Ctx;
use super::listing::{body_window, page_values};
use crate::query::BadRequest;
use crate::reply::Reply;
use crate::rng::Rng;
use crate::route::Scope;
use crate::world::{DeviceKind, names};
use mist_catalog::{Pagination, ResponseKind};
use serde_json::{Value, json};

pub(super) fn answer(ctx: &Ctx<'_>) -> Result<Option<Reply>, BadRequest> {
    if ctx.op.tool.response == ResponseKind::Text {
        return Ok(Some(export(ctx)));
    }
    let w = ctx.world;
    let body = match (ctx.op.scope, ctx.op.key.as_str()) {
        (Scope::Org, "") => org(ctx),
        (Scope::Caller, "") => caller(ctx),
        (Scope::Site, "") => record_of_site(ctx, "sites"),
        (Scope::Site, "stats") => record_of_site(ctx, "stats/sites"),
        (Scope::Caller, "usage") => json!({
            "requests": ctx.usage.requests, "request_limit": ctx.usage.request_limit,
            "seconds": ctx.usage.seconds_left,
        }),
        (Scope::Caller, "login_failures") => json!({"failures": [], "count": 0}),
        (Scope::Org, "setting") => org_setting(ctx),
        (Scope::Site, "setting") => site_setting(ctx),
        (Scope::Org, "devices/summary") => devices_summary(ctx),
        (Scope::Org, "ocdevices/outbound_ssh_cmd") => outbound_ssh(ctx),
        (Scope::Org, "troubleshoot") => troubleshoot(ctx),
        (Scope::Org, "claim/status") => json!({
            "status": "done", "processed": 12, "succeed": 12, "failed": 0, "incompleted": 0,
            "scheduled_at": w.now - 3_600, "timestamp": w.now - 3_000, "detail": [],
        }),
        (Scope::Org, "licenses") => licenses(ctx),
        (Scope::Org, "licenses/usages") => license_usages(ctx),
        (Scope::Org, "alarmtemplates/suppress") => json!({"results": []}),
        (Scope::Org, "stats") => org_stats(ctx),
        (Scope::Site, "stats/calls/summary") => calls_summary(ctx),
        (Scope::Site, "stats/discovered_switches/metrics") => json!({
            "poe_compliance": {"score": 92, "total_aps": 8, "non_compliant_aps": 0},
            "version_compliance": {"score": 100, "major_versions": []},
            "switch_ap_affinity": {"score": 75, "threshold": 12},
            "inactive_wired_vlans": {"score": 100, "details": []},
        }),
        (Scope::Org, "stats/otherdevices/{device_mac}") => other_device(ctx),
        (Scope::Site, "rrm/current") => channel_plan(ctx),
        (Scope::Site, "rrm/current/devices/{device_id}/band/{band}") => rrm_considerations(ctx),
        (Scope::Site, "rrm/neighbors/band/{band}") => return rrm_neighbors(ctx).map(Some),
        (Scope::Site, "rogues/{rogue_bssid}") => return Ok(Some(rogue(ctx))),
        (Scope::Site, "stats/calls/client/{client_mac}/troubleshoot") => {
            return call_troubleshoot(ctx).map(Some);
        }
        (Scope::Org, "wxtags/{wxtag_id}/clients") => tag_clients(ctx),
        (Scope::Site, "networktemplates") if !ctx.wants_array() => derived_template(ctx),
        (Scope::Const, "{msp_id}") if ctx.op.tool.path.ends_with("/search") => msp_org_search(ctx)?,
        _ => return Ok(None),
    };
    Ok(Some(Reply::json(&body)))
}

/// A plausible object (or empty list) for an operation with no dedicated answer.
pub(super) fn fallback(ctx: &Ctx<'_>) -> Reply {
    // Keep the pagination shape even with nothing to list, so clients can still page.
    let window = body_window(ctx).unwrap_or(crate::query::Window {
        start: ctx.now - 86_400,
        end: ctx.now,
    });
    match ctx.op.tool.pagination {
        Pagination::Page => return page_values(ctx, &[], window).unwrap_or_else(Reply::from),
        Pagination::Search | Pagination::Limit if !ctx.wants_array() => {
            return Reply::json(&json!({
                "start": window.start, "end": window.end, "limit": 100, "total": 0, "results": [],
            }));
        }
        Pagination::Count => {
            return Reply::json(&json!({
                "distinct": ctx.query.get("distinct").unwrap_or("type"), "start": window.start,
                "end": window.end, "limit": 100, "total": 0, "results": [],
            }));
        }
        _ => {}
    }
    // Nothing hand-made: the shape engine generates the whole body from the schema.
    Reply::json(&Value::Null)
}

/// A file download (`exportSiteDevices`): the site's devices as CSV.
fn export(ctx: &Ctx<'_>) -> Reply {
    let mut csv = String::from("mac,serial,model,type,name,site_id\n");
    let site = ctx.site_id().unwrap_or_default();
    for d in ctx.world.devices_at(site) {
        csv.push_str(&format!(
            "{},{},{},{},{},{}\n",
            d.mac,
            d.serial,
            d.model,
            d.kind.as_str(),
            d.name,
            d.site_id
        ));
    }
    Reply {
        status: 200,
        content_type: "text/csv",
        headers: vec![(
            "Content-Disposition",
            "attachment; filename=\"devices.csv\"".to_string(),
        )],
        body: csv.into_bytes(),
    }
}

/// A rogue AP the site lists, by its BSSID; another BSSID is unknown.
fn rogue(ctx: &Ctx<'_>) -> Reply {
    let bssid = ctx.param("rogue_bssid");
    match ctx.world.rogue(ctx.site_id().unwrap_or_default(), bssid) {
        Some(r) => Reply::json(&json!({
            "manufacture": r.get("manufacture"), "seen_as_client": r.get("seen_as_client"),
        })),
        None => Reply::unknown_id(bssid),
    }
}

fn record_of_site(ctx: &Ctx<'_>, key: &str) -> Value {
    ctx.world
        .collection(key)
        .and_then(|c| c.records.iter().find(|r| r.site == ctx.site))
        .map(|r| r.value.clone())
        .unwrap_or_else(|| json!({}))
}

/// The MSP's organisations whose name holds `q` (the only `type` is `orgs`), in the spec's
/// paged body: the query's time window selects nothing here, so the body carries none.
fn msp_org_search(ctx: &Ctx<'_>) -> Result<Value, BadRequest> {
    let limit = ctx.query.limit(100)?;
    let page = ctx.query.page()?;
    let q = ctx.query.get("q").unwrap_or_default().to_lowercase();
    // The caller sees its own organisation only, as everywhere in the simulator.
    let o = &ctx.world.orgs[ctx.org];
    let found: Vec<Value> = std::iter::once(o)
        .filter(|o| o.name.to_lowercase().contains(&q))
        .map(|o| json!({"id": o.id, "type": "orgs", "text": o.name}))
        .collect();
    let total = found.len();
    let results: Vec<Value> = found
        .into_iter()
        .skip((page - 1).saturating_mul(limit))
        .take(limit)
        .collect();
    Ok(json!({"limit": limit, "page": page, "total": total, "results": results}))
}

fn org(ctx: &Ctx<'_>) -> Value {
    let o = &ctx.world.orgs[ctx.org];
    json!({
        "id": o.id, "name": o.name, "created_time": o.created_time, "modified_time": o.created_time + 86_400,
        "alarmtemplate_id": null, "allow_mist": true, "msp_id": null, "orggroup_ids": [],
        "session_expiry": 1_440,
    })
}

fn caller(ctx: &Ctx<'_>) -> Value {
    let (first, last, email) = names::admin_for(ctx.role);
    let o = &ctx.world.orgs[ctx.org];
    if ctx.org_token {
        // An org API token is nobody: its `/self` holds only what it may reach, and a name
        // (the quirk `quirks::ORG_TOKEN_SELF`).
        return json!({
            "name": "Automation token",
            "privileges": [{"scope": "org", "org_id": o.id, "name": o.name, "role": ctx.role.as_str()}],
        });
    }
    json!({
        "email": email, "first_name": first, "last_name": last, "phone": "", "via_sso": false,
        "two_factor_verified": true, "session_expiry": 1_440, "tags": [],
        "privileges": [{"scope": "org", "org_id": o.id, "name": o.name, "role": ctx.role.as_str()}],
    })
}

fn org_setting(ctx: &Ctx<'_>) -> Value {
    let o = &ctx.world.orgs[ctx.org];
    json!({
        "id": Rng::derive(ctx.world.seed, &format!("setting:{}", o.id)).uuid(), "org_id": o.id,
        "password_policy": {"enabled": true, "min_length": 12, "requires_special_char": true, "requires_two_factor_auth": true, "expiry_in_days": 180},
        "ui_idle_timeout": 30, "device_updown_threshold": 0,
        "cloudshark": {"apitoken": "", "url": ""}, "installer": {"allow_all_sites": false, "grace_period": 7},
        "created_time": o.created_time, "modified_time": o.created_time + 86_400 * 10,
    })
}

fn site_setting(ctx: &Ctx<'_>) -> Value {
    let site_id = ctx.site_id().unwrap_or_default();
    let derived = ctx.op.derived;
    json!({
        "id": Rng::derive(ctx.world.seed, &format!("site-setting:{site_id}")).uuid(),
        "site_id": site_id, "org_id": ctx.org_id(),
        "rogue": {"enabled": true, "honeypot_enabled": false, "min_rssi": -80, "min_duration": 10},
        "auto_upgrade": {"enabled": false, "version": "custom", "time_of_day": "02:00"},
        "wifi": {"enabled": true, "locate_unconnected": false, "mesh_enabled": false},
        "analytic": {"enabled": true}, "rtsa": {"enabled": false},
        "vars": {"corp_vlan": "10", "guest_vlan": "30"}, "config_auto_revert": false,
        "persist_config_on_device": false, "derived": derived,
        "created_time": ctx.world.now - 86_400 * 200, "modified_time": ctx.world.now - 86_400 * 3,
    })
}

fn devices_summary(ctx: &Ctx<'_>) -> Value {
    let org_id = ctx.org_id();
    let count = |kind: DeviceKind| {
        ctx.world
            .devices
            .iter()
            .filter(|d| d.org_id == org_id && d.kind == kind)
            .count()
    };
    json!({
        "num_aps": count(DeviceKind::Ap), "num_switches": count(DeviceKind::Switch),
        "num_gateways": count(DeviceKind::Gateway), "num_mxedges": 0, "num_unassigned_aps": 3,
        "num_unassigned_switches": 0, "num_unassigned_gateways": 0,
    })
}

fn outbound_ssh(ctx: &Ctx<'_>) -> Value {
    let mut rng = Rng::derive(ctx.world.seed, &format!("ssh:{}", ctx.org_id()));
    let secret = rng.hex(32);
    json!({
        "cmd": format!(
            "set system services outbound-ssh client mist device-id {} secret {secret} keep-alive retry 12 timeout 5\n\
             set system services outbound-ssh client mist services netconf keep-alive retry 12 timeout 5\n\
             set system services outbound-ssh client mist oc-term.mistsys.net port 2200 retry 1000 timeout 60",
            ctx.org_id()
        ),
    })
}

fn troubleshoot(ctx: &Ctx<'_>) -> Value {
    json!({
        "mac": ctx.query.get("mac"), "site_id": ctx.query.get("site_id").or(ctx.site_id()),
        "results": [
            {"category": "wireless", "reason": "weak-signal", "text": "Client RSSI stayed below -75 dBm for most of the window", "recommendation": "Check AP placement or transmit power near the client"},
            {"category": "wired", "reason": "dhcp", "text": "Two DHCP requests went unanswered", "recommendation": "Verify the DHCP relay on the access switch"},
        ],
    })
}

fn licenses(ctx: &Ctx<'_>) -> Value {
    let org_id = ctx.org_id();
    let aps = ctx
        .world
        .devices
        .iter()
        .filter(|d| d.org_id == org_id && d.kind == DeviceKind::Ap)
        .count();
    let mut rng = Rng::derive(ctx.world.seed, &format!("licenses:{org_id}"));
    let now = ctx.world.now;
    json!({
        "entitled": {"SUB-MAN": aps + 20, "SUB-VNA": aps + 20, "SUB-EX48": 20},
        "summary": {"SUB-MAN": aps, "SUB-VNA": aps, "SUB-EX48": 10},
        "fully_loaded": {"SUB-MAN": aps, "SUB-VNA": aps},
        "licenses": [
            {"id": rng.uuid(), "type": "SUB-MAN", "quantity": aps + 20, "start_time": now - 86_400 * 300, "end_time": now + 86_400 * 65, "order_number": "ORD-1001", "subscription_id": format!("SUB-{}", rng.hex(8).to_uppercase())},
            {"id": rng.uuid(), "type": "SUB-VNA", "quantity": aps + 20, "start_time": now - 86_400 * 300, "end_time": now + 86_400 * 65, "order_number": "ORD-1001", "subscription_id": format!("SUB-{}", rng.hex(8).to_uppercase())},
            {"id": rng.uuid(), "type": "SUB-EX48", "quantity": 20, "start_time": now - 86_400 * 100, "end_time": now + 86_400 * 265, "order_number": "ORD-1002", "subscription_id": format!("SUB-{}", rng.hex(8).to_uppercase())},
        ],
        "amendments": [],
    })
}

fn license_usages(ctx: &Ctx<'_>) -> Value {
    ctx.world
        .sites_of(ctx.org_id())
        .map(|s| {
            let aps = ctx
                .world
                .devices_at(&s.id)
                .filter(|d| d.kind == DeviceKind::Ap)
                .count();
            let switches = ctx
                .world
                .devices_at(&s.id)
                .filter(|d| d.kind == DeviceKind::Switch)
                .count();
            json!({"site_id": s.id, "summary": {"SUB-MAN": aps, "SUB-VNA": aps, "SUB-EX48": switches}})
        })
        .collect()
}

fn org_stats(ctx: &Ctx<'_>) -> Value {
    let o = &ctx.world.orgs[ctx.org];
    let devices: Vec<_> = ctx.world.devices.iter().filter(|d| d.org_id == o.id).collect();
    let up = devices.iter().filter(|d| d.connected).count();
    json!({
        "id": o.id, "name": o.name, "num_sites": ctx.world.sites_of(&o.id).count(),
        "num_devices": devices.len(), "num_devices_connected": up, "num_devices_disconnected": devices.len() - up,
        "num_inventory": devices.len() + 3, "alarmtemplate_id": null, "allow_mist": true,
        "created_time": o.created_time, "modified_time": o.created_time + 86_400,
        "sle": [{"path": "coverage", "user_minutes": {"total": 48_000, "ok": 45_600}}],
    })
}

fn calls_summary(ctx: &Ctx<'_>) -> Value {
    let calls: Vec<&Value> = ctx
        .world
        .collection("stats/calls")
        .map(|c| {
            c.records
                .iter()
                .filter(|r| r.site == ctx.site)
                .map(|r| &r.value)
                .collect()
        })
        .unwrap_or_default();
    let bad = calls
        .iter()
        .filter(|v| v.get("rating").and_then(Value::as_i64).unwrap_or(5) <= 2)
        .count();
    let mut users: Vec<&str> = calls.iter().filter_map(|v| v.get("mac")?.as_str()).collect();
    users.sort_unstable();
    users.dedup();
    json!({
        "num_calls": calls.len(), "num_bad_calls": bad, "num_users": users.len(),
        "ap_mac": ctx.query.get("ap_mac"), "app": ctx.query.get("app").unwrap_or("all"),
    })
}

fn other_device(ctx: &Ctx<'_>) -> Value {
    let mac = ctx.param("device_mac");
    let device = ctx.world.device(mac);
    let tail: String = mac.chars().skip(mac.chars().count().saturating_sub(4)).collect();
    json!({
        "mac": mac, "vendor": "cradlepoint", "model": "E300", "name": format!("lte-{tail}"),
        "site_id": device.map(|d| d.site_id.clone()), "org_id": ctx.org_id(), "status": "connected",
        "last_seen": ctx.world.now - 30, "uptime": 86_400 * 12,
    })
}

fn site_aps<'a>(ctx: &'a Ctx<'_>) -> impl Iterator<Item = &'a crate::world::Device> + 'a {
    let site = ctx.site_id().unwrap_or_default();
    ctx.world.devices_at(site).filter(|d| d.kind == DeviceKind::Ap)
}

fn channel_plan(ctx: &Ctx<'_>) -> Value {
    let plan = |channels: &[i64]| -> Vec<Value> {
        site_aps(ctx)
            .enumerate()
            .map(|(i, d)| json!({"ap_mac": d.mac, "name": d.name, "channel": channels[i % channels.len()], "power": 10 + (i % 5) as i64}))
            .collect()
    };
    json!({
        "band_24": {"usage": "auto", "channels": plan(&[1, 6, 11])},
        "band_5": {"usage": "auto", "channels": plan(&[36, 44, 100, 149])},
        "timestamp": ctx.world.now - 3_600, "status": "done",
    })
}

fn rrm_considerations(ctx: &Ctx<'_>) -> Value {
    let mut rng = Rng::derive(
        ctx.world.seed,
        &format!("rrm:{}:{}", ctx.param("device_id"), ctx.param("band")),
    );
    let channels: &[i64] = if ctx.param("band") == "24" {
        &[1, 6, 11]
    } else {
        &[36, 44, 100, 149]
    };
    let results: Vec<Value> = channels
        .iter()
        .map(|c| json!({"channel": c, "bandwidth": 20, "noise": rng.range(-96, -85), "util_score": rng.float(), "other_rssi": rng.range(-85, -55), "other_ssids": ["Neighbor-WiFi"]}))
        .collect();
    json!({"device_id": ctx.param("device_id"), "band": ctx.param("band"), "results": results})
}

fn rrm_neighbors(ctx: &Ctx<'_>) -> Result<Reply, BadRequest> {
    let aps: Vec<_> = site_aps(ctx).collect();
    let rows: Vec<Value> = aps
        .iter()
        .map(|d| {
            let neighbors: Vec<Value> = aps
                .iter()
                .filter(|n| n.mac != d.mac)
                .take(4)
                .enumerate()
                .map(|(i, n)| json!({"mac": n.mac, "rssi": -55 - 6 * i as i64}))
                .collect();
            json!({"mac": d.mac, "name": d.name, "band": ctx.param("band"), "neighbors": neighbors})
        })
        .collect();
    let refs: Vec<&Value> = rows.iter().collect();
    page_values(ctx, &refs, body_window(ctx)?)
}

fn call_troubleshoot(ctx: &Ctx<'_>) -> Result<Reply, BadRequest> {
    let window = body_window(ctx)?;
    let mut rng = Rng::derive(ctx.world.seed, &format!("call:{}", ctx.param("client_mac")));
    let meeting = ctx.query.get("meeting_id").unwrap_or_default();
    let rows: Vec<Value> = (0..12)
        .map(|i| {
            json!({
                "timestamp": window.end - (12 - i) * 60, "mac": ctx.param("client_mac"), "meeting_id": meeting,
                "latency": rng.range(10, 120), "jitter": rng.range(1, 30), "packet_loss": rng.float() * 2.0,
                "rssi": rng.range(-75, -45), "bandwidth": rng.range(500, 3_000),
            })
        })
        .collect();
    let refs: Vec<&Value> = rows.iter().collect();
    page_values(ctx, &refs, window)
}

fn tag_clients(ctx: &Ctx<'_>) -> Value {
    let tag = ctx.param("wxtag_id");
    let skip = tag.bytes().map(usize::from).sum::<usize>() % 5;
    ctx.world
        .clients
        .iter()
        .filter(|c| c.org_id == ctx.org_id() && !c.wired)
        .skip(skip)
        .step_by(5)
        .take(10)
        .map(|c| json!({"mac": c.mac, "hostname": c.hostname, "ip": c.ip, "site_id": c.site_id, "wxtag_id": tag}))
        .collect()
}

fn derived_template(ctx: &Ctx<'_>) -> Value {
    let template = ctx
        .world
        .collection("networktemplates")
        .and_then(|c| c.records.iter().find(|r| r.org == ctx.org))
        .map(|r| r.value.clone());
    let mut v = template.unwrap_or_else(|| json!({"name": "site-network"}));
    v["site_id"] = json!(ctx.site_id());
    v["switch_matching"] = json!({"enable": true, "rules": []});
    v["port_usages"] = json!({"ap": {"mode": "trunk", "all_networks": true}, "default": {"mode": "access", "port_network": "corp-lan"}});
    v
}
