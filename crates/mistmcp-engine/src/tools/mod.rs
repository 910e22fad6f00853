//! The one entry point of a tool call, and the one dispatch by tool kind.
//!
//! [`Tools::call`] admits the call (the tool exists, the caller's view reaches it, the caller
//! may write when it writes), then sends it to its kind: the server's own tools (search,
//! describe, manage, call by name), a Mist read, a workflow, or a write. The transports' side
//! turns the [`Outcome`] or the [`Failure`] into its protocol's answer.

mod admit;
mod own;

use crate::discovery::answers::Reach;
use crate::executor::{CallError, CallOptions, Executor, Target};
use crate::surface::ToolRegistry;
use crate::tool_view::{ListListener, ToolView};
use crate::writes::elicit::Ask;
use crate::writes::{Access, WriteGate};
use mist_catalog::{ToolDef, ToolKind};
use serde_json::{Map, Value};
use std::sync::Arc;

/// Who is calling: what they see, what they may write, where their Mist calls go.
#[derive(Clone)]
pub struct Caller {
    /// The tools this caller may see and call (mode and enabled categories).
    pub view: Arc<ToolView>,
    /// Where its Mist calls go and as whom, or what the caller must send to make calls.
    pub target: Result<Target, String>,
    /// The caller asked for read-only access (HTTP `readonly=true`): write tools the operator
    /// allows are hidden and refused for it.
    pub read_only: bool,
    /// The connection a confirmation is bound to: the stdio process, the HTTP session, or for
    /// stateless HTTP the endpoint URL.
    pub channel: String,
    /// A one-shot caller (the `call` subcommand) has no session to shape and no person to
    /// confirm a write: it runs reads, search and describe.
    pub one_shot: bool,
}

/// One call: the tool's name and arguments, and what the engine may ask of the client while
/// it runs.
pub struct Call<'a> {
    /// The tool's name as the client sent it.
    pub name: &'a str,
    /// Its arguments, when it sent any.
    pub arguments: Option<&'a Map<String, Value>>,
    /// Per-call options: a fresh read, progress, cancellation.
    pub options: CallOptions,
    /// How the user can be asked to confirm a write.
    pub ask: Ask<'a>,
    /// Where this caller's own session hears that its tool list changed (`manageMcpTools`).
    pub session: Option<&'a dyn ListListener>,
}

/// What a call answers.
#[derive(Debug)]
pub enum Outcome {
    /// The answer's envelope `{data, pagination?, notes?}`.
    Answer(Map<String, Value>),
    /// A write's question for the user, to be put by a stateless client before it retries:
    /// the plan to show, and the state the retry carries back.
    InputRequired {
        /// The plan the user is asked about.
        plan: Value,
        /// The single-use state (a confirmation token) the retry echoes.
        state: String,
    },
}

/// Why a call failed, and the tool its error reads as.
#[derive(Debug)]
pub struct Failure {
    /// The tool the error is about: the one called, or `callMistTool` when a call by name
    /// itself was wrong.
    pub tool: String,
    /// What went wrong (boxed: a failure travels up through every dispatch level).
    pub error: Box<CallError>,
    /// No tool has the name the client called directly: a protocol error, not a tool error.
    pub unknown_name: bool,
}

impl Failure {
    fn of(tool: &str, error: CallError) -> Self {
        Self {
            tool: tool.to_owned(),
            error: Box::new(error),
            unknown_name: false,
        }
    }
}

/// How a call reached the tool: directly, or through `callMistTool` (whose errors carry the
/// called tool's signature).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    Direct,
    ByName,
}

/// The engine: the catalog as callers reach it, the read path and the write gate.
pub struct Tools {
    /// The catalog, what reaches what, and the search indexes.
    pub registry: Arc<ToolRegistry>,
    /// The read path of every catalog tool.
    pub executor: Executor,
    /// Write switches, body schemas, confirmation rounds and the audit trail.
    pub writes: WriteGate,
}

impl Tools {
    /// What `caller` may write: the operator's switches, narrowed by the request.
    pub fn access(&self, caller: &Caller) -> Access {
        self.writes.access().narrowed(caller.read_only)
    }

    fn reach(&self, caller: &Caller) -> Reach {
        Reach {
            mode: caller.view.mode(),
            enabled: caller.view.enabled(),
            access: self.access(caller),
        }
    }

    /// Runs one tool call for `caller`.
    pub async fn call(&self, caller: &Caller, call: Call<'_>) -> Result<Outcome, Failure> {
        self.dispatch(caller, &call, call.name, call.arguments, Route::Direct)
            .await
    }

    /// The one dispatch by kind: the server's own tools, then a catalog tool the caller may
    /// reach, by what it is.
    async fn dispatch(
        &self,
        caller: &Caller,
        call: &Call<'_>,
        name: &str,
        arguments: Option<&Map<String, Value>>,
        route: Route,
    ) -> Result<Outcome, Failure> {
        if let Some(answer) = self.own(caller, call, name, arguments, route).await {
            return answer;
        }
        let def = self.admit(caller, name, arguments, route)?;
        let target = caller
            .target
            .as_ref()
            .map_err(|message| Failure::of(&def.name, CallError::Credentials(message.clone())))?;
        let answer = match (def.kind, def.is_write()) {
            (ToolKind::Workflow, _) => {
                crate::workflows::run(&self.executor, def, arguments, target, &call.options)
                    .await
                    .map(Outcome::Answer)
            }
            (ToolKind::Operation, false) => self
                .executor
                .answer_operation(def, arguments, target, &call.options)
                .await
                .map(Outcome::Answer),
            (ToolKind::Operation, true) => self.write(caller, call, def, arguments, target).await,
        };
        answer.map_err(|error| Failure::of(&def.name, signed(error, def, route)))
    }

    async fn write(
        &self,
        caller: &Caller,
        call: &Call<'_>,
        def: &'static ToolDef,
        arguments: Option<&Map<String, Value>>,
        target: &Target,
    ) -> Result<Outcome, CallError> {
        let round = crate::writes::Round {
            tool: def,
            arguments,
            target,
            channel: &caller.channel,
            ask: call.ask,
        };
        self.writes
            .call(&self.executor, self.registry.catalog(), round)
            .await
    }
}

/// An error of a call made by name carries the called tool's signature, so the model can
/// correct its call in one step.
fn signed(error: CallError, def: &ToolDef, route: Route) -> CallError {
    match error {
        error @ (CallError::Arguments(_) | CallError::InvalidBody(_) | CallError::Sourced { .. })
            if route == Route::ByName =>
        {
            error.signed(crate::discovery::signature::signature(def))
        }
        error => error,
    }
}
