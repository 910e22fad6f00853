//! mist-client: everything about talking to a Mist cloud. Hosts, tokens, the HTTP client and
//! its errors, and the layers every call goes through (cache, single-flight, budget, retries,
//! cursors).
//!
//! The facade is [`MistClient`]: `fetch` for reads (a parsed body, from the cache, a shared
//! cache, a call another caller is already making, or Mist itself) and `write` for writes
//! (sent once, never retried). It knows nothing of MCP: the engine and the server sit above it.
//! State that replicas share (a call budget, a cache, the news of a write) comes in through
//! the traits of [`Sharing`], implemented where Redis is.
//!
//! | concern | module |
//! |---|---|
//! | which hosts a call may reach, and the URL built for it | `host` |
//! | the token and its digest (what caches and budgets are keyed by) | `token` |
//! | one HTTP exchange, its headers and its errors | `http`, `error` |
//! | the response cache, single flight, the call budget, retries | `cache`, `flight`, `budget`, `retry` |
//! | the sealed cursor a search returns to the model | `cursor` |
//! | parsing a body while dropping its empty fields | [`lean`] |
//! | quoting a caller's value back, bounded | [`echo`] |
#![warn(missing_docs)]

mod budget;
mod cache;
mod client;
mod cursor;
pub mod echo;
mod error;
mod flight;
mod host;
mod http;
pub mod lean;
mod retry;
mod shared;
mod token;

pub use budget::BudgetSettings;
pub use cache::CacheKey;
pub use cache::CacheTtl;
pub use client::{BodyKind, CacheSettings, Fetched, MistClient, MistClientSettings, Request};
pub use cursor::{CursorError, CursorKey, CursorScope, next_path};
pub use error::MistError;
pub use error::{Detail, PerHour, RetryHint};
pub use host::{AllowedHost, HostError, HostPolicy, MistBase};
pub use http::{ClientSettings, PageHeaders, Reply, parse_json, parse_lean};
pub use retry::RetryPolicy;
pub use shared::{SharedBudget, SharedCache, SharedCount, Sharing, WriteNews};
pub use token::{ApiToken, TokenDigest, TokenError};
