//! Write confirmations shared by every replica: one Redis hash per token issued, named by a
//! digest of the token and holding the call's sealed digests, when it expires and whether it was
//! used (the engine's [`SharedTokens`] seals; nothing here ever sees a token or a raw digest).
//!
//! Both steps are Lua scripts, so each is atomic: two replicas redeeming one token at once run
//! one after the other inside Redis, and only the first finds it unused. Expiry is told by
//! Redis's own clock (`TIME`), so replicas whose clocks differ agree on it. A record is kept for
//! twice its lifetime, so a late or repeated use is named `expired` or `reused`, not `unknown`.

use super::redis::{PREFIX, Redis};
use mistmcp_engine::{CallDigest, Refused, SharedTokens};
use redis::Script;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

static KEEP: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local life = tonumber(ARGV[4])
redis.call('HSET', KEYS[1], 'c', ARGV[1], 'a', ARGV[2], 'b', ARGV[3], 'e', now + life, 'u', '0')
redis.call('PEXPIRE', KEYS[1], 2 * life)
return 1",
    )
});

/// Checks in the order the process-local tokens do: unknown, reused, expired, then which part
/// of the call differs; spends the record only when everything holds.
static SPEND: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"local r = redis.call('HMGET', KEYS[1], 'c', 'a', 'b', 'e', 'u')
if not r[1] then return 'unknown' end
if r[5] == '1' then return 'reused' end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if tonumber(r[4]) <= now then return 'expired' end
if r[1] ~= ARGV[1] then return 'other_call' end
if r[2] ~= ARGV[2] then return 'arguments_changed' end
if r[3] ~= ARGV[3] then return 'body_changed' end
redis.call('HSET', KEYS[1], 'u', '1')
return 'ok'",
    )
});

pub(crate) struct RedisTokens {
    redis: Arc<Redis>,
}

impl RedisTokens {
    pub(crate) fn new(redis: Arc<Redis>) -> Self {
        Self { redis }
    }
}

fn redis_key(id: &str) -> String {
    format!("{PREFIX}confirm:{id}")
}

/// What the spend script answered, as the gate's refusal; `None` for an answer it never gives.
pub(crate) fn outcome(answer: &str) -> Option<Result<(), Refused>> {
    match answer {
        "ok" => Some(Ok(())),
        code => Refused::from_code(code).map(Err),
    }
}

#[async_trait::async_trait]
impl SharedTokens for RedisTokens {
    async fn keep(&self, id: &str, sealed: &CallDigest, lifetime: Duration) -> bool {
        let mut invocation = KEEP.prepare_invoke();
        invocation
            .key(redis_key(id))
            .arg(&sealed.caller[..])
            .arg(&sealed.args[..])
            .arg(&sealed.body[..])
            .arg(lifetime.as_millis().max(1) as u64);
        self.redis.script::<i64>(&invocation).await == Some(1)
    }

    async fn spend(&self, id: &str, sealed: &CallDigest) -> Option<Result<(), Refused>> {
        let mut invocation = SPEND.prepare_invoke();
        invocation
            .key(redis_key(id))
            .arg(&sealed.caller[..])
            .arg(&sealed.args[..])
            .arg(&sealed.body[..]);
        let answer: String = self.redis.script(&invocation).await?;
        outcome(&answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_answer_of_the_spend_script_is_a_refusal_the_gate_names() {
        assert_eq!(outcome("ok"), Some(Ok(())));
        for code in [
            "unknown",
            "reused",
            "expired",
            "other_call",
            "arguments_changed",
            "body_changed",
        ] {
            let refused = outcome(code).and_then(Result::err);
            assert_eq!(refused.map(|r| r.code()), Some(code));
        }
        assert_eq!(outcome("something else"), None);
    }
}
