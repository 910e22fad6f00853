//! The operator's write switches as the engine takes them, and the flags that set them.
//!
//! The flags are named here, once: the engine's refusals tell the operator which one to turn
//! on, and the command line declares its flags with these same names.

use std::path::PathBuf;
use std::time::Duration;

/// How long a confirmation token stays valid unless a test says otherwise.
pub const CONFIRMATION_TTL: Duration = Duration::from_secs(5 * 60);

/// A switch of the operator's: its command-line flag and its environment variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Switch {
    /// The long flag, without its dashes.
    pub flag: &'static str,
    /// The environment variable that sets it too.
    pub env: &'static str,
}

impl Switch {
    /// How a message names it: `--flag (or VARIABLE)`.
    pub(crate) fn named(&self) -> String {
        format!("--{} (or {})", self.flag, self.env)
    }
}

/// The switch that offers write tools.
pub const ENABLE_WRITES: Switch = Switch {
    flag: "enable-write-tools",
    env: "MISTMCP_ENABLE_WRITE_TOOLS",
};

/// The switch that offers the tools that delete, beside the writes.
pub const ENABLE_DELETES: Switch = Switch {
    flag: "enable-delete-tools",
    env: "MISTMCP_ENABLE_DELETE_TOOLS",
};

/// Whether writes wait for a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Confirm {
    /// Each write waits for the user's yes (the default).
    #[default]
    Always,
    /// Unattended automation: every write the model decides on is sent at once.
    Never,
}

/// The validated write switches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteOptions {
    /// POST and PUT tools are reachable.
    pub writes: bool,
    /// DELETE tools are reachable (only with `writes`).
    pub deletes: bool,
    /// Whether a person confirms each write.
    pub confirm: Confirm,
    /// Where the audit trail goes, one JSON line per step; none when not set.
    pub audit_log: Option<PathBuf>,
    /// How long a confirmation token stays valid.
    pub confirmation_ttl: Duration,
}

impl Default for WriteOptions {
    fn default() -> Self {
        Self {
            writes: false,
            deletes: false,
            confirm: Confirm::Always,
            audit_log: None,
            confirmation_ttl: CONFIRMATION_TTL,
        }
    }
}
