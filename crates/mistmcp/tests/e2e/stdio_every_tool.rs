//! Every one of the catalog's tools, called once through the real binary against the simulator
//! (but the few the simulator does not answer yet, which mist-sim lists and its own test holds
//! to that list).

use crate::harness::stdio::*;
use serde_json::Value;

#[tokio::test]
async fn every_catalog_tool_succeeds_with_its_required_arguments() {
    let sim = sim().await;
    let client = Launch::against(&sim).arg("--mode").arg("all").connect().await;
    let catalog = mist_catalog::catalog();
    let mut failures = Vec::new();
    let answered: Vec<_> = catalog
        .tools
        .iter()
        .filter(|t| !mist_sim::is_unanswered(&t.name))
        .collect();
    for tool in answered.iter().copied() {
        let args = sim.sample_args(tool);
        let result = call(&client, &tool.name, Value::Object(args.clone())).await;
        if is_error(&result) {
            failures.push(format!("{} {:?}: {}", tool.name, args, text_of(&result)));
            continue;
        }
        let body = data(&result);
        let kind_ok = match tool.response {
            mist_catalog::ResponseKind::Array => body.is_array(),
            mist_catalog::ResponseKind::Object => body.is_object(),
            mist_catalog::ResponseKind::Text => body.is_string(),
        };
        if !kind_ok {
            failures.push(format!(
                "{}: answer is not of kind {:?}",
                tool.name, tool.response
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} tools failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(sim.stats().total >= answered.len() as u64);
    client.cancel().await.ok();
}
