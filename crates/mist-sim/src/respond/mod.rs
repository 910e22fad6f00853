//! Answers for routed, authorised requests: picks the records or the object an operation
//! returns and shapes them per its pagination style.

mod consts;
mod listed;
mod listing;
mod objects;
mod sle;

use crate::auth::Usage;
use crate::config::Role;
use crate::edits::Edits;
use crate::query::{BadRequest, Query};
use crate::route::{Matched, Op, Scope};
use crate::world::World;
use mist_catalog::ResponseKind;
use serde::Serialize;
use serde_json::{Value, json};

/// Everything known about one request once it is routed and authorised.
pub(crate) struct Ctx<'a> {
    pub world: &'a World,
    /// What writes changed: read answers show it.
    pub edits: &'a Edits,
    pub op: &'a Op,
    pub matched: &'a Matched<'a>,
    pub query: &'a Query,
    /// Organisation the request is about (the caller's own for `/self` and `/const`).
    pub org: usize,
    pub site: Option<usize>,
    /// Request time, epoch seconds.
    pub now: i64,
    pub path: &'a str,
    pub usage: Usage,
    /// The caller's role, reported by `/self`.
    pub role: Role,
    /// The caller is an org API token, whose `/self` names no user.
    pub org_token: bool,
}

impl Ctx<'_> {
    pub fn param(&self, name: &str) -> &str {
        self.matched.param(name).unwrap_or_default()
    }

    pub fn org_id(&self) -> &str {
        &self.world.orgs[self.org].id
    }

    pub fn site_id(&self) -> Option<&str> {
        self.site.map(|s| self.world.sites[s].id.as_str())
    }

    pub fn wants_array(&self) -> bool {
        self.op.tool.response == ResponseKind::Array
    }

    /// The operation's default for a query parameter, as text.
    pub fn default_of(&self, name: &str) -> Option<String> {
        let d = self.op.tool.param(name)?.default.as_ref()?;
        Some(match d {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    }
}

/// A finished answer, before it becomes an HTTP response.
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json<T: Serialize + ?Sized>(value: &T) -> Self {
        match serde_json::to_vec(value) {
            Ok(body) => Self {
                status: 200,
                content_type: "application/json",
                headers: Vec::new(),
                body,
            },
            Err(e) => Self::detail(500, &format!("simulator could not encode the answer: {e}")),
        }
    }

    /// An error in Mist's `{"detail": ...}` shape.
    pub fn detail(status: u16, detail: &str) -> Self {
        Self {
            status,
            content_type: "application/json",
            headers: Vec::new(),
            body: serde_json::to_vec(&json!({ "detail": detail })).unwrap_or_default(),
        }
    }

    /// Mist's 404 for an id that names nothing: `{"id": "<id>"}`.
    pub fn unknown_id(id: &str) -> Self {
        Self {
            status: 404,
            content_type: "application/json",
            headers: Vec::new(),
            body: serde_json::to_vec(&json!({ "id": id })).unwrap_or_default(),
        }
    }

    pub fn with_header(mut self, name: &'static str, value: String) -> Self {
        self.headers.push((name, value));
        self
    }
}

impl From<BadRequest> for Reply {
    fn from(e: BadRequest) -> Self {
        Reply::detail(400, &e.0)
    }
}

pub(crate) fn answer(ctx: &Ctx<'_>) -> Reply {
    match try_answer(ctx) {
        Ok(r) => crate::shape::shape_reply(ctx, ctx.edits.patched(ctx.path, r)),
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
    let key = crate::write::object_key(ctx.op.scope, parent);
    let value = ctx.edits.object(&key, ctx.param(name))?;
    Some(if ctx.wants_array() {
        Reply::json(&[value])
    } else {
        Reply::json(&value)
    })
}
