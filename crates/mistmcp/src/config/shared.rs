//! Settings of state shared between replicas: the Redis server, the cursor secret, and whether
//! the response cache is shared too.
//!
//! The Redis URL and the cursor secret are secrets (a password may sit in the URL), so clap
//! takes them as plain text and they are checked here, with messages that never repeat them.

use super::values::{self, Given, blank_or, given};
use super::{ConfigError, settings};
use mist_client::CursorKey;

/// Shortest cursor secret accepted: it is the only thing between a model and a forged cursor.
pub(crate) const MIN_CURSOR_SECRET: usize = 32;

/// Flags and variables of shared state.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SharedArgs {
    /// HTTP: Redis server that replicas share state through (redis://host:6379/0, or rediss://
    /// for TLS); without it every replica keeps its own state
    #[arg(
        global = true,
        long = "redis-url",
        env = "MISTMCP_REDIS_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub redis_url: Option<String>,

    /// Secret (at least 32 characters) that signs pagination cursors; give every replica the
    /// same one. Default: a random key per process, or one kept in Redis with --redis-url
    #[arg(
        global = true,
        long = "cursor-key",
        env = "MISTMCP_CURSOR_KEY",
        value_name = "SECRET",
        hide_env_values = true
    )]
    pub cursor_key: Option<String>,

    /// HTTP: keep cached Mist answers in Redis too, so replicas share them (needs --redis-url)
    #[arg(global = true, long = "shared-cache", env = "MISTMCP_SHARED_CACHE", value_name = "BOOL",
          num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = blank_or(values::boolean))]
    pub shared_cache: Option<Given<bool>>,
}

/// Where the Redis server is; `Debug` hides the password.
#[derive(Clone, PartialEq, Eq)]
pub struct RedisUrl(String);

impl RedisUrl {
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the connection uses TLS (`rediss://`).
    pub fn tls(&self) -> bool {
        self.0.starts_with("rediss://")
    }

    /// `host:port` only, for messages and logs.
    pub fn authority(&self) -> String {
        let rest = self.0.split_once("://").map_or("", |(_, r)| r);
        let rest = rest.split(['/', '?']).next().unwrap_or_default();
        rest.rsplit_once('@').map_or(rest, |(_, host)| host).to_owned()
    }
}

impl std::fmt::Debug for RedisUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RedisUrl({})", self.authority())
    }
}

/// Validated shared-state settings.
#[derive(Debug, Clone, Default)]
pub struct SharedOptions {
    pub redis_url: Option<RedisUrl>,
    /// The operator's cursor key, when given.
    pub cursor_key: Option<CursorKey>,
    pub shared_cache: bool,
}

pub(crate) fn resolve(args: &SharedArgs) -> Result<SharedOptions, ConfigError> {
    let redis_url = args
        .redis_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(redis_url)
        .transpose()?;
    let cursor_key = args
        .cursor_key
        .as_deref()
        .filter(|k| !k.trim().is_empty())
        .map(cursor_secret)
        .transpose()?;
    let shared_cache = given(&args.shared_cache).unwrap_or(false);
    if shared_cache && redis_url.is_none() {
        return Err(ConfigError(format!(
            "{} needs {}: the cache is shared through Redis",
            settings::named("shared_cache"),
            settings::named("redis_url")
        )));
    }
    Ok(SharedOptions {
        redis_url,
        cursor_key,
        shared_cache,
    })
}

fn redis_url(text: &str) -> Result<RedisUrl, ConfigError> {
    let bad = |why: &str| {
        ConfigError(format!(
            "invalid value for {}: {why} (e.g. redis://127.0.0.1:6379/0 or rediss://user:password@redis.example.com:6380)",
            settings::named("redis_url")
        ))
    };
    let Some((scheme, rest)) = text.split_once("://") else {
        return Err(bad("expected a URL starting with redis:// or rediss://"));
    };
    if scheme != "redis" && scheme != "rediss" {
        return Err(bad("the scheme must be redis:// or rediss:// (TLS)"));
    }
    let url = RedisUrl(text.to_owned());
    if rest.is_empty() || url.authority().is_empty() {
        return Err(bad("the URL names no host"));
    }
    if redis::IntoConnectionInfo::into_connection_info(text).is_err() {
        return Err(bad(
            "the URL cannot be read (check the host, port and database number)",
        ));
    }
    Ok(url)
}

fn cursor_secret(text: &str) -> Result<CursorKey, ConfigError> {
    if text.chars().count() < MIN_CURSOR_SECRET {
        return Err(ConfigError(format!(
            "invalid value for {}: the secret is too short; use at least {MIN_CURSOR_SECRET} random \
             characters (e.g. the output of `openssl rand -hex 32`), the same on every replica",
            settings::named("cursor_key")
        )));
    }
    Ok(CursorKey::from_secret(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(url: Option<&str>, key: Option<&str>, cache: bool) -> SharedArgs {
        SharedArgs {
            redis_url: url.map(str::to_owned),
            cursor_key: key.map(str::to_owned),
            shared_cache: cache.then_some(Given(Some(true))),
        }
    }

    #[test]
    fn redis_and_rediss_urls_are_accepted_and_others_refused_without_echoing_them() {
        let ok = resolve(&args(Some("redis://127.0.0.1:6379/0"), None, false)).unwrap();
        assert!(!ok.redis_url.unwrap().tls());
        let tls = resolve(&args(Some("rediss://u:pw-secret@cache.example:6380"), None, true)).unwrap();
        let url = tls.redis_url.unwrap();
        assert!(url.tls());
        assert_eq!(url.authority(), "cache.example:6380");
        assert!(!format!("{url:?}").contains("pw-secret"));
        for wrong in ["http://u:pw-secret@h", "pw-secret", "redis://"] {
            let e = resolve(&args(Some(wrong), None, false)).unwrap_err().to_string();
            assert!(e.contains("--redis-url (or MISTMCP_REDIS_URL)"), "{e}");
            assert!(!e.contains("pw-secret"), "{e}");
        }
    }

    #[test]
    fn a_short_cursor_key_is_refused_and_a_long_one_gives_the_same_key_everywhere() {
        let e = resolve(&args(None, Some("short-secret"), false))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("--cursor-key (or MISTMCP_CURSOR_KEY)") && !e.contains("short-secret"),
            "{e}"
        );
        let secret = "0123456789abcdef0123456789abcdef";
        let a = resolve(&args(None, Some(secret), false))
            .unwrap()
            .cursor_key
            .unwrap();
        let b = resolve(&args(None, Some(secret), false))
            .unwrap()
            .cursor_key
            .unwrap();
        assert_eq!(a.to_bytes(), b.to_bytes());
    }

    #[test]
    fn a_shared_cache_needs_redis() {
        let e = resolve(&args(None, None, true)).unwrap_err().to_string();
        assert!(e.contains("--shared-cache") && e.contains("--redis-url"), "{e}");
    }
}
