//! Confirmation through the client itself: the server asks the user with an elicitation form
//! whose message is the plan in plain words, and acts only on an Accept that carries
//! `confirm: true`. A client on a session (stdio, a legacy HTTP session) that declared the
//! capability is sent `elicitation/create`; a stateless 2026-07-28 client that declared it gets
//! the same form inside an `input_required` result and retries with its answer
//! ([`Ask::Rounds`]).

use rmcp::RoleServer;
use rmcp::model::{
    CallToolRequestParams, ElicitRequest, ElicitRequestParams, ElicitResult, ElicitationAction,
    ElicitationSchema, InputRequest, InputRequests, InputRequiredResult, InputResponses, ProtocolVersion,
};
use rmcp::service::{ElicitationMode, Peer, RequestContext};
use serde_json::Value;
use std::time::Duration;

/// The one field of the form: the user's yes.
pub const CONFIRM: &str = "confirm";

/// What the user answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Accepted with `confirm: true`.
    Confirmed,
    /// Declined, or accepted without ticking `confirm`.
    Declined,
    /// Dismissed the question.
    Cancelled,
}

impl Answer {
    /// The word the declined answer and the audit use.
    pub fn verb(&self) -> &'static str {
        match self {
            Answer::Confirmed => "confirmed",
            Answer::Declined => "declined",
            Answer::Cancelled => "cancelled",
        }
    }
}

/// How this request's client can be asked, if at all.
#[derive(Clone, Copy)]
pub enum Ask<'a> {
    /// It cannot: the plan comes back with a confirmation token.
    No,
    /// On its session, with `elicitation/create`.
    Session(&'a Peer<RoleServer>),
    /// Stateless (2026-07-28): with an `input_required` result; on the retry, `state` is the
    /// echoed `requestState` and `responses` the client's answers.
    Rounds {
        state: Option<&'a str>,
        responses: Option<&'a InputResponses>,
    },
}

/// How the client of `ctx` can be asked: it declared form elicitation, on a session or (for a
/// 2026-07-28 request) in the request's own metadata. `request` is the call, for its retry
/// fields.
pub fn asker<'a>(ctx: &'a RequestContext<RoleServer>, request: &'a CallToolRequestParams) -> Ask<'a> {
    let stateless = ctx
        .protocol_version()
        .is_none_or(|v| v >= ProtocolVersion::NO_INITIALIZE);
    if !stateless {
        let peer = &ctx.peer;
        return if peer
            .supported_elicitation_modes()
            .contains(&ElicitationMode::Form)
        {
            Ask::Session(peer)
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
            responses: request.input_responses.as_ref(),
        }
    } else {
        Ask::No
    }
}

/// The key of the one input request of a write's round.
pub const INPUT_KEY: &str = "confirm_write";

/// The `input_required` result that asks about `plan`; `state` (a confirmation token) comes
/// back with the retry.
pub fn input_required(plan: &Value, state: String) -> Result<InputRequiredResult, String> {
    let request = ElicitRequest::new(params(plan)?);
    let mut requests = InputRequests::new();
    requests.insert(INPUT_KEY.to_owned(), InputRequest::Elicitation(request));
    Ok(InputRequiredResult::new(Some(requests), Some(state)))
}

/// The user's answer carried by a retry, or `None` when it carries none.
pub fn answer_of(responses: Option<&InputResponses>) -> Option<Answer> {
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

/// Asks the user about `plan`; `wait` bounds how long a person may take. An error means the
/// question could not be asked or answered (nothing was sent); the caller falls back to a token.
pub async fn ask(peer: &Peer<RoleServer>, plan: &Value, wait: Duration) -> Result<Answer, String> {
    let result = peer
        .create_elicitation_with_timeout(params(plan)?, Some(wait))
        .await
        .map_err(|e| e.to_string())?;
    Ok(answer(&result))
}

fn params(plan: &Value) -> Result<ElicitRequestParams, String> {
    Ok(ElicitRequestParams::FormElicitationParams {
        meta: None,
        message: super::plan_text::message(plan),
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
