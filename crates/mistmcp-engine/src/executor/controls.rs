//! Arguments the server itself consumes, not Mist: `cursor` (search tools), `max_pages`
//! (search and `limit`/`page` list tools) and `fields` (every tool answering JSON; an
//! operation's own `fields` parameter is `mist_fields` in its tool, see
//! [`mist_catalog::Param::wire`]), and the schema properties that announce them.
//!
//! Their schemas are bare on purpose: they are repeated in every paginated tool's schema, and
//! the whole `tools/list` must stay small. The server's instructions explain them once.

use super::CallError;
use super::args::{self, ArgError, CheckedArgs};
use super::fields::Fields;
use mist_catalog::{Pagination, ResponseKind, ToolDef};
use mist_client::echo::clip_json;
use serde_json::{Map, Value, json};

pub(crate) const CURSOR: &str = "cursor";
pub(crate) const MAX_PAGES: &str = "max_pages";
pub(crate) const FIELDS: &str = "fields";

/// Most pages one call may fetch.
pub(crate) const MAX_PAGES_CAP: u32 = 10;

const SEARCH: &[&str] = &[CURSOR, MAX_PAGES, FIELDS];
const PAGED: &[&str] = &[MAX_PAGES, FIELDS];
const SINGLE: &[&str] = &[FIELDS];

/// The control arguments `tool` accepts.
pub fn names(tool: &ToolDef) -> &'static [&'static str] {
    let all = match tool.pagination {
        Pagination::Search => SEARCH,
        Pagination::Page => PAGED,
        Pagination::Count | Pagination::Limit | Pagination::None => SINGLE,
    };
    let narrowable = tool.response != ResponseKind::Text;
    if narrowable { all } else { &all[..all.len() - 1] }
}

/// Schema properties to add to `tool`'s input schema.
pub fn schema_properties(tool: &ToolDef) -> Vec<(&'static str, Value)> {
    names(tool)
        .iter()
        .map(|name| match *name {
            CURSOR => (
                CURSOR,
                json!({"type": "string", "description": "pagination.cursor"}),
            ),
            FIELDS => (
                FIELDS,
                json!({"type": "string", "description": "fields to keep, e.g. name,ip"}),
            ),
            _ => (
                MAX_PAGES,
                json!({"type": "integer", "minimum": 1, "maximum": MAX_PAGES_CAP}),
            ),
        })
        .collect()
}

/// The control arguments of one call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Controls {
    pub(crate) cursor: Option<String>,
    pub(crate) max_pages: u32,
    /// Fields to keep in each item (dot paths); empty keeps everything.
    pub(crate) fields: Fields,
}

impl Controls {
    /// Reads the control arguments from `args`; tools without them leave them to argument
    /// checking (which reports them as unknown).
    pub(crate) fn read(tool: &ToolDef, args: Option<&Map<String, Value>>) -> Result<Self, ArgError> {
        let accepted = names(tool);
        let get = |name: &str| {
            args.and_then(|a| a.get(name))
                .filter(|v| !v.is_null() && accepted.contains(&name))
        };
        let cursor = match get(CURSOR) {
            None => None,
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            Some(Value::String(_)) => None,
            Some(other) => {
                return Err(ArgError::Invalid {
                    name: CURSOR.into(),
                    expected: "the string from pagination.cursor".into(),
                    given: clip_json(other),
                });
            }
        };
        let max_pages = match get(MAX_PAGES) {
            None => 1,
            Some(v) => v
                .as_u64()
                .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
                .filter(|n| (1..=u64::from(MAX_PAGES_CAP)).contains(n))
                .map(|n| n as u32)
                .ok_or_else(|| ArgError::Invalid {
                    name: MAX_PAGES.into(),
                    expected: format!("between 1 and {MAX_PAGES_CAP}"),
                    given: clip_json(v),
                })?,
        };
        let fields = match get(FIELDS) {
            None => Fields::default(),
            Some(v) => Fields::parse(v).map_err(|e| ArgError::Invalid {
                name: FIELDS.into(),
                expected: e.expected(),
                given: clip_json(v),
            })?,
        };
        Ok(Self {
            cursor,
            max_pages,
            fields,
        })
    }
}

/// Checks every argument of one call to `tool`: the control arguments, then the tool's own.
/// A call that follows a cursor takes its request from the cursor, so it needs none of the
/// required ones. An argument another tool gives (an `org_id` from `getSelf`) is refused
/// with that tool named.
pub(crate) fn check_call(
    tool: &'static ToolDef,
    arguments: Option<&Map<String, Value>>,
) -> Result<(Controls, CheckedArgs), CallError> {
    let controls = Controls::read(tool, arguments)?;
    let require = controls.cursor.is_none();
    let checked = args::check_with(tool, arguments, names(tool), require).map_err(|e| {
        let source = tool.source_of(e.argument());
        CallError::arguments(e, source)
    })?;
    Ok((controls, checked))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::executor::test_support::{args, tool};

    #[test]
    fn search_tools_take_a_cursor_and_list_tools_only_max_pages() {
        assert_eq!(names(tool("searchOrgDevices")), &[CURSOR, MAX_PAGES, FIELDS]);
        assert_eq!(names(tool("listOrgWlans")), &[MAX_PAGES, FIELDS]);
        assert_eq!(names(tool("getOrg")), &[FIELDS]);
        assert_eq!(schema_properties(tool("searchOrgDevices")).len(), 3);
    }

    #[test]
    fn an_operation_with_its_own_fields_parameter_takes_ours_too_and_sends_its_own_as_mist_fields() {
        for name in [
            "listOrgDevicesStats",
            "getSiteDeviceStats",
            "getSiteSleImpactSummary",
        ] {
            assert!(names(tool(name)).contains(&FIELDS), "{name}");
            let own = tool(name)
                .param("mist_fields")
                .expect("Mist's own fields, renamed");
            assert_eq!(own.wire_name(), "fields");
        }
        assert!(names(tool("exportSiteDevices")).is_empty());
    }

    #[test]
    fn controls_are_read_and_bounded() {
        let t = tool("searchOrgDevices");
        let c = Controls::read(t, Some(&args(json!({"cursor": " abc ", "max_pages": "3"})))).unwrap();
        assert_eq!(
            c,
            Controls {
                cursor: Some("abc".into()),
                max_pages: 3,
                fields: Fields::default()
            }
        );
        assert_eq!(
            Controls::read(t, None).unwrap(),
            Controls {
                cursor: None,
                max_pages: 1,
                fields: Fields::default()
            }
        );
        let e = Controls::read(t, Some(&args(json!({"max_pages": 50})))).unwrap_err();
        assert!(e.to_string().contains("between 1 and 10"), "{e}");
        let e = Controls::read(t, Some(&args(json!({"cursor": 7})))).unwrap_err();
        assert!(e.to_string().contains("pagination.cursor"), "{e}");
    }

    #[test]
    fn tools_without_paging_ignore_control_names_here() {
        let c = Controls::read(tool("getOrg"), Some(&args(json!({"cursor": "x"})))).unwrap();
        assert_eq!(c, Controls::default_single());
    }

    impl Controls {
        fn default_single() -> Self {
            Self {
                cursor: None,
                max_pages: 1,
                fields: Fields::default(),
            }
        }
    }
}
