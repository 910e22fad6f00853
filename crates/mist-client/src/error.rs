//! Failures of a Mist API call, worded for the model that has to decide what to do next.
//!
//! Each variant's message says what happened and the next useful step (which tool to call,
//! which argument to check, how long to wait). None of them carries the token.

use std::time::{Duration, SystemTime};

/// Why a Mist API call failed. The message is written for the model: what happened and the
/// next useful step.
#[derive(Debug, Clone, thiserror::Error)]
pub enum MistError {
    /// 401: the token is invalid, expired, or belongs to another cloud.
    #[error(
        "Mist rejected the API token (401 from {host}): it is invalid, expired, or belongs to \
         another Mist cloud. Check the token and that the cloud matches the account's region.{detail}"
    )]
    Unauthorized {
        /// The API host that refused the token.
        host: String,
        /// Mist's own explanation, when it gave one.
        detail: Detail,
    },

    /// 403: the token has no privilege on the org or site asked for.
    #[error(
        "Mist refused access (403): this token has no privilege on the requested org or site. \
         Call getSelf to list the orgs and sites this token can reach, and use their ids.{detail}"
    )]
    Forbidden {
        /// Mist's own explanation, when it gave one.
        detail: Detail,
    },

    /// 404: the object or path does not exist, or this token cannot see it.
    #[error(
        "Not found (404): {what} does not exist or is not visible to this token. Check the ids in \
         the arguments (getSelf lists orgs; searchOrgSites lists sites)."
    )]
    NotFound {
        /// What was not found: the object id Mist named, else the path without its query.
        what: String,
    },

    /// 400: Mist did not accept an argument value.
    #[error(
        "Mist rejected the request (400): an argument value is not accepted.{detail} Fix the \
         argument and call again."
    )]
    BadRequest {
        /// Mist's own explanation, when it gave one.
        detail: Detail,
    },

    /// 429: Mist refused the call for the token's rate limit.
    #[error(
        "Mist's rate limit was reached (429): the token's hourly call budget is spent.{when} \
         Answers this server already cached are still served; narrow queries or wait before \
         calling again."
    )]
    RateLimited {
        /// When calls should succeed again, if known: from Mist's usage report, a
        /// `Retry-After` header, or the end of this server's count of the window.
        when: RetryHint,
    },

    /// Not sent: the token's budget for the window is spent, by this server's count, the count
    /// replicas share, or Mist's last word.
    #[error(
        "The hourly budget of Mist API calls for this token is spent{limit}, so this server \
         holds calls back instead of sending them to be refused.{when} Answers already cached \
         are still served."
    )]
    BudgetSpent {
        /// The hourly limit that was reached, when known.
        limit: PerHour,
        /// When the budget renews.
        when: RetryHint,
    },

    /// Not sent: the last calls of the budget are spaced out, and the next free slot is further
    /// off than a call is held back.
    #[error(
        "Only {remaining} Mist API calls are left in this token's hourly budget, so calls are \
         spaced out to last until the budget renews.{when} Prefer fewer, broader calls (a \
         larger limit, max_pages) over many small ones."
    )]
    BudgetPaced {
        /// Calls left in the token's window.
        remaining: u32,
        /// When the next call will be let through.
        when: RetryHint,
    },

    /// 5xx: a failure on Mist's side; the same read may succeed later.
    #[error(
        "Mist answered {status} (a server-side error); the request itself was valid. Try again \
         in a few seconds.{detail}"
    )]
    Upstream {
        /// The HTTP status, 500 to 599.
        status: u16,
        /// Mist's own explanation, when it gave one.
        detail: Detail,
    },

    /// Any other status, or an answer larger than the client takes in.
    #[error("Mist answered {status} unexpectedly.{detail}")]
    Unexpected {
        /// The HTTP status Mist answered with.
        status: u16,
        /// Mist's own explanation, or why the answer was refused.
        detail: Detail,
    },

    /// No whole answer came within the time an attempt had.
    #[error(
        "Mist did not answer within {:.0?} (timeout). The API may be slow; try again, or narrow \
         the time window or page size.",
        after
    )]
    Timeout {
        /// The time the attempt had.
        after: Duration,
    },

    /// No connection could be made to the cloud, or the HTTP client could not be built.
    #[error(
        "Could not reach the Mist API at {host} ({reason}). Check the host (MIST_HOST or the \
         `cloud` parameter) and the network."
    )]
    Connect {
        /// The origin the call was for.
        host: String,
        /// The innermost cause, without the URL.
        reason: String,
    },

    /// A successful answer whose body is not what it must be (JSON, or a usage report).
    #[error(
        "Mist answered {status} with a body that is not JSON ({snippet}). The API or a proxy in \
         between returned something unexpected; try again."
    )]
    NotJson {
        /// The HTTP status of the answer.
        status: u16,
        /// How the body starts (control characters blanked), or what it should have been.
        snippet: String,
    },

    /// The connection failed once made: the request or its answer was cut off.
    #[error("The connection to Mist broke while reading the answer ({reason}); try again.")]
    Interrupted {
        /// The innermost cause, without the URL.
        reason: String,
    },

    /// Retries did not help: the last attempt's failure, and how long the call tried.
    #[error("{last} (Gave up after {attempts} attempts in {:.1?}.)", elapsed)]
    GaveUp {
        /// Requests sent, the first one included.
        attempts: u32,
        /// Time from the first attempt to giving up.
        elapsed: Duration,
        /// The last attempt's failure, which gives the error its kind and status.
        last: Box<MistError>,
    },
}

impl MistError {
    /// Whether the same GET may succeed if sent again (used by the retry policy).
    pub(crate) fn is_transient(&self) -> bool {
        matches!(
            self,
            MistError::Upstream { .. }
                | MistError::Timeout { .. }
                | MistError::Connect { .. }
                | MistError::Interrupted { .. }
                | MistError::NotJson { .. }
        )
    }

    /// The HTTP status Mist answered with, when it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            MistError::Unauthorized { .. } => Some(401),
            MistError::Forbidden { .. } => Some(403),
            MistError::NotFound { .. } => Some(404),
            MistError::BadRequest { .. } => Some(400),
            MistError::RateLimited { .. } => Some(429),
            MistError::Upstream { status, .. }
            | MistError::Unexpected { status, .. }
            | MistError::NotJson { status, .. } => Some(*status),
            MistError::GaveUp { last, .. } => last.status(),
            MistError::BudgetSpent { .. }
            | MistError::BudgetPaced { .. }
            | MistError::Timeout { .. }
            | MistError::Connect { .. }
            | MistError::Interrupted { .. } => None,
        }
    }

    /// A short machine-readable class, used in structured error results and logs.
    pub fn kind(&self) -> &'static str {
        match self {
            MistError::Unauthorized { .. } => "unauthorized",
            MistError::Forbidden { .. } => "forbidden",
            MistError::NotFound { .. } => "not_found",
            MistError::BadRequest { .. } => "bad_request",
            MistError::RateLimited { .. } => "rate_limited",
            MistError::BudgetSpent { .. } => "budget_spent",
            MistError::BudgetPaced { .. } => "budget_paced",
            MistError::Upstream { .. } => "upstream_error",
            MistError::Unexpected { .. } => "unexpected_status",
            MistError::Timeout { .. } => "timeout",
            MistError::Connect { .. } => "connection_failed",
            MistError::NotJson { .. } => "not_json",
            MistError::Interrupted { .. } => "interrupted",
            MistError::GaveUp { last, .. } => last.kind(),
        }
    }
}

/// Mist's own explanation (`{"detail": ...}`), shown after our sentence when present.
#[derive(Debug, Clone, Default)]
pub struct Detail(pub(crate) Option<String>);

impl std::fmt::Display for Detail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Some(text) => write!(f, " Mist says: \"{text}\"."),
            None => Ok(()),
        }
    }
}

/// An hourly call limit, when known: ` (5000 calls per hour)`.
#[derive(Debug, Clone, Copy, Default)]
pub struct PerHour(pub(crate) Option<u32>);

impl std::fmt::Display for PerHour {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(n) => write!(f, " ({n} calls per hour)"),
            None => Ok(()),
        }
    }
}

/// When calls are expected to succeed again, if known: a wait and the wall-clock time it ends.
#[derive(Debug, Clone, Default)]
pub struct RetryHint(pub(crate) Option<(Duration, SystemTime)>);

impl RetryHint {
    /// A hint for a wait that starts now.
    pub(crate) fn after(wait: Duration) -> Self {
        Self(Some((wait, SystemTime::now() + wait)))
    }

    pub(crate) fn wait(&self) -> Option<Duration> {
        self.0.map(|(wait, _)| wait)
    }
}

impl std::fmt::Display for RetryHint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some((wait, at)) => {
                // Rounded up to the second so "at" is never earlier than the real moment.
                let at = at + Duration::from_millis(999);
                write!(
                    f,
                    " Calls will succeed again in about {} (at {}).",
                    human(wait),
                    humantime::format_rfc3339_seconds(at)
                )
            }
            None => Ok(()),
        }
    }
}

/// `95 s` → `2 min`, `3700 s` → `62 min`: precise enough for a model deciding to wait.
pub(crate) fn human(wait: Duration) -> String {
    let secs = wait.as_secs();
    if secs < 90 {
        format!("{} s", secs.max(1))
    } else {
        format!("{} min", secs.div_ceil(60))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_next_step() {
        let e = MistError::Forbidden { detail: Detail(None) };
        assert!(e.to_string().contains("getSelf"));
        let e = MistError::RateLimited {
            when: RetryHint::after(Duration::from_secs(600)),
        };
        assert!(e.to_string().contains("in about 10 min (at 20"), "{e}");
        let e = MistError::Unauthorized {
            host: "api.mist.com".into(),
            detail: Detail(Some("bad".into())),
        };
        assert!(e.to_string().contains("Mist says: \"bad\""));
    }

    #[test]
    fn only_server_side_and_network_failures_are_transient() {
        assert!(
            MistError::Upstream {
                status: 503,
                detail: Detail(None)
            }
            .is_transient()
        );
        assert!(
            MistError::Timeout {
                after: Duration::from_secs(1)
            }
            .is_transient()
        );
        assert!(!MistError::NotFound { what: "x".into() }.is_transient());
        assert!(
            !MistError::RateLimited {
                when: RetryHint(None)
            }
            .is_transient()
        );
    }

    #[test]
    fn a_given_up_call_keeps_the_last_failure_and_its_kind() {
        let last = MistError::Upstream {
            status: 503,
            detail: Detail(None),
        };
        let e = MistError::GaveUp {
            attempts: 4,
            elapsed: Duration::from_millis(1500),
            last: Box::new(last),
        };
        assert_eq!(e.kind(), "upstream_error");
        assert!(
            e.to_string().contains("503") && e.to_string().contains("after 4 attempts"),
            "{e}"
        );
    }
}
