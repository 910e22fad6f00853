//! The notes an answer carries for the model: short sentences that say when an answer was cut,
//! why a multi-page fetch stopped, where more can be had, and when an answer came from cache.
//! Every note the executor writes is worded here.

use super::shape::Cut;
use mist_catalog::{Pagination, ToolDef};
use std::time::Duration;

/// The truncation note: what was kept, and how to get the rest.
pub(crate) fn truncation_note(tool: &ToolDef, cut: &Cut, cap_kb: usize) -> String {
    let kept = cut.kept.max(1);
    let how = match tool.pagination {
        Pagination::Search => format!(
            "to read all results without gaps, call again with limit={kept} and follow pagination.cursor, or narrow the filters"
        ),
        Pagination::Page => format!("ask for smaller pages (limit={kept}) or narrow the filters"),
        Pagination::Limit => format!("call again with limit={kept} or narrow the filters"),
        _ if cut.unit == "characters" => {
            "narrow the request (a site, a device type, a shorter time range)".to_owned()
        }
        _ => filters_hint(tool),
    };
    format!(
        "TRUNCATED: kept the first {} of {} {} so the answer stays under {cap_kb} KB; {how}.",
        cut.kept, cut.of, cut.unit
    )
}

fn filters_hint(tool: &ToolDef) -> String {
    let filters: Vec<&str> = tool
        .query_params()
        .filter(|p| !p.required && !matches!(p.name.as_str(), "limit" | "page" | "sort" | "search_after"))
        .map(|p| p.name.as_str())
        .take(6)
        .collect();
    if filters.is_empty() {
        "the rest is not reachable in one answer; ask about fewer objects".to_owned()
    } else {
        format!("narrow the query with {}", filters.join(", "))
    }
}

/// A multi-page fetch stopped because the client cancelled the request.
pub(crate) fn cancelled(pages: u32) -> String {
    format!("Stopped after {pages} pages: the request was cancelled.")
}

/// A page was fetched but left out, because it would have broken the size cap.
pub(crate) fn rewound(pages: u32) -> String {
    format!("Stopped after {pages} pages to stay under the size cap; continue from the pagination fields.")
}

/// A page after the first failed: what was read is kept, and where to go on from.
pub(crate) fn page_failed(pages: u32, error: &dyn std::fmt::Display) -> String {
    format!(
        "Page {} failed ({error}); the {pages} page(s) before it are here, and the pagination fields continue from the failed page.",
        pages + 1
    )
}

/// The next page was not fetched, because one like the last would break the size cap.
pub(crate) fn size_stop(pages: u32, max_kb: usize) -> String {
    format!(
        "Stopped after {pages} pages: one more would exceed {max_kb} KB; continue from the pagination fields."
    )
}

/// The answer is one value too large to cut.
pub(crate) fn too_large(cap_kb: usize) -> String {
    format!("The answer is larger than {cap_kb} KB and could not be cut at item boundaries.")
}

/// Mist's link to the next page leads elsewhere.
pub(crate) const UNFOLLOWABLE: &str =
    "Mist's link to the next page points outside this cloud's API, so it was not followed.";

/// A page-style list without a total.
pub(crate) const GUESSED_TOTAL: &str = "Mist sent no total; has_more is inferred from a full page.";

/// A limit-only list that came back full.
pub(crate) const RAISE_LIMIT: &str =
    "The list may hold more than limit; raise limit (Mist allows up to 1000).";

/// How the note of an answer served from the cache starts.
pub(crate) const CACHED_PREFIX: &str = "Served from this server's cache";

/// The answer came from the cache, `age` old; `ttl` is how long such answers are kept.
pub(crate) fn cached(age: Duration, ttl: Option<Duration>) -> String {
    let kept = ttl
        .map(|t| format!(" (kept up to {} s)", t.as_secs()))
        .unwrap_or_default();
    format!("{CACHED_PREFIX}, {} s old{kept}.", age.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::executor::test_support::tool;

    #[test]
    fn the_truncation_note_says_what_was_kept_and_how_to_narrow() {
        let cut = Cut {
            kept: 40,
            of: 100,
            unit: "items",
            at: "/results".into(),
        };
        let note = truncation_note(tool("searchOrgDevices"), &cut, 100);
        assert!(
            note.starts_with("TRUNCATED: kept the first 40 of 100 items"),
            "{note}"
        );
        assert!(
            note.contains("limit=40") && note.contains("pagination.cursor"),
            "{note}"
        );
    }
}
