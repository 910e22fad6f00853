//! Arbitrary argument values for tools with path parameters: validation never panics, its
//! errors stay short, and a request that is built is the operation's path template filled
//! in, segment for segment, as the HTTP client will resolve it (no value walks or splits it).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mist_catalog::{Location, ToolDef};
use mistmcp_engine::{args, request};
use percent_encoding::percent_decode_str;
use serde_json::{Map, Value};
use std::sync::OnceLock;

fn tools() -> &'static [&'static ToolDef] {
    static TOOLS: OnceLock<Vec<&'static ToolDef>> = OnceLock::new();
    TOOLS.get_or_init(|| {
        mist_catalog::catalog()
            .tools
            .iter()
            .filter(|t| t.path_params().next().is_some())
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let tool = tools()[pick as usize % tools().len()];
    // Values for the parameters in order, separated by NUL; a value that is JSON is used as
    // JSON, so numbers, lists and objects reach validation too.
    let mut arguments = Map::new();
    let mut values = rest.split(|b| *b == 0);
    for param in tool.path_params().chain(tool.query_params()) {
        let Some(raw) = values.next() else { break };
        let text = String::from_utf8_lossy(raw).into_owned();
        let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        arguments.insert(param.name.clone(), value);
    }
    let checked = match args::check(tool, Some(&arguments), &[]) {
        Ok(checked) => checked,
        Err(e) => {
            assert!(e.to_string().len() < 4096, "error of {} bytes", e.to_string().len());
            return;
        }
    };
    let Ok(built) = request::build(tool, &checked) else { return };
    assert_same_shape(tool, &built);
});

fn assert_same_shape(tool: &ToolDef, built: &str) {
    let url = url::Url::parse(&format!("http://mist.invalid{built}")).expect("the request parses");
    let want: Vec<&str> = tool.path.split('/').collect();
    let got: Vec<&str> = url.path().split('/').collect();
    assert_eq!(want.len(), got.len(), "{} -> {}", tool.path, url.path());
    for (w, g) in want.iter().zip(&got) {
        if w.starts_with('{') {
            let decoded = percent_decode_str(g).decode_utf8_lossy();
            assert!(!g.is_empty() && decoded != "." && decoded != "..", "{w} = {g}");
            assert!(!decoded.contains('/'), "{w} = {g}");
            let name = &w[1..w.len() - 1];
            assert!(tool.param(name).is_some_and(|p| p.location == Location::Path));
        } else {
            assert_eq!(w, g);
        }
    }
    assert!(url.fragment().is_none());
}
