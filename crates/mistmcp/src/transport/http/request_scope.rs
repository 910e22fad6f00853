//! One resolution per HTTP request: the endpoint URL's query and the credentials headers are
//! read once, and give the handler its tool view and its Mist target.
//!
//! The tool view comes from the endpoint URL when a session opens, from the session table when
//! a parked session comes back, and for stateless managed-mode callers from the views kept under
//! their token ([`CallerViews`]).

use super::credentials::HttpCredentials;
use super::endpoint::Endpoint;
use super::facts::{self, RequestFacts};
use super::session::callers::{CallerKey, CallerViews};
use super::session::manager::OpenedSession;
use super::session::table::SessionTable;
use crate::server::is_legacy;
use crate::server::{ResolveCaller, Resolved};
use http::request::Parts;
use mist_client::MistBase;
use mistmcp_engine::ToolMode;
use mistmcp_engine::ToolView;
use rmcp::service::RequestContext;
use rmcp::transport::streamable_http_server::session::SessionRestoreMarker;
use rmcp::{ErrorData as McpError, RoleServer};
use std::sync::{Arc, OnceLock};

/// Why `manageMcpTools` cannot work for a stateless request without a token.
pub(crate) const NEEDS_TOKEN: &str = "this request has no session (protocol 2026-07-28) and no Mist API \
    token, so there is nothing to keep enabled categories under. Send the token (X-Authorization \
    header, or Authorization: Bearer <token>) with every request: the categories are then kept for \
    that token and this endpoint. Or connect with a session (protocol 2025-11-25 or older), or use \
    ?mode=all or ?mode=custom&categories=... in the endpoint URL.";

const STORE_FULL: &str = "the server keeps categories for too many callers right now; try again \
    in a few minutes, or use ?mode=custom&categories=... in the endpoint URL";

/// What the HTTP transport knows that a request needs resolving against.
pub(crate) struct HttpScope {
    pub credentials: HttpCredentials,
    pub callers: Arc<CallerViews>,
    pub sessions: Arc<SessionTable>,
}

/// A request's own configuration: the facts its URL and headers gave (read once, by a layer),
/// and the Mist cloud they resolve to.
struct HttpRequest<'a> {
    facts: &'a RequestFacts,
    endpoint: &'a Endpoint,
    /// The endpoint's cloud resolved against the host policy (or the default cloud).
    base: Result<MistBase, String>,
}

impl ResolveCaller for HttpScope {
    /// The tool view and target of a request; `own` is the handler's view of its legacy
    /// session, set when the session opens.
    fn resolve(
        &self,
        ctx: &RequestContext<RoleServer>,
        own: &OnceLock<Arc<ToolView>>,
    ) -> Result<Resolved, McpError> {
        let request = self.read(ctx)?;
        let view = if !is_legacy(ctx) {
            self.stateless(&request)
        } else if let Some(view) = own.get() {
            view.clone()
        } else {
            let opened = self.open(ctx, &request)?;
            own.get_or_init(|| opened).clone()
        };
        let target = self.credentials.target(request.base, &request.facts.token);
        // A session opened read-only stays so: a later request cannot drop the narrowing by
        // leaving `readonly=true` out of its URL.
        let facts = request.facts;
        let read_only = facts.read_only
            || facts
                .session
                .as_deref()
                .is_some_and(|id| self.sessions.is_read_only(id));
        Ok(Resolved {
            view,
            target,
            read_only,
            channel: facts.channel.clone(),
            one_shot: false,
        })
    }

    /// The view an `initialize` request opens (its mode and categories come from the URL), or
    /// the one a parked session comes back with.
    fn open_view(&self, ctx: &RequestContext<RoleServer>) -> Result<Arc<ToolView>, McpError> {
        let request = self.read(ctx)?;
        self.open(ctx, &request)
    }
}

impl HttpScope {
    fn read<'c>(&self, ctx: &'c RequestContext<RoleServer>) -> Result<HttpRequest<'c>, McpError> {
        let facts = ctx
            .extensions
            .get::<Parts>()
            .and_then(|parts| facts::of(&parts.extensions))
            .ok_or_else(|| {
                McpError::internal_error("the HTTP request's facts are not available to the handler", None)
            })?;
        let endpoint = facts
            .endpoint
            .as_ref()
            .map_err(|e| McpError::invalid_params(e.to_string(), None))?;
        let base = self.credentials.base(endpoint.cloud.as_deref());
        Ok(HttpRequest {
            facts,
            endpoint,
            base,
        })
    }

    fn open(
        &self,
        ctx: &RequestContext<RoleServer>,
        request: &HttpRequest<'_>,
    ) -> Result<Arc<ToolView>, McpError> {
        if let Some(restored) = ctx.extensions.get::<SessionRestoreMarker>() {
            // No record: the session expired while coming back; it must not return unbound.
            return self
                .sessions
                .tools(&restored.id)
                .ok_or_else(|| McpError::invalid_request("this session has expired; start a new one", None));
        }
        let endpoint = request.endpoint;
        let view = Arc::new(ToolView::new(endpoint.mode, endpoint.categories));
        if let Some(OpenedSession(id)) = ctx.extensions.get::<OpenedSession>() {
            self.sessions.attach(id, view.clone());
            if request.facts.read_only {
                self.sessions.keep_read_only(id);
            }
        }
        Ok(view)
    }

    fn stateless(&self, request: &HttpRequest<'_>) -> Arc<ToolView> {
        let endpoint = request.endpoint;
        if endpoint.mode != ToolMode::Managed {
            return Arc::new(ToolView::new(endpoint.mode, endpoint.categories));
        }
        // A malformed token header was already refused with 400 by the binding layer.
        let Ok(Some(token)) = &request.facts.token else {
            return Arc::new(ToolView::frozen(
                ToolMode::Managed,
                endpoint.categories,
                NEEDS_TOKEN,
            ));
        };
        // Keyed by the canonical cloud when it resolves (`EMEA 01` and `api.eu.mist.com` agree),
        // as given otherwise (the call will then fail with the reason, and the key does not matter).
        let cloud = match (&request.base, &endpoint.cloud) {
            (Ok(base), Some(_)) => Some(base.to_string()),
            (_, cloud) => cloud.clone(),
        };
        let key = CallerKey {
            token: token.digest(),
            cloud,
            start: endpoint.categories,
        };
        self.callers.view(key).unwrap_or_else(|| {
            Arc::new(ToolView::frozen(
                ToolMode::Managed,
                endpoint.categories,
                STORE_FULL,
            ))
        })
    }
}
