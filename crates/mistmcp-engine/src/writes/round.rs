//! One write call as a typed confirmation round.
//!
//! A write arrives in one of a few states, decided once from the operator's setting, how the
//! client can be asked, and what the call carries ([`Step::of`]): confirmation is off; a retry
//! carries the user's answer to an `input_required` question; a `confirmation_token` comes back;
//! or nothing is confirmed yet, and the plan goes to the user (in a form on the session, inside
//! an `input_required` result, or with a token). Each state is one short function that returns
//! a [`Verdict`]; the audit line of the round is written once, from that verdict, and only a
//! confirmed write is sent.

use super::digests::short_hex;
use super::elicit::{Answer, Ask, Asker, INPUT_KEY};
use super::options::Confirm;
use super::{CONFIRMATION_TOKEN, Checked, WriteGate, plan};
use crate::audit::{Event, Outcome as Audited};
use crate::confirm::CallDigest;
use crate::executor::{CallError, Executor, Target, envelope};
use crate::tools::Outcome;
use mist_catalog::{Catalog, ToolDef};
use mist_client::MistError;
use serde_json::{Map, Value, json};

/// One call of a write tool the caller may reach.
#[derive(Clone, Copy)]
pub(crate) struct Round<'a> {
    /// The write tool.
    pub(crate) tool: &'static ToolDef,
    /// Its arguments, body and `confirmation_token` among them.
    pub(crate) arguments: Option<&'a Map<String, Value>>,
    /// Where it goes and as whom.
    pub(crate) target: &'a Target,
    /// The connection a confirmation is bound to.
    pub(crate) channel: &'a str,
    /// How the user can be asked.
    pub(crate) ask: Ask<'a>,
}

/// Where a write stands when it arrives.
enum Step<'a> {
    /// The operator turned confirmation off.
    Unasked,
    /// A stateless retry with the user's answer to the question of `state`.
    Answered { state: &'a str, answer: Option<Answer> },
    /// A `confirmation_token` came back (a plan's token, or a `requestState` passed as one).
    Redeem(&'a str),
    /// Not confirmed yet; the client takes a question in an `input_required` result.
    AskInRounds,
    /// Not confirmed yet; the client is asked on its session.
    AskOnSession(&'a dyn Asker),
    /// Not confirmed yet, and the client cannot be asked: the plan goes back with a token.
    TokenPlan,
}

impl<'a> Step<'a> {
    fn of(confirm: Confirm, ask: Ask<'a>, token: Option<&'a str>) -> Self {
        match (confirm, ask, token) {
            (Confirm::Never, _, _) => Step::Unasked,
            (
                _,
                Ask::Rounds {
                    state: Some(state),
                    answer,
                },
                _,
            ) => Step::Answered { state, answer },
            (_, _, Some(token)) => Step::Redeem(token),
            (_, Ask::Rounds { state: None, .. }, None) => Step::AskInRounds,
            (_, Ask::Session(asker), None) => Step::AskOnSession(asker),
            (_, Ask::No, None) => Step::TokenPlan,
        }
    }
}

/// What a round decided; its audit line follows from it.
enum Verdict {
    /// Confirmed (`how`: token, input_required, elicitation, not_asked): send it.
    Send(&'static str),
    /// The answer goes back unsent: a plan with its token, or a question; `how` is how it asks.
    Planned(Outcome, Option<&'static str>),
    /// The user declined or cancelled.
    Declined(&'static str),
    /// Refused (`code`): a confirmation that does not redeem, a plan too large to show.
    Refused(CallError, &'static str),
}

/// A checked write on its way through a round.
struct Write<'a> {
    gate: &'a WriteGate,
    executor: &'a Executor,
    catalog: &'static Catalog,
    round: Round<'a>,
    checked: Checked<'a>,
    call: CallDigest,
    who: String,
    body: String,
}

impl WriteGate {
    /// Runs one call of a write tool the caller may reach: checks it, then plans it or (with a
    /// valid confirmation) sends it.
    pub(crate) async fn call(
        &self,
        executor: &Executor,
        catalog: &'static Catalog,
        round: Round<'_>,
    ) -> Result<Outcome, CallError> {
        let write = self.begin(executor, catalog, round)?;
        let step = Step::of(self.options.confirm, round.ask, write.checked.token);
        let verdict = match step {
            Step::Unasked => Verdict::Send("not_asked"),
            Step::Answered { state, answer } => write.answered(state, answer).await?,
            Step::Redeem(token) => write.redeem(token, "token").await,
            Step::AskInRounds => write.ask_in_rounds().await,
            Step::AskOnSession(asker) => write.ask_on_session(asker).await?,
            Step::TokenPlan => write.token_plan().await,
        };
        write.settle(verdict).await
    }
}

impl WriteGate {
    /// The write checked, with the digests that bind a confirmation to it and the caller's
    /// digest for the audit; a write that fails its checks is audited as refused.
    fn begin<'a>(
        &'a self,
        executor: &'a Executor,
        catalog: &'static Catalog,
        round: Round<'a>,
    ) -> Result<Write<'a>, CallError> {
        let tool = round.tool;
        let who_digest = round.target.token.digest();
        let who = short_hex(who_digest.as_bytes());
        let checked = self.check(tool, round.arguments).inspect_err(|error| {
            self.note(&Event::refused(tool, &tool.path, &who, error.kind()));
        })?;
        let digests = (&checked.args_digest, &checked.body_digest);
        let call = CallDigest::new(
            who_digest.as_bytes(),
            round.channel,
            &tool.name,
            digests.0,
            digests.1,
        );
        let body = checked
            .body
            .map(|_| short_hex(&checked.body_digest))
            .unwrap_or_default();
        let gate = self;
        Ok(Write {
            gate,
            executor,
            catalog,
            round,
            checked,
            call,
            who,
            body,
        })
    }
}

impl Write<'_> {
    /// The audit line of one step of this write.
    fn event(&self, outcome: Audited, status: Option<u16>, detail: Option<&'static str>) -> Event<'_> {
        Event {
            operation: &self.round.tool.name,
            method: self.round.tool.method.as_str(),
            target: &self.checked.path,
            token: &self.who,
            body: &self.body,
            outcome,
            status,
            detail,
        }
    }

    /// A retry of an `input_required` round: the user's answer, then the state it echoes.
    async fn answered(&self, state: &str, answer: Option<Answer>) -> Result<Verdict, CallError> {
        let answer = answer.ok_or_else(|| {
            CallError::Usage(format!(
                "the retry carries no answer to '{INPUT_KEY}'; answer the input request of the first round"
            ))
        })?;
        if answer != Answer::Confirmed {
            return Ok(Verdict::Declined(answer.verb()));
        }
        Ok(self.redeem(state, "input_required").await)
    }

    /// Spends a confirmation (`how` it came back) on exactly this call.
    async fn redeem(&self, token: &str, how: &'static str) -> Verdict {
        match self.gate.confirmations.redeem(token, self.call).await {
            Ok(()) => Verdict::Send(how),
            Err(refused) => {
                let code = refused.code();
                Verdict::Refused(CallError::Confirmation(refused), code)
            }
        }
    }

    /// The plan of this write, or the refusal of one too large to show.
    async fn plan(&self) -> Result<Value, Verdict> {
        self.gate
            .plan(self.executor, self.catalog, &self.round, &self.checked)
            .await
            .map_err(|error| Verdict::Refused(error, "plan_too_large"))
    }

    /// The plan as a question the client puts to the user before it retries.
    async fn ask_in_rounds(&self) -> Verdict {
        let plan = match self.plan().await {
            Ok(plan) => plan,
            Err(refused) => return refused,
        };
        match self.gate.confirmations.issue(self.call).await {
            Ok(state) => Verdict::Planned(Outcome::InputRequired { plan, state }, Some("input_required")),
            Err(why) => Verdict::Refused(CallError::Usage(why.into()), "no_token"),
        }
    }

    /// The plan put to the user on the session; if the client cannot be asked after all, the
    /// plan and a token instead. The plan is on file before anyone is asked.
    async fn ask_on_session(&self, asker: &dyn Asker) -> Result<Verdict, CallError> {
        let plan = match self.plan().await {
            Ok(plan) => plan,
            Err(refused) => return Ok(refused),
        };
        self.gate
            .on_file(&self.event(Audited::Planned, None, Some("elicitation")))?;
        Ok(match asker.ask(&plan, self.gate.confirmations.ttl()).await {
            Ok(Answer::Confirmed) => Verdict::Send("elicitation"),
            Ok(answer) => Verdict::Declined(answer.verb()),
            Err(why) => {
                let tool = &self.round.tool.name;
                tracing::warn!(%tool, error = %why, "elicitation failed; answering with a confirmation token");
                self.with_token(plan).await
            }
        })
    }

    /// The plan, for a client that cannot be asked: it comes back with a single-use token.
    async fn token_plan(&self) -> Verdict {
        match self.plan().await {
            Ok(plan) => self.with_token(plan).await,
            Err(refused) => refused,
        }
    }

    /// The answer that carries `plan` and the single-use token that confirms it.
    async fn with_token(&self, plan: Value) -> Verdict {
        let token = match self.gate.confirmations.issue(self.call).await {
            Ok(token) => token,
            Err(why) => return Verdict::Refused(CallError::Usage(why.into()), "no_token"),
        };
        let lifetime = self.gate.confirmations.ttl().as_secs().max(1);
        let data = json!({ "plan": plan, CONFIRMATION_TOKEN: token, "expires_in_s": lifetime });
        let notes = vec![plan::ask(&self.round.tool.name, lifetime)];
        Verdict::Planned(Outcome::Answer(envelope::envelope(data, None, notes)), None)
    }

    /// The round's audit line, then what it decided: a confirmed write is sent once.
    async fn settle(self, verdict: Verdict) -> Result<Outcome, CallError> {
        match verdict {
            Verdict::Send(how) => {
                self.gate
                    .on_file(&self.event(Audited::Confirmed, None, Some(how)))?;
                self.send().await
            }
            Verdict::Planned(written, how) => {
                self.gate.on_file(&self.event(Audited::Planned, None, how))?;
                Ok(written)
            }
            Verdict::Declined(verb) => {
                self.gate.note(&self.event(Audited::Declined, None, Some(verb)));
                Err(CallError::Declined(verb))
            }
            Verdict::Refused(error, code) => {
                self.gate.note(&self.event(Audited::Refused, None, Some(code)));
                Err(error)
            }
        }
    }

    /// Sends the confirmed write, once, and audits Mist's answer.
    async fn send(&self) -> Result<Outcome, CallError> {
        let (tool, target, checked) = (self.round.tool, self.round.target, &self.checked);
        let ids: Vec<&str> = checked.scope_ids.iter().map(String::as_str).collect();
        let client = self.executor.client();
        let sent = client
            .write(
                &target.base,
                &target.token,
                http_method(tool.method),
                &checked.path,
                checked.body,
                &ids,
            )
            .await;
        match sent {
            Ok((status, mut answer)) => {
                self.gate.note(&self.event(Audited::Done, Some(status), None));
                let mut notes = vec![format!(
                    "{} was sent once (Mist answered {status}); cached reads of the same org or site were dropped.",
                    tool.name
                )];
                notes.extend(crate::secrets::apply(self.executor.secrets(), &mut answer));
                Ok(Outcome::Answer(envelope::envelope(answer, None, notes)))
            }
            Err(error) => {
                self.gate
                    .note(&self.event(Audited::Failed, error.status(), Some(error.kind())));
                Err(match error {
                    MistError::Forbidden { .. } => CallError::WriteForbidden(error),
                    error => CallError::Mist(error),
                })
            }
        }
    }
}

/// The short hex of a token's digest, for audit lines that have no checked call.
pub(crate) fn who(target: Option<&Target>) -> String {
    target
        .map(|t| short_hex(t.token.digest().as_bytes()))
        .unwrap_or_default()
}

/// The method the Mist client sends.
fn http_method(method: mist_catalog::Method) -> http::Method {
    match method {
        mist_catalog::Method::Get => http::Method::GET,
        mist_catalog::Method::Post => http::Method::POST,
        mist_catalog::Method::Put => http::Method::PUT,
        mist_catalog::Method::Delete => http::Method::DELETE,
    }
}
