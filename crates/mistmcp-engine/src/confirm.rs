//! Confirmation tokens for clients that cannot ask the user themselves.
//!
//! The first call of a write answers with its plan and a token; the same call repeated with the
//! token performs it. A token is single-use, expires, and is bound by HMAC to everything that
//! makes the call what it is: the caller's Mist token (its digest), the channel (the stdio
//! process, the HTTP session or endpoint), the tool, its other arguments and its body. The
//! server also remembers what it issued, so a refusal can say *why*: reused, expired, or a
//! body changed since the plan.
//!
//! Replicas sharing state through Redis keep what they issued there instead ([`SharedTokens`],
//! implemented by the server binary's `shared::confirmations`), so a token planned on one replica confirms
//! on any other, and exactly once: Redis checks and spends it in one step. Redis holds only
//! digests: the record's name is a digest of the token, its fields the call's digests sealed
//! with a key all replicas derive from the cursor key. When Redis does not answer, nothing is
//! planned or confirmed (no replica falls back to its own memory, which the others cannot see).

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

type HmacSha256 = Hmac<Sha256>;

/// Prefix of every token, so a stray string is told apart from a token of another version.
const PREFIX: &str = "mcw1.";
/// Most tokens kept at once; beyond it the oldest are forgotten.
const MAX_KEPT: usize = 10_000;

/// What one write call is, as digests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallDigest {
    /// The caller's Mist token digest, the channel and the tool.
    pub caller: [u8; 32],
    /// The path and query arguments.
    pub args: [u8; 32],
    /// The body.
    pub body: [u8; 32],
}

impl CallDigest {
    pub(crate) fn new(who: &[u8; 32], channel: &str, tool: &str, args: &[u8; 32], body: &[u8; 32]) -> Self {
        let mut caller = Sha256::new();
        for part in [&who[..], channel.as_bytes(), b"\0", tool.as_bytes()] {
            caller.update(part);
        }
        Self {
            caller: caller.finalize().into(),
            args: *args,
            body: *body,
        }
    }
}

/// Why a confirmation token was refused; nothing was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Not a token this server issued (or it was forgotten after a restart).
    Unknown,
    /// Already used for the write it confirmed.
    Reused,
    /// Older than its lifetime.
    Expired,
    /// Issued for this call with another body.
    BodyChanged,
    /// Issued for this tool with other path or query arguments.
    ArgumentsChanged,
    /// Issued for another tool, channel or Mist token.
    OtherCall,
    /// The store the replicas share tokens through (Redis) did not answer.
    Unavailable,
}

impl Refused {
    /// The reason as one word (`unknown`, `reused`, `expired`...): what a refused call's
    /// `reason` says, and how the replicas' shared store names it.
    pub fn code(&self) -> &'static str {
        match self {
            Refused::Unknown => "unknown",
            Refused::Reused => "reused",
            Refused::Expired => "expired",
            Refused::BodyChanged => "body_changed",
            Refused::ArgumentsChanged => "arguments_changed",
            Refused::OtherCall => "other_call",
            Refused::Unavailable => "unavailable",
        }
    }

    /// The refusal a [`Self::code`] names.
    pub fn from_code(code: &str) -> Option<Self> {
        [
            Refused::Unknown,
            Refused::Reused,
            Refused::Expired,
            Refused::BodyChanged,
            Refused::ArgumentsChanged,
            Refused::OtherCall,
            Refused::Unavailable,
        ]
        .into_iter()
        .find(|r| r.code() == code)
    }

    pub(crate) fn explain(&self) -> &'static str {
        match self {
            Refused::Unknown => {
                "the confirmation_token was not issued by this server or its replicas (or it was \
                 forgotten: the server restarted, or Redis lost it)"
            }
            Refused::Reused => "the confirmation_token was already used: each token confirms one write only",
            Refused::Expired => "the confirmation_token has expired",
            Refused::BodyChanged => "the body differs from the one in the plan the user confirmed",
            Refused::ArgumentsChanged => "the arguments differ from those in the plan the user confirmed",
            Refused::OtherCall => {
                "the confirmation_token was issued for another tool, connection or Mist token"
            }
            Refused::Unavailable => UNAVAILABLE,
        }
    }
}

/// Why a write cannot be confirmed while Redis is away.
const UNAVAILABLE: &str = "Redis (--redis-url), through which the replicas share confirmations, did \
    not answer, so the confirmation could not be checked (the token was not spent); try again once \
    Redis is back";

/// Why a write cannot be planned while Redis is away.
pub(crate) const CANNOT_ISSUE: &str = "cannot plan this write: Redis (--redis-url), through which the \
    replicas share confirmations, did not answer, so no confirmation could be issued; nothing was \
    sent; try again once Redis is back";

/// Where replicas keep the tokens they issued, so any of them confirms any token once.
///
/// A record is named by a digest of its token and holds the call's digests sealed with the
/// shared key ([`SharedKey`]); the store compares them and spends the record atomically.
#[async_trait::async_trait]
pub trait SharedTokens: Send + Sync {
    /// Keeps a new record for `lifetime` (and remembers it as long again, so a late or repeated
    /// use is named as such); false when the store did not answer.
    async fn keep(&self, id: &str, sealed: &CallDigest, lifetime: Duration) -> bool;
    /// Checks `sealed` against the record and spends it if it holds, in one step; `None` when
    /// the store did not answer.
    async fn spend(&self, id: &str, sealed: &CallDigest) -> Option<Result<(), Refused>>;
}

/// The key every replica seals calls with, and the store they share.
#[derive(Clone)]
pub struct SharedKey {
    /// The key calls' digests are sealed with, the same on every replica (derived from the
    /// cursor key): the store holds only sealed digests, and any replica can check a token.
    pub key: [u8; 32],
    /// Where issued tokens are kept and spent, once, whichever replica sees the retry.
    pub tokens: Arc<dyn SharedTokens>,
}

struct Issued {
    call: CallDigest,
    expires: Instant,
    used: bool,
}

/// Issues and checks confirmation tokens.
pub(crate) struct Confirmations {
    key: [u8; 32],
    ttl: Duration,
    issued: Mutex<HashMap<[u8; 16], Issued>>,
    /// With replicas: the store every one of them checks, instead of `issued`.
    shared: Option<Arc<dyn SharedTokens>>,
}

impl Confirmations {
    /// Tokens this process alone issues and checks.
    pub(crate) fn new(ttl: Duration) -> Self {
        Self {
            key: rand::random(),
            ttl,
            issued: Mutex::new(HashMap::new()),
            shared: None,
        }
    }

    /// Tokens every replica issues and checks through `shared`.
    pub(crate) fn shared(ttl: Duration, shared: SharedKey) -> Self {
        Self {
            key: shared.key,
            ttl,
            issued: Mutex::new(HashMap::new()),
            shared: Some(shared.tokens),
        }
    }

    pub(crate) fn ttl(&self) -> Duration {
        self.ttl
    }

    /// A new token for `call`; `Err` (with the reason) when the shared store did not answer.
    pub(crate) async fn issue(&self, call: CallDigest) -> Result<String, &'static str> {
        let Some(shared) = &self.shared else {
            return self
                .issue_at(call, Instant::now())
                .ok_or("cannot issue a confirmation token");
        };
        let nonce: [u8; 16] = rand::random();
        let mac = self
            .mac(&nonce, &call)
            .ok_or("cannot issue a confirmation token")?;
        let mut raw = nonce.to_vec();
        raw.extend_from_slice(&mac);
        if !shared.keep(&record_id(&raw), &self.seal(&call), self.ttl).await {
            return Err(CANNOT_ISSUE);
        }
        Ok(format!("{PREFIX}{}", hex(&raw)))
    }

    /// Checks `token` against the call being made and, when it holds, spends it: here, or in
    /// the store the replicas share.
    pub(crate) async fn redeem(&self, token: &str, call: CallDigest) -> Result<(), Refused> {
        let Some(shared) = &self.shared else {
            return self.redeem_at(token, call, Instant::now());
        };
        let raw = parse(token).ok_or(Refused::Unknown)?;
        // A forged or altered token names a record that does not exist: unknown.
        shared
            .spend(&record_id(&raw), &self.seal(&call))
            .await
            .unwrap_or(Err(Refused::Unavailable))
    }

    /// The call's digests under the shared key, as the shared store keeps and compares them.
    fn seal(&self, call: &CallDigest) -> CallDigest {
        let part = |tag: &[u8], digest: &[u8; 32]| -> [u8; 32] {
            match HmacSha256::new_from_slice(&self.key) {
                Ok(mut mac) => {
                    mac.update(tag);
                    mac.update(digest);
                    mac.finalize().into_bytes().into()
                }
                // HMAC takes a key of any length; this arm is never reached.
                Err(_) => [0; 32],
            }
        };
        CallDigest {
            caller: part(b"caller", &call.caller),
            args: part(b"args", &call.args),
            body: part(b"body", &call.body),
        }
    }

    fn mac(&self, nonce: &[u8; 16], call: &CallDigest) -> Option<[u8; 32]> {
        let mut mac = HmacSha256::new_from_slice(&self.key).ok()?;
        for part in [&nonce[..], &call.caller, &call.args, &call.body] {
            mac.update(part);
        }
        Some(mac.finalize().into_bytes().into())
    }

    /// A new token for `call` kept here, valid for the lifetime from `now`.
    fn issue_at(&self, call: CallDigest, now: Instant) -> Option<String> {
        let nonce: [u8; 16] = rand::random();
        let mac = self.mac(&nonce, &call)?;
        let mut issued = self.issued.lock().unwrap_or_else(|e| e.into_inner());
        // Forget what expired long ago; keep recent ones so reuse is still named as such.
        issued.retain(|_, t| t.expires + self.ttl > now);
        if issued.len() >= MAX_KEPT
            && let Some(oldest) = issued.iter().min_by_key(|(_, t)| t.expires).map(|(n, _)| *n)
        {
            issued.remove(&oldest);
        }
        issued.insert(
            nonce,
            Issued {
                call,
                expires: now + self.ttl,
                used: false,
            },
        );
        let mut raw = nonce.to_vec();
        raw.extend_from_slice(&mac);
        Some(format!("{PREFIX}{}", hex(&raw)))
    }

    /// Checks `token` against what this process issued and, when it holds, spends it.
    fn redeem_at(&self, token: &str, call: CallDigest, now: Instant) -> Result<(), Refused> {
        let raw = parse(token).ok_or(Refused::Unknown)?;
        let mut nonce = [0u8; 16];
        nonce.copy_from_slice(&raw[..16]);
        let mut issued = self.issued.lock().unwrap_or_else(|e| e.into_inner());
        let entry = issued.get_mut(&nonce).ok_or(Refused::Unknown)?;
        // The token must be the one issued for this nonce (no forged tail).
        let theirs = self.mac(&nonce, &entry.call).ok_or(Refused::Unknown)?;
        if theirs[..] != raw[16..] {
            return Err(Refused::Unknown);
        }
        if entry.used {
            return Err(Refused::Reused);
        }
        if entry.expires <= now {
            return Err(Refused::Expired);
        }
        if entry.call.caller != call.caller {
            return Err(Refused::OtherCall);
        }
        if entry.call.args != call.args {
            return Err(Refused::ArgumentsChanged);
        }
        if entry.call.body != call.body {
            return Err(Refused::BodyChanged);
        }
        entry.used = true;
        Ok(())
    }
}

/// The nonce and MAC a token carries, if it is shaped like one.
fn parse(token: &str) -> Option<Vec<u8>> {
    token
        .trim()
        .strip_prefix(PREFIX)
        .and_then(unhex)
        .filter(|r| r.len() == 48)
}

/// The name of a token's shared record: a digest of the whole token, never the token.
fn record_id(raw: &[u8]) -> String {
    hex(&Sha256::digest(raw))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(body: u8) -> CallDigest {
        CallDigest::new(&[1; 32], "stdio", "createSiteWlan", &[2; 32], &[body; 32])
    }

    /// Keeps what a replica would send to the shared store, and answers as if it held it.
    #[derive(Default)]
    struct Kept(Mutex<Vec<(String, CallDigest)>>);

    #[async_trait::async_trait]
    impl SharedTokens for Kept {
        async fn keep(&self, id: &str, sealed: &CallDigest, _: Duration) -> bool {
            self.0.lock().unwrap().push((id.to_owned(), *sealed));
            true
        }

        async fn spend(&self, id: &str, sealed: &CallDigest) -> Option<Result<(), Refused>> {
            let kept = self.0.lock().unwrap();
            let found = kept.iter().find(|(i, _)| i == id);
            Some(match found {
                None => Err(Refused::Unknown),
                Some((_, held)) if held == sealed => Ok(()),
                Some(_) => Err(Refused::OtherCall),
            })
        }
    }

    fn replica(key: [u8; 32], store: &Arc<Kept>) -> Confirmations {
        let shared = SharedKey {
            key,
            tokens: store.clone(),
        };
        Confirmations::shared(Duration::from_secs(300), shared)
    }

    #[tokio::test]
    async fn replicas_with_one_key_agree_on_a_record_that_holds_neither_the_token_nor_the_calls_digests() {
        let store = Arc::new(Kept::default());
        let (a, b) = (replica([7; 32], &store), replica([7; 32], &store));
        let token = a.issue(call(3)).await.unwrap();
        let (id, sealed) = store.0.lock().unwrap()[0].clone();
        let raw = token.strip_prefix(PREFIX).unwrap();
        assert!(
            !raw.contains(&id) && !id.contains(&raw[..32]),
            "named by a digest"
        );
        let plain = call(3);
        for (held, own) in [
            (sealed.caller, plain.caller),
            (sealed.args, plain.args),
            (sealed.body, plain.body),
        ] {
            assert_ne!(held, own, "sealed, not the call's own digest");
        }
        assert_eq!(b.redeem(&token, call(3)).await, Ok(()));
        assert_eq!(b.redeem(&token, call(4)).await, Err(Refused::OtherCall));
        let other_key = replica([8; 32], &store);
        assert_eq!(other_key.redeem(&token, call(3)).await, Err(Refused::OtherCall));
        let mut forged = token.clone();
        forged.pop();
        forged.push(if token.ends_with('0') { '1' } else { '0' });
        assert_eq!(b.redeem(&forged, call(3)).await, Err(Refused::Unknown));
    }

    #[test]
    fn a_token_confirms_its_call_once() {
        let c = Confirmations::new(Duration::from_secs(300));
        let now = Instant::now();
        let token = c.issue_at(call(3), now).unwrap();
        assert_eq!(c.redeem_at(&token, call(3), now), Ok(()));
        assert_eq!(c.redeem_at(&token, call(3), now), Err(Refused::Reused));
    }

    #[test]
    fn an_expired_token_or_a_changed_body_is_refused_and_not_spent() {
        let c = Confirmations::new(Duration::from_secs(300));
        let now = Instant::now();
        let token = c.issue_at(call(3), now).unwrap();
        assert_eq!(c.redeem_at(&token, call(4), now), Err(Refused::BodyChanged));
        let later = now + Duration::from_secs(301);
        assert_eq!(c.redeem_at(&token, call(3), later), Err(Refused::Expired));
        assert_eq!(c.redeem_at(&token, call(3), now), Ok(()));
    }

    #[test]
    fn tokens_of_another_caller_or_forged_ones_are_refused() {
        let c = Confirmations::new(Duration::from_secs(300));
        let now = Instant::now();
        let token = c.issue_at(call(3), now).unwrap();
        let other = CallDigest::new(&[9; 32], "stdio", "createSiteWlan", &[2; 32], &[3; 32]);
        assert_eq!(c.redeem_at(&token, other, now), Err(Refused::OtherCall));
        let mut forged = token.clone();
        forged.replace_range(forged.len() - 2.., "00");
        let forged = if forged == token {
            forged.replace("00", "11")
        } else {
            forged
        };
        assert_eq!(c.redeem_at(&forged, call(3), now), Err(Refused::Unknown));
        assert_eq!(c.redeem_at("hello", call(3), now), Err(Refused::Unknown));
    }
}
