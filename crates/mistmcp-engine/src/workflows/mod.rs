//! Workflow tools: read-only tools that answer a common question with several Mist reads in
//! one call, so a model spends one round trip where it would spend four or five.
//!
//! They are catalog tools of their own kind ([`mist_catalog::ToolKind::Workflow`], category
//! `workflows`), so listing, search, description, modes and `callMistTool` treat them like any
//! read. Running one is the only difference: [`run`] checks its arguments like any tool's, then
//! the workflow makes its reads through `reads::Reads`, each one a whole catalog call
//! ([`Executor::answer_operation`]: argument checks, path guard, cache, budget, retries), the
//! independent ones at once. The answer is compact (counts, top items, flattened rows), lists
//! every Mist call made in `calls`, and a failed read leaves its part out with a note instead
//! of failing the whole call.

mod entity_rows;
mod find_entity;
mod parts;
mod reads;
mod site_health;
mod site_map;
mod sle;

use crate::executor::args::CheckedArgs;
use crate::executor::controls;
use crate::executor::{CallError, CallOptions, Executor, Target, envelope};
use mist_catalog::ToolDef;
use reads::Reads;
use serde_json::{Map, Value};

/// The site health overview.
pub(crate) const SITE_HEALTH: &str = "getSiteHealth";
/// Resolving a name, MAC, IP or serial to sites, devices and clients.
pub(crate) const FIND_ENTITY: &str = "findMistEntity";
/// A site's floor plan with its APs placed on it.
pub(crate) const SITE_MAP: &str = "showSiteMap";

/// Runs the workflow `tool`: its arguments checked as any tool's, its reads made, its answer
/// in the usual envelope `{data, notes?}` with `data.calls` listing the Mist calls made.
pub(crate) async fn run(
    executor: &Executor,
    tool: &'static ToolDef,
    arguments: Option<&Map<String, Value>>,
    target: &Target,
    options: &CallOptions,
) -> Result<Map<String, Value>, CallError> {
    let (controls, checked) = controls::check_call(tool, arguments)?;
    let reads = Reads::new(executor, target, options);
    let (parts, mut notes) = match tool.name.as_str() {
        SITE_HEALTH => site_health::answer(&reads, &checked).await,
        FIND_ENTITY => find_entity::answer(&reads, &checked).await,
        SITE_MAP => site_map::answer(&reads, &checked).await,
        other => {
            return Err(CallError::Usage(format!(
                "{other} is a workflow this server version does not run"
            )));
        }
    };
    let mut data = Value::Object(parts);
    if let Some(note) = controls.fields.select(&mut data) {
        notes.push(note);
    }
    let (calls, failed) = reads.finish();
    if let Value::Object(map) = &mut data {
        // Always kept, whatever `fields` asked: the calls are the answer's provenance.
        map.insert("calls".into(), calls);
    }
    notes.splice(0..0, failed);
    Ok(envelope::envelope(data, None, notes))
}

/// The text of argument `name`, as checked (path or query).
fn arg<'a>(checked: &'a CheckedArgs, name: &str) -> Option<&'a str> {
    checked
        .path
        .iter()
        .chain(&checked.query)
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.as_str())
}

/// A whole-number argument, or `default` when absent (the checks have bounded it).
fn number_arg(checked: &CheckedArgs, name: &str, default: usize) -> usize {
    arg(checked, name).and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The named fields of `item`, those it has.
pub(super) fn keep(item: &Value, fields: &[&str]) -> Value {
    let kept: Map<String, Value> = fields
        .iter()
        .filter_map(|f| Some(((*f).to_owned(), item.get(*f)?.clone())))
        .collect();
    Value::Object(kept)
}
