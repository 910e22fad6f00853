//! The bad-input catalogue over stdio: malformed lines, wrong types, huge and unicode
//! strings, path traversal, injection, unknown tools and categories, wrong protocol versions.
//! Each case names the answer it must get, and a ping after every case proves the server
//! still serves. Cases whose arguments are refused also prove nothing reached Mist.

use crate::harness::raw_stdio::{INITIALIZE, RawClient, error_of, tool_text};
use crate::harness::stdio::*;
use serde_json::{Value, json};

pub(crate) mod cases;
mod path_cases;

use cases::*;

/// Answers past this length would mean a value was echoed whole.
const MAX_ANSWER_CHARS: usize = 4096;

async fn run(client: &mut RawClient, sim: &mist_sim::RunningSim, cases: Vec<Case>) -> usize {
    let n = cases.len();
    for case in cases {
        eprintln!("bad-input case: {}", case.name);
        let before = sim.stats().total;
        client.send(&case.line).await;
        let answer = match &case.expect {
            Expect::Silent => None,
            Expect::Rpc(Value::Null, ..) => Some(client.next().await.expect("an answer")),
            Expect::Rpc(id, ..) | Expect::Refused(id, _) | Expect::Served(id) => {
                let (answer, others) = client.answer_to(id).await;
                assert!(others.is_empty(), "{}: unexpected {others:?}", case.name);
                Some(answer)
            }
        };
        let stray = client.ping().await;
        assert!(stray.is_empty(), "{}: unexpected {stray:?}", case.name);
        let Some(answer) = answer else { continue };
        let text = answer.to_string();
        assert!(
            text.len() < MAX_ANSWER_CHARS,
            "{}: {} chars",
            case.name,
            text.len()
        );
        match case.expect {
            Expect::Silent => {}
            Expect::Rpc(id, code, says) => {
                let (got_code, message) =
                    error_of(&answer).unwrap_or_else(|| panic!("{}: {answer}", case.name));
                assert_eq!((&answer["id"], got_code), (&id, code), "{}: {message}", case.name);
                assert!(message.contains(says), "{}: {message}", case.name);
            }
            Expect::Refused(_, says) => {
                let (is_error, message) = tool_text(&answer);
                assert!(is_error && message.contains(says), "{}: {answer}", case.name);
                assert_eq!(sim.stats().total, before, "{}: nothing may reach Mist", case.name);
            }
            Expect::Served(_) => {
                let (is_error, message) = tool_text(&answer);
                assert!(!is_error, "{}: {message}", case.name);
            }
        }
    }
    n
}

#[tokio::test]
async fn every_bad_input_gets_its_answer_and_the_server_keeps_serving() {
    let sim = sim().await;
    let mut client = RawClient::spawn(Launch::against(&sim).arg("-m").arg("all").command());
    let mut total = run(&mut client, &sim, before_initialize()).await;
    client.send(INITIALIZE.as_bytes()).await;
    let (init, _) = client.answer_to(&json!("init")).await;
    assert!(init.get("result").is_some(), "{init}");
    client
        .send(br#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
        .await;
    total += run(&mut client, &sim, in_session(&sim)).await;
    let answer = client.call(json!("last"), "getSelf", json!({})).await;
    assert!(!tool_text(&answer).0, "a real call still works: {answer}");
    assert!(client.close_and_wait().await.success());

    let mut client = RawClient::spawn(Launch::against(&sim).command());
    client.initialize().await;
    total += run(&mut client, &sim, in_managed_session()).await;
    assert!(client.close_and_wait().await.success());
    assert!(total >= 75, "the catalogue holds {total} cases");
    eprintln!("bad-input catalogue: {total} cases");
}
