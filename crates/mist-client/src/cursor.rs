//! Opaque, tamper-proof cursors for Mist's search pages.
//!
//! A search answer's `next` link becomes a cursor the model passes back to the same tool. The
//! cursor carries the link itself (base URL, path and query) and an HMAC-SHA256 over the link,
//! the tool's name and the digest of the token that received it, under a key drawn at random
//! when the process starts, or shared by every replica (`--cursor-key`, or one kept in Redis).
//! The server keeps nothing per cursor, so cursors work across stateless HTTP requests; with a
//! per-process key they die with the process. A cursor is followed only to the cloud and token
//! it was issued for, and only to an `/api/v1/` path.

use super::host::MistBase;
use super::token::TokenDigest;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Separates the fields of the MAC input; it cannot occur in a tool name, URL or digest text.
const SEP: &[u8] = b"\0";
const DOMAIN: &[u8] = b"mistmcp cursor v1";

/// Whom and what a cursor is for.
#[derive(Debug, Clone, Copy)]
pub struct CursorScope<'a> {
    /// The tool that issued the cursor; no other tool can open it.
    pub tool: &'a str,
    /// The cloud the cursor leads to; a call on another cloud is refused.
    pub base: &'a MistBase,
    /// The digest of the token that received the cursor; no other token can open it.
    pub who: &'a TokenDigest,
}

/// Why a cursor cannot be followed; every message tells the model to run the search again.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CursorError {
    /// Not in the form this server gives cursors: two base64 parts, the first an absolute URL.
    #[error(
        "the cursor is not one this server issued; pass pagination.cursor back exactly as \
         received, or run the search again without cursor"
    )]
    Malformed,
    /// Issued for another cloud than the call's, whose origin it holds.
    #[error(
        "the cursor belongs to another Mist cloud ({0}) than this call's; run the search again \
         without cursor"
    )]
    OtherCloud(String),
    /// Its tag does not match: altered, issued for another tool or token or under another key
    /// (a per-process key after a restart), or leading outside `/api/v1/`.
    #[error(
        "the cursor was not issued by this server for this tool and token, was altered, or \
         the server restarted since; run the search again without cursor to get a fresh one"
    )]
    Forged,
}

/// The secret that signs cursors: drawn per process, or shared by every replica.
#[derive(Clone)]
pub struct CursorKey([u8; 32]);

impl std::fmt::Debug for CursorKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CursorKey(<secret>)")
    }
}

impl CursorKey {
    /// A key of this process alone: its cursors stop opening when the process ends.
    pub fn random() -> Self {
        Self(rand::random())
    }

    /// The key an operator's secret stands for: the same secret gives every replica the same key.
    pub fn from_secret(secret: &str) -> Self {
        use sha2::Digest;
        let mut hash = Sha256::new();
        hash.update(DOMAIN);
        hash.update(SEP);
        hash.update(secret.as_bytes());
        Self(hash.finalize().into())
    }

    /// A key kept elsewhere (in shared state), as [`Self::to_bytes`] gave it.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The key's bytes, to be kept where every replica can read it.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0
    }

    fn mac(&self, scope: &CursorScope<'_>, path: &str) -> Option<HmacSha256> {
        let mut mac = HmacSha256::new_from_slice(&self.0).ok()?;
        let base = scope.base.to_string();
        for part in [
            DOMAIN,
            scope.tool.as_bytes(),
            base.as_bytes(),
            path.as_bytes(),
            scope.who.as_bytes(),
        ] {
            mac.update(part);
            mac.update(SEP);
        }
        Some(mac)
    }

    /// A cursor for `path` (an `/api/v1/` path and query on `scope.base`), or `None` when the
    /// path is not one a cursor may lead to.
    pub fn seal(&self, scope: &CursorScope<'_>, path: &str) -> Option<String> {
        if !is_api_path(path) {
            return None;
        }
        let tag = self.mac(scope, path)?.finalize().into_bytes();
        let url = format!("{}{path}", scope.base);
        Some(format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(url),
            URL_SAFE_NO_PAD.encode(tag)
        ))
    }

    /// The path and query a cursor leads to, if it was issued for exactly this scope.
    pub fn open(&self, scope: &CursorScope<'_>, cursor: &str) -> Result<String, CursorError> {
        let (url, tag) = cursor.trim().split_once('.').ok_or(CursorError::Malformed)?;
        let url = URL_SAFE_NO_PAD.decode(url).map_err(|_| CursorError::Malformed)?;
        let tag = URL_SAFE_NO_PAD.decode(tag).map_err(|_| CursorError::Malformed)?;
        let url = String::from_utf8(url).map_err(|_| CursorError::Malformed)?;
        let (cloud, path) = split_origin(&url).ok_or(CursorError::Malformed)?;
        if cloud != scope.base.to_string() {
            return Err(CursorError::OtherCloud(cloud.to_owned()));
        }
        if !is_api_path(path) {
            return Err(CursorError::Forged);
        }
        let mac = self.mac(scope, path).ok_or(CursorError::Forged)?;
        mac.verify_slice(&tag).map_err(|_| CursorError::Forged)?;
        Ok(path.to_owned())
    }
}

/// Mist's `next` link as a path on `base`: a relative `/api/v1/...` link, or an absolute one on
/// exactly the same origin. Anything else is not followed.
pub fn next_path(base: &MistBase, next: &str) -> Option<String> {
    let next = next.trim();
    let path = if next.starts_with('/') {
        next
    } else {
        let (origin, path) = split_origin(next)?;
        if origin != base.to_string() {
            return None;
        }
        path
    };
    is_api_path(path).then(|| path.to_owned())
}

/// `scheme://authority/rest` → (`scheme://authority`, `/rest`).
fn split_origin(url: &str) -> Option<(&str, &str)> {
    let after_scheme = url.find("://")? + 3;
    let slash = url[after_scheme..].find('/')? + after_scheme;
    Some((&url[..slash], &url[slash..]))
}

/// An API path that cannot climb out of `/api/v1/` or carry a fragment or stray bytes.
fn is_api_path(path: &str) -> bool {
    let (route, _query) = path.split_once('?').unwrap_or((path, ""));
    path.starts_with("/api/v1/")
        && !route
            .split('/')
            .any(|seg| seg == ".." || seg == "." || seg.eq_ignore_ascii_case("%2e%2e"))
        && !route.contains("//")
        && !path.contains(['#', '\\'])
        && !path.chars().any(|c| c.is_control() || c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AllowedHost, ApiToken, HostPolicy};

    fn base(host: &str) -> MistBase {
        HostPolicy::new(vec![AllowedHost::parse("127.0.0.1").unwrap()])
            .resolve(host)
            .unwrap()
    }

    fn who(token: &str) -> TokenDigest {
        ApiToken::new(token).unwrap().digest()
    }

    const NEXT: &str = "/api/v1/orgs/o1/devices/search?limit=100&search_after=c123";

    #[test]
    fn a_cursor_opens_for_its_own_scope_only() {
        let key = CursorKey::random();
        let (b, me) = (base("api.mist.com"), who("tok-a"));
        let scope = CursorScope {
            tool: "searchOrgDevices",
            base: &b,
            who: &me,
        };
        let cursor = key.seal(&scope, NEXT).unwrap();
        assert_eq!(key.open(&scope, &cursor).unwrap(), NEXT);

        let other = who("tok-b");
        let as_other = CursorScope { who: &other, ..scope };
        assert_eq!(key.open(&as_other, &cursor), Err(CursorError::Forged));
        let other_tool = CursorScope {
            tool: "searchOrgSites",
            ..scope
        };
        assert_eq!(key.open(&other_tool, &cursor), Err(CursorError::Forged));
        let eu = base("api.eu.mist.com");
        let elsewhere = CursorScope { base: &eu, ..scope };
        assert_eq!(
            key.open(&elsewhere, &cursor),
            Err(CursorError::OtherCloud("https://api.mist.com".into()))
        );
        assert_eq!(
            CursorKey::random().open(&scope, &cursor),
            Err(CursorError::Forged)
        );
    }

    #[test]
    fn the_token_never_appears_in_the_cursor() {
        let key = CursorKey::random();
        let (b, me) = (base("api.mist.com"), who("tok-secret-value"));
        let cursor = key
            .seal(
                &CursorScope {
                    tool: "t",
                    base: &b,
                    who: &me,
                },
                NEXT,
            )
            .unwrap();
        let (text, _) = cursor.split_once('.').unwrap();
        let decoded = String::from_utf8(URL_SAFE_NO_PAD.decode(text).unwrap()).unwrap();
        assert_eq!(decoded, format!("https://api.mist.com{NEXT}"));
        assert!(!cursor.contains("tok-secret"));
    }

    #[test]
    fn an_edited_path_or_host_is_refused() {
        let key = CursorKey::random();
        let (b, me) = (base("api.mist.com"), who("tok"));
        let scope = CursorScope {
            tool: "t",
            base: &b,
            who: &me,
        };
        let cursor = key.seal(&scope, NEXT).unwrap();
        let (_, tag) = cursor.split_once('.').unwrap();
        let forge = |url: &str| format!("{}.{tag}", URL_SAFE_NO_PAD.encode(url));
        let other_path = forge("https://api.mist.com/api/v1/orgs/o2/devices/search?limit=100");
        assert_eq!(key.open(&scope, &other_path), Err(CursorError::Forged));
        let escape = forge("https://api.mist.com/api/v1/../../admin");
        assert_eq!(key.open(&scope, &escape), Err(CursorError::Forged));
        let other_host = forge(&format!("https://evil.example{NEXT}"));
        assert!(matches!(
            key.open(&scope, &other_host),
            Err(CursorError::OtherCloud(_))
        ));
        assert_eq!(key.open(&scope, "not-a-cursor"), Err(CursorError::Malformed));
        assert_eq!(key.open(&scope, "@@@.@@@"), Err(CursorError::Malformed));
    }

    #[test]
    fn next_links_are_followed_on_the_same_origin_and_api_only() {
        let b = base("http://127.0.0.1:8090");
        assert_eq!(next_path(&b, NEXT).as_deref(), Some(NEXT));
        assert_eq!(
            next_path(&b, &format!("http://127.0.0.1:8090{NEXT}")).as_deref(),
            Some(NEXT)
        );
        assert_eq!(next_path(&b, &format!("http://127.0.0.1:9999{NEXT}")), None);
        assert_eq!(next_path(&b, &format!("https://evil.example{NEXT}")), None);
        assert_eq!(next_path(&b, "/admin/x"), None);
        assert_eq!(next_path(&b, "/api/v1/../admin"), None);
        assert_eq!(next_path(&b, "//evil.example/api/v1/x"), None);
        assert_eq!(next_path(&b, "/api/v1/x#frag"), None);
    }

    #[test]
    fn a_cursor_is_not_made_for_a_path_outside_the_api() {
        let key = CursorKey::random();
        let (b, me) = (base("api.mist.com"), who("tok"));
        assert!(
            key.seal(
                &CursorScope {
                    tool: "t",
                    base: &b,
                    who: &me
                },
                "/admin"
            )
            .is_none()
        );
    }
}
