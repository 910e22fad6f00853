//! Operations answered from a collection: scope, filters, time window and sort select the
//! records; search, count, page and limit shape the answer.

use super::Ctx;
use crate::edits::View;
use crate::query::{BadRequest, Window};
use crate::reply::Reply;
use crate::route::Scope;
use crate::world::synth::{CONTROL_PARAMS, distinct_candidates};
use crate::world::{Collection, Layout, Record};
use mist_catalog::Pagination;
use serde::Serialize;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashMap;

/// Scrambles cursor offsets so clients treat `search_after` as opaque.
const CURSOR_MASK: u32 = 0xa5a5_5a5a;

pub(super) fn answer(ctx: &Ctx<'_>) -> Result<Option<Reply>, BadRequest> {
    let Some(coll) = ctx.world.collection(&ctx.op.key) else {
        return Ok(None);
    };
    let window = body_window(ctx)?;
    let timed = is_timed(ctx);
    let view = ctx.edits.view(&ctx.op.key, &coll.records);
    let records = select(ctx, coll, view.as_ref(), timed.then_some(window))?;
    let reply = match ctx.op.tool.pagination {
        Pagination::Search => search(ctx, &records, window)?,
        Pagination::Count => count(ctx, &records, window)?,
        Pagination::Page => page(ctx, &records, window)?,
        Pagination::Limit => {
            let n = ctx.query.limit(100)?;
            let head = values(&records[..n.min(records.len())]);
            if ctx.wants_array() {
                Reply::json(&head)
            } else {
                // A search-shaped body without a cursor: only the first `limit` records.
                Reply::json(&SearchBody {
                    start: window.start,
                    end: window.end,
                    limit: n,
                    total: records.len(),
                    results: head,
                    next: None,
                })
            }
        }
        Pagination::None => Reply::json(&values(&records)),
    };
    Ok(Some(reply))
}

/// The window reported in bodies; applied to records only by operations that take one.
pub(super) fn body_window(ctx: &Ctx<'_>) -> Result<Window, BadRequest> {
    let default = ctx.default_of("duration").unwrap_or_else(|| "1d".to_string());
    ctx.query.window(ctx.now, &default)
}

fn is_timed(ctx: &Ctx<'_>) -> bool {
    ["start", "end", "duration"]
        .iter()
        .any(|p| ctx.op.tool.param(p).is_some())
}

fn values<'a>(records: &[&'a Record]) -> Vec<&'a Value> {
    records.iter().map(|r| &r.value).collect()
}

/// A single object named by the last path placeholder (`guests/{guest_mac}`).
pub(super) fn by_id(ctx: &Ctx<'_>) -> Option<Reply> {
    let (parent, last) = ctx.op.key.rsplit_once('/')?;
    let name = last.strip_prefix('{')?.strip_suffix('}')?;
    let coll = ctx.world.collection(parent)?;
    let id = ctx.param(name);
    let found = coll.records.iter().find(|r| {
        r.org == ctx.org
            && (ctx.site.is_none() || r.site.is_none() || r.site == ctx.site)
            && ["id", "mac"]
                .iter()
                .any(|f| r.value.get(*f).and_then(Value::as_str) == Some(id))
    });
    Some(match found {
        Some(r) if ctx.wants_array() => Reply::json(&[&r.value]),
        Some(r) => Reply::json(&r.value),
        None => Reply::unknown_id(id),
    })
}

fn in_scope(ctx: &Ctx<'_>, coll: &Collection, r: &Record) -> bool {
    if ctx.op.scope == Scope::Const {
        return true;
    }
    if r.org != ctx.org {
        return false;
    }
    match ctx.site {
        Some(site) => {
            r.site == Some(site) || (r.site.is_none() && (ctx.op.derived || coll.layout == Layout::OrgLevel))
        }
        None => {
            let list = matches!(
                ctx.op.tool.pagination,
                Pagination::Page | Pagination::None | Pagination::Limit
            );
            !(coll.layout == Layout::Mixed && list && r.site.is_some())
        }
    }
}

struct Filter {
    field: String,
    wants: Vec<String>,
}

fn filters(ctx: &Ctx<'_>) -> Vec<Filter> {
    let key = &ctx.op.key;
    let mut out: Vec<Filter> = Vec::new();
    // `all` selects nothing out: Mist's `type=all`, and `status=all` where the operation lists
    // `all` among a filter's values (`listSiteDevicesStats`).
    let selects_all = |field: &str, value: &str| {
        value == "all"
            && (field == "type"
                || ctx
                    .op
                    .tool
                    .param(field)
                    .is_some_and(|p| p.enum_values.iter().any(|v| v == "all")))
    };
    let mut add = |field: &str, value: &str| {
        if ctx.world.has_field(key, field) && !selects_all(field, value) {
            let wants = value.split(',').map(|v| normalise(field, v.trim())).collect();
            out.push(Filter {
                field: field.to_string(),
                wants,
            });
        }
    };
    for (name, value) in &ctx.matched.params {
        if *name != "org_id" && *name != "site_id" {
            add(name, value);
        }
    }
    for (name, value) in ctx.query.pairs() {
        if !value.is_empty() && !CONTROL_PARAMS.contains(&name.as_str()) {
            add(name, value);
        }
    }
    // Defaults that select records (Mist's `type=ap`, `wired=false`) apply when absent.
    for p in ctx.op.tool.query_params() {
        if CONTROL_PARAMS.contains(&p.name.as_str()) || ctx.query.get(&p.name).is_some() {
            continue;
        }
        if let Some(d) = ctx.default_of(&p.name) {
            add(&p.name, &d);
        }
    }
    out
}

/// `unassigned=false` (the inventory's): only records assigned to a site. Mist's default,
/// `true`, adds the unassigned ones to the rest rather than selecting them.
fn assigned_only(ctx: &Ctx<'_>) -> bool {
    ctx.op.tool.param("unassigned").is_some() && ctx.query.get("unassigned") == Some("false")
}

fn mac_like(field: &str) -> bool {
    field.contains("mac") || field == "ap" || field == "bssid" || field == "last_ap"
}

fn normalise(field: &str, v: &str) -> String {
    let v = v.to_ascii_lowercase();
    if mac_like(field) {
        v.replace([':', '-', '.'], "")
    } else {
        v
    }
}

fn value_matches(field: &str, v: &Value, want: &str) -> bool {
    match v {
        Value::String(s) => glob(want, &normalise(field, s)),
        Value::Number(n) => n.to_string() == want,
        Value::Bool(b) => want == if *b { "true" } else { "false" },
        Value::Array(items) => items.iter().any(|x| value_matches(field, x, want)),
        Value::Null | Value::Object(_) => false,
    }
}

/// `*` matches any run of characters; everything else must match exactly.
fn glob(pattern: &str, text: &str) -> bool {
    if !pattern.contains('*') {
        return pattern == text;
    }
    let parts: Vec<&str> = pattern.split('*').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || !text[first.len()..].ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    true
}

/// The records in scope that pass the filters, sorted as asked; with `view`, as writes left
/// them (deleted ones gone, changed ones changed, created ones after the rest).
fn select<'a>(
    ctx: &Ctx<'_>,
    coll: &'a Collection,
    view: Option<&'a View>,
    window: Option<Window>,
) -> Result<Vec<&'a Record>, BadRequest> {
    let filters = filters(ctx);
    let assigned_only = assigned_only(ctx);
    let edited = coll
        .records
        .iter()
        .filter_map(|r| view.map_or(Some(r), |v| v.apply(r)))
        .chain(view.into_iter().flat_map(|v| v.added.iter()));
    let mut out: Vec<&Record> = edited
        .filter(|r| in_scope(ctx, coll, r))
        .filter(|r| match (window, r.ts) {
            (Some(w), Some(ts)) => w.contains(ts),
            _ => true,
        })
        .filter(|r| !assigned_only || r.site.is_some())
        .filter(|r| {
            filters.iter().all(|f| {
                r.value
                    .get(&f.field)
                    .is_some_and(|v| f.wants.iter().any(|w| value_matches(&f.field, v, w)))
            })
        })
        .collect();
    let sort = ctx
        .query
        .get("sort")
        .map(|s| match s.strip_prefix('-') {
            Some(f) => (f, true),
            None => (s, false),
        })
        .or_else(|| ctx.query.get("desc_sort").map(|f| (f, true)));
    if let Some((field, desc)) = sort {
        out.sort_by(|a, b| {
            let o = compare(a.value.get(field), b.value.get(field));
            if desc { o.reverse() } else { o }
        });
    }
    Ok(out)
}

fn compare(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => {
            let (x, y) = (x.as_f64().unwrap_or(0.0), y.as_f64().unwrap_or(0.0));
            x.partial_cmp(&y).unwrap_or(Ordering::Equal)
        }
        (Some(Value::String(x)), Some(Value::String(y))) => x.cmp(y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        _ => Ordering::Equal,
    }
}

#[derive(Serialize)]
struct SearchBody<'a> {
    start: i64,
    end: i64,
    limit: usize,
    total: usize,
    results: Vec<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<String>,
}

fn search(ctx: &Ctx<'_>, records: &[&Record], window: Window) -> Result<Reply, BadRequest> {
    let limit = ctx.query.limit(100)?;
    // Some search operations also take `page`; the cursor wins when both are given.
    let offset = match ctx.query.get("search_after") {
        Some(token) => decode_cursor(token)?,
        None if ctx.query.get("page").is_some() => (ctx.query.page()? - 1).saturating_mul(limit),
        None => 0,
    };
    let end = (offset + limit).min(records.len());
    let page = records.get(offset.min(records.len())..end).unwrap_or_default();
    let next = (end < records.len()).then(|| next_url(ctx, window, end));
    Ok(Reply::json(&SearchBody {
        start: window.start,
        end: window.end,
        limit,
        total: records.len(),
        results: values(page),
        next,
    }))
}

fn decode_cursor(token: &str) -> Result<usize, BadRequest> {
    token
        .strip_prefix('c')
        .and_then(|hex| u32::from_str_radix(hex, 16).ok())
        .map(|n| (n ^ CURSOR_MASK) as usize)
        .ok_or_else(|| BadRequest("invalid search_after".into()))
}

/// Same path and query, pinned to the first page's window, with the cursor of `offset`.
fn next_url(ctx: &Ctx<'_>, window: Window, offset: usize) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    let pairs = ctx.query.pairs();
    for (k, v) in pairs.iter().filter(|(k, _)| k != "search_after") {
        q.append_pair(k, v);
    }
    for (name, value) in [("start", window.start), ("end", window.end)] {
        if !pairs.iter().any(|(k, _)| k == name) {
            q.append_pair(name, &value.to_string());
        }
    }
    q.append_pair("search_after", &format!("c{:08x}", offset as u32 ^ CURSOR_MASK));
    format!("{}?{}", ctx.path, q.finish())
}

#[derive(Serialize)]
struct CountBody<'a> {
    distinct: &'a str,
    start: i64,
    end: i64,
    limit: usize,
    total: usize,
    results: Vec<Value>,
}

fn count(ctx: &Ctx<'_>, records: &[&Record], window: Window) -> Result<Reply, BadRequest> {
    let candidates = distinct_candidates(ctx.op);
    let field = match ctx.query.get("distinct") {
        Some(d) => {
            let allowed = ctx.op.tool.param("distinct").map(|p| &p.enum_values);
            if allowed.is_some_and(|a| !a.is_empty() && !a.iter().any(|v| v == d)) {
                return Err(BadRequest(format!(
                    "'{d}' is not a field this count can group by"
                )));
            }
            d.to_string()
        }
        None => candidates.first().map(|c| c.to_string()).unwrap_or_else(|| {
            ["type", "mac", "site_id", "id"]
                .into_iter()
                .find(|f| ctx.world.has_field(&ctx.op.key, f))
                .unwrap_or("id")
                .to_string()
        }),
    };
    let limit = ctx.query.limit(100)?;
    let mut groups: HashMap<Cow<'_, str>, (&Value, usize)> = HashMap::new();
    for r in records {
        let Some(v) = r.value.get(&field).filter(|v| !v.is_null()) else {
            continue;
        };
        let key = match v {
            Value::String(s) => Cow::Borrowed(s.as_str()),
            other => Cow::Owned(other.to_string()),
        };
        groups.entry(key).or_insert((v, 0)).1 += 1;
    }
    let mut sorted: Vec<(Cow<'_, str>, (&Value, usize))> = groups.into_iter().collect();
    sorted.sort_by(|a, b| b.1.1.cmp(&a.1.1).then_with(|| a.0.cmp(&b.0)));
    let total = sorted.len();
    let results = sorted
        .into_iter()
        .take(limit)
        .map(|(_, (v, n))| {
            let mut m = Map::new();
            m.insert(field.clone(), v.clone());
            m.insert("count".into(), Value::from(n));
            Value::Object(m)
        })
        .collect();
    Ok(Reply::json(&CountBody {
        distinct: &field,
        start: window.start,
        end: window.end,
        limit,
        total,
        results,
    }))
}

#[derive(Serialize)]
struct PageBody<'a> {
    start: i64,
    end: i64,
    limit: usize,
    page: usize,
    total: usize,
    results: &'a [&'a Value],
}

pub(super) fn page(ctx: &Ctx<'_>, records: &[&Record], window: Window) -> Result<Reply, BadRequest> {
    page_values(ctx, &values(records), window)
}

/// `limit`/`page` slicing with the `X-Page-*` headers; an object-bodied operation gets the
/// slice wrapped with its window and totals.
pub(super) fn page_values(ctx: &Ctx<'_>, items: &[&Value], window: Window) -> Result<Reply, BadRequest> {
    let limit = ctx.query.limit(100)?;
    let page = ctx.query.page()?;
    let from = (page - 1).saturating_mul(limit).min(items.len());
    let to = (from + limit).min(items.len());
    let slice = &items[from..to];
    let reply = if ctx.wants_array() {
        Reply::json(slice)
    } else {
        Reply::json(&PageBody {
            start: window.start,
            end: window.end,
            limit,
            page,
            total: items.len(),
            results: slice,
        })
    };
    Ok(reply
        .with_header("X-Page-Total", items.len().to_string())
        .with_header("X-Page-Limit", limit.to_string())
        .with_header("X-Page-Page", page.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_matches_prefix_suffix_and_middle() {
        assert!(glob("ap*", "ap-01"));
        assert!(glob("*01", "ap-01"));
        assert!(glob("a*-*1", "ap-01"));
        assert!(!glob("sw*", "ap-01"));
        assert!(glob("exact", "exact"));
    }

    #[test]
    fn cursor_round_trips() {
        let token = format!("c{:08x}", 250u32 ^ CURSOR_MASK);
        assert_eq!(decode_cursor(&token).unwrap(), 250);
        assert!(decode_cursor("garbage").is_err());
    }

    #[test]
    fn macs_compare_without_separators_or_case() {
        let v = Value::from("5c5b35aabb01");
        assert!(value_matches("mac", &v, &normalise("mac", "5C:5B:35:AA:BB:01")));
    }
}
