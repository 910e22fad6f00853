//! Quoting what a client sent back to it, bounded.
//!
//! Errors and logs name the value that was wrong (a tool, a category, an argument, a method),
//! but a client can send a megabyte where a name belongs. Every echo goes through [`clip`]: a
//! short value comes back whole, a long one as its first characters and its length, so an
//! error never outgrows the answer cap and a log line stays a line.

use std::fmt;

/// Values up to this many characters are echoed whole.
pub(crate) const ECHO_CHARS: usize = 64;

/// How many characters of a longer value are kept.
const PREFIX_CHARS: usize = 40;

/// `text` for display: whole when short, else a prefix, an ellipsis and the full length.
pub fn clip(text: &str) -> Clipped<'_> {
    Clipped(text)
}

/// `text` whole when it has at most `chars` characters, else its first `chars` characters, an
/// ellipsis and the full length: [`clip`] with a length of the caller's (a schema problem
/// quotes more than a name).
pub fn clip_at(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        None => text.to_owned(),
        Some((end, _)) => format!("{}… ({} characters)", &text[..end], text.chars().count()),
    }
}

/// The compact JSON text of `value`, clipped like [`clip`].
pub fn clip_json(value: &serde_json::Value) -> String {
    clip(&value.to_string()).to_string()
}

/// What kind of JSON value was sent, for messages that say what was expected instead.
pub fn kind_of(value: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// See [`clip`].
#[derive(Debug, Clone, Copy)]
pub struct Clipped<'a>(&'a str);

impl fmt::Display for Clipped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0;
        // Counting stops early: only whether the value is long matters.
        if text.chars().nth(ECHO_CHARS).is_none() {
            return f.write_str(text);
        }
        let cut = text
            .char_indices()
            .nth(PREFIX_CHARS)
            .map_or(text.len(), |(i, _)| i);
        write!(f, "{}… ({} characters)", &text[..cut], text.chars().count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_value_is_echoed_whole() {
        assert_eq!(clip("getOrg").to_string(), "getOrg");
        let exactly = "x".repeat(ECHO_CHARS);
        assert_eq!(clip(&exactly).to_string(), exactly);
    }

    #[test]
    fn a_long_value_keeps_a_prefix_and_says_its_length() {
        let long = "a".repeat(1 << 20);
        let shown = clip(&long).to_string();
        assert_eq!(
            shown,
            format!("{}… (1048576 characters)", "a".repeat(PREFIX_CHARS))
        );
    }

    #[test]
    fn multibyte_text_is_cut_on_a_character_boundary() {
        let long = "é".repeat(100);
        let shown = clip(&long).to_string();
        assert!(shown.starts_with(&"é".repeat(PREFIX_CHARS)), "{shown}");
        assert!(shown.ends_with("(100 characters)"), "{shown}");
    }

    #[test]
    fn json_values_are_clipped_by_their_text() {
        let v = serde_json::json!({"a": "b".repeat(500)});
        assert!(clip_json(&v).ends_with("(508 characters)"));
    }
}
