//! Confirmation through the client itself: the user is shown the plan in plain words and
//! answers yes or no, and the write is sent only on a yes.
//!
//! How the client is asked is the transport's business: on a session, the server sends
//! MCP's `elicitation/create` and waits ([`Ask::Session`] with an [`Asker`]); a stateless
//! 2026-07-28 client is handed the question inside an `input_required` result and retries with
//! the answer ([`Ask::Rounds`]). The engine sees only what came back: an [`Answer`].

use serde_json::Value;
use std::time::Duration;

/// The one field of the form: the user's yes.
pub const CONFIRM: &str = "confirm";

/// The key of the one input request of a write's round.
pub const INPUT_KEY: &str = "confirm_write";

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
    pub(crate) fn verb(&self) -> &'static str {
        match self {
            Answer::Confirmed => "confirmed",
            Answer::Declined => "declined",
            Answer::Cancelled => "cancelled",
        }
    }
}

/// Puts a write's plan to the user on the client's session and waits for the answer.
#[async_trait::async_trait]
pub trait Asker: Send + Sync {
    /// Asks the user about `plan`; `wait` bounds how long a person may take. An error means
    /// the question could not be asked or answered (nothing was sent); the engine falls back to
    /// a confirmation token.
    async fn ask(&self, plan: &Value, wait: Duration) -> Result<Answer, String>;
}

/// How this request's client can be asked, if at all.
#[derive(Clone, Copy)]
pub enum Ask<'a> {
    /// It cannot: the plan comes back with a confirmation token.
    No,
    /// On its session.
    Session(&'a dyn Asker),
    /// Stateless (2026-07-28): with an `input_required` result. On the retry, `state` is the
    /// echoed `requestState`, and `answer` what the user answered (`None`: the retry carries no
    /// answer to [`INPUT_KEY`]).
    Rounds {
        /// The echoed `requestState`: the confirmation token of the plan asked about.
        state: Option<&'a str>,
        /// What the user answered, if the retry carries it.
        answer: Option<Answer>,
    },
}
