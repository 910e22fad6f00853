//! Titles and descriptions composed from facts, for tools of the added categories.
//!
//! Nothing here reads the document's prose: the words come from the operation's name (its
//! verb and object), where it sits (org, site, MSP, the caller's own account, constants), the
//! ids it needs, the filters it takes, how it pages, and what each item of its answer holds.
//! The original's tools keep their hand-written words; these are for the rest of the API.

use mist_catalog::{Location, Pagination, Param, ResponseKind, ToolDef};

/// The longest description a tool may have (the catalog's tests hold every tool to it).
pub const MAX_DESCRIPTION: usize = 180;

/// Query parameters that page or bound a window rather than filter: said once, not listed.
const NOT_FILTERS: &[&str] = &[
    "limit",
    // Asks Mist for more, not for less.
    "mist_fields",
    "page",
    "search_after",
    "start",
    "end",
    "duration",
    "sort",
    "distinct",
    "interval",
];

/// Words written in capitals whatever the operation's name does with them.
const ACRONYMS: &[&str] = &[
    "aamw", "ap", "api", "bgp", "crl", "evpn", "gw", "ha", "idp", "iot", "jse", "jsi", "mfa", "ml", "msp",
    "nac", "ospf", "pbn", "plf", "pma", "psk", "qr", "rf", "rrm", "rssi", "saml", "scep", "sdk", "sirt",
    "sle", "sso", "ssr", "sw", "ui", "vc", "vm", "vpn", "wan", "wlan",
];

/// Scope words dropped from the object's name when they follow the verb: the scope is said
/// in its own words.
const SCOPE_WORDS: &[&str] = &["org", "site", "msp", "msps", "installer"];

/// Splits a camelCase name into words: `getOrgWLAN` → get, Org, WLAN; `listSiteAAMWProfiles`
/// → list, Site, AAMW, Profiles; `getOrg128TRegistration` → get, Org128T, Registration (digits
/// stay with the word before them, as in `Oauth2`).
pub fn split_words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let boundary = match prev {
            None => false,
            // A capital after a digit starts a word only when a small letter follows it:
            // `Oauth2Url` → Oauth2, Url but `Org128TRegistration` → Org128T, Registration.
            Some(p) if c.is_uppercase() && p.is_ascii_digit() => next.is_some_and(char::is_lowercase),
            Some(p) if c.is_uppercase() => {
                p.is_lowercase() || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            }
            Some(_) => c == '_',
        };
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        if c != '_' {
            current.push(c);
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// Words spelled their own way.
const SPELLINGS: &[(&str, &str)] = &[
    ("mx", "Mist"),
    ("wx", "WxLAN"),
    ("oauth2", "OAuth2"),
    ("oauth", "OAuth"),
    ("for2fa", "for 2FA"),
    ("e911", "E911"),
    ("org128t", "org 128T"),
    ("skyatp", "Sky ATP"),
];

/// One word as prose: acronyms in capitals, the rest in lower case.
fn prose(word: &str) -> String {
    let lower = word.to_lowercase();
    if let Some((_, spelled)) = SPELLINGS.iter().find(|(w, _)| *w == lower) {
        return (*spelled).to_owned();
    }
    if ACRONYMS.contains(&lower.as_str()) {
        return lower.to_uppercase();
    }
    // Plural acronyms keep a small s: SSOs, PSKs.
    match lower.strip_suffix('s') {
        Some(stem) if ACRONYMS.contains(&stem) => format!("{}s", stem.to_uppercase()),
        _ => lower,
    }
}

/// A title such as `List site zones`, from the tool's name.
pub fn title(name: &str) -> String {
    let words: Vec<String> = split_words(name).iter().map(|w| prose(w)).collect();
    let mut title = words.join(" ");
    if let Some(first) = title.get(..1) {
        title = format!("{}{}", first.to_uppercase(), &title[1..]);
    }
    title
}

/// Where the operation sits, in words.
fn scope(path: &str) -> &'static str {
    let rest = path.trim_start_matches("/api/v1/");
    match rest.split('/').next().unwrap_or_default() {
        "orgs" => "in an org",
        "sites" => "in a site",
        "msps" => "of an MSP",
        "self" => "of the calling admin or token",
        "const" => "(a Mist constant)",
        "installer" if rest.starts_with("installer/sites") => "for installers at a site",
        "installer" => "for installers in an org",
        _ => "for admin login",
    }
}

/// Verbs of operation names that are not verbs as written (or misspelled upstream).
const VERBS: &[(&str, &str)] = &[
    ("udpate", "Updates"),
    ("toogle", "Toggles"),
    ("setup", "Sets up"),
    ("login", "Logs in with"),
    ("logout", "Logs out"),
    ("lookup", "Looks up"),
    ("two", "Checks two"),
    ("bulk", "Bulk"),
    ("arp", "Runs ARP"),
    ("cable", "Runs a cable"),
    ("service", "Service"),
];

/// A verb in the third person: `create` → `Creates`, `apply` → `Applies`, `push` → `Pushes`.
fn third_person(verb: &str) -> String {
    let lower = verb.to_lowercase();
    if let Some((_, said)) = VERBS.iter().find(|(v, _)| *v == lower) {
        return (*said).to_owned();
    }
    let said = if lower.ends_with(['s', 'x', 'z']) || lower.ends_with("sh") || lower.ends_with("ch") {
        format!("{lower}es")
    } else if let Some(stem) = lower
        .strip_suffix('y')
        .filter(|s| !s.ends_with(['a', 'e', 'o', 'u']))
    {
        format!("{stem}ies")
    } else {
        format!("{lower}s")
    };
    let mut chars = said.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Composes the description of a write tool from its verb, object, scope, ids and the
/// top-level fields of its body (`fields`, required ones first).
pub fn write_description(tool: &ToolDef, fields: &[&str]) -> String {
    let (verb, object, scope, by) = pieces(tool);
    let mut text = format!("{} {object} {scope}{by}", third_person(&verb));
    let body = match tool.body {
        Some(mist_catalog::BodyType::Form) => Some("; takes a file upload (multipart), not a JSON body"),
        Some(mist_catalog::BodyType::Json) if tool.body_required => Some("; body required"),
        Some(mist_catalog::BodyType::Json) => Some("; body optional"),
        None => None,
    };
    if let Some(body) = body {
        append(&mut text, body);
    }
    if tool.destructive {
        append(&mut text, "; destructive");
    }
    append_list(&mut text, "; body fields ", fields);
    text.push('.');
    text
}

/// The verb, object, scope words and `by <ids>` of a tool's operation.
fn pieces(tool: &ToolDef) -> (String, String, &'static str, String) {
    let words = split_words(&tool.operation_id);
    let (verb, rest) = words
        .split_first()
        .map_or(("get", &[][..]), |(v, r)| (v.as_str(), r));
    let rest: Vec<&String> = match rest.split_first() {
        Some((first, tail)) if SCOPE_WORDS.contains(&first.to_lowercase().as_str()) && !tail.is_empty() => {
            tail.iter().collect()
        }
        _ => rest.iter().collect(),
    };
    let object = rest.iter().map(|w| prose(w)).collect::<Vec<_>>().join(" ");
    let ids: Vec<&str> = tool
        .params
        .iter()
        .filter(|p| p.location == Location::Path && !is_scope_param(tool, p))
        .map(|p| p.name.as_str())
        .collect();
    let by = if ids.is_empty() {
        String::new()
    } else {
        format!(" by {}", ids.join(" and "))
    };
    (verb.to_owned(), object, scope(&tool.path), by)
}

/// The opening clause: verb, object and scope.
fn opening(tool: &ToolDef) -> String {
    let (verb, object, scope, by) = pieces(tool);
    match verb.to_lowercase().as_str() {
        "list" => format!("Lists {object} {scope}{by}"),
        "count" => format!("Counts {object} {scope}{by}"),
        "search" => format!("Searches {object} {scope}{by}"),
        "download" => format!("Downloads {object} {scope}{by} as a file"),
        "get" if tool.response == ResponseKind::Text => {
            format!("Returns {object} {scope}{by} as text, not JSON")
        }
        "get" if ends_with_id(tool) => format!("Returns one {object} {scope}{by}"),
        "get" => format!("Returns {object} {scope}{by}"),
        other => format!("Reads the {other} {object} answer {scope}{by}"),
    }
}

/// Whether the path ends with the id of one object (`/zones/{zone_id}`), not the scope's own.
fn ends_with_id(tool: &ToolDef) -> bool {
    let Some(last) = tool.path.rsplit('/').next() else {
        return false;
    };
    let name = last.trim_start_matches('{').trim_end_matches('}');
    last.starts_with('{')
        && tool.param(name).is_some_and(|p| {
            !is_scope_param(tool, p)
                && (name.ends_with("_id") || name.ends_with("_mac") || name.ends_with("bssid"))
        })
}

/// The id that places the call (`org_id` of `/orgs/{org_id}`), said by the scope words.
fn is_scope_param(tool: &ToolDef, param: &Param) -> bool {
    let segments: Vec<&str> = tool.path.trim_start_matches("/api/v1/").split('/').collect();
    matches!(segments.as_slice(), [_, placeholder, ..] | [_, _, placeholder, ..]
        if *placeholder == format!("{{{}}}", param.name)
            && matches!(param.name.as_str(), "org_id" | "site_id" | "msp_id"))
}

/// Fields a reader looks for first; they lead the list of what items hold.
const KEY_FIELDS: &[&str] = &["id", "name", "mac", "type", "status", "site_id", "timestamp"];

/// Composes the description; `fields` are the item's top-level field names.
pub fn description(tool: &ToolDef, fields: &[&str]) -> String {
    let mut fields = fields.to_vec();
    fields.sort_by_key(|f| KEY_FIELDS.iter().position(|k| k == f).unwrap_or(KEY_FIELDS.len()));
    let mut text = opening(tool);
    let has = |name: &str| tool.param(name).is_some();
    let mut clauses: Vec<String> = Vec::new();
    if tool.pagination == Pagination::Count || has("distinct") {
        clauses.push("grouped by distinct".into());
    }
    if has("start") || has("duration") {
        clauses.push("over a time window".into());
    }
    match tool.pagination {
        Pagination::Search => clauses.push("pages by cursor".into()),
        Pagination::Page => clauses.push("pages by limit and page".into()),
        _ => {}
    }
    for clause in clauses {
        append(&mut text, &format!(", {clause}"));
    }
    let filters: Vec<&str> = tool
        .params
        .iter()
        .filter(|p| p.location == Location::Query && !NOT_FILTERS.contains(&p.name.as_str()))
        .map(|p| p.name.as_str())
        .collect();
    append_list(&mut text, "; filter by ", &filters);
    let lead = if tool.response == ResponseKind::Array || tool.item_in_results {
        "; items hold "
    } else {
        "; answer holds "
    };
    append_list(&mut text, lead, &fields);
    text.push('.');
    text
}

/// Appends `clause` when it fits.
fn append(text: &mut String, clause: &str) {
    if text.len() + clause.len() < MAX_DESCRIPTION {
        text.push_str(clause);
    }
}

/// Appends `lead` and as many names as fit, ending with `…` when some are left out.
fn append_list(text: &mut String, lead: &str, names: &[&str]) {
    let mut taken: Vec<&str> = Vec::new();
    // Room for the final full stop and an ellipsis.
    let room = MAX_DESCRIPTION.saturating_sub(text.len() + lead.len() + 5);
    let mut used = 0;
    for name in names {
        let cost = name.len() + if taken.is_empty() { 0 } else { 2 };
        if used + cost > room {
            break;
        }
        used += cost;
        taken.push(name);
    }
    if taken.is_empty() {
        return;
    }
    text.push_str(lead);
    text.push_str(&taken.join(", "));
    if taken.len() < names.len() {
        text.push_str(", …");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{param, tool};

    #[test]
    fn camel_case_names_split_into_words_with_acronyms_whole() {
        assert_eq!(split_words("getOrgWLAN"), ["get", "Org", "WLAN"]);
        assert_eq!(
            split_words("listSiteAAMWProfilesDerived"),
            ["list", "Site", "AAMW", "Profiles", "Derived"]
        );
        assert_eq!(
            split_words("getOrg128TRegistrationCommands"),
            ["get", "Org128T", "Registration", "Commands"]
        );
        assert_eq!(
            split_words("generateSecretFor2fa"),
            ["generate", "Secret", "For2fa"]
        );
        assert_eq!(
            split_words("getOauth2UrlForLinking"),
            ["get", "Oauth2", "Url", "For", "Linking"]
        );
    }

    #[test]
    fn a_write_says_its_verb_object_body_and_harm() {
        let mut delete = tool(
            "deleteSiteWlan",
            "/api/v1/sites/{site_id}/wlans/{wlan_id}",
            vec![param("site_id", Location::Path), param("wlan_id", Location::Path)],
            Pagination::None,
        );
        delete.method = mist_catalog::Method::Delete;
        delete.destructive = true;
        assert_eq!(
            write_description(&delete, &[]),
            "Deletes WLAN in a site by wlan_id; destructive."
        );
        let mut create = tool(
            "createSiteWlan",
            "/api/v1/sites/{site_id}/wlans",
            vec![param("site_id", Location::Path)],
            Pagination::None,
        );
        create.body = Some(mist_catalog::BodyType::Json);
        create.body_required = true;
        assert_eq!(
            write_description(&create, &["ssid", "enabled"]),
            "Creates WLAN in a site; body required; body fields ssid, enabled."
        );
        assert_eq!(third_person("apply"), "Applies");
        assert_eq!(third_person("push"), "Pushes");
        assert_eq!(third_person("replay"), "Replays");
    }

    #[test]
    fn titles_read_as_words_with_acronyms_in_capitals() {
        assert_eq!(title("listSiteRssiZones"), "List site RSSI zones");
        assert_eq!(title("listOrgPskPortals"), "List org PSK portals");
        assert_eq!(title("getOrgMxEdge"), "Get org Mist edge");
        assert_eq!(title("listMspSsos"), "List MSP SSOs");
        assert_eq!(title("getOauth2UrlForLinking"), "Get OAuth2 url for linking");
    }

    #[test]
    fn a_get_by_id_names_its_object_scope_id_and_fields() {
        let get = tool(
            "getSiteZone",
            "/api/v1/sites/{site_id}/zones/{zone_id}",
            vec![param("site_id", Location::Path), param("zone_id", Location::Path)],
            Pagination::None,
        );
        assert_eq!(
            description(&get, &["map_id", "id", "name"]),
            "Returns one zone in a site by zone_id; answer holds id, name, map_id."
        );
    }

    #[test]
    fn a_count_says_its_grouping_window_paging_and_filters_within_the_limit() {
        let mut params = vec![param("site_id", Location::Path)];
        for name in ["distinct", "start", "end", "limit", "ssid", "ap", "band"] {
            params.push(param(name, Location::Query));
        }
        let mut count = tool(
            "countSiteWirelessClients",
            "/api/v1/sites/{site_id}/clients/count",
            params,
            Pagination::Count,
        );
        count.item_in_results = true;
        let many: Vec<String> = (0..40).map(|i| format!("field_{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let text = description(&count, &many);
        assert!(
            text.starts_with(
                "Counts wireless clients in a site, grouped by distinct, over a time window; \
                 filter by ssid, ap, band; items hold field_0, "
            ),
            "{text}"
        );
        assert!(text.ends_with(", ….") && text.len() <= MAX_DESCRIPTION, "{text}");
    }
}
