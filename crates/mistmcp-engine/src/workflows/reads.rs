//! The reads of one workflow run, and their record: which catalog tool was called, about what,
//! and whether it answered, came from the cache, or failed (and why).

use crate::executor::{CallError, CallOptions, Executor, Target};
use serde_json::{Map, Value, json};
use std::future::Future;
use std::sync::Mutex;

/// What one read gave: the answer's `data`, and whether Mist has more than it returned.
#[derive(Debug, Clone)]
pub(super) struct Read {
    pub(crate) data: Value,
    pub(crate) has_more: bool,
}

impl Read {
    /// A complete answer: `data`, with no further page.
    pub(super) fn whole(data: Value) -> Self {
        Read {
            data,
            has_more: false,
        }
    }

    /// The items of a list answer: the array itself, or a search answer's `results`.
    pub(super) fn items(&self) -> &[Value] {
        match &self.data {
            Value::Array(items) => items,
            Value::Object(map) => map
                .get("results")
                .or_else(|| map.get("users"))
                .and_then(Value::as_array)
                .map_or(&[], Vec::as_slice),
            _ => &[],
        }
    }
}

/// Why a read gave nothing: the tool and Mist's (or the server's) reason, said in a note.
pub(super) type Failed = String;

#[derive(Debug)]
struct Record {
    tool: &'static str,
    about: String,
    outcome: Outcome,
}

#[derive(Debug)]
enum Outcome {
    Pending,
    Answered { cached: bool },
    Failed { kind: &'static str, message: String },
}

/// The reads of one run: the executor they go through and the record of each.
pub(super) struct Reads<'a> {
    executor: &'a Executor,
    target: &'a Target,
    options: CallOptions,
    log: Mutex<Vec<Record>>,
}

impl<'a> Reads<'a> {
    pub(super) fn new(executor: &'a Executor, target: &'a Target, options: &CallOptions) -> Self {
        Self {
            executor,
            target,
            // One progress report per page of each read would mean nothing to the client.
            options: CallOptions {
                fresh: options.fresh,
                progress: None,
                cancel: options.cancel.clone(),
            },
            log: Mutex::new(Vec::new()),
        }
    }

    /// Calls catalog tool `tool` with `args`; `about` says what for (`metric=coverage`). The
    /// call is recorded in the order reads are started, whatever order they end in.
    pub(super) fn read(
        &self,
        tool: &'static str,
        about: impl Into<String>,
        args: Value,
    ) -> impl Future<Output = Result<Read, Failed>> + '_ {
        let slot = {
            let mut log = self.lock();
            log.push(Record {
                tool,
                about: about.into(),
                outcome: Outcome::Pending,
            });
            log.len() - 1
        };
        async move {
            let (outcome, answer) = match self.call(tool, args).await {
                Ok((read, cached)) => (Outcome::Answered { cached }, Ok(read)),
                Err(error) => {
                    let message = error.to_string();
                    let failed = format!("{tool} failed: {message}");
                    (
                        Outcome::Failed {
                            kind: error.kind(),
                            message,
                        },
                        Err(failed),
                    )
                }
            };
            if let Some(record) = self.lock().get_mut(slot) {
                record.outcome = outcome;
            }
            answer
        }
    }

    async fn call(&self, tool: &'static str, args: Value) -> Result<(Read, bool), CallError> {
        let Some(def) = mist_catalog::catalog().tool(tool).filter(|d| !d.is_workflow()) else {
            return Err(CallError::Usage(format!(
                "{tool} is not in this server's catalog"
            )));
        };
        let args = match args {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        let mut envelope = self
            .executor
            .answer_operation(def, Some(&args), self.target, &self.options)
            .await?;
        let cached = envelope
            .get("notes")
            .and_then(Value::as_array)
            .is_some_and(|notes| {
                notes
                    .iter()
                    .filter_map(Value::as_str)
                    .any(|n| n.starts_with(crate::executor::notes::CACHED_PREFIX))
            });
        let has_more = envelope
            .get("pagination")
            .and_then(|p| p.get("has_more"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let data = envelope.remove("data").unwrap_or(Value::Null);
        Ok((Read { data, has_more }, cached))
    }

    /// The record as the answer's `calls` (one row per Mist call: tool, about, status, error),
    /// and a note per failed call.
    pub(super) fn finish(self) -> (Value, Vec<String>) {
        let log = self.log.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut notes = Vec::new();
        let failed = log
            .iter()
            .filter(|r| matches!(r.outcome, Outcome::Failed { .. }))
            .count();
        if failed > 0 {
            notes.push(format!(
                "{failed} of {} Mist calls failed; the parts they feed are left out and the rest \
                 is complete. calls says which and why; call the tool again to retry.",
                log.len()
            ));
        }
        let rows = log
            .into_iter()
            .map(|r| {
                let mut row = Map::new();
                row.insert("tool".into(), json!(r.tool));
                if !r.about.is_empty() {
                    row.insert("about".into(), json!(r.about));
                }
                match r.outcome {
                    Outcome::Pending => row.insert("status".into(), json!("not finished")),
                    Outcome::Answered { cached: false } => row.insert("status".into(), json!("ok")),
                    Outcome::Answered { cached: true } => row.insert("status".into(), json!("cached")),
                    Outcome::Failed { kind, message } => {
                        row.insert("status".into(), json!("failed"));
                        row.insert("kind".into(), json!(kind));
                        row.insert("error".into(), json!(message))
                    }
                };
                Value::Object(row)
            })
            .collect();
        (Value::Array(rows), notes)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Record>> {
        // A poisoned lock only means a read panicked while writing its outcome.
        self.log.lock().unwrap_or_else(|e| e.into_inner())
    }
}
