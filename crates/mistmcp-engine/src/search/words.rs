//! Words for matching: tool names split at their camelCase humps, text split at anything that
//! is not a letter or a digit, all lower case, plurals folded, a few synonyms mapped to the
//! word the catalog uses, and filler words dropped.
//!
//! The same function reads the catalog and the model's query, so "rogue APs" and
//! `listSiteRogueAps` meet on `rogue ap`.

/// The words of a camelCase or snake_case name, lower case, unfolded: `getSiteSLEMetrics` is
/// `get site sle metrics`.
pub(crate) fn split_name(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            flush(&mut current, &mut words);
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let boundary = match prev {
            Some(p) if p.is_alphanumeric() => {
                // `SLEMetrics` splits before the `M`, but `APs` is one word, a plural.
                let word_follows = next.is_some_and(char::is_lowercase)
                    && chars.get(i + 2).is_some_and(|c| c.is_lowercase());
                (c.is_uppercase() && p.is_lowercase())
                    || (c.is_uppercase() && p.is_uppercase() && word_follows)
                    || (c.is_ascii_digit() != p.is_ascii_digit())
            }
            _ => false,
        };
        if boundary {
            flush(&mut current, &mut words);
        }
        current.extend(c.to_lowercase());
    }
    flush(&mut current, &mut words);
    words
}

fn flush(current: &mut String, words: &mut Vec<String>) {
    if !current.is_empty() {
        words.push(std::mem::take(current));
    }
}

/// The matching terms of any text: names, descriptions, queries.
pub(crate) fn terms(text: &str) -> Vec<String> {
    let text = text.replace("Wi-Fi", "wifi").replace("wi-fi", "wifi");
    let mut out = Vec::new();
    for word in split_name(&text) {
        if STOP.contains(&word.as_str()) {
            continue;
        }
        let term = canonical(&fold(&word));
        if !term.is_empty() {
            out.push(term);
        }
    }
    out
}

/// Whether the text asks about several things ("devices"), which favours tools that list.
pub(crate) fn has_plural(text: &str) -> bool {
    split_name(text)
        .iter()
        .any(|w| w.len() > 3 && !STOP.contains(&w.as_str()) && fold(w) != *w)
}

/// Words that carry nothing a tool name could match.
const STOP: &[&str] = &[
    "a", "an", "the", "of", "for", "in", "on", "at", "to", "by", "with", "from", "our", "and", "or", "is",
    "are", "be", "what", "which", "who", "whose", "how", "do", "does", "i", "can", "there", "this", "that",
    "these", "those", "show", "give", "tell", "about", "their", "its", "it", "each", "per", "any", "mist",
    "all",
];

/// Plural to singular, for the regular English plurals the API uses.
pub(crate) fn fold(word: &str) -> String {
    let n = word.len();
    if n <= 2 || !word.is_ascii() {
        return word.to_owned();
    }
    if let Some(stem) = word.strip_suffix("ies").filter(|s| s.len() >= 2) {
        return format!("{stem}y");
    }
    for suffix in ["ches", "shes", "sses", "xes"] {
        if word.ends_with(suffix) {
            return word[..n - 2].to_owned();
        }
    }
    if word.ends_with('s') && !["ss", "us", "is"].iter().any(|s| word.ends_with(s)) {
        return word[..n - 1].to_owned();
    }
    word.to_owned()
}

/// Synonyms, mapped to the word the catalog's names use.
fn canonical(term: &str) -> String {
    let mapped = match term {
        "statistic" | "stat" => "stat",
        "configuration" | "conf" | "cfg" => "config",
        "firmware" | "release" => "version",
        "wifi" => "wireless",
        "organization" | "organisation" => "org",
        "alert" => "alarm",
        "number" | "many" | "total" | "tally" => "count",
        "application" => "app",
        "accesspoint" => "ap",
        "msp" => "msp",
        "admin" | "administrator" => "admin",
        "ssid" => "wlan",
        "my" | "me" | "mine" => "self",
        "find" | "lookup" | "query" => "search",
        "switche" => "switch",
        other => other,
    };
    mapped.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_names_split_at_humps_and_acronyms() {
        assert_eq!(split_name("getSiteSLEMetrics"), ["get", "site", "sle", "metrics"]);
        assert_eq!(split_name("listOrgApsMacs"), ["list", "org", "aps", "macs"]);
        assert_eq!(split_name("site_id"), ["site", "id"]);
        assert_eq!(split_name("band_24_channel"), ["band", "24", "channel"]);
    }

    #[test]
    fn plurals_and_synonyms_meet_the_catalog_words() {
        assert_eq!(terms("rogue APs"), ["rogue", "ap"]);
        assert_eq!(terms("device statistics"), ["device", "stat"]);
        assert_eq!(terms("switches policies status"), ["switch", "policy", "status"]);
        assert_eq!(terms("Wi-Fi clients of the org"), ["wireless", "client", "org"]);
        assert_eq!(terms("how many devices"), ["count", "device"]);
        assert_eq!(terms("listSiteRogueAPs"), ["list", "site", "rogue", "ap"]);
    }
}
