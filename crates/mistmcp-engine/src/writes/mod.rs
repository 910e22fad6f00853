//! Writes, safely: every write tool behind the operator's switches ([`access`]), its body
//! checked against the operation's schema ([`bodies`]), shown as a plan ([`plan`]) and sent
//! only once the user has confirmed ([`crate::confirm`]), never retried, and audited ([`crate::audit`]).
//!
//! How the user confirms depends on the client; [`Confirmation`] names the ways, chosen per
//! request in [`WriteGate::confirmation`]: a client that can be asked (elicitation on a
//! session, or the 2026-07-28 multi round-trip flow) shows the plan in a form ([`elicit`]); any
//! other confirms with a token (the plan's `confirmation_token` passed back on the repeated
//! call).

pub(crate) mod access;
pub(crate) mod bodies;
pub(crate) mod diff;
mod digests;
pub(crate) mod elicit;
pub mod options;
pub mod plan;
pub mod plan_text;
mod round;
#[cfg(test)]
mod test_support;

pub use access::Access;
pub(crate) use round::Round;

use crate::audit::{AuditLog, Event};
use crate::confirm::Confirmations;
use crate::executor::args::{self, ArgError, CheckedArgs};
use crate::executor::{CallError, Executor, Target, request};
use bodies::BodySchemas;
use digests::digest;
use http::Method;
use mist_catalog::{BodyType, Catalog, ToolDef};
use mist_client::{BodyKind, Request};
use options::WriteOptions;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// The extra arguments of every write tool.
pub(crate) const BODY: &str = "body";
pub(crate) const CONFIRMATION_TOKEN: &str = "confirmation_token";
const EXTRA: &[&str] = &[BODY, CONFIRMATION_TOKEN];
/// Largest write body, in bytes of JSON: it bounds the work of checking and planning one.
const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The process's write machinery: switches, compiled body schemas, tokens, audit.
pub struct WriteGate {
    options: WriteOptions,
    bodies: BodySchemas,
    confirmations: Confirmations,
    audit: AuditLog,
}

/// One write call, checked: its request line, body and digests.
pub(crate) struct Checked<'a> {
    path: String,
    body: Option<&'a Value>,
    token: Option<&'a str>,
    body_digest: [u8; 32],
    args_digest: [u8; 32],
    /// Ids of the org, site or MSP the path names: their cached reads go stale.
    scope_ids: Vec<String>,
}

impl WriteGate {
    /// The write machinery for the operator's `options`; fails when the audit log cannot be
    /// opened, since no write may go unrecorded.
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
    pub fn with_shared_confirmations(mut self, shared: crate::confirm::SharedKey) -> Self {
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

    /// Records a step the write depends on (a plan, a confirmation): nothing goes further
    /// unless its line is on file.
    pub(crate) fn on_file(&self, event: &Event<'_>) -> Result<(), CallError> {
        self.audit.record(event).map_err(CallError::Audit)
    }

    /// Records a step already taken (a refusal, a decline, Mist's answer); a line the file
    /// cannot take is reported in the log ([`AuditLog::record`]) and the answer stands.
    pub(crate) fn note(&self, event: &Event<'_>) {
        let _ = self.audit.record(event);
    }

    /// Audits a write refused before it reached the gate (its switch is off, or the request
    /// is read-only) and gives the refusal back. `target` is absent when the request brought
    /// no usable token.
    pub(crate) fn refused(&self, tool: &ToolDef, target: Option<&Target>, error: CallError) -> CallError {
        let who = round::who(target);
        self.note(&Event::refused(tool, &tool.path, &who, error.kind()));
        error
    }

    /// Checks the arguments and the body; builds the request line.
    pub(crate) fn check<'a>(
        &self,
        tool: &'static ToolDef,
        arguments: Option<&'a Map<String, Value>>,
    ) -> Result<Checked<'a>, CallError> {
        let checked = args::check(tool, arguments, EXTRA).map_err(CallError::Arguments)?;
        let path = request::build(tool, &checked)?;
        let body = arguments.and_then(|a| a.get(BODY)).filter(|b| !b.is_null());
        let token = token_arg(arguments)?;
        self.check_body(tool, body)?;
        Ok(Checked {
            args_digest: Sha256::digest(path.as_bytes()).into(),
            body_digest: body.map(digest).unwrap_or([0; 32]),
            scope_ids: scope_ids(tool, &checked),
            path,
            body,
            token,
        })
    }

    /// Refuses a body the tool cannot take: a form upload, a body where the tool takes none,
    /// none where it needs one, or a JSON body too large or against the operation's schema.
    fn check_body(&self, tool: &ToolDef, body: Option<&Value>) -> Result<(), CallError> {
        match (tool.body, body) {
            (Some(BodyType::Form), _) => Err(CallError::Usage(format!(
                "{} uploads a file (a multipart form), which this server does not send; use the Mist portal for it",
                tool.name
            ))),
            (None, Some(_)) => Err(CallError::Arguments(ArgError::Unknown {
                name: BODY.into(),
                valid: tool.params.iter().map(|p| p.name.clone()).collect(),
            })),
            (Some(BodyType::Json), None) if tool.body_required => {
                Err(CallError::Arguments(ArgError::Missing {
                    name: BODY.into(),
                    expected: "a JSON object; describeMistTool shows its fields".into(),
                }))
            }
            (Some(BodyType::Json), Some(body)) => self.check_json_body(tool, body),
            _ => Ok(()),
        }
    }

    /// Refuses a JSON body over [`MAX_BODY_BYTES`] or one the operation's schema rejects.
    fn check_json_body(&self, tool: &ToolDef, body: &Value) -> Result<(), CallError> {
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
        Ok(())
    }

    /// The plan of a checked write, from the object it acts on as it is now; refused when it
    /// sets more than a confirmation can show.
    pub(crate) async fn plan(
        &self,
        executor: &Executor,
        catalog: &'static Catalog,
        round: &Round<'_>,
        checked: &Checked<'_>,
    ) -> Result<Value, CallError> {
        let current = self.read_target(executor, catalog, round).await;
        plan::plan(
            round.tool,
            &checked.path,
            checked.body,
            current,
            executor.secrets(),
        )
        .map_err(|too_large| CallError::Usage(too_large.to_string()))
    }

    /// The object the write acts on (or the scope it creates in), read fresh; `None` when no
    /// read tool reaches it.
    async fn read_target(
        &self,
        executor: &Executor,
        catalog: &'static Catalog,
        round: &Round<'_>,
    ) -> Option<Result<Value, String>> {
        let (arguments, target) = (round.arguments, round.target);
        let reader = plan::object_reader(catalog, round.tool)?;
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
                // The client parsed it, as it parses every read.
                Ok(fetched) => Ok(fetched.into_value()),
                Err(error) => Err(format!("{} could not read it: {error}", reader.name)),
            },
        )
    }
}

/// The confirmation token passed back, if any; refused when it is not a string.
fn token_arg(arguments: Option<&Map<String, Value>>) -> Result<Option<&str>, CallError> {
    match arguments.and_then(|a| a.get(CONFIRMATION_TOKEN)) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(other) => Err(CallError::Arguments(ArgError::Invalid {
            name: CONFIRMATION_TOKEN.into(),
            expected: "the string a plan answered".into(),
            given: mist_client::echo::clip_json(other),
        })),
    }
}

/// The ids of the org, site or MSP the write's path names: their cached reads go stale.
fn scope_ids(tool: &ToolDef, checked: &CheckedArgs) -> Vec<String> {
    tool.path_params()
        .filter(|p| matches!(p.name.as_str(), "org_id" | "site_id" | "msp_id"))
        .filter_map(|p| {
            checked
                .path
                .iter()
                .find(|(n, _)| *n == p.name)
                .map(|(_, v)| v.clone())
        })
        .collect()
}
