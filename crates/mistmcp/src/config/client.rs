//! Options of the Mist client: rate limit, retries, deadline, cache and answer size.
//!
//! Every option is a flag with an environment variable beside it; values are read as text and
//! checked here, so a mistake is reported as one line naming the flag, the variable and what is
//! expected.

use super::ConfigError;
use crate::executor::AnswerLimits;
use crate::mist::{BudgetSettings, CacheSettings, CacheTtl, ClientSettings, MistClientSettings, RetryPolicy};
use std::time::Duration;

/// Raw client options from flags and environment.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ClientArgs {
    /// Mist API calls per token per hour this server allows itself (default: 5000, Mist's own
    /// limit; 0: no client-side limit)
    #[arg(long = "rate-limit", env = "MISTMCP_RATE_LIMIT", value_name = "CALLS")]
    pub rate_limit: Option<String>,

    /// Seconds one tool call may spend on Mist, retries and waits included (default: 60)
    #[arg(long = "call-deadline", env = "MISTMCP_CALL_DEADLINE", value_name = "SECONDS")]
    pub call_deadline: Option<String>,

    /// Retries of a failed Mist read after a 5xx, 429, timeout or broken connection (default: 3)
    #[arg(long = "retries", env = "MISTMCP_RETRIES", value_name = "N")]
    pub retries: Option<String>,

    /// Turn the response cache off
    #[arg(long = "no-cache", env = "MISTMCP_NO_CACHE", value_name = "BOOL",
          num_args = 0..=1, default_missing_value = "true")]
    pub no_cache: Option<String>,

    /// Cache lifetimes per kind of answer (default: constant=1h,config=60s,volatile=10s)
    #[arg(long = "cache-ttl", env = "MISTMCP_CACHE_TTL", value_name = "LIST")]
    pub cache_ttl: Option<String>,

    /// Memory for cached answers, in MB of JSON (default: 64)
    #[arg(long = "cache-mb", env = "MISTMCP_CACHE_MB", value_name = "MB")]
    pub cache_mb: Option<String>,

    /// Largest answer handed to the model, in KB of JSON; longer lists are cut (default: 100)
    #[arg(long = "max-result-kb", env = "MISTMCP_MAX_RESULT_KB", value_name = "KB")]
    pub max_result_kb: Option<String>,
}

/// Validated client options.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientOptions {
    pub rate_limit: u32,
    pub call_deadline: Duration,
    pub retries: u32,
    /// `None` when the cache is off.
    pub cache: Option<CacheSettings>,
    pub max_result_bytes: usize,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            rate_limit: BudgetSettings::default().limit,
            call_deadline: RetryPolicy::default().deadline,
            retries: RetryPolicy::default().max_retries,
            cache: Some(CacheSettings::default()),
            max_result_bytes: AnswerLimits::default().max_bytes,
        }
    }
}

impl ClientOptions {
    /// Settings of the Mist client, with the per-attempt timeout from `--request-timeout`.
    pub fn client_settings(&self, request_timeout: Duration) -> MistClientSettings {
        MistClientSettings {
            http: ClientSettings {
                request_timeout,
                ..ClientSettings::default()
            },
            retry: RetryPolicy {
                max_retries: self.retries,
                deadline: self.call_deadline,
                ..RetryPolicy::default()
            },
            budget: BudgetSettings {
                limit: self.rate_limit,
                ..BudgetSettings::default()
            },
            cache: self.cache,
        }
    }

    pub fn limits(&self) -> AnswerLimits {
        AnswerLimits {
            max_bytes: self.max_result_bytes,
        }
    }
}

fn bad(what: &str, flag: &str, env: &str, value: &str, expected: &str) -> ConfigError {
    ConfigError(format!(
        "invalid {what} '{value}' (from {flag} or {env}); expected {expected}"
    ))
}

fn number(
    raw: Option<&str>,
    what: &str,
    flag: &str,
    env: &str,
    range: std::ops::RangeInclusive<u64>,
) -> Result<Option<u64>, ConfigError> {
    let Some(text) = raw.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    text.parse::<u64>()
        .ok()
        .filter(|n| range.contains(n))
        .map(Some)
        .ok_or_else(|| {
            bad(
                what,
                flag,
                env,
                text,
                &format!("a whole number from {} to {}", range.start(), range.end()),
            )
        })
}

/// Checks the raw options.
pub fn resolve(args: &ClientArgs) -> Result<ClientOptions, ConfigError> {
    let defaults = ClientOptions::default();
    let rate_limit = number(
        args.rate_limit.as_deref(),
        "rate limit",
        "--rate-limit",
        "MISTMCP_RATE_LIMIT",
        0..=1_000_000,
    )?
    .map_or(defaults.rate_limit, |n| n as u32);
    let retries = number(
        args.retries.as_deref(),
        "retry count",
        "--retries",
        "MISTMCP_RETRIES",
        0..=10,
    )?
    .map_or(defaults.retries, |n| n as u32);
    let call_deadline = match args
        .call_deadline
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        None => defaults.call_deadline,
        Some(t) => t
            .parse::<f64>()
            .ok()
            .filter(|s| s.is_finite() && *s >= 1.0 && *s <= 3600.0)
            .map(Duration::from_secs_f64)
            .ok_or_else(|| {
                bad(
                    "call deadline",
                    "--call-deadline",
                    "MISTMCP_CALL_DEADLINE",
                    t,
                    "seconds, from 1 to 3600",
                )
            })?,
    };
    let no_cache = match args.no_cache.as_deref().map(|s| s.trim().to_ascii_lowercase()) {
        None => false,
        Some(v) => match v.as_str() {
            "" | "true" | "1" | "yes" | "on" => true,
            "false" | "0" | "no" | "off" => false,
            _ => {
                return Err(bad(
                    "no-cache value",
                    "--no-cache",
                    "MISTMCP_NO_CACHE",
                    &v,
                    "true or false",
                ));
            }
        },
    };
    let max_bytes = number(
        args.cache_mb.as_deref(),
        "cache size",
        "--cache-mb",
        "MISTMCP_CACHE_MB",
        1..=65_536,
    )?
    .map_or(CacheSettings::default().max_bytes, |mb| (mb as usize) << 20);
    let ttl = match args.cache_ttl.as_deref() {
        None => CacheTtl::default(),
        Some(list) => parse_ttl(list)?,
    };
    let cache = (!no_cache).then_some(CacheSettings { max_bytes, ttl });
    let max_result_bytes = number(
        args.max_result_kb.as_deref(),
        "answer size",
        "--max-result-kb",
        "MISTMCP_MAX_RESULT_KB",
        8..=10_240,
    )?
    .map_or(defaults.max_result_bytes, |kb| kb as usize * 1024);
    Ok(ClientOptions {
        rate_limit,
        call_deadline,
        retries,
        cache,
        max_result_bytes,
    })
}

/// `constant=1h,config=60s,volatile=10` (a bare number is seconds; unnamed classes keep
/// their defaults; 0 stops caching that class).
fn parse_ttl(list: &str) -> Result<CacheTtl, ConfigError> {
    let mut ttl = CacheTtl::default();
    let fail = |item: &str, why: &str| {
        ConfigError(format!(
            "invalid cache lifetime '{item}' (from --cache-ttl or MISTMCP_CACHE_TTL): {why}; \
             example: constant=1h,config=60s,volatile=10s"
        ))
    };
    for item in list.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let Some((class, value)) = item.split_once('=') else {
            return Err(fail(item, "expected CLASS=DURATION"));
        };
        let value = value.trim();
        let duration = match value.parse::<u64>() {
            Ok(secs) => Duration::from_secs(secs),
            Err(_) => {
                humantime::parse_duration(value).map_err(|_| fail(item, "the duration is not understood"))?
            }
        };
        let slot = match class.trim().to_ascii_lowercase().as_str() {
            "constant" => &mut ttl.constant,
            "config" => &mut ttl.config,
            "volatile" => &mut ttl.volatile,
            _ => return Err(fail(item, "the classes are constant, config and volatile")),
        };
        *slot = duration;
    }
    Ok(ttl)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(pairs: &[(&str, &str)]) -> ClientArgs {
        let mut a = ClientArgs::default();
        for (k, v) in pairs {
            let v = Some(v.to_string());
            match *k {
                "rate" => a.rate_limit = v,
                "deadline" => a.call_deadline = v,
                "retries" => a.retries = v,
                "no_cache" => a.no_cache = v,
                "ttl" => a.cache_ttl = v,
                "mb" => a.cache_mb = v,
                "kb" => a.max_result_kb = v,
                other => panic!("unknown key {other}"),
            }
        }
        a
    }

    #[test]
    fn defaults_follow_mists_limit_and_a_100_kb_answer() {
        let o = resolve(&ClientArgs::default()).unwrap();
        assert_eq!(o, ClientOptions::default());
        assert_eq!(o.rate_limit, 5_000);
        assert_eq!(o.max_result_bytes, 100 * 1024);
        assert_eq!(o.cache.unwrap().ttl, CacheTtl::default());
    }

    #[test]
    fn every_option_is_read() {
        let o = resolve(&args(&[
            ("rate", "1200"),
            ("deadline", "12.5"),
            ("retries", "1"),
            ("ttl", "config=2m, volatile=5"),
            ("mb", "8"),
            ("kb", "50"),
        ]))
        .unwrap();
        assert_eq!(
            (o.rate_limit, o.retries, o.max_result_bytes),
            (1200, 1, 50 * 1024)
        );
        assert_eq!(o.call_deadline, Duration::from_millis(12_500));
        let cache = o.cache.unwrap();
        assert_eq!(cache.max_bytes, 8 << 20);
        assert_eq!(cache.ttl.config, Duration::from_secs(120));
        assert_eq!(cache.ttl.volatile, Duration::from_secs(5));
        assert_eq!(cache.ttl.constant, CacheTtl::default().constant);
        let s = o.client_settings(Duration::from_secs(7));
        assert_eq!(
            (s.http.request_timeout, s.retry.deadline, s.budget.limit),
            (Duration::from_secs(7), o.call_deadline, 1200)
        );
    }

    #[test]
    fn no_cache_turns_the_cache_off() {
        assert!(resolve(&args(&[("no_cache", "")])).unwrap().cache.is_none());
        assert!(resolve(&args(&[("no_cache", "false")])).unwrap().cache.is_some());
        let e = resolve(&args(&[("no_cache", "maybe")])).unwrap_err().to_string();
        assert!(e.contains("--no-cache") && e.contains("MISTMCP_NO_CACHE"), "{e}");
    }

    #[test]
    fn mistakes_name_the_flag_the_variable_and_the_range() {
        let e = resolve(&args(&[("rate", "lots")])).unwrap_err().to_string();
        assert!(
            e.contains("--rate-limit") && e.contains("MISTMCP_RATE_LIMIT") && e.contains("0 to 1000000"),
            "{e}"
        );
        let e = resolve(&args(&[("deadline", "0")])).unwrap_err().to_string();
        assert!(e.contains("--call-deadline"), "{e}");
        let e = resolve(&args(&[("ttl", "forever=1h")])).unwrap_err().to_string();
        assert!(e.contains("constant, config and volatile"), "{e}");
        let e = resolve(&args(&[("ttl", "config=soon")])).unwrap_err().to_string();
        assert!(e.contains("not understood") && e.contains("example"), "{e}");
        assert!(resolve(&args(&[("kb", "1")])).is_err());
        assert!(resolve(&args(&[("retries", "99")])).is_err());
    }

    #[test]
    fn a_zero_rate_limit_means_no_client_side_limit() {
        assert_eq!(
            resolve(&args(&[("rate", "0")]))
                .unwrap()
                .client_settings(Duration::from_secs(1))
                .budget
                .limit,
            0
        );
    }
}
