//! The hourly budget of Mist API calls, kept per token so the server slows down before Mist
//! says no.
//!
//! Mist counts calls per token in a window of one hour that opens at the token's first call.
//! This mirrors it: each token (by digest, so tokens never share a budget) has a window, a
//! count and a limit. Once 90 % of the limit is used, the remaining calls are spaced evenly over
//! what is left of the window; a call that would have to wait longer than a short pause is
//! refused with the time it may come back, instead of burning the remainder in a burst. When
//! Mist's own figures are known (`GET /api/v1/self/usage`), they replace the local estimate.
//!
//! Every method takes `now`, so the rules are tested without clocks.

use super::token::TokenDigest;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Length of Mist's rate-limit window.
pub(crate) const WINDOW: Duration = Duration::from_secs(3600);

/// How often, at most, Mist is asked for a token's usage.
const SYNC_INTERVAL: Duration = Duration::from_secs(30);

/// Windows are swept for expired ones when the map grows past this (many HTTP tokens).
const SWEEP_AT: usize = 4096;

/// How many calls each token may send to Mist in a window, and how the last of them are spaced
/// out; by default Mist's own limit of 5,000 calls an hour.
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetSettings {
    /// Calls per token per window; 0 turns the budget off.
    pub limit: u32,
    /// Length of a token's window, which opens at its first call; Mist's is one hour.
    pub window: Duration,
    /// Longest a call is held back to keep calls spaced out; longer waits are refused.
    pub max_pace_wait: Duration,
}

impl Default for BudgetSettings {
    fn default() -> Self {
        Self {
            limit: 5_000,
            window: WINDOW,
            max_pace_wait: Duration::from_secs(3),
        }
    }
}

/// Whether a call may go to Mist now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Admission {
    Go,
    /// Go after this pause; the slot is already taken.
    Wait(Duration),
    /// Nothing is left until the window renews, in `retry_in`; the hourly limit when known.
    Spent {
        retry_in: Duration,
        limit: Option<u32>,
    },
    /// Calls are being spaced out; the next slot is `retry_in` away.
    Paced {
        retry_in: Duration,
        remaining: u32,
    },
}

/// Mist's view of a token's window (`GET /api/v1/self/usage`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Usage {
    /// Calls Mist counted in the window, from every client of the token.
    pub(crate) requests: u32,
    /// Mist's limit for the token's window.
    pub(crate) request_limit: u32,
    /// Seconds until the window renews.
    pub(crate) seconds: u64,
}

impl Usage {
    /// Reads Mist's answer; `None` when a figure is missing or not a number.
    pub(crate) fn from_json(body: &serde_json::Value) -> Option<Self> {
        let n = |k: &str| body.get(k).and_then(serde_json::Value::as_u64);
        Some(Self {
            requests: u32::try_from(n("requests")?).unwrap_or(u32::MAX),
            request_limit: u32::try_from(n("request_limit")?).unwrap_or(u32::MAX),
            seconds: n("seconds")?,
        })
    }
}

#[derive(Debug, Clone)]
struct TokenWindow {
    ends: Instant,
    used: u32,
    limit: u32,
    /// The last slot handed out while pacing.
    last_slot: Option<Instant>,
    last_sync: Option<Instant>,
    /// Mist said no until then.
    blocked_until: Option<Instant>,
    /// Mist's limit, when it reported one in this window.
    mist_limit: Option<u32>,
}

/// Every token's window: its count, limit and pacing, and what Mist last said of it.
#[derive(Debug)]
pub(crate) struct Budget {
    settings: BudgetSettings,
    windows: Mutex<HashMap<TokenDigest, TokenWindow>>,
}

impl Budget {
    /// A budget with no window open yet: each token's opens at its first call.
    pub(crate) fn new(settings: BudgetSettings) -> Self {
        Self {
            settings,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// The limit, window and pacing it was made with.
    pub(crate) fn settings(&self) -> &BudgetSettings {
        &self.settings
    }

    fn fresh_window(&self, now: Instant) -> TokenWindow {
        TokenWindow {
            ends: now + self.settings.window,
            used: 0,
            limit: self.settings.limit,
            last_slot: None,
            last_sync: None,
            blocked_until: None,
            mist_limit: None,
        }
    }

    fn with_window<R>(&self, who: TokenDigest, now: Instant, f: impl FnOnce(&mut TokenWindow) -> R) -> R {
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if windows.len() >= SWEEP_AT {
            windows.retain(|_, w| w.ends > now);
        }
        let window = windows.entry(who).or_insert_with(|| self.fresh_window(now));
        if now >= window.ends {
            *window = self.fresh_window(now);
        }
        f(window)
    }

    /// Takes one call from the token's budget, or says why not.
    pub(crate) fn admit(&self, who: TokenDigest, now: Instant) -> Admission {
        if self.settings.limit == 0 {
            return Admission::Go;
        }
        let max_wait = self.settings.max_pace_wait;
        self.with_window(who, now, |w| {
            if let Some(until) = w.blocked_until.filter(|until| *until > now) {
                return Admission::Spent {
                    retry_in: until - now,
                    limit: w.mist_limit,
                };
            }
            if w.used >= w.limit {
                return Admission::Spent {
                    retry_in: w.ends - now,
                    limit: Some(w.limit),
                };
            }
            let mut admission = Admission::Go;
            if w.used >= pace_from(w.limit) {
                let remaining = w.limit - w.used;
                let spacing = (w.ends - now) / remaining;
                let slot = w.last_slot.map_or(now, |last| (last + spacing).max(now));
                let wait = slot - now;
                if wait > max_wait {
                    return Admission::Paced {
                        retry_in: wait,
                        remaining,
                    };
                }
                w.last_slot = Some(slot);
                if !wait.is_zero() {
                    admission = Admission::Wait(wait);
                }
            }
            w.used += 1;
            admission
        })
    }

    /// Whether Mist should be asked for the token's usage now: the local count is near or at
    /// the limit (or `force`, after a 429), and Mist was not asked in the last 30 seconds.
    /// Answering true marks the question as asked.
    pub(crate) fn begin_sync(&self, who: TokenDigest, now: Instant, force: bool) -> bool {
        if self.settings.limit == 0 {
            return false;
        }
        self.with_window(who, now, |w| {
            let near = w.used >= pace_from(w.limit) || w.blocked_until.is_some_and(|b| b > now);
            let recent = w.last_sync.is_some_and(|t| now < t + SYNC_INTERVAL);
            if !(near || force) || recent {
                return false;
            }
            w.last_sync = Some(now);
            true
        })
    }

    /// Adopts Mist's figures: its count (which includes other clients of the token), its
    /// window end, and the lower of the two limits.
    pub(crate) fn apply_usage(&self, who: TokenDigest, now: Instant, usage: Usage) {
        if self.settings.limit == 0 {
            return;
        }
        let configured = self.settings.limit;
        self.with_window(who, now, |w| {
            w.ends = now + Duration::from_secs(usage.seconds.max(1));
            w.used = usage.requests;
            w.limit = configured.min(usage.request_limit.max(1));
            w.mist_limit = Some(usage.request_limit);
            w.blocked_until = (usage.requests >= usage.request_limit).then_some(w.ends);
            if w.used < pace_from(w.limit) {
                w.last_slot = None;
            }
        })
    }

    /// Adopts the count every replica shares: `used` calls so far in a window renewing in
    /// `left`. Unlike Mist's figures, it leaves a refusal from Mist standing.
    pub(crate) fn apply_shared(&self, who: TokenDigest, now: Instant, used: u32, left: Duration) {
        if self.settings.limit == 0 {
            return;
        }
        self.with_window(who, now, |w| {
            w.ends = now + left.max(Duration::from_millis(1));
            w.used = used;
            if w.used < pace_from(w.limit) {
                w.last_slot = None;
            }
        })
    }

    /// Mist refused the token until `until`.
    pub(crate) fn block(&self, who: TokenDigest, now: Instant, until: Instant) {
        self.with_window(who, now, |w| w.blocked_until = Some(until));
    }

    /// When the token's current window renews, if it has one.
    pub(crate) fn window_end(&self, who: TokenDigest, now: Instant) -> Option<Instant> {
        let windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        windows.get(&who).map(|w| w.ends).filter(|end| *end > now)
    }
}

/// The count from which calls are paced: the last tenth of the budget.
fn pace_from(limit: u32) -> u32 {
    limit - limit / 10
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ApiToken;

    fn who(t: &str) -> TokenDigest {
        ApiToken::new(t).unwrap().digest()
    }

    fn budget(limit: u32) -> Budget {
        Budget::new(BudgetSettings {
            limit,
            ..BudgetSettings::default()
        })
    }

    #[test]
    fn a_spent_budget_refuses_until_the_window_renews() {
        let b = budget(5);
        let t0 = Instant::now();
        for _ in 0..5 {
            assert_eq!(b.admit(who("a"), t0), Admission::Go);
        }
        let later = t0 + Duration::from_secs(600);
        assert_eq!(
            b.admit(who("a"), later),
            Admission::Spent {
                retry_in: Duration::from_secs(3000),
                limit: Some(5)
            }
        );
        assert_eq!(b.admit(who("a"), t0 + WINDOW), Admission::Go);
    }

    #[test]
    fn tokens_never_share_a_budget() {
        let b = budget(1);
        let t0 = Instant::now();
        assert_eq!(b.admit(who("a"), t0), Admission::Go);
        assert!(matches!(b.admit(who("a"), t0), Admission::Spent { .. }));
        assert_eq!(b.admit(who("b"), t0), Admission::Go);
    }

    #[test]
    fn the_last_tenth_is_spaced_over_the_rest_of_the_window() {
        let b = Budget::new(BudgetSettings {
            limit: 100,
            max_pace_wait: Duration::from_secs(5),
            ..Default::default()
        });
        let t0 = Instant::now();
        for _ in 0..90 {
            assert_eq!(b.admit(who("a"), t0), Admission::Go);
        }
        let t1 = t0 + Duration::from_secs(3500);
        // 10 calls left over 100 s: one every 10 s, the first at once.
        assert_eq!(b.admit(who("a"), t1), Admission::Go);
        // Now 9 left over 100 s: the next slot is 11.1 s on, more than the 5 s pause allowed.
        let Admission::Paced { retry_in, remaining } = b.admit(who("a"), t1) else {
            panic!("expected pacing")
        };
        assert_eq!(remaining, 9);
        assert!(
            retry_in > Duration::from_secs(11) && retry_in < Duration::from_secs(12),
            "{retry_in:?}"
        );
        // Close to the slot the call waits briefly instead.
        let t2 = t1 + Duration::from_secs(8);
        let Admission::Wait(wait) = b.admit(who("a"), t2) else {
            panic!("expected a short wait")
        };
        assert!(wait < Duration::from_secs(5), "{wait:?}");
    }

    #[test]
    fn mists_figures_replace_the_local_estimate() {
        let b = budget(5_000);
        let t0 = Instant::now();
        assert_eq!(b.admit(who("a"), t0), Admission::Go);
        b.apply_usage(
            who("a"),
            t0,
            Usage {
                requests: 5_000,
                request_limit: 5_000,
                seconds: 120,
            },
        );
        assert_eq!(
            b.admit(who("a"), t0 + Duration::from_secs(20)),
            Admission::Spent {
                retry_in: Duration::from_secs(100),
                limit: Some(5_000)
            }
        );
        assert_eq!(b.admit(who("a"), t0 + Duration::from_secs(121)), Admission::Go);
    }

    #[test]
    fn a_lower_limit_from_mist_wins_and_a_lower_configured_one_too() {
        let b = budget(5_000);
        let t0 = Instant::now();
        b.apply_usage(
            who("a"),
            t0,
            Usage {
                requests: 10,
                request_limit: 10,
                seconds: 60,
            },
        );
        assert!(matches!(
            b.admit(who("a"), t0),
            Admission::Spent { limit: Some(10), .. }
        ));
        let b = budget(3);
        b.apply_usage(
            who("a"),
            t0,
            Usage {
                requests: 3,
                request_limit: 5_000,
                seconds: 60,
            },
        );
        assert!(matches!(
            b.admit(who("a"), t0),
            Admission::Spent { limit: Some(3), .. }
        ));
    }

    #[test]
    fn usage_is_asked_only_near_the_limit_or_when_forced_and_not_too_often() {
        let b = budget(10);
        let t0 = Instant::now();
        assert!(!b.begin_sync(who("a"), t0, false));
        for _ in 0..9 {
            b.admit(who("a"), t0);
        }
        assert!(b.begin_sync(who("a"), t0, false));
        assert!(!b.begin_sync(who("a"), t0 + Duration::from_secs(5), true));
        assert!(b.begin_sync(who("a"), t0 + Duration::from_secs(31), true));
        assert!(b.begin_sync(who("b"), t0, true));
    }

    #[test]
    fn a_block_from_mist_is_honoured() {
        let b = budget(5_000);
        let t0 = Instant::now();
        b.block(who("a"), t0, t0 + Duration::from_secs(30));
        assert_eq!(
            b.admit(who("a"), t0 + Duration::from_secs(10)),
            Admission::Spent {
                retry_in: Duration::from_secs(20),
                limit: None
            }
        );
        assert_eq!(b.admit(who("a"), t0 + Duration::from_secs(30)), Admission::Go);
    }

    #[test]
    fn a_zero_limit_turns_the_budget_off() {
        let b = budget(0);
        let t0 = Instant::now();
        for _ in 0..10_000 {
            assert_eq!(b.admit(who("a"), t0), Admission::Go);
        }
    }

    #[test]
    fn usage_parses_mists_answer() {
        let body = serde_json::json!({"requests": 12, "request_limit": 5000, "seconds": 1800});
        assert_eq!(
            Usage::from_json(&body),
            Some(Usage {
                requests: 12,
                request_limit: 5000,
                seconds: 1800
            })
        );
        assert_eq!(Usage::from_json(&serde_json::json!({"requests": 1})), None);
    }
}
