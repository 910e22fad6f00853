//! The generator on small hand-made inputs: what it produces and what it refuses.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use serde_json::{Value, json};
use xtask::generate::generate;
use xtask::overlay::Overlay;
use xtask::spec::Spec;

fn spec() -> Spec {
    let page_body = json!({"200": {"content": {"application/json": {"schema": {
        "type": "object",
        "properties": {
            "results": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}}}},
            "next": {"type": "string"}
        }
    }}}}});
    let array_body = json!({"200": {"content": {"application/json": {"schema": {"type": "array"}}}}});
    Spec::from_value(json!({
        "info": {"version": "9.9.9"},
        "paths": {
            "/api/v1/sites/{site_id}/things/search": {
                "parameters": [{"$ref": "#/components/parameters/site_id"}],
                "get": {
                    "operationId": "searchSiteThings",
                    "parameters": [
                        {"name": "limit", "in": "query", "schema": {"type": "integer", "default": 100}},
                        {"name": "start", "in": "query", "schema": {"type": "string"}}
                    ],
                    "responses": page_body
                }
            },
            "/api/v1/sites/{site_id}/wlans/derived": {
                "parameters": [{"$ref": "#/components/parameters/site_id"}],
                "get": {"operationId": "listSiteWlansDerived", "responses": array_body.clone()},
                "post": {"operationId": "createSiteWlan", "responses": array_body}
            }
        },
        "components": {"parameters": {
            "site_id": {"name": "site_id", "in": "path", "required": true,
                        "schema": {"type": "string", "format": "uuid"}}
        }}
    }))
    .expect("a valid small spec")
}

fn category(tools: &str) -> String {
    format!("[[category]]\nname = \"sites\"\ndescription = \"Site things.\"\n{tools}")
}

fn tool(name: &str, operation: Option<&str>) -> String {
    let operation = operation
        .map(|o| format!("operation = \"{o}\"\n"))
        .unwrap_or_default();
    format!("[[category.tool]]\nname = \"{name}\"\ntitle = \"T\"\ndescription = \"D\"\n{operation}")
}

fn run(categories: &str, params: &str) -> anyhow::Result<Value> {
    let overlay = Overlay::parse(categories, params)?;
    let catalog = generate(&spec(), &overlay)?;
    Ok(serde_json::from_str(&xtask::to_json(&catalog)?)?)
}

fn error(categories: &str, params: &str) -> String {
    format!(
        "{:#}",
        run(categories, params).expect_err("the generator must refuse")
    )
}

#[test]
fn a_renamed_operation_keeps_the_seed_name_and_gains_an_alias() {
    let overlay = category(&tool("listSiteWlanDerived", Some("listSiteWlansDerived")));
    let catalog = run(&overlay, "").unwrap();
    let wlans = &catalog["tools"][0];
    assert_eq!(wlans["name"], "listSiteWlanDerived");
    assert_eq!(wlans["aliases"], json!(["listSiteWlansDerived"]));
    assert_eq!(wlans["operation_id"], "listSiteWlansDerived");
    assert_eq!(wlans["response"], "array");
    assert_eq!(wlans["cache"], "config");
    assert_eq!(catalog["spec_version"], "9.9.9");
    assert_eq!(catalog["categories"][0]["tools"], json!(["listSiteWlanDerived"]));
}

#[test]
fn a_search_gets_its_params_pagination_and_words() {
    let params = "[shared]\nstart = \"Window start\"\n";
    let catalog = run(&category(&tool("searchSiteThings", None)), params).unwrap();
    let search = &catalog["tools"][0];
    assert!(
        search.get("aliases").is_none(),
        "no alias when the name is current"
    );
    assert_eq!(search["method"], "GET");
    assert_eq!(search["pagination"], "search");
    assert_eq!(search["cache"], "volatile");
    assert_eq!(
        search["params"][0],
        json!({"name": "site_id", "in": "path", "required": true, "type": "string", "format": "uuid"})
    );
    assert_eq!(search["params"][2]["description"], "Window start");
}

#[test]
fn the_output_has_one_line_per_entry_and_a_trailing_newline() {
    let overlay = Overlay::parse(&category(&tool("searchSiteThings", None)), "").unwrap();
    let text = xtask::to_json(&generate(&spec(), &overlay).unwrap()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[..3],
        ["{", " \"spec_version\": \"9.9.9\",", " \"categories\": ["]
    );
    assert!(lines[3].starts_with("  {\"name\":\"sites\","), "{}", lines[3]);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("  {\"name\":\"searchSiteThings\","))
    );
    assert!(lines.contains(&"  \"searchSiteThings\": \"id:string\""));
    assert!(text.ends_with(" }\n}\n") && !text.ends_with("\n\n"));
    let parsed = mist_catalog::Catalog::from_json(&text).unwrap();
    assert_eq!(parsed.tools.len(), 1);
}

#[test]
fn an_unknown_operation_is_refused_with_a_hint() {
    let message = error(&category(&tool("listSiteWlanDerived", None)), "");
    assert!(message.contains("listSiteWlanDerived"), "{message}");
    assert!(message.contains("set `operation`"), "{message}");
}

#[test]
fn a_non_get_operation_is_refused() {
    let message = error(&category(&tool("createSiteWlan", None)), "");
    assert!(message.contains("POST"), "{message}");
}

#[test]
fn duplicate_tools_and_categories_are_refused() {
    let twice = category(&format!(
        "{}{}",
        tool("searchSiteThings", None),
        tool("searchSiteThings", None)
    ));
    assert!(error(&twice, "").contains("used twice"));
    let alias_clash = category(&format!(
        "{}{}",
        tool("listSiteWlansDerived", None),
        tool("listSiteWlanDerived", Some("listSiteWlansDerived"))
    ));
    assert!(error(&alias_clash, "").contains("used twice"));
    let one = category(&tool("searchSiteThings", None));
    let two_categories = format!("{one}\n{one}");
    assert!(error(&two_categories, "").contains("appears twice"));
}

#[test]
fn stale_parameter_words_are_refused() {
    let overlay = category(&tool("searchSiteThings", None));
    assert!(error(&overlay, "[shared]\nstrat = \"typo\"\n").contains("strat"));
    let wrong_tool = "[tools.nothing]\nstart = \"x\"\n";
    assert!(error(&overlay, wrong_tool).contains("nothing"));
    let wrong_param = "[tools.searchSiteThings]\nend = \"x\"\n";
    assert!(error(&overlay, wrong_param).contains("end"));
}

#[test]
fn empty_words_are_refused() {
    let no_title = category(&tool("searchSiteThings", None)).replace("title = \"T\"", "title = \" \"");
    assert!(error(&no_title, "").contains("title"));
    let no_tools = category("");
    assert!(error(&no_tools, "").contains("no tools"));
}

#[test]
fn a_missing_spec_file_says_where_it_looked_and_what_to_do() {
    let missing = std::path::Path::new("/nonexistent/mist.openapi.json");
    let message = format!("{:#}", Spec::load(missing).err().expect("loading must fail"));
    assert!(message.contains("/nonexistent/mist.openapi.json"), "{message}");
    assert!(message.contains("--spec"), "{message}");
}

fn added(tools: &str, words: &str) -> String {
    format!("[[category]]\nname = \"more\"\ndescription = \"More things.\"\ntools = [{tools}]\n{words}")
}

fn run_added(added_text: &str) -> anyhow::Result<Value> {
    let overlay = Overlay::parse(&category(&tool("searchSiteThings", None)), "")?.with_added(added_text)?;
    let catalog = generate(&spec(), &overlay)?;
    Ok(serde_json::from_str(&xtask::to_json(&catalog)?)?)
}

#[test]
fn tools_of_added_categories_get_composed_words_and_their_items_shape() {
    let catalog = run_added(&added("\"listSiteWlansDerived\"", "")).unwrap();
    let more = &catalog["categories"][1];
    assert_eq!(more["added"], true);
    assert!(catalog["categories"][0].get("added").is_none());
    let wlans = &catalog["tools"][1];
    assert_eq!(wlans["title"], "List site WLANs derived");
    assert_eq!(wlans["description"], "Lists WLANs derived in a site.");
    let search = &catalog["tools"][0];
    assert_eq!(search["item"], "searchSiteThings");
    assert_eq!(search["item_in_results"], true);
    assert_eq!(catalog["shapes"]["searchSiteThings"], "id:string");
}

#[test]
fn hand_written_words_replace_composed_ones_and_stray_words_are_refused() {
    let words =
        "[words.listSiteWlansDerived]\ntitle = \"Derived WLANs\"\ndescription = \"What the site gets.\"\n";
    let catalog = run_added(&added("\"listSiteWlansDerived\"", words)).unwrap();
    assert_eq!(catalog["tools"][1]["title"], "Derived WLANs");
    assert_eq!(catalog["tools"][1]["description"], "What the site gets.");
    let stray = words.replace("words.listSiteWlansDerived", "words.nothing");
    let message = format!(
        "{:#}",
        run_added(&added("\"listSiteWlansDerived\"", &stray)).unwrap_err()
    );
    assert!(message.contains("nothing"), "{message}");
}
