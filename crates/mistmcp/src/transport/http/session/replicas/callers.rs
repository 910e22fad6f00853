//! The categories 2026-07-28 callers enabled in managed mode, shared by every replica: one
//! Redis key per caller (token digest, endpoint cloud and starting categories), living for the
//! session timeout since its last use. Each request reads it (and so renews it); each change
//! writes it before `manageMcpTools` answers, so the caller's next request finds it anywhere.

use crate::shared::redis::{PREFIX, Redis, hex};
use crate::transport::http::session::callers::CallerKey;
use mistmcp_engine::CategorySet;
use mistmcp_engine::ViewKeeper;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::time::Duration;

/// Keeps one caller's categories in Redis.
pub(crate) struct CallerKeeper {
    redis: Arc<Redis>,
    key: String,
    ttl: Duration,
}

impl CallerKeeper {
    pub(crate) fn new(redis: Arc<Redis>, caller: &CallerKey, ttl: Duration) -> Self {
        let mut hash = Sha256::new();
        hash.update(caller.token.as_bytes());
        hash.update(b"\0");
        hash.update(caller.cloud.as_deref().unwrap_or_default().as_bytes());
        hash.update(b"\0");
        hash.update(caller.start.bits().to_be_bytes());
        let key = format!("{PREFIX}caller:{}", hex(&hash.finalize()));
        Self { redis, key, ttl }
    }
}

#[async_trait::async_trait]
impl ViewKeeper for CallerKeeper {
    async fn load(&self) -> Option<CategorySet> {
        let mut cmd = redis::cmd("GETEX");
        cmd.arg(&self.key).arg("PX").arg(self.ttl.as_millis() as u64);
        let bits: Option<u64> = self.redis.query(&cmd).await?;
        bits.map(CategorySet::from_bits)
    }

    async fn store(&self, enabled: CategorySet) {
        let mut cmd = redis::cmd("SET");
        cmd.arg(&self.key)
            .arg(enabled.bits())
            .arg("PX")
            .arg(self.ttl.as_millis() as u64);
        let _: Option<()> = self.redis.query(&cmd).await;
    }
}
