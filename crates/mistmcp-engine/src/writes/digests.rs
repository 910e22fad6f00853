//! Digests that bind a confirmation to exactly one write: the body's, with key order ignored,
//! and the short form the audit trail shows.

use serde_json::Value;
use sha2::{Digest, Sha256};

/// SHA-256 of a JSON value with its object keys sorted, so key order never counts as a change.
pub(super) fn digest(value: &Value) -> [u8; 32] {
    fn canonical(value: &Value, out: &mut Vec<u8>) {
        match value {
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                out.push(b'{');
                for key in keys {
                    out.extend_from_slice(Value::String(key.clone()).to_string().as_bytes());
                    out.push(b':');
                    canonical(&map[key], out);
                    out.push(b',');
                }
                out.push(b'}');
            }
            Value::Array(list) => {
                out.push(b'[');
                for item in list {
                    canonical(item, out);
                    out.push(b',');
                }
                out.push(b']');
            }
            other => out.extend_from_slice(other.to_string().as_bytes()),
        }
    }
    let mut bytes = Vec::new();
    canonical(value, &mut bytes);
    Sha256::digest(&bytes).into()
}

/// The first 16 hex digits of a digest: enough to tell apart, too little to matter.
pub(super) fn short_hex(bytes: &[u8]) -> String {
    bytes.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_body_digest_ignores_key_order_but_not_values() {
        let a = json!({"ssid": "x", "vlan_id": 3, "auth": {"type": "psk", "psk": "k"}});
        let b = json!({"auth": {"psk": "k", "type": "psk"}, "vlan_id": 3, "ssid": "x"});
        let c = json!({"ssid": "x", "vlan_id": 4, "auth": {"type": "psk", "psk": "k"}});
        assert_eq!(digest(&a), digest(&b));
        assert_ne!(digest(&a), digest(&c));
    }
}
