//! What a write changes, field by field: the leaves of an update's body that differ from the
//! object as it is, or the leaves a create sends.
//!
//! A plan lists these for the user, so none may hide inside another: nested objects are
//! followed down to their leaves (`auth.type`, not one clipped `auth`), a key that could be
//! mistaken for plan text is quoted, and each field says whether it bears on security, so
//! that a plan too large to show whole still names every such field.

use crate::secrets;
use serde_json::{Map, Value};
use std::fmt::Write;

/// Deepest nesting followed; a deeper object is compared as one value.
const MAX_DEPTH: usize = 4;

/// Words that make a field bear on security: who gets on the network and how, which traffic
/// is allowed, who administers, and whether a thing is on at all.
const SECURITY_WORDS: &[&str] = &[
    "auth",
    "psk",
    "passphrase",
    "password",
    "secret",
    "key",
    "token",
    "radius",
    "vlan",
    "acl",
    "admin",
    "privilege",
    "role",
    "enabled",
    "disabled",
    "enable",
    "isolation",
    "portal",
    "security",
    "encrypt",
    "cert",
    "firewall",
    "policy",
    "policies",
    "allow",
    "block",
    "deny",
    "wpa",
    "dot1x",
    "mab",
    "guest",
];

/// One field a write sets.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Change {
    /// Dot path from the body's root; odd keys are quoted ([`path_part`]).
    pub(crate) field: String,
    /// Its value now; `None` when the object does not have it (and for a create).
    pub(crate) before: Option<Value>,
    /// Its value after; `None` when the body leaves it out of an object it sends.
    pub(crate) after: Option<Value>,
    /// Whether it bears on security ([`bears_on_security`]).
    pub(crate) security: bool,
    /// Whether its value is a secret ([`crate::secrets::is_secret`]).
    pub(crate) secret: bool,
    /// Its top-level field, as [`path_part`] writes it: what a summary counts by.
    pub(crate) top: String,
}

/// The fields of `body` whose values differ from `current`'s, down to the leaves, and how many
/// fields are unchanged. Inside a nested object the body sends, a field the object has and the
/// body leaves out is listed too (`after: None`): the object as sent no longer says it.
pub(crate) fn changes(current: &Value, body: &Value) -> (Vec<Change>, usize) {
    let mut out = Vec::new();
    let mut unchanged = 0;
    if let (Some(now), Some(sent)) = (current.as_object(), body.as_object()) {
        diff(now, sent, At::ROOT, &mut out, &mut unchanged);
    }
    (out, unchanged)
}

/// The leaves a create (or a write whose target could not be read) sends.
pub(crate) fn sends(body: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    match body.as_object() {
        Some(fields) => leaves(fields, At::ROOT, &mut out),
        None => out.push(Change {
            field: "(body)".into(),
            before: None,
            after: Some(body.clone()),
            security: false,
            secret: false,
            top: "(body)".into(),
        }),
    }
    out
}

/// Where a recursion stands: the path so far, its top-level part, the depth, and whether a
/// field above bears on security (then every field below does).
#[derive(Clone, Copy)]
struct At<'a> {
    prefix: &'a str,
    top: &'a str,
    depth: usize,
    security: bool,
}

impl<'a> At<'a> {
    const ROOT: At<'static> = At {
        prefix: "",
        top: "",
        depth: 0,
        security: false,
    };

    /// The change of `key` here.
    fn change(&self, key: &str, before: Option<Value>, after: Option<Value>) -> Change {
        let field = join(self.prefix, key);
        Change {
            top: if self.depth == 0 {
                field.clone()
            } else {
                self.top.to_owned()
            },
            field,
            before,
            after,
            security: self.security || bears_on_security(key),
            secret: secrets::is_secret(key),
        }
    }

    /// One level down, into `key` whose path is `field`.
    fn inside<'b>(&self, key: &str, field: &'b str) -> At<'b>
    where
        'a: 'b,
    {
        At {
            prefix: field,
            top: if self.depth == 0 { field } else { self.top },
            depth: self.depth + 1,
            security: self.security || bears_on_security(key),
        }
    }
}

fn diff(
    now: &Map<String, Value>,
    sent: &Map<String, Value>,
    at: At<'_>,
    out: &mut Vec<Change>,
    unchanged: &mut usize,
) {
    for (key, after) in sent {
        match (now.get(key), after) {
            (Some(before), after) if before == after => *unchanged += 1,
            (Some(Value::Object(before)), Value::Object(after)) if at.depth + 1 < MAX_DEPTH => {
                let field = join(at.prefix, key);
                let inner = at.inside(key, &field);
                diff(before, after, inner, out, unchanged);
                for (gone, value) in before.iter().filter(|(k, _)| !after.contains_key(*k)) {
                    out.push(inner.change(gone, Some(value.clone()), None));
                }
            }
            (before, after) => out.push(at.change(key, before.cloned(), Some(after.clone()))),
        }
    }
}

fn leaves(fields: &Map<String, Value>, at: At<'_>, out: &mut Vec<Change>) {
    for (key, value) in fields {
        match value {
            Value::Object(inner) if !inner.is_empty() && at.depth + 1 < MAX_DEPTH => {
                let field = join(at.prefix, key);
                leaves(inner, at.inside(key, &field), out);
            }
            _ => out.push(at.change(key, None, Some(value.clone()))),
        }
    }
}

/// Whether a field of this name bears on security (see `SECURITY_WORDS`); `vlan_id`,
/// `auth_servers`, `acl_policies` and `enabled` all do.
pub(crate) fn bears_on_security(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| SECURITY_WORDS.contains(&word))
        || SECURITY_WORDS.iter().any(|w| w.len() > 4 && key.contains(w))
}

fn join(prefix: &str, key: &str) -> String {
    let part = path_part(key);
    if prefix.is_empty() {
        part
    } else {
        format!("{prefix}.{part}")
    }
}

/// Longest key shown whole; a longer one is quoted and cut, with its length.
const MAX_KEY_CHARS: usize = 64;
/// Longest quoted key, escapes included.
const MAX_QUOTED_CHARS: usize = 100;

/// A key as a part of a dot path: as it is when it is plainly a name, else as a JSON string
/// (so a newline, a dot or an arrow in a key cannot pass for plan text), cut when long.
pub(crate) fn path_part(key: &str) -> String {
    let plain = !key.is_empty()
        && key.len() <= MAX_KEY_CHARS
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '/' | ':' | '@'));
    if plain {
        return key.to_owned();
    }
    // JSON quoting escapes the control characters below U+0020; what it leaves (DEL,
    // separators, direction marks) is escaped as the form would show it, so the plan and the
    // form name a field alike.
    let quoted = |text: String| super::plan_text::visible(&Value::String(text).to_string());
    let whole = quoted(key.to_owned());
    if whole.chars().count() <= MAX_QUOTED_CHARS {
        return whole;
    }
    // Escapes can make a short key long (a NUL is six characters): the cut is made on what is
    // shown, so the plan and the form (which cuts at its own length) agree on every name.
    let chars = key.chars().count();
    let suffix = format!("…\" ({chars} characters)");
    let mut take = chars.min(MAX_KEY_CHARS);
    loop {
        let mut out = quoted(key.chars().take(take).collect());
        out.pop();
        if take == 0 || out.chars().count() + suffix.chars().count() <= MAX_QUOTED_CHARS {
            let _ = write!(out, "{suffix}");
            return out;
        }
        take -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(changes: &[Change]) -> Vec<&str> {
        changes.iter().map(|c| c.field.as_str()).collect()
    }

    #[test]
    fn an_update_is_compared_down_to_the_leaves() {
        let current = json!({"ssid": "corp", "vlan_id": 10, "auth": {"type": "psk", "psk": "k", "pairwise": ["wpa2-ccmp"]}});
        let body = json!({"ssid": "corp", "vlan_id": 666, "auth": {"type": "open"}});
        let (changes, unchanged) = changes(&current, &body);
        assert_eq!(
            fields(&changes),
            ["vlan_id", "auth.type", "auth.psk", "auth.pairwise"]
        );
        assert_eq!(unchanged, 1);
        assert_eq!(changes[1].before, Some(json!("psk")));
        assert_eq!(changes[1].after, Some(json!("open")));
        assert_eq!(changes[2].after, None, "left out of the object sent");
        assert!(changes.iter().all(|c| c.security), "{changes:?}");
    }

    #[test]
    fn a_field_the_object_lacks_has_no_before() {
        let (changes, _) = changes(&json!({"name": "a"}), &json!({"note": "x"}));
        assert_eq!(changes[0].before, None);
        assert!(!changes[0].security);
    }

    #[test]
    fn a_create_sends_each_leaf() {
        let body = json!({"ssid": "new", "auth": {"type": "psk", "psk": "secret-pass"}, "vlan_id": 3, "apply_to": "site"});
        assert_eq!(
            fields(&sends(&body)),
            ["ssid", "auth.type", "auth.psk", "vlan_id", "apply_to"]
        );
        assert_eq!(fields(&sends(&json!([1, 2]))), ["(body)"]);
    }

    #[test]
    fn security_fields_are_known_by_their_words() {
        for key in [
            "vlan_id",
            "auth",
            "auth_servers",
            "acl_policies",
            "enabled",
            "psk",
            "isolation",
            "portal_allowed_hostnames",
            "dynamic_vlan",
        ] {
            assert!(bears_on_security(key), "{key}");
        }
        for key in ["ssid", "name", "band_steer", "notes", "roam_mode"] {
            assert!(!bears_on_security(key), "{key}");
        }
    }

    #[test]
    fn odd_keys_are_quoted_and_long_ones_cut() {
        assert_eq!(path_part("vlan_id"), "vlan_id");
        assert_eq!(path_part("a\nChanges: none"), "\"a\\nChanges: none\"");
        assert_eq!(path_part("ge-0/0/5.130"), "\"ge-0/0/5.130\"");
        assert_eq!(path_part("a\u{7f}b"), "\"a\\u{7f}b\"");
        let long = path_part(&"k".repeat(100_000));
        assert!(
            long.len() < 100 && long.ends_with("(100000 characters)"),
            "{long}"
        );
    }
}
