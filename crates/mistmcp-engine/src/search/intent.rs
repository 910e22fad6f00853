//! Whether a search asks to change something: only then do write tools join its hits.
//!
//! The catalog's write verbs come from the write operations' names, and several of them are
//! also the words of a read question: "configuration changes by admin" asks for audit logs,
//! "show me", "look up" and "monitor" ask to read, and "start" is mostly a time. A question
//! asks to write when it uses a verb of change as a verb: a plural or past form ("changes",
//! "updated") names what happened, not what to do.

use super::words::split_name;

/// Write verbs that read as questions about reading.
const READ_WORDS: &[&str] = &[
    "show", "lookup", "monitor", "export", "start", "two", "poll", "service", "cable", "post", "test",
    "validate", "verify", "control", "manage", "run", "arp",
];

/// Verbs of change a catalog name may not use but people do.
const CHANGE_WORDS: &[&str] = &[
    "make",
    "remove",
    "modify",
    "edit",
    "rename",
    "turn",
    "fix",
    "configure",
    "acknowledge",
    "block",
    "unblock",
    "new",
];

/// Whether `query` asks to change something, given the catalog's write verbs.
pub(crate) fn asks_to_write(query: &str, verbs: &[String]) -> bool {
    split_name(query).iter().any(|word| {
        let verb = verbs.iter().any(|v| v == word) && !READ_WORDS.contains(&word.as_str());
        verb || CHANGE_WORDS.contains(&word.as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verbs() -> Vec<String> {
        mist_catalog::catalog().write_verbs.clone()
    }

    #[test]
    fn a_verb_of_change_asks_to_write() {
        for query in [
            "create a wlan",
            "delete the guest wlan",
            "change the vlan of corp",
            "reboot ap-12",
            "rename the site",
            "acknowledge the alarm",
        ] {
            assert!(asks_to_write(query, &verbs()), "{query}");
        }
    }

    #[test]
    fn a_question_about_what_happened_or_what_is_does_not() {
        for query in [
            "audit logs configuration changes by admin",
            "show me the devices",
            "look up a client mac",
            "who updated the wlan",
            "devices upgraded last week",
            "start time of the event",
            "monitor the site health",
        ] {
            assert!(!asks_to_write(query, &verbs()), "{query}");
        }
    }
}
