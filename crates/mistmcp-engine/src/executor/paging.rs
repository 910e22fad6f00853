//! Reading where a page of Mist results stands, merging pages, and saying what comes next.
//!
//! Search operations page with a `next` link in the body; list operations with `limit`/`page`
//! query parameters and `X-Page-*` headers; `limit`-only operations cannot page at all. Records
//! sit in the body itself (a list) or in its `results` list.

use super::args::CheckedArgs;
use super::request;
use mist_catalog::{Pagination, ToolDef};
use mist_client::next_path;
use mist_client::{MistBase, PageHeaders};
use serde_json::Value;

/// The records of a page: the body when it is a list, else its `results` list.
pub(crate) fn items_mut(body: &mut Value) -> Option<&mut Vec<Value>> {
    match body {
        Value::Array(items) => Some(items),
        Value::Object(map) => map.get_mut("results").and_then(Value::as_array_mut),
        _ => None,
    }
}

pub(crate) fn items_len(body: &Value) -> usize {
    match body {
        Value::Array(items) => items.len(),
        Value::Object(map) => map.get("results").and_then(Value::as_array).map_or(0, Vec::len),
        _ => 0,
    }
}

/// What follows a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Next {
    /// Nothing: this was the last page (or the operation does not page).
    End,
    /// The path and query of the next page on the same cloud.
    Path(String),
    /// Mist gave a next link this server will not follow (another host, a non-API path).
    Unfollowable,
}

/// Where one page stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageInfo {
    pub(crate) total: Option<u64>,
    pub(crate) returned: usize,
    /// 1-based page number (page style).
    pub(crate) page: Option<u64>,
    pub(crate) limit: Option<u64>,
    /// Whether `has_more` is inferred from a full page rather than from a total.
    pub(crate) guessed: bool,
    pub(crate) next: Next,
}

/// Reads a page. `args` are the checked arguments of the request that fetched it (for the
/// page number and limit asked), `base` the cloud it came from.
pub(crate) fn read(
    tool: &'static ToolDef,
    body: &Value,
    headers: &PageHeaders,
    args: &CheckedArgs,
    base: &MistBase,
) -> PageInfo {
    let mut info = PageInfo {
        total: None,
        returned: items_len(body),
        page: None,
        limit: page_limit(tool, body, headers, args),
        guessed: false,
        next: Next::End,
    };
    match tool.pagination {
        Pagination::Search => read_search(&mut info, body, base),
        Pagination::Page => read_numbered(&mut info, tool, headers, args),
        Pagination::Limit => {
            info.guessed = true;
        }
        Pagination::Count | Pagination::None => {}
    }
    info
}

/// The whole number the request asked for as query argument `name`.
fn asked(args: &CheckedArgs, name: &str) -> Option<u64> {
    args.query
        .iter()
        .find(|(n, _)| *n == name)
        .and_then(|(_, v)| v.parse::<u64>().ok())
}

/// The page size: Mist's own (its headers, else the body's `limit`: insight metrics page by
/// 168) before the one asked for, and that before the tool's default.
fn page_limit(tool: &ToolDef, body: &Value, headers: &PageHeaders, args: &CheckedArgs) -> Option<u64> {
    let default = || {
        tool.param("limit")
            .and_then(|p| p.default.as_ref())
            .and_then(Value::as_u64)
    };
    headers
        .limit
        .or_else(|| body.get("limit").and_then(Value::as_u64))
        .or_else(|| asked(args, "limit"))
        .or_else(default)
}

/// A search page: Mist's total, and the body's `next` link as the next page.
fn read_search(info: &mut PageInfo, body: &Value, base: &MistBase) {
    info.total = body.get("total").and_then(Value::as_u64);
    // A page shorter than its limit is the last, whatever its `next` says.
    let short = info.limit.is_some_and(|l| (info.returned as u64) < l);
    info.next = match body.get("next").and_then(Value::as_str).map(str::trim) {
        None | Some("") => Next::End,
        Some(_) if short => Next::End,
        Some(link) => next_path(base, link).map_or(Next::Unfollowable, Next::Path),
    };
}

/// A numbered page (`limit`/`page`): there is more when the total says so or, without a
/// total, when the page is full (a guess).
fn read_numbered(info: &mut PageInfo, tool: &'static ToolDef, headers: &PageHeaders, args: &CheckedArgs) {
    let page = headers.page.or_else(|| asked(args, "page")).unwrap_or(1).max(1);
    info.page = Some(page);
    info.total = headers.total;
    let more = match (info.total, info.limit) {
        (Some(total), Some(limit)) => page.saturating_mul(limit) < total,
        (_, limit) => {
            info.guessed = true;
            limit.is_some_and(|l| l > 0 && info.returned as u64 >= l)
        }
    };
    if more {
        info.next = Next::Path(page_path(tool, args, page + 1, info.limit));
    }
}

/// The request for page `page` of a `limit`/`page` list, other arguments unchanged.
pub(crate) fn page_path(tool: &'static ToolDef, args: &CheckedArgs, page: u64, limit: Option<u64>) -> String {
    request::path_and_query(tool, &with_page(tool, args, page, limit))
}

/// The checked arguments with `page` set, for the next page of a page-style list.
pub(crate) fn with_page(
    tool: &'static ToolDef,
    args: &CheckedArgs,
    page: u64,
    limit: Option<u64>,
) -> CheckedArgs {
    let mut args = args.clone();
    set_query(tool, &mut args, "page", page);
    if let Some(limit) = limit {
        set_query(tool, &mut args, "limit", limit);
    }
    // Parameter order, as for the first page, so equal requests have equal URLs (cache keys).
    let position = |name: &str| {
        tool.params
            .iter()
            .position(|p| p.name == name)
            .unwrap_or(usize::MAX)
    };
    args.query.sort_by_key(|(name, _)| position(name));
    args
}

fn set_query(tool: &'static ToolDef, args: &mut CheckedArgs, name: &str, value: u64) {
    let Some(param) = tool.param(name) else { return };
    match args.query.iter_mut().find(|(n, _)| *n == name) {
        Some((_, v)) => *v = value.to_string(),
        None => args.query.push((param.name.as_str(), value.to_string())),
    }
}

/// Appends the records of `page` to those of `into`. False when either has no record list.
pub(crate) fn merge(into: &mut Value, mut page: Value) -> bool {
    let Some(more) = items_mut(&mut page) else {
        return false;
    };
    let more = std::mem::take(more);
    match items_mut(into) {
        Some(items) => {
            items.extend(more);
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::executor::test_support::tool;
    use mist_client::HostPolicy;
    use serde_json::json;

    fn base() -> MistBase {
        HostPolicy::default().resolve("api.mist.com").unwrap()
    }

    fn args(path: &[(&'static str, &str)], query: &[(&'static str, &str)]) -> CheckedArgs {
        let own = |v: &[(&'static str, &str)]| v.iter().map(|(n, s)| (*n, s.to_string())).collect();
        CheckedArgs {
            path: own(path),
            query: own(query),
        }
    }

    #[test]
    fn a_search_page_reads_total_and_its_next_link() {
        let body = json!({"total": 250, "results": [1, 2], "limit": 2, "next": "/api/v1/orgs/o/devices/search?search_after=x"});
        let info = read(
            tool("searchOrgDevices"),
            &body,
            &PageHeaders::default(),
            &args(&[], &[]),
            &base(),
        );
        assert_eq!((info.total, info.returned), (Some(250), 2));
        assert_eq!(
            info.next,
            Next::Path("/api/v1/orgs/o/devices/search?search_after=x".into())
        );
        let short = json!({"results": [1, 2], "limit": 100, "next": "default"});
        let info = read(
            tool("searchOrgDevices"),
            &short,
            &PageHeaders::default(),
            &args(&[], &[]),
            &base(),
        );
        assert_eq!(info.next, Next::End, "a page shorter than its limit is the last");
        let elsewhere =
            json!({"total": 3, "results": [1], "limit": 1, "next": "https://evil.example/api/v1/x"});
        let info = read(
            tool("searchOrgDevices"),
            &elsewhere,
            &PageHeaders::default(),
            &args(&[], &[]),
            &base(),
        );
        assert_eq!(info.next, Next::Unfollowable);
    }

    #[test]
    fn a_list_page_uses_the_page_headers_for_what_comes_next() {
        let t = tool("listOrgWlans");
        let a = args(&[("org_id", "o1")], &[]);
        let headers = PageHeaders {
            total: Some(250),
            limit: Some(100),
            page: Some(2),
        };
        let info = read(t, &json!([1, 2]), &headers, &a, &base());
        assert_eq!((info.total, info.page, info.guessed), (Some(250), Some(2), false));
        assert_eq!(
            info.next,
            Next::Path("/api/v1/orgs/o1/wlans?limit=100&page=3".into())
        );
        let last = PageHeaders {
            total: Some(250),
            limit: Some(100),
            page: Some(3),
        };
        assert_eq!(read(t, &json!([1]), &last, &a, &base()).next, Next::End);
    }

    #[test]
    fn mists_own_page_size_in_the_body_wins_over_the_default() {
        let t = tool("getSiteInsightMetrics");
        let a = args(&[("site_id", "s1")], &[]);
        let body = json!({"start": 1, "end": 2, "interval": 3600, "limit": 168, "page": 1});
        assert_eq!(
            read(t, &body, &PageHeaders::default(), &a, &base()).limit,
            Some(168)
        );
        assert_eq!(
            read(t, &json!({"start": 1}), &PageHeaders::default(), &a, &base()).limit,
            Some(100)
        );
    }

    #[test]
    fn without_a_total_a_full_page_suggests_more() {
        let t = tool("listOrgWlans");
        let a = args(&[("org_id", "o1")], &[("limit", "2")]);
        let info = read(t, &json!([1, 2]), &PageHeaders::default(), &a, &base());
        assert!(info.guessed);
        assert_eq!(
            info.next,
            Next::Path("/api/v1/orgs/o1/wlans?limit=2&page=2".into())
        );
        assert_eq!(
            read(t, &json!([1]), &PageHeaders::default(), &a, &base()).next,
            Next::End
        );
    }

    #[test]
    fn pages_merge_their_records_in_order() {
        let mut first = json!({"total": 4, "results": [1, 2]});
        assert!(merge(&mut first, json!({"total": 4, "results": [3, 4]})));
        assert_eq!(first["results"], json!([1, 2, 3, 4]));
        let mut list = json!([1]);
        assert!(merge(&mut list, json!([2])));
        assert_eq!(list, json!([1, 2]));
        assert!(!merge(&mut json!({"a": 1}), json!([2])));
    }
}
