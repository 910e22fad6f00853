//! Legacy session records in Redis: one hash per session (binding, mode, categories, the
//! client's `initialize` parameters) that lives for the session timeout since its last request
//! on any replica, and a tombstone once the session is deleted, so every replica learns that it
//! ended (rather than that Redis lost it, after which a replica holding the session puts it back).

use crate::shared::redis::{PREFIX, Redis, hex};
use crate::transport::http::session::table::SessionRecord;
use mist_client::TokenDigest;
use mistmcp_engine::ViewKeeper;
use mistmcp_engine::{CategorySet, ToolMode};
use redis::Script;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

/// Sets one field of a session that still exists (a late write must not revive an ended one).
static SET_IF_LIVE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return 1
end
return 0",
    )
});

/// What Redis says of a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Lookup {
    Found(SessionRecord),
    /// Deleted on some replica.
    Ended,
    /// Never known, expired, or lost by Redis.
    Absent,
    /// Redis did not answer.
    Unreachable,
}

pub(crate) struct SessionShare {
    redis: Arc<Redis>,
    ttl: Duration,
}

impl SessionShare {
    pub(crate) fn new(redis: Arc<Redis>, ttl: Duration) -> Self {
        Self { redis, ttl }
    }

    fn ttl_ms(&self) -> u64 {
        self.ttl.as_millis() as u64
    }

    /// Reads a session and renews its life: this request is activity.
    pub(crate) async fn lookup(&self, id: &str) -> Lookup {
        let mut pipe = redis::pipe();
        pipe.cmd("HGETALL")
            .arg(record_key(id))
            .cmd("PEXPIRE")
            .arg(record_key(id))
            .arg(self.ttl_ms())
            .ignore()
            .cmd("EXISTS")
            .arg(ended_key(id));
        let Some((fields, ended)) = self
            .redis
            .pipeline::<(HashMap<String, Vec<u8>>, bool)>(&pipe)
            .await
        else {
            return Lookup::Unreachable;
        };
        if ended {
            return Lookup::Ended;
        }
        match decode(&fields) {
            Some(record) => Lookup::Found(record),
            None => Lookup::Absent,
        }
    }

    /// Writes a whole record (a new session, or one Redis lost).
    pub(crate) async fn publish(&self, id: &str, record: &SessionRecord) {
        let key = record_key(id);
        let mut pipe = redis::pipe();
        pipe.cmd("HSET")
            .arg(&key)
            .arg("b")
            .arg(record.binding.map(|b| hex(b.as_bytes())).unwrap_or_default())
            .arg("m")
            .arg(record.mode.as_str())
            .arg("c")
            .arg(record.enabled.bits())
            .arg("h")
            .arg(&record.handshake)
            .arg("r")
            .arg(u8::from(record.read_only))
            .ignore()
            .cmd("PEXPIRE")
            .arg(&key)
            .arg(self.ttl_ms())
            .ignore();
        let _: Option<()> = self.redis.pipeline(&pipe).await;
    }

    async fn set_field(&self, id: &str, field: &str, value: String) {
        let mut invocation = SET_IF_LIVE.prepare_invoke();
        invocation
            .key(record_key(id))
            .arg(field)
            .arg(value)
            .arg(self.ttl_ms());
        let _: Option<i64> = self.redis.script(&invocation).await;
    }

    /// The session's categories changed here.
    pub(crate) async fn set_categories(&self, id: &str, enabled: CategorySet) {
        self.set_field(id, "c", enabled.bits().to_string()).await;
    }

    /// The session was opened read-only here; every replica keeps it so.
    pub(crate) async fn set_read_only(&self, id: &str) {
        self.set_field(id, "r", "1".into()).await;
    }

    /// A session opened without a token was bound here by its first one.
    pub(crate) async fn bind(&self, id: &str, who: &TokenDigest) {
        self.set_field(id, "b", hex(who.as_bytes())).await;
    }

    /// The session was deleted: gone everywhere, and remembered as ended for its timeout.
    pub(crate) async fn end(&self, id: &str) {
        let mut pipe = redis::pipe();
        pipe.cmd("DEL")
            .arg(record_key(id))
            .ignore()
            .cmd("SET")
            .arg(ended_key(id))
            .arg(1)
            .arg("PX")
            .arg(self.ttl_ms())
            .ignore();
        let _: Option<()> = self.redis.pipeline(&pipe).await;
    }

    /// The keeper of one session's categories.
    pub(crate) fn keeper(self: &Arc<Self>, id: &str) -> Arc<dyn ViewKeeper> {
        Arc::new(SessionKeeper {
            share: self.clone(),
            id: id.to_owned(),
        })
    }
}

/// Writes a session's category changes to Redis; reading them back is the session middleware's
/// job ([`super::session_sync`]), once per request, before the request reaches the session.
struct SessionKeeper {
    share: Arc<SessionShare>,
    id: String,
}

#[async_trait::async_trait]
impl ViewKeeper for SessionKeeper {
    async fn load(&self) -> Option<CategorySet> {
        None
    }

    async fn store(&self, enabled: CategorySet) {
        self.share.set_categories(&self.id, enabled).await;
    }
}

fn record_key(id: &str) -> String {
    format!("{PREFIX}session:{id}")
}

fn ended_key(id: &str) -> String {
    format!("{PREFIX}session-ended:{id}")
}

fn unhex(text: &[u8]) -> Option<[u8; 32]> {
    let text = std::str::from_utf8(text).ok()?;
    if text.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

/// A record from its hash fields; `None` when any is missing or unreadable.
pub(crate) fn decode(fields: &HashMap<String, Vec<u8>>) -> Option<SessionRecord> {
    let text = |name: &str| std::str::from_utf8(fields.get(name)?).ok();
    let binding = match fields.get("b")?.as_slice() {
        [] => None,
        digest => Some(TokenDigest::from_bytes(unhex(digest)?)),
    };
    Some(SessionRecord {
        binding,
        mode: text("m")?.parse::<ToolMode>().ok()?,
        enabled: CategorySet::from_bits(text("c")?.parse().ok()?),
        handshake: fields.get("h")?.clone(),
        // Absent in records of replicas that predate it: not read-only.
        read_only: fields.get("r").is_some_and(|r| r.as_slice() == b"1"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use mist_client::ApiToken;

    #[test]
    fn a_record_reads_back_from_its_fields_and_an_incomplete_one_does_not() {
        let who = ApiToken::new("tok").unwrap().digest();
        let fields: HashMap<String, Vec<u8>> = [
            ("b", hex(who.as_bytes()).into_bytes()),
            ("m", b"managed".to_vec()),
            ("c", b"5".to_vec()),
            ("h", b"{}".to_vec()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let record = decode(&fields).unwrap();
        assert!(!record.read_only, "a record without the field is not read-only");
        let mut read_only = fields.clone();
        read_only.insert("r".into(), b"1".to_vec());
        assert!(decode(&read_only).unwrap().read_only);
        assert_eq!(record.binding, Some(who));
        assert_eq!(record.mode, ToolMode::Managed);
        assert_eq!(record.enabled, CategorySet::from_bits(5));
        let mut unbound = fields.clone();
        unbound.insert("b".into(), Vec::new());
        assert_eq!(decode(&unbound).unwrap().binding, None);
        let mut partial = fields;
        partial.remove("h");
        assert!(
            decode(&partial).is_none(),
            "a half-written record is not a session"
        );
    }
}
