//! The audit trail of writes: one structured log line per plan, confirmation, decline, refusal
//! and result, and with `--audit-log PATH` the same as a JSON line in that file. The Mist token
//! never appears: only a short digest of it, enough to tell callers apart.
//!
//! The file fails closed: [`AuditLog::record`] says when a line could not be written, and the
//! write gate sends nothing whose plan or confirmation is not on file. The file is created
//! readable by its owner only: it names who changed what.

use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

/// What happened to a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
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
    pub(crate) fn as_str(&self) -> &'static str {
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
pub(crate) struct Event<'a> {
    pub(crate) operation: &'a str,
    pub(crate) method: &'a str,
    /// The request path with its ids filled in.
    pub(crate) target: &'a str,
    /// Hex digest of the Mist token (its first 16 digits).
    pub(crate) token: &'a str,
    /// Hex digest of the body (its first 16 digits), empty without a body.
    pub(crate) body: &'a str,
    pub(crate) outcome: Outcome,
    /// Mist's HTTP status, when Mist answered.
    pub(crate) status: Option<u16>,
    /// Why, for refusals and failures.
    pub(crate) detail: Option<&'a str>,
}

impl<'a> Event<'a> {
    /// A call of `tool` refused before anything was sent: `target` is its path (filled in when
    /// known), `token` the caller's digest, `why` the class of the refusal.
    pub(crate) fn refused(
        tool: &'a mist_catalog::ToolDef,
        target: &'a str,
        token: &'a str,
        why: &'static str,
    ) -> Self {
        Self {
            operation: &tool.name,
            method: tool.method.as_str(),
            target,
            token,
            body: "",
            outcome: Outcome::Refused,
            status: None,
            detail: Some(why),
        }
    }
}

/// An audit line could not be written to the file; the write it records must not be sent.
#[derive(Debug, thiserror::Error)]
#[error("the audit log {} cannot be written ({source})", path.display())]
pub struct AuditError {
    path: PathBuf,
    source: std::io::Error,
}

/// Where audit records go besides the log.
pub(crate) struct AuditLog {
    file: Option<(PathBuf, Mutex<std::fs::File>)>,
}

impl AuditLog {
    /// Opens (creating, appending) the audit file when one is given.
    pub(crate) fn open(path: Option<&Path>) -> Result<Self, String> {
        let file = match path {
            None => None,
            Some(path) => {
                let mut options = std::fs::OpenOptions::new();
                options.create(true).append(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                let file = options
                    .open(path)
                    .map_err(|e| format!("cannot open the audit log {}: {e}", path.display()))?;
                Some((path.to_owned(), Mutex::new(file)))
            }
        };
        Ok(Self { file })
    }

    /// Records one event: a log line always, a JSON line when a file is set. An error means
    /// the file did not take the line.
    pub(crate) fn record(&self, event: &Event<'_>) -> Result<(), AuditError> {
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
            return Ok(());
        };
        let mut line = line(event, SystemTime::now()).to_string();
        line.push('\n');
        let mut file = file.lock().unwrap_or_else(|e| e.into_inner());
        file.write_all(line.as_bytes())
            .and_then(|()| file.flush())
            .map_err(|source| {
                tracing::error!(path = %path.display(), error = %source, "cannot write the audit log");
                AuditError {
                    path: path.clone(),
                    source,
                }
            })
    }
}

/// The JSON line of one event.
pub(crate) fn line(event: &Event<'_>, at: SystemTime) -> Value {
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

    fn event(outcome: Outcome) -> Event<'static> {
        Event {
            operation: "updateSiteWlan",
            method: "PUT",
            target: "/api/v1/sites/s/wlans/w",
            token: "abcd",
            body: "",
            outcome,
            status: None,
            detail: Some("token"),
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_full_disk_is_an_error_not_a_silent_loss() {
        let log = AuditLog::open(Some(Path::new("/dev/full"))).unwrap();
        let error = log.record(&event(Outcome::Confirmed)).unwrap_err();
        assert!(error.to_string().contains("/dev/full"), "{error}");
        assert!(
            AuditLog::open(None)
                .unwrap()
                .record(&event(Outcome::Confirmed))
                .is_ok()
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_created_for_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let path = std::env::temp_dir().join(format!("mistmcp-audit-unit-{}.jsonl", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let log = AuditLog::open(Some(&path)).unwrap();
        log.record(&event(Outcome::Planned)).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        let _ = std::fs::remove_file(&path);
        assert_eq!(mode, 0o600, "{mode:o}");
    }

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
