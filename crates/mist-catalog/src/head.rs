//! The head of a catalog file, read without the rest.
//!
//! The generator writes the file's keys in the model's order (`spec_version`, `categories`,
//! `tools`, ...), so the categories sit in its first lines. Reading one value from where its key
//! starts leaves the 800 KB of tools after it untouched: neither parsed nor even paged in.

use crate::model::Category;
use serde::Deserialize;

/// The categories of a catalog file, or `None` when the file does not have the generator's
/// layout (the caller then parses the whole file).
pub(crate) fn categories(text: &str) -> Option<Vec<Category>> {
    value_of(text, "categories")
}

/// The value of the top-level key `key`, when it comes before the tools. A key is found by its
/// line: JSON text never holds a raw line break inside a string, so a line that starts with
/// ` "key": ` is the generator's own layout, never words of a description.
fn value_of<'a, T: Deserialize<'a>>(text: &'a str, key: &str) -> Option<T> {
    let needle = format!("\n \"{key}\": ");
    let tools = text.find("\n \"tools\": ")?;
    let at = text[..tools].find(&needle)? + needle.len();
    let mut reader = serde_json::Deserializer::from_str(&text[at..]);
    T::deserialize(&mut reader).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "{\n \"spec_version\": \"1\",\n \"categories\": [\n  {\"name\":\"orgs\",\"description\":\"d\",\"tools\":[\"getOrg\"]}\n ],\n \"tools\": [\n  {\"categories\": 1}\n ]\n}\n";

    #[test]
    fn the_categories_are_read_from_the_head_alone() {
        let found = categories(FILE).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "orgs");
        assert_eq!(found[0].tools, ["getOrg"]);
    }

    #[test]
    fn a_file_without_the_generator_layout_gives_none() {
        assert!(categories("{\"categories\": [], \"tools\": []}").is_none());
        assert!(categories("{\n \"tools\": [],\n \"categories\": []\n}").is_none());
        assert!(categories("{\n \"categories\": [{\"name\": 3}],\n \"tools\": []\n}").is_none());
    }
}
