//! Answers for routed, authorised requests: picks the records or the object an operation
//! returns and shapes them per its pagination style.

mod consts;
mod listed;
mod listing;
mod objects;
mod sle;

use crate::auth::{Caller, Usage};
use crate::config::Role;
use crate::edits::{Edits, object_key};
use crate::front::{SimState, resolve};
use crate::query::{BadRequest, Query};
use crate::reply::Reply;
use crate::route::{Matched, Op, Scope};
use crate::shape;
use crate::world::World;
use mist_catalog::ResponseKind;
use serde_json::Value;

/// Everything known about one request once it is routed and authorised.
pub(crate) struct Ctx<'a> {
    pub(crate) world: &'a World,
    /// What writes changed: read answers show it.
    pub(crate) edits: &'a Edits,
    pub(crate) op: &'a Op,
    pub(crate) matched: &'a Matched<'a>,
    pub(crate) query: &'a Query,
    /// Organisation the request is about (the caller's own for `/self` and `/const`).
    pub(crate) org: usize,
    pub(crate) site: Option<usize>,
    /// Request time, epoch seconds.
    pub(crate) now: i64,
    pub(crate) path: &'a str,
    pub(crate) usage: Usage,
    /// The caller's role, reported by `/self`.
    pub(crate) role: Role,
    /// The caller is an org API token, whose `/self` names no user.
    pub(crate) org_token: bool,
}

impl Ctx<'_> {
    pub(crate) fn param(&self, name: &str) -> &str {
        self.matched.param(name).unwrap_or_default()
    }

    pub(crate) fn org_id(&self) -> &str {
        &self.world.orgs[self.org].id
    }

    pub(crate) fn site_id(&self) -> Option<&str> {
        self.site.map(|s| self.world.sites[s].id.as_str())
    }

    pub(crate) fn wants_array(&self) -> bool {
        self.op.tool.response == ResponseKind::Array
    }

    /// The operation's default for a query parameter, as text.
    pub(crate) fn default_of(&self, name: &str) -> Option<String> {
        let d = self.op.tool.param(name)?.default.as_ref()?;
        Some(match d {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    }
}

/// The answer to a routed GET of an admitted caller (also what a write reads before changing
/// an object).
pub(crate) fn read(
    st: &SimState,
    path: &str,
    query: &Query,
    caller: &Caller,
    matched: &Matched<'_>,
) -> Reply {
    let world = &st.world;
    let (org, site) = match resolve(world, matched.op.scope, &matched.params, caller) {
        Ok(x) => x,
        Err(reply) => return reply,
    };
    if let Some(id) = matched
        .params
        .iter()
        .map(|(_, v)| v)
        .find(|v| st.edits.is_removed(v))
    {
        return Reply::unknown_id(id);
    }
    if let Some(reply) = check_path_ids(world, &st.edits, matched) {
        return reply;
    }
    let ctx = Ctx {
        world,
        edits: &st.edits,
        op: matched.op,
        matched,
        query,
        org,
        site,
        now: st.now(),
        path,
        usage: st.auth.usage(caller),
        role: caller.role,
        org_token: caller.org_token,
    };
    answer(&ctx)
}

/// Ids in the path must name something; values restricted by the catalog must be allowed.
fn check_path_ids(world: &World, edits: &Edits, m: &Matched<'_>) -> Option<Reply> {
    for (name, value) in &m.params {
        if matches!(*name, "org_id" | "site_id" | "metric" | "classifier") {
            continue;
        }
        let Some(param) = m.op.tool.param(name) else {
            continue;
        };
        let ok = if !param.enum_values.is_empty() {
            param.enum_values.iter().any(|v| v == value)
        } else if crate::ids::is_id(param) || param.format.as_deref() == Some("mac") {
            world.knows_at(value, &m.op.tool.path, name) || edits.knows(value)
        } else {
            // Free text in a path (a name, a reason): any value names something.
            true
        };
        if !ok {
            return Some(Reply::unknown_id(value));
        }
    }
    None
}

/// The answer, writes laid over it and its JSON body fitted to the operation's schema.
fn answer(ctx: &Ctx<'_>) -> Reply {
    match try_answer(ctx) {
        Ok(r) => shaped(ctx, ctx.edits.patched(ctx.path, r)),
        Err(e) => e.into(),
    }
}

fn try_answer(ctx: &Ctx<'_>) -> Result<Reply, BadRequest> {
    if let Some(reply) = edited(ctx) {
        return Ok(reply);
    }
    if let Some(reply) = consts::answer(ctx) {
        return Ok(reply);
    }
    if let Some(reply) = sle::answer(ctx)? {
        return Ok(reply);
    }
    if let Some(reply) = objects::answer(ctx)? {
        return Ok(reply);
    }
    if let Some(reply) = listing::by_id(ctx) {
        return Ok(reply);
    }
    if let Some(reply) = listing::answer(ctx)? {
        return Ok(reply);
    }
    if let Some(reply) = listed::item(ctx) {
        return Ok(reply);
    }
    Ok(objects::fallback(ctx))
}

/// An object a write created or changed, read by its id.
fn edited(ctx: &Ctx<'_>) -> Option<Reply> {
    let (parent, name) = match (ctx.op.key.rsplit_once('/'), ctx.op.scope) {
        (Some((parent, last)), _) => (parent, last.strip_prefix('{')?.strip_suffix('}')?),
        (None, Scope::Org) if ctx.op.key.is_empty() => ("", "org_id"),
        (None, Scope::Site) if ctx.op.key.is_empty() => ("", "site_id"),
        _ => return None,
    };
    let key = object_key(ctx.op.scope, parent);
    let value = ctx.edits.object(&key, ctx.param(name))?;
    Some(if ctx.wants_array() {
        Reply::json(&[value])
    } else {
        Reply::json(&value)
    })
}

/// The finished reply with its JSON body fitted to the operation's schema.
fn shaped(ctx: &Ctx<'_>, reply: Reply) -> Reply {
    if reply.status != 200 || reply.content_type != "application/json" {
        return reply;
    }
    let Ok(body) = serde_json::from_slice::<Value>(&reply.body) else {
        return reply;
    };
    let scope = shape::Scope {
        org: ctx.org,
        site: ctx.site,
        key: &ctx.op.key,
        operation_id: &ctx.op.tool.operation_id,
        params: &ctx.matched.params,
        sketched: ctx.world.sketched.contains(&ctx.op.key),
    };
    match shape::fit(ctx.world, &scope, Some(&body)).map(|v| serde_json::to_vec(&v)) {
        Some(Ok(bytes)) => Reply { body: bytes, ..reply },
        _ => reply,
    }
}
