//! A path parameter fills exactly one segment of its operation's path, never more.
//!
//! Two guards stand between a model's argument and the request line. [`segment_value`] refuses
//! values that could walk or split the path (`.`, `..`, `/`, `?`, … and their percent-encoded
//! forms) and checks MAC-shaped parameters as MACs, before anything is built. [`verify`] then
//! compares the built path with the operation's template, segment for segment, as the HTTP
//! client will resolve it: a value that got past the first guard still cannot reach another
//! endpoint, because the call is refused with an internal error instead of being sent.

use mist_catalog::{Location, Param, ParamType};
use percent_encoding::percent_decode_str;
use std::fmt;

/// What a path parameter's value must look like beyond its JSON type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Any text that stays inside one segment.
    Free,
    /// A MAC address, sent to Mist as 12 lower-case hex digits.
    Mac,
}

/// The shape a parameter's value must have. The catalog's `format: "mac"` decides where it is
/// set; string path parameters named `mac` or `…_mac` are MACs as well. Query parameters of
/// that name stay free: Mist's search filters take partial MACs and wildcards there, and a
/// query value cannot change the path.
pub(crate) fn shape_of(param: &Param) -> Shape {
    match param.format.as_deref() {
        Some("mac") => Shape::Mac,
        Some(_) => Shape::Free,
        None if param.location == Location::Path
            && param.ty == ParamType::String
            && (param.name == "mac" || param.name.ends_with("_mac")) =>
        {
            Shape::Mac
        }
        None => Shape::Free,
    }
}

/// Why a value cannot fill a path segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SegmentError {
    Empty,
    DotSegment,
    Separator,
    NotMac,
}

impl SegmentError {
    /// What the value must be instead, for an argument error.
    pub(crate) fn expected(self) -> &'static str {
        match self {
            SegmentError::Empty => "a non-empty value",
            SegmentError::DotSegment => {
                "a value other than '.' or '..' (as a path segment they would point the request at \
                 another endpoint)"
            }
            SegmentError::Separator => {
                "a value without '/', '\\', '?', '#', '%'-escapes of them or control characters \
                 (they would change the request path)"
            }
            SegmentError::NotMac => {
                "a MAC address: 12 hex digits, plain or in pairs separated by ':' or '-' (e.g. \
                 5c5b35012345 or 5c:5b:35:01:23:45)"
            }
        }
    }
}

/// Checks `text` for the path parameter `param` and gives the text to put in the segment.
pub(crate) fn segment_value(param: &Param, text: &str) -> Result<String, SegmentError> {
    if text.is_empty() {
        return Err(SegmentError::Empty);
    }
    match shape_of(param) {
        Shape::Mac => normal_mac(text).ok_or(SegmentError::NotMac),
        Shape::Free => {
            check_layers(text)?;
            Ok(text.to_owned())
        }
    }
}

/// How many rounds of percent-decoding are looked through: a server or proxy that decodes
/// twice is plausible, more is not, and the built path is verified anyway.
const DECODE_ROUNDS: usize = 3;

/// Refuses `text` if it, or what it decodes to, is a dot segment or holds a separator.
fn check_layers(text: &str) -> Result<(), SegmentError> {
    let mut layer = text.to_owned();
    for _ in 0..=DECODE_ROUNDS {
        check_layer(&layer)?;
        let decoded = percent_decode_str(&layer).decode_utf8_lossy().into_owned();
        if decoded == layer {
            break;
        }
        layer = decoded;
    }
    Ok(())
}

fn check_layer(layer: &str) -> Result<(), SegmentError> {
    if layer
        .chars()
        .any(|c| matches!(c, '/' | '\\' | '?' | '#') || c.is_control())
    {
        return Err(SegmentError::Separator);
    }
    // Some servers cut `;parameters` off a segment before resolving dots (`..;x` is `..`).
    let bare = layer.split(';').next().unwrap_or(layer).trim();
    if bare == "." || bare == ".." {
        return Err(SegmentError::DotSegment);
    }
    Ok(())
}

/// `5C:5B:35:01:23:45`, `5c-5b-35-01-23-45` or `5c5b35012345` → `5c5b35012345`.
pub(crate) fn normal_mac(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let digits: Vec<u8> = match bytes.len() {
        12 => bytes.to_vec(),
        17 => {
            let sep = bytes[2];
            if sep != b':' && sep != b'-' {
                return None;
            }
            let mut out = Vec::with_capacity(12);
            for (i, b) in bytes.iter().enumerate() {
                if i % 3 == 2 {
                    if *b != sep {
                        return None;
                    }
                } else {
                    out.push(*b);
                }
            }
            out
        }
        _ => return None,
    };
    digits
        .iter()
        .all(u8::is_ascii_hexdigit)
        .then(|| String::from_utf8_lossy(&digits).to_ascii_lowercase())
}

/// A built request path that is not its template filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathMismatch {
    pub(crate) template: String,
    /// 1-based segment where they part, or 0 when the segment counts differ.
    pub(crate) segment: usize,
}

impl fmt::Display for PathMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "internal error: the request built from the arguments does not follow the operation's \
             path {} (segment {}), so nothing was sent to Mist; please report this with the \
             arguments used",
            self.template, self.segment
        )
    }
}

impl std::error::Error for PathMismatch {}

/// Checks that `built` (path and query) is `template` with each `{placeholder}` replaced by
/// one non-dot segment, both as written and as the HTTP client resolves it.
pub(crate) fn verify(template: &str, built: &str) -> Result<(), PathMismatch> {
    let mismatch = |segment| PathMismatch {
        template: template.to_owned(),
        segment,
    };
    let path = built.split(['?', '#']).next().unwrap_or(built);
    // What the HTTP client will send: the URL parser resolves dot segments, including
    // percent-encoded ones, and must leave this path as it is.
    let resolved = url::Url::parse(&format!("http://mist.invalid{path}")).map_err(|_| mismatch(0))?;
    if resolved.path() != path || built.contains('#') {
        return Err(mismatch(0));
    }
    let want: Vec<&str> = template.split('/').collect();
    let got: Vec<&str> = path.split('/').collect();
    if want.len() != got.len() {
        return Err(mismatch(0));
    }
    for (i, (w, g)) in want.iter().zip(&got).enumerate() {
        let ok = match (w.find('{'), w.rfind('}')) {
            (Some(open), Some(close)) if open < close => {
                let (prefix, suffix) = (&w[..open], &w[close + 1..]);
                g.len() > prefix.len() + suffix.len()
                    && g.starts_with(prefix)
                    && g.ends_with(suffix)
                    && check_layers(g).is_ok()
            }
            _ => w == g,
        };
        if !ok {
            return Err(mismatch(i + 1));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::executor::test_support::tool;

    fn param(tool_name: &str, name: &str) -> &'static Param {
        tool(tool_name).param(name).expect("parameter exists")
    }

    #[test]
    fn dot_segments_are_refused_in_every_spelling() {
        let metric = param("getOrgSle", "metric");
        for value in [".", "..", "%2E", "%2e%2E", "%252E%252E", "..;x", ".%2e"] {
            assert_eq!(
                segment_value(metric, value),
                Err(SegmentError::DotSegment),
                "{value}"
            );
        }
        assert_eq!(segment_value(metric, "..."), Ok("...".into()));
    }

    #[test]
    fn separators_and_control_characters_are_refused_even_when_escaped() {
        let metric = param("getOrgSle", "metric");
        for value in [
            "a/b", "a\\b", "a?b", "a#b", "a%2Fb", "a%252fb", "a\u{0}b", "a%0Ab",
        ] {
            assert_eq!(
                segment_value(metric, value),
                Err(SegmentError::Separator),
                "{value:?}"
            );
        }
        assert_eq!(segment_value(metric, ""), Err(SegmentError::Empty));
        assert_eq!(segment_value(metric, "ap-health"), Ok("ap-health".into()));
    }

    #[test]
    fn mac_parameters_take_macs_in_the_usual_spellings_and_send_the_plain_form() {
        let mac = param("getOrgGuestAuthorization", "guest_mac");
        assert_eq!(shape_of(mac), Shape::Mac);
        for value in ["5c5b35012345", "5C:5B:35:01:23:45", "5c-5b-35-01-23-45"] {
            assert_eq!(segment_value(mac, value), Ok("5c5b35012345".into()), "{value}");
        }
        for value in [
            "..",
            "5c5b3501234",
            "5c:5b-35:01:23:45",
            "5c5b3501234g",
            "5c5b.3501.2345",
        ] {
            assert_eq!(segment_value(mac, value), Err(SegmentError::NotMac), "{value}");
        }
    }

    #[test]
    fn mac_named_query_parameters_stay_free_text() {
        assert_eq!(shape_of(param("searchOrgDevices", "mac")), Shape::Free);
    }

    #[test]
    fn a_filled_template_passes_verification() {
        let t = "/api/v1/orgs/{org_id}/guests/{guest_mac}";
        assert_eq!(verify(t, "/api/v1/orgs/o1/guests/5c5b35012345?limit=5"), Ok(()));
    }

    #[test]
    fn a_path_that_walks_or_splits_fails_verification() {
        let t = "/api/v1/orgs/{org_id}/guests/{guest_mac}";
        for built in [
            "/api/v1/orgs/o1/guests/%2E%2E",
            "/api/v1/orgs/o1/guests/..",
            "/api/v1/orgs/o1/guests/.",
            "/api/v1/orgs/o1/guests/",
            "/api/v1/orgs/o1/guests/a/b",
            "/api/v1/orgs/o1/guests/a%2Fb",
            "/api/v1/orgs/o1/self/x",
            "/api/v1/orgs/o1/guests/x#y",
        ] {
            assert!(verify(t, built).is_err(), "{built}");
        }
    }
}
