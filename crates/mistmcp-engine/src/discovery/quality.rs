//! Search quality over the real catalog: every tool by the words of its own name, and
//! questions as a person would ask them. Run with `--nocapture` to see the figures.

use crate::search::index::{SearchIndex, name_as_query};

fn index() -> SearchIndex {
    SearchIndex::new(mist_catalog::catalog())
}

/// 1-based rank of `tool` among the hits of `query`, if in the first `within`.
fn rank(index: &SearchIndex, query: &str, tool: &str, within: usize) -> Option<usize> {
    index
        .search(query, |_| true, within)
        .iter()
        .position(|h| h.tool.name == tool)
        .map(|p| p + 1)
}

#[test]
fn every_tool_is_in_the_top_five_for_the_words_of_its_own_name() {
    let index = index();
    let tools = &mist_catalog::catalog().tools;
    let mut first = 0;
    let mut missed = Vec::new();
    for tool in tools {
        match rank(&index, &name_as_query(&tool.name), &tool.name, 5) {
            Some(1) => first += 1,
            Some(_) => {}
            None => missed.push(tool.name.as_str()),
        }
    }
    let share = |n: usize| 100.0 * n as f64 / tools.len() as f64;
    eprintln!(
        "search by own name: {} tools, first {:.1} %, top 5 {:.1} %",
        tools.len(),
        share(first),
        share(tools.len() - missed.len())
    );
    assert!(
        missed.is_empty(),
        "not in the top 5 for their own name: {missed:?}"
    );
    assert!(share(first) >= 90.0, "only {:.1} % first", share(first));
}

/// Questions a model asks, and the tool each must find in its top 3.
const QUESTIONS: [(&str, &str); 30] = [
    ("stats of every device in the org", "listOrgDevicesStats"),
    ("rogue aps site", "listSiteRogueAPs"),
    (
        "firmware versions available for switches",
        "listOrgAvailableDeviceVersions",
    ),
    ("find a device by its mac address", "searchOrgDevices"),
    ("how many devices does the org have", "countOrgDevices"),
    (
        "wireless clients connected in the org",
        "searchOrgWirelessClients",
    ),
    ("past wifi client sessions", "searchOrgWirelessClientSessions"),
    ("alarms raised in the org", "searchOrgAlarms"),
    ("device events at a site", "searchSiteDeviceEvents"),
    ("webhook deliveries that failed", "searchOrgWebhooksDeliveries"),
    ("audit logs of admin changes in the org", "listOrgAuditLogs"),
    ("license summary", "getOrgLicensesSummary"),
    ("claimed devices in the inventory", "getOrgInventory"),
    ("which sle metrics does a site have", "listSiteSlesMetrics"),
    ("classifiers of an sle metric", "listSiteSleMetricClassifiers"),
    ("ssids configured in the org", "listOrgWlans"),
    ("site settings", "getSiteSetting"),
    ("api usage of my token", "getSelfApiUsage"),
    ("login failures of my account", "getSelfLoginFailures"),
    ("rf channel planning", "getSiteCurrentChannelPlanning"),
    ("rrm neighbors of the aps", "listSiteCurrentRrmNeighbors"),
    ("bgp peer stats", "searchOrgBgpStats"),
    ("vpn tunnel stats", "searchOrgTunnelsStats"),
    ("switch and gateway port stats", "searchOrgSwOrGwPorts"),
    ("nac clients", "searchOrgNacClients"),
    ("guest authorizations of a site", "listSiteAllGuestAuthorizations"),
    ("mist edge appliances", "listOrgMxEdges"),
    ("export the devices of a site", "exportSiteDevices"),
    ("client fingerprints", "searchOrgClientFingerprints"),
    ("floor plan maps of a site", "listSiteMaps"),
];

#[test]
fn thirty_questions_find_their_tool_in_the_top_three() {
    let index = index();
    let mut misses = Vec::new();
    let mut first = 0;
    for (question, tool) in QUESTIONS {
        assert!(
            mist_catalog::catalog().tool(tool).is_some(),
            "{tool} is in the catalog"
        );
        match rank(&index, question, tool, 3) {
            Some(1) => first += 1,
            Some(_) => {}
            None => {
                let top: Vec<&str> = index
                    .search(question, |_| true, 3)
                    .iter()
                    .map(|h| h.tool.name.as_str())
                    .collect();
                misses.push(format!("'{question}' wants {tool}, found {top:?}"));
            }
        }
    }
    eprintln!(
        "questions: {} of {} first, {} of {} in the top 3",
        first,
        QUESTIONS.len(),
        QUESTIONS.len() - misses.len(),
        QUESTIONS.len()
    );
    assert!(misses.is_empty(), "{misses:#?}");
}

#[test]
fn the_issues_three_examples_find_their_tools_in_the_top_three() {
    let index = index();
    let found = |q: &str, tools: &[&str]| {
        let top: Vec<String> = index
            .search(q, |_| true, 3)
            .iter()
            .map(|h| h.tool.name.clone())
            .collect();
        assert!(top.iter().any(|t| tools.contains(&t.as_str())), "'{q}': {top:?}");
    };
    found(
        "device stats",
        &[
            "listOrgDevicesStats",
            "getSiteDeviceStats",
            "listSiteDevicesStats",
        ],
    );
    found("rogue aps site", &["listSiteRogueAPs"]);
    found(
        "firmware versions switch",
        &[
            "listOrgAvailableDeviceVersions",
            "listSiteAvailableDeviceVersions",
        ],
    );
}

#[test]
fn plurals_and_word_order_do_not_matter() {
    let index = index();
    let top = |q: &str| index.search(q, |_| true, 1)[0].tool.name.clone();
    assert_eq!(top("rogue aps site"), top("site rogue ap"));
    assert_eq!(top("device events site"), top("sites devices event"));
}

#[test]
fn ten_hits_fit_in_two_kilobytes_of_text() {
    use crate::discovery::answers::{Reach, search};
    use crate::surface::{CategorySet, ToolMode, ToolRegistry};
    let registry = ToolRegistry::new(mist_catalog::catalog());
    let reach = Reach {
        access: crate::writes::Access::READ_ONLY,
        mode: ToolMode::Managed,
        enabled: CategorySet::EMPTY,
    };
    for query in ["org", "site stats", "search events", "list templates derived"] {
        let args = serde_json::json!({"query": query}).as_object().cloned();
        let answer = search(&registry, reach, args.as_ref()).unwrap();
        assert_eq!(answer["data"].as_array().unwrap().len(), 10, "{query}");
        let text = crate::executor::compact::render(&answer);
        assert!(text.len() <= 2048, "'{query}': {} bytes\n{text}", text.len());
    }
}
