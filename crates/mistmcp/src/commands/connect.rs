//! The Mist cloud a subcommand talks to: the simulator in demo mode, or the host and token
//! of the environment, exactly as a stdio server would use them.

use crate::config::{Config, Upstream};
use crate::demo::Demo;
use mistmcp_engine::Target;

/// Where calls go, with the simulator kept alive as long as the connection is.
pub(super) struct Connection {
    pub target: Target,
    /// Held so the in-process simulator outlives every call.
    pub demo: Option<Demo>,
}

/// Why no connection could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(super) enum ConnectError {
    #[error("{0}")]
    Demo(String),
    #[error("no Mist API token for a command: set MIST_APITOKEN and MIST_HOST, or run with --demo")]
    NoToken,
}

/// Starts the simulator or takes the configured cloud. The configuration was made for stdio,
/// so a per-request upstream only appears when the caller skipped that step.
pub(super) async fn open(config: &Config) -> Result<Connection, ConnectError> {
    match &config.upstream {
        Upstream::Demo => {
            let demo = crate::demo::start().await.map_err(ConnectError::Demo)?;
            Ok(Connection {
                target: demo.target.clone(),
                demo: Some(demo),
            })
        }
        Upstream::Fixed { base, token } => Ok(Connection {
            target: Target {
                base: base.clone(),
                token: token.clone(),
            },
            demo: None,
        }),
        Upstream::PerRequest { .. } => Err(ConnectError::NoToken),
    }
}
