//! The rules that classify an operation: how it pages and how long its answer stays true.
//!
//! Both are rules rather than tables so that a new tool gets a sensible answer without anyone
//! remembering to add a row; the tests in `xtask/tests/` hold the rules against the seed's
//! own classification.

use crate::response::Body;
use mist_catalog::{CacheClass, Pagination};

/// Derives the paging style from the facts the OpenAPI document states.
///
/// Order matters. A body that declares `next` is followed as a cursor even when the operation
/// also takes `page`: the seed's table calls `listOrgAuditLogs` (now `/logs/search`),
/// `listSiteRrmEvents` and `listSiteCurrentRrmNeighbors` page-style, but their bodies are
/// `{start, end, limit, results, next}` objects rather than the bare arrays that page-style
/// endpoints return, so following `next` is what walks them. The reverse case,
/// `searchSiteWanUsage`, is called a search by the seed but its body declares no `next` and it
/// takes no `search_after`: only `limit` bounds it, so it is `limit`. A `/count` path that
/// takes `distinct` counts only when its body is grouped by it: `countOrgUserMacs` takes the
/// parameter but answers with the records themselves, a page of `results` with a `total`.
pub fn pagination(path: &str, params: &[&str], body: &Body) -> Pagination {
    let has = |name: &str| params.contains(&name);
    if path.ends_with("/count") && has("distinct") && body.has_distinct {
        Pagination::Count
    } else if has("search_after") || body.has_next {
        Pagination::Search
    } else if has("limit") && has("page") {
        Pagination::Page
    } else if has("limit") {
        Pagination::Limit
    } else {
        Pagination::None
    }
}

/// Path segments whose answers change by the minute: statistics, events, searches, counts,
/// SLEs, insights, alarms, clients, logs, usage, and jobs in progress.
const VOLATILE_SEGMENTS: &[&str] = &[
    "alarms",
    "claim",
    "clients",
    "count",
    "events",
    "guests",
    "insights",
    "login_failures",
    "logs",
    "nac_clients",
    "rfdiags",
    "rogues",
    "rrm",
    "search",
    "sle",
    "stats",
    "summary",
    "synthetic_test",
    "troubleshoot",
    "upgrade",
    "usage",
    "usages",
    "wan_client",
    "wan_clients",
    "wan_usages",
    "wired_clients",
];

/// Final path segments of definition lists that only change with Mist releases: firmware
/// versions on offer and the application catalogue.
const DEFINITION_LEAVES: &[&str] = &["apps", "versions"];

/// Decides how long an answer may be cached.
///
/// Constants first (the `constants_definitions` category, anything under `/const/`, and
/// definition lists), then anything touching a volatile segment, and the rest is configuration
/// that only changes when an administrator edits it (templates, WLANs, sites, settings,
/// profiles, networks, webhooks, maps, rules, PSKs, inventory).
pub fn cache_class(category: &str, path: &str) -> CacheClass {
    let segments: Vec<&str> = path
        .trim_start_matches("/api/v1/")
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let leaf = segments.last().copied().unwrap_or_default();
    if category == "constants_definitions"
        || segments.first() == Some(&"const")
        || DEFINITION_LEAVES.contains(&leaf)
    {
        CacheClass::Constant
    } else if segments.iter().any(|s| VOLATILE_SEGMENTS.contains(s)) {
        CacheClass::Volatile
    } else {
        CacheClass::Config
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mist_catalog::ResponseKind;

    /// An object body; `next` and `distinct` as given.
    fn body(has_next: bool, has_distinct: bool) -> Body {
        Body {
            kind: ResponseKind::Object,
            has_next,
            has_distinct,
        }
    }

    #[test]
    fn a_count_path_with_distinct_counts() {
        let p = pagination(
            "/api/v1/orgs/{org_id}/x/count",
            &["distinct", "limit"],
            &body(false, true),
        );
        assert_eq!(p, Pagination::Count);
    }

    #[test]
    fn a_count_path_whose_body_is_not_grouped_is_not_a_count() {
        let p = pagination(
            "/api/v1/orgs/{org_id}/usermacs/count",
            &["distinct", "limit"],
            &body(false, false),
        );
        assert_eq!(p, Pagination::Limit);
    }

    #[test]
    fn a_count_path_without_distinct_is_not_a_count() {
        let p = pagination("/api/v1/orgs/{org_id}/x/count", &["limit"], &body(false, false));
        assert_eq!(p, Pagination::Limit);
    }

    #[test]
    fn a_cursor_parameter_or_a_next_field_makes_a_search() {
        let path = "/api/v1/orgs/{org_id}/x/search";
        assert_eq!(
            pagination(path, &["search_after"], &body(false, false)),
            Pagination::Search
        );
        assert_eq!(
            pagination(path, &["limit"], &body(true, false)),
            Pagination::Search
        );
    }

    #[test]
    fn a_next_field_wins_over_page_parameters() {
        let p = pagination(
            "/api/v1/orgs/{org_id}/logs/search",
            &["limit", "page"],
            &body(true, false),
        );
        assert_eq!(p, Pagination::Search);
    }

    #[test]
    fn limit_and_page_make_page_and_limit_alone_makes_limit() {
        let path = "/api/v1/sites/{site_id}/wlans";
        assert_eq!(
            pagination(path, &["page", "limit"], &body(false, false)),
            Pagination::Page
        );
        assert_eq!(
            pagination(path, &["limit"], &body(false, false)),
            Pagination::Limit
        );
        assert_eq!(pagination(path, &["page"], &body(false, false)), Pagination::None);
        assert_eq!(pagination(path, &[], &body(false, false)), Pagination::None);
    }

    #[test]
    fn constants_and_definition_lists_are_constant() {
        assert_eq!(
            cache_class("constants_definitions", "/api/v1/x"),
            CacheClass::Constant
        );
        assert_eq!(
            cache_class("other", "/api/v1/const/ap_channels"),
            CacheClass::Constant
        );
        let versions = "/api/v1/orgs/{org_id}/devices/versions";
        assert_eq!(cache_class("utilities_upgrade", versions), CacheClass::Constant);
        let apps = "/api/v1/orgs/{org_id}/wxtags/apps";
        assert_eq!(cache_class("orgs_wlans", apps), CacheClass::Constant);
    }

    #[test]
    fn statistics_searches_and_jobs_are_volatile() {
        for path in [
            "/api/v1/sites/{site_id}/stats/apps/count",
            "/api/v1/orgs/{org_id}/clients/search",
            "/api/v1/orgs/{org_id}/devices/upgrade",
            "/api/v1/sites/{site_id}/sle/{scope}/{scope_id}/metrics",
            "/api/v1/self/usage",
        ] {
            assert_eq!(cache_class("any", path), CacheClass::Volatile, "{path}");
        }
    }

    #[test]
    fn configuration_objects_are_config() {
        for path in [
            "/api/v1/orgs/{org_id}/alarmtemplates/suppress",
            "/api/v1/sites/{site_id}/wlans/derived",
            "/api/v1/orgs/{org_id}/inventory",
            "/api/v1/self",
        ] {
            assert_eq!(cache_class("any", path), CacheClass::Config, "{path}");
        }
    }

    #[test]
    fn placeholders_never_decide_the_class() {
        // `{stats}` is a value, not the stats collection.
        assert_eq!(cache_class("any", "/api/v1/orgs/{stats}"), CacheClass::Config);
    }
}
