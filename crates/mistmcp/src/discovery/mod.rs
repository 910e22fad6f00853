//! Finding the right tool among hundreds: ranked search, tool descriptions for the model, and
//! the closest names when a model gets one wrong.
//!
//! - [`words`]: how names, descriptions and queries become matching terms.
//! - [`index`]: the ranked search over every catalog tool, built once.
//! - [`signature`]: a tool's call in one short line.
//! - [`intent`]: whether a search asks to change something (then writes join its hits).
//! - [`answers`]: what `searchMistTools` and `describeMistTool` answer.
//! - [`body_outline`]: a write body's fields and types, and one part of it in full.
//! - [`catalog_facts`]: answer fields and parameter sources, where the catalog has them.
//! - [`suggest`]: "did you mean" for tools, arguments and categories.

pub mod answers;
pub mod body_outline;
pub mod catalog_facts;
pub mod index;
pub mod intent;
pub mod signature;
pub mod suggest;
pub mod words;

#[cfg(test)]
mod quality;
