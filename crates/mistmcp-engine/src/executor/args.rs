//! Checking a model's arguments against a tool's parameters, and turning them into the exact
//! strings the Mist API expects.
//!
//! Models are forgiving typists: they send `"10"` for an integer or `5` for a string. Values
//! that convert without guessing are accepted; everything else is refused with a message that
//! names the argument, what was expected and what was given.

use super::path_guard;
use mist_catalog::{Location, Param, ParamType, ToolDef};
use mist_client::echo::{clip, clip_json};
use serde_json::{Map, Value};
use std::fmt;

/// Longest text one argument may carry. Mist's own filters are far shorter; a longer value is
/// a mistake, and refusing it here saves a request line the server would refuse anyway.
pub(crate) const MAX_VALUE_CHARS: usize = 2048;

/// Arguments of one call, validated and rendered as strings, in the tool's parameter order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CheckedArgs {
    pub(crate) path: Vec<(&'static str, String)>,
    pub(crate) query: Vec<(&'static str, String)>,
}

/// Why a tool's arguments were refused, said so that a model can correct its call at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgError {
    /// A required argument is absent.
    Missing {
        /// The argument's name.
        name: String,
        /// What it takes, in a few words.
        expected: String,
    },
    /// An argument the tool does not take.
    Unknown {
        /// The name given.
        name: String,
        /// Every name the tool takes.
        valid: Vec<String>,
    },
    /// An argument whose value does not fit its parameter.
    Invalid {
        /// The argument's name.
        name: String,
        /// What it takes, in a few words.
        expected: String,
        /// The value given, clipped.
        given: String,
    },
}

impl fmt::Display for ArgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgError::Missing { name, expected } => {
                write!(f, "missing required argument '{name}' ({expected})")
            }
            ArgError::Unknown { name, valid } => {
                write!(
                    f,
                    "unknown argument '{name}'; this tool takes: {}",
                    valid.join(", ")
                )
            }
            ArgError::Invalid {
                name,
                expected,
                given,
            } => {
                write!(f, "argument '{name}' must be {expected}; got {given}")
            }
        }
    }
}

impl std::error::Error for ArgError {}

impl ArgError {
    /// The argument the error is about.
    pub(crate) fn argument(&self) -> &str {
        match self {
            ArgError::Missing { name, .. }
            | ArgError::Unknown { name, .. }
            | ArgError::Invalid { name, .. } => name,
        }
    }
}

/// Validates `args` for `tool`. `extra` names arguments the server itself consumes (such as a
/// pagination cursor), which are neither rejected nor forwarded.
pub fn check(
    tool: &'static ToolDef,
    args: Option<&Map<String, Value>>,
    extra: &[&str],
) -> Result<CheckedArgs, ArgError> {
    check_with(tool, args, extra, true)
}

/// [`check`], with required arguments enforced only if `require` (a call that follows a cursor
/// takes its request from the cursor and needs none).
pub(crate) fn check_with(
    tool: &'static ToolDef,
    args: Option<&Map<String, Value>>,
    extra: &[&str],
    require: bool,
) -> Result<CheckedArgs, ArgError> {
    let empty = Map::new();
    let args = args.unwrap_or(&empty);
    for name in args.keys() {
        if tool.param(name).is_none() && !extra.contains(&name.as_str()) {
            let mut valid: Vec<String> = tool.params.iter().map(|p| p.name.clone()).collect();
            valid.extend(extra.iter().map(|s| s.to_string()));
            return Err(ArgError::Unknown {
                name: clip(name).to_string(),
                valid,
            });
        }
    }
    let mut out = CheckedArgs::default();
    for param in &tool.params {
        let value = match args.get(&param.name) {
            None | Some(Value::Null) => {
                if param.required && require {
                    return Err(ArgError::Missing {
                        name: param.name.clone(),
                        expected: describe(param),
                    });
                }
                continue;
            }
            Some(value) => value,
        };
        let text = render(param, value)?;
        match param.location {
            Location::Path => out.path.push((param.name.as_str(), text)),
            Location::Query => out.query.push((param.wire_name(), text)),
        }
    }
    Ok(out)
}

/// What a parameter accepts, in words: `string (uuid)`, `one of ap, switch, gateway`.
pub(crate) fn describe(param: &Param) -> String {
    if !param.enum_values.is_empty() {
        return format!("one of {}", param.enum_values.join(", "));
    }
    let base = match param.ty {
        ParamType::String => "a string",
        ParamType::Integer => "an integer",
        ParamType::Number => "a number",
        ParamType::Boolean => "true or false",
        ParamType::Array => "a list",
    };
    match &param.format {
        Some(format) => format!("{base} ({format})"),
        None => base.to_owned(),
    }
}

fn invalid(param: &Param, value: &Value) -> ArgError {
    invalid_as(param, value, describe(param))
}

fn invalid_as(param: &Param, value: &Value, expected: String) -> ArgError {
    ArgError::Invalid {
        name: param.name.clone(),
        expected,
        given: clip_json(value),
    }
}

fn render(param: &Param, value: &Value) -> Result<String, ArgError> {
    let text = match param.ty {
        ParamType::String => scalar_text(value).ok_or_else(|| invalid(param, value))?,
        ParamType::Integer => integer_text(value).ok_or_else(|| invalid(param, value))?,
        ParamType::Number => number_text(value).ok_or_else(|| invalid(param, value))?,
        ParamType::Boolean => boolean_text(value).ok_or_else(|| invalid(param, value))?,
        ParamType::Array => list_text(value).ok_or_else(|| invalid(param, value))?,
    };
    if text.chars().nth(MAX_VALUE_CHARS).is_some() {
        let expected = format!("{} of at most {MAX_VALUE_CHARS} characters", describe(param));
        return Err(invalid_as(param, value, expected));
    }
    if !param.enum_values.is_empty() && !param.enum_values.contains(&text) {
        return Err(invalid(param, value));
    }
    if let Some(format) = &param.format {
        let ok = match format.as_str() {
            "uuid" => is_uuid(&text),
            "ipv4" => text.parse::<std::net::Ipv4Addr>().is_ok(),
            // A MAC in a path is checked below, with the message that shows the accepted forms.
            "mac" => param.location == Location::Path || path_guard::normal_mac(&text).is_some(),
            _ => true,
        };
        if !ok {
            return Err(invalid(param, value));
        }
    }
    if matches!(param.ty, ParamType::Integer | ParamType::Number) {
        check_bounds(param, &text).map_err(|_| invalid_bounds(param, value))?;
    }
    match param.location {
        Location::Path => path_guard::segment_value(param, &text)
            .map_err(|e| invalid_as(param, value, e.expected().to_owned())),
        Location::Query => Ok(text),
    }
}

fn invalid_bounds(param: &Param, value: &Value) -> ArgError {
    let expected = match (param.minimum, param.maximum) {
        (Some(lo), Some(hi)) => format!("between {lo} and {hi}"),
        (Some(lo), None) => format!("at least {lo}"),
        (None, Some(hi)) => format!("at most {hi}"),
        (None, None) => describe(param),
    };
    invalid_as(param, value, expected)
}

fn check_bounds(param: &Param, text: &str) -> Result<(), ()> {
    for part in text.split(',') {
        let Ok(n) = part.trim().parse::<f64>() else {
            return Ok(());
        };
        if param.minimum.is_some_and(|lo| n < lo) || param.maximum.is_some_and(|hi| n > hi) {
            return Err(());
        }
    }
    Ok(())
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Integers, integral floats (`10.0`), digit strings, and comma-separated integer lists
/// (several Mist filters accept `1,6,11`).
fn integer_text(value: &Value) -> Option<String> {
    match value {
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Some(i.to_string())
            } else {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                    .map(|f| (f as i64).to_string())
            }
        }
        Value::String(s) => {
            let s = s.trim();
            let all_ints = !s.is_empty() && s.split(',').all(|p| p.trim().parse::<i64>().is_ok());
            all_ints.then(|| s.split(',').map(str::trim).collect::<Vec<_>>().join(","))
        }
        Value::Array(items) => {
            let parts: Option<Vec<String>> =
                items.iter().map(|v| v.as_i64().map(|i| i.to_string())).collect();
            parts.filter(|p| !p.is_empty()).map(|p| p.join(","))
        }
        _ => None,
    }
}

fn number_text(value: &Value) -> Option<String> {
    match value {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => s
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map(|_| s.trim().to_owned()),
        _ => None,
    }
}

fn boolean_text(value: &Value) -> Option<String> {
    match value {
        Value::Bool(b) => Some(b.to_string()),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" => Some("true".into()),
            "false" => Some("false".into()),
            _ => None,
        },
        _ => None,
    }
}

/// Lists go to Mist as comma-separated values.
fn list_text(value: &Value) -> Option<String> {
    match value {
        Value::Array(items) => {
            let parts: Option<Vec<String>> = items.iter().map(scalar_text).collect();
            parts.map(|p| p.join(","))
        }
        Value::String(s) => Some(s.trim().to_owned()),
        _ => None,
    }
}

fn is_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::executor::test_support::{args, tool};
    use serde_json::json;

    const ORG: &str = "9777c1a0-6ef6-11e6-8bbf-02e208b2d34f";

    #[test]
    fn a_missing_required_argument_is_named_with_its_type() {
        let e = check(tool("getOrg"), None, &[]).unwrap_err().to_string();
        assert_eq!(e, "missing required argument 'org_id' (a string (uuid))");
    }

    #[test]
    fn an_unknown_argument_lists_the_valid_ones() {
        let e = check(
            tool("getOrg"),
            Some(&args(json!({"org_id": ORG, "orgid": 1}))),
            &[],
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .contains("unknown argument 'orgid'; this tool takes: org_id")
        );
    }

    #[test]
    fn a_malformed_uuid_is_refused_before_any_request() {
        let e = check(tool("getOrg"), Some(&args(json!({"org_id": "../../admin"}))), &[]).unwrap_err();
        assert!(
            e.to_string()
                .contains("argument 'org_id' must be a string (uuid); got \"../../admin\"")
        );
    }

    #[test]
    fn loose_scalars_are_converted_when_unambiguous() {
        let t = tool("searchOrgDevices");
        let a = check(
            t,
            Some(&args(json!({"org_id": ORG, "limit": "50", "type": "ap"}))),
            &[],
        )
        .unwrap();
        assert!(a.query.contains(&("limit", "50".into())));
        let e = check(t, Some(&args(json!({"org_id": ORG, "limit": "fifty"}))), &[]).unwrap_err();
        assert!(e.to_string().contains("argument 'limit' must be an integer"));
    }

    #[test]
    fn enum_values_are_enforced_and_listed() {
        let t = tool("searchOrgDevices");
        let e = check(t, Some(&args(json!({"org_id": ORG, "type": "router"}))), &[]).unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("argument 'type' must be one of") && text.contains("switch"),
            "{text}"
        );
    }

    #[test]
    fn nulls_are_treated_as_absent_and_extras_are_passed_over() {
        let t = tool("searchOrgDevices");
        let a = check(
            t,
            Some(&args(json!({"org_id": ORG, "mac": null, "cursor": "x"}))),
            &["cursor"],
        )
        .unwrap();
        assert_eq!(a.path, vec![("org_id", ORG.to_string())]);
        assert!(a.query.is_empty());
    }

    #[test]
    fn required_arguments_can_be_waived_for_cursor_calls() {
        let t = tool("searchOrgDevices");
        assert!(check(t, None, &["cursor"]).is_err());
        assert_eq!(
            check_with(t, None, &["cursor"], false).unwrap(),
            CheckedArgs::default()
        );
    }

    #[test]
    fn a_dot_segment_in_a_path_parameter_is_refused_before_any_request() {
        let t = tool("getSiteSleClassifierDetails");
        let base = json!({"site_id": ORG, "scope": "site", "scope_id": ORG, "metric": "m"});
        for value in [".", "..", "%2e%2e", "a/b"] {
            let mut a = args(base.clone());
            a.insert("classifier".into(), json!(value));
            let e = check(t, Some(&a), &[]).unwrap_err().to_string();
            assert!(
                e.starts_with("argument 'classifier' must be a value"),
                "{value}: {e}"
            );
        }
    }

    #[test]
    fn a_mac_path_parameter_is_checked_and_sent_in_plain_form() {
        let t = tool("getOrgGuestAuthorization");
        let a = check(
            t,
            Some(&args(json!({"org_id": ORG, "guest_mac": "5C:5B:35:01:23:45"}))),
            &[],
        )
        .unwrap();
        assert_eq!(a.path[1], ("guest_mac", "5c5b35012345".to_string()));
        let e = check(t, Some(&args(json!({"org_id": ORG, "guest_mac": ".."}))), &[]).unwrap_err();
        assert!(e.to_string().contains("must be a MAC address"), "{e}");
    }

    #[test]
    fn a_huge_argument_is_refused_with_a_clipped_echo() {
        let t = tool("searchOrgDevices");
        let huge = "h".repeat(1 << 20);
        let e = check(t, Some(&args(json!({"org_id": ORG, "hostname": huge}))), &[])
            .unwrap_err()
            .to_string();
        assert!(e.contains("at most 2048 characters"), "{e}");
        assert!(e.len() < 300 && e.contains("(1048578 characters)"), "{e}");
        let e = check(t, Some(&args(json!({"org_id": ORG, &"n".repeat(5000): 1}))), &[])
            .unwrap_err()
            .to_string();
        assert!(e.contains("(5000 characters)"), "{}", &e[..100]);
    }

    #[test]
    fn uuid_shape_check_is_exact() {
        assert!(is_uuid(ORG));
        assert!(!is_uuid("9777c1a0-6ef6-11e6-8bbf-02e208b2d34"));
        assert!(!is_uuid("9777c1a0x6ef6-11e6-8bbf-02e208b2d34f"));
    }
}
