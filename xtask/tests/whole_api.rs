//! The catalog reaches the whole read API of the document, in words of our own.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod common;

use mist_catalog::{CATALOG_JSON, Catalog};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};

/// A description sharing this many consecutive words with the document's prose copies it,
/// unless every one of them is a name (of a parameter or a field of the tool): lists of filter
/// names are facts, and the document lists them too.
const COPIED_RUN: usize = 6;

fn document(shared: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(shared.join("mist-openapi/mist.openapi.json"))
        .expect("the OpenAPI document is readable");
    serde_json::from_str(&text).expect("the OpenAPI document is JSON")
}

fn catalog() -> Catalog {
    Catalog::from_json(CATALOG_JSON).expect("the catalog parses")
}

#[test]
fn every_get_operation_of_the_document_is_in_the_catalog_exactly_once() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let doc = document(&shared);
    let gets: BTreeMap<&str, &str> = doc["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .filter_map(|(path, item)| Some((item.get("get")?["operationId"].as_str()?, path.as_str())))
        .collect();
    assert_eq!(
        gets.len(),
        529,
        "the document this catalog was made for has 529 reads"
    );
    let catalog = catalog();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for tool in &catalog.tools {
        *seen.entry(tool.operation_id.as_str()).or_default() += 1;
        assert_eq!(
            gets.get(tool.operation_id.as_str()),
            Some(&tool.path.as_str()),
            "{} is a GET of the document at its path",
            tool.name
        );
    }
    let missing: Vec<&&str> = gets.keys().filter(|id| !seen.contains_key(**id)).collect();
    assert!(missing.is_empty(), "reads missing from the catalog: {missing:?}");
    let twice: Vec<(&&str, &usize)> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "reads in the catalog more than once: {twice:?}");
}

/// Lower-case words of a text, punctuation dropped.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Every `summary` and `description` string anywhere in the document.
fn prose<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match inner {
                    Value::String(text) if key == "summary" || key == "description" => out.push(text),
                    _ => prose(inner, out),
                }
            }
        }
        Value::Array(list) => list.iter().for_each(|v| prose(v, out)),
        _ => {}
    }
}

#[test]
fn no_tool_or_category_description_copies_the_documents_prose() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let doc = document(&shared);
    let mut texts = Vec::new();
    prose(&doc, &mut texts);
    let whole: HashSet<String> = texts.iter().map(|t| words(t).join(" ")).collect();
    let runs: HashSet<String> = texts
        .iter()
        .flat_map(|t| {
            let w = words(t);
            w.windows(COPIED_RUN).map(|run| run.join(" ")).collect::<Vec<_>>()
        })
        .collect();
    let catalog = catalog();
    let ours = catalog
        .tools
        .iter()
        .map(|t| {
            let names: HashSet<String> = t
                .params
                .iter()
                .map(|p| p.name.to_lowercase())
                .chain(catalog.item_fields(t).iter().map(|(f, _)| f.to_lowercase()))
                .collect();
            (t.name.as_str(), t.description.as_str(), names)
        })
        .chain(
            catalog
                .categories
                .iter()
                .map(|c| (c.name.as_str(), c.description.as_str(), HashSet::new())),
        );
    let mut copied = Vec::new();
    for (name, description, names) in ours {
        let w = words(description);
        if whole.contains(&w.join(" ")) {
            copied.push(format!("{name}: equals the document's words"));
        }
        let lifted = w
            .windows(COPIED_RUN)
            .filter(|run| !run.iter().all(|word| names.contains(word)))
            .map(|run| run.join(" "))
            .find(|run| runs.contains(run));
        if let Some(run) = lifted {
            copied.push(format!("{name}: \"{run}\""));
        }
    }
    assert!(
        copied.is_empty(),
        "descriptions that copy the document: {copied:#?}"
    );
}

#[test]
fn a_copied_run_of_the_documents_words_would_be_found() {
    // The check above is only as good as its matching: a sentence lifted from a summary must
    // be caught even with other case and punctuation.
    let text = "Get the List of Sites, in the org (paged)";
    let lifted = "lists: get the list of sites in THE org";
    let runs: HashSet<String> = words(text).windows(COPIED_RUN).map(|r| r.join(" ")).collect();
    assert!(
        words(lifted)
            .windows(COPIED_RUN)
            .any(|r| runs.contains(&r.join(" ")))
    );
}

#[test]
fn added_categories_follow_the_original_thirty_and_hold_the_other_reads() {
    let catalog = catalog();
    let original: Vec<_> = catalog.categories.iter().take_while(|c| !c.added).collect();
    assert_eq!(original.len(), 30);
    assert_eq!(original.iter().map(|c| c.tools.len()).sum::<usize>(), 207);
    let added: Vec<_> = catalog.categories.iter().skip(30).collect();
    assert!(
        added.iter().all(|c| c.added),
        "no original category after the added ones"
    );
    assert_eq!(
        added.iter().map(|c| c.tools.len()).sum::<usize>(),
        catalog.tools.len() - 207 + catalog.workflows.len(),
        "the added categories hold the other reads, and the workflows their own"
    );
}
