//! The cursor key every replica seals with: the operator's (`--cursor-key`), or one created
//! once in Redis by whichever replica starts first (`SET NX`) and read by all the others.
//!
//! A replica never seals with a key of its own making when Redis is in use: it starts only once
//! it holds the shared key. Should Redis lose the key (a restart without persistence), the
//! replicas put theirs back on their next heartbeat ([`super::replicas`]); `--cursor-key` avoids
//! even that window.

use super::redis::{PREFIX, Redis};
use mist_client::CursorKey;

fn redis_key() -> String {
    format!("{PREFIX}cursor-key")
}

/// The key to seal with: `given`, or the one kept in Redis (created when there is none).
pub(crate) async fn agree(redis: &Redis, given: Option<CursorKey>) -> Result<CursorKey, String> {
    if let Some(key) = given {
        return Ok(key);
    }
    put_back(redis, &CursorKey::random()).await.ok_or_else(|| {
        "cannot agree on a cursor key through Redis (no answer, or the stored key is not 32 \
             bytes); check Redis, or give every replica the same --cursor-key"
            .to_owned()
    })
}

/// Stores `key` unless Redis holds one already; returns the one Redis holds afterwards.
pub(crate) async fn put_back(redis: &Redis, key: &CursorKey) -> Option<CursorKey> {
    let mut pipe = ::redis::pipe();
    pipe.cmd("SET")
        .arg(redis_key())
        .arg(&key.to_bytes()[..])
        .arg("NX")
        .ignore()
        .cmd("GET")
        .arg(redis_key());
    let (stored,): (Vec<u8>,) = redis.pipeline(&pipe).await?;
    let bytes: [u8; 32] = stored.try_into().ok()?;
    Some(CursorKey::from_bytes(bytes))
}
