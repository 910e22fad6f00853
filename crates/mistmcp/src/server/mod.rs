//! The MCP handler: decides what a request sees and routes every call.
//!
//! One [`Shared`] per process holds what never changes (the prebuilt tools, the executor). Each
//! MCP session (stdio, or a legacy HTTP session) gets its own [`MistMcpServer`] with its own
//! [`ToolView`], so enabling a category in one session cannot touch another. Each request is
//! resolved once ([`Scope::resolve`]) into its view and its Mist target.

pub(crate) mod answer;
mod calls;
mod elicit;
mod legacy;
pub(crate) use legacy::is_legacy;
mod listeners;
mod own_tools;
mod progress;
mod scope;
mod tool_list;

pub(crate) use scope::{ResolveCaller, Resolved, Scope};
pub use tool_list::ToolList;

use mistmcp_engine::Target;
use mistmcp_engine::ToolMode;
use rmcp::model::SubscriptionFilter;
use rmcp::model::{
    CacheScope, CallToolRequestParams, CallToolResponse, GetPromptRequestParams, GetPromptResponse,
    Implementation, InitializeRequestParams, InitializeResult, ListPromptsResult, ListResourcesResult,
    ListToolsResult, PaginatedRequestParams, ReadResourceRequestParams, ReadResourceResponse,
    ServerCapabilities, ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::service::SubscriptionContext;
use rmcp::{ErrorData as McpError, RoleServer, ServerHandler};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use mistmcp_engine::{ToolView, change_epoch};

const INSTRUCTIONS: &str = "Access to the Juniper Mist cloud API, read-only unless the operator \
enabled write tools (the user confirms each write: through your client's form when it can ask, \
otherwise the first call answers with a plan to show the user; repeat the call with its \
confirmation_token only once they agree). Start with getSelf: it \
lists the orgs and sites this token can reach and their ids, which most tools need. Find tools \
with searchMistTools (\"device stats\", \"rogue aps site\"), read one's arguments and answer \
fields with describeMistTool, and call any of them with callMistTool; manageMcpTools adds whole \
categories to your tool list. Times are epoch seconds; most searches take start/end or a \
duration such as 1h, 1d, 7d. Answers are {data, pagination?, notes?}. The text form writes a \
list of objects as a table: a line 'data.results (N):', an 'every item:' line of fields equal in \
all items, a header line of column names separated by |, then one line per item (an empty cell \
is a missing field; nested values are JSON). Pass \
fields=a,b.c to keep only those fields of each item. When pagination.has_more is true, pass \
pagination.cursor back as the cursor argument (search tools) or next_page as page (list tools); \
max_pages fetches up to 10 pages in one call. Read notes: they say when an answer was cut or came \
from cache.";

/// How long a 2026-07-28 client may reuse a `tools/list` result that depends only on the
/// endpoint (all and custom modes): the list changes only when the server is upgraded.
const STABLE_LIST_TTL_MS: u64 = 60 * 60 * 1000;

/// What every session of the process shares.
pub(crate) struct Shared {
    /// The engine every call goes through.
    pub tools: mistmcp_engine::Tools,
    /// The MCP tool definitions, built on first use.
    pub list: ToolList,
}

impl Shared {
    /// The engine over the embedded catalog (loaded on first use: the handshake does not need
    /// it), with the tool list that offers the writes the operator allows.
    pub(crate) fn new(executor: mistmcp_engine::Executor, writes: mistmcp_engine::WriteGate) -> Self {
        let registry = Arc::new(mistmcp_engine::ToolRegistry::embedded());
        let list = ToolList::new(registry.clone()).with_writes(writes.access());
        Self {
            tools: mistmcp_engine::Tools {
                registry,
                executor,
                writes,
            },
            list,
        }
    }
}

/// The MCP handler of one client: a stdio process, a legacy HTTP session, or one stateless
/// HTTP request.
#[derive(Clone)]
pub(crate) struct MistMcpServer {
    shared: Arc<Shared>,
    /// This handler's own view (stdio, a legacy HTTP session once it has opened).
    view: Arc<OnceLock<Arc<ToolView>>>,
    scope: Scope,
    /// The change epoch when a `subscriptions/listen` was accepted; see [`ToolView::listen_since`].
    listen_baseline: Arc<AtomicU64>,
}

impl MistMcpServer {
    /// The handler of a stdio client: one view and one target for the life of the process.
    pub(crate) fn fixed(shared: Arc<Shared>, view: ToolView, target: Target) -> Self {
        Self {
            shared,
            view: Arc::new(OnceLock::from(Arc::new(view))),
            scope: Scope::Fixed(target),
            listen_baseline: Arc::new(AtomicU64::new(u64::MAX)),
        }
    }

    /// A handler whose view each request decides (HTTP: the endpoint's query and credentials).
    pub(crate) fn scoped(shared: Arc<Shared>, scope: Scope) -> Self {
        Self {
            shared,
            view: Arc::new(OnceLock::new()),
            scope,
            listen_baseline: Arc::new(AtomicU64::new(u64::MAX)),
        }
    }

    /// Resolves a request, with the categories other replicas may have changed (shared state).
    async fn resolve(&self, ctx: &RequestContext<RoleServer>) -> Result<Resolved, McpError> {
        let resolved = self.scope.resolve(ctx, &self.view)?;
        resolved.view.refresh().await;
        Ok(resolved)
    }

    /// The origin of the Mist cloud a request reaches, when its credentials name one.
    /// Only the target is read, so the view's categories are not refreshed from shared state.
    fn cloud(&self, ctx: &RequestContext<RoleServer>) -> Result<Option<String>, McpError> {
        let resolved = self.scope.resolve(ctx, &self.view)?;
        Ok(resolved.target.ok().map(|target| target.base.to_string()))
    }

    pub(crate) fn info() -> ServerConfig {
        let capabilities = ServerCapabilities::builder()
            .enable_tools()
            .enable_tool_list_changed()
            .enable_prompts()
            // The views (MCP Apps): listed only to clients that declare the extension.
            .enable_resources()
            .enable_extensions_with(crate::apps::offered())
            .build();
        ServerConfig::new(capabilities)
            .with_server_info(
                Implementation::new("mistmcp", env!("CARGO_PKG_VERSION"))
                    .with_title("Juniper Mist MCP server"),
            )
            .with_instructions(INSTRUCTIONS)
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
        if let Some(opened) = self.scope.open(&ctx)? {
            let _ = self.view.set(opened);
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
        let view = self.resolve(context.request_context()).await?.view;
        let baseline = match self.listen_baseline.swap(u64::MAX, Ordering::AcqRel) {
            u64::MAX => 0,
            epoch => epoch,
        };
        let listener: std::sync::Arc<dyn mistmcp_engine::ListListener> =
            std::sync::Arc::new(listeners::Subscription::new(context.sink().clone()));
        view.listen_since(listener.clone(), baseline).await;
        context.cancelled().await;
        view.remove_listener(&listener);
        Ok(())
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, McpError> {
        let resolved = self.resolve(&ctx).await?;
        let access = self.shared.tools.access(&resolved);
        let view = resolved.view;
        let tools = self.shared.list.list_with(view.mode(), view.enabled(), access);
        let viewed = crate::apps::rendered_for(&ctx);
        let tools = match viewed {
            true => crate::apps::annotate(tools),
            false => tools,
        };
        let result = ListToolsResult::with_all_items(tools);
        if is_legacy(&ctx) {
            return Ok(result);
        }
        // A managed list changes with manageMcpTools and may depend on the caller's token;
        // the other modes' lists depend only on the endpoint.
        Ok(match view.mode() {
            ToolMode::Managed => result.with_ttl_ms(0).with_cache_scope(CacheScope::Private),
            // With view links the list depends on the client's capabilities too.
            _ if viewed => result
                .with_ttl_ms(STABLE_LIST_TTL_MS)
                .with_cache_scope(CacheScope::Private),
            _ => result
                .with_ttl_ms(STABLE_LIST_TTL_MS)
                .with_cache_scope(CacheScope::Public),
        })
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        ctx: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, McpError> {
        if !crate::apps::rendered_for(&ctx) {
            return Ok(ListResourcesResult::default());
        }
        let cloud = self.cloud(&ctx)?;
        Ok(ListResourcesResult::with_all_items(crate::apps::list(
            cloud.as_deref(),
        )))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        ctx: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, McpError> {
        let cloud = self.cloud(&ctx)?;
        crate::apps::read(&request.uri, cloud.as_deref())
            .map(Into::into)
            .ok_or_else(|| McpError::resource_not_found(format!("no resource {}", request.uri), None))
    }

    async fn list_prompts(
        &self,
        _request: Option<PaginatedRequestParams>,
        _ctx: RequestContext<RoleServer>,
    ) -> Result<ListPromptsResult, McpError> {
        Ok(ListPromptsResult::with_all_items(crate::prompts::list()))
    }

    async fn get_prompt(
        &self,
        request: GetPromptRequestParams,
        _ctx: RequestContext<RoleServer>,
    ) -> Result<GetPromptResponse, McpError> {
        crate::prompts::get(
            self.shared.tools.registry.catalog(),
            &request.name,
            request.arguments.as_ref(),
        )
        .map(Into::into)
        .map_err(|e| McpError::invalid_params(e.to_string(), None))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        ctx: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, McpError> {
        let resolved = self.resolve(&ctx).await?;
        self.call(&resolved, &request, &ctx).await
    }
}
