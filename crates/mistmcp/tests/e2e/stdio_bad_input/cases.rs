//! The cases of the bad-input catalogue: each line sent, and the answer it must get.

use serde_json::{Value, json};

/// What a case must get back.
pub(super) enum Expect {
    /// No answer at all (a notification or a response nobody asked for).
    Silent,
    /// A JSON-RPC error for `id` with `code`, whose message contains the text.
    Rpc(Value, i64, &'static str),
    /// A tool error result for `id` containing the text, with nothing sent to Mist.
    Refused(Value, &'static str),
    /// A successful tool result for `id`.
    Served(Value),
}

pub(super) struct Case {
    pub(super) name: &'static str,
    pub(super) line: Vec<u8>,
    pub(super) expect: Expect,
}

pub(super) fn case(name: &'static str, line: impl Into<Vec<u8>>, expect: Expect) -> Case {
    Case {
        name,
        line: line.into(),
        expect,
    }
}

pub(crate) fn call_line(id: i64, tool: &str, arguments: Value) -> Vec<u8> {
    json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
           "params": {"name": tool, "arguments": arguments}})
    .to_string()
    .into_bytes()
}

/// `tool`'s valid sample arguments from the simulator, with `changes` applied.
pub(crate) fn args_with(sim: &mist_sim::RunningSim, tool: &str, changes: Value) -> Value {
    let def = mist_catalog::catalog().tool(tool).expect("tool exists");
    let mut args = sim.sample_args(def);
    if let Value::Object(changes) = changes {
        args.extend(changes);
    }
    Value::Object(args)
}

pub(crate) const PARSE: i64 = -32700;
pub(crate) const INVALID_REQUEST: i64 = -32600;
pub(crate) const NO_METHOD: i64 = -32601;
pub(crate) const INVALID_PARAMS: i64 = -32602;

/// Cases sent before `initialize`.
pub(super) fn before_initialize() -> Vec<Case> {
    use Expect::*;
    vec![
        case(
            "an initialized notification before initialize is ignored",
            r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            Silent,
        ),
        case(
            "a stray response is ignored",
            r#"{"jsonrpc":"2.0","id":77,"result":{}}"#,
            Silent,
        ),
        case(
            "a stray error response is ignored",
            r#"{"jsonrpc":"2.0","id":78,"error":{"code":1,"message":"x"}}"#,
            Silent,
        ),
        case(
            "a request without id is a notification and ignored",
            r#"{"jsonrpc":"2.0","method":"tools/list"}"#,
            Silent,
        ),
        case(
            "tools/list before initialize is told to initialize",
            r#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#,
            Rpc(json!(1), INVALID_REQUEST, "send 'initialize' first"),
        ),
        case(
            "tools/call before initialize is told to initialize",
            call_line(2, "getSelf", json!({})),
            Rpc(json!(2), INVALID_REQUEST, "send 'initialize' first"),
        ),
        case(
            "a numeric protocolVersion names the field",
            r#"{"jsonrpc":"2.0","id":3,"method":"initialize","params":{"protocolVersion":20250618,"capabilities":{},"clientInfo":{"name":"c","version":"1"}}}"#,
            Rpc(
                json!(3),
                INVALID_PARAMS,
                "'params.protocolVersion' must be a string",
            ),
        ),
        case(
            "an initialize without clientInfo names the field",
            r#"{"jsonrpc":"2.0","id":4,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{}}}"#,
            Rpc(json!(4), INVALID_PARAMS, "'params.clientInfo' is missing"),
        ),
        case(
            "initialize params as a list are refused with the id",
            r#"{"jsonrpc":"2.0","id":5,"method":"initialize","params":["2025-06-18"]}"#,
            Rpc(json!(5), INVALID_PARAMS, "'params' must be an object"),
        ),
        case(
            "garbage before initialize is a parse error",
            "hello?",
            Rpc(Value::Null, PARSE, "not one valid JSON"),
        ),
    ]
}

/// Cases sent in a session in `all` mode.
pub(super) fn in_session(sim: &mist_sim::RunningSim) -> Vec<Case> {
    use Expect::*;
    let org = sim.org_id().to_owned();
    let huge = "x".repeat(1 << 20);
    let many_field_list: Vec<String> = (0..30_000).map(|i| format!("field_{i}")).collect();
    let many_fields = many_field_list.join(",");
    let deep = format!("{}{}", "[".repeat(300), "]".repeat(300));
    let devices =
        |id, extra: Value| call_line(id, "searchOrgDevices", args_with(sim, "searchOrgDevices", extra));
    let mut cases = vec![
        // Lines that are not one JSON-RPC message.
        case(
            "truncated JSON is a parse error",
            r#"{"jsonrpc":"2.0","id":1,"#,
            Rpc(Value::Null, PARSE, "not one valid JSON"),
        ),
        case(
            "plain text is a parse error",
            "tools/list please",
            Rpc(Value::Null, PARSE, "not one valid JSON"),
        ),
        case(
            "invalid UTF-8 is a parse error",
            b"\xff\xfe\xfd{}".to_vec(),
            Rpc(Value::Null, PARSE, "not UTF-8"),
        ),
        case(
            "two objects on one line are a parse error",
            r#"{"jsonrpc":"2.0","id":1,"method":"ping"}{"jsonrpc":"2.0","id":2,"method":"ping"}"#,
            Rpc(Value::Null, PARSE, "trailing characters"),
        ),
        case(
            "a lone surrogate is a parse error",
            r#"{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":"\udc00"}}"#,
            Rpc(Value::Null, PARSE, "surrogate"),
        ),
        case(
            "nesting past the parser's depth is a parse error",
            deep,
            Rpc(Value::Null, PARSE, "recursion limit"),
        ),
        case(
            "a NUL byte line is a parse error",
            b"\0".to_vec(),
            Rpc(Value::Null, PARSE, "not one valid JSON"),
        ),
        case(
            "an empty object is an invalid request",
            "{}",
            Rpc(Value::Null, INVALID_REQUEST, "'jsonrpc' must be"),
        ),
        case(
            "a JSON string is an invalid request",
            r#""tools/list""#,
            Rpc(Value::Null, INVALID_REQUEST, "must be a JSON object"),
        ),
        case(
            "a batch is an invalid request",
            r#"[{"jsonrpc":"2.0","id":1,"method":"ping"}]"#,
            Rpc(Value::Null, INVALID_REQUEST, "batches are not supported"),
        ),
        case(
            "jsonrpc 1.0 is an invalid request with its id",
            r#"{"jsonrpc":"1.0","id":11,"method":"ping"}"#,
            Rpc(json!(11), INVALID_REQUEST, "'jsonrpc' must be \"2.0\""),
        ),
        case(
            "a numeric method is an invalid request with its id",
            r#"{"jsonrpc":"2.0","id":12,"method":5}"#,
            Rpc(json!(12), INVALID_REQUEST, "'method' must be a string"),
        ),
        case(
            "a fractional id cannot be echoed",
            r#"{"jsonrpc":"2.0","id":1.5,"method":"ping"}"#,
            Rpc(
                Value::Null,
                INVALID_REQUEST,
                "'id' must be a string or an integer",
            ),
        ),
        case(
            "an object id cannot be echoed",
            r#"{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}"#,
            Rpc(
                Value::Null,
                INVALID_REQUEST,
                "'id' must be a string or an integer",
            ),
        ),
        case(
            "a null id cannot be echoed",
            r#"{"jsonrpc":"2.0","id":null,"method":"ping"}"#,
            Rpc(
                Value::Null,
                INVALID_REQUEST,
                "'id' must be a string or an integer",
            ),
        ),
        case(
            "a message with neither method nor result is invalid",
            r#"{"jsonrpc":"2.0","id":13}"#,
            Rpc(json!(13), INVALID_REQUEST, "needs 'method'"),
        ),
        // Requests whose params are wrong.
        case(
            "numeric params get their id back",
            r#"{"jsonrpc":"2.0","id":20,"method":"tools/call","params":5}"#,
            Rpc(json!(20), INVALID_PARAMS, "'params' must be an object"),
        ),
        case(
            "string params get their id back",
            r#"{"jsonrpc":"2.0","id":"s21","method":"tools/list","params":"all"}"#,
            Rpc(json!("s21"), INVALID_PARAMS, "'params' must be an object"),
        ),
        case(
            "tools/call without a name says so",
            r#"{"jsonrpc":"2.0","id":22,"method":"tools/call","params":{"arguments":{}}}"#,
            Rpc(json!(22), INVALID_PARAMS, "'params.name' is missing"),
        ),
        case(
            "tools/call with a numeric name says so",
            r#"{"jsonrpc":"2.0","id":23,"method":"tools/call","params":{"name":7}}"#,
            Rpc(json!(23), INVALID_PARAMS, "'params.name' must be a string"),
        ),
        case(
            "tools/call with an empty name says so",
            r#"{"jsonrpc":"2.0","id":24,"method":"tools/call","params":{"name":""}}"#,
            Rpc(json!(24), INVALID_PARAMS, "'params.name' is empty"),
        ),
        case(
            "tools/call with list arguments says so",
            r#"{"jsonrpc":"2.0","id":25,"method":"tools/call","params":{"name":"getSelf","arguments":[1]}}"#,
            Rpc(json!(25), INVALID_PARAMS, "'params.arguments' must be an object"),
        ),
        case(
            "tools/call with string arguments says so",
            r#"{"jsonrpc":"2.0","id":26,"method":"tools/call","params":{"name":"getSelf","arguments":"{}"}}"#,
            Rpc(json!(26), INVALID_PARAMS, "got a string"),
        ),
        case(
            "a second initialize with a numeric version names the field",
            r#"{"jsonrpc":"2.0","id":27,"method":"initialize","params":{"protocolVersion":1,"capabilities":{},"clientInfo":{"name":"c","version":"1"}}}"#,
            Rpc(
                json!(27),
                INVALID_PARAMS,
                "'params.protocolVersion' must be a string",
            ),
        ),
        // Unknown names, short and huge.
        case(
            "an unknown method is not found",
            r#"{"jsonrpc":"2.0","id":30,"method":"tools/explode"}"#,
            Rpc(json!(30), NO_METHOD, ""),
        ),
        case(
            "a 1 MB method name comes back clipped",
            format!(r#"{{"jsonrpc":"2.0","id":31,"method":"{huge}"}}"#),
            Rpc(json!(31), NO_METHOD, "(1048576 characters)"),
        ),
        case(
            "a 1 MB unknown prompt name comes back clipped",
            json!({"jsonrpc": "2.0", "id": 37, "method": "prompts/get", "params": {"name": huge}})
                .to_string(),
            Rpc(json!(37), INVALID_PARAMS, "(1048576 characters)"),
        ),
        case(
            "a 1 MB unknown prompt argument comes back clipped",
            json!({"jsonrpc": "2.0", "id": 38, "method": "prompts/get",
                   "params": {"name": "device_down", "arguments": {huge.clone(): "x"}}})
            .to_string(),
            Rpc(json!(38), INVALID_PARAMS, "(1048576 characters)"),
        ),
        case(
            "an unknown tool is named",
            call_line(32, "getOrgz", json!({})),
            Rpc(json!(32), INVALID_PARAMS, "'getOrgz' is not a Mist tool"),
        ),
        case(
            "a 1 MB tool name comes back clipped",
            call_line(33, &huge, json!({})),
            Rpc(json!(33), INVALID_PARAMS, "(1048576 characters)"),
        ),
        case(
            "a unicode tool name is unknown",
            call_line(34, "getOrg\u{200b}", json!({})),
            Rpc(json!(34), INVALID_PARAMS, "unknown tool"),
        ),
        case(
            "an unknown argument is named",
            call_line(35, "getOrg", json!({"org_id": org, "orgid": 1})),
            Refused(json!(35), "unknown argument 'orgid'"),
        ),
        case(
            "a 1 MB argument name comes back clipped",
            call_line(36, "getSelf", json!({huge.clone(): 1})),
            Refused(json!(36), "(1048576 characters)"),
        ),
        // Wrong types and shapes.
        case(
            "a numeric org_id is refused",
            call_line(40, "getOrg", json!({"org_id": 42})),
            Refused(json!(40), "argument 'org_id' must be a string (uuid)"),
        ),
        case(
            "an object org_id is refused",
            call_line(41, "getOrg", json!({"org_id": {"id": org}})),
            Refused(json!(41), "argument 'org_id' must be a string (uuid)"),
        ),
        case(
            "a missing org_id is named",
            call_line(42, "getOrg", json!({})),
            Refused(json!(42), "missing required argument 'org_id'"),
        ),
        case(
            "a word for an integer is refused",
            devices(43, json!({"limit": "fifty"})),
            Refused(json!(43), "argument 'limit' must be an integer"),
        ),
        case(
            "a word for a boolean is refused",
            devices(44, json!({"clustered": "maybe"})),
            Refused(json!(44), "must be true or false"),
        ),
        case(
            "a value outside an enum lists the choices",
            devices(45, json!({"type": "router"})),
            Refused(json!(45), "argument 'type' must be one of"),
        ),
        case(
            "zero max_pages is refused",
            devices(46, json!({"max_pages": 0})),
            Refused(json!(46), "argument 'max_pages' must be between 1 and"),
        ),
        case(
            "a numeric cursor is refused",
            devices(47, json!({"cursor": 5})),
            Refused(json!(47), "argument 'cursor' must be the string"),
        ),
        case(
            "a forged cursor is refused",
            devices(48, json!({"cursor": "bm90LWEtY3Vyc29y.AAAA"})),
            Refused(json!(48), "cursor"),
        ),
        case(
            "a 1 MB hostname is an argument error, not a connection failure",
            devices(49, json!({"hostname": huge})),
            Refused(
                json!(49),
                "argument 'hostname' must be a string of at most 2048 characters",
            ),
        ),
        case(
            "a 1 MB object for a string comes back clipped",
            devices(50, json!({"hostname": {"a": huge}})),
            Refused(json!(50), "characters)"),
        ),
        case(
            "30,000 field names are refused at once, naming the cap",
            devices(51, json!({"fields": many_fields})),
            Refused(
                json!(51),
                "argument 'fields' must be at most 100 field names (got 30000)",
            ),
        ),
        case(
            "a 1 MB field path is refused, clipped",
            devices(52, json!({"fields": ["name", huge]})),
            Refused(json!(52), "paths of at most 200 characters"),
        ),
        case(
            "a field path with an empty part is refused",
            devices(53, json!({"fields": "name,radio..band"})),
            Refused(json!(53), "without empty parts"),
        ),
        case(
            "a list of 30,000 field names is refused as the string is",
            devices(54, json!({"fields": many_field_list})),
            Refused(json!(54), "at most 100 field names"),
        ),
    ];
    cases.extend(super::path_cases::path_values(sim));
    cases
}

/// Cases sent in a managed session.
pub(super) fn in_managed_session() -> Vec<Case> {
    use Expect::*;
    let huge = "c".repeat(1 << 20);
    vec![
        case(
            "an unknown category is named",
            call_line(90, "manageMcpTools", json!({"enable": ["gadgets"]})),
            Refused(json!(90), "unknown tool category 'gadgets'"),
        ),
        case(
            "a 1 MB category comes back clipped",
            call_line(91, "manageMcpTools", json!({"enable": huge})),
            Refused(json!(91), "(1048576 characters)"),
        ),
        case(
            "a numeric category list is refused",
            call_line(92, "manageMcpTools", json!({"enable": 5})),
            Refused(json!(92), "argument 'enable' must be a list"),
        ),
        case(
            "an unknown manageMcpTools argument is named",
            call_line(93, "manageMcpTools", json!({"enabled": []})),
            Refused(json!(93), "unknown argument 'enabled'"),
        ),
        case(
            "callMistTool with an unknown tool says so",
            call_line(94, "callMistTool", json!({"tool": "nope"})),
            Refused(json!(94), "'nope' is not a Mist tool"),
        ),
        case(
            "callMistTool with list arguments says so",
            call_line(95, "callMistTool", json!({"tool": "getSelf", "arguments": [1]})),
            Refused(json!(95), "argument 'arguments' must be an object"),
        ),
        case(
            "a tool of a category not enabled is reachable, so its arguments are checked",
            call_line(96, "searchOrgDevices", json!({})),
            Refused(json!(96), "missing required argument 'org_id'"),
        ),
    ]
}
