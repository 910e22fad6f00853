//! mistmcp: a Model Context Protocol server for the Juniper Mist cloud API.
//!
//! The tool catalog is data ([`mist_catalog`]); one generic [`executor`] serves every tool;
//! [`surface`] decides what a session sees; [`server`] is the MCP handler; [`transport`] carries
//! it over stdio or Streamable HTTP.

pub mod config;
pub mod demo;
pub mod echo;
pub mod executor;
pub mod logging;
pub mod mist;
pub mod run;
pub mod server;
pub mod session;
pub mod surface;
pub mod transport;
