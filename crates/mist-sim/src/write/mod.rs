//! Writes: every POST, PUT and DELETE operation of the spec is answered. Creates mint an id and
//! keep the object, updates merge the given top-level fields into the stored object (Mist's
//! PUT changes what it is given and keeps the rest), deletes remove it, and actions answer with
//! their documented body. Bodies are checked against the operation's request schema first, and
//! the caller's role must allow the write.

mod validate;

use crate::auth::Caller;
use crate::config::Role;
use crate::edits::{Entry, object_key};
use crate::front::{SimState, admit, resolve};
use crate::query::Query;
use crate::reply::Reply;
use crate::respond::read;
use crate::route::Scope;
use crate::route::writes::{BodyKind, Effect, WriteMatch, WriteOp};
use axum::http::Method;
use serde_json::{Map, Value};

/// A write request as it arrived.
pub(crate) struct Asked<'a> {
    pub(crate) method: &'a Method,
    pub(crate) path: &'a str,
    pub(crate) query: &'a Query,
    pub(crate) body: &'a [u8],
    /// A GET operation has this path.
    pub(crate) read_path_exists: bool,
}

/// Path segments of the operations only an administrator may call.
const ADMINISTRATION: &[&str] = &["admins", "apitokens", "ssos", "ssoroles", "invites"];

pub(crate) fn handle(
    st: &SimState,
    caller: Option<&Caller>,
    write: Option<&WriteMatch<'_>>,
    asked: &Asked<'_>,
) -> Reply {
    match try_handle(st, caller, write, asked) {
        Ok(r) | Err(r) => r,
    }
}

fn try_handle(
    st: &SimState,
    caller: Option<&Caller>,
    write: Option<&WriteMatch<'_>>,
    asked: &Asked<'_>,
) -> Result<Reply, Reply> {
    let caller = admit(st, caller)?;
    let Some(m) = write else {
        if asked.read_path_exists || st.writes().has_path(asked.path) {
            return Err(Reply::detail(
                405,
                &format!("Method \"{}\" not allowed.", asked.method),
            ));
        }
        return Err(Reply::detail(404, "Not found: no such API path."));
    };
    if !allowed(caller.role, m.op) {
        return Err(Reply::forbidden());
    }
    let (org, site) = resolve(&st.world, m.op.scope, &m.params, caller)?;
    check_ids(st, m)?;
    let body = parse_body(m.op, asked.body)?;
    if m.op.body == BodyKind::Json {
        validate::check(&m.op.operation_id, &body).map_err(|d| Reply::detail(400, &d))?;
    }
    let w = Write {
        st,
        m,
        org,
        site,
        caller,
        asked,
    };
    let fields = body.as_object();
    let reply = match (m.op.effect, fields) {
        (Effect::Create, Some(f)) => w.create(f),
        (Effect::Update, Some(f)) => w.update(f)?,
        (Effect::Merge, Some(f)) => w.merge(f)?,
        (Effect::Delete, _) => w.delete(),
        (Effect::Reset, _) => {
            st.edits.clear_patch(asked.path);
            w.answer(None)
        }
        _ => return Ok(w.answer(None)),
    };
    if reply.status == 200 {
        w.audit(&reply, fields);
    }
    Ok(reply)
}

/// Whether a role may call a write operation.
fn allowed(role: Role, op: &WriteOp) -> bool {
    match role {
        Role::Admin => true,
        Role::ReadOnly => false,
        Role::Write => {
            let administrative = op.path.split('/').any(|s| ADMINISTRATION.contains(&s))
                || op.path == "/api/v1/orgs/{org_id}"
                || op.path.starts_with("/api/v1/msps/");
            !administrative
        }
    }
}

/// Ids in the path must name something the world or a write made, and nothing deleted.
fn check_ids(st: &SimState, m: &WriteMatch<'_>) -> Result<(), Reply> {
    for (name, value) in &m.params {
        if st.edits.is_removed(value) {
            return Err(Reply::unknown_id(value));
        }
        let is_id = name.ends_with("_id") && !matches!(*name, "org_id" | "site_id");
        if is_id && !(st.world.knows_at(value, &m.op.path, name) || st.edits.knows(value)) {
            return Err(Reply::unknown_id(value));
        }
        // A rogue is known by its BSSID at its own site only.
        if *name == "rogue_bssid" && st.world.rogue(m.param("site_id"), value).is_none() {
            return Err(Reply::unknown_id(value));
        }
    }
    Ok(())
}

/// The body as JSON (`{}` when empty); bodies of uploads and body-less operations are not read.
fn parse_body(op: &WriteOp, bytes: &[u8]) -> Result<Value, Reply> {
    if op.body != BodyKind::Json {
        return Ok(Value::Null);
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Map::new()));
    }
    serde_json::from_slice(bytes).map_err(|e| Reply::detail(400, &format!("JSON parse error - {e}")))
}

/// One admitted, validated write.
struct Write<'a> {
    st: &'a SimState,
    m: &'a WriteMatch<'a>,
    org: usize,
    site: Option<usize>,
    caller: &'a Caller,
    asked: &'a Asked<'a>,
}

impl Write<'_> {
    /// The operation's documented 200 body, fitted around `given` (generated when `None`);
    /// an empty 200 when the operation documents no body.
    fn answer(&self, given: Option<&Value>) -> Reply {
        match self.fitted(given) {
            Some(v) => Reply::json(&v),
            None => Reply::raw(200, "application/json", Vec::new()),
        }
    }

    fn fitted(&self, given: Option<&Value>) -> Option<Value> {
        let operation_id = format!("res:{}", self.m.op.operation_id);
        let scope = crate::shape::Scope {
            org: self.org,
            site: self.site,
            key: &self.m.op.key,
            operation_id: &operation_id,
            params: &self.m.params,
            sketched: false,
        };
        crate::shape::fit_write(&self.st.world, &scope, given, false)
    }

    /// The object as stored: the answer when it is the object itself (same id), else what was
    /// built.
    fn keep(&self, id: &str, built: Value, created: bool) -> Reply {
        let fitted = self.fitted(Some(&built));
        let value = match &fitted {
            Some(f) if f.get("id").and_then(Value::as_str) == Some(id) => f.clone(),
            _ => built,
        };
        let key = object_key(self.m.op.scope, &self.m.op.key);
        let entry = Entry {
            key,
            org: self.org,
            site: self.site,
            value: value.clone(),
            created,
            ts: None,
        };
        self.st.edits.store(id, entry);
        match fitted {
            Some(f) => Reply::json(&f),
            None => self.answer(None),
        }
    }

    fn create(&self, fields: &Map<String, Value>) -> Reply {
        let w = &self.st.world;
        let n = self.st.edits.next_number();
        let id = crate::ids::mint(w.seed, &format!("created#{n}"));
        let now = self.st.now();
        let mut obj = fields.clone();
        obj.insert("id".into(), Value::from(id.as_str()));
        if matches!(self.m.op.scope, Scope::Org | Scope::Site) {
            obj.insert("org_id".into(), Value::from(w.orgs[self.org].id.as_str()));
        }
        if let Some(s) = self.site {
            obj.insert("site_id".into(), Value::from(w.sites[s].id.as_str()));
        }
        obj.insert("created_time".into(), Value::from(now));
        obj.insert("modified_time".into(), Value::from(now));
        self.keep(&id, Value::Object(obj), true)
    }

    /// The object at the write's path as a read sees it now; `Err` when it is gone.
    fn current(&self) -> Result<Option<Map<String, Value>>, Reply> {
        let Some(read_match) = self.st.routes.find(self.asked.path) else {
            return Ok(None);
        };
        if read_match.op.tool.path != self.m.op.path {
            return Ok(None);
        }
        let reply = read(
            self.st,
            self.asked.path,
            self.asked.query,
            self.caller,
            &read_match,
        );
        match reply.status {
            200 => Ok(serde_json::from_slice::<Value>(&reply.body)
                .ok()
                .and_then(|v| v.as_object().cloned())),
            _ => Err(reply),
        }
    }

    fn update(&self, fields: &Map<String, Value>) -> Result<Reply, Reply> {
        let id_param = self.m.op.id_param.as_deref().unwrap_or_default();
        let id = self.m.param(id_param).to_string();
        let before = self.st.edits.entry(&id);
        let created = before.as_ref().is_some_and(|e| e.created);
        let mut obj = match before.map(|e| e.value) {
            Some(Value::Object(m)) => m,
            _ => self.current()?.unwrap_or_default(),
        };
        obj.extend(fields.iter().map(|(k, v)| (k.clone(), v.clone())));
        obj.insert("id".into(), Value::from(id.as_str()));
        obj.insert("modified_time".into(), Value::from(self.st.now()));
        Ok(self.keep(&id, Value::Object(obj), created))
    }

    fn merge(&self, fields: &Map<String, Value>) -> Result<Reply, Reply> {
        let mut obj = self.current()?.unwrap_or_default();
        obj.extend(fields.iter().map(|(k, v)| (k.clone(), v.clone())));
        self.st.edits.merge_patch(self.asked.path, fields);
        Ok(match self.fitted(Some(&Value::Object(obj))) {
            Some(v) => Reply::json(&v),
            None => self.answer(None),
        })
    }

    /// Every change is audited the way Mist audits it: a record of the organisation's logs
    /// naming the admin behind the token, what was changed and the fields given.
    fn audit(&self, reply: &Reply, fields: Option<&Map<String, Value>>) {
        let w = &self.st.world;
        let verb = match self.m.op.effect {
            Effect::Create => "Add",
            Effect::Delete => "Delete",
            _ => "Update",
        };
        let answered: Option<Value> = serde_json::from_slice(&reply.body).ok();
        let named = |k: &str| {
            fields
                .and_then(|f| f.get(k))
                .or_else(|| answered.as_ref().and_then(|a| a.get(k)))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        let id_param = self.m.op.id_param.as_deref().unwrap_or_default();
        let name = named("name")
            .or_else(|| named("ssid"))
            .or_else(|| named("id"))
            .unwrap_or_else(|| self.m.param(id_param).to_string());
        let message = format!("{verb} {} \"{name}\"", noun(&self.m.op.key));
        let (first, last, email) = crate::world::names::admin_for(self.caller.role);
        let n = self.st.edits.next_number();
        let id = crate::ids::mint(w.seed, &format!("audit#{n}"));
        let now = self.st.now();
        let value = serde_json::json!({
            "id": id, "admin_id": crate::world::admin_id(w.seed, email),
            "admin_name": format!("{first} {last} {email}"), "message": message, "timestamp": now,
            "org_id": w.orgs[self.org].id, "site_id": self.site.map(|s| w.sites[s].id.clone()),
            "before": {}, "after": fields.cloned().unwrap_or_default(),
        });
        let entry = Entry {
            key: "logs".to_string(),
            org: self.org,
            site: self.site,
            value,
            created: true,
            ts: Some(now),
        };
        self.st.edits.store(&id, entry);
    }

    fn delete(&self) -> Reply {
        let id_param = self.m.op.id_param.as_deref().unwrap_or_default();
        // Only an id names one object: a file number or a name may recur elsewhere.
        if id_param.ends_with("_id") || id_param.contains("mac") {
            self.st.edits.remove(self.m.param(id_param));
        }
        self.answer(None)
    }
}

/// What an audit message calls an object of collection `key` (`wlans` -> `WLAN`).
fn noun(key: &str) -> String {
    let last = key
        .rsplit('/')
        .find(|s| !s.starts_with('{') && !s.is_empty())
        .unwrap_or("object");
    let one = last.strip_suffix('s').unwrap_or(last);
    match one {
        "wlan" | "psk" | "vpn" | "sso" | "nac" => one.to_uppercase(),
        _ => one.replace('_', " "),
    }
}
