//! Fixtures shared by the write plans' unit tests.

use super::plan::plan;
use crate::executor::test_support::tool;
use crate::secrets::SecretPolicy;
use serde_json::Value;

/// The plan of tool `name` at `path`, sending `body` over the object it acts on, `current`,
/// secrets withheld; the tests only plan writes that can be shown.
pub(crate) fn planned(name: &str, path: &str, body: Option<&Value>, current: Value) -> Value {
    plan(tool(name), path, body, Some(Ok(current)), SecretPolicy::Withhold).unwrap()
}
