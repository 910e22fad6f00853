//! Wiring a validated configuration into a running server.

use crate::config::{Config, Transport, Upstream};
use crate::server::{MistMcpServer, Shared};
use crate::shared::SharedState;
use mist_client::MistClient;
use mistmcp_engine::ToolView;
use mistmcp_engine::{Executor, Target};
use std::sync::Arc;

/// Runs the server until its transport ends: the engine, the demo simulator when asked, and
/// replicas' shared state when configured. The error is one line for the operator.
pub async fn run(config: Config) -> Result<(), String> {
    for warning in &config.warnings {
        tracing::warn!("{warning}");
    }
    // Replicas share state only over HTTP; Redis down at start is an error, not a surprise later.
    let replicas = match config.transport {
        Transport::Http => SharedState::connect(&config.shared).await?,
        Transport::Stdio => None,
    };
    let sharing = replicas.as_ref().map(SharedState::sharing).unwrap_or_default();
    let client = MistClient::new_shared(config.client.client_settings(config.request_timeout), sharing)?;
    if let Some(shared) = &replicas {
        shared.follow_writes(&client);
    }
    let mut executor = Executor::new(client, config.client.limits());
    let cursor_key = replicas.as_ref().map(|r| r.cursor_key.clone());
    if let Some(key) = cursor_key.or_else(|| config.shared.cursor_key.clone()) {
        executor = executor.with_cursor_key(key);
    }
    let mut writes = mistmcp_engine::WriteGate::new(config.writes.clone())?;
    if let Some(shared) = &replicas {
        writes = writes.with_shared_confirmations(shared.confirmations());
    }
    // Nothing of the catalog is parsed here: the handshake does not need it (see the registry).
    let shared = Arc::new(Shared::new(executor, writes));

    // The demo simulator must outlive the server, so it is held here until the end.
    let (target, _demo): (Option<Target>, Option<crate::demo::Demo>) = match &config.upstream {
        Upstream::Demo => {
            let demo = crate::demo::start().await?;
            (Some(demo.target.clone()), Some(demo))
        }
        Upstream::Fixed { base, token } => (
            Some(Target {
                base: base.clone(),
                token: token.clone(),
            }),
            None,
        ),
        Upstream::PerRequest { .. } => (None, None),
    };

    match config.transport {
        Transport::Stdio => {
            let Some(target) = target else {
                return Err("stdio needs a Mist host and token (MIST_HOST, MIST_APITOKEN) or --demo".into());
            };
            let view = ToolView::new(config.mode, config.categories);
            let server = MistMcpServer::fixed(shared, view, target);
            crate::transport::stdio::serve(server).await
        }
        Transport::Http => {
            // Only the simulator's token may serve requests that bring none.
            let demo = target.filter(|_| matches!(config.upstream, Upstream::Demo));
            crate::transport::http::serve(&config, shared, demo, replicas.as_ref()).await
        }
    }
}
