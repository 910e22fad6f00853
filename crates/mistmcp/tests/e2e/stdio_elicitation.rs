//! Writes confirmed through the client over stdio: a client that declared elicitation is asked
//! with a form showing the plan, and only an Accept with `confirm: true` sends the write;
//! declining or cancelling sends nothing, says which, and is audited.

use crate::harness::stdio::*;
use crate::stdio_writes::{existing_wlan, with, wlan_path};
use rmcp::model::{
    CallToolResponse, ClientCapabilities, ClientConfig, ElicitRequestParams, ElicitResult, ElicitationAction,
    ErrorData, InputResponses, ProtocolVersion,
};
use rmcp::service::{RequestContext, RunningService};
use rmcp::transport::TokioChildProcess;
use rmcp::{ClientHandler, ClientLifecycleMode, ClientServiceExt, RoleClient, ServiceExt};
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// A client that declares elicitation, answers each question with the next scripted answer
/// and keeps the questions it was asked.
#[derive(Clone, Default)]
pub(crate) struct Person {
    answers: Arc<Mutex<VecDeque<ElicitResult>>>,
    asked: Arc<Mutex<Vec<Value>>>,
}

impl Person {
    pub(crate) fn answering(answers: Vec<ElicitResult>) -> Self {
        Person {
            answers: Arc::new(Mutex::new(answers.into())),
            asked: Arc::default(),
        }
    }

    pub(crate) fn asked(&self) -> Vec<Value> {
        self.asked.lock().unwrap().clone()
    }
}

impl ClientHandler for Person {
    fn get_info(&self) -> ClientConfig {
        let mut config = ClientConfig::default();
        config.protocol_version = ProtocolVersion::V_2025_06_18;
        config.capabilities = ClientCapabilities::builder().enable_elicitation().build();
        config
    }

    async fn create_elicitation(
        &self,
        request: ElicitRequestParams,
        _ctx: RequestContext<RoleClient>,
    ) -> Result<ElicitResult, ErrorData> {
        self.asked
            .lock()
            .unwrap()
            .push(serde_json::to_value(&request).unwrap());
        let next = self.answers.lock().unwrap().pop_front();
        Ok(next.unwrap_or_else(|| ElicitResult::new(ElicitationAction::Cancel)))
    }
}

fn accept(confirm: bool) -> ElicitResult {
    ElicitResult::new(ElicitationAction::Accept).with_content(json!({"confirm": confirm}))
}

pub(crate) async fn connect(launch: &Launch, person: &Person) -> RunningService<RoleClient, Person> {
    let transport = TokioChildProcess::new(launch.command()).expect("mistmcp spawns");
    person
        .clone()
        .serve(transport)
        .await
        .expect("MCP handshake succeeds")
}

fn renamed(args: &Value, ssid: &str) -> Value {
    with(args, json!({"body": {"ssid": ssid}}))
}

#[tokio::test]
async fn a_client_that_can_be_asked_sees_the_plan_and_only_an_accept_sends_the_write() {
    let sim = sim().await;
    let audit = std::env::temp_dir().join(format!("mistmcp-audit-elicit-{}.jsonl", std::process::id()));
    let _ = std::fs::remove_file(&audit);
    let launch =
        Launch::against(&sim).args(&["--enable-write-tools", "--audit-log", audit.to_str().unwrap()]);
    let person = Person::answering(vec![
        accept(true),
        ElicitResult::new(ElicitationAction::Decline),
        ElicitResult::new(ElicitationAction::Cancel),
        accept(false),
    ]);
    let client = connect(&launch, &person).await;
    let args = existing_wlan(&sim, &client).await;
    let path = wlan_path(&args);
    let before = sim.stats().path_count(&path);

    let sent = call(&client, "updateSiteWlan", renamed(&args, "asked-and-accepted")).await;
    assert_ne!(error_of(&sent)["kind"], "declined", "{}", text_of(&sent));
    assert!(
        data(&sent).get("confirmation_token").is_none(),
        "no token for a client that was asked"
    );
    assert_eq!(
        sim.stats().path_count(&path),
        before + 2,
        "the GET of the plan, then the write once"
    );
    let question = &person.asked()[0];
    assert_eq!(question["mode"], "form", "{question}");
    let message = question["message"].as_str().unwrap();
    assert!(message.contains("updateSiteWlan"), "{message}");
    assert!(
        message.contains(args["wlan_id"].as_str().unwrap()),
        "the target's id: {message}"
    );
    assert!(
        message.contains("- ssid: ") && message.contains("→ \"asked-and-accepted\""),
        "the change before → after: {message}"
    );
    assert_eq!(
        question["requestedSchema"]["properties"]["confirm"]["type"],
        "boolean"
    );

    for (word, ssid) in [
        ("declined", "declined"),
        ("cancelled", "cancelled"),
        ("declined", "unticked"),
    ] {
        let count = sim.stats().path_count(&path);
        let refused = call(&client, "updateSiteWlan", renamed(&args, ssid)).await;
        assert!(is_error(&refused));
        assert_eq!(error_of(&refused)["kind"], "declined");
        let text = text_of(&refused);
        assert!(
            text.contains(&format!("the user {word} the write; nothing was sent")),
            "{text}"
        );
        assert_eq!(
            sim.stats().path_count(&path),
            count + 1,
            "only the plan's GET for {ssid}"
        );
    }
    assert_eq!(person.asked().len(), 4, "each write was asked about once");
    client.cancel().await.ok();

    let lines: Vec<Value> = std::fs::read_to_string(&audit)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let outcomes: Vec<(&str, &str)> = lines
        .iter()
        .map(|l| (l["outcome"].as_str().unwrap(), l["detail"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(
        outcomes[..2],
        [("planned", "elicitation"), ("confirmed", "elicitation")]
    );
    assert!(matches!(outcomes[2].0, "done" | "failed"), "{outcomes:?}");
    assert_eq!(
        outcomes[3..],
        [
            ("planned", "elicitation"),
            ("declined", "declined"),
            ("planned", "elicitation"),
            ("declined", "cancelled"),
            ("planned", "elicitation"),
            ("declined", "declined"),
        ]
    );
    let _ = std::fs::remove_file(&audit);
}

#[tokio::test]
async fn with_confirmation_off_a_client_that_can_be_asked_is_not_asked() {
    let sim = sim().await;
    let launch = Launch::against(&sim).args(&["--enable-write-tools", "--confirm-writes", "never"]);
    let person = Person::answering(vec![]);
    let client = connect(&launch, &person).await;
    let args = existing_wlan(&sim, &client).await;
    let path = wlan_path(&args);
    let before = sim.stats().path_count(&path);
    let sent = call(&client, "updateSiteWlan", renamed(&args, "unattended")).await;
    assert_ne!(error_of(&sent)["kind"], "declined", "{}", text_of(&sent));
    assert!(person.asked().is_empty());
    assert_eq!(
        sim.stats().path_count(&path),
        before + 1,
        "the write alone, no plan"
    );
    client.cancel().await.ok();
}

#[tokio::test]
async fn a_client_without_elicitation_still_gets_a_plan_and_a_token() {
    let sim = sim().await;
    let client = Launch::against(&sim)
        .args(&["--enable-write-tools"])
        .connect()
        .await;
    let args = existing_wlan(&sim, &client).await;
    let path = wlan_path(&args);
    let before = sim.stats().path_count(&path);
    let planned = call(&client, "updateSiteWlan", renamed(&args, "by-token")).await;
    assert!(
        data(&planned)["confirmation_token"].is_string(),
        "{}",
        text_of(&planned)
    );
    assert_eq!(sim.stats().path_count(&path), before + 1, "only the plan's GET");
    client.cancel().await.ok();
}

async fn connect_stateless(launch: &Launch, person: &Person) -> RunningService<RoleClient, Person> {
    let transport = TokioChildProcess::new(launch.command()).expect("mistmcp spawns");
    let mode = ClientLifecycleMode::Discover {
        preferred_versions: vec![ProtocolVersion::V_2026_07_28],
    };
    person
        .clone()
        .serve_with_lifecycle(transport, mode)
        .await
        .expect("server/discover succeeds")
}

#[tokio::test]
async fn a_stateless_client_is_asked_through_an_input_required_round_and_only_an_accept_sends() {
    let sim = sim().await;
    let launch = Launch::against(&sim).args(&["--enable-write-tools"]);
    let person = Person::answering(vec![accept(true), ElicitResult::new(ElicitationAction::Decline)]);
    let client = connect_stateless(&launch, &person).await;
    let args = existing_wlan(&sim, &client).await;
    let path = wlan_path(&args);
    let before = sim.stats().path_count(&path);

    let sent = call(&client, "updateSiteWlan", renamed(&args, "asked-in-rounds")).await;
    assert!(
        !matches!(
            error_of(&sent)["kind"].as_str(),
            Some("declined" | "confirmation")
        ),
        "{}",
        text_of(&sent)
    );
    assert!(data(&sent).get("confirmation_token").is_none());
    assert_eq!(
        sim.stats().path_count(&path),
        before + 2,
        "the plan's GET, then the write once"
    );
    let asked = person.asked();
    assert_eq!(asked.len(), 1);
    let message = asked[0]["message"].as_str().unwrap();
    assert!(message.contains("→ \"asked-in-rounds\""), "{message}");

    let count = sim.stats().path_count(&path);
    let refused = call(&client, "updateSiteWlan", renamed(&args, "declined-in-rounds")).await;
    assert_eq!(error_of(&refused)["kind"], "declined", "{}", text_of(&refused));
    assert!(text_of(&refused).contains("the user declined the write; nothing was sent"));
    assert_eq!(sim.stats().path_count(&path), count + 1, "only the plan's GET");
    client.cancel().await.ok();
}

#[tokio::test]
async fn a_stateless_client_without_elicitation_gets_a_plan_and_a_token() {
    let sim = sim().await;
    let launch = Launch::against(&sim).args(&["--enable-write-tools"]);
    let client = launch
        .connect_stateless(Recorder::new(ProtocolVersion::V_2026_07_28))
        .await;
    let args = existing_wlan(&sim, &client).await;
    let planned = call(&client, "updateSiteWlan", renamed(&args, "by-token")).await;
    assert!(
        data(&planned)["confirmation_token"].is_string(),
        "{}",
        text_of(&planned)
    );
    client.cancel().await.ok();
}

#[tokio::test]
async fn a_round_trip_retry_with_another_body_is_refused_and_the_first_one_still_confirms() {
    let sim = sim().await;
    let launch = Launch::against(&sim).args(&["--enable-write-tools"]);
    let client = connect_stateless(&launch, &Person::default()).await;
    let args = existing_wlan(&sim, &client).await;
    let path = wlan_path(&args);
    let first = client
        .call_tool_once(params("updateSiteWlan", renamed(&args, "asked-about")))
        .await
        .unwrap();
    let CallToolResponse::InputRequired(round) = first else {
        panic!("a first round asks: {first:?}");
    };
    let state = round.request_state.clone().expect("the round carries its state");
    let question = serde_json::to_value(&round.input_requests).unwrap();
    assert_eq!(
        question["confirm_write"]["method"], "elicitation/create",
        "{question}"
    );
    let yes: InputResponses = [(
        "confirm_write".to_owned(),
        json!({"action": "accept", "content": {"confirm": true}}),
    )]
    .into();
    let count = sim.stats().path_count(&path);

    let swapped = params("updateSiteWlan", renamed(&args, "something-else"))
        .with_request_state(state.clone())
        .with_input_responses(yes.clone());
    let CallToolResponse::Complete(refused) = client.call_tool_once(swapped).await.unwrap() else {
        panic!("a retry completes");
    };
    assert_eq!(
        error_of(&refused)["reason"],
        "body_changed",
        "{}",
        text_of(&refused)
    );
    assert_eq!(sim.stats().path_count(&path), count, "nothing was sent");

    let same = params("updateSiteWlan", renamed(&args, "asked-about"))
        .with_request_state(state)
        .with_input_responses(yes);
    let CallToolResponse::Complete(sent) = client.call_tool_once(same).await.unwrap() else {
        panic!("a retry completes");
    };
    assert!(
        !matches!(
            error_of(&sent)["kind"].as_str(),
            Some("declined" | "confirmation")
        ),
        "{}",
        text_of(&sent)
    );
    assert_eq!(sim.stats().path_count(&path), count + 1, "sent once");
    client.cancel().await.ok();
}
