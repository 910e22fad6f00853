//! Building the request line of a Mist call from a tool's path template and checked arguments.

use super::args::CheckedArgs;
use super::path_guard::{self, PathMismatch};
use mist_catalog::ToolDef;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::fmt;

/// Everything but RFC 3986 unreserved characters is encoded in a path segment, so a value can
/// never add a `/`, `?` or `..` segment to the path.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Longest path and query sent to Mist. Common front ends refuse request lines past 8 KB; a
/// longer one is refused here as an argument error, before anything is sent.
pub(crate) const MAX_PATH_AND_QUERY: usize = 8000;

/// Why a request could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildError {
    /// The arguments make a request line longer than Mist accepts.
    TooLong {
        /// The length the request line would have, in bytes.
        len: usize,
    },
    /// The built path is not the template filled in (a defect, never sent).
    Mismatch(PathMismatch),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::TooLong { len } => write!(
                f,
                "the arguments make a request of {len} characters; Mist accepts at most {MAX_PATH_AND_QUERY}: shorten the longest lists or filters"
            ),
            BuildError::Mismatch(m) => m.fmt(f),
        }
    }
}

impl std::error::Error for BuildError {}

/// The request line of a call: [`path_and_query`], checked against the operation's template
/// (see `path_guard::verify`) and its length limit.
pub fn build(tool: &ToolDef, args: &CheckedArgs) -> Result<String, BuildError> {
    let built = path_and_query(tool, args);
    if built.len() > MAX_PATH_AND_QUERY {
        return Err(BuildError::TooLong { len: built.len() });
    }
    path_guard::verify(&tool.path, &built).map_err(BuildError::Mismatch)?;
    Ok(built)
}

/// `/api/v1/orgs/{org_id}/devices/search` + args → `/api/v1/orgs/<id>/devices/search?limit=10`.
pub fn path_and_query(tool: &ToolDef, args: &CheckedArgs) -> String {
    let mut path = String::with_capacity(tool.path.len() + 64);
    let mut rest = tool.path.as_str();
    while let Some(open) = rest.find('{') {
        path.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + close];
        let value = args
            .path
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("");
        let encoded = utf8_percent_encode(value, SEGMENT).to_string();
        // `.` and `..` are unreserved but would walk the path; encode them.
        match encoded.as_str() {
            "." => path.push_str("%2E"),
            ".." => path.push_str("%2E%2E"),
            _ => path.push_str(&encoded),
        }
        rest = &rest[open + close + 1..];
    }
    path.push_str(rest);
    if !args.query.is_empty() {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in &args.query {
            query.append_pair(name, value);
        }
        path.push('?');
        path.push_str(&query.finish());
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::executor::test_support::tool;

    #[test]
    fn path_values_are_encoded_so_they_cannot_change_the_path() {
        let args = CheckedArgs {
            path: vec![("site_id", "a/../b?c".into())],
            query: vec![],
        };
        let built = path_and_query(tool("getSiteInfo"), &args);
        assert_eq!(built, "/api/v1/sites/a%2F..%2Fb%3Fc");
        let args = CheckedArgs {
            path: vec![("site_id", "..".into())],
            query: vec![],
        };
        assert_eq!(path_and_query(tool("getSiteInfo"), &args), "/api/v1/sites/%2E%2E");
    }

    #[test]
    fn a_dot_value_that_reaches_the_builder_is_refused_by_the_template_check() {
        let args = CheckedArgs {
            path: vec![("org_id", "o1".into()), ("guest_mac", "..".into())],
            query: vec![],
        };
        let e = build(tool("getOrgGuestAuthorization"), &args).unwrap_err();
        assert!(matches!(e, BuildError::Mismatch(_)), "{e:?}");
        assert!(e.to_string().contains("nothing was sent"), "{e}");
    }

    #[test]
    fn a_request_line_past_the_limit_is_an_argument_error() {
        let args = CheckedArgs {
            path: vec![("org_id", "o1".into())],
            query: vec![("hostname", "h".repeat(MAX_PATH_AND_QUERY))],
        };
        let e = build(tool("searchOrgDevices"), &args).unwrap_err();
        assert!(matches!(e, BuildError::TooLong { .. }), "{e:?}");
    }

    #[test]
    fn query_values_are_form_encoded_in_parameter_order() {
        let args = CheckedArgs {
            path: vec![("org_id", "o1".into())],
            query: vec![("hostname", "ap 1&x".into()), ("limit", "5".into())],
        };
        assert_eq!(
            path_and_query(tool("searchOrgDevices"), &args),
            "/api/v1/orgs/o1/devices/search?hostname=ap+1%26x&limit=5"
        );
    }
}
