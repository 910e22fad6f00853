//! Makes a value fit a response schema: what the simulator built by hand is kept where the
//! schema agrees, recast where only the kind differs (a string where a list is declared, a
//! boolean where Mist sends `"true"`), dropped where the schema forbids it, and whatever a
//! required field or a missing body needs is generated from the world.

use super::fill;
use super::schema_terms::{choose_type, fit_score, required_of, types_of, wrap};
use super::store::Shapes;
use crate::rng::Rng;
use crate::world::World;
use crate::world::fields::Subject;
use serde_json::{Map, Value};
use std::ops::Deref;
use std::sync::Arc;

/// Nesting below which generated objects hold only their required fields.
const MAX_OPTIONAL_DEPTH: usize = 3;
/// Fields a generated record always carries when its schema declares them: what names it and
/// ties it to the rest of the world.
const IDENTITY: &[&str] = &["id", "name", "org_id", "site_id", "mac", "timestamp"];
/// Nesting at which generation stops even for required fields (recursive schemas).
const MAX_DEPTH: usize = 12;

/// A schema borrowed from its parent or shared from the store.
enum Sch<'a> {
    Borrowed(&'a Value),
    Shared(Arc<Value>),
    Owned(Box<Value>),
}

impl Deref for Sch<'_> {
    type Target = Value;
    fn deref(&self) -> &Value {
        match self {
            Sch::Borrowed(v) => v,
            Sch::Shared(v) => v,
            Sch::Owned(v) => v,
        }
    }
}

/// Where in the body a value sits.
#[derive(Clone)]
pub(crate) struct At<'w> {
    /// The property name the value is under (the parent's for list items).
    pub(crate) name: String,
    /// A stable label for the value: the stream its random choices come from.
    pub(crate) path: String,
    /// Objects above this value.
    pub(crate) depth: usize,
    pub(crate) subject: Arc<Subject<'w>>,
}

impl<'w> At<'w> {
    fn child(&self, name: &str) -> At<'w> {
        At {
            name: name.to_string(),
            path: format!("{}.{name}", self.path),
            depth: self.depth + 1,
            subject: self.subject.clone(),
        }
    }

    fn item(&self, i: usize) -> At<'w> {
        At {
            name: self.name.clone(),
            path: format!("{}[{i}]", self.path),
            depth: self.depth,
            subject: self.subject.clone(),
        }
    }

    pub(super) fn rng(&self, w: &World) -> Rng {
        Rng::derive(w.seed, &self.path)
    }
}

pub(crate) struct Conformer<'w> {
    pub(crate) w: &'w World,
    pub(crate) store: &'static Shapes,
    /// The given records are sketches: complete them with optional fields too.
    pub(crate) complete: bool,
    /// Generate required fields only (the smallest body a request schema accepts).
    pub(crate) minimal: bool,
    /// Fields a closed schema does not declare that this operation's answers keep, because
    /// the cloud sends them (`quirks::kept_undeclared`).
    pub(crate) keep: &'static [&'static str],
}

impl<'w> Conformer<'w> {
    fn resolve<'s>(&self, schema: &'s Value) -> Sch<'s> {
        let mut cur = Sch::Borrowed(schema);
        for _ in 0..16 {
            let Some(name) = cur.get("$ref").and_then(Value::as_str) else {
                return cur;
            };
            let Some(next) = self.store.def(name) else {
                return Sch::Owned(Box::new(Value::Bool(true)));
            };
            let siblings = cur.as_object().is_some_and(|m| m.len() > 1);
            cur = if siblings {
                // A reference beside other keywords means both apply.
                let mut rest = cur.as_object().cloned().unwrap_or_default();
                rest.remove("$ref");
                let all = vec![Value::Object(rest), (*next).clone()];
                Sch::Owned(Box::new(Value::Object(Map::from_iter([(
                    "allOf".to_string(),
                    Value::Array(all),
                )]))))
            } else {
                Sch::Shared(next)
            };
        }
        cur
    }

    /// `allOf` (and keywords beside it) folded into one object schema.
    fn flatten(&self, schema: &Value, into: &mut Map<String, Value>) {
        let s = self.resolve(schema);
        let Some(m) = s.as_object() else { return };
        for (k, v) in m {
            match k.as_str() {
                "allOf" => {
                    for branch in v.as_array().into_iter().flatten() {
                        self.flatten(branch, into);
                    }
                }
                "properties" => {
                    let props = into
                        .entry("properties")
                        .or_insert_with(|| Value::Object(Map::new()));
                    if let (Some(dst), Some(src)) = (props.as_object_mut(), v.as_object()) {
                        for (name, p) in src {
                            dst.entry(name.clone()).or_insert_with(|| p.clone());
                        }
                    }
                }
                "required" => {
                    let req = into.entry("required").or_insert_with(|| Value::Array(Vec::new()));
                    if let (Some(dst), Some(src)) = (req.as_array_mut(), v.as_array()) {
                        dst.extend(
                            src.iter()
                                .filter(|r| !dst.contains(r))
                                .cloned()
                                .collect::<Vec<_>>(),
                        );
                    }
                }
                "additionalProperties" if v == &Value::Bool(false) => {
                    into.insert(k.clone(), v.clone());
                }
                _ => {
                    into.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
        }
    }

    /// Makes `v` (or, when absent, a generated value) fit `schema`.
    pub(super) fn fit(&self, v: Option<&Value>, schema: &Value, at: &At<'w>) -> Value {
        let s = self.resolve(schema);
        if s.get("allOf").is_some() {
            let mut merged = Map::new();
            self.flatten(&s, &mut merged);
            merged.remove("allOf");
            return self.fit(v, &Value::Object(merged), at);
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(branches) = s.get(key).and_then(Value::as_array)
                && let Some(best) = self.pick_branch(v, branches)
            {
                let mut rest = s.as_object().cloned().unwrap_or_default();
                rest.remove(key);
                let mut merged = Map::new();
                self.flatten(&Value::Object(rest), &mut merged);
                self.flatten(best, &mut merged);
                return self.fit(v, &Value::Object(merged), at);
            }
        }
        if let Some(c) = s.get("const") {
            return c.clone();
        }
        if let Some(list) = s.get("enum").and_then(Value::as_array) {
            return fill::from_enum(v, list, at, self.w);
        }
        let types = types_of(&s);
        let ty = choose_type(v, &types);
        match ty {
            Some("object") => match v {
                // The cloud sends `""` for an object it has nothing to report in (the quirk
                // `quirks::EMPTY_OBJECT`): a record that says so keeps it.
                Some(Value::String(x)) if x.is_empty() => Value::String(String::new()),
                Some(x) if !x.is_object() && !x.is_null() => self.object(wrap(x, &s).as_ref(), &s, at),
                _ => self.object(v, &s, at),
            },
            Some("array") => self.array(v, &s, at),
            Some("string") => fill::string(v, &s, at, self.w),
            Some("integer") => fill::integer(v, &s, at, self.w),
            Some("number") => fill::number(v, &s, at, self.w),
            Some("boolean") => fill::boolean(v, at, self.w),
            Some("null") => Value::Null,
            _ => v.cloned().unwrap_or_else(|| fill::untyped(at, self.w)),
        }
    }

    fn pick_branch<'s>(&self, v: Option<&Value>, branches: &'s [Value]) -> Option<&'s Value> {
        let mut best: Option<(i64, &Value)> = None;
        for b in branches {
            let mut flat = Map::new();
            self.flatten(b, &mut flat);
            let flat = Value::Object(flat);
            let types = types_of(&flat);
            let score = match v {
                None if types.iter().all(|t| *t == "null") => -1,
                None => 0,
                // Branches the top level cannot tell apart (the same envelope around different
                // records) are told apart by their records.
                Some(x) => {
                    (fit_score(x, &flat, &types) + self.enum_score(x, &flat)) * 1_000
                        + self.records_score(x, &flat)
                }
            };
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, b));
            }
        }
        best.map(|(_, b)| b)
    }

    /// How well the first record of each list in `x` fits the record schema `branch` declares
    /// for that list.
    fn records_score(&self, x: &Value, branch: &Value) -> i64 {
        let (Some(m), Some(props)) = (x.as_object(), branch.get("properties").and_then(Value::as_object))
        else {
            return 0;
        };
        let mut score = 0;
        for (k, given) in m {
            let (Some(p), Some(first)) = (props.get(k), given.as_array().and_then(|a| a.first())) else {
                continue;
            };
            let list = self.resolve(p);
            let Some(items) = list.get("items") else { continue };
            let mut flat = Map::new();
            self.flatten(items, &mut flat);
            let flat = Value::Object(flat);
            score += fit_score(first, &flat, &types_of(&flat));
        }
        score
    }

    /// Fields whose declared values are fixed (a `type` of `switch`) tell branches apart.
    fn enum_score(&self, x: &Value, branch: &Value) -> i64 {
        let (Some(m), Some(props)) = (x.as_object(), branch.get("properties").and_then(Value::as_object))
        else {
            return 0;
        };
        let mut score = 0;
        for (k, given) in m {
            let Some(p) = props.get(k) else { continue };
            let p = self.resolve(p);
            let allowed = p
                .get("enum")
                .and_then(Value::as_array)
                .cloned()
                .or_else(|| p.get("const").map(|c| vec![c.clone()]));
            if let Some(list) = allowed {
                score += if list.contains(given) { 50 } else { -50 };
            }
        }
        score
    }

    fn object(&self, v: Option<&Value>, s: &Value, at: &At<'w>) -> Value {
        let given = v.and_then(Value::as_object);
        let props = s.get("properties").and_then(Value::as_object);
        // Records name their own site, device or client: values filled inside agree with them.
        let at = match given {
            Some(m) if at.depth <= 2 => fill::refocus(at, m, self.w),
            _ => at.clone(),
        };
        let mut out = Map::new();
        if let Some(props) = props {
            self.declared(given, props, &required_of(s), &at, &mut out);
        }
        self.undeclared(given, props, s.get("additionalProperties"), &at, &mut out);
        Value::Object(out)
    }

    /// The declared properties: what was given, fitted; the required ones and, in a generated
    /// or sketched record, some optional ones, generated.
    fn declared(
        &self,
        given: Option<&Map<String, Value>>,
        props: &Map<String, Value>,
        required: &[&str],
        at: &At<'w>,
        out: &mut Map<String, Value>,
    ) {
        let mut rng = at.rng(self.w);
        for (name, p) in props {
            let child = at.child(name);
            match given.and_then(|m| m.get(name)) {
                // A sketch's null is a value the record does not have (an unassigned device's
                // site): where the schema neither requires the field nor takes a null, Mist
                // leaves it out.
                Some(Value::Null)
                    if !required.contains(&name.as_str())
                        && !types_of(&self.resolve(p)).contains(&"null") => {}
                Some(x) => {
                    out.insert(name.clone(), self.fit(Some(x), p, &child));
                }
                None if required.contains(&name.as_str()) && at.depth < MAX_DEPTH => {
                    out.insert(name.clone(), self.fit(None, p, &child));
                }
                None if !self.minimal
                    && (given.is_none() || self.complete && at.depth <= 1)
                    && (IDENTITY.contains(&name.as_str()) && at.depth < MAX_OPTIONAL_DEPTH
                        || self.wants_optional(p, at.depth, &mut rng)) =>
                {
                    out.insert(name.clone(), self.fit(None, p, &child));
                }
                None => {}
            }
        }
    }

    /// Fields the properties do not declare, as `additionalProperties` says: a map's entries
    /// fitted (or generated), nothing where it is `false`, and otherwise only what a free-form
    /// object carries and a record's own ids.
    fn undeclared(
        &self,
        given: Option<&Map<String, Value>>,
        props: Option<&Map<String, Value>>,
        extra: Option<&Value>,
        at: &At<'w>,
        out: &mut Map<String, Value>,
    ) {
        let free_form = props.is_none_or(|p| p.is_empty());
        match (extra, given) {
            // A closed schema: only what the cloud is known to send beside it.
            (Some(Value::Bool(false)), Some(m)) => {
                for k in self.keep {
                    if let Some(x) = m.get(*k)
                        && props.is_none_or(|p| !p.contains_key(*k))
                    {
                        out.insert((*k).to_string(), x.clone());
                    }
                }
            }
            (Some(Value::Bool(false)), None) => {}
            (Some(schema @ Value::Object(_)), Some(m)) => {
                for (k, x) in m {
                    if props.is_none_or(|p| !p.contains_key(k)) {
                        out.insert(k.clone(), self.fit(Some(x), schema, &at.child(k)));
                    }
                }
            }
            // A generated map gets a few entries of its own.
            (Some(schema @ Value::Object(_)), None) if free_form && at.depth < MAX_OPTIONAL_DEPTH => {
                for (i, key) in fill::map_keys(at, self.w).into_iter().enumerate() {
                    let child = at.child(&key).item(i);
                    out.insert(key, self.fit(None, schema, &child));
                }
            }
            (Some(Value::Object(_)), None) => {}
            // Undeclared fields are allowed but Mist would not send made-up ones: keep only
            // what a schema without declared properties (a free-form object) carries.
            (_, Some(m)) if free_form => out.extend(m.iter().map(|(k, x)| (k.clone(), x.clone()))),
            // A record's own id is kept even where the spec forgets to declare it: without it
            // a listed object cannot be fetched by id.
            (_, Some(m)) if at.depth <= 1 => {
                for k in ["id", "org_id", "site_id"] {
                    if let Some(x) = m.get(k).filter(|x| x.is_string())
                        && !out.contains_key(k)
                    {
                        out.insert(k.to_string(), x.clone());
                    }
                }
            }
            _ => {}
        }
    }

    fn wants_optional(&self, p: &Value, depth: usize, rng: &mut Rng) -> bool {
        if depth >= MAX_OPTIONAL_DEPTH {
            return false;
        }
        let s = self.resolve(p);
        let container = s.get("properties").is_some()
            || s.get("items").is_some()
            || s.get("additionalProperties").is_some_and(Value::is_object)
            || s.get("allOf").is_some();
        let percent: u64 = match (depth, container) {
            (0, false) => 80,
            (0, true) => 40,
            (1, false) => 50,
            (1, true) => 20,
            (_, false) => 25,
            (_, true) => 5,
        };
        rng.chance(percent)
    }

    fn array(&self, v: Option<&Value>, s: &Value, at: &At<'w>) -> Value {
        let items = s.get("items").cloned().unwrap_or(Value::Bool(true));
        let min = s.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = s.get("maxItems").and_then(Value::as_u64).map(|m| m as usize);
        let mut out: Vec<Value> = match v {
            Some(Value::Array(list)) => list
                .iter()
                .enumerate()
                .map(|(i, x)| self.fit(Some(x), &items, &at.item(i)))
                .collect(),
            // Mist sends lists where the simulator once sent single values.
            Some(Value::Null) | None => Vec::new(),
            Some(x) => vec![self.fit(Some(x), &items, &at.item(0))],
        };
        if v.is_none() && at.depth < MAX_DEPTH {
            let n = match at.depth {
                0 => 3,
                1 => 2,
                _ => 1,
            };
            out = (0..n.max(min))
                .map(|i| self.fit(None, &items, &fill::item_focus(at, i, self.w)))
                .collect();
        }
        let mut i = out.len();
        while out.len() < min && i < min + 8 {
            out.push(self.fit(None, &items, &fill::item_focus(at, i, self.w)));
            i += 1;
        }
        if s.get("uniqueItems") == Some(&Value::Bool(true)) {
            let mut seen: Vec<Value> = Vec::with_capacity(out.len());
            for x in out {
                if !seen.contains(&x) {
                    seen.push(x);
                }
            }
            out = seen;
        }
        if let Some(max) = max {
            out.truncate(max);
        }
        Value::Array(out)
    }
}
