//! The HTTP method of a catalog tool, typed: a read is a `GET`, a write one of the others.
//! Written in the catalog as Mist's upper-case word.

use serde::{Deserialize, Serialize};

/// The HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// A read.
    #[default]
    Get,
    /// A create, or an action.
    Post,
    /// A replace or an update.
    Put,
    /// A delete.
    Delete,
}

impl Method {
    /// The method's word, as HTTP writes it.
    pub fn as_str(&self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    /// The method named `word`, in any case; `None` for a method the catalog never holds.
    pub fn parse(word: &str) -> Option<Self> {
        match word.to_ascii_uppercase().as_str() {
            "GET" => Some(Method::Get),
            "POST" => Some(Method::Post),
            "PUT" => Some(Method::Put),
            "DELETE" => Some(Method::Delete),
            _ => None,
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_method_is_written_and_read_as_its_upper_case_word() {
        for method in [Method::Get, Method::Post, Method::Put, Method::Delete] {
            let text = serde_json::to_string(&method).unwrap();
            assert_eq!(text, format!("\"{}\"", method.as_str()));
            assert_eq!(serde_json::from_str::<Method>(&text).unwrap(), method);
            assert_eq!(Method::parse(&method.as_str().to_lowercase()), Some(method));
        }
        assert_eq!(Method::parse("PATCH"), None);
    }
}
