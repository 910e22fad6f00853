//! One object of a list that no collection holds: such a list is generated from its schema on
//! every read, so the object a get by id answers is taken from that same generated list. A
//! model that lists and then gets by a listed id reads the object it was shown.

use super::Ctx;
use crate::reply::Reply;
use crate::route::scope_and_key;
use serde_json::Value;

/// The item of the generated sibling list whose id (or MAC) is the request's last path value;
/// `None` when the operation is not a get by id, its list is answered from a collection, or
/// no listed item has that id.
pub(super) fn item(ctx: &Ctx<'_>) -> Option<Reply> {
    let (parent, last) = ctx.op.tool.path.rsplit_once('/')?;
    let name = last.strip_prefix('{')?.strip_suffix('}')?;
    if matches!(name, "org_id" | "site_id") {
        return None;
    }
    let list = mist_catalog::catalog()
        .tools
        .iter()
        .find(|t| t.path == parent && t.method == mist_catalog::Method::Get)?;
    let (_, key, _) = scope_and_key(parent);
    if ctx.world.collection(&key).is_some() {
        return None;
    }
    let wanted = ctx.param(name);
    let params: Vec<(&str, String)> = ctx
        .matched
        .params
        .iter()
        .filter(|(n, _)| *n != name)
        .cloned()
        .collect();
    let scope = crate::shape::Scope {
        org: ctx.org,
        site: ctx.site,
        key: &key,
        operation_id: &list.operation_id,
        params: &params,
        sketched: ctx.world.sketched.contains(&key),
    };
    let body = crate::shape::fit(ctx.world, &scope, None)?;
    let items = match body {
        Value::Array(items) => items,
        Value::Object(mut m) => match m.remove("results") {
            Some(Value::Array(items)) => items,
            _ => return None,
        },
        _ => return None,
    };
    let fields = ["id", name, "mac"];
    let found = items.into_iter().find(|x| {
        fields
            .iter()
            .any(|f| x.get(*f).and_then(Value::as_str) == Some(wanted))
    })?;
    Some(if ctx.wants_array() {
        Reply::json(&[found])
    } else {
        Reply::json(&found)
    })
}
