//! Where a `tools/call` goes: the server's own tools (manage, search, describe, call by name)
//! or a catalog tool through the executor.
//!
//! What a session reaches: in managed mode every read tool (enabling a category only lists its
//! tools); in custom and all modes the operator's categories. Every refusal is a typed tool
//! error with what to do instead.

use super::{MistMcpServer, Resolved};
use crate::discovery::answers::{self, Reach};
use crate::discovery::signature::signature;
use crate::executor::{CallError, CallOptions, result};
use crate::surface::ToolMode;
use crate::surface::essentials::{CALL_TOOL, DESCRIBE_TOOL, MANAGE_TOOLS, SEARCH_TOOLS};
use crate::surface::manage::{ManageRequest, report};
use crate::tool_view::ToolView;
use crate::writes::elicit::Ask;
use crate::writes::{Access, Written};
use mist_client::echo::kind_of;
use rmcp::model::{CallToolResponse, CallToolResult};
use rmcp::service::RequestContext;
use rmcp::{ErrorData as McpError, RoleServer};
use serde_json::{Map, Value, json};

/// How a call reached the tool: directly, or through `callMistTool` (whose errors carry the
/// called tool's signature).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Route {
    Direct,
    ByName,
}

impl MistMcpServer {
    fn reach(&self, resolved: &Resolved) -> Reach {
        let view: &ToolView = &resolved.view;
        Reach {
            mode: view.mode(),
            enabled: view.enabled(),
            access: self.shared.access(resolved),
        }
    }

    /// Runs the tool `name`: one of the server's own, or a catalog tool. An unknown name is a
    /// protocol error (`-32602`) on a direct call, naming the closest tools.
    pub(super) async fn dispatch(
        &self,
        resolved: &Resolved,
        name: &str,
        arguments: Option<&Map<String, Value>>,
        route: Route,
        ctx: &RequestContext<RoleServer>,
        ask: Ask<'_>,
    ) -> Result<CallToolResponse, McpError> {
        let registry = &self.shared.registry;
        let reach = self.reach(resolved);
        let own = |answer: Result<Map<String, Value>, CallError>, tool: &str| match answer {
            Ok(envelope) => result::success(envelope),
            Err(error) => error.into_result(tool),
        };
        Ok(CallToolResponse::from(match name {
            MANAGE_TOOLS => {
                let access = self.shared.access(resolved);
                self.manage(&resolved.view, access, arguments, ctx).await
            }
            SEARCH_TOOLS => own(answers::search(registry, reach, arguments), SEARCH_TOOLS),
            DESCRIBE_TOOL => own(
                answers::describe(registry, reach, arguments, self.shared.writes.bodies()),
                DESCRIBE_TOOL,
            ),
            CALL_TOOL if route == Route::Direct => {
                return self.call_by_name(resolved, arguments, ctx, ask).await;
            }
            name => match answers::find(registry, reach, name) {
                Ok(def) => {
                    let body = arguments.and_then(|a| a.get(crate::writes::BODY));
                    if !reach.access.allows_call(def, body) {
                        // A write whose body chooses to delete, without the delete switch.
                        let error = CallError::NotEnabled(reach.access.call_refusal(def, body));
                        let error = self
                            .shared
                            .writes
                            .refused(def, resolved.target.as_ref().ok(), error);
                        return Ok(match route {
                            Route::ByName => error.into_result(CALL_TOOL),
                            Route::Direct => error.into_result(&def.name),
                        }
                        .into());
                    }
                    let target = match &resolved.target {
                        Ok(target) => target,
                        Err(message) => {
                            return Ok(CallError::Credentials(message.clone())
                                .into_result(&def.name)
                                .into());
                        }
                    };
                    if def.is_write() {
                        let answer = self
                            .shared
                            .writes
                            .call(
                                &self.shared.executor,
                                registry.catalog(),
                                def,
                                arguments,
                                target,
                                &resolved.channel,
                                ask,
                            )
                            .await;
                        return Ok(match answer {
                            Ok(Written::Answer(envelope)) => result::success(envelope).into(),
                            Ok(Written::InputRequired(question)) => question.into(),
                            Err(error @ (CallError::Arguments(_) | CallError::InvalidBody(_)))
                                if route == Route::ByName =>
                            {
                                error.signed(signature(def)).into_result(&def.name).into()
                            }
                            Err(error) => error.into_result(&def.name).into(),
                        });
                    }
                    let answer = self
                        .shared
                        .executor
                        .answer(def, arguments, target, &CallOptions::from_request(ctx))
                        .await;
                    match answer {
                        Ok(envelope) => result::success(envelope),
                        Err(error @ (CallError::Arguments(_) | CallError::Sourced { .. }))
                            if route == Route::ByName =>
                        {
                            error.signed(signature(def)).into_result(&def.name)
                        }
                        Err(error) => error.into_result(&def.name),
                    }
                }
                Err(CallError::UnknownTool { given, closest }) if route == Route::Direct => {
                    let data = json!({ "kind": "unknown_tool", "closest": closest });
                    let message = CallError::UnknownTool { given, closest }.to_string();
                    return Err(McpError::invalid_params(
                        format!("unknown tool: {message}"),
                        Some(data),
                    ));
                }
                Err(error @ CallError::NotEnabled(_)) => {
                    // A write refused here (its switch is off, or the request is read-only) is
                    // audited like any other refused write.
                    let error = match registry.catalog().tool(name.trim()).filter(|t| t.is_write()) {
                        Some(def) => self
                            .shared
                            .writes
                            .refused(def, resolved.target.as_ref().ok(), error),
                        None => error,
                    };
                    error.into_result(if route == Route::ByName { CALL_TOOL } else { name })
                }
                Err(error) => error.into_result(if route == Route::ByName { CALL_TOOL } else { name }),
            },
        }))
    }

    async fn manage(
        &self,
        view: &ToolView,
        access: Access,
        arguments: Option<&Map<String, Value>>,
        ctx: &RequestContext<RoleServer>,
    ) -> CallToolResult {
        let catalog = self.shared.registry.catalog();
        if view.mode() != ToolMode::Managed {
            return CallError::Usage(format!(
                "works in managed mode only; this session runs in {} mode, where the enabled \
                 categories are fixed: {}",
                view.mode(),
                view.enabled().names(catalog).join(", ")
            ))
            .into_result(MANAGE_TOOLS);
        }
        if let Some(why) = view.unkept {
            return CallError::Usage(why.to_owned()).into_result(MANAGE_TOOLS);
        }
        let change = match ManageRequest::parse(catalog, arguments) {
            Ok(change) => change,
            Err(e) => return CallError::Usage(e.to_string()).into_result(MANAGE_TOOLS),
        };
        let (before, after) = view.update(change);
        let mut notified = false;
        if before != after {
            view.persist().await;
            notified = view.announce(ctx).await;
            tracing::debug!(enabled = ?after.names(catalog), notified, "tool categories changed");
        }
        let Value::Object(body) = report(catalog, access, before, after, notified) else {
            return CallError::Usage("internal error building the report".into()).into_result(MANAGE_TOOLS);
        };
        result::success(body)
    }

    async fn call_by_name(
        &self,
        resolved: &Resolved,
        arguments: Option<&Map<String, Value>>,
        ctx: &RequestContext<RoleServer>,
        ask: Ask<'_>,
    ) -> Result<CallToolResponse, McpError> {
        let empty = Map::new();
        let args = arguments.unwrap_or(&empty);
        if let Some(extra) = args.keys().find(|k| *k != "tool" && *k != "arguments") {
            let near = crate::discovery::suggest::closest(extra, ["tool", "arguments"], 1);
            let hint = near
                .first()
                .map(|n| format!(" (did you mean '{n}'?)"))
                .unwrap_or_default();
            return Ok(CallError::Usage(format!(
                "unknown argument '{extra}'{hint}; pass 'tool' (a tool name) and 'arguments' (an object)"
            ))
            .into_result(CALL_TOOL)
            .into());
        }
        let Some(name) = args.get("tool").and_then(Value::as_str).map(str::trim) else {
            return Ok(CallError::Usage(
                "argument 'tool' must be the name of a Mist tool, e.g. \"searchOrgDevices\"; \
                 searchMistTools finds one"
                    .into(),
            )
            .into_result(CALL_TOOL)
            .into());
        };
        let inner = match args.get("arguments") {
            None | Some(Value::Null) => None,
            Some(Value::Object(map)) => Some(map),
            Some(other) => {
                return Ok(CallError::Usage(format!(
                    "argument 'arguments' must be an object of the tool's arguments; got {}",
                    kind_of(other)
                ))
                .into_result(CALL_TOOL)
                .into());
            }
        };
        let name = if name == CALL_TOOL { "" } else { name };
        Box::pin(self.dispatch(resolved, name, inner, Route::ByName, ctx, ask)).await
    }
}
