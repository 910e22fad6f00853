//! Subcommands for people at a terminal: `doctor` checks a configuration step by step,
//! `tools` lists and searches the tools, `call` runs one, `config` prints a client's
//! configuration for this binary. All read the same flags, environment and `.env` file as the
//! server, and print for humans unless asked for JSON.

pub mod banner;
mod call;
mod client_config;
mod connect;
mod doctor;
mod stdout;
mod tools;

use crate::config::cli::Cli;
use clap::{Subcommand, ValueEnum};
use std::process::ExitCode;

/// Exit code when every check passed or the output was printed.
pub const EXIT_OK: u8 = 0;
/// Exit code when a `doctor` check failed, a tool answered with an error or a search found nothing.
pub const EXIT_FAILED: u8 = 1;
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
    /// List the categories and tools, search them (`mistmcp tools device stats`), or describe one
    Tools {
        /// Words for what the tool does, ranked as the searchMistTools tool ranks them
        query: Vec<String>,
        /// Print one tool's arguments, pagination and answer fields
        #[arg(long = "describe", value_name = "NAME", conflicts_with = "query")]
        describe: Option<String>,
        /// Only this category (its tools are listed when no words are given)
        #[arg(long = "category", value_name = "NAME")]
        category: Option<String>,
        /// How many search results to print (1-25)
        #[arg(long = "limit", value_parser = clap::value_parser!(u8).range(1..=25))]
        limit: Option<u8>,
        /// Print JSON
        #[arg(long = "json")]
        json: bool,
    },
    /// Run one tool once and print its answer: `mistmcp call getSiteStats site_id=...`
    Call {
        /// The tool's name, as `mistmcp tools` shows it
        tool: String,
        /// Arguments as key=value (a value in {} or [] is read as JSON)
        #[arg(value_name = "KEY=VALUE")]
        args: Vec<String>,
        /// Arguments as one JSON object; key=value pairs are added to it
        #[arg(long = "json", value_name = "OBJECT")]
        json: Option<String>,
        /// Print the compact text a model reads, or the structured answer as JSON
        #[arg(long = "output", value_enum, default_value_t = call::Output::Text)]
        output: call::Output,
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
