//! Writes, safely: every write tool behind the operator's switches ([`access`]), its body
//! checked against the operation's schema ([`bodies`]), shown as a plan ([`plan`]) and sent
//! only once the user has confirmed ([`confirm`]), never retried, and audited ([`audit`]).
//!
//! How the user confirms depends on the client; [`Confirmation`] names the ways, chosen per
//! request in [`WriteGate::confirmation`]: a client that can be asked (elicitation on a
//! session, or the 2026-07-28 multi round-trip flow) shows the plan in a form ([`elicit`]); any
//! other confirms with a token (the plan's `confirmation_token` passed back on the repeated
//! call).

pub mod access;
pub mod audit;
pub mod bodies;
pub mod confirm;
pub mod diff;
pub mod elicit;
pub mod plan;
pub mod plan_text;

pub use access::Access;

use crate::config::writes::{Confirm, WriteOptions};
use crate::executor::args::{self, ArgError};
use crate::executor::{CallError, Executor, Target, envelope, request};
use audit::{AuditLog, Event, Outcome};
use bodies::BodySchemas;
use confirm::{CallDigest, Confirmations};
use elicit::{Answer, Ask};
use http::Method;
use mist_catalog::{BodyType, Catalog, ToolDef};
use mist_client::{BodyKind, MistError, Request};
use rmcp::model::InputRequiredResult;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

/// The extra arguments of every write tool.
pub const BODY: &str = "body";
pub const CONFIRMATION_TOKEN: &str = "confirmation_token";
const EXTRA: &[&str] = &[BODY, CONFIRMATION_TOKEN];
/// Largest write body, in bytes of JSON: it bounds the work of checking and planning one.
const MAX_BODY_BYTES: usize = 1024 * 1024;

/// How a write is confirmed by the person using the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmation {
    /// The operator turned confirmation off (`--confirm-writes never`).
    Skip,
    /// The plan comes back with a single-use token; repeating the call with it confirms.
    Token,
    /// The server asks the user through the client (an elicitation form) before sending.
    Ask,
}

/// What a write call answers: the tool's answer, or (2026-07-28) a question for the client to
/// put to the user before it retries.
#[derive(Debug)]
pub enum Written {
    Answer(Map<String, Value>),
    InputRequired(InputRequiredResult),
}

/// The process's write machinery: switches, compiled body schemas, tokens, audit.
pub struct WriteGate {
    options: WriteOptions,
    bodies: BodySchemas,
    confirmations: Confirmations,
    audit: AuditLog,
}

/// One write call, checked: its request line, body and digests.
struct Checked<'a> {
    path: String,
    body: Option<&'a Value>,
    token: Option<&'a str>,
    body_digest: [u8; 32],
    args_digest: [u8; 32],
    /// Ids of the org, site or MSP the path names: their cached reads go stale.
    scope_ids: Vec<String>,
}

impl WriteGate {
    pub fn new(options: WriteOptions) -> Result<Self, String> {
        let audit = AuditLog::open(options.audit_log.as_deref())?;
        Ok(Self {
            confirmations: Confirmations::new(options.confirmation_ttl),
            options,
            bodies: BodySchemas::default(),
            audit,
        })
    }

    /// Tokens issued and checked through the store replicas share, so a write planned on one
    /// replica is confirmed on any, once.
    pub fn with_shared_confirmations(mut self, shared: confirm::SharedKey) -> Self {
        self.confirmations = Confirmations::shared(self.options.confirmation_ttl, shared);
        self
    }

    /// What the operator allows, before a request narrows it.
    pub fn access(&self) -> Access {
        Access::of(&self.options)
    }

    /// The compiled body schemas, for `describeMistTool`.
    pub fn bodies(&self) -> &BodySchemas {
        &self.bodies
    }

    /// How this request's writes are confirmed: `can_ask` when its client can be asked.
    pub fn confirmation(&self, can_ask: bool) -> Confirmation {
        match self.options.confirm {
            Confirm::Never => Confirmation::Skip,
            Confirm::Always if can_ask => Confirmation::Ask,
            Confirm::Always => Confirmation::Token,
        }
    }

    /// Runs one call of a write tool the caller may reach: checks it, then plans it or (with a
    /// valid confirmation) sends it. `channel` names the connection a token is bound to;
    /// `ask` says how the client can be asked, if at all.
    #[allow(clippy::too_many_arguments)]
    pub async fn call(
        &self,
        executor: &Executor,
        catalog: &'static Catalog,
        tool: &'static ToolDef,
        arguments: Option<&Map<String, Value>>,
        target: &Target,
        channel: &str,
        ask: Ask<'_>,
    ) -> Result<Written, CallError> {
        let who = target.token.digest();
        let who_hex = short_hex(who.as_bytes());
        let checked = match self.check(tool, arguments) {
            Ok(checked) => checked,
            Err(error) => {
                self.note(&Event {
                    operation: &tool.name,
                    method: &tool.method,
                    target: &tool.path,
                    token: &who_hex,
                    body: "",
                    outcome: Outcome::Refused,
                    status: None,
                    detail: Some(error.kind()),
                });
                return Err(error);
            }
        };
        let call = CallDigest::new(
            who.as_bytes(),
            channel,
            &tool.name,
            &checked.args_digest,
            &checked.body_digest,
        );
        let body_hex = checked
            .body
            .map(|_| short_hex(&checked.body_digest))
            .unwrap_or_default();
        let event = |outcome, status, detail| Event {
            operation: &tool.name,
            method: &tool.method,
            target: &checked.path,
            token: &who_hex,
            body: &body_hex,
            outcome,
            status,
            detail,
        };
        let how = self.confirmation(!matches!(ask, Ask::No));
        match (how, ask, checked.token) {
            // Nobody is asked, but the line that says so is on file before anything is sent.
            (Confirmation::Skip, _, _) => {
                self.on_file(&event(Outcome::Confirmed, None, Some("not_asked")))?;
            }
            (
                _,
                Ask::Rounds {
                    state: Some(state),
                    responses,
                },
                _,
            ) => {
                let answer = elicit::answer_of(responses).ok_or_else(|| {
                    CallError::Usage(format!(
                        "the retry carries no answer to '{}'; answer the input request of the first round",
                        elicit::INPUT_KEY
                    ))
                })?;
                if answer != Answer::Confirmed {
                    self.note(&event(Outcome::Declined, None, Some(answer.verb())));
                    return Err(CallError::Declined(answer.verb()));
                }
                if let Err(refused) = self.confirmations.redeem(state, call).await {
                    self.note(&event(Outcome::Refused, None, Some(refused.code())));
                    return Err(CallError::Confirmation(refused));
                }
                self.on_file(&event(Outcome::Confirmed, None, Some("input_required")))?;
            }
            // A `confirmation_token` argument: whatever it was issued as (a plan's token, or a
            // multi round-trip `requestState` passed back as one), it confirms as a token.
            (_, _, Some(token)) => {
                if let Err(refused) = self.confirmations.redeem(token, call).await {
                    self.note(&event(Outcome::Refused, None, Some(refused.code())));
                    return Err(CallError::Confirmation(refused));
                }
                self.on_file(&event(Outcome::Confirmed, None, Some("token")))?;
            }
            (Confirmation::Ask, Ask::Rounds { state: None, .. }, None) => {
                let plan = self
                    .plan(executor, catalog, tool, arguments, target, &checked)
                    .await
                    .inspect_err(|_| self.note(&event(Outcome::Refused, None, Some("plan_too_large"))))?;
                let state = self
                    .confirmations
                    .issue(call)
                    .await
                    .map_err(|why| CallError::Usage(why.into()))?;
                let question = elicit::input_required(&plan, state).map_err(CallError::Usage)?;
                self.on_file(&event(Outcome::Planned, None, Some("input_required")))?;
                return Ok(Written::InputRequired(question));
            }
            (Confirmation::Ask, Ask::Session(peer), None) => {
                let plan = self
                    .plan(executor, catalog, tool, arguments, target, &checked)
                    .await
                    .inspect_err(|_| self.note(&event(Outcome::Refused, None, Some("plan_too_large"))))?;
                self.on_file(&event(Outcome::Planned, None, Some("elicitation")))?;
                match elicit::ask(peer, &plan, self.confirmations.ttl()).await {
                    Ok(Answer::Confirmed) => {
                        self.on_file(&event(Outcome::Confirmed, None, Some("elicitation")))?;
                    }
                    Ok(answer) => {
                        self.note(&event(Outcome::Declined, None, Some(answer.verb())));
                        return Err(CallError::Declined(answer.verb()));
                    }
                    Err(why) => {
                        // The client could not be asked after all: the plan and a token instead.
                        tracing::warn!(tool = %tool.name, error = %why, "elicitation failed; answering with a confirmation token");
                        return self
                            .token_plan(call, plan, tool, &event(Outcome::Planned, None, None))
                            .await;
                    }
                }
            }
            (_, _, None) => {
                let plan = self
                    .plan(executor, catalog, tool, arguments, target, &checked)
                    .await
                    .inspect_err(|_| self.note(&event(Outcome::Refused, None, Some("plan_too_large"))))?;
                return self
                    .token_plan(call, plan, tool, &event(Outcome::Planned, None, None))
                    .await;
            }
        }
        let ids: Vec<&str> = checked.scope_ids.iter().map(String::as_str).collect();
        let method = Method::from_bytes(tool.method.as_bytes())
            .map_err(|_| CallError::Usage(format!("{} has no valid HTTP method", tool.name)))?;
        let sent = executor
            .client()
            .write(
                &target.base,
                &target.token,
                method,
                &checked.path,
                checked.body,
                &ids,
            )
            .await;
        match sent {
            Ok((status, mut answer)) => {
                self.note(&event(Outcome::Done, Some(status), None));
                let mut notes = vec![format!(
                    "{} was sent once (Mist answered {status}); cached reads of the same org or site were dropped.",
                    tool.name
                )];
                notes.extend(crate::secrets::apply(executor.secrets(), &mut answer));
                Ok(Written::Answer(envelope::envelope(answer, None, notes)))
            }
            Err(error) => {
                self.note(&event(Outcome::Failed, error.status(), Some(error.kind())));
                Err(match error {
                    MistError::Forbidden { .. } => CallError::WriteForbidden(error),
                    error => CallError::Mist(error),
                })
            }
        }
    }

    /// The answer that carries a plan and the single-use token that confirms it.
    async fn token_plan(
        &self,
        call: CallDigest,
        plan: Value,
        tool: &ToolDef,
        planned: &Event<'_>,
    ) -> Result<Written, CallError> {
        let token = self
            .confirmations
            .issue(call)
            .await
            .map_err(|why| CallError::Usage(why.into()))?;
        self.on_file(planned)?;
        let lifetime = self.confirmations.ttl().as_secs().max(1);
        let data = json!({
            "plan": plan,
            CONFIRMATION_TOKEN: token,
            "expires_in_s": lifetime,
        });
        Ok(Written::Answer(envelope::envelope(
            data,
            None,
            vec![plan::ask(&tool.name, lifetime)],
        )))
    }

    /// Records a step the write depends on (a plan, a confirmation): nothing goes further
    /// unless its line is on file.
    fn on_file(&self, event: &Event<'_>) -> Result<(), CallError> {
        self.audit.record(event).map_err(CallError::Audit)
    }

    /// Records a step already taken (a refusal, a decline, Mist's answer); a line the file
    /// cannot take is reported in the log ([`AuditLog::record`]) and the answer stands.
    fn note(&self, event: &Event<'_>) {
        let _ = self.audit.record(event);
    }

    /// Audits a write refused before it reached the gate (its switch is off, or the request
    /// is read-only) and gives the refusal back. `target` is absent when the request brought
    /// no usable token.
    pub fn refused(&self, tool: &ToolDef, target: Option<&Target>, error: CallError) -> CallError {
        let who = target
            .map(|t| short_hex(t.token.digest().as_bytes()))
            .unwrap_or_default();
        self.note(&Event {
            operation: &tool.name,
            method: &tool.method,
            target: &tool.path,
            token: &who,
            body: "",
            outcome: Outcome::Refused,
            status: None,
            detail: Some(error.kind()),
        });
        error
    }

    /// Checks the arguments and the body; builds the request line.
    fn check<'a>(
        &self,
        tool: &'static ToolDef,
        arguments: Option<&'a Map<String, Value>>,
    ) -> Result<Checked<'a>, CallError> {
        let checked = args::check(tool, arguments, EXTRA).map_err(CallError::Arguments)?;
        let path = request::build(tool, &checked)?;
        let body = arguments.and_then(|a| a.get(BODY)).filter(|b| !b.is_null());
        let token = match arguments.and_then(|a| a.get(CONFIRMATION_TOKEN)) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.as_str()),
            Some(other) => {
                return Err(CallError::Arguments(ArgError::Invalid {
                    name: CONFIRMATION_TOKEN.into(),
                    expected: "the string a plan answered".into(),
                    given: mist_client::echo::clip_json(other),
                }));
            }
        };
        match (tool.body, body) {
            (Some(BodyType::Form), _) => {
                return Err(CallError::Usage(format!(
                    "{} uploads a file (a multipart form), which this server does not send; use the Mist portal for it",
                    tool.name
                )));
            }
            (None, Some(_)) => {
                return Err(CallError::Arguments(ArgError::Unknown {
                    name: BODY.into(),
                    valid: tool.params.iter().map(|p| p.name.clone()).collect(),
                }));
            }
            (Some(BodyType::Json), None) if tool.body_required => {
                return Err(CallError::Arguments(ArgError::Missing {
                    name: BODY.into(),
                    expected: "a JSON object; describeMistTool shows its fields".into(),
                }));
            }
            (Some(BodyType::Json), Some(body)) => {
                let size = crate::executor::shape::json_len(body);
                if size > MAX_BODY_BYTES {
                    return Err(CallError::Arguments(ArgError::Invalid {
                        name: BODY.into(),
                        expected: format!(
                            "a JSON object of at most {} KB (Mist's write bodies are far smaller)",
                            MAX_BODY_BYTES / 1024
                        ),
                        given: format!("{size} bytes"),
                    }));
                }
                let schema = self.bodies.get(&tool.name).map_err(CallError::Usage)?;
                if let Some(schema) = schema {
                    let problems = schema.problems(body);
                    if !problems.is_empty() {
                        return Err(CallError::InvalidBody(problems));
                    }
                }
            }
            _ => {}
        }
        let scope_ids = tool
            .path_params()
            .filter(|p| matches!(p.name.as_str(), "org_id" | "site_id" | "msp_id"))
            .filter_map(|p| {
                checked
                    .path
                    .iter()
                    .find(|(n, _)| *n == p.name)
                    .map(|(_, v)| v.clone())
            })
            .collect();
        Ok(Checked {
            args_digest: Sha256::digest(path.as_bytes()).into(),
            body_digest: body.map(digest).unwrap_or([0; 32]),
            path,
            body,
            token,
            scope_ids,
        })
    }

    /// The plan of a checked write, from the object it acts on as it is now; refused when it
    /// sets more than a confirmation can show.
    async fn plan(
        &self,
        executor: &Executor,
        catalog: &'static Catalog,
        tool: &ToolDef,
        arguments: Option<&Map<String, Value>>,
        target: &Target,
        checked: &Checked<'_>,
    ) -> Result<Value, CallError> {
        let current = self.read_target(executor, catalog, tool, arguments, target).await;
        plan::plan(tool, &checked.path, checked.body, current, executor.secrets())
            .map_err(|too_large| CallError::Usage(too_large.to_string()))
    }

    /// The object the write acts on (or the scope it creates in), read fresh; `None` when no
    /// read tool reaches it.
    async fn read_target(
        &self,
        executor: &Executor,
        catalog: &'static Catalog,
        tool: &ToolDef,
        arguments: Option<&Map<String, Value>>,
        target: &Target,
    ) -> Option<Result<Value, String>> {
        let reader = plan::object_reader(catalog, tool)?;
        let mut path_args = Map::new();
        for param in reader.path_params() {
            if let Some(value) = arguments.and_then(|a| a.get(&param.name)) {
                path_args.insert(param.name.clone(), value.clone());
            }
        }
        let checked = args::check(reader, Some(&path_args), &[]).ok()?;
        let path = request::build(reader, &checked).ok()?;
        let request = Request {
            method: Method::GET,
            path: &path,
            class: reader.cache,
            body: BodyKind::Json,
            fresh: true,
        };
        Some(
            match executor
                .client()
                .fetch(&target.base, &target.token, &request)
                .await
            {
                Ok(fetched) => match fetched.json {
                    Some(json) => Ok((*json).clone()),
                    None => serde_json::from_slice(&fetched.reply.body).map_err(|e| e.to_string()),
                },
                Err(error) => Err(format!("{} could not read it: {error}", reader.name)),
            },
        )
    }
}

/// SHA-256 of a JSON value with its object keys sorted, so key order never counts as a change.
pub fn digest(value: &Value) -> [u8; 32] {
    fn canonical(value: &Value, out: &mut Vec<u8>) {
        match value {
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                out.push(b'{');
                for key in keys {
                    out.extend_from_slice(Value::String(key.clone()).to_string().as_bytes());
                    out.push(b':');
                    canonical(&map[key], out);
                    out.push(b',');
                }
                out.push(b'}');
            }
            Value::Array(list) => {
                out.push(b'[');
                for item in list {
                    canonical(item, out);
                    out.push(b',');
                }
                out.push(b']');
            }
            other => out.extend_from_slice(other.to_string().as_bytes()),
        }
    }
    let mut bytes = Vec::new();
    canonical(value, &mut bytes);
    Sha256::digest(&bytes).into()
}

/// The first 16 hex digits of a digest: enough to tell apart, too little to matter.
pub fn short_hex(bytes: &[u8]) -> String {
    bytes.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_digest_ignores_key_order_but_not_values() {
        let a = json!({"ssid": "x", "vlan_id": 3, "auth": {"type": "psk", "psk": "k"}});
        let b = json!({"auth": {"psk": "k", "type": "psk"}, "vlan_id": 3, "ssid": "x"});
        let c = json!({"ssid": "x", "vlan_id": 4, "auth": {"type": "psk", "psk": "k"}});
        assert_eq!(digest(&a), digest(&b));
        assert_ne!(digest(&a), digest(&c));
    }
}
