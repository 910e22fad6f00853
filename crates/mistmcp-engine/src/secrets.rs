//! Secrets in Mist records, withheld from the model unless the operator reveals them.
//!
//! Mist answers carry values that let whoever reads them act on the network: a device's claim
//! code (`magic`) claims it into another org, a WLAN's `psk` or `passphrase` joins it, a RADIUS
//! or webhook `secret` forges its traffic, API keys and passwords of integrations speak for the
//! org. A model's context is often sent to the model's provider, so these never reach it by
//! default: each string value of a secret field is replaced by [`WITHHELD`], and the answer
//! says which fields were withheld. `--reveal-secrets` gives them back.
//!
//! A field is a secret by its name ([`is_secret`]): the spec marks almost none (one `format:
//! password`), so the rule follows Mist's naming of the secret fields it has.

use serde_json::Value;
use std::collections::BTreeSet;

/// What a withheld value is replaced by.
pub(crate) const WITHHELD: &str = "(secret withheld)";

/// Most withheld field names one note lists.
const LISTED: usize = 12;

/// Names that are secrets whole. (`key` is not: Mist uses it for type keys, as in alarm
/// definitions.)
const EXACT: &[&str] = &[
    "magic",
    "psk",
    "passphrase",
    "password",
    "secret",
    "token",
    "apitoken",
    "private_key",
    "secretpsk",
];

/// Endings that make a name a secret (`auth_password`, `client_secret`, `mesh_psk`,
/// `api_key`, `verify_token`).
const ENDINGS: &[&str] = &[
    "_password",
    "_passphrase",
    "_secret",
    "_psk",
    "_key",
    "_token",
    "_apitoken",
];

/// Whether a field of this name holds a secret. Names that only mention one (`psk_name`,
/// `passphrase_enabled`, `ssh_keys` of public keys) are not secrets.
pub(crate) fn is_secret(name: &str) -> bool {
    // Asked of every string field of every answer: compared in place, nothing allocated.
    let ends_with = |end: &str| {
        name.len() >= end.len()
            && name
                .get(name.len() - end.len()..)
                .is_some_and(|tail| tail.eq_ignore_ascii_case(end))
    };
    EXACT.iter().any(|exact| name.eq_ignore_ascii_case(exact)) || ENDINGS.iter().any(|end| ends_with(end))
}

/// Whether answers withhold secrets (the default) or show them (`--reveal-secrets`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SecretPolicy {
    /// Each secret value is replaced by a mark, and the answer says which fields were withheld.
    #[default]
    Withhold,
    /// Secret values are shown as Mist gives them.
    Reveal,
}

/// The secret fields withheld from one answer, by name.
#[derive(Debug, Default)]
pub(crate) struct Withheld {
    names: BTreeSet<String>,
    values: usize,
}

impl Withheld {
    /// Whether nothing was withheld.
    pub(crate) fn is_empty(&self) -> bool {
        self.values == 0
    }

    /// The note an answer carries: which fields were withheld and how to get them.
    pub(crate) fn note(&self) -> Option<String> {
        if self.is_empty() {
            return None;
        }
        let mut names: Vec<&str> = self.names.iter().map(String::as_str).take(LISTED).collect();
        let more = self.names.len().saturating_sub(LISTED);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        names.sort_unstable();
        Some(format!(
            "secrets withheld: {} value(s) of {}{more} read \"{WITHHELD}\". The operator can show \
             them by starting the server with --reveal-secrets.",
            self.values,
            names.join(", ")
        ))
    }
}

/// Replaces the non-empty string value of every secret field in `value`, at any depth.
pub(crate) fn withhold(value: &mut Value, withheld: &mut Withheld) {
    match value {
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                match item {
                    Value::String(text) if !text.is_empty() && is_secret(key) => {
                        *item = Value::String(WITHHELD.to_owned());
                        withheld.values += 1;
                        if withheld.names.len() < 4 * LISTED && !withheld.names.contains(key.as_str()) {
                            withheld.names.insert(mist_client::echo::clip(key).to_string());
                        }
                    }
                    Value::Object(_) | Value::Array(_) => withhold(item, withheld),
                    _ => {}
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| withhold(item, withheld)),
        _ => {}
    }
}

/// Applies `policy` to an answer's data; the note to add, if any.
pub(crate) fn apply(policy: SecretPolicy, data: &mut Value) -> Option<String> {
    if policy == SecretPolicy::Reveal {
        return None;
    }
    let mut withheld = Withheld::default();
    withhold(data, &mut withheld);
    withheld.note()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secret_fields_are_known_by_name_and_mentions_are_not_secrets() {
        for name in [
            "magic",
            "psk",
            "PSK",
            "passphrase",
            "secret",
            "auth_password",
            "client_secret",
            "mesh_psk",
            "api_key",
            "verify_token",
            "org_apitoken",
        ] {
            assert!(is_secret(name), "{name}");
        }
        for name in [
            "psk_name",
            "psk_id",
            "passphrase_enabled",
            "ssh_keys",
            "keys",
            "key",
            "name",
            "magic_number_of_things",
            "org_apitoken_name",
        ] {
            assert!(!is_secret(name), "{name}");
        }
    }

    #[test]
    fn secrets_are_withheld_at_every_depth_and_named_in_the_note() {
        let mut data = json!([
            {"serial": "A1", "magic": "ABCD-1234", "mac": "5c5b35000001"},
            {"ssid": "guest", "auth": {"type": "psk", "psk": "hunter22"},
             "auth_servers": [{"host": "10.0.0.1", "secret": "radius-s3cret"}],
             "passphrase_enabled": true, "psk_name": "not a secret"}
        ]);
        let note = apply(SecretPolicy::Withhold, &mut data).unwrap();
        let text = data.to_string();
        for secret in ["ABCD-1234", "hunter22", "radius-s3cret"] {
            assert!(!text.contains(secret), "{text}");
        }
        assert_eq!(data[0]["magic"], WITHHELD);
        assert_eq!(data[1]["psk_name"], "not a secret");
        assert_eq!(data[1]["passphrase_enabled"], true);
        assert!(note.contains("3 value(s) of magic, psk, secret"), "{note}");
        assert!(note.contains("--reveal-secrets"), "{note}");
    }

    #[test]
    fn the_operator_can_reveal_secrets_and_empty_ones_are_left_as_they_are() {
        let mut data = json!({"psk": "hunter22", "secret": ""});
        assert_eq!(apply(SecretPolicy::Reveal, &mut data), None);
        assert_eq!(data["psk"], "hunter22");
        assert_eq!(
            apply(SecretPolicy::Withhold, &mut data).map(|n| n.contains("1 value")),
            Some(true)
        );
        assert_eq!(data["secret"], "");
    }
}
