//! Where a handler's requests find their tool view and Mist target: resolved once per request.

use mistmcp_engine::Target;
use mistmcp_engine::ToolView;
use rmcp::service::RequestContext;
use rmcp::{ErrorData as McpError, RoleServer};
use std::sync::{Arc, OnceLock};

pub(crate) use mistmcp_engine::Caller as Resolved;

/// How a transport that decides each request's caller itself (Streamable HTTP: the endpoint
/// URL and the credentials a request brings) resolves one. The transport implements it; the
/// handler only asks.
pub(crate) trait ResolveCaller: Send + Sync {
    /// The caller of a request; `own` is the handler's own view once a session has opened one.
    fn resolve(
        &self,
        ctx: &RequestContext<RoleServer>,
        own: &OnceLock<Arc<ToolView>>,
    ) -> Result<Resolved, McpError>;

    /// The view an `initialize` request opens.
    fn open_view(&self, ctx: &RequestContext<RoleServer>) -> Result<Arc<ToolView>, McpError>;
}

/// How a transport decides a request's view and target.
#[derive(Clone)]
pub(crate) enum Scope {
    /// One client with the process's own view and credentials (stdio).
    Fixed(Target),
    /// Each request brings its endpoint URL and credentials (Streamable HTTP).
    Http(Arc<dyn ResolveCaller>),
}

impl Scope {
    /// Resolves a request; `own` is the handler's own view (stdio, or a legacy HTTP session
    /// once it has opened).
    pub(crate) fn resolve(
        &self,
        ctx: &RequestContext<RoleServer>,
        own: &OnceLock<Arc<ToolView>>,
    ) -> Result<Resolved, McpError> {
        match self {
            Scope::Fixed(target) => {
                let view = own
                    .get()
                    .cloned()
                    .ok_or_else(|| McpError::internal_error("this handler has no tool view", None))?;
                Ok(Resolved {
                    view,
                    target: Ok(target.clone()),
                    read_only: false,
                    channel: "stdio".into(),
                    one_shot: false,
                })
            }
            Scope::Http(http) => http.resolve(ctx, own),
        }
    }

    /// The view an `initialize` request opens, when the transport decides it per session.
    pub(crate) fn open(&self, ctx: &RequestContext<RoleServer>) -> Result<Option<Arc<ToolView>>, McpError> {
        match self {
            Scope::Fixed(_) => Ok(None),
            Scope::Http(http) => http.open_view(ctx).map(Some),
        }
    }
}
