//! Service-level experience (SLE) and insight time series, computed on request from a
//! generator keyed by site, subject and metric so the same question gets the same numbers.

use super::Ctx;
use super::listing::body_window;
use crate::query::{BadRequest, Window, parse_duration};
use crate::reply::Reply;
use crate::rng::Rng;
use crate::world::sle::{self as world_sle, Subject};
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

/// What the SLE path is about: the site and the subject its scope names.
fn subject<'a>(ctx: &'a Ctx<'_>) -> Option<Subject<'a>> {
    let site = &ctx.world.sites[ctx.site?];
    let scope = ctx.param("scope");
    let id = match scope {
        "site" | "" => site.id.as_str(),
        _ => ctx.param("scope_id"),
    };
    Some(Subject {
        site,
        scope: if scope.is_empty() { "site" } else { scope },
        id,
    })
}

fn rounded(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// One metric measured on one subject over a window: the samples every SLE body reads.
struct Measured<'a> {
    metric: &'a str,
    window: Window,
    interval: i64,
    samples: Vec<world_sle::Sample>,
    pop: world_sle::Population,
    impact: Value,
}

impl Measured<'_> {
    fn series(&self, f: impl Fn(&world_sle::Sample) -> f64) -> Vec<f64> {
        self.samples.iter().map(f).collect()
    }

    /// The metric's summary: its samples, impact and every classifier.
    fn summary(&self, classifiers: &[&str]) -> Value {
        let value = |s: &world_sle::Sample| {
            if s.total > 0.0 {
                rounded(1.0 - s.degraded / s.total)
            } else {
                1.0
            }
        };
        json!({
            "start": self.window.start, "end": self.window.end, "impact": self.impact,
            "sle": {
                "name": self.metric, "interval": self.interval, "x_label": "minutes", "y_label": "user-minutes",
                "samples": {
                    "total": self.series(|s| s.total),
                    "degraded": self.series(|s| s.degraded),
                    "value": self.series(value),
                },
            },
            "classifiers": classifiers.iter().enumerate().map(|(i, c)| self.classifier(i, c)).collect::<Vec<_>>(),
            "events": [],
        })
    }

    /// The `i`-th classifier's share of the degraded minutes and of the impacted users.
    fn classifier(&self, i: usize, name: &str) -> Value {
        let users = self.impact["num_users"].as_u64().unwrap_or(0) as f64;
        let part: f64 = self.samples.iter().map(|s| s.classifiers[i]).sum::<f64>()
            / self.samples.iter().map(|s| s.degraded).sum::<f64>().max(1.0);
        json!({
            "name": name, "impact": {"num_users": (users * part).floor(), "total_users": self.pop.users},
            "interval": self.interval,
            "samples": {
                "degraded": self.series(|s| s.classifiers[i]),
                "duration": self.series(|s| rounded(s.classifiers[i] * 60.0)),
                "total": self.series(|s| s.total),
            },
        })
    }

    /// One classifier's summary, with the failures it counts.
    fn classifier_summary(&self, i: usize, name: &str) -> Value {
        let degraded_share = 1.0 - world_sle::score(&self.samples);
        json!({
            "start": self.window.start, "end": self.window.end, "metric": self.metric, "impact": self.impact,
            "classifier": self.classifier(i, name),
            "failures": [{"name": format!("{name}-timeout"), "count": (degraded_share * 100.0).ceil()}],
        })
    }
}

fn sle(ctx: &Ctx<'_>, rest: &str) -> Result<Reply, BadRequest> {
    if rest == "metrics" {
        let supported = sles_for_scope(ctx.param("scope"));
        return Ok(Reply::json(
            &json!({"enabled": supported, "supported": supported}),
        ));
    }
    let metric = ctx.param("metric");
    let Some((_, classifiers)) = all_sles().find(|(m, _)| *m == metric) else {
        return Ok(Reply::unknown_id(metric));
    };
    let window = body_window(ctx)?;
    let (interval, times) = steps(ctx, window);
    let mut rng = rng_for(ctx, rest);
    let Some(subject) = subject(ctx) else {
        return Ok(Reply::unknown_id(metric));
    };
    let samples = ctx.world.sle_samples(subject, metric, &times, interval);
    let pop = ctx.world.sle_population(subject, metric);
    let impact = impact_of(ctx, subject, metric, &samples, pop);
    let m = Measured {
        metric,
        window,
        interval,
        samples,
        pop,
        impact,
    };
    let body = match rest.trim_start_matches("metric/{metric}/") {
        "summary" => m.summary(classifiers),
        "classifiers" => json!(classifiers),
        "histogram" => json!({
            "start": window.start, "end": window.end, "metric": metric, "x_label": "dBm", "y_label": "user-minutes",
            "data": (0..10).map(|i| json!({"range": [-90 + i * 5, -85 + i * 5], "value": rng.range(0, 400)})).collect::<Vec<_>>(),
        }),
        "threshold" => json!({
            "metric": metric, "default": 2.0, "threshold": 2.5, "direction": "above", "units": "s",
        }),
        "classifier/{classifier}/summary" => {
            let classifier = ctx.param("classifier");
            let Some(i) = classifiers.iter().position(|c| *c == classifier) else {
                return Ok(Reply::unknown_id(classifier));
            };
            m.classifier_summary(i, classifier)
        }
        "impact-summary" => impact_summary(ctx, &mut rng, window, metric),
        other => impacted(ctx, &mut rng, window, metric, other),
    };
    Ok(Reply::json(&body))
}

/// Users and APs a metric's degraded minutes touched, never more than the subject has.
fn impact_of(
    ctx: &Ctx<'_>,
    subject: Subject<'_>,
    metric: &str,
    samples: &[world_sle::Sample],
    pop: world_sle::Population,
) -> Value {
    let share = 1.0 - world_sle::score(samples);
    let part = |n: usize, k: f64| ((n as f64 * share * k).ceil() as usize).min(n);
    let num_aps = if metric == "ap-availability" {
        ctx.world
            .devices_at(&subject.site.id)
            .filter(|d| d.kind == DeviceKind::Ap && !d.connected)
            .filter(|d| subject.scope == "site" || d.id == subject.id)
            .count()
            .min(pop.aps)
    } else {
        part(pop.aps, 2.0)
    };
    json!({
        "num_users": part(pop.users, 3.0), "total_users": pop.users,
        "num_aps": num_aps, "total_aps": pop.aps,
    })
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
        "start": w.start, "end": w.end, "metric": metric, "classifier": ctx.query.get("classifier"),
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
        "start": w.start, "end": w.end, "metric": metric, "classifier": ctx.query.get("classifier"),
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

/// One row per site of the organisation with the score of each metric over the window, read
/// from the same samples as the site's SLE summaries; `columns` pairs a metric with its column.
fn site_rows(ctx: &Ctx<'_>, family: &str, columns: &[(&str, &str)]) -> Result<Vec<Value>, BadRequest> {
    let w = body_window(ctx)?;
    let (interval, times) = steps(ctx, w);
    let world = ctx.world;
    Ok(world
        .sites_of(ctx.org_id())
        .map(|s| {
            let subject = Subject {
                site: s,
                scope: "site",
                id: &s.id,
            };
            let count = |kind: DeviceKind| world.devices_at(&s.id).filter(|d| d.kind == kind).count();
            let mut row = json!({"site_id": s.id});
            match family {
                "wired" => {
                    row["num_switches"] = json!(count(DeviceKind::Switch));
                    row["num_clients"] = json!(world.clients_at(&s.id).filter(|c| c.wired).count());
                }
                "wan" => {
                    row["num_gateways"] = json!(count(DeviceKind::Gateway));
                    row["num_clients"] = json!(world.clients_at(&s.id).count());
                }
                _ => {
                    row["num_aps"] = json!(count(DeviceKind::Ap));
                    row["num_clients"] = json!(world.clients_at(&s.id).filter(|c| !c.wired).count());
                }
            }
            for (metric, column) in columns {
                let samples = world.sle_samples(subject, metric, &times, interval);
                row[*column] = json!((world_sle::score(&samples) * 10_000.0).round() / 10_000.0);
            }
            row
        })
        .collect())
}

/// The metrics of a family with their sites-SLE columns.
fn family_columns(family: &str) -> Vec<(&'static str, &'static str)> {
    let list: Sles = match family {
        "wired" => names::WIRED_SLES,
        "wan" => names::WAN_SLES,
        _ => names::WIFI_SLES,
    };
    list.iter()
        .filter_map(|(m, _)| Some((*m, world_sle::site_column(m)?)))
        .collect()
}

fn sites_sle(ctx: &Ctx<'_>) -> Result<Reply, BadRequest> {
    let w = body_window(ctx)?;
    let family = match ctx.query.get("sle").unwrap_or("wifi") {
        f @ ("wired" | "wan") => f,
        _ => "wifi",
    };
    let rows = site_rows(ctx, family, &family_columns(family))?;
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
    let family = world_sle::family(metric).unwrap_or("wifi");
    let column = world_sle::site_column(metric).unwrap_or(metric);
    let rows = site_rows(ctx, family, &[(metric, column)])?;
    Ok(Reply::json(&json!({
        "start": w.start, "end": w.end, "interval": interval, "metric": metric,
        "sle": ctx.query.get("sle").unwrap_or("wifi"), "results": rows,
    })))
}
