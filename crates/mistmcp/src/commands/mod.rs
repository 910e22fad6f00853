//! Subcommands for people at a terminal: `doctor` checks a configuration step by step,
//! `config` prints a client's configuration for this binary. Both read the same flags,
//! environment and `.env` file as the server, and print for humans unless `--json` is given.

pub mod banner;
mod client_config;
mod doctor;

use crate::config::cli::Cli;
use clap::{Subcommand, ValueEnum};
use std::process::ExitCode;

/// Exit code when every check passed or the output was printed.
pub const EXIT_OK: u8 = 0;
/// Exit code when a `doctor` check failed.
pub const EXIT_FAILED_CHECK: u8 = 1;
/// Exit code for a configuration the command cannot work with (as for the server itself).
pub const EXIT_BAD_CONFIG: u8 = 2;

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Check the configuration step by step: token, host, cloud, token accepted, orgs, usage
    Doctor {
        /// Print the checks as JSON
        #[arg(long = "json")]
        json: bool,
    },
    /// Print an MCP client's configuration for this binary (the token stays a placeholder)
    Config {
        /// The client to configure
        client: ClientKind,
        /// Print only the JSON (no explanation)
        #[arg(long = "json")]
        json: bool,
    },
}

/// The MCP clients `config` knows how to configure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClientKind {
    Claude,
    Vscode,
    Cursor,
    McpRemote,
}

/// Runs one subcommand to completion and gives the exit code.
pub fn run(command: Command, cli: Cli, env: &dyn Fn(&str) -> Option<String>) -> ExitCode {
    let code = match command {
        Command::Doctor { json } => doctor::run(cli, env, json),
        Command::Config { client, json } => client_config::run(client, &cli, env, json),
    };
    ExitCode::from(code)
}
