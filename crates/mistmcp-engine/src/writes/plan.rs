//! The plan of a write: what will be sent, to which object, and what it changes, for the user
//! to read before confirming. Built from the call itself and, where there is an object to
//! read, its current state (read fresh with the matching GET).
//!
//! The caller writes the body, so the caller must never decide what the user fails to see:
//! every field a write sets is in its plan (`diff` finds them leaf by leaf), those bearing
//! on security first, each value cut on its own (never one value hiding the next field), and
//! secrets withheld unless the operator reveals them.

use super::diff::{self, Change};
use crate::secrets::{self, SecretPolicy};
use mist_catalog::{Catalog, ToolDef};
use mist_client::echo::clip;
use serde_json::{Map, Value, json};
use std::collections::HashMap;

/// Fields that name or identify an object, shown for the target and for what a delete removes.
const KEY_FIELDS: &[&str] = &["name", "id", "ssid", "type", "mac", "model", "site_id", "org_id"];
/// Most fields a plan lists one by one; past it the rest are counted by top-level field.
pub(crate) const MAX_LISTED: usize = 100;
/// Longest value a plan shows, in characters; a longer one is cut and marked.
pub(crate) const MAX_VALUE_CHARS: usize = 200;
/// What a cut value's text carries before its full length.
pub(crate) const CUT_MARK: &str = "… (cut: ";

/// The read tool whose answer is the object a write acts on: the GET of the write's path cut
/// after its last placeholder (`PUT /sites/{site_id}/wlans/{wlan_id}` → `getSiteWlan`;
/// `POST /sites/{site_id}/wlans` → the site itself).
pub(crate) fn object_reader<'a>(catalog: &'a Catalog, tool: &ToolDef) -> Option<&'a ToolDef> {
    let end = tool.path.rfind('}')? + 1;
    let path = &tool.path[..end];
    catalog.tools.iter().find(|t| t.path == path)
}

/// Whether the write acts on the object its path ends with (update, delete, an action on it)
/// rather than creating something inside it.
pub(crate) fn acts_on_object(tool: &ToolDef) -> bool {
    tool.method != mist_catalog::Method::Post || !tool.path.ends_with('s') || tool.path.ends_with('}')
}

/// `{name, id, ...}`: the identifying fields of an object.
fn identity(object: &Value) -> Value {
    let mut out = Map::new();
    for key in KEY_FIELDS {
        if let Some(value) = object.get(*key).filter(|v| !v.is_null()) {
            out.insert((*key).to_owned(), shown(value).0);
        }
    }
    Value::Object(out)
}

/// What the model is told to do with a plan.
pub(crate) fn ask(tool: &str, lifetime_s: u64) -> String {
    format!(
        "Nothing has been sent. Show this plan to the user and ask whether to go ahead. Only if \
         they agree, call {tool} again with exactly the same arguments plus confirmation_token; \
         the token works once, for {lifetime_s} seconds, for exactly this call. If they decline, \
         do nothing."
    )
}

/// Why a write cannot be planned for the user to confirm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLarge {
    /// Fields the write sets.
    pub(crate) fields: usize,
    /// Of them, those bearing on security.
    pub(crate) security: usize,
    /// Top-level fields of the others past the first [`MAX_LISTED`].
    pub(crate) groups: usize,
}

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "body: this write sets {} fields ({} bearing on security), more than a confirmation \
             can show the user (at most {MAX_LISTED} security fields, and the rest in at most \
             {MAX_LISTED} top-level fields); nothing was sent. Split it into smaller writes",
            self.fields, self.security
        )
    }
}

/// The plan of one write. `current` is the object read before (or why it could not be read);
/// `policy` says whether secret values are shown. Every field the write sets is in the plan:
/// one by one up to `MAX_LISTED` (those bearing on security first), then counted by
/// top-level field; a write too large even for that is refused ([`TooLarge`]).
pub fn plan(
    tool: &ToolDef,
    path: &str,
    body: Option<&Value>,
    current: Option<Result<Value, String>>,
    policy: SecretPolicy,
) -> Result<Value, TooLarge> {
    let mut plan = Map::new();
    plan.insert(
        "operation".into(),
        json!({"tool": tool.name, "method": tool.method, "path": path, "destructive": tool.destructive}),
    );
    let mut sets = None;
    match current {
        Some(Ok(object)) if acts_on_object(tool) => {
            plan.insert("target".into(), identity(&object));
            if tool.is_delete() {
                plan.insert(
                    "removes".into(),
                    json!({"object": identity(&object), "fields": object.as_object().map_or(0, Map::len)}),
                );
            } else if let Some(body) = body.filter(|_| tool.method == mist_catalog::Method::Put) {
                let (changed, unchanged) = diff::changes(&object, body);
                sets = Some(("changes", changed));
                plan.insert("unchanged_fields".into(), json!(unchanged));
            }
        }
        Some(Ok(scope)) => {
            plan.insert("creates_in".into(), identity(&scope));
        }
        Some(Err(why)) => {
            plan.insert("target_not_read".into(), json!(clip(&why).to_string()));
        }
        None => {}
    }
    if let Some(body) = body.filter(|_| sets.is_none()) {
        sets = Some(("sends", diff::sends(body)));
    }
    if let Some((key, entries)) = sets {
        let listed = Listed::of(entries, policy)?;
        plan.insert(format!("{key}_count"), json!(listed.total));
        plan.insert(key.into(), Value::Array(listed.one_by_one));
        if !listed.counted.is_empty() {
            plan.insert(format!("{key}_counted"), Value::Array(listed.counted));
        }
    }
    Ok(Value::Object(plan))
}

/// The entries of a plan: listed one by one, and the rest counted by top-level field.
struct Listed {
    total: usize,
    one_by_one: Vec<Value>,
    counted: Vec<Value>,
}

impl Listed {
    fn of(entries: Vec<Change>, policy: SecretPolicy) -> Result<Self, TooLarge> {
        let total = entries.len();
        let (security, others): (Vec<Change>, Vec<Change>) = entries.into_iter().partition(|c| c.security);
        let room = MAX_LISTED.saturating_sub(security.len());
        let mut counted: Vec<(String, usize)> = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::new();
        for change in others.iter().skip(room) {
            match index.get(change.top.as_str()) {
                Some(&i) => counted[i].1 += 1,
                None => {
                    index.insert(&change.top, counted.len());
                    counted.push((change.top.clone(), 1));
                }
            }
        }
        if security.len() > MAX_LISTED || counted.len() > MAX_LISTED {
            return Err(TooLarge {
                fields: total,
                security: security.len(),
                groups: counted.len(),
            });
        }
        let one_by_one = security
            .iter()
            .chain(others.iter().take(room))
            .map(|change| entry(change, policy))
            .collect();
        let counted = counted
            .into_iter()
            .map(|(field, fields)| json!({"field": field, "fields": fields}))
            .collect();
        Ok(Self {
            total,
            one_by_one,
            counted,
        })
    }
}

/// One change as the plan carries it: the field, its values as shown, and whether it bears on
/// security or had a value cut.
fn entry(change: &Change, policy: SecretPolicy) -> Value {
    let mut out = Map::new();
    out.insert("field".into(), json!(change.field));
    let mut clipped = false;
    let mut show = |value: &Value| {
        let mut value = value.clone();
        if policy == SecretPolicy::Withhold {
            match &mut value {
                Value::String(text) if change.secret && !text.is_empty() => {
                    *text = secrets::WITHHELD.to_owned();
                }
                other => secrets::withhold(other, &mut secrets::Withheld::default()),
            }
        }
        let (value, cut) = shown(&value);
        clipped |= cut;
        value
    };
    if let Some(before) = &change.before {
        out.insert("before".into(), show(before));
    }
    if let Some(after) = &change.after {
        out.insert("after".into(), show(after));
    }
    if change.security {
        out.insert("security".into(), json!(true));
    }
    if clipped {
        out.insert("clipped".into(), json!(true));
    }
    Value::Object(out)
}

/// A value as a plan shows it: whole when short, else its start marked with its full length
/// (a string's characters, or another value's JSON text) as a string ending in
/// [`CUT_MARK`]` N characters)`. The second value says whether it was cut.
fn shown(value: &Value) -> (Value, bool) {
    let text = match value {
        Value::String(text) => std::borrow::Cow::Borrowed(text.as_str()),
        other => std::borrow::Cow::Owned(other.to_string()),
    };
    match cut(&text, MAX_VALUE_CHARS) {
        Some(cut) => (json!(cut), true),
        None => (value.clone(), false),
    }
}

/// `text` cut after `chars` characters and marked with its full length ([`CUT_MARK`]); `None`
/// when it is that short already. The plan and its form cut alike, so the form knows a value
/// the plan cut.
pub(crate) fn cut(text: &str, chars: usize) -> Option<String> {
    let (end, _) = text.char_indices().nth(chars)?;
    Some(format!(
        "{}{CUT_MARK}{} characters)",
        &text[..end],
        text.chars().count()
    ))
}

/// A WLAN as it is and an update of it: forty harmless flags flipped, and its PSK auth
/// (with `passphrase`) made open, the change the plan must not hide.
#[cfg(test)]
pub(crate) fn forty_flags_and_an_open_network(passphrase: &str) -> (Value, Value) {
    let mut current = Map::new();
    let mut body = Map::new();
    for i in 0..40 {
        current.insert(format!("flag_{i}"), json!(false));
        body.insert(format!("flag_{i}"), json!(true));
    }
    current.insert("auth".into(), json!({"type": "psk", "psk": passphrase}));
    body.insert("auth".into(), json!({"type": "open"}));
    (Value::Object(current), Value::Object(body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::executor::test_support::tool;

    fn planned(name: &str, body: &Value, current: Value) -> Value {
        crate::writes::test_support::planned(name, "/p", Some(body), current)
    }

    #[test]
    fn an_update_lists_only_the_fields_that_change() {
        let current = json!({"id": "w1", "ssid": "guest", "enabled": true, "vlan_id": 10});
        let body = json!({"ssid": "visitors", "enabled": true});
        let p = planned("updateSiteWlan", &body, current);
        assert_eq!(p["target"], json!({"id": "w1", "ssid": "guest"}));
        assert_eq!(
            p["changes"],
            json!([{"field": "ssid", "before": "guest", "after": "visitors"}])
        );
        assert_eq!(p["unchanged_fields"], 1);
        assert_eq!(p["changes_count"], 1);
    }

    #[test]
    fn an_update_of_many_fields_lists_every_one_and_security_first() {
        let (current, body) = forty_flags_and_an_open_network("old-passphrase");
        let p = planned("updateSiteWlan", &body, current);
        let changes = p["changes"].as_array().unwrap();
        assert_eq!(changes.len(), 42, "{p}");
        assert_eq!(p["changes_count"], 42);
        assert_eq!(changes[0]["field"], "auth.type");
        assert_eq!(changes[0]["after"], "open");
        assert_eq!(changes[0]["security"], true);
        assert_eq!(changes[1]["field"], "auth.psk");
        assert_eq!(changes[1]["before"], secrets::WITHHELD);
        assert!(
            changes[1].get("after").is_none(),
            "left out of the auth sent: {p}"
        );
        assert!(!p.to_string().contains("old-passphrase"));
    }

    #[test]
    fn past_the_listed_fields_the_rest_are_counted_by_top_level_field() {
        let mut radio = Map::new();
        let mut before = Map::new();
        for i in 0..150 {
            radio.insert(format!("f{i}"), json!(i));
            before.insert(format!("f{i}"), json!(-1));
        }
        let current = json!({"radio_config": before, "vlan_id": 1});
        let body = json!({"radio_config": radio, "vlan_id": 2});
        let p = planned("updateSiteWlan", &body, current);
        assert_eq!(p["changes_count"], 151);
        assert_eq!(p["changes"].as_array().unwrap().len(), MAX_LISTED);
        assert_eq!(p["changes"][0]["field"], "vlan_id", "security first");
        assert_eq!(
            p["changes_counted"],
            json!([{"field": "radio_config", "fields": 51}])
        );
    }

    #[test]
    fn a_write_too_large_to_show_is_refused() {
        let mut body = Map::new();
        for i in 0..=MAX_LISTED {
            body.insert(format!("vlan_{i}"), json!(i));
        }
        let error = plan(
            tool("createSiteWlan"),
            "/p",
            Some(&Value::Object(body)),
            None,
            SecretPolicy::Withhold,
        )
        .unwrap_err();
        assert_eq!(error.security, MAX_LISTED + 1);
        assert!(
            error.to_string().contains("Split it into smaller writes"),
            "{error}"
        );
    }

    #[test]
    fn long_values_are_cut_on_their_own_and_marked() {
        let body = json!({"note": "x".repeat(5_000), "vlan_id": 666});
        let p = plan(
            tool("createSiteWlan"),
            "/p",
            Some(&body),
            None,
            SecretPolicy::Reveal,
        )
        .unwrap();
        let sends = p["sends"].as_array().unwrap();
        assert_eq!(sends[0]["field"], "vlan_id");
        assert_eq!(sends[0]["after"], 666);
        assert_eq!(sends[1]["clipped"], true);
        assert!(
            sends[1]["after"]
                .as_str()
                .unwrap()
                .ends_with("(cut: 5000 characters)")
        );
        assert!(p.to_string().len() < 1_000);
    }

    #[test]
    fn a_delete_names_what_it_removes_and_a_create_where_it_lands() {
        let wlan = json!({"id": "w1", "ssid": "guest", "name": "Guest"});
        let p = crate::writes::test_support::planned("deleteSiteWlan", "/p", None, wlan);
        assert_eq!(p["removes"]["object"]["name"], "Guest");
        let site = json!({"id": "s1", "name": "HQ"});
        let body = json!({"ssid": "new", "auth": {"type": "psk", "psk": "hunter22"}});
        let p = planned("createSiteWlan", &body, site);
        assert_eq!(p["creates_in"]["name"], "HQ");
        assert_eq!(p["sends"][0]["field"], "auth.type");
        assert_eq!(p["sends"][1]["after"], secrets::WITHHELD);
        assert_eq!(p["sends"][2], json!({"field": "ssid", "after": "new"}));
    }

    #[test]
    fn the_object_read_first_is_the_get_of_the_path_up_to_its_last_id() {
        let catalog = mist_catalog::catalog();
        let name = |t: &str| object_reader(catalog, tool(t)).map(|r| r.name.as_str());
        assert_eq!(name("updateSiteWlan"), Some("getSiteWlan"));
        assert_eq!(name("deleteSiteWlan"), Some("getSiteWlan"));
        assert_eq!(name("createSiteWlan"), Some("getSiteInfo"));
        assert!(acts_on_object(tool("restartSiteDevice")));
        assert!(!acts_on_object(tool("createSiteWlan")));
    }
}
