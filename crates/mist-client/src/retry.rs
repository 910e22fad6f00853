//! When a failed Mist request is sent again, and after how long.
//!
//! The policy is a pure function of the method, the failure, the attempt number and the time
//! left before the call's deadline, so it can be tested without a network. Only safe methods
//! are ever retried: a request that could change state is sent once, whatever happens.

use super::error::MistError;
use http::Method;
use std::time::Duration;

/// How hard to try before giving up.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Attempts after the first one.
    pub max_retries: u32,
    /// First wait after a server error, timeout or broken connection; doubled each time.
    pub base_delay: Duration,
    /// First wait after a 429 without `Retry-After`; doubled each time.
    pub rate_limit_delay: Duration,
    /// No single wait is longer than this.
    pub max_delay: Duration,
    /// The whole call, every attempt and wait included, ends by then.
    pub deadline: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 3,
            base_delay: Duration::from_millis(200),
            rate_limit_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(10),
            deadline: Duration::from_secs(60),
        }
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Wait this long, then send the request again.
    Retry(Duration),
    /// Report the failure.
    Stop,
}

/// Shortest time worth starting another attempt with; less would only produce a timeout.
const MIN_ATTEMPT: Duration = Duration::from_millis(100);

impl RetryPolicy {
    /// `attempts` is how many requests were sent so far (1 after the first failure);
    /// `remaining` is the time left before the deadline; `jitter` is a random number in
    /// `[0, 1)` that spreads the waits of concurrent callers.
    pub(crate) fn after_failure(
        &self,
        method: &Method,
        error: &MistError,
        attempts: u32,
        remaining: Duration,
        jitter: f64,
    ) -> Verdict {
        if !is_safe(method) || attempts > self.max_retries {
            return Verdict::Stop;
        }
        let wait = match error {
            MistError::RateLimited { when } => match when.wait() {
                Some(asked) => asked,
                None => equal_jitter(backoff(self.rate_limit_delay, attempts, self.max_delay), jitter),
            },
            e if e.is_transient() => equal_jitter(backoff(self.base_delay, attempts, self.max_delay), jitter),
            _ => return Verdict::Stop,
        };
        if wait.saturating_add(MIN_ATTEMPT) > remaining {
            return Verdict::Stop;
        }
        Verdict::Retry(wait)
    }
}

/// GET and HEAD read; nothing else is sent twice.
pub(crate) fn is_safe(method: &Method) -> bool {
    *method == Method::GET || *method == Method::HEAD
}

/// `base`, `2·base`, `4·base`, ... for attempts 1, 2, 3, capped at `max`.
fn backoff(base: Duration, attempts: u32, max: Duration) -> Duration {
    let factor = 1u32.checked_shl(attempts.saturating_sub(1)).unwrap_or(u32::MAX);
    base.saturating_mul(factor).min(max)
}

/// A wait between half and all of `delay`: never zero, yet callers that failed together
/// do not come back together.
fn equal_jitter(delay: Duration, jitter: f64) -> Duration {
    let jitter = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.5
    };
    delay / 2 + delay.mul_f64(jitter / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Detail, RetryHint};

    fn server_error() -> MistError {
        MistError::Upstream {
            status: 503,
            detail: Detail(None),
        }
    }

    const PLENTY: Duration = Duration::from_secs(60);

    #[test]
    fn server_errors_on_get_are_retried_with_doubling_waits() {
        let p = RetryPolicy::default();
        let waits: Vec<Verdict> = (1..=3)
            .map(|n| p.after_failure(&Method::GET, &server_error(), n, PLENTY, 1.0))
            .collect();
        let ms = |n| Verdict::Retry(Duration::from_millis(n));
        assert_eq!(waits, vec![ms(200), ms(400), ms(800)]);
    }

    #[test]
    fn jitter_keeps_each_wait_between_half_and_all_of_the_backoff() {
        let p = RetryPolicy::default();
        let low = p.after_failure(&Method::GET, &server_error(), 2, PLENTY, 0.0);
        let high = p.after_failure(&Method::GET, &server_error(), 2, PLENTY, 0.999);
        assert_eq!(low, Verdict::Retry(Duration::from_millis(200)));
        let Verdict::Retry(high) = high else {
            panic!("expected a retry")
        };
        assert!(
            high > Duration::from_millis(390) && high < Duration::from_millis(400),
            "{high:?}"
        );
    }

    #[test]
    fn nothing_but_get_and_head_is_ever_retried() {
        let p = RetryPolicy::default();
        for method in [Method::POST, Method::PUT, Method::DELETE, Method::PATCH] {
            assert_eq!(
                p.after_failure(&method, &server_error(), 1, PLENTY, 0.5),
                Verdict::Stop,
                "{method}"
            );
            let reset = MistError::Interrupted {
                reason: "reset".into(),
            };
            assert_eq!(
                p.after_failure(&method, &reset, 1, PLENTY, 0.5),
                Verdict::Stop,
                "{method}"
            );
        }
        assert!(matches!(
            p.after_failure(&Method::HEAD, &server_error(), 1, PLENTY, 0.5),
            Verdict::Retry(_)
        ));
    }

    #[test]
    fn resets_timeouts_and_broken_json_are_retried_but_client_errors_are_not() {
        let p = RetryPolicy::default();
        let retried = [
            MistError::Interrupted {
                reason: "connection reset".into(),
            },
            MistError::Timeout {
                after: Duration::from_secs(1),
            },
            MistError::NotJson {
                status: 200,
                snippet: "x".into(),
            },
        ];
        for e in retried {
            assert!(
                matches!(
                    p.after_failure(&Method::GET, &e, 1, PLENTY, 0.5),
                    Verdict::Retry(_)
                ),
                "{e}"
            );
        }
        let final_errors = [
            MistError::NotFound { what: "x".into() },
            MistError::Forbidden { detail: Detail(None) },
            MistError::BadRequest { detail: Detail(None) },
        ];
        for e in final_errors {
            assert_eq!(
                p.after_failure(&Method::GET, &e, 1, PLENTY, 0.5),
                Verdict::Stop,
                "{e}"
            );
        }
    }

    #[test]
    fn the_number_of_retries_is_bounded() {
        let p = RetryPolicy {
            max_retries: 2,
            ..RetryPolicy::default()
        };
        assert!(matches!(
            p.after_failure(&Method::GET, &server_error(), 2, PLENTY, 0.5),
            Verdict::Retry(_)
        ));
        assert_eq!(
            p.after_failure(&Method::GET, &server_error(), 3, PLENTY, 0.5),
            Verdict::Stop
        );
    }

    #[test]
    fn no_wait_runs_past_the_deadline() {
        let p = RetryPolicy::default();
        let short = Duration::from_millis(250);
        assert_eq!(
            p.after_failure(&Method::GET, &server_error(), 2, short, 1.0),
            Verdict::Stop
        );
        assert!(matches!(
            p.after_failure(&Method::GET, &server_error(), 1, short, 0.0),
            Verdict::Retry(_)
        ));
    }

    #[test]
    fn a_429_waits_as_asked_or_backs_off_from_a_longer_base() {
        let p = RetryPolicy::default();
        let asked = MistError::RateLimited {
            when: RetryHint::after(Duration::from_secs(3)),
        };
        assert_eq!(
            p.after_failure(&Method::GET, &asked, 1, PLENTY, 0.5),
            Verdict::Retry(Duration::from_secs(3))
        );
        let silent = MistError::RateLimited {
            when: RetryHint(None),
        };
        assert_eq!(
            p.after_failure(&Method::GET, &silent, 2, PLENTY, 1.0),
            Verdict::Retry(Duration::from_secs(2))
        );
        let too_long = MistError::RateLimited {
            when: RetryHint::after(Duration::from_secs(120)),
        };
        assert_eq!(
            p.after_failure(&Method::GET, &too_long, 1, PLENTY, 0.5),
            Verdict::Stop
        );
    }

    #[test]
    fn waits_never_exceed_the_cap() {
        let p = RetryPolicy {
            max_retries: 40,
            ..RetryPolicy::default()
        };
        let v = p.after_failure(&Method::GET, &server_error(), 40, Duration::from_secs(3600), 1.0);
        assert_eq!(v, Verdict::Retry(Duration::from_secs(10)));
    }
}
