//! Everything about talking to a Mist cloud: hosts, tokens, the HTTP client and its errors,
//! and the layers every call goes through (cache, single-flight, budget, retries, cursors).

pub mod budget;
pub mod cache;
pub mod client;
pub mod cursor;
pub mod error;
pub mod flight;
pub mod host;
pub mod http;
pub mod lean;
pub mod retry;
pub mod shared;
pub mod token;

pub use budget::BudgetSettings;
pub use cache::CacheTtl;
pub use client::{BodyKind, CacheSettings, ClientStats, Fetched, MistClient, MistClientSettings, Request};
pub use cursor::{CursorError, CursorKey, CursorScope};
pub use error::MistError;
pub use host::{AllowedHost, HostError, HostPolicy, MistBase};
pub use http::{ClientSettings, MistHttp, PageHeaders, Reply};
pub use retry::RetryPolicy;
pub use shared::{SharedBudget, SharedCache, SharedCount, Sharing, WriteNews};
pub use token::{ApiToken, TokenDigest, TokenError};
