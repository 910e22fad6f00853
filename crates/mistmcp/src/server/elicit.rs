//! Asking the user about a write through MCP: `elicitation/create` on a session (stdio, a
//! legacy HTTP session) for a client that declared the capability, or, for a stateless
//! 2026-07-28 client that declared it, the same form inside an `input_required` result whose
//! retry carries the answer. The engine decides when to ask ([`mistmcp_engine::Ask`]); this
//! file only speaks the protocol.

use super::legacy::is_legacy;
use mistmcp_engine::plan_text;
use mistmcp_engine::{Answer, Ask, Asker};
use mistmcp_engine::{CONFIRM, INPUT_KEY};
use rmcp::RoleServer;
use rmcp::model::{
    CallToolRequestParams, ElicitRequest, ElicitRequestParams, ElicitResult, ElicitationAction,
    ElicitationSchema, InputRequest, InputRequests, InputRequiredResult, InputResponses,
};
use rmcp::service::{ElicitationMode, Peer, RequestContext};
use serde_json::Value;
use std::time::Duration;

/// The client on the other end of a session, asked with `elicitation/create`.
pub(crate) struct SessionAsker<'a>(pub(crate) &'a Peer<RoleServer>);

#[async_trait::async_trait]
impl Asker for SessionAsker<'_> {
    async fn ask(&self, plan: &Value, wait: Duration) -> Result<Answer, String> {
        let result = self
            .0
            .create_elicitation_with_timeout(params(plan)?, Some(wait))
            .await
            .map_err(|e| e.to_string())?;
        Ok(answer(&result))
    }
}

/// How the client of `ctx` can be asked: it declared form elicitation, on a session or (for a
/// 2026-07-28 request) in the request's own metadata. `request` is the call, for its retry
/// fields; `session` asks on the session.
pub(crate) fn asker<'a>(
    ctx: &RequestContext<RoleServer>,
    request: &'a CallToolRequestParams,
    session: &'a SessionAsker<'a>,
) -> Ask<'a> {
    if is_legacy(ctx) {
        return if session
            .0
            .supported_elicitation_modes()
            .contains(&ElicitationMode::Form)
        {
            Ask::Session(session)
        } else {
            Ask::No
        };
    }
    let form = ctx
        .meta
        .client_capabilities()
        .and_then(|c| c.elicitation)
        .is_some_and(|e| e.form.is_some() || e.url.is_none());
    if form || request.request_state.is_some() {
        Ask::Rounds {
            state: request.request_state.as_deref(),
            answer: answer_of(request.input_responses.as_ref()),
        }
    } else {
        Ask::No
    }
}

/// The `input_required` result that asks about `plan`; `state` (a confirmation token) comes
/// back with the retry.
pub(crate) fn input_required(plan: &Value, state: String) -> Result<InputRequiredResult, String> {
    let request = ElicitRequest::new(params(plan)?);
    let mut requests = InputRequests::new();
    requests.insert(INPUT_KEY.to_owned(), InputRequest::Elicitation(request));
    Ok(InputRequiredResult::new(Some(requests), Some(state)))
}

/// The user's answer carried by a retry, or `None` when it carries none.
fn answer_of(responses: Option<&InputResponses>) -> Option<Answer> {
    let result: ElicitResult = serde_json::from_value(responses?.get(INPUT_KEY)?.clone()).ok()?;
    Some(answer(&result))
}

/// The form: a single required boolean.
fn form() -> Result<ElicitationSchema, String> {
    ElicitationSchema::builder()
        .required_bool_with(CONFIRM, |b| {
            b.title("Send this write to Mist")
                .description("Tick to go ahead; leave unticked or decline to send nothing.")
        })
        .build()
        .map_err(str::to_owned)
}

fn params(plan: &Value) -> Result<ElicitRequestParams, String> {
    Ok(ElicitRequestParams::FormElicitationParams {
        meta: None,
        message: plan_text::message(plan),
        requested_schema: form()?,
    })
}

fn answer(result: &ElicitResult) -> Answer {
    match result.action {
        ElicitationAction::Accept => {
            let yes = result
                .content
                .as_ref()
                .and_then(|c| c.get(CONFIRM))
                .and_then(Value::as_bool);
            if yes == Some(true) {
                Answer::Confirmed
            } else {
                Answer::Declined
            }
        }
        ElicitationAction::Decline => Answer::Declined,
        _ => Answer::Cancelled,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_form_asks_for_one_required_boolean() {
        let schema = serde_json::to_value(form().unwrap()).unwrap();
        assert_eq!(schema["properties"][CONFIRM]["type"], "boolean");
        assert_eq!(schema["required"], json!([CONFIRM]));
    }
}
