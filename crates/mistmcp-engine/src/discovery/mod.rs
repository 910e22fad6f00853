//! Finding the right tool among hundreds: ranked search, tool descriptions for the model, and
//! the closest names when a model gets one wrong.
//!
//! - [`signature`]: a tool's call in one short line.
//! - [`answers`]: what `searchMistTools` and `describeMistTool` answer.
//! - [`body_outline`]: a write body's fields and types, and one part of it in full.
//!
//! The ranked search itself is [`crate::search`]; "did you mean" is [`crate::suggest`].

pub mod answers;
pub(crate) mod body_outline;
pub(crate) mod signature;

#[cfg(test)]
mod quality;
