//! The Mist client every tool call goes through.
//!
//! A request first looks in the cache (per token, cloud and URL), then joins an identical
//! request already under way (single-flight), and only then goes upstream: the token's budget
//! admits it, the HTTP layer sends it, and failures of safe requests are retried with backoff
//! until the call's deadline. A 429 makes the client ask Mist how much of the hour is left, so
//! the error can say when calls will succeed again.

use crate::budget::{Admission, Budget, BudgetSettings, Usage};
use crate::cache::{CacheKey, CacheTtl, CachedReply, ResponseCache};
use crate::error::{MistError, PerHour, RetryHint};
use crate::flight::Flights;
use crate::host::MistBase;
use crate::http::{ClientSettings, MistHttp, Reply, parse_json, parse_lean};
use crate::retry::{RetryPolicy, Verdict};
use crate::shared::{OwnCalls, Sharing};
use crate::token::{ApiToken, TokenDigest};
use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use http::Method;
use mist_catalog::CacheClass;
use serde_json::Value;
use std::sync::Arc;
use std::time::{Duration, Instant};

mod admission;

/// Path of Mist's report of a token's hourly usage.
pub(crate) const USAGE_PATH: &str = "/api/v1/self/usage";

/// Everything the client can be told.
#[derive(Debug, Clone, Default)]
pub struct MistClientSettings {
    /// Time limits of each HTTP attempt.
    pub http: ClientSettings,
    /// When failed reads are sent again, and the deadline of a whole call.
    pub retry: RetryPolicy,
    /// Each token's budget of calls per window.
    pub budget: BudgetSettings,
    /// `None` turns the cache off.
    pub cache: Option<CacheSettings>,
}

/// Size and lifetimes of the response cache; by default 64 MB and [`CacheTtl::default`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheSettings {
    /// Most bytes the cache holds (bodies, URLs and a fixed cost per entry); past it the least
    /// recently used answers go. An answer over a quarter of it is not kept.
    pub max_bytes: usize,
    /// How long answers of each cache class are kept.
    pub ttl: CacheTtl,
}

impl Default for CacheSettings {
    fn default() -> Self {
        Self {
            max_bytes: 64 << 20,
            ttl: CacheTtl::default(),
        }
    }
}

/// What a successful body must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// JSON, parsed with every field, empty ones included.
    Json,
    /// JSON read for an answer: empty fields are dropped as it is parsed ([`crate::lean`]).
    Lean,
    /// Passed on as text (file exports).
    Text,
}

/// One request to Mist.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// The HTTP method. Only a GET is looked up in the cache or joined to an identical request
    /// under way; any other goes straight to Mist. Only GET and HEAD are ever retried.
    pub method: Method,
    /// Path and query, starting with `/api/v1/`.
    pub path: &'a str,
    /// The cache class of the tool's answers, which decides how long a GET's answer is kept.
    pub class: CacheClass,
    /// What a successful body must be; a body that is not is a failure (and may be retried).
    pub body: BodyKind,
    /// Skip the cache lookup (the fresh answer is still stored).
    pub fresh: bool,
}

/// A successful answer and how it was obtained.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The answer as Mist sent it: status, body bytes and paging headers.
    pub reply: Arc<Reply>,
    /// The body, parsed as the request's [`BodyKind`] asks (empty for a text body); a reply
    /// from a cache is parsed when it is read.
    pub json: Option<Arc<Value>>,
    /// How `json` was parsed: a request that joined another's asks for its own parse when the
    /// two differ.
    json_kind: BodyKind,
    /// Age of the answer when it came from the cache.
    pub cached_age: Option<Duration>,
    /// Waits between attempts, one per retry.
    pub retry_waits: Vec<Duration>,
    /// The answer came from an identical request another caller had under way.
    pub joined: bool,
}

impl Fetched {
    /// The answer as a value of the caller's own: the parsed body (taken when no other caller
    /// shares it, copied when one does), or a text body as a string.
    pub fn into_value(self) -> Value {
        match self.json {
            Some(json) => Arc::try_unwrap(json).unwrap_or_else(|shared| (*shared).clone()),
            None => Value::String(String::from_utf8_lossy(&self.reply.body).into_owned()),
        }
    }
}

/// The Mist API client every tool call goes through: for one request it answers from the
/// cache when it may, joins an identical request already in flight, keeps the token within its
/// hourly budget, and retries reads that may succeed on a second try. Cheap to clone.
#[derive(Clone)]
pub struct MistClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: MistHttp,
    retry: RetryPolicy,
    budget: Budget,
    cache: Option<(ResponseCache, CacheTtl)>,
    flights: Flights<CacheKey, Result<Fetched, MistError>>,
    /// Budget and cache shared with other replicas, if any.
    sharing: Sharing,
    own: OwnCalls,
}

impl MistClient {
    /// A client that shares nothing with other replicas: its budget and cache are this
    /// process's own.
    pub fn new(settings: MistClientSettings) -> Result<Self, String> {
        Self::new_shared(settings, Sharing::default())
    }

    /// A client that counts calls and caches answers together with other replicas.
    pub fn new_shared(settings: MistClientSettings, sharing: Sharing) -> Result<Self, String> {
        let inner = Inner {
            http: MistHttp::new(settings.http)?,
            retry: settings.retry,
            budget: Budget::new(settings.budget),
            cache: settings.cache.map(|c| (ResponseCache::new(c.max_bytes), c.ttl)),
            flights: Flights::default(),
            sharing,
            own: OwnCalls::default(),
        };
        Ok(Self {
            inner: Arc::new(inner),
        })
    }

    /// Entries and bytes held by the cache, if it is on.
    pub fn cache_usage(&self) -> Option<(usize, usize)> {
        self.inner.cache.as_ref().map(|(cache, _)| cache.usage())
    }

    /// Drops the cached answers whose URL is `stale` (another replica wrote to their org or
    /// site); how many were dropped.
    pub fn drop_cached(&self, stale: impl Fn(&str) -> bool) -> usize {
        self.inner
            .cache
            .as_ref()
            .map_or(0, |(cache, _)| cache.invalidate(stale))
    }

    /// How long answers of `class` are kept in the cache; `None` when the cache is off.
    pub fn ttl_of(&self, class: CacheClass) -> Option<Duration> {
        self.inner.cache.as_ref().map(|(_, ttl)| ttl.of(class))
    }

    /// Sends one request and returns its successful answer. A GET is answered, in this order,
    /// from this process's cache (unless `fresh`), by joining an identical request already under
    /// way, from the cache replicas share, or by Mist, within the token's budget and retried
    /// while it may succeed before the call's deadline; Mist's answer is then cached. Any other
    /// method goes straight to Mist, within the budget.
    pub async fn fetch(
        &self,
        base: &MistBase,
        token: &ApiToken,
        req: &Request<'_>,
    ) -> Result<Fetched, MistError> {
        let inner = &self.inner;
        if req.method != Method::GET {
            let fetched = inner
                .upstream(base, token, req.method.clone(), req.path, req.body)
                .await?;
            return parsed(fetched, req.body);
        }
        let key = CacheKey {
            who: token.digest(),
            url: base.url(req.path),
        };
        if !req.fresh
            && let Some(hit) = inner.cached(&key, req.body)
        {
            return parsed(hit, req.body);
        }
        let (outcome, joined) = inner
            .flights
            .run(key.clone(), Inner::lead(inner, base, token, req, key))
            .await;
        parsed(Fetched { joined, ..outcome? }, req.body)
    }
}

/// The answer with its body parsed as `kind` asks, whichever way it came (Mist, this process's
/// cache, the replicas' cache, or another caller's request): the one place a Mist body is
/// parsed for a read.
fn parsed(mut fetched: Fetched, kind: BodyKind) -> Result<Fetched, MistError> {
    if fetched.json_kind != kind {
        fetched.json = None;
    }
    if fetched.json.is_none() {
        fetched.json = parse_as(kind, &fetched.reply.body)?;
    }
    fetched.json_kind = kind;
    Ok(fetched)
}

/// `body` parsed as `kind` asks (a text body is not parsed).
fn parse_as(kind: BodyKind, body: &[u8]) -> Result<Option<Arc<Value>>, MistError> {
    Ok(match kind {
        BodyKind::Json => Some(Arc::new(parse_json(body)?)),
        BodyKind::Lean => Some(Arc::new(parse_lean(body)?)),
        BodyKind::Text => None,
    })
}

impl MistClient {
    /// Sends one write: admitted by the token's budget, sent once and never retried (a write
    /// that timed out may have happened), then the cached reads of the org or site it touched
    /// are dropped, here, in the cache replicas share and in the other replicas' own caches
    /// (`scope_ids`: the ids of the path's org, site or MSP).
    pub async fn write(
        &self,
        base: &MistBase,
        token: &ApiToken,
        method: Method,
        path: &str,
        body: Option<&Value>,
        scope_ids: &[&str],
    ) -> Result<(u16, Value), MistError> {
        let inner = &self.inner;
        inner.admit(token.digest()).await?;
        let timeout = inner.http.settings().request_timeout;
        let sent = inner
            .http
            .send_body(&method, base, token, path, body, timeout)
            .await;
        // Even a failed write may have changed something (a timeout after Mist acted).
        if let Some((cache, _)) = &inner.cache {
            let dropped = cache.invalidate(|url| {
                scope_ids
                    .iter()
                    .any(|id| url.contains(&format!("/{id}/")) || url.ends_with(&format!("/{id}")))
            });
            tracing::debug!(dropped, "cached reads invalidated after a write");
        }
        // The answers other replicas share too, or the next read here would bring them back;
        // then the other replicas' own caches, once nothing shared can bring the old answer back.
        if !scope_ids.is_empty() {
            if let Some(shared) = &inner.sharing.cache {
                shared.drop_scopes(scope_ids).await;
            }
            if let Some(news) = &inner.sharing.writes {
                news.announce(scope_ids).await;
            }
        }
        let reply = sent?;
        // Some writes answer with an empty or non-JSON body; the status says it worked.
        let body = parse_json(&reply.body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&reply.body).into_owned()));
        Ok((reply.status, body))
    }
}

impl Inner {
    /// This process's cached answer for `key`, if it holds one.
    fn cached(&self, key: &CacheKey, kind: BodyKind) -> Option<Fetched> {
        let (cache, _) = self.cache.as_ref()?;
        let hit = cache.get(key, Instant::now())?;
        Some(Fetched {
            reply: hit.reply,
            json: None,
            json_kind: kind,
            cached_age: Some(hit.fetched.elapsed()),
            retry_waits: Vec::new(),
            joined: false,
        })
    }

    /// The request a flight's leader makes for everyone who joins it: from the replicas'
    /// cache, or from Mist, whose answer it then caches here and there.
    fn lead(
        inner: &Arc<Self>,
        base: &MistBase,
        token: &ApiToken,
        req: &Request<'_>,
        key: CacheKey,
    ) -> impl FnOnce() -> BoxFuture<'static, Result<Fetched, MistError>> + use<> {
        let leader = Arc::clone(inner);
        let (base, token, path) = (base.clone(), token.clone(), req.path.to_owned());
        let (class, body, fresh) = (req.class, req.body, req.fresh);
        move || {
            async move {
                // Parsed here, once, for the leader and every caller that joined it.
                if !fresh && let Some(hit) = leader.shared_hit(&key, class).await {
                    return parsed(hit, body);
                }
                let result = leader.upstream(&base, &token, Method::GET, &path, body).await;
                if let Ok(fetched) = &result {
                    leader.keep(key, fetched, class).await;
                }
                result
            }
            .boxed()
        }
    }

    /// Keeps Mist's answer in this process's cache and in the one replicas share.
    async fn keep(&self, key: CacheKey, fetched: &Fetched, class: CacheClass) {
        let Some((cache, ttl)) = &self.cache else {
            return;
        };
        if let Some(shared) = &self.sharing.cache {
            shared.put(&key, &fetched.reply, ttl.of(class)).await;
        }
        let value = CachedReply {
            reply: Arc::clone(&fetched.reply),
            fetched: Instant::now(),
        };
        cache.put(key, value, ttl.of(class), Instant::now());
    }

    /// Sends the request, retrying safe ones, within the budget and the call's deadline.
    async fn upstream(
        &self,
        base: &MistBase,
        token: &ApiToken,
        method: Method,
        path: &str,
        body: BodyKind,
    ) -> Result<Fetched, MistError> {
        let started = Instant::now();
        let deadline = started + self.retry.deadline;
        let who = token.digest();
        let mut retry_waits = Vec::new();
        let mut attempts = 0u32;
        loop {
            attempts += 1;
            let error = match self.attempt(base, token, &method, path, body, deadline).await {
                Ok((reply, json)) => {
                    return Ok(Fetched {
                        reply: Arc::new(reply),
                        json,
                        json_kind: body,
                        cached_age: None,
                        retry_waits,
                        joined: false,
                    });
                }
                Err(error) => error,
            };
            if matches!(error, MistError::RateLimited { .. })
                && let Some(final_error) = self.after_rate_limit(base, token, who, deadline).await
            {
                return Err(final_error);
            }
            let remaining = deadline.saturating_duration_since(Instant::now());
            match self
                .retry
                .after_failure(&method, &error, attempts, remaining, rand::random())
            {
                Verdict::Retry(wait) => {
                    tracing::info!(
                        kind = error.kind(),
                        attempt = attempts,
                        wait_ms = wait.as_millis() as u64,
                        "retrying Mist request"
                    );
                    retry_waits.push(wait);
                    tokio::time::sleep(wait).await;
                }
                Verdict::Stop if attempts > 1 => {
                    let (elapsed, last) = (started.elapsed(), Box::new(error));
                    return Err(MistError::GaveUp {
                        attempts,
                        elapsed,
                        last,
                    });
                }
                Verdict::Stop => return Err(error),
            }
        }
    }

    /// One attempt: admitted by the budget (its usage synced with Mist when due), sent within
    /// what is left of the deadline, and its body checked as `body` asks.
    async fn attempt(
        &self,
        base: &MistBase,
        token: &ApiToken,
        method: &Method,
        path: &str,
        body: BodyKind,
        deadline: Instant,
    ) -> Result<(Reply, Option<Arc<Value>>), MistError> {
        let who = token.digest();
        if self.budget.begin_sync(who, Instant::now(), false) {
            // Best effort: without an answer the local estimate stands.
            let _ = self.sync_usage(base, token, who, deadline).await;
        }
        self.admit(who).await?;
        let timeout = self
            .http
            .settings()
            .request_timeout
            .min(deadline.saturating_duration_since(Instant::now()));
        let reply = self.http.send(method, base, token, path, timeout).await?;
        let json = parse_as(body, &reply.body)?;
        Ok((reply, json))
    }

    /// An answer another replica cached (kept here too for the rest of its life).
    async fn shared_hit(&self, key: &CacheKey, class: CacheClass) -> Option<Fetched> {
        let (Some(shared), Some((cache, ttl))) = (&self.sharing.cache, &self.cache) else {
            return None;
        };
        let (reply, age) = shared.get(key).await?;
        let now = Instant::now();
        let reply = Arc::new(reply);
        let fetched = now.checked_sub(age).unwrap_or(now);
        let value = CachedReply {
            reply: Arc::clone(&reply),
            fetched,
        };
        cache.put(key.clone(), value, ttl.of(class).saturating_sub(age), now);
        Some(Fetched {
            reply,
            json: None,
            json_kind: BodyKind::Json,
            cached_age: Some(age),
            retry_waits: Vec::new(),
            joined: false,
        })
    }
}
