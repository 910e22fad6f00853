//! The subcommands of the command line, as clap parses them. What each one does is in
//! [`crate::commands`]; only their grammar lives here, beside the flags, so the configuration
//! never needs the commands themselves.

use clap::{Subcommand, ValueEnum};

/// A subcommand for people at a terminal.
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
        #[arg(long = "output", value_enum, default_value_t = Output::Text)]
        output: Output,
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

/// How the answer is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Output {
    /// The compact text a model reads (tables for lists)
    #[default]
    Text,
    /// The structured answer `{data, pagination?, notes?}` as JSON
    Json,
}
