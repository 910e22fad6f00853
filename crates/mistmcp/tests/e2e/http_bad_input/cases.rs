//! The cases of the HTTP bad-input catalogue: each request sent, and the answer it must get.

use crate::stdio_bad_input::cases::{
    INVALID_PARAMS, INVALID_REQUEST, NO_METHOD, PARSE, args_with, call_line,
};
use serde_json::{Value, json};

/// What a case must get back.
pub(super) enum Expect {
    /// This HTTP status with a JSON-RPC error for `id` with `code`, whose message contains the text.
    Rpc(u16, Value, i64, &'static str),
    /// This HTTP status with a body containing the text.
    Http(u16, &'static str),
    /// A tool error result containing the text, with nothing sent to Mist.
    Refused(&'static str),
    /// A successful result (a tool result that is not an error).
    Served,
}

/// Which session a request names.
pub(super) enum Session {
    None,
    /// The session the catalogue opened, with its token and protocol version.
    Own,
    /// This session id, with the catalogue's token.
    Id(String),
}

pub(super) struct Case {
    pub(super) name: &'static str,
    pub(super) method: &'static str,
    /// Path and query.
    pub(super) path: String,
    pub(super) session: Session,
    /// `None` sends no token; the default is the session's own.
    pub(super) token: Option<String>,
    /// Headers replacing the defaults (`accept`, `content-type`, `mcp-protocol-version`);
    /// an empty value drops the header.
    pub(super) headers: Vec<(&'static str, String)>,
    pub(super) body: Vec<u8>,
    pub(super) expect: Expect,
}

/// A POST of `body` to `/mcp` in the catalogue's session, with its token.
fn post(name: &'static str, body: impl Into<Vec<u8>>, expect: Expect) -> Case {
    Case {
        name,
        method: "POST",
        path: "/mcp".into(),
        session: Session::Own,
        token: Some(mist_sim::MAIN_TOKEN.into()),
        headers: Vec::new(),
        body: body.into(),
        expect,
    }
}

impl Case {
    fn no_session(mut self) -> Self {
        self.session = Session::None;
        self
    }
    fn session(mut self, id: impl Into<String>) -> Self {
        self.session = Session::Id(id.into());
        self
    }
    fn token(mut self, token: Option<&str>) -> Self {
        self.token = token.map(str::to_owned);
        self
    }
    fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
    fn method(mut self, method: &'static str) -> Self {
        self.method = method;
        self
    }
    fn path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }
}

fn initialize(id: i64) -> String {
    json!({"jsonrpc": "2.0", "id": id, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "c", "version": "1"}}})
    .to_string()
}

const PING: &str = r#"{"jsonrpc":"2.0","id":9,"method":"ping"}"#;

/// Bodies that are not one JSON-RPC message: refused before the MCP engine, with 400.
pub(super) fn bodies() -> Vec<Case> {
    use Expect::*;
    let deep = format!("{}{}", "[".repeat(300), "]".repeat(300));
    let huge = "m".repeat(1 << 20);
    vec![
        post("truncated JSON is a parse error", r#"{"jsonrpc":"2.0","id":1,"#,
             Rpc(400, Value::Null, PARSE, "not one valid JSON")),
        post("plain text is a parse error", "tools/list please",
             Rpc(400, Value::Null, PARSE, "not one valid JSON")),
        post("invalid UTF-8 is a parse error", b"\xff\xfe\xfd{}".to_vec(),
             Rpc(400, Value::Null, PARSE, "not UTF-8")),
        post("two objects in one body are a parse error", format!("{PING}{PING}"),
             Rpc(400, Value::Null, PARSE, "trailing characters")),
        post("a lone surrogate is a parse error",
             r#"{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":"\udc00"}}"#,
             Rpc(400, Value::Null, PARSE, "surrogate")),
        post("nesting past the parser's depth is a parse error", deep,
             Rpc(400, Value::Null, PARSE, "recursion limit")),
        post("an empty body is a parse error", "", Rpc(400, Value::Null, PARSE, "the request body is empty")),
        post("a blank body is a parse error", " \r\n\t", Rpc(400, Value::Null, PARSE, "the request body is empty")),
        post("a NUL byte is a parse error", b"\0".to_vec(), Rpc(400, Value::Null, PARSE, "not one valid JSON")),
        post("a batch is an invalid request", format!("[{PING}]"),
             Rpc(400, Value::Null, INVALID_REQUEST, "batches are not supported")),
        post("a JSON string is an invalid request", r#""ping""#,
             Rpc(400, Value::Null, INVALID_REQUEST, "must be a JSON object")),
        post("an empty object is an invalid request", "{}",
             Rpc(400, Value::Null, INVALID_REQUEST, "'jsonrpc' must be")),
        post("jsonrpc 1.0 is an invalid request with its id", r#"{"jsonrpc":"1.0","id":11,"method":"ping"}"#,
             Rpc(400, json!(11), INVALID_REQUEST, "'jsonrpc' must be \"2.0\"")),
        post("a numeric method is an invalid request with its id", r#"{"jsonrpc":"2.0","id":12,"method":5}"#,
             Rpc(400, json!(12), INVALID_REQUEST, "'method' must be a string")),
        post("an object id cannot be echoed", r#"{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}"#,
             Rpc(400, Value::Null, INVALID_REQUEST, "'id' must be a string or an integer")),
        post("a message with neither method nor result is invalid", r#"{"jsonrpc":"2.0","id":13}"#,
             Rpc(400, json!(13), INVALID_REQUEST, "needs 'method'")),
        post("numeric params get their id back", r#"{"jsonrpc":"2.0","id":20,"method":"tools/call","params":5}"#,
             Rpc(400, json!(20), INVALID_PARAMS, "'params' must be an object")),
        post("tools/call without a name says so",
             r#"{"jsonrpc":"2.0","id":22,"method":"tools/call","params":{"arguments":{}}}"#,
             Rpc(400, json!(22), INVALID_PARAMS, "'params.name' is missing")),
        post("tools/call with a numeric name says so",
             r#"{"jsonrpc":"2.0","id":23,"method":"tools/call","params":{"name":7}}"#,
             Rpc(400, json!(23), INVALID_PARAMS, "'params.name' must be a string")),
        post("tools/call with list arguments says so",
             r#"{"jsonrpc":"2.0","id":25,"method":"tools/call","params":{"name":"getSelf","arguments":[1]}}"#,
             Rpc(400, json!(25), INVALID_PARAMS, "'params.arguments' must be an object")),
        post("a numeric protocolVersion names the field",
             r#"{"jsonrpc":"2.0","id":3,"method":"initialize","params":{"protocolVersion":20250618,"capabilities":{},"clientInfo":{"name":"c","version":"1"}}}"#,
             Rpc(400, json!(3), INVALID_PARAMS, "'params.protocolVersion' must be a string")).no_session(),
        post("an initialize without clientInfo names the field",
             r#"{"jsonrpc":"2.0","id":4,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{}}}"#,
             Rpc(400, json!(4), INVALID_PARAMS, "'params.clientInfo' is missing")).no_session(),
        post("a 1 MB method name comes back clipped", format!(r#"{{"jsonrpc":"2.0","id":31,"method":"{huge}"}}"#),
             Rpc(404, json!(31), NO_METHOD, "(1048576 characters)")),
        post("a byte-order mark before the message is tolerated", format!("\u{feff}{PING}"), Served),
    ]
}

/// The HTTP envelope: media types, methods, paths, sessions, tokens, protocol versions.
pub(super) fn envelope(other_session: &str) -> Vec<Case> {
    use Expect::*;
    let long_id = "s".repeat(8 * 1024);
    vec![
        post(
            "a body of another media type is refused with 415",
            PING,
            Http(415, "Content-Type must be application/json"),
        )
        .header("content-type", "text/plain"),
        post(
            "a client that does not accept event streams is refused with 406",
            PING,
            Http(406, "must accept both"),
        )
        .header("accept", "application/json"),
        post(
            "a GET without a session is refused",
            "",
            Http(400, "Session ID is required"),
        )
        .method("GET")
        .no_session(),
        post(
            "a legacy request without a session is refused",
            PING,
            Http(400, "Session ID is required"),
        )
        .no_session(),
        post("PUT is not a method of the endpoint", PING, Http(405, "")).method("PUT"),
        post("an unknown path is not found", PING, Http(404, "")).path("/mcp/tools"),
        post(
            "the endpoint's path is case-sensitive",
            initialize(1),
            Http(404, ""),
        )
        .path("/MCP")
        .no_session(),
        post("a dot-dot path does not reach the endpoint", PING, Http(404, "")).path("/healthz/../mcp/x"),
        post(
            "a bogus session id is not found",
            PING,
            Http(404, "Session not found"),
        )
        .session("not-a-session"),
        post(
            "an 8 KB session id is not found",
            PING,
            Http(404, "Session not found"),
        )
        .session(long_id),
        post(
            "an injected session id is not found",
            PING,
            Http(404, "Session not found"),
        )
        .session("' OR 1=1 --"),
        post(
            "DELETE of an unknown session is 404",
            "",
            Http(404, "nothing to delete"),
        )
        .method("DELETE")
        .session("0b6f3c1e-9d2a-4e5b-8c7d-1a2b3c4d5e6f"),
        post(
            "another token on a session is refused",
            PING,
            Http(403, "belongs to another Mist API token"),
        )
        .token(Some(mist_sim::SECOND_TOKEN)),
        post(
            "dropping the token on a bound session is refused",
            PING,
            Http(403, "belongs to another Mist API token"),
        )
        .token(None),
        post(
            "another token cannot end a session",
            "",
            Http(403, "belongs to another Mist API token"),
        )
        .method("DELETE")
        .session(other_session)
        .token(Some(mist_sim::SECOND_TOKEN)),
        post(
            "a token with spaces is a bad request",
            PING,
            Http(400, "contains spaces or control characters"),
        )
        .token(Some("simtoken main")),
        post(
            "an empty bearer token is a bad request",
            PING,
            Http(400, "the API token is empty"),
        )
        .token(None)
        .header("authorization", "Bearer"),
        post(
            "an unknown protocol version header is refused",
            PING,
            Http(400, "Unsupported MCP-Protocol-Version"),
        )
        .header("mcp-protocol-version", "banana"),
        post(
            "a future protocol version header is refused",
            PING,
            Http(400, "Unsupported MCP-Protocol-Version"),
        )
        .header("mcp-protocol-version", "2099-01-01"),
    ]
}

/// Query parameters of the endpoint URL: each names the parameter and what it takes.
pub(super) fn queries() -> Vec<Case> {
    use Expect::*;
    let init = |name, query: String, says| {
        post(name, initialize(1), Rpc(200, json!(1), INVALID_PARAMS, says))
            .no_session()
            .path(format!("/mcp?{query}"))
    };
    let huge = "q".repeat(8 * 1024);
    vec![
        init(
            "an unknown mode is named",
            "mode=turbo".into(),
            "unknown tool loading mode 'turbo'",
        ),
        init(
            "an unknown category is named",
            "mode=custom&categories=nope".into(),
            "unknown tool category 'nope'",
        ),
        init(
            "an injected category is named, not run",
            "mode=custom&categories=orgs%27%20OR%201%3D1--".into(),
            "unknown tool category",
        ),
        init(
            "custom mode without categories says what to add",
            "mode=custom".into(),
            "needs the categories",
        ),
        init(
            "an unknown parameter is named",
            "clodu=eu".into(),
            "unknown parameter",
        ),
        init(
            "an 8 KB mode comes back clipped",
            format!("mode={huge}"),
            "(8192 characters)",
        ),
        init(
            "an 8 KB category comes back clipped",
            format!("mode=custom&categories={huge}"),
            "(8192 characters)",
        ),
        init(
            "an 8 KB parameter name comes back clipped",
            format!("{huge}=1"),
            "(8192 characters)",
        ),
    ]
}

/// Tool calls in the session: names and arguments are refused before anything reaches Mist.
pub(super) fn calls(sim: &mist_sim::RunningSim) -> Vec<Case> {
    use Expect::*;
    let org = mist_sim::MAIN_ORG_ID;
    let huge = "t".repeat(1 << 20);
    let call = |name, id, tool: &str, args: Value, expect| post(name, call_line(id, tool, args), expect);
    let devices = |extra| args_with(sim, "searchOrgDevices", extra);
    vec![
        call(
            "an unknown tool is named",
            32,
            "getOrgz",
            json!({}),
            Rpc(200, json!(32), INVALID_PARAMS, "'getOrgz' is not a Mist tool"),
        ),
        call(
            "a 1 MB tool name comes back clipped",
            33,
            &huge,
            json!({}),
            Rpc(200, json!(33), INVALID_PARAMS, "(1048576 characters)"),
        ),
        call(
            "a unicode tool name is unknown",
            34,
            "getOrg\u{200b}",
            json!({}),
            Rpc(200, json!(34), INVALID_PARAMS, "unknown tool"),
        ),
        call(
            "an unknown argument is named",
            35,
            "getOrg",
            json!({"org_id": org, "orgid": 1}),
            Refused("unknown argument 'orgid'"),
        ),
        call(
            "a numeric org_id is refused",
            40,
            "getOrg",
            json!({"org_id": 42}),
            Refused("argument 'org_id' must be a string (uuid)"),
        ),
        call(
            "an injected org_id is refused",
            41,
            "getOrg",
            json!({"org_id": "' OR 1=1 --"}),
            Refused("must be a string (uuid)"),
        ),
        call(
            "a word for an integer is refused",
            43,
            "searchOrgDevices",
            devices(json!({"limit": "fifty"})),
            Refused("argument 'limit' must be an integer"),
        ),
        call(
            "'..' as a guest MAC is refused",
            60,
            "getOrgGuestAuthorization",
            json!({"org_id": org, "guest_mac": ".."}),
            Refused("must be a MAC address"),
        ),
        call(
            "a 1 MB hostname is an argument error",
            49,
            "searchOrgDevices",
            devices(json!({"hostname": huge})),
            Refused("argument 'hostname' must be a string of at most 2048 characters"),
        ),
        call(
            "query injection stays inside its value",
            82,
            "searchOrgDevices",
            devices(json!({"hostname": "x&org_id=other#frag"})),
            Served,
        ),
        call(
            "a unicode hostname filter is served",
            81,
            "searchOrgDevices",
            devices(json!({"hostname": "точка-доступа-☃"})),
            Served,
        ),
    ]
}

/// New sessions from a client address that holds its maximum (the server runs with
/// `--max-sessions-per-client=2` and the catalogue holds two): 503 with Retry-After, while the
/// sessions already open keep working.
pub(super) fn over_the_session_cap() -> Vec<Case> {
    use Expect::*;
    vec![
        post(
            "initialize past the per-client session cap",
            initialize(1),
            Http(503, "--max-sessions-per-client"),
        )
        .no_session(),
        post(
            "initialize without a token past the session cap",
            initialize(2),
            Http(503, "--max-sessions-per-client"),
        )
        .no_session()
        .token(None),
        post(
            "a batch holding an initialize past the session cap",
            format!("[{}]", initialize(3)),
            Rpc(400, Value::Null, INVALID_REQUEST, "batch"),
        )
        .no_session(),
    ]
}
