//! `mistmcp call TOOL [key=value ...] [--json '{...}']`: runs one tool once and prints its
//! answer. The arguments go through the same checks as over MCP, and the answer is the one a
//! model would read (`--output json` prints the structured envelope instead).

use super::Output;
use super::stdout::outln;
use super::{EXIT_BAD_CONFIG, EXIT_FAILED, EXIT_OK};
use crate::config::Config;
use crate::config::cli::Cli;
use crate::server::answer;
use mist_client::MistClient;
use mistmcp_engine::ToolRegistry;
use mistmcp_engine::ToolView;
use mistmcp_engine::WriteGate;
use mistmcp_engine::{Call, CallOptions, Caller, Executor, Outcome, Tools};
use rmcp::model::CallToolResult;
use serde_json::{Map, Value};
use std::sync::Arc;

/// What `call` was asked to run.
#[derive(Debug, Clone)]
pub(super) struct Ask {
    pub tool: String,
    pub pairs: Vec<String>,
    pub json: Option<String>,
    pub output: Output,
}

pub(super) fn run(ask: Ask, mut cli: Cli, env: &dyn Fn(&str) -> Option<String>) -> u8 {
    // A call uses the credentials a stdio server would, whatever transport is configured.
    cli.transport = None;
    let arguments = match arguments(&ask.pairs, ask.json.as_deref()) {
        Ok(arguments) => arguments,
        Err(e) => {
            eprintln!("mistmcp: error: {e}");
            return EXIT_BAD_CONFIG;
        }
    };
    let config = match Config::from_cli(cli, env) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("mistmcp: error: {e}");
            return EXIT_BAD_CONFIG;
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("mistmcp: error: cannot start the async runtime: {e}");
            return EXIT_FAILED;
        }
    };
    let answer = match runtime.block_on(call(&config, &ask.tool, &arguments)) {
        Ok(answer) => answer,
        Err(e) => {
            eprintln!("mistmcp: error: {e}");
            return EXIT_BAD_CONFIG;
        }
    };
    print(&answer, ask.output)
}

/// The tool's answer, or why the call could not be made at all. The call goes through the
/// engine as an MCP call does, from a one-shot caller: it runs reads, search and describe.
async fn call(config: &Config, name: &str, arguments: &Map<String, Value>) -> Result<CallToolResult, String> {
    let writes = WriteGate::new(config.writes.clone())?;
    let client = MistClient::new(config.client.client_settings(config.request_timeout))?;
    let executor = Executor::new(client, config.client.limits());
    let tools = Tools {
        registry: Arc::new(ToolRegistry::embedded()),
        executor,
        writes,
    };
    // Only a catalog read needs a Mist connection (the engine refuses a write or an unknown
    // name without one, and the server's own tools need none); a failure to make one is the
    // command's error, not the tool's.
    let reads_mist = tools
        .registry
        .catalog()
        .tool(name.trim())
        .is_some_and(|def| !def.is_write());
    let (target, _demo) = if reads_mist {
        let connection = super::connect::open(config).await.map_err(|e| e.to_string())?;
        (Ok(connection.target), connection.demo)
    } else {
        (Err(String::new()), None)
    };
    let caller = Caller {
        view: Arc::new(ToolView::new(config.mode, config.categories)),
        target,
        read_only: false,
        channel: "command".into(),
        one_shot: true,
    };
    let call = Call {
        name,
        arguments: Some(arguments),
        options: CallOptions::default(),
        ask: mistmcp_engine::Ask::No,
        session: None,
    };
    Ok(match tools.call(&caller, call).await {
        Ok(Outcome::Answer(envelope)) => answer::success(envelope),
        Ok(Outcome::InputRequired { .. }) => {
            return Err("a write asked for confirmation, which a one-shot command cannot give".into());
        }
        Err(failure) => answer::tool_error(&failure.error, &failure.tool),
    })
}

/// The text for a person, or the structured answer; a tool error goes to stderr and exits 1.
fn print(answer: &CallToolResult, output: Output) -> u8 {
    let failed = answer.is_error == Some(true);
    let text: Vec<&str> = answer
        .content
        .iter()
        .filter_map(|block| block.as_text().map(|t| t.text.as_str()))
        .collect();
    match (output, &answer.structured_content) {
        (Output::Json, Some(structured)) if !failed => outln!("{structured}"),
        (Output::Json, Some(structured)) => eprintln!("{structured}"),
        _ if failed => eprintln!("{}", text.join("\n")),
        _ => outln!("{}", text.join("\n")),
    }
    if failed { EXIT_FAILED } else { EXIT_OK }
}

/// The call's arguments: `--json` gives an object, each `key=value` sets one argument on top
/// (a value that starts with `{` or `[` is read as JSON, any other as text, which every
/// parameter type accepts).
fn arguments(pairs: &[String], json: Option<&str>) -> Result<Map<String, Value>, String> {
    let mut arguments = match json {
        None => Map::new(),
        Some(text) => match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => map,
            Ok(other) => {
                return Err(format!(
                    "--json must be a JSON object of arguments, e.g. '{{\"site_id\": \"...\"}}', not {}",
                    mist_client::echo::kind_of(&other)
                ));
            }
            Err(e) => {
                return Err(format!(
                    "--json is not valid JSON ({e}); quote it for the shell: --json '{{...}}'"
                ));
            }
        },
    };
    for pair in pairs {
        let Some((key, raw)) = pair.split_once('=') else {
            return Err(format!(
                "argument '{}' has no value: write key=value, e.g. site_id=...",
                mist_client::echo::clip(pair)
            ));
        };
        let key = key.trim();
        if key.is_empty() {
            return Err(format!(
                "argument '={}' has no name: write key=value",
                mist_client::echo::clip(raw)
            ));
        }
        let value = if raw.starts_with('{') || raw.starts_with('[') {
            serde_json::from_str(raw)
                .map_err(|e| format!("argument {key}: the value looks like JSON but is not valid ({e})"))?
        } else {
            Value::String(raw.to_owned())
        };
        if arguments.insert(key.to_owned(), value).is_some() {
            return Err(format!("argument {key} is given twice: keep one"));
        }
    }
    Ok(arguments)
}

#[cfg(test)]
mod tests {
    use super::arguments;
    use serde_json::json;

    #[test]
    fn key_value_pairs_become_text_arguments_on_top_of_the_json_object() {
        let args = arguments(
            &["site_id=abc".into(), "limit=5".into()],
            Some(r#"{"duration": "1d"}"#),
        )
        .unwrap();
        assert_eq!(
            json!(args),
            json!({"duration": "1d", "site_id": "abc", "limit": "5"})
        );
    }

    #[test]
    fn a_value_in_brackets_is_read_as_json() {
        let args = arguments(&["ids=[1,2]".into()], None).unwrap();
        assert_eq!(args["ids"], json!([1, 2]));
    }

    #[test]
    fn a_pair_without_an_equals_sign_is_refused_with_the_form_to_use() {
        let error = arguments(&["site_id".into()], None).unwrap_err();
        assert!(error.contains("write key=value"), "{error}");
    }

    #[test]
    fn an_argument_given_twice_is_refused() {
        let error = arguments(&["a=1".into()], Some(r#"{"a": "2"}"#)).unwrap_err();
        assert!(error.contains("given twice"), "{error}");
    }

    #[test]
    fn json_that_is_not_an_object_is_refused_naming_what_it_was() {
        let error = arguments(&[], Some("[1]")).unwrap_err();
        assert!(error.contains("JSON object"), "{error}");
    }
}
