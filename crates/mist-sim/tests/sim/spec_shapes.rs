//! Every read answer of the simulator validates against the 200 response schema the Mist
//! OpenAPI document declares for its operation (draft 2020-12, references resolved), with the
//! spec's listed defects patched and the real cloud's known quirks that the spec forbids
//! (`mist_sim::QUIRKS`) set aside: each of those is counted under its name, and must be met.
//! Skipped quietly when the spec is not checked out.
//!
//! Run with `--nocapture` to see the shares valid as written and with patches, and the share of
//! declared fields the answers fill.

use crate::support;

use crate::support::spec::SpecSchemas;
use mist_catalog::{Location, ToolDef};
use mist_sim::RunningSim;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Tally of one run over many operations.
#[derive(Default)]
struct Tally {
    checked: usize,
    valid_written: usize,
    /// Valid as written once the known quirks the spec forbids are set aside.
    valid_written_but_quirks: usize,
    valid_patched: usize,
    filled: usize,
    declared: usize,
    failures: Vec<String>,
    /// Operations valid only once the spec's listed defects are patched.
    need_patches: Vec<String>,
    /// The known quirks the spec forbids: how many records carried each, by name.
    quirks: BTreeMap<&'static str, usize>,
}

impl Tally {
    /// Validates `body`, the answer of `op`: as written, and with the spec's listed defects
    /// patched, the known quirks the spec forbids set aside (and counted) first.
    fn record(&mut self, written: &SpecSchemas, patched: &SpecSchemas, op: &str, body: &Value) {
        let (Some(vw), Some(vp)) = (written.validator(op), patched.validator(op)) else {
            return;
        };
        self.checked += 1;
        let mut plain = body.clone();
        for (name, n) in support::spec::set_aside_quirks(op, &mut plain) {
            *self.quirks.entry(name).or_default() += n;
        }
        if vw.is_valid(body) {
            self.valid_written += 1;
        } else if vw.is_valid(&plain) {
            self.valid_written_but_quirks += 1;
        } else {
            self.need_patches.push(op.to_string());
        }
        let problems = SpecSchemas::problems(&vp, &plain);
        if problems.is_empty() {
            self.valid_patched += 1;
        } else {
            self.failures
                .push(format!("{op}:\n    {}", problems.join("\n    ")));
        }
        let (f, d) = patched.coverage(op, body);
        self.filled += f;
        self.declared += d;
    }

    fn report(&self, what: &str) {
        let pct = |n: usize, d: usize| if d == 0 { 0.0 } else { 100.0 * n as f64 / d as f64 };
        let aside = self.valid_written + self.valid_written_but_quirks;
        eprintln!(
            "{what}: {} bodies checked; valid as written {} ({:.1} %), {} ({:.1} %) with the known \
             quirks set aside; with patches {} ({:.1} %); declared fields filled {:.1} %",
            self.checked,
            self.valid_written,
            pct(self.valid_written, self.checked),
            aside,
            pct(aside, self.checked),
            self.valid_patched,
            pct(self.valid_patched, self.checked),
            pct(self.filled, self.declared),
        );
        eprintln!("valid only with the patches: {}", self.need_patches.join(", "));
        for (name, n) in &self.quirks {
            eprintln!("known quirk the spec forbids, set aside: {name} ({n} records)");
        }
    }

    fn assert_all_valid(&self) {
        assert!(
            self.failures.is_empty(),
            "{} of {} bodies do not validate:\n{}",
            self.failures.len(),
            self.checked,
            self.failures.join("\n")
        );
    }

    /// Each quirk the spec forbids was met: the exceptions are real, not a list that rots.
    fn assert_every_forbidden_quirk_met(&self) {
        for q in mist_sim::QUIRKS.iter().filter(|q| q.forbidden_value.is_some()) {
            assert!(
                self.quirks.get(q.name).is_some_and(|n| *n > 0),
                "the quirk '{}' ({}) was in no answer",
                q.name,
                q.made
            );
        }
    }
}

fn schemas() -> Option<(SpecSchemas, SpecSchemas)> {
    let shared = support::spec::shared_dir()?;
    Some((
        SpecSchemas::load(&shared, false),
        SpecSchemas::load(&shared, true),
    ))
}

#[tokio::test]
async fn the_shape_engine_generates_a_valid_body_for_every_get_operation_of_the_spec() {
    let Some((written, patched)) = schemas() else {
        return;
    };
    let sim = support::start(support::config()).await;
    let spec_ops: BTreeSet<&str> = patched.pointers.keys().map(String::as_str).collect();
    let shaped: BTreeSet<&str> = mist_sim::shaped_operation_ids().into_iter().collect();
    assert_eq!(
        spec_ops, shaped,
        "the embedded shapes cover exactly the spec's GET operations"
    );
    let mut tally = Tally::default();
    for op in &spec_ops {
        match (sim.world().generated_body(op), &patched.pointers[*op]) {
            (Some(body), Some(_)) => tally.record(&written, &patched, op, &body),
            (None, None) => {}
            (got, want) => panic!("{op}: body {got:?} but schema {want:?}"),
        }
    }
    tally.report("generated bodies, all spec GET operations");
    assert_eq!(
        tally.checked,
        spec_ops.len() - 3,
        "three operations declare no JSON body"
    );
    tally.assert_all_valid();
}

/// The scope (`org`/`site`/`self`/`other`) and collection a path reads: `/orgs/{org_id}/ssr/upgrade` ->
/// `org:ssr/upgrade`. With `upto`, the collection a placeholder's id belongs to
/// (`/sites/{site_id}/ssr/upgrade/{upgrade_id}` up to `upgrade_id` -> `site:ssr/upgrade`).
fn collection(path: &str, upto: Option<&str>) -> String {
    let (scope, skip) = if path.starts_with("/api/v1/sites/") {
        ("site", 5)
    } else if path.starts_with("/api/v1/orgs/") {
        ("org", 5)
    } else if path.starts_with("/api/v1/self/") {
        ("self", 4)
    } else {
        ("other", 3)
    };
    let mut segs: Vec<&str> = Vec::new();
    for seg in path.split('/').skip(skip) {
        if upto.is_some_and(|p| seg == format!("{{{p}}}")) {
            break;
        }
        segs.push(seg);
    }
    if upto.is_none() && matches!(segs.last(), Some(&"search" | &"derived")) {
        segs.pop();
    }
    format!("{scope}:{}", segs.join("/"))
}

/// Ids of the records an answer lists (a list body or a search's `results`).
fn listed_ids(body: &Value) -> Vec<String> {
    let records = match body {
        Value::Array(a) => a,
        Value::Object(m) => match m.get("results") {
            Some(Value::Array(a)) => a,
            _ => return Vec::new(),
        },
        _ => return Vec::new(),
    };
    records
        .iter()
        .filter_map(|r| r.get("id")?.as_str().map(str::to_string))
        .collect()
}

/// The request path for `tool`: ids learned from earlier list answers where the placeholder
/// names a listed collection, the simulator's sample arguments elsewhere.
fn path_for(sim: &RunningSim, tool: &ToolDef, learned: &BTreeMap<String, String>) -> (String, usize) {
    let mut path = sim.sample_path(tool);
    let mut used = 0;
    for p in tool.params.iter().filter(|p| p.location == Location::Path) {
        if !p.name.ends_with("_id") || matches!(p.name.as_str(), "org_id" | "site_id") {
            continue;
        }
        // A site's object is looked up among that site's records: ids come from lists of the
        // same scope and collection.
        let id = learned.get(&collection(&tool.path, Some(&p.name)));
        if let (Some(id), Some(sample)) = (id, sim.sample_args(tool).get(&p.name))
            && let Some(sample) = sample.as_str()
        {
            path = path.replacen(sample, id, 1);
            used += 1;
        }
    }
    (path, used)
}

/// A tool's answer: refused (its status and body), or 200 and JSON (its body) or not.
enum Answer {
    Refused(String),
    Json(Value),
    NotJson,
}

async fn answer(sim: &RunningSim, tool: &ToolDef, path: &str) -> Answer {
    let resp = support::get(sim, path).await;
    let status = resp.status();
    let is_json = resp
        .headers()
        .get("content-type")
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    let bytes = resp.bytes().await.expect("body arrives");
    if status != 200 {
        let body = String::from_utf8_lossy(&bytes);
        return Answer::Refused(format!("{} {path}: {status} {body}", tool.name));
    }
    if !is_json {
        return Answer::NotJson;
    }
    Answer::Json(serde_json::from_slice(&bytes).expect("a JSON answer parses"))
}

#[tokio::test]
async fn every_catalog_read_answer_over_http_validates_against_the_spec() {
    let Some((written, patched)) = schemas() else {
        return;
    };
    let sim = support::start(support::config()).await;
    let tools: Vec<&ToolDef> = mist_catalog::catalog()
        .tools
        .iter()
        .filter(|t| t.method == mist_catalog::Method::Get && !mist_sim::is_unanswered(&t.name))
        .collect();
    // Lists first, so the tools that take an id get one a list answered.
    let (lists, by_id): (Vec<&ToolDef>, Vec<&ToolDef>) = tools.iter().partition(|t| {
        t.path_params()
            .all(|p| matches!(p.name.as_str(), "org_id" | "site_id"))
    });
    let (mut learned, none_learned) = (BTreeMap::new(), BTreeMap::new());
    let (mut tally, mut chained, mut refused) = (Tally::default(), 0, Vec::new());
    for tool in lists.iter().chain(by_id.iter()) {
        // Tools that do not find the ids another tool lists yet are called with ids they know.
        let unchained = mist_sim::UNCHAINED.contains(&tool.name.as_str());
        let (path, used) = path_for(&sim, tool, if unchained { &none_learned } else { &learned });
        let body = match answer(&sim, tool, &path).await {
            Answer::Refused(why) => {
                refused.push(why);
                continue;
            }
            Answer::NotJson => {
                chained += used;
                continue;
            }
            Answer::Json(body) => body,
        };
        chained += used;
        if let Some(id) = listed_ids(&body).into_iter().next() {
            learned.entry(collection(&tool.path, None)).or_insert(id);
        }
        tally.record(&written, &patched, &tool.operation_id, &body);
    }
    // An org API token's /self names no person, and is still what the spec declares.
    let org_self = support::get_with(&sim, Some(mist_sim::ORG_TOKEN), "/api/v1/self").await;
    assert_eq!(org_self.status(), 200, "the org token's /self answers");
    tally.record(
        &written,
        &patched,
        "getSelf",
        &org_self.json().await.expect("JSON"),
    );
    tally.report("routed answers, catalog GET tools");
    eprintln!("ids learned from list answers and accepted by other tools: {chained}");
    assert!(refused.is_empty(), "refused:\n{}", refused.join("\n"));
    assert!(chained > 0, "some tool took an id a list answered");
    tally.assert_all_valid();
    tally.assert_every_forbidden_quirk_met();
}
