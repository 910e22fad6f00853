//! Request counters, so tests can see how many calls actually reached "Mist".

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Mutex;

/// Label under which requests without a known token are counted.
pub const ANONYMOUS: &str = "anonymous";

/// A snapshot of the counters since start or the last reset (`GET /__sim/stats`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimStats {
    /// Every request under `/api/`, whatever its outcome.
    pub total: u64,
    /// Token label (or `anonymous`) → request path without query → count.
    pub by_token: BTreeMap<String, BTreeMap<String, u64>>,
    /// Catalog tool name (or a write's operationId) → count, for requests whose method and path
    /// matched an operation.
    pub by_tool: BTreeMap<String, u64>,
}

impl SimStats {
    /// Requests to exactly this path (no query string), over all tokens.
    pub fn path_count(&self, path: &str) -> u64 {
        self.by_token.values().filter_map(|m| m.get(path)).sum()
    }

    /// Requests made with the token of this label.
    pub fn token_count(&self, label: &str) -> u64 {
        self.by_token.get(label).map_or(0, |m| m.values().sum())
    }

    /// Requests routed to this catalog tool.
    pub fn tool_count(&self, tool: &str) -> u64 {
        self.by_tool.get(tool).copied().unwrap_or(0)
    }
}

#[derive(Debug, Default)]
pub(crate) struct StatsRecorder {
    inner: Mutex<SimStats>,
}

impl StatsRecorder {
    pub(crate) fn record(&self, label: &str, path: &str, tool: Option<&str>) {
        let mut s = self.lock();
        s.total += 1;
        let per_path = match s.by_token.get_mut(label) {
            Some(m) => m,
            None => s.by_token.entry(label.to_string()).or_default(),
        };
        match per_path.get_mut(path) {
            Some(n) => *n += 1,
            None => {
                per_path.insert(path.to_string(), 1);
            }
        }
        if let Some(tool) = tool {
            match s.by_tool.get_mut(tool) {
                Some(n) => *n += 1,
                None => {
                    s.by_tool.insert(tool.to_string(), 1);
                }
            }
        }
    }

    pub(crate) fn snapshot(&self) -> SimStats {
        self.lock().clone()
    }

    pub(crate) fn reset(&self) {
        *self.lock() = SimStats::default();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, SimStats> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_per_token_path_and_tool() {
        let r = StatsRecorder::default();
        r.record("main", "/api/v1/self", Some("getSelf"));
        r.record("main", "/api/v1/self", Some("getSelf"));
        r.record(ANONYMOUS, "/api/v1/nope", None);
        let s = r.snapshot();
        assert_eq!(s.total, 3);
        assert_eq!(s.path_count("/api/v1/self"), 2);
        assert_eq!(s.token_count("main"), 2);
        assert_eq!(s.tool_count("getSelf"), 2);
        r.reset();
        assert_eq!(r.snapshot().total, 0);
    }
}
