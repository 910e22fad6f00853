//! The simulator's tests, in one binary: each module drives a real simulator over HTTP (or, for
//! the generated files, regenerates them and compares bytes). `support` starts simulators and
//! makes requests; `support::spec` loads the Mist OpenAPI document as JSON Schemas.
//!
//! `cargo test -p mist-sim --test sim MODULE` runs one module (`world_invariants`,
//! `spec_shapes`, ...); `-- --nocapture` shows the figures some of them print.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

mod support;

mod access;
mod determinism;
mod every_operation;
mod every_write;
mod faults;
mod lifecycle;
mod paging;
mod quirks;
mod spec_shapes;
mod world_invariants;
mod write_shapes;
mod writes;
