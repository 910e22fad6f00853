//! Subcommands for people at a terminal: `doctor` checks a configuration step by step,
//! `tools` lists and searches the tools, `call` runs one, `config` prints a client's
//! configuration for this binary. All read the same flags, environment and `.env` file as the
//! server, and print for humans unless asked for JSON.

pub(crate) mod banner;
mod call;
mod client_config;
mod connect;
mod doctor;
mod stdout;
mod tools;

use crate::config::cli::Cli;
pub(crate) use crate::config::command::{ClientKind, Command, Output};
use std::process::ExitCode;

/// Exit code when every check passed or the output was printed.
pub(crate) const EXIT_OK: u8 = 0;
/// Exit code when a `doctor` check failed, a tool answered with an error or a search found nothing.
pub(crate) const EXIT_FAILED: u8 = 1;
/// Exit code for a configuration the command cannot work with (as for the server itself).
pub(crate) const EXIT_BAD_CONFIG: u8 = 2;

/// Runs one subcommand to completion and gives the exit code.
pub fn run(command: Command, cli: Cli, env: &dyn Fn(&str) -> Option<String>) -> ExitCode {
    let code = match command {
        Command::Doctor { json } => doctor::run(cli, env, json),
        Command::Tools {
            query,
            describe,
            category,
            limit,
            json,
        } => tools::run(
            tools::Ask {
                query,
                describe,
                category,
                limit,
                json,
            },
            &cli,
        ),
        Command::Call {
            tool,
            args,
            json,
            output,
        } => call::run(
            call::Ask {
                tool,
                pairs: args,
                json,
                output,
            },
            cli,
            env,
        ),
        Command::Config { client, json } => client_config::run(client, &cli, env, json),
    };
    ExitCode::from(code)
}
