//! Operations the simulator does not answer yet as the catalog declares them. The end-to-end
//! tests pass them over, and the simulator's own tests fail as soon as one of them answers, so
//! these lists can only shrink.

/// Reads (catalog tool names), in catalog order, with why. None today.
pub const UNANSWERED: &[&str] = &[];

/// Whether the simulator is known not to answer `tool` yet.
pub fn is_unanswered(tool: &str) -> bool {
    UNANSWERED.contains(&tool)
}

/// Reads that answer, but do not yet find the ids another tool lists for their collection (the
/// simulator's list and get-by-id of these collections are planned apart).
pub const UNCHAINED: &[&str] = &[];

/// Write operations that do not answer 200 to the smallest body their request schema accepts,
/// with why. The simulator's own test fails as soon as one of them answers, so this list can
/// only shrink.
pub const UNWRITABLE: &[(&str, &str)] = &[];

/// Whether the simulator is known not to answer the write operation `operation_id` with 200.
pub fn is_unwritable(operation_id: &str) -> bool {
    UNWRITABLE.iter().any(|(op, _)| *op == operation_id)
}
