//! What a query is (a MAC, an IP address, a serial or a name), and the compact rows of the
//! sites, devices and clients it matched.
//!
//! Mist's search answers give several fields as lists (`hostname`, `ip`, `ssid` of clients,
//! the device search's `hostname`) next to `last_*` singles; a row keeps one value of each,
//! the latest when Mist says which.

use serde_json::{Map, Value, json};
use std::net::IpAddr;

/// What the query looks like, which decides where it is searched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Query {
    /// Twelve hex digits, separators dropped, lower case.
    Mac(String),
    Ip(String),
    /// A name; `serial` when it could also be a serial number (letters and digits only).
    Name {
        text: String,
        serial: bool,
    },
}

impl Query {
    pub(super) fn classify(text: &str) -> Self {
        let text = text.trim();
        let hex: String = text.chars().filter(|c| !matches!(c, ':' | '-' | '.')).collect();
        if hex.len() == 12 && hex.chars().all(|c| c.is_ascii_hexdigit()) && text.len() <= 17 {
            return Query::Mac(hex.to_ascii_lowercase());
        }
        if text.parse::<IpAddr>().is_ok() {
            return Query::Ip(text.to_owned());
        }
        let serial = (6..=24).contains(&text.len())
            && text.chars().all(|c| c.is_ascii_alphanumeric())
            && text.chars().any(|c| c.is_ascii_digit())
            && text.chars().any(|c| c.is_ascii_alphabetic());
        Query::Name {
            text: text.to_owned(),
            serial,
        }
    }

    /// `mac`, `ip`, `serial or name` or `name`.
    pub(super) fn kind(&self) -> &'static str {
        match self {
            Query::Mac(_) => "mac",
            Query::Ip(_) => "ip",
            Query::Name { serial: true, .. } => "serial or name",
            Query::Name { serial: false, .. } => "name",
        }
    }
}

/// The first non-empty text among `keys` of `item`: a string, or the first string of a list.
pub(super) fn text(item: &Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|key| match item.get(*key)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .find(|s| !s.is_empty())
            .map(str::to_owned),
        _ => None,
    })
}

/// A row of `(name, value)` pairs, the absent ones left out.
fn row(pairs: Vec<(&str, Option<Value>)>) -> Value {
    let map: Map<String, Value> = pairs
        .into_iter()
        .filter_map(|(k, v)| Some((k.to_owned(), v?)))
        .collect();
    Value::Object(map)
}

fn some_text(item: &Value, keys: &[&str]) -> Option<Value> {
    text(item, keys).map(Value::String)
}

/// A device of the device search or the inventory.
pub(super) fn device(item: &Value, source: &str) -> Value {
    row(vec![
        ("mac", some_text(item, &["mac"])),
        ("name", some_text(item, &["name", "last_hostname", "hostname"])),
        ("type", some_text(item, &["type"])),
        ("model", some_text(item, &["model"])),
        ("serial", some_text(item, &["serial"])),
        ("ip", some_text(item, &["ip", "ext_ip"])),
        ("site_id", some_text(item, &["site_id"])),
        ("found_in", Some(json!(source))),
    ])
}

/// A wireless client of the client search.
pub(super) fn wireless_client(item: &Value) -> Value {
    row(vec![
        ("mac", some_text(item, &["mac"])),
        ("kind", Some(json!("wireless"))),
        ("hostname", some_text(item, &["last_hostname", "hostname"])),
        ("ip", some_text(item, &["last_ip", "ip"])),
        ("username", some_text(item, &["last_username", "username"])),
        ("ssid", some_text(item, &["last_ssid", "ssid"])),
        ("ap", some_text(item, &["last_ap", "ap"])),
        ("site_id", some_text(item, &["site_id", "site_ids"])),
        ("last_seen", item.get("timestamp").cloned()),
    ])
}

/// A wired client of the wired client search.
pub(super) fn wired_client(item: &Value) -> Value {
    row(vec![
        ("mac", some_text(item, &["mac"])),
        ("kind", Some(json!("wired"))),
        ("hostname", some_text(item, &["dhcp_hostname", "hostname"])),
        ("ip", some_text(item, &["ip"])),
        ("switch", some_text(item, &["device_mac"])),
        ("port", some_text(item, &["port_id"])),
        ("site_id", some_text(item, &["site_id"])),
        ("last_seen", item.get("timestamp").cloned()),
    ])
}

/// Whether a site name matches the query: its parts between `*` appear in the name in their
/// order (a query without `*` is one part of the name); case is ignored.
pub(super) fn name_matches(name: &str, query: &str) -> bool {
    let name = name.to_lowercase();
    let mut rest = name.as_str();
    for part in query.to_lowercase().split('*').filter(|p| !p.is_empty()) {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_told_apart_by_their_shape() {
        assert_eq!(
            Query::classify("5C:5B:35:14:0E:AC"),
            Query::Mac("5c5b35140eac".into())
        );
        assert_eq!(
            Query::classify("5c5b.3514.0eac"),
            Query::Mac("5c5b35140eac".into())
        );
        assert_eq!(Query::classify(" 10.1.30.2 "), Query::Ip("10.1.30.2".into()));
        assert_eq!(Query::classify("AB07BA9B42B").kind(), "serial or name");
        assert_eq!(Query::classify("Paris-HQ").kind(), "name");
        assert_eq!(Query::classify("deadbeefcafe1").kind(), "serial or name");
    }

    #[test]
    fn list_valued_search_fields_give_their_first_value_and_last_fields_win() {
        let client = json!({"mac": "m1", "hostname": ["old", "new"], "last_hostname": "latest",
                            "ip": ["10.0.0.9"], "ssid": [], "site_ids": ["s1"]});
        let row = wireless_client(&client);
        assert_eq!(row["hostname"], "latest");
        assert_eq!(row["ip"], "10.0.0.9");
        assert_eq!(row["site_id"], "s1");
        assert!(row.get("ssid").is_none());
        let device = device(&json!({"mac": "d1", "hostname": ["ap-1"]}), "search");
        assert_eq!(device["name"], "ap-1");
    }

    #[test]
    fn site_names_match_by_part_or_wildcard_ignoring_case() {
        assert!(name_matches("Paris-HQ", "paris"));
        assert!(name_matches("Paris-HQ", "p*hq"));
        assert!(name_matches("Paris-HQ", "*"));
        assert!(!name_matches("Paris-HQ", "hq*paris"));
        assert!(!name_matches("Paris-HQ", "london"));
    }
}
