//! API tokens and their hourly request budgets.

use crate::config::{Role, SimToken};
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(3600);

/// What `GET /api/v1/self/usage` reports for a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Usage {
    pub(crate) requests: u32,
    pub(crate) request_limit: u32,
    pub(crate) seconds_left: u64,
}

#[derive(Debug, Default)]
struct Window {
    opened: Option<Instant>,
    used: u32,
}

#[derive(Debug)]
pub(crate) struct Caller {
    pub(crate) label: String,
    pub(crate) org_id: String,
    pub(crate) role: Role,
    /// An org API token: `/self` names no user.
    pub(crate) org_token: bool,
    window: Mutex<Window>,
}

#[derive(Debug)]
pub(crate) struct Auth {
    by_token: HashMap<String, Caller>,
    limit: AtomicU32,
}

impl Auth {
    pub(crate) fn new(tokens: &[SimToken], hourly_limit: u32) -> Self {
        let by_token = tokens
            .iter()
            .map(|t| {
                let caller = Caller {
                    label: t.label.clone(),
                    org_id: t.org_id.clone(),
                    role: t.role,
                    org_token: t.org_token,
                    window: Mutex::new(Window::default()),
                };
                (t.token.clone(), caller)
            })
            .collect();
        Self {
            by_token,
            limit: AtomicU32::new(hourly_limit),
        }
    }

    /// The caller named by an `Authorization: Token <t>` header value.
    pub(crate) fn identify(&self, header: Option<&str>) -> Option<&Caller> {
        let value = header?.trim();
        let (scheme, token) = value.split_once(' ')?;
        if !scheme.eq_ignore_ascii_case("token") {
            return None;
        }
        self.by_token.get(token.trim())
    }

    /// Counts one request against the caller's window; `Err` when the budget is spent.
    pub(crate) fn charge(&self, caller: &Caller) -> Result<Usage, Usage> {
        self.window(caller, true)
    }

    /// The caller's window as it stands, nothing counted.
    pub(crate) fn usage(&self, caller: &Caller) -> Usage {
        self.window(caller, false).unwrap_or_else(|u| u)
    }

    fn window(&self, caller: &Caller, count: bool) -> Result<Usage, Usage> {
        let limit = self.limit.load(Ordering::Relaxed);
        let mut w = lock(&caller.window);
        let now = Instant::now();
        let opened = match w.opened {
            Some(t) if now.duration_since(t) < WINDOW => t,
            _ => {
                w.used = 0;
                w.opened = Some(now);
                now
            }
        };
        let seconds_left = WINDOW.saturating_sub(now.duration_since(opened)).as_secs();
        if count && w.used >= limit {
            return Err(Usage {
                requests: w.used,
                request_limit: limit,
                seconds_left,
            });
        }
        if count {
            w.used += 1;
        }
        Ok(Usage {
            requests: w.used,
            request_limit: limit,
            seconds_left,
        })
    }

    /// Every known caller, in no particular order.
    pub(crate) fn callers(&self) -> impl Iterator<Item = &Caller> {
        self.by_token.values()
    }

    pub(crate) fn set_limit(&self, limit: u32) {
        self.limit.store(limit, Ordering::Relaxed);
    }

    /// Closes every token's window, so the next call opens a fresh one.
    pub(crate) fn reset_windows(&self) {
        for caller in self.by_token.values() {
            *lock(&caller.window) = Window::default();
        }
    }
}

fn lock(m: &Mutex<Window>) -> std::sync::MutexGuard<'_, Window> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth(limit: u32) -> Auth {
        Auth::new(&[SimToken::new("a", "tok", "org")], limit)
    }

    #[test]
    fn only_the_token_scheme_with_a_known_token_is_accepted() {
        let a = auth(5);
        assert!(a.identify(Some("Token tok")).is_some());
        assert!(a.identify(Some("token  tok")).is_some());
        assert!(a.identify(Some("Bearer tok")).is_none());
        assert!(a.identify(Some("Token other")).is_none());
        assert!(a.identify(None).is_none());
    }

    #[test]
    fn budget_refuses_once_spent_and_reset_reopens_it() {
        let a = auth(2);
        let c = a.identify(Some("Token tok")).unwrap();
        assert_eq!(a.charge(c).unwrap().requests, 1);
        assert_eq!(a.charge(c).unwrap().requests, 2);
        let refused = a.charge(c).unwrap_err();
        assert_eq!((refused.requests, refused.request_limit), (2, 2));
        a.reset_windows();
        assert_eq!(a.charge(c).unwrap().requests, 1);
    }
}
