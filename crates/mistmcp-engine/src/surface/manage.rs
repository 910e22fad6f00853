//! What `manageMcpTools` does to a session's categories, and how it reports it.

use super::categories::{CategorySet, UnknownCategory, parse_list};
use super::own_names::ORIGINAL_ENABLE;
use crate::suggest::closest;
use crate::writes::Access;
use mist_catalog::Catalog;
use mist_client::echo::{clip, clip_json};
use serde_json::{Map, Value, json};

/// A validated request to change the enabled categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ManageRequest {
    pub(crate) enable: CategorySet,
    pub(crate) disable: CategorySet,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ManageError {
    Unknown(UnknownCategory),
    BadArgument { field: &'static str, given: String },
    UnexpectedArgument(String),
    Both(Vec<String>),
}

impl std::fmt::Display for ManageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ManageError::Unknown(e) => write!(f, "{e}"),
            ManageError::BadArgument { field, given } => write!(
                f,
                "argument '{field}' must be a list of category names or a comma-separated \
                 string; got {given}"
            ),
            ManageError::UnexpectedArgument(name) => {
                write!(f, "unknown argument '{name}'")?;
                if let Some(near) = closest(name, ARGUMENTS, 1).first() {
                    write!(f, " (did you mean '{near}'?)")?;
                }
                write!(f, "; manageMcpTools takes 'enable' and 'disable'")
            }
            ManageError::Both(names) => write!(
                f,
                "categories named in both 'enable' and 'disable': {}; name each once",
                names.join(", ")
            ),
        }
    }
}

/// The arguments `manageMcpTools` takes.
const ARGUMENTS: [&str; 3] = ["enable", "disable", ORIGINAL_ENABLE];

impl ManageRequest {
    pub(crate) fn parse(catalog: &Catalog, args: Option<&Map<String, Value>>) -> Result<Self, ManageError> {
        let mut request = ManageRequest {
            enable: CategorySet::EMPTY,
            disable: CategorySet::EMPTY,
        };
        let Some(args) = args else { return Ok(request) };
        for (key, value) in args {
            let field = match key.as_str() {
                "enable" => "enable",
                "disable" => "disable",
                ORIGINAL_ENABLE => ORIGINAL_ENABLE,
                other => return Err(ManageError::UnexpectedArgument(clip(other).to_string())),
            };
            let set = names_of(catalog, field, value)?;
            if field == "disable" {
                request.disable = set;
            } else {
                request.enable = request.enable.union(set);
            }
        }
        let both = CategorySet::from_bits(request.enable.bits() & request.disable.bits());
        if !both.is_empty() {
            return Err(ManageError::Both(
                both.names(catalog).iter().map(|s| s.to_string()).collect(),
            ));
        }
        Ok(request)
    }

    pub(crate) fn apply(self, current: CategorySet) -> CategorySet {
        current.union(self.enable).minus(self.disable)
    }
}

fn names_of(catalog: &Catalog, field: &'static str, value: &Value) -> Result<CategorySet, ManageError> {
    let bad = || ManageError::BadArgument {
        field,
        given: clip_json(value),
    };
    match value {
        Value::Null => Ok(CategorySet::EMPTY),
        Value::String(s) => parse_list(catalog, [s.as_str()]).map_err(ManageError::Unknown),
        Value::Array(items) => {
            let mut names = Vec::with_capacity(items.len());
            for item in items {
                names.push(item.as_str().ok_or_else(bad)?);
            }
            parse_list(catalog, names).map_err(ManageError::Unknown)
        }
        _ => Err(bad()),
    }
}

/// The structured answer: what changed and what is now available. Every category with its
/// size and what it holds comes with it when nothing changed (a call to look around).
///
/// The tools added are every tool the list gains: the reads of the new categories and the
/// writes among them that `access` allows (enabling `sites_wlans` with writes on adds nine
/// writes beside its eight reads, and the report says so).
pub(crate) fn report(
    catalog: &Catalog,
    access: Access,
    before: CategorySet,
    after: CategorySet,
    lists_refresh: bool,
) -> Value {
    let added = after.minus(before);
    let removed = before.minus(after);
    let (reads, writes) = tools_added(catalog, access, added);
    let mut summary = change_summary(catalog, added, removed, &reads, &writes);
    if !added.is_empty() {
        summary.push_str(if lists_refresh {
            " The new tools are in your tool list; if your client does not show them, call them \
             through callMistTool."
        } else {
            " Call the new tools through callMistTool (tool name plus arguments)."
        });
    }
    let mut out = json!({
        "summary": summary,
        "enabled_categories": after.names(catalog),
        "newly_enabled_tools": reads.iter().chain(&writes).collect::<Vec<_>>(),
        "disabled_categories": removed.names(catalog),
        "available_categories": catalog.categories.iter()
            .filter(|c| !after.names(catalog).contains(&c.name.as_str()))
            .map(|c| c.name.as_str()).collect::<Vec<_>>(),
    });
    if before == after {
        out["categories"] = catalog
            .categories
            .iter()
            .map(|c| json!({"name": c.name, "tools": c.tools.len(), "description": c.description}))
            .collect();
    }
    out
}

/// The tools enabling `added` brings: the reads of its categories, and the writes among them
/// that `access` allows.
fn tools_added(catalog: &Catalog, access: Access, added: CategorySet) -> (Vec<&str>, Vec<&str>) {
    let names = added.names(catalog);
    let reads: Vec<&str> = names
        .iter()
        .flat_map(|name| catalog.tools_in(name).map(|t| t.name.as_str()))
        .collect();
    let writes: Vec<&str> = catalog
        .write_tools()
        .iter()
        .filter(|t| names.contains(&t.category.as_str()) && access.allows(t))
        .map(|t| t.name.as_str())
        .collect();
    (reads, writes)
}

/// One sentence per kind of change: the categories enabled with how many tools they bring,
/// then those disabled; "No change." when there is none.
fn change_summary(
    catalog: &Catalog,
    added: CategorySet,
    removed: CategorySet,
    reads: &[&str],
    writes: &[&str],
) -> String {
    if added.is_empty() && removed.is_empty() {
        return "No change.".to_owned();
    }
    let mut parts = Vec::new();
    if !added.is_empty() {
        let kinds = if writes.is_empty() {
            format!("{} read tools", reads.len())
        } else {
            format!("{} read tools and {} write tools", reads.len(), writes.len())
        };
        parts.push(format!("Enabled {} ({kinds}).", added.names(catalog).join(", ")));
    }
    if !removed.is_empty() {
        parts.push(format!("Disabled {}.", removed.names(catalog).join(", ")));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn enable_accepts_lists_strings_and_spellings() {
        let c = mist_catalog::catalog();
        let r = ManageRequest::parse(c, Some(&args(json!({"enable": ["Orgs Stats", "sites"]})))).unwrap();
        assert_eq!(r.enable.names(c), vec!["orgs_stats", "sites"]);
        let r = ManageRequest::parse(c, Some(&args(json!({"enable": " orgs_stats , devices"})))).unwrap();
        assert_eq!(r.enable.names(c), vec!["devices", "orgs_stats"]);
    }

    #[test]
    fn the_python_originals_argument_name_enables_too() {
        let c = mist_catalog::catalog();
        let r = ManageRequest::parse(
            c,
            Some(&args(
                json!({"enable_mcp_tools_categories": "orgs, sites", "enable": ["devices"]}),
            )),
        )
        .unwrap();
        assert_eq!(r.enable.names(c), vec!["devices", "orgs", "sites"]);
    }

    #[test]
    fn disabling_removes_only_what_is_named() {
        let c = mist_catalog::catalog();
        let start = ManageRequest::parse(c, Some(&args(json!({"enable": "orgs,sites"}))))
            .unwrap()
            .apply(CategorySet::EMPTY);
        let after = ManageRequest::parse(c, Some(&args(json!({"disable": ["orgs"]}))))
            .unwrap()
            .apply(start);
        assert_eq!(after.names(c), vec!["sites"]);
    }

    #[test]
    fn bad_input_names_the_field_and_the_fix() {
        let c = mist_catalog::catalog();
        let e = ManageRequest::parse(c, Some(&args(json!({"enable": 3}))))
            .unwrap_err()
            .to_string();
        assert!(e.contains("'enable'") && e.contains("comma-separated"), "{e}");
        let e = ManageRequest::parse(c, Some(&args(json!({"enable": "nope"}))))
            .unwrap_err()
            .to_string();
        assert!(e.contains("'nope'") && e.contains("orgs_stats"), "{e}");
        let e = ManageRequest::parse(c, Some(&args(json!({"categories": "orgs"}))))
            .unwrap_err()
            .to_string();
        assert!(e.contains("'categories'") && e.contains("'enable'"), "{e}");
        let e = ManageRequest::parse(c, Some(&args(json!({"enabel": "orgs"}))))
            .unwrap_err()
            .to_string();
        assert!(e.contains("did you mean 'enable'"), "{e}");
        let e = ManageRequest::parse(c, Some(&args(json!({"enable": "orgs", "disable": "orgs"}))))
            .unwrap_err()
            .to_string();
        assert!(e.contains("both"), "{e}");
    }

    #[test]
    fn the_report_lists_new_tools_and_remaining_categories() {
        let c = mist_catalog::catalog();
        let after = ManageRequest::parse(c, Some(&args(json!({"enable": "orgs"}))))
            .unwrap()
            .apply(CategorySet::EMPTY);
        let r = report(c, Access::default(), CategorySet::EMPTY, after, true);
        assert!(
            r["newly_enabled_tools"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t == "getOrg")
        );
        assert!(
            !r["available_categories"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t == "orgs")
        );
        assert!(r["summary"].as_str().unwrap().contains("Enabled orgs"));
    }

    #[test]
    fn the_report_counts_the_write_tools_a_category_adds_when_writes_are_on() {
        let c = mist_catalog::catalog();
        let after = ManageRequest::parse(c, Some(&args(json!({"enable": "sites_wlans"}))))
            .unwrap()
            .apply(CategorySet::EMPTY);
        let options = crate::writes::options::WriteOptions {
            writes: true,
            ..Default::default()
        };
        let r = report(c, Access::of(&options), CategorySet::EMPTY, after, true);
        let tools = r["newly_enabled_tools"].as_array().unwrap();
        assert!(tools.iter().any(|t| t == "createSiteWlan"), "{r}");
        assert!(tools.iter().any(|t| t == "listSiteWlans"), "{r}");
        let summary = r["summary"].as_str().unwrap();
        assert!(
            summary.contains("read tools and") && summary.contains("write tools"),
            "{summary}"
        );
        let reads_only = report(c, Access::default(), CategorySet::EMPTY, after, true);
        assert!(
            !reads_only["newly_enabled_tools"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t == "createSiteWlan")
        );
    }
}
