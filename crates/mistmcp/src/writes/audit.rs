//! The audit trail of writes: one structured log line per plan, confirmation, decline, refusal
//! and result, and with `--audit-log PATH` the same as a JSON line in that file. The Mist token
//! never appears: only a short digest of it, enough to tell callers apart.

use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

/// What happened to a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The plan was shown and a confirmation asked for; nothing was sent.
    Planned,
    /// The user confirmed; the write is being sent.
    Confirmed,
    /// The user declined or cancelled; nothing was sent.
    Declined,
    /// The call was refused before anything was sent (bad body, bad token, disabled).
    Refused,
    /// Mist accepted the write.
    Done,
    /// Mist refused the write or could not be reached.
    Failed,
}

impl Outcome {
    pub fn as_str(&self) -> &'static str {
        match self {
            Outcome::Planned => "planned",
            Outcome::Confirmed => "confirmed",
            Outcome::Declined => "declined",
            Outcome::Refused => "refused",
            Outcome::Done => "done",
            Outcome::Failed => "failed",
        }
    }
}

/// One audit record.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub operation: &'a str,
    pub method: &'a str,
    /// The request path with its ids filled in.
    pub target: &'a str,
    /// Hex digest of the Mist token (its first 16 digits).
    pub token: &'a str,
    /// Hex digest of the body (its first 16 digits), empty without a body.
    pub body: &'a str,
    pub outcome: Outcome,
    /// Mist's HTTP status, when Mist answered.
    pub status: Option<u16>,
    /// Why, for refusals and failures.
    pub detail: Option<&'a str>,
}

/// Where audit records go besides the log.
pub struct AuditLog {
    file: Option<(PathBuf, Mutex<std::fs::File>)>,
}

impl AuditLog {
    /// Opens (creating, appending) the audit file when one is given.
    pub fn open(path: Option<&Path>) -> Result<Self, String> {
        let file = match path {
            None => None,
            Some(path) => {
                let file = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)
                    .map_err(|e| format!("cannot open the audit log {}: {e}", path.display()))?;
                Some((path.to_owned(), Mutex::new(file)))
            }
        };
        Ok(Self { file })
    }

    /// Records one event: a log line always, a JSON line when a file is set.
    pub fn record(&self, event: &Event<'_>) {
        tracing::info!(
            target: "mistmcp::audit",
            operation = event.operation,
            method = event.method,
            target_path = event.target,
            token = event.token,
            body = event.body,
            outcome = event.outcome.as_str(),
            status = event.status,
            detail = event.detail,
            "write"
        );
        let Some((path, file)) = &self.file else {
            return;
        };
        let mut line = line(event, SystemTime::now()).to_string();
        line.push('\n');
        let mut file = file.lock().unwrap_or_else(|e| e.into_inner());
        if let Err(e) = file.write_all(line.as_bytes()).and_then(|()| file.flush()) {
            tracing::error!(path = %path.display(), error = %e, "cannot write the audit log");
        }
    }
}

/// The JSON line of one event.
pub fn line(event: &Event<'_>, at: SystemTime) -> Value {
    json!({
        "time": humantime::format_rfc3339_millis(at).to_string(),
        "operation": event.operation,
        "method": event.method,
        "target": event.target,
        "token_digest": event.token,
        "body_digest": event.body,
        "outcome": event.outcome.as_str(),
        "mist_status": event.status,
        "detail": event.detail,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_holds_every_field_and_a_utc_time() {
        let event = Event {
            operation: "deleteSiteWlan",
            method: "DELETE",
            target: "/api/v1/sites/s/wlans/w",
            token: "abcd",
            body: "",
            outcome: Outcome::Done,
            status: Some(200),
            detail: None,
        };
        let value = line(&event, SystemTime::UNIX_EPOCH);
        assert_eq!(value["time"], "1970-01-01T00:00:00.000Z");
        assert_eq!(value["outcome"], "done");
        assert_eq!(value["mist_status"], 200);
        assert_eq!(value["token_digest"], "abcd");
    }
}
