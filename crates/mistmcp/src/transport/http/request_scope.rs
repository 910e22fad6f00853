//! How an HTTP request finds its tool configuration: from the endpoint URL when a session opens,
//! from the session record when a parked session comes back, and for stateless managed-mode
//! callers, from the categories kept under their token.

use super::credentials::token_from_headers;
use super::endpoint::{self, Endpoint, EndpointDefaults};
use super::session_manager::OpenedSession;
use super::session_records::SessionRecords;
use super::stateless::{CallerKey, ManagedStore};
use crate::mist::HostPolicy;
use crate::server::{Scope, Session};
use crate::surface::ToolMode;
use http::request::Parts;
use mist_catalog::Catalog;
use rmcp::service::RequestContext;
use rmcp::transport::streamable_http_server::session::SessionRestoreMarker;
use rmcp::{ErrorData as McpError, RoleServer};
use std::sync::Arc;

/// Why `manageMcpTools` cannot work for a stateless request without a token.
pub const NEEDS_TOKEN: &str = "this request has no session (protocol 2026-07-28) and no Mist API \
    token, so there is nothing to keep enabled categories under. Send the token (X-Authorization \
    header, or Authorization: Bearer <token>) with every request: the categories are then kept for \
    that token and this endpoint. Or connect with a session (protocol 2025-11-25 or older), or use \
    ?mode=all or ?mode=custom&categories=... in the endpoint URL.";

const STORE_FULL: &str = "the server keeps categories for too many callers right now; try again \
    in a few minutes, or use ?mode=custom&categories=... in the endpoint URL";

pub struct HttpScope {
    catalog: &'static Catalog,
    defaults: EndpointDefaults,
    hosts: HostPolicy,
    store: Arc<ManagedStore>,
    records: Arc<SessionRecords>,
}

impl HttpScope {
    pub fn new(
        catalog: &'static Catalog,
        defaults: EndpointDefaults,
        hosts: HostPolicy,
        store: Arc<ManagedStore>,
        records: Arc<SessionRecords>,
    ) -> Self {
        Self {
            catalog,
            defaults,
            hosts,
            store,
            records,
        }
    }

    fn endpoint(&self, parts: &Parts) -> Result<Endpoint, McpError> {
        endpoint::parse(self.catalog, parts.uri.query(), self.defaults)
            .map_err(|e| McpError::invalid_params(e.to_string(), None))
    }

    /// The store key for a cloud: canonical when it resolves, as given otherwise (the call
    /// will then fail with the reason, and the key does not matter).
    fn canonical_cloud(&self, cloud: Option<&str>) -> Option<String> {
        cloud.map(|c| {
            self.hosts
                .resolve(c)
                .map(|b| b.to_string())
                .unwrap_or_else(|_| c.to_owned())
        })
    }
}

fn parts_of(ctx: &RequestContext<RoleServer>) -> Result<&Parts, McpError> {
    ctx.extensions
        .get::<Parts>()
        .ok_or_else(|| McpError::internal_error("the HTTP request is not available to the handler", None))
}

impl Scope for HttpScope {
    fn open(&self, ctx: &RequestContext<RoleServer>) -> Result<Arc<Session>, McpError> {
        if let Some(restored) = ctx.extensions.get::<SessionRestoreMarker>() {
            // No record: the session expired while coming back; it must not return unbound.
            return self
                .records
                .tools(&restored.id)
                .ok_or_else(|| McpError::invalid_request("this session has expired; start a new one", None));
        }
        let endpoint = self.endpoint(parts_of(ctx)?)?;
        let session = Arc::new(Session::new(endpoint.mode, endpoint.categories));
        if let Some(OpenedSession(id)) = ctx.extensions.get::<OpenedSession>() {
            self.records.attach(id, session.clone());
        }
        Ok(session)
    }

    fn stateless(&self, ctx: &RequestContext<RoleServer>) -> Result<Arc<Session>, McpError> {
        let parts = parts_of(ctx)?;
        let endpoint = self.endpoint(parts)?;
        if endpoint.mode != ToolMode::Managed {
            return Ok(Arc::new(Session::new(endpoint.mode, endpoint.categories)));
        }
        // A malformed token header was already refused with 400 by the binding layer.
        let Ok(Some(token)) = token_from_headers(&parts.headers) else {
            return Ok(Arc::new(Session::unkept(
                ToolMode::Managed,
                endpoint.categories,
                NEEDS_TOKEN,
            )));
        };
        let key = CallerKey {
            token: token.digest(),
            cloud: self.canonical_cloud(endpoint.cloud.as_deref()),
            start: endpoint.categories,
        };
        Ok(self.store.session(key).unwrap_or_else(|| {
            Arc::new(Session::unkept(
                ToolMode::Managed,
                endpoint.categories,
                STORE_FULL,
            ))
        }))
    }
}
