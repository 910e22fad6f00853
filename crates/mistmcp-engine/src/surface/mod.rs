//! What a caller reaches: tool modes, category sets, the catalog and its search indexes, and
//! `manageMcpTools`.

pub mod categories;
pub mod manage;
pub mod mode;
pub mod own_names;
pub mod registry;
pub mod schema;

pub use categories::CategorySet;
pub use mode::ToolMode;
pub use registry::ToolRegistry;
