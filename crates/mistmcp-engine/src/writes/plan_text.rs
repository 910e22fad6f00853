//! A plan in the words a person reads in the confirmation form: the operation, its target by
//! name and id, then every field it sets, one line each, those bearing on security first, and
//! a count of any that the plan could only count.
//!
//! The plan's field names come quoted where odd (`diff::path_part`) and every value
//! is written as JSON text, so nothing the caller sent can start a line of its own or pass for
//! the form's own words. Each value is cut on its own. The whole message is bounded: past
//! [`MAX_MESSAGE`] bytes the values of fields not bearing on security give way to their names
//! alone, and the last line always says what the user is confirming.

use serde_json::Value;
use std::fmt::Write;

/// Longest form message, in bytes.
pub const MAX_MESSAGE: usize = 64 * 1024;
/// Longest value shown, in characters of JSON (a plan cuts values at
/// [`super::plan::MAX_VALUE_CHARS`] characters already; this bounds the rest).
const VALUE_CHARS: usize = 240;
/// Longest line of prose taken from elsewhere (why the target could not be read).
const PROSE_CHARS: usize = 300;

/// How much of each value a rendering shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Detail {
    /// Every value.
    Full,
    /// Values bearing on security; the others by name alone.
    Names,
}

/// The plan as the form's message, at most [`MAX_MESSAGE`] bytes.
pub fn message(plan: &Value) -> String {
    let full = render(plan, Detail::Full);
    if full.len() <= MAX_MESSAGE {
        return full;
    }
    let names = render(plan, Detail::Names);
    if names.len() <= MAX_MESSAGE {
        return names;
    }
    // A plan is bounded so that this does not happen; should it, the form still says so.
    let mut end = MAX_MESSAGE - 200;
    while !names.is_char_boundary(end) {
        end -= 1;
    }
    format!(
        "{}\n… this plan is longer than the form can show. Decline, and ask for smaller writes.",
        &names[..end]
    )
}

fn render(plan: &Value, detail: Detail) -> String {
    let op = &plan["operation"];
    let mut out = format!(
        "Confirm a write to Mist: {} ({} {})",
        prose(&op["tool"]),
        prose(&op["method"]),
        prose(&op["path"])
    );
    if op["destructive"] == true {
        out.push_str(" (destructive)");
    }
    out.push('.');
    if let Some(target) = plan.get("target") {
        let _ = write!(out, "\nTarget: {}.", identity(target));
    }
    if let Some(scope) = plan.get("creates_in") {
        let _ = write!(out, "\nCreates inside: {}.", identity(scope));
    }
    if let Some(removes) = plan.get("removes") {
        let _ = write!(
            out,
            "\nRemoves: {} and its {} fields, for good.",
            identity(&removes["object"]),
            removes["fields"]
        );
    }
    if let Some(why) = plan.get("target_not_read") {
        let _ = write!(
            out,
            "\nThe current object could not be read first: {}.",
            prose(why).trim_end_matches('.')
        );
    }
    for (key, verb) in [("changes", "changes"), ("sends", "sends")] {
        if let Some(entries) = plan.get(key).and_then(Value::as_array) {
            let counted = plan
                .get(format!("{key}_counted"))
                .and_then(Value::as_array)
                .map_or(&[][..], Vec::as_slice);
            let total = plan[format!("{key}_count")]
                .as_u64()
                .unwrap_or(entries.len() as u64);
            fields(&mut out, verb, total, entries, counted, detail);
        }
    }
    out.push_str("\nNothing is sent unless you confirm.");
    out
}

/// The lines of the fields a write sets: a count, then those bearing on security, the others,
/// and the counted rest.
fn fields(out: &mut String, verb: &str, total: u64, entries: &[Value], counted: &[Value], detail: Detail) {
    if total == 0 {
        out.push_str("\nChanges: none (every field already has the value sent).");
        return;
    }
    let security = entries.iter().filter(|e| e["security"] == true).count();
    let _ = write!(
        out,
        "\nThis write {verb} {total} field{} ({security} bearing on security)",
        if total == 1 { "" } else { "s" }
    );
    if counted.is_empty() {
        out.push_str(", each listed below.");
    } else {
        let _ = write!(
            out,
            ": {} listed below, the rest counted by top-level field.",
            entries.len()
        );
    }
    let update = verb == "changes";
    let heading = if update { "Changes" } else { "Sends" };
    let (first, rest): (Vec<&Value>, Vec<&Value>) = entries.iter().partition(|e| e["security"] == true);
    if !first.is_empty() {
        let _ = write!(out, "\n{heading} bearing on security:");
        for entry in &first {
            // Never reduced to a name: these are what the user must see.
            line(out, entry, update, true);
        }
    }
    if !rest.is_empty() {
        if first.is_empty() {
            let _ = write!(out, "\n{heading}:");
        } else {
            let _ = write!(out, "\nOther {}:", heading.to_lowercase());
        }
        for entry in rest {
            line(out, entry, update, detail == Detail::Full);
        }
    }
    for group in counted {
        let _ = write!(
            out,
            "\n- {}: {} more field{} (not listed one by one)",
            prose(&group["field"]),
            group["fields"],
            if group["fields"] == 1 { "" } else { "s" }
        );
    }
}

/// `- field: before → after` in an update, `- field: value` for what a create sends;
/// `with_values` off leaves the name alone.
fn line(out: &mut String, entry: &Value, update: bool, with_values: bool) {
    let _ = write!(out, "\n- {}", prose(&entry["field"]));
    if !with_values {
        out.push_str(" (value not shown: the plan is long)");
        return;
    }
    let after = entry
        .get("after")
        .map_or_else(|| "(left out of the body)".to_owned(), |v| value(v, VALUE_CHARS));
    match (update, entry.get("before")) {
        (false, _) => {
            let _ = write!(out, ": {after}");
        }
        (true, Some(before)) => {
            let _ = write!(out, ": {} → {after}", value(before, VALUE_CHARS));
        }
        (true, None) => {
            let _ = write!(out, ": (not set) → {after}");
        }
    }
}

/// `name "HQ", id "1234…"`: the identifying fields of an object.
fn identity(object: &Value) -> String {
    let Some(fields) = object.as_object().filter(|m| !m.is_empty()) else {
        return "(not identified)".into();
    };
    fields
        .iter()
        .map(|(k, v)| format!("{k} {}", value(v, VALUE_CHARS)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A value as JSON text, cut at `chars` characters with the full length said; a value the
/// plan cut already keeps the length it said.
fn value(value: &Value, chars: usize) -> String {
    let text = visible(&value.to_string());
    if value.as_str().is_some_and(|s| s.contains(super::plan::CUT_MARK)) {
        return text;
    }
    cut(&text, chars)
}

/// A string of prose on one line, cut at [`PROSE_CHARS`].
fn prose(value: &Value) -> String {
    let text = value.as_str().map_or_else(|| value.to_string(), str::to_owned);
    cut(&visible(&text), PROSE_CHARS)
}

/// `text` with every character that could break a line or reorder what is shown (controls,
/// line and paragraph separators, bidirectional overrides) written as an escape. JSON text
/// escapes controls already, but not the others.
pub(crate) fn visible(text: &str) -> String {
    let hidden = |c: char| {
        c.is_control()
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    };
    if !text.chars().any(hidden) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

fn cut(text: &str, chars: usize) -> String {
    super::plan::cut(text, chars).unwrap_or_else(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::writes::test_support::planned;
    use serde_json::{Map, json};

    fn update(current: Value, body: Value) -> String {
        message(&planned(
            "updateSiteWlan",
            "/api/v1/sites/s/wlans/w",
            Some(&body),
            current,
        ))
    }

    fn create(body: Value) -> String {
        let site = json!({"id": "s", "name": "HQ"});
        message(&planned(
            "createSiteWlan",
            "/api/v1/sites/s/wlans",
            Some(&body),
            site,
        ))
    }

    #[test]
    fn the_message_names_the_target_and_each_change_before_and_after() {
        let text = update(json!({"id": "w", "ssid": "guest"}), json!({"ssid": "visitors"}));
        assert!(
            text.contains("updateSiteWlan (PUT /api/v1/sites/s/wlans/w)"),
            "{text}"
        );
        assert!(text.contains("Target: id \"w\", ssid \"guest\"."), "{text}");
        assert!(text.contains("- ssid: \"guest\" → \"visitors\""), "{text}");
        assert!(text.ends_with("Nothing is sent unless you confirm."), "{text}");
    }

    #[test]
    fn forty_harmless_changes_cannot_hide_an_open_network() {
        let (current, body) = crate::writes::plan::forty_flags_and_an_open_network("s3cret-pass");
        let text = update(current, body);
        let security = text.find("bearing on security:").unwrap();
        assert!(
            text[security..].starts_with("bearing on security:\n- auth.type: \"psk\" → \"open\""),
            "{text}"
        );
        assert!(
            text.contains("This write changes 42 fields (2 bearing on security), each listed below."),
            "{text}"
        );
        for i in 0..40 {
            assert!(
                text.contains(&format!("- flag_{i}: false → true")),
                "flag_{i}: {text}"
            );
        }
        assert!(!text.contains("s3cret-pass"));
    }

    #[test]
    fn a_key_with_newlines_cannot_forge_a_line_of_the_form() {
        let body = json!({"x\nChanges: none (every field already has the value sent).\nNothing is sent unless you confirm.": 1,
                          "auth": {"type": "open"}});
        let text = update(json!({"auth": {"type": "psk"}}), body);
        let lines: Vec<&str> = text.lines().collect();
        assert!(!lines.iter().any(|l| l.starts_with("Changes: none")), "{text}");
        assert_eq!(
            lines.iter().filter(|l| l.starts_with("Nothing is sent")).count(),
            1,
            "{text}"
        );
        assert!(text.contains("- auth.type: \"psk\" → \"open\""), "{text}");
        let rtl = update(json!({}), json!({"name\u{202e}": "a\u{2028}b"}));
        assert!(!rtl.contains('\u{202e}') && !rtl.contains('\u{2028}'), "{rtl}");
    }

    #[test]
    fn a_huge_key_makes_a_short_line() {
        let body = json!({"k".repeat(100_000): 1});
        let text = update(json!({}), body);
        assert!(text.len() < 1_000, "{} bytes", text.len());
        assert!(text.contains("(100000 characters)"), "{text}");
    }

    #[test]
    fn a_long_value_in_a_create_never_hides_the_field_after_it() {
        let list: Vec<String> = (0..500).map(|i| format!("host-{i}.example.com")).collect();
        let text = create(json!({"ssid": "x", "portal_allowed_hostnames": list, "vlan_id": 666}));
        assert!(text.contains("- vlan_id: 666"), "{text}");
        assert!(text.contains("- ssid: \"x\""), "{text}");
        assert!(text.contains("(cut: "), "{text}");
    }

    #[test]
    fn a_long_plan_keeps_every_name_and_stays_under_the_bound() {
        let mut body = Map::new();
        let mut current = Map::new();
        for i in 0..90 {
            body.insert(format!("note_{i}"), json!("y".repeat(2_000)));
            current.insert(format!("note_{i}"), json!("z".repeat(2_000)));
        }
        for i in 0..10 {
            body.insert(format!("vlan_{i}"), json!("v".repeat(2_000)));
        }
        let text = update(Value::Object(current), Value::Object(body));
        assert!(text.len() <= MAX_MESSAGE, "{} bytes", text.len());
        for i in 0..90 {
            assert!(text.contains(&format!("- note_{i}")), "note_{i}");
        }
        for i in 0..10 {
            assert!(
                text.contains(&format!("- vlan_{i}: (not set) → \"vvv")),
                "vlan_{i}: {text}"
            );
            assert!(text.contains("(cut: 2000 characters)"), "{text}");
        }
    }

    #[test]
    fn a_delete_says_what_it_removes_for_good() {
        let wlan = json!({"id": "w", "name": "Guest"});
        let text = message(&planned("deleteSiteWlan", "/p", None, wlan));
        assert!(text.contains("(destructive)"), "{text}");
        assert!(
            text.contains("Removes: name \"Guest\", id \"w\" and its 2 fields"),
            "{text}"
        );
    }
}
