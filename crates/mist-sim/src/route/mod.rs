//! Routing built from the catalog: every read operation's path template is compiled into a
//! segment tree ([`tree`]); the writes of the spec are routed the same way ([`writes`]).

mod tree;
pub(crate) mod writes;

use mist_catalog::{Catalog, ToolDef};
pub(crate) use tree::Tree;

/// Which object an operation's path hangs under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    Org,
    Site,
    /// `/api/v1/self/...`: the caller's own account.
    Caller,
    /// `/api/v1/const/...`: definitions that belong to no organisation.
    Const,
}

/// What the simulator needs to know about one catalog operation to answer it.
#[derive(Debug, Clone)]
pub(crate) struct Op {
    pub(crate) tool: &'static ToolDef,
    pub(crate) scope: Scope,
    /// Collection the operation reads: the path after the scope, without a trailing
    /// `count`/`search`/`derived` (`clients/events`, `webhooks/{webhook_id}/events`).
    pub(crate) key: String,
    /// A `.../derived` operation: the site's effective list, org-level objects included.
    pub(crate) derived: bool,
}

impl Op {
    fn new(tool: &'static ToolDef) -> Self {
        let (scope, key, derived) = scope_and_key(&tool.path);
        Self {
            tool,
            scope,
            key,
            derived,
        }
    }
}

/// The scope a path hangs under, its collection key (the path after the scope, without a
/// trailing `count`/`search`/`derived`) and whether it reads a `derived` view.
pub(crate) fn scope_and_key(path: &str) -> (Scope, String, bool) {
    let rest = path.trim_start_matches("/api/v1/");
    let mut segs: Vec<&str> = rest.split('/').collect();
    let scope = match segs.first().copied() {
        Some("orgs") => Scope::Org,
        Some("sites") => Scope::Site,
        Some("self") => Scope::Caller,
        _ => Scope::Const,
    };
    let skip = match scope {
        Scope::Org | Scope::Site => 2,
        Scope::Caller | Scope::Const => 1,
    };
    segs.drain(..skip.min(segs.len()));
    let mut derived = false;
    if let Some(last) = segs.last().copied() {
        if last == "count" || last == "search" {
            segs.pop();
        } else if last == "derived" {
            segs.pop();
            derived = true;
        }
    }
    let key = match segs.join("/").as_str() {
        // The spec spells this one path in the singular; it is the same data.
        "wan_client/events" => "wan_clients/events".to_string(),
        other => other.to_string(),
    };
    (scope, key, derived)
}

/// A matched request path.
#[derive(Debug)]
pub(crate) struct Matched<'a> {
    pub(crate) op: &'a Op,
    pub(crate) params: Vec<(&'a str, String)>,
}

impl Matched<'_> {
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Default)]
pub(crate) struct Routes {
    tree: Tree,
    pub(crate) ops: Vec<Op>,
}

impl Routes {
    pub(crate) fn new(catalog: &'static Catalog) -> Self {
        let mut routes = Routes::default();
        for tool in &catalog.tools {
            let idx = routes.ops.len();
            routes.ops.push(Op::new(tool));
            // Two tools with one path would be a catalog defect; the first one wins.
            routes.tree.insert(&tool.path, idx);
        }
        routes
    }

    pub(crate) fn find(&self, path: &str) -> Option<Matched<'_>> {
        let (idx, params) = self.tree.find(path)?;
        Some(Matched {
            op: &self.ops[idx],
            params,
        })
    }

    #[cfg(test)]
    pub(crate) fn by_name(&self, name: &str) -> Option<&Op> {
        self.ops.iter().find(|op| op.tool.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn routes() -> Routes {
        Routes::new(mist_catalog::catalog())
    }

    #[test]
    fn every_catalog_path_routes_to_its_own_tool() {
        let r = routes();
        for op in &r.ops {
            let path = op.tool.path.replace(['{', '}'], "");
            let m = r.find(&path).unwrap_or_else(|| panic!("{path} did not route"));
            assert_eq!(m.op.tool.name, op.tool.name, "{path}");
        }
    }

    #[test]
    fn literal_segment_beats_placeholder() {
        let r = routes();
        let m = r.find("/api/v1/orgs/o1/insights/sites-sle").unwrap();
        assert_eq!(m.op.tool.name, "getOrgSitesSle");
        let m = r.find("/api/v1/orgs/o1/insights/wifi").unwrap();
        assert_eq!(m.op.tool.name, "getOrgSle");
        assert_eq!(m.param("metric"), Some("wifi"));
        assert_eq!(m.param("org_id"), Some("o1"));
    }

    #[test]
    fn count_after_a_collection_counts_rather_than_reading_an_object_called_count() {
        let r = routes();
        let m = r.find("/api/v1/sites/s1/zones/count").unwrap();
        assert_eq!(m.op.tool.name, "countSiteZoneSessions");
        let m = r.find("/api/v1/sites/s1/zones/z1").unwrap();
        assert_eq!(m.op.tool.name, "getSiteZone");
    }

    #[test]
    fn unknown_paths_do_not_route() {
        let r = routes();
        assert!(r.find("/api/v1/orgs/o1/nothing-here").is_none());
        assert!(r.find("/api/v2/self").is_none());
    }

    #[test]
    fn keys_drop_scope_and_verb() {
        let r = routes();
        assert_eq!(
            r.by_name("searchOrgWirelessClientEvents").unwrap().key,
            "clients/events"
        );
        let derived = r.by_name("listSiteWlanDerived").unwrap();
        assert_eq!((derived.key.as_str(), derived.derived), ("wlans", true));
        assert_eq!(
            r.by_name("countOrgWanClientEvents").unwrap().key,
            "wan_clients/events"
        );
    }
}
