//! The HTTP client that speaks to a Mist cloud: one attempt of one request.
//!
//! One `reqwest::Client` serves every cloud: it keeps a keep-alive pool per host and negotiates
//! HTTP/2 through ALPN where the server offers it over TLS (Mist does); plain-http hosts such as
//! the simulator stay on HTTP/1.1, since HTTP/2 is never assumed without negotiation. This module
//! sends one request and turns the answer into bytes or a [`MistError`]; budgets, retries,
//! caching and single-flight are layered on top of it in [`super::client`].

use super::error::{Detail, MistError, RetryHint};
use super::host::MistBase;
use super::token::ApiToken;
use bytes::Bytes;
use http::Method;
use serde_json::Value;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// Answers larger than this are refused rather than buffered without bound.
const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// Settings of the HTTP layer.
#[derive(Debug, Clone)]
pub struct ClientSettings {
    /// Longest wait to open a connection to a cloud.
    pub connect_timeout: Duration,
    /// Longest one attempt may take, body included.
    pub request_timeout: Duration,
}

impl Default for ClientSettings {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(30),
        }
    }
}

/// A successful (2xx) answer, as received.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The HTTP status (2xx).
    pub status: u16,
    /// The body as received, not parsed (a body over 64 MB is refused instead).
    pub body: Bytes,
    /// Mist's paging headers, present when the answer is one page of a list.
    pub page: PageHeaders,
}

/// The `X-Page-*` headers Mist sends with `limit`/`page` lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageHeaders {
    /// `X-Page-Total`: items in the whole list.
    pub total: Option<u64>,
    /// `X-Page-Limit`: items per page.
    pub limit: Option<u64>,
    /// `X-Page-Page`: the number of this page.
    pub page: Option<u64>,
}

/// The pooled client, built on first use: building it loads the system's root certificates,
/// which costs several milliseconds and a few MB that a server answering `initialize` or
/// `tools/list` (or running in a test that never calls Mist) does not need.
#[derive(Debug, Clone)]
pub(crate) struct MistHttp {
    http: Arc<OnceLock<Result<reqwest::Client, String>>>,
    settings: ClientSettings,
}

impl MistHttp {
    /// A client that builds its connection pool on its first request.
    pub(crate) fn new(settings: ClientSettings) -> Result<Self, String> {
        Ok(Self {
            http: Arc::new(OnceLock::new()),
            settings,
        })
    }

    fn client(&self, base: &MistBase) -> Result<&reqwest::Client, MistError> {
        self.http
            .get_or_init(|| build_client(&self.settings))
            .as_ref()
            .map_err(|reason| MistError::Connect {
                host: base.to_string(),
                reason: reason.clone(),
            })
    }

    /// The time limits it was made with.
    pub(crate) fn settings(&self) -> &ClientSettings {
        &self.settings
    }
}

fn build_client(settings: &ClientSettings) -> Result<reqwest::Client, String> {
    // ring is the TLS crypto provider: smaller and quicker to build than the default one, and
    // installed once per process (a second install is refused harmlessly).
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .user_agent(concat!("mistmcp/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(settings.connect_timeout)
        .pool_idle_timeout(Duration::from_secs(90))
        .pool_max_idle_per_host(32)
        .tcp_nodelay(true)
        .tcp_keepalive(Duration::from_secs(60))
        // Only takes effect on connections that negotiated HTTP/2.
        .http2_adaptive_window(true)
        .http2_keep_alive_interval(Duration::from_secs(30))
        .http2_keep_alive_timeout(Duration::from_secs(10))
        // Redirects could carry the token to another host; Mist's API does not redirect.
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))
}

impl MistHttp {
    /// Sends `method base + path_and_query` with the token, waiting at most `timeout` for the
    /// whole answer.
    pub(crate) async fn send(
        &self,
        method: &Method,
        base: &MistBase,
        token: &ApiToken,
        path_and_query: &str,
        timeout: Duration,
    ) -> Result<Reply, MistError> {
        self.send_body(method, base, token, path_and_query, None, timeout)
            .await
    }

    /// [`MistHttp::send`] with a JSON request body (writes).
    pub(crate) async fn send_body(
        &self,
        method: &Method,
        base: &MistBase,
        token: &ApiToken,
        path_and_query: &str,
        body: Option<&Value>,
        timeout: Duration,
    ) -> Result<Reply, MistError> {
        let url = base.url(path_and_query);
        let mut request = self.client(base)?.request(method.clone(), &url);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request
            .header(
                reqwest::header::AUTHORIZATION,
                format!("Token {}", token.expose()),
            )
            .header(reqwest::header::ACCEPT, "application/json")
            .timeout(timeout)
            .send()
            .await
            .map_err(|e| transport_error(base, &e, timeout))?;

        let status = response.status().as_u16();
        let page = page_headers(response.headers());
        let retry_after = retry_after(response.headers());
        if response
            .content_length()
            .is_some_and(|n| n > MAX_BODY_BYTES as u64)
        {
            return Err(too_large(status));
        }
        let body = response
            .bytes()
            .await
            .map_err(|e| transport_error(base, &e, timeout))?;
        if body.len() > MAX_BODY_BYTES {
            return Err(too_large(status));
        }
        if (200..300).contains(&status) {
            return Ok(Reply { status, body, page });
        }
        let parsed: Option<Value> = serde_json::from_slice(&body).ok();
        Err(status_error(
            status,
            base,
            path_and_query,
            parsed.as_ref(),
            retry_after,
        ))
    }
}

/// Parses a 2xx body, which must be JSON (an empty body counts as `null`). The caller keeps
/// the value, so a body is parsed once on its way to the answer.
pub fn parse_json(body: &[u8]) -> Result<Value, MistError> {
    checked(body, |b| serde_json::from_slice(b))
}

/// [`parse_json`] for an answer: empty fields are dropped as the body is parsed.
pub fn parse_lean(body: &[u8]) -> Result<Value, MistError> {
    checked(body, super::lean::from_slice)
}

fn checked(body: &[u8], parse: fn(&[u8]) -> serde_json::Result<Value>) -> Result<Value, MistError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    parse(body).map_err(|_| MistError::NotJson {
        status: 200,
        snippet: snippet(body),
    })
}

fn too_large(status: u16) -> MistError {
    MistError::Unexpected {
        status,
        detail: Detail(Some(format!(
            "the answer is larger than {} MB",
            MAX_BODY_BYTES >> 20
        ))),
    }
}

fn transport_error(base: &MistBase, error: &reqwest::Error, timeout: Duration) -> MistError {
    if error.is_timeout() {
        return MistError::Timeout { after: timeout };
    }
    if error.is_connect() {
        return MistError::Connect {
            host: base.to_string(),
            reason: root_cause(error),
        };
    }
    MistError::Interrupted {
        reason: root_cause(error),
    }
}

/// `Retry-After` in seconds (Mist does not document it, but proxies send it).
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

fn page_headers(headers: &reqwest::header::HeaderMap) -> PageHeaders {
    let number = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
    };
    PageHeaders {
        total: number("x-page-total"),
        limit: number("x-page-limit"),
        page: number("x-page-page"),
    }
}

/// Maps a non-2xx status and Mist's error body (`{detail}` or, for 404, `{id}`) to an error.
fn status_error(
    status: u16,
    base: &MistBase,
    path: &str,
    body: Option<&Value>,
    retry_after: Option<Duration>,
) -> MistError {
    let detail = Detail(
        body.and_then(|b| b.get("detail"))
            .and_then(Value::as_str)
            .map(|s| s.chars().take(300).collect()),
    );
    match status {
        400 => MistError::BadRequest { detail },
        401 => MistError::Unauthorized {
            host: base.host().to_owned(),
            detail,
        },
        403 => MistError::Forbidden { detail },
        404 => {
            let what = body
                .and_then(|b| b.get("id"))
                .and_then(Value::as_str)
                .map(|id| format!("object {}", crate::echo::clip(id)))
                .unwrap_or_else(|| path.split('?').next().unwrap_or(path).to_owned());
            MistError::NotFound { what }
        }
        429 => MistError::RateLimited {
            when: retry_after.map(RetryHint::after).unwrap_or_default(),
        },
        500..=599 => MistError::Upstream { status, detail },
        _ => MistError::Unexpected { status, detail },
    }
}

/// The first printable characters of a body, for an error message.
fn snippet(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(120)]);
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!("starts with \"{}\"", clean.trim())
}

/// The innermost cause, without the URL reqwest adds (it could carry query values).
fn root_cause(error: &reqwest::Error) -> String {
    let mut source: &dyn std::error::Error = error;
    while let Some(next) = source.source() {
        source = next;
    }
    source.to_string()
}
