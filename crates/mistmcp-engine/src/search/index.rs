//! The ranked search behind `searchMistTools`.
//!
//! Every tool is a small document: the words of its name, of its category, of its parameter
//! names and of its description (see [`super::words`]). A query's words score by how rare they
//! are across the catalog (so `rogue` counts more than `org`) and by where they match (the name
//! counts most). Tools whose name the query covers, and covers tightly, rise to the top, so the
//! words of a tool's own name find that tool first. Built once per process, on first use.

use super::words::{has_plural, split_name, terms};
use mist_catalog::{Catalog, ToolDef};
use std::collections::{HashMap, HashSet};

/// How much a query word counts where it matches.
const IN_NAME: f32 = 3.0;
const IN_CATEGORY: f32 = 0.5;
const IN_PARAMS: f32 = 0.4;
const IN_DESCRIPTION: f32 = 1.0;
/// A query word that begins a name word, or that a name word begins ("config" and "configs").
const PREFIX_OF_NAME: f32 = 1.5;
/// Bonus, times the mean weight of the query's words, for a name the query covers: by the share
/// of the name's words matched, and once more when the query holds every word of the name. A
/// name's verb counts only when the query has one: people rarely say "get" or "search".
const COVERAGE: f32 = 3.0;
const WHOLE_NAME: f32 = 1.0;
/// Small nudges, times the mean weight: a count tool for a query that asks no count (down), a
/// listing tool for a query in the plural (up), an org-wide tool when no scope is named (up).
const UNASKED_COUNT: f32 = -0.5;
const PLURAL_LISTS: f32 = 0.3;
const ORG_WIDE: f32 = 0.1;
/// Against an MSP-wide tool the query does not ask for: a caller's scope is its org or site,
/// and the MSP's tool of the same words answers for every org it manages.
const MSP_UNASKED: f32 = -0.5;

/// What Mist calls devices: a description that names one speaks of devices.
const DEVICE_KINDS: [&str; 3] = ["ap", "switch", "gateway"];

/// The verbs tool names start with.
const VERBS: [&str; 4] = ["get", "list", "search", "count"];

/// What a query asks, beyond its words.
struct Query {
    words: Vec<String>,
    weights: Vec<f32>,
    mean: f32,
    plural: bool,
    scoped: bool,
}

struct Doc {
    tool: &'static ToolDef,
    name: Vec<String>,
    category: HashSet<String>,
    params: HashSet<String>,
    description: HashSet<String>,
}

/// The longest query read; the rest is ignored.
const MAX_QUERY_CHARS: usize = 256;

pub(crate) struct SearchIndex {
    docs: Vec<Doc>,
    /// In how many documents each term occurs.
    df: HashMap<String, u32>,
}

/// One search result.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub(crate) tool: &'static ToolDef,
    pub(crate) score: f32,
}

impl SearchIndex {
    /// The index of every read tool, workflows included.
    pub(crate) fn new(catalog: &'static Catalog) -> Self {
        Self::over(catalog.tools.iter().chain(&catalog.workflows))
    }

    /// An index over any set of catalog tools (the write tools have their own).
    pub(crate) fn over(tools: impl Iterator<Item = &'static ToolDef>) -> Self {
        let docs: Vec<Doc> = tools
            .map(|tool| {
                let mut name = terms(&tool.name);
                if tool.is_workflow() {
                    // A workflow's name is coined (`findMistEntity`) and says less than an
                    // operation's verb, object and scope; its title says what it finds.
                    name.extend(terms(&tool.title));
                }
                name.dedup();
                let mut description: HashSet<String> = terms(&tool.description).into_iter().collect();
                if DEVICE_KINDS.iter().any(|k| description.contains(*k)) {
                    description.insert("device".to_owned());
                }
                Doc {
                    tool,
                    name,
                    category: terms(&tool.category).into_iter().collect(),
                    params: tool.params.iter().flat_map(|p| terms(&p.name)).collect(),
                    description,
                }
            })
            .collect();
        let mut df: HashMap<String, u32> = HashMap::new();
        for doc in &docs {
            let mut seen: HashSet<&str> = HashSet::new();
            let all = doc
                .name
                .iter()
                .chain(&doc.category)
                .chain(&doc.params)
                .chain(&doc.description);
            for term in all {
                if seen.insert(term) {
                    *df.entry(term.clone()).or_default() += 1;
                }
            }
        }
        Self { docs, df }
    }

    fn idf(&self, term: &str) -> f32 {
        let n = self.docs.len() as f32;
        let df = self.df.get(term).copied().unwrap_or(0) as f32;
        (1.0 + n / (1.0 + df)).ln()
    }

    /// The best `limit` tools for `query` among those `keep` accepts, best first. Ties keep
    /// catalog order. A query with no usable words finds nothing.
    pub(crate) fn search(&self, query: &str, keep: impl Fn(&ToolDef) -> bool, limit: usize) -> Vec<Hit> {
        // Words past the first few hundred characters cannot change a ranking over tool names and
        // descriptions, and a hostile megabyte would otherwise be split and stemmed whole.
        let query = match query.char_indices().nth(MAX_QUERY_CHARS) {
            Some((cut, _)) => &query[..cut],
            None => query,
        };
        let mut words = terms(query);
        let mut seen = HashSet::new();
        words.retain(|w| seen.insert(w.clone()));
        if words.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut weights: Vec<f32> = words.iter().map(|w| self.idf(w)).collect();
        let mean = weights.iter().sum::<f32>() / weights.len() as f32;
        // A switch is a device: tools about devices of every kind answer about switches too,
        // so "device" joins a query that names a kind, at half weight.
        if words.iter().any(|w| DEVICE_KINDS.contains(&w.as_str())) && !words.iter().any(|w| w == "device") {
            weights.push(self.idf("device") / 2.0);
            words.push("device".to_owned());
        }
        let scoped = words.iter().any(|w| w == "org" || w == "site");
        let query = Query {
            words,
            weights,
            mean,
            plural: has_plural(query),
            scoped,
        };
        let mut hits: Vec<Hit> = self
            .docs
            .iter()
            .filter(|doc| keep(doc.tool))
            .filter_map(|doc| {
                let score = score(doc, &query);
                (score > 0.0).then_some(Hit {
                    tool: doc.tool,
                    score,
                })
            })
            .collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score));
        hits.truncate(limit);
        hits
    }
}

fn score(doc: &Doc, query: &Query) -> f32 {
    let mut total = 0.0;
    let mut in_name = 0usize;
    for (word, idf) in query.words.iter().zip(&query.weights) {
        let mut w = 0.0;
        if doc.name.iter().any(|t| t == word) {
            w += IN_NAME;
            in_name += 1;
        } else if word.len() >= 3
            && doc
                .name
                .iter()
                .any(|t| t.len() >= 3 && (t.starts_with(word.as_str()) || word.starts_with(t.as_str())))
        {
            w += PREFIX_OF_NAME;
        }
        if doc.category.contains(word) {
            w += IN_CATEGORY;
        }
        if doc.params.contains(word) {
            w += IN_PARAMS;
        }
        if doc.description.contains(word) {
            w += IN_DESCRIPTION;
        }
        total += idf * w;
    }
    if total == 0.0 {
        return 0.0;
    }
    let verb = doc.name.first().map(String::as_str).filter(|v| VERBS.contains(v));
    let asked = |v: &str| query.words.iter().any(|w| w == v);
    let unasked_verb = verb.is_some_and(|v| !asked(v));
    let name_len = (doc.name.len() - usize::from(unasked_verb)).max(1);
    let mean = query.mean;
    total += COVERAGE * mean * in_name as f32 / name_len as f32;
    if in_name >= name_len {
        total += WHOLE_NAME * mean;
    }
    if verb == Some("count") && unasked_verb {
        total += UNASKED_COUNT * mean;
    }
    if query.plural && matches!(verb, Some("list" | "search")) {
        total += PLURAL_LISTS * mean;
    }
    if !query.scoped && doc.name.iter().any(|t| t == "org") {
        total += ORG_WIDE * mean;
    }
    if !asked("msp") && doc.name.iter().any(|t| t == "msp") {
        total += MSP_UNASKED * mean;
    }
    total
}

/// The words of a tool's name as a query: `getSiteDeviceStats` is "get site device stats".
pub(crate) fn name_as_query(name: &str) -> String {
    split_name(name).join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_is_read_up_to_its_first_256_characters() {
        let index = SearchIndex::new(mist_catalog::catalog());
        let head = "org device stats ";
        let padded = format!("{head}{}", " ".repeat(MAX_QUERY_CHARS - head.len()));
        let long = format!("{padded}{}", "rogue ".repeat(100_000));
        let names = |query: &str| -> Vec<String> {
            index
                .search(query, |_| true, 5)
                .iter()
                .map(|h| h.tool.name.clone())
                .collect()
        };
        assert_eq!(names(&long), names(head));
        assert!(!names(head).is_empty());
    }
}
