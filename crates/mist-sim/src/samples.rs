//! Valid arguments for any catalog tool, so tests can call every operation and get a 200.

use crate::world::{Device, DeviceKind, World, names};
use mist_catalog::{Location, ParamType, ToolDef};
use serde_json::{Map, Value, json};

/// The subject an SLE operation is asked about, chosen from the scopes the tool allows.
fn pick_scope(tool: &ToolDef) -> &str {
    let allowed = tool.param("scope").map(|p| &p.enum_values);
    match allowed {
        Some(list) if !list.is_empty() => {
            if list.iter().any(|v| v == "site") {
                "site"
            } else {
                list[0].as_str()
            }
        }
        _ => "site",
    }
}

impl World {
    fn sample_device<'a>(&'a self, site_id: &'a str, kind: DeviceKind) -> Option<&'a Device> {
        self.devices_at(site_id).find(|d| d.kind == kind)
    }

    fn pick(&self, key: &str, org_level: bool, site: usize, field: &str) -> Option<&str> {
        let c = self.collection(key)?;
        c.records
            .iter()
            .filter(|r| r.org == 0)
            .filter(|r| {
                if org_level {
                    r.site.is_none()
                } else {
                    r.site == Some(site)
                }
            })
            .chain(c.records.iter().filter(|r| r.org == 0))
            .find_map(|r| r.value.get(field).and_then(Value::as_str))
    }

    /// Values for every required parameter of `tool`, about the main organisation and its
    /// first site, for which the simulator answers 200.
    pub fn sample_args(&self, tool: &ToolDef) -> Map<String, Value> {
        let org_id = self.main_org().id.as_str();
        let site_idx = self.sites.iter().position(|s| s.org_id == org_id).unwrap_or(0);
        let site_id = self.sites.get(site_idx).map_or("", |s| s.id.as_str());
        let org_path = tool.path.starts_with("/api/v1/orgs/");
        let ap = self.sample_device(site_id, DeviceKind::Ap);
        let call = self.pick("stats/calls", false, site_idx, "mac");
        let client = self.clients_at(site_id).find(|c| !c.wired);
        let scope = pick_scope(tool);
        let (metric, classifier) = match scope {
            "switch" => names::WIRED_SLES[0],
            "gateway" => names::WAN_SLES[0],
            _ => names::WIFI_SLES[0],
        };
        let mut out = Map::new();
        for p in tool.params.iter().filter(|p| p.required) {
            if let Some(id) = self.listed_id(tool, p) {
                out.insert(p.name.clone(), json!(id));
                continue;
            }
            let v = match p.name.as_str() {
                "org_id" => json!(org_id),
                "site_id" => json!(site_id),
                "device_id" => json!(ap.map(|d| d.id.as_str())),
                "device_mac" => json!(ap.map(|d| d.mac.as_str())),
                "client_mac" => json!(call.or(client.map(|c| c.mac.as_str()))),
                "meeting_id" => json!(self.pick("stats/calls", false, site_idx, "meeting_id")),
                "guest_mac" => json!(self.pick("guests", false, site_idx, "mac")),
                "webhook_id" => json!(self.pick("webhooks", org_path, site_idx, "id")),
                "wxtag_id" => json!(self.pick("wxtags", true, site_idx, "id")),
                "alarmtemplate_id" => json!(self.pick("alarmtemplates", true, site_idx, "id")),
                "rfdiag_id" => json!(self.pick("rfdiags", false, site_idx, "id")),
                "rogue_bssid" => json!(self.pick("insights/rogues", false, site_idx, "bssid")),
                "upgrade_id" => json!(self.pick("ssr/upgrade", true, site_idx, "id")),
                "scope" => json!(scope),
                "scope_id" => json!(self.scope_id(scope, site_id)),
                "metric" if tool.path.contains("/sle/") => json!(metric),
                "metric" if tool.path.contains("/insights/device/") => json!("num_clients"),
                "metric" => json!(metric),
                "classifier" => json!(classifier[0]),
                "metrics" => json!("num_clients,bytes"),
                _ => self.fallback(p),
            };
            out.insert(p.name.clone(), v);
        }
        out
    }

    /// For a path id of an object another read lists (`/sites/{site_id}/zones/{zone_id}`): the
    /// id of the first such object of the main organisation (its first site for site paths).
    fn listed_id(&self, tool: &ToolDef, p: &mist_catalog::Param) -> Option<&str> {
        if p.location != Location::Path
            || matches!(
                p.name.as_str(),
                "org_id" | "site_id" | "device_id" | "client_mac" | "scope_id"
            )
        {
            return None;
        }
        let prefix = tool.path.split(&format!("{{{}}}", p.name)).next()?;
        // `usermac_id` is an id, `device_mac` a MAC.
        let field = if p.name.ends_with("_id") { "id" } else { "mac" };
        // A device's MAC names other devices only under their own collection.
        if p.name == "device_mac" && !prefix.ends_with("/otherdevices/") {
            return None;
        }
        if field == "mac" && !p.name.contains("mac") {
            return None;
        }
        let id = self.listed_under(prefix, field)?;
        // A record keyed by another kind of value (a MAC as id) does not fit a uuid parameter.
        (p.format.as_deref() != Some("uuid") || crate::ids::looks_like_uuid(id)).then_some(id)
    }

    /// `field` of the first object the collection at `prefix` (a path template up to an id)
    /// holds for the main organisation (its first site for site paths).
    fn listed_under(&self, prefix: &str, field: &str) -> Option<&str> {
        let (scope, key, _) = crate::route::scope_and_key(prefix.trim_end_matches('/'));
        let org_id = self.main_org().id.as_str();
        let site = self.sites.iter().position(|s| s.org_id == org_id).unwrap_or(0);
        self.pick(&key, scope != crate::route::Scope::Site, site, field)
    }

    /// A value for a parameter no rule above names: an allowed or default value, an id this
    /// world recognises (minted, so any tool accepts it), a device's MAC, or a word.
    fn fallback(&self, p: &mist_catalog::Param) -> Value {
        if let Some(v) = p.enum_values.iter().find(|v| !v.is_empty()) {
            return json!(v);
        }
        if let Some(d) = &p.default {
            return d.clone();
        }
        match p.ty {
            ParamType::Integer | ParamType::Number => json!(1),
            ParamType::Boolean => json!(true),
            ParamType::Array => json!([]),
            ParamType::String if crate::ids::is_id(p) => json!(crate::ids::mint(self.seed, &p.name)),
            ParamType::String if p.format.as_deref() == Some("mac") => {
                json!(self.devices.first().map_or("5c5b35000001", |d| d.mac.as_str()))
            }
            ParamType::String => json!("sample"),
        }
    }

    /// A write path template with its placeholders filled: the main organisation, its first
    /// site, an AP there, an object of the collection an id names (minted when the world holds
    /// none), and for other placeholders a value the read operations allow.
    pub(crate) fn sample_write_path(&self, template: &str) -> String {
        let org_id = self.main_org().id.as_str();
        let site_idx = self.sites.iter().position(|s| s.org_id == org_id).unwrap_or(0);
        let site_id = self.sites.get(site_idx).map_or("", |s| s.id.as_str());
        let ap = self.sample_device(site_id, DeviceKind::Ap);
        let mut out: Vec<String> = Vec::new();
        for seg in template.split('/') {
            let Some(name) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
                out.push(seg.to_string());
                continue;
            };
            let value = match name {
                "org_id" => org_id.to_string(),
                "site_id" | "scope_id" => site_id.to_string(),
                "device_id" => ap.map_or_else(String::new, |d| d.id.clone()),
                "scope" => "site".to_string(),
                "metric" => names::WIFI_SLES[0].0.to_string(),
                "rogue_bssid" => self
                    .pick("insights/rogues", false, site_idx, "bssid")
                    .unwrap_or_default()
                    .to_string(),
                n if n.contains("mac") => ap.map_or_else(String::new, |d| d.mac.clone()),
                n if n.ends_with("_id") => {
                    self.listed_under(&out.join("/"), "id")
                        .map(str::to_string)
                        // One id per path, so deleting one operation's object leaves another's.
                        .unwrap_or_else(|| crate::ids::mint(self.seed, &format!("{template}#{n}")))
                }
                n => read_param_sample(n),
            };
            out.push(value);
        }
        out.join("/")
    }

    fn scope_id(&self, scope: &str, site_id: &str) -> String {
        let device = |kind| self.sample_device(site_id, kind).map(|d| d.id.clone());
        match scope {
            "ap" => device(DeviceKind::Ap),
            "switch" => device(DeviceKind::Switch),
            "gateway" => device(DeviceKind::Gateway),
            "client" => self.clients_at(site_id).find(|c| !c.wired).map(|c| c.mac.clone()),
            _ => None,
        }
        .unwrap_or_else(|| site_id.to_string())
    }

    /// Path (placeholders filled) and query (required query parameters) for `tool`, built from
    /// [`World::sample_args`].
    pub fn sample_path(&self, tool: &ToolDef) -> String {
        let args = self.sample_args(tool);
        let text = |v: &Value| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let mut path = tool.path.clone();
        let mut query = form_urlencoded::Serializer::new(String::new());
        let mut any_query = false;
        for p in &tool.params {
            let Some(v) = args.get(&p.name) else {
                continue;
            };
            match p.location {
                Location::Path => path = path.replace(&format!("{{{}}}", p.name), &text(v)),
                Location::Query => {
                    query.append_pair(&p.name, &text(v));
                    any_query = true;
                }
            }
        }
        if any_query {
            format!("{path}?{}", query.finish())
        } else {
            path
        }
    }
}

/// A value the catalog's read operations allow for a path placeholder of this name: its first
/// allowed value, `1` for a number, else a word.
fn read_param_sample(name: &str) -> String {
    let params = mist_catalog::catalog()
        .tools
        .iter()
        .flat_map(|t| t.params.iter())
        .filter(|p| p.name == name);
    let mut fallback = "sample".to_string();
    for p in params {
        if let Some(v) = p.enum_values.first() {
            return v.clone();
        }
        if matches!(p.ty, ParamType::Integer | ParamType::Number) {
            fallback = "1".to_string();
        }
    }
    fallback
}
