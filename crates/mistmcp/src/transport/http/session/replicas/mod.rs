//! Sessions and callers' categories shared with other replicas through Redis: the transport's
//! side of replication. The Redis connection and its keys are [`crate::shared`]'s; what a
//! session record or a caller's categories are, and when they are read and written, is here,
//! beside the session table they mirror.
//!
//! - [`records`]: legacy session records, so any replica continues any session and DELETE or
//!   expiry ends it everywhere;
//! - [`callers`]: the categories 2026-07-28 callers enabled in managed mode;
//! - [`sync`]: the layer that adopts a session another replica holds, before rmcp sees it;
//! - [`share`]: all of it wired onto one router's tables.

pub(crate) mod callers;
pub(crate) mod records;
pub(crate) mod share;
pub(crate) mod sync;
