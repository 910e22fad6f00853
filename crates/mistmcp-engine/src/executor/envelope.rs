//! The one shape of every successful tool answer: `{data, pagination?, notes?}`.
//!
//! - `data`: Mist's answer, with empty fields removed (several pages merged into one list).
//! - `pagination` (paginated tools only): `total` when Mist tells it, `returned`, `has_more`,
//!   and how to continue: `cursor` (search tools; pass it back as the `cursor` argument) or
//!   `next_page` (list tools; pass it as `page`). `pages` when one call fetched several.
//! - `notes`: short sentences for the model: served from cache (and how old), truncated (what
//!   was kept and how to narrow), why a multi-page fetch stopped.

use super::paging::{Next, PageInfo};
use mist_catalog::{Pagination, ToolDef};
use serde_json::{Map, Value, json};

/// How a paginated answer continues, once cursors are sealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Continue {
    None,
    Cursor(String),
    Page(u64),
    /// More exists but cannot be reached by paging from here (cut answer, foreign link).
    Blocked,
}

/// The facts a pagination block is built from.
#[derive(Debug, Clone)]
pub(crate) struct Paged<'a> {
    pub(crate) tool: &'static ToolDef,
    /// The last page kept.
    pub(crate) last: &'a PageInfo,
    /// Total from the first page (Mist's totals can drift while paging).
    pub(crate) total: Option<u64>,
    pub(crate) returned: usize,
    pub(crate) pages: u32,
    pub(crate) next: Continue,
}

pub(crate) fn pagination(p: &Paged<'_>) -> Option<Value> {
    let mut out = Map::new();
    let has_more = p.next != Continue::None;
    match p.tool.pagination {
        Pagination::Search | Pagination::Page => {
            if let Some(total) = p.total {
                out.insert("total".into(), json!(total));
            }
            if let (Pagination::Page, Some(page)) = (p.tool.pagination, p.last.page) {
                out.insert("page".into(), json!(page));
            }
            if let (Pagination::Page, Some(limit)) = (p.tool.pagination, p.last.limit) {
                out.insert("limit".into(), json!(limit));
            }
            out.insert("returned".into(), json!(p.returned));
            out.insert("has_more".into(), json!(has_more));
            match &p.next {
                Continue::Cursor(cursor) => {
                    out.insert("cursor".into(), json!(cursor));
                }
                Continue::Page(page) => {
                    out.insert("next_page".into(), json!(page));
                }
                Continue::None | Continue::Blocked => {}
            }
            if p.pages > 1 {
                out.insert("pages".into(), json!(p.pages));
            }
        }
        Pagination::Limit => {
            let limit = p.last.limit?;
            out.insert("returned".into(), json!(p.returned));
            out.insert("limit".into(), json!(limit));
            out.insert("has_more".into(), json!(has_more));
        }
        Pagination::Count | Pagination::None => return None,
    }
    Some(Value::Object(out))
}

/// How the answer continues, from the last page's `next` (page style and foreign links).
pub(crate) fn continuation(tool: &ToolDef, last: &PageInfo, cursor: Option<String>) -> Continue {
    match (&last.next, tool.pagination) {
        (Next::End, Pagination::Limit) if last.limit.is_some_and(|l| l > 0 && last.returned as u64 >= l) => {
            Continue::Blocked
        }
        (Next::End, _) => Continue::None,
        (Next::Unfollowable, _) => Continue::Blocked,
        (Next::Path(_), Pagination::Page) => last.page.map_or(Continue::Blocked, |p| Continue::Page(p + 1)),
        (Next::Path(_), _) => cursor.map_or(Continue::Blocked, Continue::Cursor),
    }
}

/// Puts the parts together.
pub fn envelope(data: Value, pagination: Option<Value>, notes: Vec<String>) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("data".into(), data);
    if let Some(p) = pagination {
        out.insert("pagination".into(), p);
    }
    if !notes.is_empty() {
        out.insert("notes".into(), json!(notes));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::executor::test_support::tool;

    fn info(next: Next, page: Option<u64>) -> PageInfo {
        PageInfo {
            total: Some(250),
            returned: 100,
            page,
            limit: Some(100),
            guessed: false,
            next,
        }
    }

    #[test]
    fn a_search_page_offers_its_cursor() {
        let t = tool("searchOrgDevices");
        let last = info(Next::Path("/api/v1/x".into()), None);
        let next = continuation(t, &last, Some("CUR".into()));
        let p = pagination(&Paged {
            tool: t,
            last: &last,
            total: Some(250),
            returned: 100,
            pages: 1,
            next,
        })
        .unwrap();
        assert_eq!(
            p,
            json!({"total": 250, "returned": 100, "has_more": true, "cursor": "CUR"})
        );
    }

    #[test]
    fn a_list_page_names_the_page_to_ask_next() {
        let t = tool("listOrgWlans");
        let last = info(Next::Path("/api/v1/x".into()), Some(2));
        let next = continuation(t, &last, None);
        let p = pagination(&Paged {
            tool: t,
            last: &last,
            total: Some(250),
            returned: 200,
            pages: 2,
            next,
        })
        .unwrap();
        assert_eq!(
            p,
            json!({"total": 250, "page": 2, "limit": 100, "returned": 200, "has_more": true, "next_page": 3, "pages": 2})
        );
    }

    #[test]
    fn the_last_page_has_no_more() {
        let t = tool("searchOrgDevices");
        let last = info(Next::End, None);
        let next = continuation(t, &last, None);
        let p = pagination(&Paged {
            tool: t,
            last: &last,
            total: Some(250),
            returned: 50,
            pages: 1,
            next,
        })
        .unwrap();
        assert_eq!(p["has_more"], json!(false));
        assert!(p.get("cursor").is_none());
    }

    #[test]
    fn single_answers_have_no_pagination() {
        let t = tool("getOrg");
        let last = info(Next::End, None);
        assert!(
            pagination(&Paged {
                tool: t,
                last: &last,
                total: None,
                returned: 0,
                pages: 1,
                next: Continue::None
            })
            .is_none()
        );
    }

    #[test]
    fn empty_notes_and_pagination_are_left_out() {
        let e = envelope(json!([1]), None, vec![]);
        assert_eq!(Value::Object(e), json!({"data": [1]}));
    }
}
