//! The one harness of the end-to-end tests: how the server under test is started, and the
//! clients that speak to it.
//!
//! Every way of starting `mistmcp` goes through [`server_command`], which removes every `MIST*`
//! variable and `RUST_LOG` from the child's environment: a developer's shell must never change
//! what a test sees.
#![allow(dead_code)]

pub mod client;
pub mod http;
pub mod http_raw;
pub mod raw_stdio;
pub mod replicas;
pub mod stdio;

use tokio::process::Command;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_mistmcp");

/// `mistmcp` with `args`, in an environment free of any setting the test did not choose.
pub fn server_command<I, S>(args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut cmd = Command::new(BIN);
    cmd.args(args);
    for (name, _) in std::env::vars_os() {
        let text = name.to_string_lossy();
        if text.starts_with("MIST") || text == "RUST_LOG" {
            cmd.env_remove(&name);
        }
    }
    cmd
}

/// What a managed-mode session lists before enabling anything.
pub const MANAGED_TOOLS: [&str; 5] = [
    "getSelf",
    "manageMcpTools",
    "searchMistTools",
    "describeMistTool",
    "callMistTool",
];

/// The catalog the binary embeds: counts in assertions come from here, not typed in.
pub fn catalog() -> &'static mist_catalog::Catalog {
    mist_catalog::catalog()
}

/// Whether `name` is one of the catalog's write tools.
pub fn is_write(name: &str) -> bool {
    catalog().write_tools().iter().any(|w| w.name == name)
}

/// How many read tools a full list holds: the API's operations and the workflow tools.
pub fn read_tools() -> usize {
    catalog().tools.len() + catalog().workflows.len()
}
