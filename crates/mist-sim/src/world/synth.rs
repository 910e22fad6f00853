//! Collections planned from the catalog for every list operation that no hand-written generator
//! covers: the fields of a record are the operations' filter parameters and `distinct` values,
//! so filters and counts always have something to match.

use super::fields::{self, Refs, Subject};
use super::{Collection, Layout, Record, World, names};
use crate::config::SimScale;
use crate::query::parse_duration;
use crate::rng::Rng;
use crate::route::{Op, Scope};
use mist_catalog::{Pagination, Param, ResponseKind};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Query parameters that steer paging, windows or presentation rather than select records.
pub(crate) const CONTROL_PARAMS: &[&str] = &[
    "limit",
    "page",
    "start",
    "end",
    "duration",
    "sort",
    "desc_sort",
    "search_after",
    "distinct",
    "interval",
    "includes",
    "fields",
    "stats",
    "resolve",
    "for_site",
    "cross_site",
    "detail",
    "text",
    "cert_expiry_duration",
    "last_by",
    "threshold",
    "unassigned",
    "vc",
    "modified_after",
    "disconnected_before",
    "scope",
    "channel",
    "metrics",
    "match",
    "mxedge_ids",
    "country_code",
];

/// Collections answered by dedicated code in `respond` rather than by records.
const SPECIAL_KEYS: &[&str] = &["insights", "insights/sites-sle", "licenses/usages"];

pub(super) fn wants_collection(op: &Op) -> bool {
    op.scope != Scope::Const
        && !op.key.is_empty()
        && !op.key.contains('{')
        && !SPECIAL_KEYS.contains(&op.key.as_str())
        && (op.tool.pagination != Pagination::None || op.tool.response == ResponseKind::Array)
}

/// The `distinct` values a count operation may group by, default first.
pub(crate) fn distinct_candidates(op: &Op) -> Vec<&str> {
    op.tool
        .param("distinct")
        .into_iter()
        .flat_map(distinct_fields)
        .collect()
}

fn params_of<'a>(ops: impl IntoIterator<Item = &'a Op>) -> BTreeMap<&'a str, &'a Param> {
    let mut m = BTreeMap::new();
    for op in ops {
        for p in op.tool.query_params() {
            m.entry(p.name.as_str()).or_insert(p);
        }
    }
    m
}

/// What the records of one synthesized collection look like, planned from its operations.
struct Plan<'o> {
    layout: Layout,
    /// The operations take a time window: records carry a `timestamp` inside `span`.
    timestamped: bool,
    /// Seconds back from now the timestamps spread over.
    span: i64,
    /// The operations' query parameters by name, for typed values.
    params: BTreeMap<&'o str, &'o Param>,
    /// Every field a record carries.
    fields: BTreeSet<&'o str>,
}

impl<'o> Plan<'o> {
    fn of(key: &'o str, ops: &[&'o Op]) -> Self {
        let layout = layout_of(ops);
        let timestamped = ops
            .iter()
            .any(|o| o.tool.param("start").is_some() || o.tool.param("duration").is_some());
        let params = params_of(ops.iter().copied());
        let fields = fields_of(key, ops, layout, timestamped, &params);
        Plan {
            layout,
            timestamped,
            span: span_of(ops),
            params,
            fields,
        }
    }
}

/// Site records when site operations list them, org records when org lists do, both when both.
fn layout_of(ops: &[&Op]) -> Layout {
    let site_ops = ops.iter().any(|o| o.scope == Scope::Site && !o.derived);
    let org_lists = ops.iter().any(|o| {
        o.scope == Scope::Org
            && matches!(
                o.tool.pagination,
                Pagination::Page | Pagination::None | Pagination::Limit
            )
    });
    let site_param = ops
        .iter()
        .any(|o| o.tool.query_params().any(|p| p.name == "site_id"));
    if site_ops && org_lists {
        Layout::Mixed
    } else if site_ops || site_param {
        Layout::Distributed
    } else {
        Layout::OrgLevel
    }
}

/// Records must fall inside the shortest default window of the key's operations (some
/// statistics default to the last five minutes).
fn span_of(ops: &[&Op]) -> i64 {
    ops.iter()
        .filter_map(|o| {
            o.tool
                .param("duration")?
                .default
                .as_ref()?
                .as_str()
                .and_then(parse_duration)
        })
        .min()
        .unwrap_or(86_400)
        .min(86_400)
        * 9
        / 10
}

/// The fields of a record: identity, times, and every filter and `distinct` value of the
/// operations, so that filters and counts always have something to match.
fn fields_of<'o>(
    key: &'o str,
    ops: &[&'o Op],
    layout: Layout,
    timestamped: bool,
    params: &BTreeMap<&'o str, &'o Param>,
) -> BTreeSet<&'o str> {
    let mut names: BTreeSet<&str> = BTreeSet::from(["id", "org_id"]);
    if layout != Layout::OrgLevel {
        names.insert("site_id");
    }
    if !timestamped {
        names.extend(["created_time", "modified_time"]);
    }
    if ops
        .iter()
        .any(|o| o.tool.pagination != Pagination::Search && o.tool.pagination != Pagination::Count)
    {
        names.insert("name");
    }
    names.extend(params.keys().filter(|p| !CONTROL_PARAMS.contains(p)));
    names.extend(fields::extra_fields(key));
    for op in ops {
        names.extend(distinct_candidates(op));
    }
    names
}

/// The `distinct` values of a count's parameter, default first.
fn distinct_fields(p: &Param) -> impl Iterator<Item = &str> {
    let default = p.default.as_ref().and_then(Value::as_str);
    default
        .into_iter()
        .chain(p.enum_values.iter().filter(|v| !v.is_empty()).map(String::as_str))
}

/// The records of `key`, planned from its operations; `refs` tells which other collections'
/// ids its records may name.
pub(super) fn generic(w: &World, scale: &SimScale, key: &str, ops: &[&Op], refs: Refs<'_>) -> Collection {
    let mut rng = Rng::derive(w.seed, key);
    let plan = Plan::of(key, ops);
    let n = scale.records_per_collection;
    let named = names::object_names(key).len();
    let org_count = if named > 0 { named } else { n };
    let mut records = Vec::new();
    for (org, o) in w.orgs.iter().enumerate() {
        if plan.layout != Layout::Distributed {
            for i in 0..org_count {
                records.push(record(w, &plan, key, refs, (org, None, i), &mut rng));
            }
        }
        if plan.layout != Layout::OrgLevel {
            let per_site = if plan.layout == Layout::Mixed { 2 } else { n };
            for site in (0..w.sites.len()).filter(|&s| w.sites[s].org_id == o.id) {
                for i in 0..per_site {
                    records.push(record(w, &plan, key, refs, (org, Some(site), i), &mut rng));
                }
            }
        }
    }
    records.sort_by_key(|r| std::cmp::Reverse(r.ts));
    Collection {
        layout: plan.layout,
        records,
    }
}

/// The `i`-th record of an organisation (or of one of its sites).
fn record(
    w: &World,
    plan: &Plan<'_>,
    key: &str,
    refs: Refs<'_>,
    (org, site, i): (usize, Option<usize>, usize),
    rng: &mut Rng,
) -> Record {
    let mut s = Subject::new(w, org, site.map(|x| &w.sites[x]), key, i, rng);
    s.refs = refs;
    let mut v = Map::new();
    for f in &plan.fields {
        v.insert(
            (*f).to_string(),
            fields::value(&s, f, plan.params.get(f).copied(), rng),
        );
    }
    let ts = plan.timestamped.then(|| w.now - rng.range(1, plan.span));
    if let Some(t) = ts {
        v.insert("timestamp".into(), stamped(w.seed, key, i, t));
    }
    Record {
        org,
        site,
        ts,
        value: Value::Object(v),
    }
}

/// The `timestamp` of the `i`-th record, at `t`: whole seconds, except in the fast-roaming
/// events, which the cloud counts in microseconds (the quirk `quirks::MICROSECOND_TIMESTAMPS`);
/// the record's `ts` stays in seconds for windows.
fn stamped(seed: u64, key: &str, i: usize, t: i64) -> Value {
    if key != "events/fast_roam" {
        return Value::from(t);
    }
    let micros = Rng::microseconds(seed, &format!("{key}:{i}:{t}")) as i64;
    Value::from(t * 1_000_000 + micros)
}

/// Makes sure every record of a counted collection carries every field its count operations
/// (among `ops`, the operations on `key`) may group by.
pub(super) fn complete(w: &World, key: &str, c: &mut Collection, ops: &[Op]) {
    let mut rng = Rng::derive(w.seed, &format!("complete:{key}"));
    let params = params_of(ops);
    for op in ops.iter().filter(|o| o.tool.pagination == Pagination::Count) {
        let wanted = distinct_candidates(op);
        for (i, r) in c.records.iter_mut().enumerate() {
            let missing: Vec<&str> = wanted
                .iter()
                .copied()
                .filter(|f| r.value.get(f).is_none())
                .collect();
            if missing.is_empty() {
                continue;
            }
            let mut s = Subject::new(w, r.org, r.site.map(|x| &w.sites[x]), key, i, &mut rng);
            // A collection names ids of the others, never its own (it is being completed).
            s.refs = Refs::Except(key);
            // Prefer the record's own device or client, so added fields agree with it.
            if let Some(mac) = r.value.get("mac").and_then(Value::as_str) {
                if let Some(d) = w.device(mac) {
                    s.device = Some(d);
                }
                if let Some(cl) = w.client(mac) {
                    s.client = Some(cl);
                }
            }
            for f in missing {
                let v = fields::value(&s, f, params.get(f).copied(), &mut rng);
                if let Value::Object(m) = &mut r.value {
                    m.insert(f.to_string(), v);
                }
            }
        }
    }
}
