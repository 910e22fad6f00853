//! Mist credentials of an HTTP request: the token from its headers, the cloud from its URL.
//!
//! Both are read on every call and never stored: a session remembers only the token's digest
//! (to refuse another token, see [`super::session::binding`]).

use http::HeaderMap;
use mist_client::{ApiToken, HostPolicy, MistBase, TokenError};
use mistmcp_engine::Target;

/// The seed's header: the bare token, or `Token …` / `Bearer …`.
pub(crate) const X_AUTHORIZATION: &str = "x-authorization";

/// What to send, for messages to a caller that sent no token.
pub(crate) const HOW_TO_SEND: &str = "send the Mist API token in the X-Authorization header \
    (X-Authorization: <token>) or as Authorization: Bearer <token>; with mcp-remote, add \
    --header X-Authorization:${MIST_APITOKEN}";

/// A credentials header that is present but not usable.
///
/// Both fields are closed sets, so the message can never carry a byte of the request: a
/// header value may be a token, and errors end up in logs and in the client's hands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the {header} header does not hold a usable Mist API token: {reason}")]
pub struct BadTokenHeader {
    /// The header, as HTTP names it.
    pub header: &'static str,
    /// What is wrong with it.
    pub reason: BadTokenReason,
}

/// Why a credentials header was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadTokenReason {
    /// It holds bytes that are not text.
    #[error("it is not plain text")]
    NotText,
    /// It holds text that is no token.
    #[error(transparent)]
    Token(#[from] TokenError),
}

/// The token a request carries: `X-Authorization` first (the seed's header), then an
/// `Authorization` header with the `Bearer` or `Token` scheme. `Authorization` with another
/// scheme (a proxy's own Basic credentials, say) is not ours and is passed over.
pub fn token_from_headers(headers: &HeaderMap) -> Result<Option<ApiToken>, BadTokenHeader> {
    for (name, header) in [
        (X_AUTHORIZATION, "X-Authorization"),
        ("authorization", "Authorization"),
    ] {
        let Some(value) = headers.get(name) else { continue };
        let bad = |reason: BadTokenReason| BadTokenHeader { header, reason };
        let text = value.to_str().map_err(|_| bad(BadTokenReason::NotText))?;
        let value = if name == "authorization" {
            let text = text.trim_start();
            let (scheme, rest) = text.split_once(' ').unwrap_or((text, ""));
            if !scheme.eq_ignore_ascii_case("bearer") && !scheme.eq_ignore_ascii_case("token") {
                continue;
            }
            rest
        } else {
            text
        };
        return ApiToken::new(value).map(Some).map_err(|e| bad(e.into()));
    }
    Ok(None)
}

/// Credentials for HTTP: per-request token and cloud, with the operator's defaults.
pub(crate) struct HttpCredentials {
    hosts: HostPolicy,
    /// `MIST_HOST`, or the simulator in demo mode: used when the URL has no `cloud`.
    default_base: Option<MistBase>,
    /// Demo mode only: the simulator's token, used when a request brings none.
    default_token: Option<ApiToken>,
}

impl HttpCredentials {
    pub(crate) fn new(
        hosts: HostPolicy,
        default_base: Option<MistBase>,
        default_token: Option<ApiToken>,
    ) -> Self {
        Self {
            hosts,
            default_base,
            default_token,
        }
    }

    /// The Mist cloud a request's URL names, or the default.
    pub(crate) fn base(&self, cloud: Option<&str>) -> Result<MistBase, String> {
        match cloud {
            Some(cloud) => self
                .hosts
                .resolve(cloud)
                .map_err(|e| format!("the 'cloud' query parameter of the MCP endpoint URL is refused: {e}")),
            None => self.default_base.clone().ok_or_else(|| {
                "no Mist cloud for this request: add ?cloud=<API host> to the MCP endpoint URL, e.g. \
                 /mcp?cloud=api.mist.com (Europe: api.eu.mist.com), or have the operator set MIST_HOST"
                    .to_owned()
            }),
        }
    }

    /// The target of a request that named `cloud` (or none) and carried `token` in its headers.
    pub(crate) fn target(
        &self,
        base: Result<MistBase, String>,
        token: &Result<Option<ApiToken>, BadTokenHeader>,
    ) -> Result<Target, String> {
        let base = base?;
        let token = match token {
            Ok(Some(token)) => token.clone(),
            Ok(None) => match &self.default_token {
                Some(token) => token.clone(),
                None => return Err(format!("no Mist API token on this request: {HOW_TO_SEND}")),
            },
            Err(e) => return Err(e.to_string()),
        };
        Ok(Target { base, token })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mist_client::AllowedHost;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(
                http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        map
    }

    /// What a request with `cloud` in its URL and `pairs` as headers is resolved to.
    fn target_of(
        creds: &HttpCredentials,
        cloud: Option<&str>,
        pairs: &[(&str, &str)],
    ) -> Result<Target, String> {
        creds.target(creds.base(cloud), &token_from_headers(&headers(pairs)))
    }

    #[test]
    fn x_authorization_wins_and_schemes_are_stripped() {
        let t = token_from_headers(&headers(&[
            ("x-authorization", "Token abc"),
            ("authorization", "Bearer xyz"),
        ]));
        assert_eq!(t.unwrap().unwrap().expose(), "abc");
        let t = token_from_headers(&headers(&[("authorization", "Bearer xyz")]));
        assert_eq!(t.unwrap().unwrap().expose(), "xyz");
        assert_eq!(
            token_from_headers(&headers(&[("x-authorization", "plain")]))
                .unwrap()
                .unwrap()
                .expose(),
            "plain"
        );
        assert!(token_from_headers(&HeaderMap::new()).unwrap().is_none());
    }

    #[test]
    fn unusable_headers_are_named_without_echoing_the_value() {
        let e = token_from_headers(&headers(&[("x-authorization", "two secret-words")])).unwrap_err();
        assert!(e.to_string().contains("X-Authorization"), "{e}");
        assert!(!e.to_string().contains("secret-words"));
        let e = token_from_headers(&headers(&[("authorization", "Bearer ")])).unwrap_err();
        assert!(e.to_string().contains("empty"), "{e}");
    }

    #[test]
    fn authorization_with_a_foreign_scheme_is_not_taken_for_a_token() {
        assert!(
            token_from_headers(&headers(&[("authorization", "Basic dXNlcjpzZWNyZXQ=")]))
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn a_call_without_a_token_is_told_which_headers_to_send() {
        let creds = HttpCredentials::new(HostPolicy::default(), None, None);
        let e = target_of(&creds, Some("api.mist.com"), &[]).unwrap_err();
        assert!(
            e.contains("X-Authorization") && e.contains("Authorization: Bearer"),
            "{e}"
        );
    }

    #[test]
    fn the_cloud_comes_from_the_url_or_the_default_and_obeys_the_policy() {
        let policy = HostPolicy::new(vec![AllowedHost::parse("127.0.0.1").unwrap()]);
        let default = policy.resolve("http://127.0.0.1:9").unwrap();
        let creds = HttpCredentials::new(policy, Some(default), None);
        let auth = [("x-authorization", "t")];
        assert_eq!(
            target_of(&creds, None, &auth).unwrap().base.to_string(),
            "http://127.0.0.1:9"
        );
        let eu = target_of(&creds, Some("api.eu.mist.com"), &auth).unwrap();
        assert_eq!(eu.base.to_string(), "https://api.eu.mist.com");
        let e = target_of(&creds, Some("169.254.169.254"), &auth).unwrap_err();
        assert!(e.contains("'cloud'") && e.contains("not a Mist API cloud"), "{e}");
        let none = HttpCredentials::new(HostPolicy::default(), None, None);
        assert!(target_of(&none, None, &auth).unwrap_err().contains("?cloud="));
    }
}
