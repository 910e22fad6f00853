//! The sections of a catalog file, each read without the rest.
//!
//! The generator writes one top-level key per line (` "tools": [`), every entry of a section on
//! a line of its own, in the model's order, with the writes after the reads. JSON text never
//! holds a raw line break inside a string, so a line that starts with ` "key": ` is always that
//! top-level key, never words of a description. Reading a section from where its key starts
//! leaves the others untouched: a server that never writes never parses, nor even pages in, the
//! write tools; settings that name categories read the first 3 % of the file alone.

use crate::category::Category;
use serde::Deserialize;

/// What a file holds under one key.
#[derive(Debug)]
pub(crate) enum Section<T> {
    /// The key is not in the file (the generator leaves out empty sections).
    Missing,
    Read(T),
    /// The key is there but its value is not what the model expects.
    Broken,
}

impl<T> Section<T> {
    /// The value, an empty one when the section is missing, `None` when it is broken.
    pub(crate) fn or_default(self) -> Option<T>
    where
        T: Default,
    {
        match self {
            Section::Missing => Some(T::default()),
            Section::Read(value) => Some(value),
            Section::Broken => None,
        }
    }

    /// The value of a section the file must have.
    pub(crate) fn required(self) -> Option<T> {
        match self {
            Section::Read(value) => Some(value),
            Section::Missing | Section::Broken => None,
        }
    }
}

/// Where the search for a key starts: sections near the end of the file are found from there, so
/// the pages before them are not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum From {
    Start,
    End,
}

/// The value of the top-level key `key`.
pub(crate) fn section<'a, T: Deserialize<'a>>(text: &'a str, key: &str, from: From) -> Section<T> {
    let needle = format!("\n \"{key}\": ");
    let found = match from {
        From::Start => text.find(&needle),
        From::End => text.rfind(&needle),
    };
    let Some(at) = found else {
        return Section::Missing;
    };
    let mut reader = serde_json::Deserializer::from_str(&text[at + needle.len()..]);
    match T::deserialize(&mut reader) {
        Ok(value) => Section::Read(value),
        Err(_) => Section::Broken,
    }
}

/// The categories of a catalog file, or `None` when the file does not have the generator's
/// layout (the caller then parses the whole file).
pub(crate) fn categories(text: &str) -> Option<Vec<Category>> {
    section(text, "categories", From::Start).required()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "{\n \"spec_version\": \"1\",\n \"categories\": [\n  {\"name\":\"orgs\",\"description\":\"d\",\"tools\":[\"getOrg\"]}\n ],\n \"tools\": [\n  {\"description\":\"x\\n \\\"shapes\\\": 3\"}\n ],\n \"shapes\": {\n  \"shapes\": \"a:string\"\n }\n}\n";

    #[test]
    fn the_categories_are_read_from_the_head_alone() {
        let found = categories(FILE).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "orgs");
        assert_eq!(found[0].tools, ["getOrg"]);
    }

    #[test]
    fn a_key_is_found_by_its_line_never_inside_an_entry() {
        let shapes: Section<std::collections::BTreeMap<String, String>> = section(FILE, "shapes", From::End);
        assert_eq!(shapes.required().unwrap()["shapes"], "a:string");
        let shapes: Section<std::collections::BTreeMap<String, String>> =
            section(FILE, "shapes", From::Start);
        assert_eq!(shapes.required().unwrap()["shapes"], "a:string");
    }

    #[test]
    fn a_missing_section_is_empty_and_a_broken_one_is_refused() {
        let verbs: Section<Vec<String>> = section(FILE, "write_verbs", From::Start);
        assert_eq!(verbs.or_default(), Some(Vec::new()));
        let wrong: Section<Vec<String>> = section(FILE, "spec_version", From::Start);
        assert!(matches!(wrong, Section::Broken));
        assert!(wrong.or_default().is_none());
    }

    #[test]
    fn every_section_of_the_embedded_file_reads_as_the_whole_file_parsed() {
        use serde_json::Value;
        let text = crate::CATALOG_JSON;
        let whole: Value = serde_json::from_str(text).unwrap();
        // Every key of the file, so a section added to the generator cannot be missed here.
        for key in whole.as_object().unwrap().keys() {
            let from = if key == "shapes" { From::End } else { From::Start };
            let read: Value = section(text, key, from).required().unwrap();
            assert_eq!(read, whole[key], "{key}");
        }
    }

    #[test]
    fn a_file_without_the_generator_layout_gives_none() {
        assert!(categories("{\"categories\": [], \"tools\": []}").is_none());
        assert!(categories("{\n \"categories\": [{\"name\": 3}],\n \"tools\": []\n}").is_none());
    }
}
