//! Micro-benchmarks of what start-up and `tools/list` cost: parsing the embedded catalog,
//! building the tool definitions, and rendering a list as the JSON sent to the client.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use mist_catalog::{CATALOG_JSON, Catalog};
use mistmcp::ToolList;
use mistmcp_engine::{CategorySet, ToolMode, ToolRegistry};
use rmcp::model::ListToolsResult;
use std::hint::black_box;
use std::sync::Arc;

fn catalog_parse(c: &mut Criterion) {
    c.bench_function("catalog/parse CATALOG_JSON", |b| {
        b.iter(|| Catalog::from_json(black_box(CATALOG_JSON)).map(|cat| cat.tools.len()))
    });
}

fn registry_build(c: &mut Criterion) {
    let catalog = mist_catalog::catalog();
    // The registry builds a tool's definition when a list first shows it: the first all-mode
    // list builds every read tool.
    c.bench_function("registry/build every read tool (first all-mode list)", |b| {
        b.iter(|| {
            ToolList::new(Arc::new(ToolRegistry::new(black_box(catalog))))
                .list(ToolMode::All, CategorySet::all(catalog))
                .len()
        })
    });
}

fn tools_list(c: &mut Criterion) {
    let catalog = mist_catalog::catalog();
    let registry = ToolList::new(Arc::new(ToolRegistry::new(catalog)));
    for (name, mode, enabled) in [
        (
            "tools/list all: list + to_vec",
            ToolMode::All,
            CategorySet::all(catalog),
        ),
        (
            "tools/list managed: list + to_vec",
            ToolMode::Managed,
            CategorySet::EMPTY,
        ),
    ] {
        c.bench_function(name, |b| {
            b.iter(|| {
                let result = ListToolsResult::with_all_items(registry.list(mode, black_box(enabled)));
                serde_json::to_vec(&result).map(|v| v.len())
            })
        });
    }
    c.bench_function("tools/list all: list only", |b| {
        b.iter(|| {
            registry
                .list(ToolMode::All, black_box(CategorySet::all(catalog)))
                .len()
        })
    });
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = catalog_parse, registry_build, tools_list
}
criterion_main!(benches);
