//! The views: one HTML page per kind of answer, and the tools whose answers each one shows.
//!
//! The pages are built from `ui/` by `cargo xtask ui` (the MCP Apps SDK and the view code
//! bundled into one self-contained file each) and checked in under `crates/mistmcp/ui/`, so
//! building the server needs no JavaScript tool chain.

/// One view: a `ui://` resource and the tools that open it.
#[derive(Debug)]
pub(crate) struct View {
    pub uri: &'static str,
    /// The resource's programmatic name.
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub html: &'static str,
    /// Catalog tools whose answers this view shows.
    pub tools: &'static [&'static str],
    /// The view shows images from the Mist cloud the caller reaches (a map's drawing).
    pub shows_cloud_images: bool,
}

/// Every view, in the order `resources/list` gives them.
pub(crate) const VIEWS: [View; 4] = [
    View {
        uri: "ui://mistmcp/site-card",
        name: "site-card",
        title: "Site health card",
        description: "A site's SLE scores as bars with the worst classifier of each, devices by type and \
                      status with the down ones named, open alarms by severity and the most impacted clients.",
        html: include_str!("../../ui/site-card.html"),
        tools: &["getSiteHealth"],
        shows_cloud_images: false,
    },
    View {
        uri: "ui://mistmcp/device-table",
        name: "device-table",
        title: "Device table",
        description: "Devices as a sortable table: name, type, status, model, version, site, uptime and clients.",
        html: include_str!("../../ui/device-table.html"),
        tools: &[
            "listSiteDevicesStats",
            "listOrgDevicesStats",
            "searchSiteDevices",
            "searchOrgDevices",
        ],
        shows_cloud_images: false,
    },
    View {
        uri: "ui://mistmcp/sle-chart",
        name: "sle-chart",
        title: "SLE chart",
        description: "An SLE metric over time, with the share of each classifier in the degraded minutes.",
        html: include_str!("../../ui/sle-chart.html"),
        tools: &[
            "getSiteSleSummary",
            "getSiteSleSummaryTrend",
            "getSiteSleClassifierSummaryTrend",
        ],
        shows_cloud_images: false,
    },
    View {
        uri: "ui://mistmcp/floor-map",
        name: "floor-map",
        title: "Floor plan",
        description: "A site's floor plan with its APs placed on it; down APs stand out and hovering one names it.",
        html: include_str!("../../ui/floor-map.html"),
        tools: &["showSiteMap"],
        shows_cloud_images: true,
    },
];

/// The view that shows the answers of `tool`.
pub(crate) fn opened_by(tool: &str) -> Option<&'static View> {
    VIEWS.iter().find(|v| v.tools.contains(&tool))
}

/// The view at `uri`.
pub(crate) fn at(uri: &str) -> Option<&'static View> {
    VIEWS.iter().find(|v| v.uri == uri)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The most one page may weigh: the limit, 150 KB.
    const MAX_PAGE: usize = 150 * 1024;

    #[test]
    fn every_tool_a_view_names_is_a_read_of_the_catalog() {
        let catalog = mist_catalog::catalog();
        for view in &VIEWS {
            for tool in view.tools {
                let def = catalog
                    .tool(tool)
                    .unwrap_or_else(|| panic!("{tool} is in the catalog"));
                assert!(!def.is_write(), "{tool} only reads");
            }
        }
    }

    #[test]
    fn every_page_is_built_for_its_view_and_titled_as_it() {
        // ui/build.mjs names the pages it builds; a page built under another name or title
        // would be served under a resource that says something else.
        for view in &VIEWS {
            assert_eq!(view.uri, format!("ui://mistmcp/{}", view.name));
            let title = format!("<title>{}</title>", view.title);
            assert!(view.html.contains(&title), "{} lacks {title}", view.name);
        }
    }

    #[test]
    fn no_tool_opens_two_views() {
        let mut tools: Vec<&str> = VIEWS.iter().flat_map(|v| v.tools.iter().copied()).collect();
        let all = tools.len();
        tools.sort_unstable();
        tools.dedup();
        assert_eq!(tools.len(), all);
    }

    #[test]
    fn every_page_is_one_html_document_within_the_size_limit_and_loads_nothing_from_elsewhere() {
        for view in &VIEWS {
            assert!(view.uri.starts_with("ui://mistmcp/"), "{}", view.uri);
            assert!(
                view.html.len() <= MAX_PAGE,
                "{}: {} bytes",
                view.name,
                view.html.len()
            );
            assert!(view.html.starts_with("<!doctype html>"), "{}", view.name);
            for outside in [
                "<script src",
                "<link",
                "@import",
                "url(http",
                "src=\"http",
                "href=\"http",
            ] {
                assert!(!view.html.contains(outside), "{} holds {outside}", view.name);
            }
        }
    }
}
