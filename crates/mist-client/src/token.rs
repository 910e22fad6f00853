//! The Mist API token as a type that cannot leak by accident.
//!
//! `Debug` and `Display` print a redaction marker, so a token inside a config struct, an error or
//! a tracing field never reaches a log. The raw value is reachable only through
//! [`ApiToken::expose`], which the HTTP client calls to build the `Authorization` header.

use sha2::{Digest, Sha256};
use std::fmt;

/// A Mist API token. It never prints: `Debug` and `Display` show a marker, and
/// [`ApiToken::expose`] gives the raw value for the `Authorization` header only.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ApiToken(String);

/// Why a string is not usable as a token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Nothing is left once surrounding white space and a `Token ` or `Bearer ` prefix go.
    #[error("the API token is empty")]
    Empty,
    /// White space or control characters inside the token itself.
    #[error("the API token contains spaces or control characters; paste only the token itself")]
    BadCharacters,
}

impl ApiToken {
    /// Accepts a token, trimming surrounding white space (a common paste artefact) and a
    /// leading `Token ` or `Bearer ` that users copy from header examples.
    pub fn new(raw: &str) -> Result<Self, TokenError> {
        // The scheme is stripped before trailing space, so a bare "Token " counts as empty.
        let bare = strip_scheme(raw.trim_start()).trim();
        if bare.is_empty() {
            return Err(TokenError::Empty);
        }
        if bare.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(TokenError::BadCharacters);
        }
        Ok(Self(bare.to_owned()))
    }

    /// The raw token, for the `Authorization` header only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// A stable, non-reversible identity for keying per-token state (budgets, caches, sessions).
    pub fn digest(&self) -> TokenDigest {
        let hash = Sha256::digest(self.0.as_bytes());
        let mut out = [0u8; 32];
        out.copy_from_slice(&hash);
        TokenDigest(out)
    }
}

fn strip_scheme(value: &str) -> &str {
    for scheme in ["Token ", "token ", "Bearer ", "bearer "] {
        if let Some(rest) = value.strip_prefix(scheme) {
            return rest;
        }
    }
    value
}

impl fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiToken(<redacted>)")
    }
}

impl fmt::Display for ApiToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// SHA-256 of a token: safe to keep in maps and to compare, never to print in full.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TokenDigest([u8; 32]);

impl TokenDigest {
    /// The digest bytes, for binding values (such as cursors) to a token through a MAC.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// A digest kept elsewhere (shared state), as [`Self::as_bytes`] gave it.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }
}

impl fmt::Debug for TokenDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A short prefix is enough to tell tokens apart in debug logs without aiding guessing.
        write!(
            f,
            "TokenDigest({:02x}{:02x}{:02x}{:02x}…)",
            self.0[0], self.0[1], self.0[2], self.0[3]
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_token() {
        let token = ApiToken::new("s3cr3t-value").unwrap();
        assert!(!format!("{token:?}").contains("s3cr3t"));
        assert!(!format!("{token}").contains("s3cr3t"));
        assert_eq!(token.expose(), "s3cr3t-value");
    }

    #[test]
    fn header_scheme_prefixes_and_spaces_are_stripped() {
        assert_eq!(ApiToken::new("  Token abc \n").unwrap().expose(), "abc");
        assert_eq!(ApiToken::new("Bearer abc").unwrap().expose(), "abc");
    }

    #[test]
    fn empty_and_spaced_tokens_are_refused() {
        assert_eq!(ApiToken::new("  "), Err(TokenError::Empty));
        assert_eq!(ApiToken::new("Token "), Err(TokenError::Empty));
        assert_eq!(ApiToken::new("ab cd"), Err(TokenError::BadCharacters));
    }

    #[test]
    fn digests_differ_per_token_and_hide_it() {
        let a = ApiToken::new("aaa").unwrap().digest();
        let b = ApiToken::new("bbb").unwrap().digest();
        assert_ne!(a, b);
        assert!(!format!("{a:?}").contains("aaa"));
    }
}
