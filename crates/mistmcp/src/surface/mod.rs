//! What a session sees: tool modes, category sets, the prebuilt tool list and the server's own
//! tools.

pub mod categories;
pub mod essentials;
pub mod manage;
pub mod mode;
pub mod registry;
pub mod schema;

pub use categories::CategorySet;
pub use mode::ToolMode;
pub use registry::ToolRegistry;
