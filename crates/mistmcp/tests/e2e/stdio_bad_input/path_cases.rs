//! The bad-input cases about path parameters: traversal and injection are refused before
//! anything is sent, and odd but harmless values (MAC spellings, unicode, query characters) are
//! served. Sent in the same `all`-mode session as [`super::cases::in_session`], after it.

use super::cases::{Case, Expect, args_with, call_line, case};
use serde_json::{Value, json};

pub(super) fn path_values(sim: &mist_sim::RunningSim) -> Vec<Case> {
    use Expect::*;
    let org = sim.org_id().to_owned();
    let classifier = |id, value: &str| {
        call_line(
            id,
            "getSiteSleClassifierDetails",
            args_with(sim, "getSiteSleClassifierDetails", json!({"classifier": value})),
        )
    };
    let metric = |id, value: &str| call_line(id, "getOrgSle", json!({"org_id": org, "metric": value}));
    let guest = |id, value: &str| {
        call_line(
            id,
            "getOrgGuestAuthorization",
            json!({"org_id": org, "guest_mac": value}),
        )
    };
    let known = args_with(sim, "getOrgGuestAuthorization", json!({}));
    let plain = known["guest_mac"]
        .as_str()
        .unwrap_or_default()
        .to_ascii_uppercase();
    let colon_mac = plain
        .as_bytes()
        .chunks(2)
        .map(|p| String::from_utf8_lossy(p))
        .collect::<Vec<_>>()
        .join(":");
    let devices =
        |id, extra: Value| call_line(id, "searchOrgDevices", args_with(sim, "searchOrgDevices", extra));
    vec![
        // Path traversal and injection in path parameters.
        case(
            "'..' as a guest MAC is refused",
            guest(60, ".."),
            Refused(json!(60), "must be a MAC address"),
        ),
        case(
            "'.' as a guest MAC is refused",
            guest(61, "."),
            Refused(json!(61), "must be a MAC address"),
        ),
        case(
            "an encoded '..' as a guest MAC is refused",
            guest(62, "%2E%2E"),
            Refused(json!(62), "must be a MAC address"),
        ),
        case(
            "'..' as a classifier is refused",
            classifier(63, ".."),
            Refused(json!(63), "other than '.' or '..'"),
        ),
        case(
            "'.' as a classifier is refused",
            classifier(64, "."),
            Refused(json!(64), "other than '.' or '..'"),
        ),
        case(
            "an encoded '..' as a metric is refused",
            metric(65, "%2e%2e"),
            Refused(json!(65), "other than '.' or '..'"),
        ),
        case(
            "a twice-encoded '..' as a metric is refused",
            metric(66, "%252E%252E"),
            Refused(json!(66), "other than '.' or '..'"),
        ),
        case(
            "a slash in a metric is refused",
            metric(67, "ap-health/../x"),
            Refused(json!(67), "without '/'"),
        ),
        case(
            "an encoded slash in a metric is refused",
            metric(68, "a%2Fb"),
            Refused(json!(68), "without '/'"),
        ),
        case(
            "a backslash in a metric is refused",
            metric(69, "a\\b"),
            Refused(json!(69), "without '/'"),
        ),
        case(
            "a question mark in a metric is refused",
            metric(70, "x?limit=1"),
            Refused(json!(70), "without '/'"),
        ),
        case(
            "a newline in a metric is refused",
            metric(71, "a\nb"),
            Refused(json!(71), "without '/'"),
        ),
        case(
            "an empty metric is refused",
            metric(72, ""),
            Refused(json!(72), "must be a non-empty value"),
        ),
        case(
            "a blank metric is refused",
            metric(73, "   "),
            Refused(json!(73), "must be a non-empty value"),
        ),
        case(
            "an injected org_id is refused",
            call_line(74, "getOrg", json!({"org_id": "' OR 1=1 --"})),
            Refused(json!(74), "must be a string (uuid)"),
        ),
        // Values that are odd but harmless are served.
        case(
            "a MAC in upper case with colons is accepted",
            guest(80, &colon_mac),
            Served(json!(80)),
        ),
        case(
            "a unicode hostname filter is served",
            devices(81, json!({"hostname": "точка-доступа-☃"})),
            Served(json!(81)),
        ),
        case(
            "query injection stays inside its value",
            devices(82, json!({"hostname": "x&org_id=other#frag"})),
            Served(json!(82)),
        ),
        case(
            "null arguments are served",
            r#"{"jsonrpc":"2.0","id":83,"method":"tools/call","params":{"name":"getSelf","arguments":null}}"#,
            Served(json!(83)),
        ),
        case(
            "manageMcpTools in all mode says it works in managed mode only",
            call_line(84, "manageMcpTools", json!({"enable": ["devices"]})),
            Refused(json!(84), "managed mode only"),
        ),
    ]
}
