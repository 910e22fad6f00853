//! The views as MCP resources: `resources/list` names them, `resources/read` serves each page
//! with the security policy its host applies (`_meta.ui`).
//!
//! A page loads nothing but itself: no network use, no outside script or style. The floor plan
//! shows the map's drawing, an image link of the Mist cloud the caller reaches, so that view
//! declares the cloud's origin as where its images come from.

use super::capability::MIME;
use super::views::{self, VIEWS, View};
use rmcp::model::{MetaObject, ReadResourceResult, Resource, ResourceContents};
use serde_json::json;

/// Every view, for `resources/list`. `cloud` is the origin of the Mist cloud the caller
/// reaches (`https://api.mist.com`), when it has one.
pub(crate) fn list(cloud: Option<&str>) -> Vec<Resource> {
    VIEWS
        .iter()
        .map(|view| {
            Resource::new(view.uri, view.name)
                .with_title(view.title)
                .with_description(view.description)
                .with_mime_type(MIME)
                .with_size(view.html.len() as u64)
                .with_meta(meta(view, cloud))
        })
        .collect()
}

/// The page at `uri`, or `None` when no view has that address.
pub(crate) fn read(uri: &str, cloud: Option<&str>) -> Option<ReadResourceResult> {
    let view = views::at(uri)?;
    let page = ResourceContents::text(view.html, view.uri)
        .with_mime_type(MIME)
        .with_meta(meta(view, cloud));
    Some(ReadResourceResult::new(vec![page]))
}

/// `_meta.ui`: what the page may reach (nothing, or the cloud's images) and a border, since
/// the pages draw no frame of their own.
fn meta(view: &View, cloud: Option<&str>) -> MetaObject {
    let images: Vec<&str> = cloud.filter(|_| view.shows_cloud_images).into_iter().collect();
    let ui = json!({
        "csp": {"connectDomains": [], "resourceDomains": images},
        "prefersBorder": true,
    });
    MetaObject([("ui".to_owned(), ui)].into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLOUD: &str = "https://api.mist.com";

    #[test]
    fn every_view_is_listed_as_an_html_view_with_its_size() {
        let listed = list(Some(CLOUD));
        assert_eq!(listed.len(), VIEWS.len());
        for (resource, view) in listed.iter().zip(&VIEWS) {
            assert_eq!(resource.uri, view.uri);
            assert_eq!(resource.mime_type.as_deref(), Some(MIME));
            assert_eq!(resource.size, Some(view.html.len() as u64));
        }
    }

    #[test]
    fn only_the_floor_plan_may_load_images_and_only_from_the_callers_cloud() {
        for view in &VIEWS {
            let page = json!(read(view.uri, Some(CLOUD)).unwrap().contents[0]);
            let csp = &page["_meta"]["ui"]["csp"];
            assert_eq!(csp["connectDomains"], json!([]), "{}", view.name);
            let expected = if view.name == "floor-map" {
                json!([CLOUD])
            } else {
                json!([])
            };
            assert_eq!(csp["resourceDomains"], expected, "{}", view.name);
            assert_eq!(page["mimeType"], MIME);
            assert_eq!(page["text"], view.html);
        }
    }

    #[test]
    fn without_a_cloud_the_floor_plan_may_load_no_image() {
        let page = json!(read("ui://mistmcp/floor-map", None).unwrap().contents[0]);
        assert_eq!(page["_meta"]["ui"]["csp"]["resourceDomains"], json!([]));
    }

    #[test]
    fn an_unknown_address_reads_nothing() {
        assert!(read("ui://mistmcp/nothing", Some(CLOUD)).is_none());
        assert!(read("file:///etc/passwd", Some(CLOUD)).is_none());
    }
}
