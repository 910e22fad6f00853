use super::*;

const INIT: &str = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#;

fn started() -> Intake {
    let mut intake = Intake::new();
    assert_eq!(intake.judge(INIT.as_bytes()), Verdict::forward(Some("1".into())));
    intake
}

/// The (id, code, message) of an answer.
fn answer(verdict: Verdict) -> (Value, i64, String) {
    let Verdict::Answer(v) = verdict else {
        panic!("expected an answer, got {verdict:?}");
    };
    (
        v["id"].clone(),
        v["error"]["code"].as_i64().unwrap(),
        v["error"]["message"].as_str().unwrap().to_owned(),
    )
}

#[test]
fn unparsable_lines_get_a_parse_error_without_an_id() {
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let lines: [&[u8]; 6] = [
        br#"{"jsonrpc":"2.0","id":1,"#,
        b"hello",
        b"\xff\xfe{}",
        br#"{"jsonrpc":"2.0","id":1,"method":"ping"} {"jsonrpc":"2.0","id":2,"method":"ping"}"#,
        br#"{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":"\ud800"}}"#,
        deep.as_bytes(),
    ];
    for line in lines {
        let (id, code, _) = answer(started().judge(line));
        assert_eq!(
            (id, code),
            (Value::Null, PARSE_ERROR),
            "{}",
            String::from_utf8_lossy(line)
        );
    }
}

#[test]
fn params_of_the_wrong_type_are_answered_with_the_request_id() {
    let (id, code, message) =
        answer(started().judge(br#"{"jsonrpc":"2.0","id":"a7","method":"tools/call","params":5}"#));
    assert_eq!((id, code), (json!("a7"), INVALID_PARAMS));
    assert!(message.contains("'params' must be an object"), "{message}");
}

#[test]
fn a_tool_call_without_a_string_name_says_which_field_is_wrong() {
    let cases = [
        (r#"{"arguments":{}}"#, "'params.name' is missing"),
        (r#"{"name":5}"#, "'params.name' must be a string"),
        (
            r#"{"name":"getOrg","arguments":[1]}"#,
            "'params.arguments' must be an object",
        ),
    ];
    for (params, expected) in cases {
        let line = format!(r#"{{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{params}}}"#);
        let (id, code, message) = answer(started().judge(line.as_bytes()));
        assert_eq!((id, code), (json!(3), INVALID_PARAMS));
        assert!(message.contains(expected), "{message}");
    }
}

#[test]
fn a_numeric_protocol_version_names_the_field_and_what_it_must_be() {
    let line = br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":20250618,"capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#;
    let mut intake = Intake::new();
    let (id, code, message) = answer(intake.judge(line));
    assert_eq!((id, code), (json!(1), INVALID_PARAMS));
    assert!(
        message.contains("'params.protocolVersion' must be a string"),
        "{message}"
    );
    assert!(
        !intake.started(),
        "a refused initialize does not begin the session"
    );
}

#[test]
fn before_initialize_notifications_and_responses_are_ignored_and_requests_told_to_initialize() {
    let mut intake = Intake::new();
    let note = intake.judge(br#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#);
    assert!(matches!(note, Verdict::Ignore(_)));
    let response = intake.judge(br#"{"jsonrpc":"2.0","id":9,"result":{}}"#);
    assert!(matches!(response, Verdict::Ignore(_)));
    let (id, code, message) = answer(intake.judge(br#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#));
    assert_eq!((id, code), (json!(2), INVALID_REQUEST));
    assert!(message.contains("send 'initialize' first"), "{message}");
    assert_eq!(
        intake.judge(br#"{"jsonrpc":"2.0","id":3,"method":"ping"}"#),
        Verdict::forward(Some("3".into()))
    );
    assert!(!intake.started());
}

#[test]
fn after_initialize_everything_well_formed_goes_on() {
    let mut intake = started();
    for line in [
        r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
        r#"{"jsonrpc":"2.0","id":9,"result":{}}"#,
        r#"{"jsonrpc":"2.0","id":4,"method":"vendor/custom","params":{}}"#,
    ] {
        assert!(
            matches!(intake.judge(line.as_bytes()), Verdict::Forward { .. }),
            "{line}"
        );
    }
}

#[test]
fn an_overlong_method_name_is_refused_with_a_clipped_echo() {
    let line = format!(r#"{{"jsonrpc":"2.0","id":5,"method":"{}"}}"#, "m".repeat(1 << 20));
    let (id, code, message) = answer(started().judge(line.as_bytes()));
    assert_eq!((id, code), (json!(5), METHOD_NOT_FOUND));
    assert!(
        message.len() < 200 && message.contains("(1048576 characters)"),
        "{message}"
    );
}

#[test]
fn envelope_mistakes_are_invalid_requests() {
    let cases: [(&[u8], Value); 5] = [
        (br#"[{"jsonrpc":"2.0","id":1,"method":"ping"}]"#, Value::Null),
        (br#"42"#, Value::Null),
        (br#"{"jsonrpc":"1.0","id":1,"method":"ping"}"#, json!(1)),
        (br#"{"jsonrpc":"2.0","id":1,"method":7}"#, json!(1)),
        (br#"{"jsonrpc":"2.0","id":1.5,"method":"ping"}"#, Value::Null),
    ];
    for (line, want_id) in cases {
        let (id, code, _) = answer(started().judge(line));
        assert_eq!(
            (id, code),
            (want_id, INVALID_REQUEST),
            "{}",
            String::from_utf8_lossy(line)
        );
    }
}

#[test]
fn blank_lines_carriage_returns_and_a_byte_order_mark_are_tolerated() {
    assert!(matches!(started().judge(b"  "), Verdict::Ignore(_)));
    let line = b"\xEF\xBB\xBF{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\r";
    assert!(matches!(started().judge(line), Verdict::Forward { .. }));
}

#[test]
fn a_cancellation_names_the_request_it_ends_and_a_subscription_is_not_waited_for() {
    let mut intake = started();
    assert_eq!(
        intake.judge(br#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"r9"}}"#),
        Verdict::Forward {
            request: None,
            cancels: Some("\"r9\"".into())
        }
    );
    assert_eq!(
        intake.judge(
            br#"{"jsonrpc":"2.0","id":4,"method":"subscriptions/listen","params":{"notifications":{}}}"#
        ),
        Verdict::forward(None)
    );
}
