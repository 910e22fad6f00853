//! What a caller reaches: tool modes, category sets, the catalog and its search indexes, and
//! `manageMcpTools`.

pub(crate) mod categories;
pub(crate) mod manage;
pub(crate) mod mode;
pub mod own_names;
pub(crate) mod registry;
pub(crate) mod schema;

pub use categories::CategorySet;
pub use mode::ToolMode;
pub use registry::ToolRegistry;
