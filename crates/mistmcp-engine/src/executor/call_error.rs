//! Why a tool call failed, typed to the edge.
//!
//! The executor and the handler keep the class of a failure until the answer is built, so the
//! tool error carries it as structured content (`{"error": {"kind": …}}`): clients and tests can
//! branch on it instead of matching prose. The text stays the sentence a model acts on.

use super::args::ArgError;
use super::request::BuildError;
use crate::suggest::closest;
use mist_client::{CursorError, MistError};
use serde_json::{Map, Value, json};

/// Why a tool call failed, typed, so that each edge (the MCP handler, the CLI) says it in
/// its own form and the audit log records its kind.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    /// The arguments do not fit the tool's parameters; nothing was sent.
    #[error("{0}{hint}", hint = did_you_mean(.0).map(|n| format!("; did you mean '{n}'?")).unwrap_or_default())]
    Arguments(#[from] ArgError),
    /// A missing or wrong argument whose values another tool lists; the message names it.
    #[error("{error}; {source_tool} lists the values it takes")]
    Sourced {
        /// The argument refused.
        error: ArgError,
        /// The tool that lists the values the argument takes.
        source_tool: String,
    },
    /// The `cursor` argument cannot be opened here; nothing was sent.
    #[error("{0}")]
    Cursor(#[from] CursorError),
    /// The request cannot be built: too long, or (a defect) not the operation's path; nothing
    /// was sent.
    #[error("{0}")]
    Request(#[from] BuildError),
    /// Mist (or the way to it) failed the request.
    #[error("{0}")]
    Mist(#[from] MistError),
    /// Mist refused a write for the token's role (403); nothing changed. Said apart from a read's
    /// 403, which means another org's ids, because here the fix is another token.
    #[error(
        "Mist refused this write (403): the token's role does not allow changes here (a read-only \
         or observer role can only read). getSelf shows the token's role in each org; the change \
         needs a token of an admin or write role"
    )]
    WriteForbidden(MistError),
    /// A write's body does not fit the operation's schema; each problem names the field, what
    /// was expected and what was given. Nothing was sent.
    #[error(
        "the body does not fit the operation's schema, so nothing was sent: {}; describeMistTool shows the body's fields",
        .0.join("; ")
    )]
    InvalidBody(Vec<String>),
    /// A write's confirmation token was refused; nothing was sent.
    #[error(
        "{}; nothing was sent. Call the tool again without confirmation_token for a new plan, show it to the user and ask again",
        .0.explain()
    )]
    Confirmation(crate::confirm::Refused),
    /// The user declined (or cancelled) a write when asked; nothing was sent.
    #[error("the user {0} the write; nothing was sent")]
    Declined(&'static str),
    /// The write's audit line could not be written, so the write was not sent.
    #[error("{0}; nothing was sent. The operator must make the audit log writable (--audit-log)")]
    Audit(#[from] crate::audit::AuditError),
    /// The tool exists but is not enabled for this caller; the message says how to enable it.
    #[error("{0}")]
    NotEnabled(String),
    /// No tool has that name; `closest` are the names nearest to it.
    #[error(
        "'{given}' is not a Mist tool{hint}; searchMistTools finds tools by what they do",
        given = mist_client::echo::clip(given),
        hint = if closest.is_empty() { String::new() } else { format!("; closest: {}", closest.join(", ")) }
    )]
    UnknownTool {
        /// The name given.
        given: String,
        /// The closest names this caller may call.
        closest: Vec<String>,
    },
    /// The request lacks what a Mist call needs (a token, a cloud); the message says what to send.
    #[error("{0}")]
    Credentials(String),
    /// A management tool (`manageMcpTools`, `callMistTool`) was called wrongly.
    #[error("{0}")]
    Usage(String),
    /// An error of a call made through `callMistTool`, with the called tool's signature so
    /// the model can correct its call in one step.
    #[error("{error} Call it as {signature}.")]
    Signed {
        /// The called tool's error.
        error: Box<CallError>,
        /// The called tool's signature ([`crate::signature`]).
        signature: String,
    },
}

impl CallError {
    /// An argument error, naming `source`, the tool that lists the argument's values, when
    /// there is one (`metric` comes from `listSiteSlesMetrics`).
    pub(crate) fn arguments(error: ArgError, source: Option<&str>) -> Self {
        match (&error, source) {
            (ArgError::Missing { .. } | ArgError::Invalid { .. }, Some(source)) => CallError::Sourced {
                error,
                source_tool: source.to_owned(),
            },
            _ => CallError::Arguments(error),
        }
    }
}

/// The known argument closest to an unknown one.
fn did_you_mean(error: &ArgError) -> Option<&str> {
    match error {
        ArgError::Unknown { name, valid } => closest(name, valid.iter().map(String::as_str), 1)
            .first()
            .copied(),
        _ => None,
    }
}

impl CallError {
    /// The class of failure: `arguments`, `cursor`, `mist`, `not_enabled`,
    /// `confirmation`, `declined`, `audit`, `unknown_tool`, `credentials` or `usage`.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            CallError::Signed { error, .. } => error.kind(),
            CallError::Arguments(_) | CallError::Sourced { .. } => "arguments",
            CallError::Cursor(_) => "cursor",
            CallError::Request(BuildError::TooLong { .. }) => "arguments",
            CallError::Request(BuildError::Mismatch(_)) => "internal",
            CallError::Mist(_) | CallError::WriteForbidden(_) => "mist",
            CallError::NotEnabled(_) => "not_enabled",
            CallError::InvalidBody(_) => "arguments",
            CallError::Confirmation(_) => "confirmation",
            CallError::Declined(_) => "declined",
            CallError::Audit(_) => "audit",
            CallError::UnknownTool { .. } => "unknown_tool",
            CallError::Credentials(_) => "credentials",
            CallError::Usage(_) => "usage",
        }
    }

    /// Adds the signature of the tool that was called to this error.
    pub(crate) fn signed(self, signature: String) -> Self {
        CallError::Signed {
            error: Box::new(self),
            signature,
        }
    }

    /// The structured part of the error: its kind and the facts a client can use.
    pub(crate) fn details(&self, tool: &str) -> Map<String, Value> {
        let mut error = match self {
            CallError::Signed { error, .. } => error.details(tool),
            _ => Map::new(),
        };
        error.insert("kind".into(), json!(self.kind()));
        error.insert("tool".into(), json!(tool));
        match self {
            CallError::Signed { signature, .. } => {
                error.insert("signature".into(), json!(signature));
            }
            CallError::UnknownTool { closest, .. } => {
                error.insert("closest".into(), json!(closest));
            }
            CallError::Sourced {
                error: arg,
                source_tool,
            } => {
                error.insert("argument".into(), json!(arg.argument()));
                error.insert("source".into(), json!(source_tool));
            }
            CallError::Mist(mist) | CallError::WriteForbidden(mist) => {
                error.insert("mist".into(), json!(mist.kind()));
                if let Some(status) = mist.status() {
                    error.insert("status".into(), json!(status));
                }
            }
            CallError::InvalidBody(problems) => {
                error.insert("argument".into(), json!("body"));
                error.insert("problems".into(), json!(problems));
            }
            CallError::Confirmation(refused) => {
                error.insert("reason".into(), json!(refused.code()));
            }
            CallError::Arguments(arg) => {
                error.insert("argument".into(), json!(arg.argument()));
                if let Some(near) = did_you_mean(arg) {
                    error.insert("did_you_mean".into(), json!(near));
                }
                if let ArgError::Invalid { expected, .. } = arg {
                    error.insert("expected".into(), json!(expected));
                }
            }
            _ => {}
        }
        error
    }

    /// What a client is told: the message for the model, prefixed with the tool's name unless
    /// it starts with it, and `{"error": {kind, tool, message, …}}` for its code. The transport's
    /// side dresses both as its protocol's tool error.
    pub fn report(&self, tool: &str) -> (String, Value) {
        let text = self.to_string();
        let message = if text.starts_with(tool) {
            text
        } else {
            format!("{tool}: {text}")
        };
        let mut error = self.details(tool);
        error.insert("message".into(), json!(message));
        (message, json!({ "error": error }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_argument_error_names_its_kind_and_argument_in_structured_content() {
        let error = CallError::Arguments(ArgError::Missing {
            name: "org_id".into(),
            expected: "a string".into(),
        });
        let (text, structured) = error.report("getOrg");
        assert_eq!(structured["error"]["kind"], "arguments");
        assert_eq!(structured["error"]["argument"], "org_id");
        assert_eq!(structured["error"]["tool"], "getOrg");
        assert!(
            text.starts_with("getOrg: missing required argument 'org_id'"),
            "{text}"
        );
    }

    #[test]
    fn an_unknown_argument_names_the_closest_known_one() {
        let error = CallError::Arguments(ArgError::Unknown {
            name: "site".into(),
            valid: vec!["org_id".into(), "site_id".into()],
        });
        let (text, structured) = error.report("getSiteStats");
        assert!(text.ends_with("did you mean 'site_id'?"), "{text}");
        assert_eq!(structured["error"]["did_you_mean"], "site_id");
    }

    #[test]
    fn a_signed_error_keeps_its_kind_and_adds_the_signature() {
        let error = CallError::Arguments(ArgError::Missing {
            name: "org_id".into(),
            expected: "a string".into(),
        })
        .signed("getOrg(org_id, fields?)".into());
        let (text, structured) = error.report("getOrg");
        assert_eq!(structured["error"]["kind"], "arguments");
        assert_eq!(structured["error"]["argument"], "org_id");
        assert_eq!(structured["error"]["signature"], "getOrg(org_id, fields?)");
        assert!(text.ends_with("Call it as getOrg(org_id, fields?)."), "{text}");
    }

    #[test]
    fn a_value_from_another_tool_names_that_tool() {
        let missing = ArgError::Missing {
            name: "metric".into(),
            expected: "a string".into(),
        };
        let error = CallError::arguments(missing, Some("listSiteSlesMetrics"));
        let (text, structured) = error.report("getSiteSleSummary");
        assert_eq!(structured["error"]["kind"], "arguments");
        assert_eq!(structured["error"]["argument"], "metric");
        assert_eq!(structured["error"]["source"], "listSiteSlesMetrics");
        assert!(
            text.ends_with("listSiteSlesMetrics lists the values it takes"),
            "{text}"
        );
        let unknown = ArgError::Unknown {
            name: "metrc".into(),
            valid: vec!["metric".into()],
        };
        assert!(matches!(
            CallError::arguments(unknown, Some("listSiteSlesMetrics")),
            CallError::Arguments(_)
        ));
    }

    #[test]
    fn a_mist_error_carries_its_class_and_status() {
        let error = CallError::Mist(MistError::NotFound {
            what: "the org".into(),
        });
        let (_, structured) = error.report("getOrg");
        assert_eq!(structured["error"]["kind"], "mist");
        assert_eq!(structured["error"]["mist"], "not_found");
        assert_eq!(structured["error"]["status"], 404);
    }
}
