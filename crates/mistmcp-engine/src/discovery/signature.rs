//! A tool's call in one short line: `getSiteDeviceStats(site_id, device_id, fields?)`.
//!
//! Required parameters come first, in the operation's order; then up to `OPTIONAL_SHOWN`
//! optional filters with `?`, a count of the others, and `fields?` where the answer can be
//! narrowed; a write tool ends with its body and the body's required fields
//! (`createSiteWlan(site_id, body{ssid, …})`). The line is for choosing a tool;
//! `describeMistTool` gives the whole schema.

use crate::executor::controls;
use mist_catalog::ToolDef;

/// Optional parameters named in a signature; the rest are counted.
const OPTIONAL_SHOWN: usize = 2;

/// Parameters every paginated tool has, which say nothing about what it finds.
const PAGING: &[&str] = &[
    "limit",
    "page",
    "sort",
    "search_after",
    "start",
    "end",
    "duration",
];

/// A tool's call in one short line, such as `listOrgSites(org_id, +2 optional, fields?)`: what
/// a model needs to call it right, in far fewer tokens than its schema.
pub fn signature(tool: &ToolDef) -> String {
    let mut parts: Vec<String> = tool
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| p.name.clone())
        .collect();
    let optional: Vec<&str> = tool
        .params
        .iter()
        .filter(|p| !p.required)
        .map(|p| p.name.as_str())
        .collect();
    let filters: Vec<&str> = optional.iter().copied().filter(|n| !PAGING.contains(n)).collect();
    let shown: Vec<&str> = filters.iter().copied().take(OPTIONAL_SHOWN).collect();
    parts.extend(shown.iter().map(|n| format!("{n}?")));
    let hidden = optional.len() - shown.len();
    if hidden > 0 {
        parts.push(format!("+{hidden} optional"));
    }
    if tool.is_write() {
        if tool.body.is_some() {
            // A body whose schema cannot be read still shows that it is there.
            let schema = crate::writes::bodies::schema_of(&tool.name).ok().flatten();
            parts.push(super::body_outline::signature_part(
                schema.as_ref(),
                tool.body_required,
            ));
        }
    } else if controls::names(tool).contains(&controls::FIELDS) {
        parts.push(format!("{}?", controls::FIELDS));
    }
    format!("{}({})", tool.name, parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::executor::test_support::tool;

    #[test]
    fn required_parameters_come_first_and_optional_ones_are_marked() {
        assert_eq!(signature(tool("getOrg")), "getOrg(org_id, fields?)");
        let search = signature(tool("searchOrgDevices"));
        assert!(search.starts_with("searchOrgDevices(org_id, "), "{search}");
        assert!(search.contains("? ") || search.contains("?,"), "{search}");
        assert!(search.contains(" optional, fields?)"), "{search}");
        assert!(search.len() < 90, "{search}");
    }

    #[test]
    fn a_write_tool_shows_its_body_and_never_fields() {
        assert_eq!(
            signature(tool("createSiteWlan")),
            "createSiteWlan(site_id, body{ssid, …})"
        );
        let delete = signature(tool("deleteSiteWlan"));
        assert_eq!(delete, "deleteSiteWlan(site_id, wlan_id)");
    }
}
