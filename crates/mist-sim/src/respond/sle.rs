//! Service-level experience (SLE) and insight time series, computed on request from a
//! generator keyed by site, subject and metric so the same question gets the same numbers.

use super::listing::body_window;
use super::{Ctx, Reply};
use crate::query::{BadRequest, Window, parse_duration};
use crate::rng::Rng;
use crate::world::{DeviceKind, names};
use serde_json::{Map, Value, json};

type Sles = &'static [(&'static str, &'static [&'static str])];

pub(super) fn answer(ctx: &Ctx<'_>) -> Result<Option<Reply>, BadRequest> {
    let key = ctx.op.key.as_str();
    if let Some(rest) = key.strip_prefix("sle/{scope}/{scope_id}/") {
        return sle(ctx, rest).map(Some);
    }
    let reply = match key {
        "insights" | "insights/client/{client_mac}" | "insights/device/{device_mac}/{metric}" => {
            insight_series(ctx)?
        }
        "insights/sites-sle" => sites_sle(ctx)?,
        "insights/{metric}" => org_sle(ctx)?,
        _ => return Ok(None),
    };
    Ok(Some(reply))
}

fn all_sles() -> impl Iterator<Item = &'static (&'static str, &'static [&'static str])> {
    names::WIFI_SLES
        .iter()
        .chain(names::WIRED_SLES)
        .chain(names::WAN_SLES)
}

fn sles_for_scope(scope: &str) -> Vec<&'static str> {
    let lists: &[Sles] = match scope {
        "ap" | "client" => &[names::WIFI_SLES],
        "switch" => &[names::WIRED_SLES],
        "gateway" => &[names::WAN_SLES],
        _ => &[names::WIFI_SLES, names::WIRED_SLES, names::WAN_SLES],
    };
    lists.iter().flat_map(|l| l.iter().map(|(m, _)| *m)).collect()
}

/// Sample times of a window: 10-minute steps up to a day, hourly beyond.
fn steps(ctx: &Ctx<'_>, w: Window) -> (i64, Vec<i64>) {
    let span = w.end.saturating_sub(w.start).max(1);
    let interval = ctx
        .query
        .get("interval")
        .and_then(parse_duration)
        .filter(|i| *i > 0)
        .unwrap_or(if span <= 86_400 { 600 } else { 3_600 });
    let first = w.start - w.start.rem_euclid(interval);
    let times = (0..)
        .map_while(|i: i64| first.checked_add(i.checked_mul(interval)?))
        .take_while(|t| *t < w.end)
        .take(1_000)
        .collect();
    (interval, times)
}

fn rng_for(ctx: &Ctx<'_>, what: &str) -> Rng {
    let subject = ctx
        .matched
        .params
        .iter()
        .map(|(_, v)| v.as_str())
        .collect::<Vec<_>>()
        .join("/");
    Rng::derive(ctx.world.seed, &format!("{what}:{subject}"))
}

fn series(rng: &mut Rng, n: usize, lo: f64, hi: f64) -> Vec<f64> {
    (0..n)
        .map(|_| ((lo + rng.float() * (hi - lo)) * 100.0).round() / 100.0)
        .collect()
}

fn sle(ctx: &Ctx<'_>, rest: &str) -> Result<Reply, BadRequest> {
    let scope = ctx.param("scope");
    if rest == "metrics" {
        let supported = sles_for_scope(scope);
        return Ok(Reply::json(
            &json!({"enabled": supported, "supported": supported}),
        ));
    }
    let metric = ctx.param("metric");
    let Some((_, classifiers)) = all_sles().find(|(m, _)| *m == metric) else {
        return Ok(Reply::unknown_id(metric));
    };
    let w = body_window(ctx)?;
    let (interval, times) = steps(ctx, w);
    let mut rng = rng_for(ctx, rest);
    let n = times.len();
    let impact = json!({
        "num_users": rng.range(0, 12), "total_users": rng.range(40, 120),
        "num_aps": rng.range(0, 3), "total_aps": rng.range(8, 16),
    });
    let classifier_body = |rng: &mut Rng, name: &str| {
        json!({
            "name": name, "impact": {"num_users": rng.range(0, 6), "total_users": rng.range(40, 120)},
            "interval": interval,
            "samples": {"degraded": series(rng, n, 0.0, 30.0), "duration": series(rng, n, 0.0, 600.0), "total": series(rng, n, 100.0, 600.0)},
        })
    };
    let suffix = rest.trim_start_matches("metric/{metric}/");
    let body = match suffix {
        "summary" => json!({
            "start": w.start, "end": w.end, "impact": impact,
            "sle": {
                "name": metric, "interval": interval, "x_label": "minutes", "y_label": "user-minutes",
                "samples": {"total": series(&mut rng, n, 100.0, 600.0), "degraded": series(&mut rng, n, 0.0, 60.0), "value": series(&mut rng, n, 0.80, 1.0)},
            },
            "classifiers": classifiers.iter().map(|c| classifier_body(&mut rng, c)).collect::<Vec<_>>(),
        }),
        "classifiers" => json!(classifiers),
        "histogram" => json!({
            "start": w.start, "end": w.end, "metric": metric, "x_label": "dBm", "y_label": "user-minutes",
            "data": (0..10).map(|i| json!({"range": [-90 + i * 5, -85 + i * 5], "value": rng.range(0, 400)})).collect::<Vec<_>>(),
        }),
        "threshold" => json!({
            "metric": metric, "default": 2.0, "threshold": 2.5, "direction": "above", "units": "s",
        }),
        "classifier/{classifier}/summary" => {
            let classifier = ctx.param("classifier");
            if !classifiers.contains(&classifier) {
                return Ok(Reply::unknown_id(classifier));
            }
            json!({
                "start": w.start, "end": w.end, "metric": metric, "impact": impact,
                "classifier": classifier_body(&mut rng, classifier),
                "failures": [{"name": format!("{classifier}-timeout"), "count": rng.range(1, 40)}],
            })
        }
        "impact-summary" => impact_summary(ctx, &mut rng, w, metric),
        other => impacted(ctx, &mut rng, w, metric, other),
    };
    Ok(Reply::json(&body))
}

fn degradation(rng: &mut Rng) -> Value {
    let total = rng.range(60, 600);
    json!({"degraded": rng.range(0, total / 4), "duration": rng.range(60, 3_600), "total": total})
}

fn impact_summary(ctx: &Ctx<'_>, rng: &mut Rng, w: Window, metric: &str) -> Value {
    let site = ctx.site_id().unwrap_or_default();
    let aps: Vec<Value> = ctx
        .world
        .devices_at(site)
        .filter(|d| d.kind == DeviceKind::Ap)
        .take(5)
        .map(|d| {
            let mut v = degradation(rng);
            v["ap_mac"] = json!(d.mac);
            v["name"] = json!(d.name);
            v
        })
        .collect();
    let by = |rng: &mut Rng, field: &str, values: &[&str]| -> Vec<Value> {
        values
            .iter()
            .map(|x| {
                let mut v = degradation(rng);
                v[field] = json!(x);
                v["name"] = json!(x);
                v
            })
            .collect()
    };
    json!({
        "start": w.start, "end": w.end, "metric": metric, "classifier": ctx.query.get("classifier").unwrap_or(""),
        "ap": aps, "band": by(rng, "band", &["24", "5", "6"]), "device_os": by(rng, "device_os", &["iOS", "Android", "Windows"]),
        "device_type": by(rng, "device_type", &["iPhone", "Mac", "Phone"]), "wlan": by(rng, "wlan_id", &["Corp", "Guest"]),
    })
}

fn impacted(ctx: &Ctx<'_>, rng: &mut Rng, w: Window, metric: &str, what: &str) -> Value {
    let site = ctx.site_id().unwrap_or_default();
    let world = ctx.world;
    let devices = |kind: DeviceKind| world.devices_at(site).filter(move |d| d.kind == kind);
    let (field, items): (&str, Vec<Value>) = match what {
        "impacted-aps" => ("aps", devices(DeviceKind::Ap).map(|d| json!({"ap_mac": d.mac, "name": d.name})).collect()),
        "impacted-switches" => ("switches", devices(DeviceKind::Switch).map(|d| json!({"switch_mac": d.mac, "name": d.name})).collect()),
        "impacted-gateways" => ("gateways", devices(DeviceKind::Gateway).map(|d| json!({"gateway_mac": d.mac, "name": d.name})).collect()),
        "impacted-chassis" => ("chassis", devices(DeviceKind::Switch).map(|d| json!({"switch_mac": d.mac, "name": d.name, "chassis": 0, "role": "master"})).collect()),
        "impacted-interfaces" => ("interfaces", devices(DeviceKind::Switch).map(|d| json!({"switch_mac": d.mac, "name": d.name, "interface_name": "ge-0/0/1"})).collect()),
        "impacted-users" => ("users", world.clients_at(site).filter(|c| !c.wired).take(10).map(|c| json!({"mac": c.mac, "name": c.hostname, "ssid": c.ssid, "device_os": c.os})).collect()),
        "impacted-clients" => ("clients", world.clients_at(site).filter(|c| c.wired).take(10).map(|c| json!({"mac": c.mac, "name": c.hostname, "switch_mac": c.device_mac, "port_id": c.port_id})).collect()),
        _ => ("apps", names::APPS.iter().map(|(app, group)| json!({"app": app, "name": app, "group": group})).collect()),
    };
    let items: Vec<Value> = items
        .into_iter()
        .map(|mut v| {
            if let (Value::Object(m), Value::Object(d)) = (&mut v, degradation(rng)) {
                m.extend(d);
            }
            v
        })
        .collect();
    json!({
        "start": w.start, "end": w.end, "metric": metric, "classifier": ctx.query.get("classifier").unwrap_or(""),
        "limit": 100, "page": 1, "total_count": items.len(), field: items,
    })
}

fn insight_series(ctx: &Ctx<'_>) -> Result<Reply, BadRequest> {
    let w = body_window(ctx)?;
    let (interval, times) = steps(ctx, w);
    let limit = ctx.query.limit(100)?;
    let page = ctx.query.page()?;
    let from = (page - 1).saturating_mul(limit).min(times.len());
    let to = (from + limit).min(times.len());
    let metrics: Vec<String> = match ctx.matched.param("metric") {
        Some(m) => vec![m.to_string()],
        None => ctx
            .query
            .get("metrics")
            .unwrap_or("num_clients")
            .split(',')
            .map(|s| s.trim().to_string())
            .collect(),
    };
    let mut body = Map::new();
    body.insert("start".into(), json!(w.start));
    body.insert("end".into(), json!(w.end));
    body.insert("interval".into(), json!(interval));
    body.insert("rt".into(), json!(&times[from..to]));
    for m in metrics.iter().filter(|m| !m.is_empty()) {
        let mut rng = rng_for(ctx, m);
        let all = series(
            &mut rng,
            times.len(),
            0.0,
            if m.contains("bytes") { 5.0e8 } else { 100.0 },
        );
        body.insert(m.clone(), json!(&all[from..to]));
    }
    Ok(Reply::json(&Value::Object(body))
        .with_header("X-Page-Total", times.len().to_string())
        .with_header("X-Page-Limit", limit.to_string())
        .with_header("X-Page-Page", page.to_string()))
}

fn site_rows(ctx: &Ctx<'_>, metrics: &[&str]) -> Vec<Value> {
    ctx.world
        .sites_of(ctx.org_id())
        .map(|s| {
            let mut rng = Rng::derive(ctx.world.seed, &format!("site-sle:{}", s.id));
            let mut row = json!({
                "site_id": s.id, "name": s.name,
                "num_aps": ctx.world.devices_at(&s.id).filter(|d| d.kind == DeviceKind::Ap).count(),
                "num_clients": ctx.world.clients_at(&s.id).count(),
            });
            for m in metrics {
                row[*m] = json!(((0.75 + rng.float() * 0.25) * 1000.0).round() / 1000.0);
            }
            row
        })
        .collect()
}

fn sites_sle(ctx: &Ctx<'_>) -> Result<Reply, BadRequest> {
    let w = body_window(ctx)?;
    let list: Sles = match ctx.query.get("sle").unwrap_or("wifi") {
        "wired" => names::WIRED_SLES,
        "wan" => names::WAN_SLES,
        _ => names::WIFI_SLES,
    };
    let metrics: Vec<&str> = list.iter().map(|(m, _)| *m).collect();
    let rows = site_rows(ctx, &metrics);
    let limit = ctx.query.limit(100)?;
    let page = ctx.query.page()?;
    let from = (page - 1).saturating_mul(limit).min(rows.len());
    let to = (from + limit).min(rows.len());
    let (interval, _) = steps(ctx, w);
    Ok(Reply::json(&json!({
        "start": w.start, "end": w.end, "interval": interval, "limit": limit, "page": page,
        "total": rows.len(), "results": &rows[from..to],
    }))
    .with_header("X-Page-Total", rows.len().to_string())
    .with_header("X-Page-Limit", limit.to_string())
    .with_header("X-Page-Page", page.to_string()))
}

fn org_sle(ctx: &Ctx<'_>) -> Result<Reply, BadRequest> {
    let w = body_window(ctx)?;
    let metric = ctx.param("metric");
    let (interval, _) = steps(ctx, w);
    let rows = site_rows(ctx, &[metric]);
    Ok(Reply::json(&json!({
        "start": w.start, "end": w.end, "interval": interval, "metric": metric,
        "sle": ctx.query.get("sle").unwrap_or("wifi"), "results": rows,
    })))
}
