//! Micro-benchmarks of one tool call's own work: checking arguments, building the Mist
//! request, and shaping a 100-device answer into what is sent back.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod common;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use mist_catalog::ToolDef;
use mistmcp::answer_of;
use mistmcp_engine::{args, controls, envelope, request, shape};
use serde_json::{Map, Value, json};
use std::hint::black_box;

fn tool(name: &str) -> &'static ToolDef {
    mist_catalog::catalog()
        .tool(name)
        .expect("the catalog has this tool")
}

fn object(value: Value) -> Map<String, Value> {
    value.as_object().cloned().expect("an object")
}

const ORG: &str = "6f4bb2a1-3c5d-4e8f-9a01-2b3c4d5e6f70";

fn validation_and_request(c: &mut Criterion) {
    let get_org = tool("getOrg");
    let search = tool("searchOrgDevices");
    let org_args = object(json!({"org_id": ORG}));
    let search_args =
        object(json!({"org_id": ORG, "type": "ap", "hostname": "ap-1*", "limit": "100", "duration": "1d"}));
    c.bench_function("args::check getOrg", |b| {
        b.iter(|| args::check(get_org, Some(black_box(&org_args)), &[]))
    });
    c.bench_function("args::check searchOrgDevices (5 args)", |b| {
        b.iter(|| args::check(search, Some(black_box(&search_args)), controls::names(search)))
    });
    let checked = args::check(search, Some(&search_args), controls::names(search)).expect("valid arguments");
    c.bench_function("request::path_and_query searchOrgDevices", |b| {
        b.iter(|| request::path_and_query(search, black_box(&checked)))
    });
}

/// A Mist-like search answer of 100 devices with the empty fields Mist sends.
fn device_search_body() -> Vec<u8> {
    let results: Vec<Value> = (0..100)
        .map(|i| {
            json!({
                "mac": format!("5c5b35{i:06x}"), "id": format!("00000000-0000-0000-1000-5c5b35{i:06x}"),
                "name": format!("ap-{i}"), "hostname": format!("ap-{i}"), "model": "AP45", "type": "ap",
                "site_id": "8a9b0c1d-2e3f-4a5b-8c7d-9e0f1a2b3c4d", "org_id": ORG, "serial": format!("A0{i:08}"),
                "version": "0.14.29313", "ip": format!("10.0.{}.{}", i / 250, i % 250 + 2), "ext_ip": "203.0.113.7",
                "uptime": 86_400 + i, "last_seen": 1_760_000_000 + i, "num_clients": i % 17,
                "band_24_channel": 6, "band_5_channel": 36 + 4 * (i % 8), "band_24_power": 9, "band_5_power": 15,
                "lldp_system_name": "sw-core-1", "lldp_port_id": format!("ge-0/0/{i}"), "notes": "", "tags": [],
                "mxedge_ids": [], "evpntopo_id": null, "vars": {}, "power_constrained": false,
                "radio_stats": {"band_24": {"util": i % 40, "noise": -92}, "band_5": {"util": i % 60, "noise": -95}}
            })
        })
        .collect();
    let body = json!({"results": results, "limit": 100, "start": 1_759_913_600, "end": 1_760_000_000, "total": 105,
                      "next": "/api/v1/orgs/x/devices/search?limit=100&search_after=abc"});
    serde_json::to_vec(&body).expect("serializable")
}

fn shaping(c: &mut Criterion) {
    let body = device_search_body();
    let parsed: Value = serde_json::from_slice(&body).expect("valid JSON");
    let mut stripped = parsed.clone();
    shape::strip_empty(&mut stripped);
    c.bench_function("shape: parse 100-device body", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(&body)).map(|v| v.is_object()))
    });
    c.bench_function(
        "lean: parse 100-device body, empty fields dropped on the way",
        |b| b.iter(|| mist_client::lean::from_slice(black_box(&body)).map(|v| v.is_object())),
    );
    c.bench_function("shape: strip_empty 100 devices", |b| {
        b.iter_batched(
            || parsed.clone(),
            // The value is handed back so its drop is not timed.
            |mut v| {
                shape::strip_empty(&mut v);
                v
            },
            BatchSize::SmallInput,
        )
    });
    c.bench_function("shape: json_len 100 devices", |b| {
        b.iter(|| shape::json_len(black_box(&stripped)))
    });
    c.bench_function("result::success + to_vec 100 devices", |b| {
        b.iter_batched(
            || {
                envelope::envelope(
                    stripped.clone(),
                    Some(json!({"returned": 100, "has_more": true})),
                    Vec::new(),
                )
            },
            |env| {
                let result = answer_of(env);
                let bytes = serde_json::to_vec(&result);
                (result, bytes)
            },
            BatchSize::SmallInput,
        )
    });
    // The whole of a call's own work on a ~64 KB answer, from Mist's bytes to the result the
    // transport serializes: what a tool call adds on top of the HTTP round trip.
    c.bench_function("answer: 100-device body (64 KB) to tool result", |b| {
        b.iter(|| {
            // The client's check is the one parse, empty fields dropped on the way; the
            // executor takes its value, measures it once, and fits it with that size.
            let mut v: Value = mist_client::parse_lean(black_box(&body)).unwrap_or(Value::Null);
            let len = shape::json_len(&v);
            let fit = shape::fit_measured(&mut v, 99 * 1024, len);
            let env = envelope::envelope(v, Some(json!({"returned": 100, "has_more": true})), Vec::new());
            let result = answer_of(env);
            let bytes = serde_json::to_vec(&result);
            (fit, bytes.map(|b| b.len()))
        })
    });
    // The same work as the call path did it before: parse, strip in a second walk, measure
    // the page, then measure it again to fit it.
    c.bench_function(
        "answer: 100-device body (64 KB) to tool result, parse then strip",
        |b| {
            b.iter(|| {
                let mut v: Value = mist_client::parse_json(black_box(&body)).unwrap_or(Value::Null);
                shape::strip_empty(&mut v);
                let len = shape::json_len(&v);
                let fit = shape::fit(&mut v, 99 * 1024);
                let env = envelope::envelope(v, Some(json!({"returned": 100, "has_more": true})), Vec::new());
                let result = answer_of(env);
                let bytes = serde_json::to_vec(&result);
                (len, fit, bytes.map(|b| b.len()))
            })
        },
    );
    c.bench_function(
        "answer: 100-device body (64 KB) with fields=name,type,model,ip,version",
        |b| {
            let fields = mistmcp_engine::fields::Fields::parse(&json!("name,type,model,ip,version"))
                .unwrap_or_default();
            b.iter(|| {
                let mut v: Value = mist_client::parse_lean(black_box(&body)).unwrap_or(Value::Null);
                let note = fields.select(&mut v);
                let fit = shape::fit(&mut v, 99 * 1024);
                let env = envelope::envelope(v, Some(json!({"returned": 100, "has_more": true})), Vec::new());
                let result = answer_of(env);
                let bytes = serde_json::to_vec(&result);
                (note, fit, bytes.map(|b| b.len()))
            })
        },
    );
    c.bench_function("compact::render 100 devices", |b| {
        let env = envelope::envelope(stripped.clone(), None, Vec::new());
        b.iter(|| mistmcp_engine::compact::render(black_box(&env)).len())
    });
    // What reading the body costs without building a tree: the rest of a parse's time is
    // the tree's allocations.
    c.bench_function("serde_json: tokenize 100-device body, no tree (baseline)", |b| {
        b.iter(|| serde_json::from_slice::<serde::de::IgnoredAny>(black_box(&body)).is_ok())
    });
    // The least any MCP server does with a 64 KB JSON answer: check that it is JSON and write
    // it, escaped, as one text block. No tree, no shaping, no structured content.
    let text = String::from_utf8_lossy(&body).into_owned();
    c.bench_function(
        "floor: check the body and write it as one escaped text block",
        |b| {
            b.iter(|| {
                let checked = serde_json::from_slice::<serde::de::IgnoredAny>(black_box(&body)).is_ok();
                serde_json::to_vec(black_box(&text)).map(|t| (checked, t.len()))
            })
        },
    );
    // What the tree alone costs: a copy of the parsed answer makes every allocation a parse
    // makes, without reading a byte. rmcp takes structured content only as such a tree.
    c.bench_function("floor: copy the parsed 100-device tree (allocations only)", |b| {
        // The copy's drop is left out of the time.
        b.iter_with_large_drop(|| black_box(&parsed).clone())
    });
    c.bench_function("serde_json round trip 100 devices (baseline)", |b| {
        b.iter(|| {
            let v: Value = serde_json::from_slice(black_box(&body)).unwrap_or(Value::Null);
            serde_json::to_vec(&v).map(|t| t.len())
        })
    });
}

criterion_group! {
    name = benches;
    config = common::config();
    targets = validation_and_request, shaping
}
criterion_main!(benches);
