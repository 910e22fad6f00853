//! Which tool lists the values a parameter takes, so a model (and an error message) can say
//! where to get a `zone_id` or an SLE `metric` from.
//!
//! Three rules, each checked against the catalog itself rather than guessed:
//! - the overlay's words say `From <tool>` and that tool exists (SLE metrics, classifiers);
//! - a path parameter `{x}` whose path cut before `/{x}` is the path of a listing tool
//!   (`/sites/{site_id}/zones/{zone_id}` → `/sites/{site_id}/zones`, `listSiteZones`);
//! - an `x_id` parameter anywhere else whose scope has a listing tool at `<scope>/xs`
//!   (a `wlan_id` filter of a site tool → `/sites/{site_id}/wlans`), trying the org scope
//!   when the site has none.
//!
//! A listing tool answers a list (an array or `results`) whose items hold the field the value
//! is read from: `id` for `x_id` parameters and `mac` for `x_mac` ones. Parameters that place
//! the call (`org_id` of `/orgs/{org_id}/...`) are left alone: every tool of the scope has them.

use mist_catalog::{Catalog, Location, Param, ResponseKind, ToolDef};
use std::collections::HashMap;

/// The overlay's way of naming a source in a parameter's words.
pub const FROM: &str = "From ";

/// Fills `source` (and the description when the overlay gave none) for every parameter.
pub fn fill_sources(catalog: &mut Catalog) {
    let listers = listers(catalog);
    let names: Vec<&str> = catalog.tools.iter().map(|t| t.name.as_str()).collect();
    let mut found: Vec<(usize, usize, String)> = Vec::new();
    for (t, tool) in catalog.tools.iter().enumerate() {
        for (p, param) in tool.params.iter().enumerate() {
            let source = from_words(param, &names).or_else(|| from_paths(tool, param, &listers));
            if let Some(source) = source.filter(|s| *s != tool.name) {
                found.push((t, p, source));
            }
        }
    }
    for (t, p, source) in found {
        let param = &mut catalog.tools[t].params[p];
        if param.description.is_empty() {
            param.description = format!("{FROM}{source}");
        }
        param.source = Some(source);
    }
}

/// Listing tools by path, with the field names of their items.
fn listers(catalog: &Catalog) -> HashMap<&str, (&str, Vec<&str>)> {
    catalog
        .tools
        .iter()
        .filter(|t| t.response == ResponseKind::Array || t.item_in_results)
        .map(|t| {
            let fields = catalog.item_fields(t).into_iter().map(|(name, _)| name).collect();
            (t.path.as_str(), (t.name.as_str(), fields))
        })
        .collect()
}

/// The tool named after "From"/"from" in the overlay's words (`Comma-separated, from
/// listInsightMetrics`).
fn from_words(param: &Param, names: &[&str]) -> Option<String> {
    let lower = param.description.to_lowercase();
    let at = lower.find(&FROM.to_lowercase())? + FROM.len();
    let name = param.description[at..]
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()?;
    names.contains(&name).then(|| name.to_owned())
}

/// The field of a listed item that a parameter's value is read from.
fn key_field(name: &str) -> Option<&'static str> {
    if name.ends_with("_id") {
        Some("id")
    } else if name.ends_with("_mac") {
        Some("mac")
    } else {
        None
    }
}

fn from_paths(tool: &ToolDef, param: &Param, listers: &HashMap<&str, (&str, Vec<&str>)>) -> Option<String> {
    let key = key_field(&param.name)?;
    let placeholder = format!("/{{{}}}", param.name);
    let scope = scope_prefix(&tool.path);
    if scope.as_deref().is_some_and(|s| s.ends_with(&placeholder)) {
        return None;
    }
    let lists = |path: &str| {
        listers
            .get(path)
            .filter(|(_, fields)| fields.contains(&key))
            .map(|(name, _)| (*name).to_owned())
    };
    if param.location == Location::Path {
        let cut = tool.path.find(&placeholder)?;
        return lists(&tool.path[..cut]);
    }
    let stem = param.name.strip_suffix("_id")?;
    let scope = scope?;
    let mut candidates = vec![format!("{scope}/{stem}s")];
    if scope.starts_with("/api/v1/sites/") {
        candidates.push(format!("/api/v1/orgs/{{org_id}}/{stem}s"));
    }
    candidates.iter().find_map(|path| lists(path))
}

/// `/api/v1/orgs/{org_id}` or `/api/v1/sites/{site_id}` of a path, when it starts so.
fn scope_prefix(path: &str) -> Option<String> {
    let mut segments = path.trim_start_matches("/api/v1/").split('/');
    let kind = segments.next()?;
    let id = segments.next()?;
    (matches!(kind, "orgs" | "sites" | "msps") && id.starts_with('{')).then(|| format!("/api/v1/{kind}/{id}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{param, tool};
    use mist_catalog::Pagination;

    fn lister(name: &str, path: &str, shape: &str) -> ToolDef {
        let mut t = tool(name, path, vec![], Pagination::None);
        t.response = ResponseKind::Array;
        t.item = Some(shape.into());
        t
    }

    fn catalog(tools: Vec<ToolDef>) -> Catalog {
        let mut catalog = Catalog::default();
        catalog.tools = tools;
        catalog
            .shapes
            .insert("zone".into(), "id:string name:string".into());
        catalog.shapes.insert("named".into(), "name:string".into());
        catalog
    }

    fn sources(catalog: &Catalog, tool: usize) -> Vec<(&str, Option<&str>, &str)> {
        catalog.tools[tool]
            .params
            .iter()
            .map(|p| (p.name.as_str(), p.source.as_deref(), p.description.as_str()))
            .collect()
    }

    #[test]
    fn path_ids_ids_in_queries_and_the_overlays_words_name_their_listing_tool() {
        let site = || param("site_id", Location::Path);
        let mut metric = param("metric", Location::Query);
        metric.description = "Comma-separated, from listSiteZones".into();
        let mut catalog = catalog(vec![
            lister("listSiteZones", "/api/v1/sites/{site_id}/zones", "zone"),
            lister("listOrgWlans", "/api/v1/orgs/{org_id}/wlans", "zone"),
            tool(
                "getSiteZone",
                "/api/v1/sites/{site_id}/zones/{zone_id}",
                vec![site(), param("zone_id", Location::Path)],
                Pagination::None,
            ),
            tool(
                "searchSiteThings",
                "/api/v1/sites/{site_id}/things/search",
                vec![site(), param("wlan_id", Location::Query), metric],
                Pagination::Search,
            ),
        ]);
        fill_sources(&mut catalog);
        assert_eq!(
            sources(&catalog, 2),
            [
                ("site_id", None, ""),
                ("zone_id", Some("listSiteZones"), "From listSiteZones")
            ]
        );
        assert_eq!(
            sources(&catalog, 3),
            [
                ("site_id", None, ""),
                ("wlan_id", Some("listOrgWlans"), "From listOrgWlans"),
                (
                    "metric",
                    Some("listSiteZones"),
                    "Comma-separated, from listSiteZones"
                )
            ]
        );
    }

    #[test]
    fn a_list_whose_items_lack_the_key_field_is_no_source() {
        let mut catalog = catalog(vec![
            lister("listSiteZones", "/api/v1/sites/{site_id}/zones", "named"),
            tool(
                "getSiteZone",
                "/api/v1/sites/{site_id}/zones/{zone_id}",
                vec![param("site_id", Location::Path), param("zone_id", Location::Path)],
                Pagination::None,
            ),
        ]);
        fill_sources(&mut catalog);
        assert_eq!(catalog.tools[1].params[1].source, None);
    }

    #[test]
    fn scope_prefixes_are_the_first_two_segments_of_org_site_and_msp_paths() {
        assert_eq!(
            scope_prefix("/api/v1/sites/{site_id}/zones").as_deref(),
            Some("/api/v1/sites/{site_id}")
        );
        assert_eq!(scope_prefix("/api/v1/const/countries"), None);
        assert_eq!(scope_prefix("/api/v1/self"), None);
    }

    #[test]
    fn only_ids_and_macs_have_a_field_to_read_from() {
        assert_eq!(key_field("zone_id"), Some("id"));
        assert_eq!(key_field("device_mac"), Some("mac"));
        assert_eq!(key_field("metric"), None);
    }
}
