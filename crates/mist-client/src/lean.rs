//! Parsing a tool answer's body without its empty fields.
//!
//! Answers drop null, `""`, `[]` and `{}` fields at every depth (see [`strip_empty`]). Doing it
//! while parsing saves a second walk over the value and the rebuilding of each object's index
//! after fields are removed from it: on a 64 KB search answer that is a good part of the time a
//! call adds. The value is exactly the one parsing then stripping gives; a body whose objects
//! repeat a key (where the two could place a field differently) is parsed the long way.

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::borrow::Cow;
use std::fmt;

/// The key `serde_json` reads as an embedded raw JSON text (its `raw_value` feature).
const RAW_VALUE_KEY: &str = "$serde_json::private::RawValue";

/// Parses `body` as `serde_json::from_slice` does, with empty fields removed at every depth.
pub fn from_slice(body: &[u8]) -> serde_json::Result<Value> {
    let mut state = State::default();
    let parsed = {
        let mut de = serde_json::Deserializer::from_slice(body);
        Lean { state: &mut state }
            .deserialize(&mut de)
            .and_then(|value| de.end().map(|()| value))
    };
    if !state.long_way {
        return parsed;
    }
    // Also on an error: `serde_json` may have read the body differently (an embedded raw JSON
    // text is parsed as JSON), and its own error is the one to give.
    let mut value = serde_json::from_slice(body)?;
    strip_empty(&mut value);
    Ok(value)
}

/// Removes null, `""`, `[]` and `{}` fields from every object in `value`, deepest first, so an
/// object left empty by the removal goes too. List elements stay: their positions can matter.
pub fn strip_empty(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, field| {
                strip_empty(field);
                !is_empty(field)
            });
        }
        Value::Array(items) => items.iter_mut().for_each(strip_empty),
        _ => {}
    }
}

/// Whether a field holding `value` is dropped from an answer.
pub(crate) fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Bool(_) | Value::Number(_) => false,
    }
}

/// What one parse shares across its values; `'de` is the body's lifetime.
#[derive(Default)]
struct State<'de> {
    /// Set when the body must be parsed the long way to get the same value: an object names a
    /// key twice, or holds an embedded raw JSON text.
    long_way: bool,
    /// The fields kept of the objects being read, innermost last. An object's map is built
    /// from its part once the object ends, at its final size: grown field by field, an
    /// ordered map reallocates and rehashes its keys several times. One stack serves every
    /// object of the body, so the gathering itself allocates only as deep objects need.
    fields: Vec<(String, Value)>,
    /// The keys of the fields left out of the objects being read, innermost last, to notice
    /// one named again; borrowed from the body where they need no unescaping. A stack like
    /// `fields`, so a dropped field costs no allocation.
    dropped: Vec<Cow<'de, str>>,
}

/// Builds one value.
struct Lean<'a, 'de> {
    state: &'a mut State<'de>,
}

impl<'de> DeserializeSeed<'de> for Lean<'_, 'de> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Lean<'_, 'de> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(Lean {
            state: &mut *self.state,
        })? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let (start, dropped_start) = (self.state.fields.len(), self.state.dropped.len());
        let mut first = true;
        while let Some(key) = map.next_key_seed(Key)? {
            if std::mem::take(&mut first) && key == RAW_VALUE_KEY {
                // `serde_json` reads such an object as the JSON text its field holds.
                self.state.long_way = true;
            }
            let value = map.next_value_seed(Lean {
                state: &mut *self.state,
            })?;
            if is_empty(&value) {
                self.state.dropped.push(key);
            } else {
                self.state.fields.push((key.into_owned(), value));
            }
        }
        let kept = self.state.fields.len() - start;
        let mut out = Map::with_capacity(kept);
        for (key, value) in self.state.fields.drain(start..) {
            // A key named twice with values kept both times is replaced in place, as
            // `serde_json` does.
            out.insert(key, value);
        }
        if self
            .state
            .dropped
            .drain(dropped_start..)
            .any(|key| out.contains_key(key.as_ref()))
        {
            self.state.long_way = true;
        }
        Ok(Value::Object(out))
    }
}

/// An object's key, borrowed from the body when it has no escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Cow<'de, str>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The long way: parse, then strip.
    fn long_way(body: &str) -> Value {
        let mut value: Value = serde_json::from_str(body).unwrap();
        strip_empty(&mut value);
        value
    }

    /// Same value, same field order at every depth, same bytes.
    fn assert_same(body: &str) {
        let lean = from_slice(body.as_bytes()).unwrap();
        let long = long_way(body);
        assert_eq!(lean, long, "{body}");
        assert_eq!(
            serde_json::to_string(&lean).unwrap(),
            serde_json::to_string(&long).unwrap()
        );
    }

    #[test]
    fn empty_fields_go_at_every_depth_as_the_body_is_parsed() {
        let body = r#"{"name":"ap-1","notes":"","tags":[],"vars":{},"ip":null,
            "radio":{"band":null,"extra":{"x":""}},"series":[1,null,3,"",[],{}],"zero":0,"off":false,
            "items":[{"a":1,"b":null},{"c":""}]}"#;
        assert_eq!(
            from_slice(body.as_bytes()).unwrap(),
            json!({"name": "ap-1", "series": [1, null, 3, "", [], {}], "zero": 0, "off": false,
                   "items": [{"a": 1}, {}]})
        );
        assert_same(body);
    }

    #[test]
    fn a_large_device_search_parses_to_the_same_bytes_either_way() {
        let results: Vec<Value> = (0..300)
            .map(|i| {
                json!({
                    "mac": format!("5c5b35{i:06x}"), "name": format!("ap-{i}"), "notes": "",
                    "tags": if i % 3 == 0 { json!(["x"]) } else { json!([]) }, "vars": {},
                    "ip": if i % 2 == 0 { json!(null) } else { json!(format!("10.0.0.{i}")) },
                    "uptime": 86_400.5 + f64::from(i), "big": u64::MAX - i as u64, "neg": -i64::from(i),
                    "radio": {"band_24": {"util": i % 40, "noise": null}, "band_5": {"bad": ""}},
                    "escaped": "a\"b\\c\u{e9}\n", "series": [null, i, {"k": null}]
                })
            })
            .collect();
        let body = json!({"results": results, "total": 300, "next": "", "limit": 100}).to_string();
        assert!(body.len() > 64 * 1024);
        assert_same(&body);
    }

    #[test]
    fn a_key_named_twice_keeps_the_place_serde_json_gives_it() {
        // Empty first, then kept: the field stays where it first appeared.
        assert_same(r#"{"a":null,"b":2,"a":1}"#);
        // Kept first, then empty: the field goes.
        assert_same(r#"{"a":1,"b":2,"a":""}"#);
        // Kept twice: the last value, at the first place.
        assert_same(r#"{"a":1,"b":2,"a":3}"#);
        assert_same(r#"[{"x":{"a":[],"a":[1]}},{"a":null,"a":null}]"#);
    }

    #[test]
    fn scalars_empty_bodies_and_embedded_raw_values_match_serde_json() {
        for body in [
            "null", "\"\"", "[]", "{}", "12", "-1.5e3", "true", "\"text\"", "[null]",
        ] {
            assert_same(body);
        }
        assert_same(r#"{"$serde_json::private::RawValue":"{\"a\":null,\"b\":1}"}"#);
    }

    #[test]
    fn a_broken_body_with_an_embedded_raw_value_gets_serde_json_s_error() {
        // Found by the `answer_body` fuzz target: the one pass failed on the outer text, the
        // long way on the embedded one first.
        let body = r#"{"$serde_json::private::RawValue":"{$s":"x"}"#;
        let lean = from_slice(body.as_bytes()).unwrap_err().to_string();
        let long = serde_json::from_str::<Value>(body).unwrap_err().to_string();
        assert_eq!(lean, long);
    }

    #[test]
    fn escaped_keys_and_objects_within_objects_keep_their_fields_in_order() {
        assert_same(r#"{"caf\u00e9":1,"q\"k":"","o":{"x":{"y":1,"e":null},"z":[{"a":{}},{"b":2}]},"w":3}"#);
        assert_same(r#"[{"a":{"b":{"c":{"d":1,"e":""},"f":2},"g":3},"h":4},{"i":{}}]"#);
    }

    #[test]
    fn a_broken_body_is_refused_with_the_parser_s_own_error() {
        for body in [r#"{"a":1"#, r#"{"a":}"#, "[1,]", "{} x", ""] {
            let lean = from_slice(body.as_bytes()).unwrap_err().to_string();
            let long = serde_json::from_str::<Value>(body).unwrap_err().to_string();
            assert_eq!(lean, long, "{body}");
        }
    }
}
