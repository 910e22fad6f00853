//! The server's own tools: `searchMistTools`, `describeMistTool`, `manageMcpTools` and
//! `callMistTool`. They answer from the catalog and the caller's view; none calls Mist itself
//! (a call by name comes back through the dispatch).

use super::{Call, Caller, Failure, Outcome, Route, Tools};
use crate::discovery::answers;
use crate::executor::CallError;
use crate::surface::ToolMode;
use crate::surface::manage::{ManageRequest, report};
use crate::surface::own_names::{CALL_TOOL, DESCRIBE_TOOL, MANAGE_TOOLS, SEARCH_TOOLS};
use mist_client::echo::kind_of;
use serde_json::{Map, Value};

impl Tools {
    /// The answer of one of the server's own tools, or `None` when `name` is not one of them.
    pub(super) async fn own(
        &self,
        caller: &Caller,
        call: &Call<'_>,
        name: &str,
        arguments: Option<&Map<String, Value>>,
        route: Route,
    ) -> Option<Result<Outcome, Failure>> {
        let answer = |answer: Result<Map<String, Value>, CallError>, tool: &str| {
            answer
                .map(Outcome::Answer)
                .map_err(|error| Failure::of(tool, error))
        };
        // Catalog tools, most calls, leave by the last arm: nothing is computed for them here.
        Some(match name {
            SEARCH_TOOLS => answer(
                answers::search(&self.registry, self.reach(caller), arguments),
                SEARCH_TOOLS,
            ),
            DESCRIBE_TOOL => answer(
                answers::describe(
                    &self.registry,
                    self.reach(caller),
                    arguments,
                    self.writes.bodies(),
                ),
                DESCRIBE_TOOL,
            ),
            MANAGE_TOOLS | CALL_TOOL if caller.one_shot => answer(
                Err(CallError::Usage(format!(
                    "{name} shapes an MCP session's tool list; on the command line call the tool \
                     itself: mistmcp call TOOL key=value"
                ))),
                name,
            ),
            MANAGE_TOOLS => answer(self.manage(caller, call, arguments).await, MANAGE_TOOLS),
            CALL_TOOL if route == Route::Direct => {
                let (inner, inner_args) = match by_name(arguments) {
                    Ok(called) => called,
                    Err(error) => return Some(Err(Failure::of(CALL_TOOL, error))),
                };
                Box::pin(self.dispatch(caller, call, inner, inner_args, Route::ByName)).await
            }
            _ => return None,
        })
    }

    /// `manageMcpTools`: changes the caller's enabled categories and tells its client.
    async fn manage(
        &self,
        caller: &Caller,
        call: &Call<'_>,
        arguments: Option<&Map<String, Value>>,
    ) -> Result<Map<String, Value>, CallError> {
        let view = &caller.view;
        let catalog = self.registry.catalog();
        if view.mode() != ToolMode::Managed {
            return Err(CallError::Usage(format!(
                "works in managed mode only; this session runs in {} mode, where the enabled \
                 categories are fixed: {}",
                view.mode(),
                view.enabled().names(catalog).join(", ")
            )));
        }
        if let Some(why) = view.frozen {
            return Err(CallError::Usage(why.to_owned()));
        }
        let change = ManageRequest::parse(catalog, arguments).map_err(|e| CallError::Usage(e.to_string()))?;
        let (before, after) = view.update(change);
        let mut notified = false;
        if before != after {
            view.persist().await;
            notified = view.announce(call.session).await;
            tracing::debug!(enabled = ?after.names(catalog), notified, "tool categories changed");
        }
        match report(catalog, self.access(caller), before, after, notified) {
            Value::Object(body) => Ok(body),
            _ => Err(CallError::Usage("internal error building the report".into())),
        }
    }
}

/// A tool's name and its arguments.
type Named<'a> = (&'a str, Option<&'a Map<String, Value>>);

/// The tool and arguments a `callMistTool` call names.
fn by_name(arguments: Option<&Map<String, Value>>) -> Result<Named<'_>, CallError> {
    let no_tool = || {
        CallError::Usage(
            "argument 'tool' must be the name of a Mist tool, e.g. \"searchOrgDevices\"; \
             searchMistTools finds one"
                .into(),
        )
    };
    let Some(args) = arguments else {
        return Err(no_tool());
    };
    if let Some(extra) = args.keys().find(|k| *k != "tool" && *k != "arguments") {
        let near = crate::suggest::closest(extra, ["tool", "arguments"], 1);
        let hint = near
            .first()
            .map(|n| format!(" (did you mean '{n}'?)"))
            .unwrap_or_default();
        return Err(CallError::Usage(format!(
            "unknown argument '{extra}'{hint}; pass 'tool' (a tool name) and 'arguments' (an object)"
        )));
    }
    let Some(name) = args.get("tool").and_then(Value::as_str).map(str::trim) else {
        return Err(no_tool());
    };
    let inner = match args.get("arguments") {
        None | Some(Value::Null) => None,
        Some(Value::Object(map)) => Some(map),
        Some(other) => {
            return Err(CallError::Usage(format!(
                "argument 'arguments' must be an object of the tool's arguments; got {}",
                kind_of(other)
            )));
        }
    };
    // Calling callMistTool by name would only loop: it is no tool of the catalog.
    let name = if name == CALL_TOOL { "" } else { name };
    Ok((name, inner))
}
