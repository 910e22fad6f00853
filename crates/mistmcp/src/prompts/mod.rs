//! MCP prompts: ready-made workflows for the jobs network engineers do most.
//!
//! Each prompt is data (the `workflows` module): its arguments and an ordered list of steps, each
//! naming a catalog tool, the arguments to pass and what to look at in the answer. Rendering
//! turns that into one user message and adds which categories to enable in managed mode, read
//! from the catalog so it cannot drift from where the tools live.

mod workflows;

use mist_catalog::Catalog;
use mist_client::echo::clip;
use rmcp::model::{GetPromptResult, Prompt, PromptArgument, PromptMessage, Role};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// One argument a prompt takes.
pub(crate) struct ArgDef {
    pub name: &'static str,
    pub description: &'static str,
    /// The value used when the caller leaves an optional argument out.
    pub default: Option<&'static str>,
}

impl ArgDef {
    fn required(&self) -> bool {
        self.default.is_none()
    }
}

/// One tool call of a workflow: which tool, with which arguments (values may hold `{arg}`
/// placeholders), and what to read in its answer.
pub(crate) struct Step {
    pub tool: &'static str,
    pub args: &'static [(&'static str, &'static str)],
    pub look: &'static str,
}

/// One prompt: its name, what it is for, its arguments and its steps.
pub(crate) struct PromptDef {
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub args: &'static [ArgDef],
    /// What the model is asked to do, before the steps.
    pub goal: &'static str,
    pub steps: &'static [Step],
    /// How to present the result, after the steps.
    pub report: &'static str,
}

/// Longest argument value accepted: names, MACs, ids and durations are all far shorter.
const MAX_VALUE_LEN: usize = 200;

/// Why a `prompts/get` cannot be answered; each message names the argument and the fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum PromptError {
    #[error("unknown prompt '{0}'; prompts/list gives the available prompts: {1}")]
    Unknown(String, String),
    #[error("prompt '{prompt}' needs argument '{arg}': {description}")]
    Missing {
        prompt: &'static str,
        arg: &'static str,
        description: &'static str,
    },
    #[error("prompt '{prompt}' has no argument '{arg}'; its arguments are: {known}")]
    Unexpected {
        prompt: &'static str,
        arg: String,
        known: String,
    },
    #[error("argument '{0}' must be one line of text of at most {MAX_VALUE_LEN} characters")]
    BadValue(String),
}

/// Every prompt, for `prompts/list`.
pub(crate) fn list() -> Vec<Prompt> {
    workflows::ALL.iter().map(describe).collect()
}

fn describe(def: &PromptDef) -> Prompt {
    let args = def
        .args
        .iter()
        .map(|a| {
            let description = match a.default {
                Some(d) => format!("{} (default: {d})", a.description),
                None => a.description.to_owned(),
            };
            PromptArgument::new(a.name)
                .with_description(description)
                .with_required(a.required())
        })
        .collect();
    Prompt::new(def.name, Some(def.description), Some(args)).with_title(def.title)
}

/// One prompt filled with the caller's arguments, for `prompts/get`.
pub(crate) fn get(
    catalog: &Catalog,
    name: &str,
    arguments: Option<&Map<String, Value>>,
) -> Result<GetPromptResult, PromptError> {
    let Some(def) = workflows::ALL.iter().find(|p| p.name == name) else {
        let names: Vec<&str> = workflows::ALL.iter().map(|p| p.name).collect();
        // The name is the caller's: it is quoted bounded, as every echo is.
        return Err(PromptError::Unknown(clip(name).to_string(), names.join(", ")));
    };
    let values = bind(def, arguments)?;
    let text = render(catalog, def, &values);
    Ok(
        GetPromptResult::new(vec![PromptMessage::new_text(Role::User, text)])
            .with_description(def.description),
    )
}

/// The caller's arguments checked against the prompt's, with defaults filled in.
fn bind(
    def: &PromptDef,
    arguments: Option<&Map<String, Value>>,
) -> Result<Vec<(&'static str, String)>, PromptError> {
    let empty = Map::new();
    let given = arguments.unwrap_or(&empty);
    if let Some(extra) = given
        .keys()
        .find(|k| !def.args.iter().any(|a| a.name == k.as_str()))
    {
        return Err(PromptError::Unexpected {
            prompt: def.name,
            arg: clip(extra).to_string(),
            known: def.args.iter().map(|a| a.name).collect::<Vec<_>>().join(", "),
        });
    }
    let mut values = Vec::with_capacity(def.args.len());
    for arg in def.args {
        let text = match given.get(arg.name) {
            Some(Value::String(s)) => s.trim().to_owned(),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        };
        if text.len() > MAX_VALUE_LEN || text.contains(['\n', '\r']) {
            return Err(PromptError::BadValue(arg.name.to_owned()));
        }
        let value = match (text.is_empty(), arg.default) {
            (false, _) => text,
            (true, Some(default)) => default.to_owned(),
            (true, None) => {
                return Err(PromptError::Missing {
                    prompt: def.name,
                    arg: arg.name,
                    description: arg.description,
                });
            }
        };
        values.push((arg.name, value));
    }
    Ok(values)
}

fn fill(template: &str, values: &[(&str, String)]) -> String {
    values.iter().fold(template.to_owned(), |text, (name, value)| {
        text.replace(&format!("{{{name}}}"), value)
    })
}

fn render(catalog: &Catalog, def: &PromptDef, values: &[(&str, String)]) -> String {
    let mut text = fill(def.goal, values);
    text.push_str("\n\nUse the Mist tools in this order:\n");
    for (i, step) in def.steps.iter().enumerate() {
        let args: Vec<String> = step
            .args
            .iter()
            .map(|(name, value)| format!("{name}={}", fill(value, values)))
            .collect();
        text.push_str(&format!(
            "{}. `{}` ({}): {}\n",
            i + 1,
            step.tool,
            args.join(", "),
            fill(step.look, values)
        ));
    }
    let categories: BTreeSet<&str> = def
        .steps
        .iter()
        .filter_map(|s| catalog.tool(s.tool).map(|t| t.category.as_str()))
        .collect();
    let enable = Value::from(categories.into_iter().collect::<Vec<_>>());
    text.push_str(&format!(
        "\nIf some of these tools are not in your tool list (managed mode), enable their categories \
         first with `manageMcpTools` (enable={enable}), or call them through `callMistTool`. When an \
         answer says pagination.has_more, fetch the next page only if the step needs it.\n\n"
    ));
    text.push_str(&fill(def.report, values));
    text
}

#[cfg(test)]
mod tests;
