//! The connection to Redis, and the one rule every use of it follows: a command that does not
//! answer within [`COMMAND_TIMEOUT`] counts as failed, and a failure never fails a call, except
//! a write's confirmation, which fails closed ([`super::confirmations`]).
//!
//! Redis going away is noticed on the first failed command: one warning is logged, and for a
//! short while (half a second) commands are not even tried, so calls do not each wait for a dead
//! server. The connection manager reconnects in the background; the first command that works
//! again ends the outage, with one line saying so.

use crate::config::shared::RedisUrl;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{FromRedisValue, Pipeline};
use std::future::Future;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The longest any Redis command may take before the call goes on without it.
pub(crate) const COMMAND_TIMEOUT: Duration = Duration::from_millis(300);
/// How long a new connection may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// After a failure, how long commands are skipped before Redis is tried again.
const REST: Duration = Duration::from_millis(500);

/// Every key this server writes starts with this.
pub(crate) const PREFIX: &str = "mistmcp:";

/// A connection to Redis that never makes a caller wait long.
pub(crate) struct Redis {
    connection: ConnectionManager,
    /// For connections of their own (subscriptions).
    client: redis::Client,
    authority: String,
    health: Mutex<Health>,
}

#[derive(Debug, Default)]
struct Health {
    /// When the current outage began, if Redis is unreachable.
    down_since: Option<Instant>,
    /// Commands are skipped until then.
    rest_until: Option<Instant>,
}

impl Redis {
    /// Connects and checks that Redis answers; the error is one line naming the server (never
    /// the password) and what to check.
    pub(crate) async fn connect(url: &RedisUrl) -> Result<Self, String> {
        let authority = url.authority();
        let fail = |why: String| {
            format!(
                "cannot reach Redis at {authority} (--redis-url): {why}; start it, check the \
                 address and password, or run without --redis-url for a single replica"
            )
        };
        if url.tls() {
            // rediss:// verifies Redis's certificate with rustls, which needs its provider.
            let _ = rustls::crypto::ring::default_provider().install_default();
        }
        let client = redis::Client::open(url.expose()).map_err(|e| fail(e.kind_text()))?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(CONNECT_TIMEOUT))
            .set_response_timeout(Some(COMMAND_TIMEOUT))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_secs(1));
        let connecting = client.get_connection_manager_with_config(config);
        let mut connection = tokio::time::timeout(CONNECT_TIMEOUT * 2, connecting)
            .await
            .map_err(|_| fail(format!("no answer within {:?}", CONNECT_TIMEOUT * 2)))?
            .map_err(|e| fail(e.kind_text()))?;
        let pong: String =
            tokio::time::timeout(CONNECT_TIMEOUT, redis::cmd("PING").query_async(&mut connection))
                .await
                .map_err(|_| fail("PING got no answer".into()))?
                .map_err(|e| fail(e.kind_text()))?;
        if pong != "PONG" {
            return Err(fail(format!("PING answered {pong:?}")));
        }
        Ok(Self {
            connection,
            client,
            authority,
            health: Mutex::new(Health::default()),
        })
    }

    /// A connection of its own subscribed to `channel`; `None` when Redis cannot be reached.
    pub(crate) async fn subscribe(&self, channel: &str) -> Option<redis::aio::PubSub> {
        let subscribing = async {
            let mut pubsub = self.client.get_async_pubsub().await?;
            pubsub.subscribe(channel).await?;
            Ok::<_, redis::RedisError>(pubsub)
        };
        match tokio::time::timeout(CONNECT_TIMEOUT, subscribing).await {
            Ok(Ok(pubsub)) => Some(pubsub),
            Ok(Err(e)) => {
                tracing::debug!("cannot subscribe to {channel}: {}", e.kind_text());
                None
            }
            Err(_) => None,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Health> {
        self.health.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs one command; `None` when Redis failed, did not answer in time, or is resting.
    pub(crate) async fn query<T: FromRedisValue>(&self, cmd: &redis::Cmd) -> Option<T> {
        let mut connection = self.connection.clone();
        self.guarded(async move { cmd.query_async(&mut connection).await })
            .await
    }

    /// Runs a pipeline in one round trip; `None` as for [`Self::query`].
    pub(crate) async fn pipeline<T: FromRedisValue>(&self, pipe: &Pipeline) -> Option<T> {
        let mut connection = self.connection.clone();
        self.guarded(async move { pipe.query_async(&mut connection).await })
            .await
    }

    /// Runs a Lua script (by digest, loading it when Redis does not know it yet).
    pub(crate) async fn script<T: FromRedisValue>(
        &self,
        invocation: &redis::ScriptInvocation<'_>,
    ) -> Option<T> {
        let mut connection = self.connection.clone();
        self.guarded(async move { invocation.invoke_async(&mut connection).await })
            .await
    }

    async fn guarded<T>(&self, command: impl Future<Output = redis::RedisResult<T>>) -> Option<T> {
        let now = Instant::now();
        if self.lock().rest_until.is_some_and(|until| now < until) {
            return None;
        }
        match tokio::time::timeout(COMMAND_TIMEOUT, command).await {
            Ok(Ok(value)) => {
                self.answered();
                Some(value)
            }
            Ok(Err(e)) if !is_connection_trouble(&e) => {
                // Redis answered (an error about this command): it is up.
                self.answered();
                tracing::debug!("a Redis command failed: {}", e.kind_text());
                None
            }
            Ok(Err(e)) => {
                self.failed(&e.kind_text());
                None
            }
            Err(_) => {
                self.failed(&format!("no answer within {COMMAND_TIMEOUT:?}"));
                None
            }
        }
    }

    fn answered(&self) {
        let mut health = self.lock();
        health.rest_until = None;
        if let Some(since) = health.down_since.take() {
            tracing::warn!(
                redis = %self.authority,
                outage_s = since.elapsed().as_secs(),
                "Redis is reachable again: sessions, categories, budgets, the cache and write confirmations are shared again"
            );
        }
    }

    fn failed(&self, why: &str) {
        let now = Instant::now();
        let mut health = self.lock();
        health.rest_until = Some(now + REST);
        if health.down_since.is_none() {
            health.down_since = Some(now);
            tracing::warn!(
                redis = %self.authority,
                "Redis is unreachable ({why}): serving from this replica's own state, with this \
                 replica's share of each token's budget, until it is back; writes can be neither \
                 planned nor confirmed meanwhile"
            );
        }
    }
}

/// Bytes as lower-case hex, for keys and fields (digests, never tokens).
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(text, "{byte:02x}");
    }
    text
}

/// Whether an error says the server could not be reached (rather than refusing a command).
fn is_connection_trouble(e: &redis::RedisError) -> bool {
    e.is_io_error() || e.is_connection_dropped() || e.is_connection_refusal() || e.is_timeout()
}

/// A short description of an error that names neither the URL nor its password.
trait KindText {
    fn kind_text(&self) -> String;
}

impl KindText for redis::RedisError {
    fn kind_text(&self) -> String {
        if self.is_connection_refusal() {
            return "connection refused".into();
        }
        if self.is_timeout() {
            return "timed out".into();
        }
        match self.detail() {
            Some(detail) => format!("{:?}: {detail}", self.kind()),
            None => format!("{:?}", self.kind()),
        }
    }
}
