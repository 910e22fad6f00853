//! Properties every catalog must have, checked on the embedded file alone.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use mist_catalog::{CATALOG_JSON, Catalog, Location, catalog, categories};
use std::collections::HashSet;

fn placeholders(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

#[test]
fn the_embedded_file_parses_into_the_served_catalog() {
    let parsed = Catalog::from_json(CATALOG_JSON).expect("catalog.json must parse");
    assert!(!parsed.tools.is_empty());
    assert_eq!(catalog().tools.len(), parsed.tools.len());
}

#[test]
fn the_served_catalog_holds_what_the_whole_file_holds() {
    let parsed = Catalog::from_json(CATALOG_JSON).expect("catalog.json must parse");
    // The whole catalog, not field by field: a section the served catalog forgot to read
    // (as the workflows once were) shows up here.
    let mut served = serde_json::to_value(catalog()).unwrap();
    served["writes"] = serde_json::to_value(catalog().write_tools()).unwrap();
    assert_eq!(served, serde_json::to_value(&parsed).unwrap());
}

#[test]
fn the_categories_read_from_the_head_are_those_of_the_whole_file() {
    let parsed = Catalog::from_json(CATALOG_JSON).expect("catalog.json must parse");
    let names = |list: &[mist_catalog::Category]| -> Vec<(String, Vec<String>)> {
        list.iter().map(|c| (c.name.clone(), c.tools.clone())).collect()
    };
    assert_eq!(names(categories()), names(&parsed.categories));
    let described = |list: &[mist_catalog::Category]| -> Vec<(String, bool)> {
        list.iter().map(|c| (c.description.clone(), c.added)).collect()
    };
    assert_eq!(described(categories()), described(&parsed.categories));
}

#[test]
fn every_path_is_a_v1_get_with_matching_path_params() {
    for tool in &catalog().tools {
        assert!(tool.path.starts_with("/api/v1/"), "{}: {}", tool.name, tool.path);
        assert_eq!(tool.method, mist_catalog::Method::Get, "{}", tool.name);
        let placeholders = placeholders(&tool.path);
        let path_params: Vec<&str> = tool.path_params().map(|p| p.name.as_str()).collect();
        assert_eq!(
            path_params, placeholders,
            "{}: path params in path order",
            tool.name
        );
        assert!(tool.path_params().all(|p| p.required), "{}", tool.name);
    }
}

#[test]
fn params_come_in_path_required_optional_order() {
    for tool in &catalog().tools {
        let ranks: Vec<u8> = tool
            .params
            .iter()
            .map(|p| match (p.location, p.required) {
                (Location::Path, _) => 0,
                (Location::Query, true) => 1,
                (Location::Query, false) => 2,
            })
            .collect();
        assert!(ranks.is_sorted(), "{}: {ranks:?}", tool.name);
        let names: HashSet<&str> = tool.params.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names.len(), tool.params.len(), "{}: duplicate param", tool.name);
    }
}

#[test]
fn names_and_aliases_are_unique_and_aliases_find_their_tool() {
    let catalog = catalog();
    let mut seen = HashSet::new();
    for tool in &catalog.tools {
        for name in std::iter::once(&tool.name).chain(&tool.aliases) {
            assert!(seen.insert(name.as_str()), "{name} is used twice");
            assert_eq!(catalog.tool(name).map(|t| &t.name), Some(&tool.name));
        }
        if tool.aliases.is_empty() {
            assert_eq!(tool.operation_id, tool.name);
        } else {
            assert_eq!(
                tool.aliases,
                std::slice::from_ref(&tool.operation_id),
                "{}",
                tool.name
            );
        }
    }
}

#[test]
fn category_lists_match_the_tools_category_fields() {
    let catalog = catalog();
    let mut listed = 0;
    for category in &catalog.categories {
        let by_field: Vec<&str> = catalog
            .tools_in(&category.name)
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(by_field, category.tools, "{}", category.name);
        listed += category.tools.len();
    }
    assert_eq!(
        listed,
        catalog.tools.len() + catalog.workflows.len(),
        "every tool belongs to a listed category"
    );
}

#[test]
fn every_tool_and_category_has_real_words() {
    let catalog = catalog();
    for category in &catalog.categories {
        assert!(!category.description.trim().is_empty(), "{}", category.name);
        assert!(!category.description.contains("TEMP"), "{}", category.name);
    }
    for tool in catalog.tools.iter().chain(&catalog.workflows) {
        assert!(!tool.title.trim().is_empty(), "{}", tool.name);
        assert!(!tool.description.contains("TEMP"), "{}", tool.name);
        assert!(!tool.title.contains("TEMP"), "{}", tool.name);
        let len = tool.description.chars().count();
        assert!(
            (40..=180).contains(&len),
            "{}: description of {len} chars",
            tool.name
        );
        for param in &tool.params {
            assert!(
                param.description.chars().count() <= 60,
                "{}.{}",
                tool.name,
                param.name
            );
        }
    }
}

#[test]
fn every_item_names_a_shape_of_typed_fields() {
    let catalog = catalog();
    let types = ["string", "integer", "number", "boolean", "object", "array", "any"];
    for tool in catalog.tools.iter().chain(&catalog.workflows) {
        let Some(shape) = &tool.item else {
            assert!(!tool.item_in_results, "{}", tool.name);
            continue;
        };
        assert!(catalog.shapes.contains_key(shape), "{}: shape {shape}", tool.name);
        let fields = catalog.item_fields(tool);
        assert!(!fields.is_empty(), "{}", tool.name);
        for (name, ty) in fields {
            let element = ty.strip_suffix("[]").unwrap_or(ty);
            assert!(
                !name.is_empty() && types.contains(&element),
                "{}: {name}:{ty}",
                tool.name
            );
        }
        if tool.item_in_results {
            assert_eq!(tool.response, mist_catalog::ResponseKind::Object, "{}", tool.name);
        }
    }
    let used: HashSet<&str> = catalog
        .tools
        .iter()
        .chain(&catalog.workflows)
        .filter_map(|t| t.item.as_deref())
        .collect();
    assert_eq!(used.len(), catalog.shapes.len(), "every shape is used");
}

#[test]
fn a_parameters_source_is_a_tool_named_in_its_description() {
    let catalog = catalog();
    let mut sources = 0;
    for tool in &catalog.tools {
        for param in &tool.params {
            let Some(source) = &param.source else { continue };
            sources += 1;
            let lister = catalog
                .tool(source)
                .unwrap_or_else(|| panic!("{}.{}: {source} is no tool", tool.name, param.name));
            // The overlay may name a tool whose answer is a map of names (listInsightMetrics).
            assert_ne!(
                lister.response,
                mist_catalog::ResponseKind::Text,
                "{}.{}: {source} answers no JSON",
                tool.name,
                param.name
            );
            assert!(
                param.description.contains(source.as_str()),
                "{}.{}",
                tool.name,
                param.name
            );
        }
    }
    assert!(sources > 0);
    let metric = catalog.tool("getSiteSleSummary").and_then(|t| t.param("metric"));
    assert_eq!(
        metric.and_then(|p| p.source.as_deref()),
        Some("listSiteSlesMetrics")
    );
    let classifier = catalog
        .tool("getSiteSleImpactSummary")
        .and_then(|t| t.param("classifier"));
    assert_eq!(
        classifier.and_then(|p| p.source.as_deref()),
        Some("listSiteSleMetricClassifiers")
    );
}

#[test]
fn mac_formats_mark_string_parameters_only() {
    let catalog = catalog();
    for tool in &catalog.tools {
        for param in &tool.params {
            match param.format.as_deref() {
                Some("mac") => assert_eq!(param.location, Location::Path, "{}.{}", tool.name, param.name),
                Some("mac_filter") => {
                    assert_eq!(param.location, Location::Query, "{}.{}", tool.name, param.name)
                }
                _ => continue,
            }
            assert_eq!(
                param.ty,
                mist_catalog::ParamType::String,
                "{}.{}",
                tool.name,
                param.name
            );
        }
    }
    let guest = catalog
        .tool("getOrgGuestAuthorization")
        .and_then(|t| t.param("guest_mac"));
    assert_eq!(guest.and_then(|p| p.format.as_deref()), Some("mac"));
}

#[test]
fn workflows_are_reads_of_their_own_last_category_and_no_operation() {
    let catalog = catalog();
    let last = catalog.categories.last().expect("categories");
    assert_eq!(last.name, "workflows");
    assert_eq!(last.tools, ["getSiteHealth", "findMistEntity", "showSiteMap"]);
    for tool in &catalog.workflows {
        assert!(tool.is_workflow() && !tool.is_write(), "{}", tool.name);
        assert!(tool.path.is_empty(), "{}: a workflow has no path", tool.name);
        assert_eq!(
            catalog.tool(&tool.name).map(|t| t.name.as_str()),
            Some(tool.name.as_str())
        );
    }
    assert!(
        catalog.tools.iter().all(|t| !t.is_workflow()),
        "the operations' list holds no workflow"
    );
}
