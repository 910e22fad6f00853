//! A workflow's answer as it is built from several reads: each part put in order, and the
//! parts that could not be read named under `missing` with the reason.

use super::reads::Failed;
use serde_json::{Map, Value, json};

/// Most records one read of a workflow fetches: a site with more is said to be cut.
pub(super) const READ_LIMIT: u32 = 1000;

/// The answer as it is built: its parts in the order they are put, and the parts whose read
/// failed, each with the reason.
#[derive(Default)]
pub(super) struct Parts {
    pub(super) out: Map<String, Value>,
    pub(super) missing: Vec<(&'static str, Failed)>,
}

impl Parts {
    /// Puts part `name`, or names it as missing when its read failed.
    pub(super) fn put(&mut self, name: &'static str, part: Result<Value, Failed>) {
        match part {
            Ok(value) => {
                self.out.insert(name.into(), value);
            }
            Err(failed) => self.missing.push((name, failed)),
        }
    }

    /// The answer, ending with `missing` when a part is.
    pub(super) fn finish(mut self) -> Map<String, Value> {
        if !self.missing.is_empty() {
            let said: Vec<String> = self
                .missing
                .iter()
                .map(|(part, failed)| format!("{part} ({failed})"))
                .collect();
            self.out.insert("missing".into(), json!(said));
        }
        self.out
    }
}
