//! Admission of one upstream call: the token's budget, shared between replicas when there is
//! a shared count, then the local pacing and Mist's own 429 refusals, and the usage Mist
//! reports back when it refuses.

use super::*;

impl Inner {
    /// Takes one call from the token's budget: the count every replica shares when there is
    /// one (and this replica's share of the hour while it cannot be reached), then the local
    /// rules (pacing, Mist's own refusals).
    pub(super) async fn admit(&self, who: TokenDigest) -> Result<(), MistError> {
        let settings = self.budget.settings();
        let Some(shared) = self.sharing.budget.as_ref().filter(|_| settings.limit > 0) else {
            return self.admit_here(who).await;
        };
        let now = Instant::now();
        match shared.take(&who, settings.window).await {
            Some(count) => {
                self.own.counted(who, now, count.left);
                let before = count.used.saturating_sub(1);
                self.budget.apply_shared(who, now, before, count.left);
                let admitted = self.admit_here(who).await;
                if admitted.is_err() {
                    shared.give_back(&who).await;
                }
                admitted
            }
            None => {
                let share =
                    self.own
                        .within_share(who, now, settings.limit, shared.replicas(), settings.window);
                if let Err(retry_in) = share {
                    return Err(MistError::BudgetSpent {
                        limit: PerHour(Some(settings.limit / shared.replicas().max(1))),
                        when: RetryHint::after(retry_in),
                    });
                }
                self.admit_here(who).await
            }
        }
    }

    pub(super) async fn admit_here(&self, who: TokenDigest) -> Result<(), MistError> {
        match self.budget.admit(who, Instant::now()) {
            Admission::Go => Ok(()),
            Admission::Wait(pause) => {
                tracing::debug!(pause_ms = pause.as_millis() as u64, "pacing a Mist call");
                tokio::time::sleep(pause).await;
                Ok(())
            }
            Admission::Spent { retry_in, limit } => Err(MistError::BudgetSpent {
                limit: PerHour(limit),
                when: RetryHint::after(retry_in),
            }),
            Admission::Paced { retry_in, remaining } => Err(MistError::BudgetPaced {
                remaining,
                when: RetryHint::after(retry_in),
            }),
        }
    }

    /// After a 429: is the hour's budget spent (stop, and say until when) or was it a passing
    /// refusal (let the retry policy back off)? Mist's usage report decides. If Mist refuses to
    /// report too, the budget is taken as spent until the local window ends; the block is
    /// lifted early if a later usage check finds the window renewed.
    pub(super) async fn after_rate_limit(
        &self,
        base: &MistBase,
        token: &ApiToken,
        who: TokenDigest,
        deadline: Instant,
    ) -> Option<MistError> {
        // Mist said in the last few seconds that budget remains: this is a passing refusal.
        if !self.budget.begin_sync(who, Instant::now(), true) {
            return None;
        }
        let wait = match self.sync_usage(base, token, who, deadline).await {
            Ok(usage) if usage.requests < usage.request_limit => return None,
            Ok(usage) => Duration::from_secs(usage.seconds),
            Err(MistError::RateLimited { .. }) => {
                let now = Instant::now();
                let until = self
                    .budget
                    .window_end(who, now)
                    .unwrap_or(now + crate::budget::WINDOW);
                self.budget.block(who, now, until);
                until.saturating_duration_since(now)
            }
            Err(_) => return None,
        };
        Some(MistError::RateLimited {
            when: RetryHint::after(wait),
        })
    }

    /// Asks Mist for the token's usage (one attempt, not cached) and adopts the answer.
    pub(super) async fn sync_usage(
        &self,
        base: &MistBase,
        token: &ApiToken,
        who: TokenDigest,
        deadline: Instant,
    ) -> Result<Usage, MistError> {
        let timeout = Duration::from_secs(5).min(deadline.saturating_duration_since(Instant::now()));
        if timeout.is_zero() {
            return Err(MistError::Timeout { after: timeout });
        }
        let reply = self
            .http
            .send(&Method::GET, base, token, USAGE_PATH, timeout)
            .await?;
        let usage = serde_json::from_slice(&reply.body)
            .ok()
            .and_then(|v| Usage::from_json(&v));
        let Some(usage) = usage else {
            return Err(MistError::NotJson {
                status: 200,
                snippet: "not a usage report".into(),
            });
        };
        tracing::debug!(
            requests = usage.requests,
            limit = usage.request_limit,
            seconds = usage.seconds,
            "Mist usage"
        );
        self.budget.apply_usage(who, Instant::now(), usage);
        Ok(usage)
    }
}
