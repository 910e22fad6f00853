//! Scripted failures: which requests fail, and how.
//!
//! A [`FaultPlan`] is an ordered list of rules. Each API request takes the first rule whose path
//! filter matches and that has shots left; the rule's [`Fault`] replaces the normal answer.

use serde::{Deserialize, Serialize};
use std::sync::Mutex;

/// Ordered fault rules; the JSON body of `POST /__sim/faults`.
///
/// ```json
/// {"rules": [{"fault": {"kind": "status", "status": 503}, "times": 2, "path_contains": "/devices"}]}
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FaultPlan {
    /// The rules, tried in order.
    #[serde(default)]
    pub rules: Vec<FaultRule>,
}

impl FaultPlan {
    /// A plan with no faults.
    pub fn none() -> Self {
        Self::default()
    }

    /// A plan with one rule.
    pub fn single(rule: FaultRule) -> Self {
        Self { rules: vec![rule] }
    }

    /// Adds a rule after the existing ones.
    pub fn then(mut self, rule: FaultRule) -> Self {
        self.rules.push(rule);
        self
    }
}

/// One rule of a [`FaultPlan`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaultRule {
    /// What a matching request gets.
    pub fault: Fault,
    /// How many matching requests the rule hits; `None` hits every one until the plan changes.
    #[serde(default)]
    pub times: Option<u32>,
    /// Only requests whose path contains this text match; `None` matches every API request.
    #[serde(default)]
    pub path_contains: Option<String>,
}

impl FaultRule {
    /// The next `n` matching requests fail with `fault`.
    pub fn times(n: u32, fault: Fault) -> Self {
        Self {
            fault,
            times: Some(n),
            path_contains: None,
        }
    }

    /// Every matching request fails with `fault`.
    pub fn always(fault: Fault) -> Self {
        Self {
            fault,
            times: None,
            path_contains: None,
        }
    }

    /// Restricts the rule to paths containing `text`.
    pub fn on_path(mut self, text: &str) -> Self {
        self.path_contains = Some(text.to_string());
        self
    }

    fn matches(&self, path: &str) -> bool {
        self.times != Some(0)
            && self
                .path_contains
                .as_deref()
                .is_none_or(|needle| path.contains(needle))
    }
}

/// What a faulty answer looks like.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fault {
    /// An error status (500, 502, 503, ...) with a `{"detail"}` body.
    Status {
        /// The status answered.
        status: u16,
    },
    /// 429 with a `{"detail"}` body, as when the hourly budget is spent.
    RateLimited,
    /// The connection is closed without any response bytes.
    Reset,
    /// A 200 whose correct body trickles out in pieces over `delay_ms`.
    SlowBody {
        /// How long the whole body takes, in milliseconds.
        delay_ms: u64,
    },
    /// A 200 declared as JSON whose body is cut short (`{"broken": `).
    MalformedJson,
    /// A 200 with an HTML body instead of JSON, as a misbehaving proxy would send.
    NotJson,
}

/// The live rule list, shared by all requests.
#[derive(Debug, Default)]
pub(crate) struct FaultState {
    rules: Mutex<Vec<FaultRule>>,
}

impl FaultState {
    pub(crate) fn new(plan: FaultPlan) -> Self {
        Self {
            rules: Mutex::new(plan.rules),
        }
    }

    pub(crate) fn replace(&self, plan: FaultPlan) {
        *self.lock() = plan.rules;
    }

    pub(crate) fn plan(&self) -> FaultPlan {
        FaultPlan {
            rules: self.lock().clone(),
        }
    }

    /// Takes one shot of the first rule matching `path`, if any.
    pub(crate) fn take(&self, path: &str) -> Option<Fault> {
        let mut rules = self.lock();
        let rule = rules.iter_mut().find(|r| r.matches(path))?;
        if let Some(n) = rule.times.as_mut() {
            *n -= 1;
        }
        Some(rule.fault.clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<FaultRule>> {
        // A poisoned lock only means another request panicked mid-update of a plain list.
        self.rules.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_rule_fires_only_its_number_of_times() {
        let state = FaultState::new(FaultPlan::single(FaultRule::times(2, Fault::Reset)));
        assert_eq!(state.take("/a"), Some(Fault::Reset));
        assert_eq!(state.take("/a"), Some(Fault::Reset));
        assert_eq!(state.take("/a"), None);
    }

    #[test]
    fn path_filter_leaves_other_paths_alone() {
        let rule = FaultRule::always(Fault::NotJson).on_path("/devices");
        let state = FaultState::new(FaultPlan::single(rule));
        assert_eq!(state.take("/api/v1/sites/x/wlans"), None);
        assert_eq!(state.take("/api/v1/sites/x/devices"), Some(Fault::NotJson));
    }

    #[test]
    fn plan_round_trips_through_json() {
        let plan = FaultPlan::single(FaultRule::times(1, Fault::Status { status: 502 }));
        let text = serde_json::to_string(&plan).unwrap();
        assert!(text.contains("\"kind\":\"status\""));
        assert_eq!(serde_json::from_str::<FaultPlan>(&text).unwrap(), plan);
    }
}
