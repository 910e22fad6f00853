//! The MCP handler: decides what a session sees and routes every call.
//!
//! One [`Shared`] per process holds what never changes (the prebuilt tools, the executor, the
//! upstream). Each MCP session (stdio, or a legacy HTTP session) gets its own [`MistMcpServer`]
//! with its own [`Session`], so enabling a category in one session cannot touch another.

use crate::echo::{clip, kind_of};
use crate::executor::{CallOptions, Executor, Target, result};
use crate::session::{change_epoch, is_legacy};
use crate::surface::essentials::{CALL_TOOL, MANAGE_TOOLS};
use crate::surface::manage::{ManageRequest, report};
use crate::surface::{ToolMode, ToolRegistry};
use rmcp::model::SubscriptionFilter;
use rmcp::model::{
    CacheScope, CallToolRequestParams, CallToolResponse, CallToolResult, Implementation,
    InitializeRequestParams, InitializeResult, ListToolsResult, PaginatedRequestParams, ServerCapabilities,
    ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::service::SubscriptionContext;
use rmcp::{ErrorData as McpError, RoleServer, ServerHandler};
use serde_json::{Map, Value};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

pub use crate::session::Session;

const INSTRUCTIONS: &str = "Read-only access to the Juniper Mist cloud API. Start with getSelf: it \
lists the orgs and sites this token can reach and their ids, which most tools need. In managed \
mode, call manageMcpTools to enable the categories you need (devices, clients, sites_sles, ...); \
if the new tools do not show up in your list, reach them with callMistTool. Times are epoch \
seconds; most searches take start/end or a duration such as 1h, 1d, 7d. Answers are \
{data, pagination?, notes?}: when pagination.has_more is true, pass pagination.cursor back as \
the cursor argument (search tools) or next_page as page (list tools); max_pages fetches up to 10 \
pages in one call. Read notes: they say when an answer was cut or came from cache.";

/// How a call finds its Mist host and token.
pub trait Credentials: Send + Sync + 'static {
    /// The target for a call, or a message telling the caller what to send.
    fn target(&self, ctx: &RequestContext<RoleServer>) -> Result<Target, String>;
}

/// One cloud and one token for the whole process (stdio, demo).
pub struct FixedCredentials(pub Target);

impl Credentials for FixedCredentials {
    fn target(&self, _ctx: &RequestContext<RoleServer>) -> Result<Target, String> {
        Ok(self.0.clone())
    }
}

/// Where a request's tool configuration lives, for transports that decide it per request (HTTP).
pub trait Scope: Send + Sync + 'static {
    /// The session an `initialize` request opens (its mode and categories come from the
    /// request), or the one it resumes.
    fn open(&self, ctx: &RequestContext<RoleServer>) -> Result<Arc<Session>, McpError>;
    /// The session of a request that has no handshake (protocol 2026-07-28).
    fn stateless(&self, ctx: &RequestContext<RoleServer>) -> Result<Arc<Session>, McpError>;
}

/// How long a 2026-07-28 client may reuse a `tools/list` result that depends only on the
/// endpoint (all and custom modes): the list changes only when the server is upgraded.
const STABLE_LIST_TTL_MS: u64 = 60 * 60 * 1000;

/// What every session of the process shares.
pub struct Shared {
    pub registry: ToolRegistry,
    pub executor: Executor,
    pub credentials: Box<dyn Credentials>,
}

#[derive(Clone)]
pub struct MistMcpServer {
    shared: Arc<Shared>,
    /// This handler's own session (stdio, a legacy HTTP session); set at `initialize` when a
    /// [`Scope`] decides it.
    session: Arc<OnceLock<Arc<Session>>>,
    scope: Option<Arc<dyn Scope>>,
    /// The change epoch when a `subscriptions/listen` was accepted; see [`Session::listen_since`].
    listen_baseline: Arc<AtomicU64>,
}

impl MistMcpServer {
    pub fn new(shared: Arc<Shared>, session: Session) -> Self {
        Self {
            shared,
            session: Arc::new(OnceLock::from(Arc::new(session))),
            scope: None,
            listen_baseline: Arc::new(AtomicU64::new(u64::MAX)),
        }
    }

    /// A handler whose session the request decides (HTTP: the endpoint's query and credentials).
    pub fn scoped(shared: Arc<Shared>, scope: Arc<dyn Scope>) -> Self {
        Self {
            shared,
            session: Arc::new(OnceLock::new()),
            scope: Some(scope),
            listen_baseline: Arc::new(AtomicU64::new(u64::MAX)),
        }
    }

    pub fn session(&self) -> Option<&Session> {
        self.session.get().map(Arc::as_ref)
    }

    /// The session a request belongs to: its own, or for a request without a handshake, the
    /// one its scope finds.
    fn session_for(&self, ctx: &RequestContext<RoleServer>) -> Result<Arc<Session>, McpError> {
        let Some(scope) = &self.scope else {
            return self
                .session
                .get()
                .cloned()
                .ok_or_else(|| McpError::internal_error("no session", None));
        };
        if !is_legacy(ctx) {
            return scope.stateless(ctx);
        }
        if let Some(session) = self.session.get() {
            return Ok(session.clone());
        }
        let opened = scope.open(ctx)?;
        Ok(self.session.get_or_init(|| opened).clone())
    }

    pub fn info() -> ServerConfig {
        let capabilities = ServerCapabilities::builder()
            .enable_tools()
            .enable_tool_list_changed()
            .build();
        ServerConfig::new(capabilities)
            .with_server_info(
                Implementation::new("mistmcp", env!("CARGO_PKG_VERSION"))
                    .with_title("Juniper Mist MCP server"),
            )
            .with_instructions(INSTRUCTIONS)
    }

    async fn manage(
        &self,
        session: &Session,
        arguments: Option<&Map<String, Value>>,
        ctx: &RequestContext<RoleServer>,
    ) -> CallToolResult {
        let catalog = self.shared.registry.catalog();
        if session.mode() != ToolMode::Managed {
            return result::failure(format!(
                "manageMcpTools works in managed mode only; this session runs in {} mode, where the \
                 enabled categories are fixed: {}",
                session.mode(),
                session.enabled().names(catalog).join(", ")
            ));
        }
        if let Some(why) = session.unkept {
            return result::failure(format!("manageMcpTools: {why}"));
        }
        let change = match ManageRequest::parse(catalog, arguments) {
            Ok(change) => change,
            Err(e) => return result::failure(format!("manageMcpTools: {e}")),
        };
        let (before, after) = session.update(change);
        let mut notified = false;
        if before != after {
            notified = session.announce(ctx).await;
            tracing::debug!(enabled = ?after.names(catalog), notified, "tool categories changed");
        }
        let Value::Object(body) = report(catalog, before, after, notified) else {
            return result::failure("manageMcpTools: internal error building the report");
        };
        result::success(body)
    }

    async fn call_catalog_tool(
        &self,
        session: &Session,
        name: &str,
        arguments: Option<&Map<String, Value>>,
        ctx: &RequestContext<RoleServer>,
    ) -> Result<CallToolResult, McpError> {
        let registry = &self.shared.registry;
        let Some(def) = registry.catalog().tool(name) else {
            return Err(McpError::invalid_params(
                format!("unknown tool '{}'", clip(name)),
                None,
            ));
        };
        let enabled = session.enabled();
        if !registry.is_enabled(def, enabled) {
            let hint = match session.mode() {
                ToolMode::Managed => format!(
                    "call manageMcpTools with enable=[\"{}\"] first, then call {} (or callMistTool)",
                    def.category, def.name
                ),
                mode => format!(
                    "this server runs in {mode} mode; restart it with category '{}' in --categories \
                     (or MISTMCP_TOOL_CATEGORIES), or use managed mode",
                    def.category
                ),
            };
            return Ok(result::failure(format!(
                "{} is in category '{}', which is not enabled in this session: {hint}",
                def.name, def.category
            )));
        }
        let target = match self.shared.credentials.target(ctx) {
            Ok(target) => target,
            Err(message) => return Ok(result::failure(format!("{}: {message}", def.name))),
        };
        Ok(self
            .shared
            .executor
            .call(def, arguments, &target, &CallOptions::from_request(ctx))
            .await)
    }

    async fn call_by_name(
        &self,
        session: &Session,
        arguments: Option<&Map<String, Value>>,
        ctx: &RequestContext<RoleServer>,
    ) -> Result<CallToolResult, McpError> {
        let empty = Map::new();
        let args = arguments.unwrap_or(&empty);
        if let Some(extra) = args.keys().find(|k| *k != "tool" && *k != "arguments") {
            return Ok(result::failure(format!(
                "callMistTool: unknown argument '{}'; pass 'tool' (a tool name) and 'arguments' (an object)",
                clip(extra)
            )));
        }
        let Some(name) = args.get("tool").and_then(Value::as_str).map(str::trim) else {
            return Ok(result::failure(
                "callMistTool: argument 'tool' must be the name of a Mist tool, e.g. \"searchOrgDevices\"",
            ));
        };
        let inner = match args.get("arguments") {
            None | Some(Value::Null) => None,
            Some(Value::Object(map)) => Some(map),
            Some(other) => {
                return Ok(result::failure(format!(
                    "callMistTool: argument 'arguments' must be an object of the tool's arguments; got {}",
                    kind_of(other)
                )));
            }
        };
        if name == MANAGE_TOOLS {
            return Ok(self.manage(session, inner, ctx).await);
        }
        if name == CALL_TOOL || self.shared.registry.catalog().tool(name).is_none() {
            return Ok(result::failure(format!(
                "callMistTool: '{}' is not a Mist tool; manageMcpTools lists the categories and their tools",
                clip(name)
            )));
        }
        self.call_catalog_tool(session, name, inner, ctx).await
    }
}

impl ServerHandler for MistMcpServer {
    fn get_info(&self) -> ServerConfig {
        Self::info()
    }

    async fn initialize(
        &self,
        request: InitializeRequestParams,
        ctx: RequestContext<RoleServer>,
    ) -> Result<InitializeResult, McpError> {
        if let Some(scope) = &self.scope {
            let opened = scope.open(&ctx)?;
            let _ = self.session.set(opened);
        }
        ctx.peer.set_peer_info(request.clone());
        self.negotiate_initialize(&request)
    }

    fn accepted_subscription_filter(&self, requested: &SubscriptionFilter) -> Option<SubscriptionFilter> {
        // The SDK acknowledges the subscription before `listen` runs; remember how far changes
        // had gone at acceptance so `listen` can replay one that slipped in between.
        self.listen_baseline.fetch_min(change_epoch(), Ordering::AcqRel);
        (requested.tools_list_changed == Some(true))
            .then(|| SubscriptionFilter::builder().tools_list_changed().build())
    }

    async fn listen(&self, context: SubscriptionContext) -> Result<(), McpError> {
        let session = self.session_for(context.request_context())?;
        let baseline = match self.listen_baseline.swap(u64::MAX, Ordering::AcqRel) {
            u64::MAX => 0,
            epoch => epoch,
        };
        let id = context.sink().id().clone();
        session.listen_since(context.sink().clone(), baseline).await;
        context.cancelled().await;
        session.remove_listener(&id);
        Ok(())
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, McpError> {
        let session = self.session_for(&ctx)?;
        let tools = self.shared.registry.list(session.mode(), session.enabled());
        let result = ListToolsResult::with_all_items(tools);
        if is_legacy(&ctx) {
            return Ok(result);
        }
        // A managed list changes with manageMcpTools and may depend on the caller's token;
        // the other modes' lists depend only on the endpoint.
        Ok(match session.mode() {
            ToolMode::Managed => result.with_ttl_ms(0).with_cache_scope(CacheScope::Private),
            _ => result
                .with_ttl_ms(STABLE_LIST_TTL_MS)
                .with_cache_scope(CacheScope::Public),
        })
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, McpError> {
        let session = self.session_for(&ctx)?;
        let arguments = request.arguments.as_ref();
        let result = match request.name.as_ref() {
            MANAGE_TOOLS => self.manage(&session, arguments, &ctx).await,
            CALL_TOOL if session.mode() == ToolMode::Managed => {
                self.call_by_name(&session, arguments, &ctx).await?
            }
            name => self.call_catalog_tool(&session, name, arguments, &ctx).await?,
        };
        Ok(result.into())
    }
}
