//! Finding the right tool among hundreds: ranked search, tool descriptions for the model, and
//! the closest names when a model gets one wrong.
//!
//! - [`words`]: how names, descriptions and queries become matching terms.
//! - [`index`]: the ranked search over every catalog tool, built once.
//! - [`signature`]: a tool's call in one short line.
//! - [`answers`]: what `searchMistTools` and `describeMistTool` answer.
//! - [`catalog_facts`]: answer fields and parameter sources, where the catalog has them.
//! - [`suggest`]: "did you mean" for tools, arguments and categories.

pub mod answers;
pub mod catalog_facts;
pub mod index;
pub mod signature;
pub mod suggest;
pub mod words;

#[cfg(test)]
mod quality;
