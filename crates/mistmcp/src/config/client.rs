//! Options of the Mist client: rate limit, retries, deadline, cache and answer size.
//!
//! Every option is a flag with an environment variable beside it, parsed to its type by
//! [`super::values`]; a mistake is reported as one line naming the flag, the variable and what
//! is expected ([`super::settings`]).

use super::values::{self, Given, blank_or, given};
use mist_client::{BudgetSettings, CacheSettings, CacheTtl, ClientSettings, MistClientSettings, RetryPolicy};
use mistmcp_engine::AnswerLimits;
use mistmcp_engine::SecretPolicy;
use std::time::Duration;

/// Client options from flags and environment, each parsed to its type.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ClientArgs {
    /// Mist API calls per token per hour this server allows itself (default: 5000, Mist's own
    /// limit; 0: no client-side limit)
    #[arg(global = true, long = "rate-limit", env = "MISTMCP_RATE_LIMIT", value_name = "CALLS",
          value_parser = blank_or(values::whole(0..=1_000_000)))]
    pub rate_limit: Option<Given<u64>>,

    /// Seconds one tool call may spend on Mist, retries and waits included (default: 60)
    #[arg(global = true, long = "call-deadline", env = "MISTMCP_CALL_DEADLINE", value_name = "SECONDS",
          value_parser = blank_or(values::seconds(1.0..=3600.0)))]
    pub call_deadline: Option<Given<Duration>>,

    /// Retries of a failed Mist read after a 5xx, 429, timeout or broken connection (default: 3)
    #[arg(global = true, long = "retries", env = "MISTMCP_RETRIES", value_name = "N",
          value_parser = blank_or(values::whole(0..=10)))]
    pub retries: Option<Given<u64>>,

    /// Turn the response cache off
    #[arg(global = true, long = "no-cache", env = "MISTMCP_NO_CACHE", value_name = "BOOL",
          num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = blank_or(values::boolean))]
    pub no_cache: Option<Given<bool>>,

    /// Cache lifetimes per kind of answer (default: constant=1h,config=60s,volatile=10s)
    #[arg(global = true, long = "cache-ttl", env = "MISTMCP_CACHE_TTL", value_name = "LIST",
          value_parser = blank_or(values::cache_ttl))]
    pub cache_ttl: Option<Given<CacheTtl>>,

    /// Memory for cached answers, in MB of JSON (default: 64)
    #[arg(global = true, long = "cache-mb", env = "MISTMCP_CACHE_MB", value_name = "MB",
          value_parser = blank_or(values::whole(1..=65_536)))]
    pub cache_mb: Option<Given<u64>>,

    /// Largest answer handed to the model, in KB of JSON; longer lists are cut (default: 100)
    #[arg(global = true, long = "max-result-kb", env = "MISTMCP_MAX_RESULT_KB", value_name = "KB",
          value_parser = blank_or(values::whole(8..=10_240)))]
    pub max_result_kb: Option<Given<u64>>,

    /// Show secret values in answers and write plans (WLAN PSKs, RADIUS and webhook secrets,
    /// device claim codes, API keys and passwords); withheld by default
    #[arg(global = true, long = "reveal-secrets", env = "MISTMCP_REVEAL_SECRETS", value_name = "BOOL",
          num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = blank_or(values::boolean))]
    pub reveal_secrets: Option<Given<bool>>,
}

/// Validated client options.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientOptions {
    /// Mist calls a token may make in an hour.
    pub rate_limit: u32,
    /// How long one call may take, retries included.
    pub call_deadline: Duration,
    /// Retries of a read that may succeed on a second try.
    pub retries: u32,
    /// `None` when the cache is off.
    pub cache: Option<CacheSettings>,
    /// Largest answer, in bytes of JSON.
    pub max_result_bytes: usize,
    /// Whether answers show secret values or withhold them.
    pub secrets: SecretPolicy,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            rate_limit: BudgetSettings::default().limit,
            call_deadline: RetryPolicy::default().deadline,
            retries: RetryPolicy::default().max_retries,
            cache: Some(CacheSettings::default()),
            max_result_bytes: AnswerLimits::default().max_bytes,
            secrets: SecretPolicy::Withhold,
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

    /// The limits every answer is held to.
    pub fn limits(&self) -> AnswerLimits {
        AnswerLimits {
            max_bytes: self.max_result_bytes,
            secrets: self.secrets,
        }
    }
}

/// The client options, with defaults for what was not given.
pub(crate) fn resolve(args: &ClientArgs) -> ClientOptions {
    let defaults = ClientOptions::default();
    let cache = (!given(&args.no_cache).unwrap_or(false)).then(|| CacheSettings {
        max_bytes: given(&args.cache_mb).map_or(CacheSettings::default().max_bytes, |mb| (mb as usize) << 20),
        ttl: given(&args.cache_ttl).unwrap_or_default(),
    });
    ClientOptions {
        rate_limit: given(&args.rate_limit).map_or(defaults.rate_limit, |n| n as u32),
        call_deadline: given(&args.call_deadline).unwrap_or(defaults.call_deadline),
        retries: given(&args.retries).map_or(defaults.retries, |n| n as u32),
        cache,
        max_result_bytes: given(&args.max_result_kb)
            .map_or(defaults.max_result_bytes, |kb| kb as usize * 1024),
        secrets: if given(&args.reveal_secrets).unwrap_or(false) {
            SecretPolicy::Reveal
        } else {
            SecretPolicy::Withhold
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::cli::Cli;
    use crate::config::settings;
    use clap::Parser;

    /// The client options of a command line, or the message its mistake gives.
    fn options(args: &[&str]) -> Result<ClientOptions, String> {
        let mut argv = vec!["mistmcp"];
        argv.extend_from_slice(args);
        Cli::try_parse_from(argv)
            .map(|cli| resolve(&cli.client))
            .map_err(|e| settings::describe(&e).unwrap_or_else(|| e.to_string()))
    }

    #[test]
    fn defaults_follow_mists_limit_and_a_100_kb_answer() {
        let o = resolve(&ClientArgs::default());
        assert_eq!(o, ClientOptions::default());
        assert_eq!(o.rate_limit, 5_000);
        assert_eq!(o.max_result_bytes, 100 * 1024);
        assert_eq!(o.cache.unwrap().ttl, CacheTtl::default());
    }

    #[test]
    fn every_option_is_read() {
        let o = options(&[
            "--rate-limit=1200",
            "--call-deadline=12.5",
            "--retries=1",
            "--cache-ttl=config=2m, volatile=5",
            "--cache-mb=8",
            "--max-result-kb=50",
        ])
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
        assert!(options(&["--no-cache"]).unwrap().cache.is_none());
        assert!(options(&["--no-cache=false"]).unwrap().cache.is_some());
        let e = options(&["--no-cache=maybe"]).unwrap_err();
        assert!(e.contains("--no-cache") && e.contains("MISTMCP_NO_CACHE"), "{e}");
    }

    #[test]
    fn mistakes_name_the_flag_the_variable_and_the_range() {
        let e = options(&["--rate-limit", "lots"]).unwrap_err();
        assert!(
            e.contains("--rate-limit") && e.contains("MISTMCP_RATE_LIMIT") && e.contains("0 to 1000000"),
            "{e}"
        );
        let e = options(&["--call-deadline", "0"]).unwrap_err();
        assert!(e.contains("--call-deadline"), "{e}");
        let e = options(&["--cache-ttl", "forever=1h"]).unwrap_err();
        assert!(e.contains("constant, config and volatile"), "{e}");
        let e = options(&["--cache-ttl", "config=soon"]).unwrap_err();
        assert!(e.contains("not understood") && e.contains("example"), "{e}");
        assert!(options(&["--max-result-kb", "1"]).is_err());
        assert!(options(&["--retries", "99"]).is_err());
    }

    #[test]
    fn a_zero_rate_limit_means_no_client_side_limit() {
        assert_eq!(
            options(&["--rate-limit", "0"])
                .unwrap()
                .client_settings(Duration::from_secs(1))
                .budget
                .limit,
            0
        );
    }
}
