//! The shape engine's rules on small inline schemas, against a generated world.

use super::conform::{At, Conformer};
use super::{key_of, store};
use crate::config::SimConfig;
use crate::route::Routes;
use crate::world::World;
use crate::world::fields::Subject;
use serde_json::{Value, json};
use std::sync::{Arc, OnceLock};

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let routes = Routes::new(mist_catalog::catalog());
        World::generate(&SimConfig::default(), 1_790_000_000, &routes)
    })
}

fn fit(schema: Value, given: Option<Value>) -> Value {
    let w = world();
    let mut rng = crate::rng::Rng::new(1);
    let at = At {
        name: String::new(),
        path: "test".into(),
        depth: 0,
        subject: Arc::new(Subject::new(w, 0, None, "devices", 0, &mut rng)),
    };
    let c = Conformer {
        w,
        store: store::shapes(),
        complete: false,
        minimal: false,
        keep: &[],
    };
    c.fit(given.as_ref(), &schema, &at)
}

#[test]
fn a_single_value_becomes_a_list_where_the_schema_declares_one() {
    let schema = json!({"type": "object", "properties": {
        "hostname": {"type": "array", "items": {"type": "string"}},
        "vlan": {"type": "array", "items": {"type": "integer"}}
    }});
    let got = fit(schema, Some(json!({"hostname": "ap-01", "vlan": 30})));
    assert_eq!(got, json!({"hostname": ["ap-01"], "vlan": [30]}));
}

#[test]
fn booleans_and_numbers_take_the_declared_kind() {
    let schema = json!({"type": "object", "properties": {
        "enabled": {"type": "string", "enum": ["true", "false"]},
        "threshold": {"type": "string"},
        "count": {"type": "integer", "minimum": 1}
    }});
    let got = fit(schema, Some(json!({"enabled": true, "threshold": 5, "count": 0})));
    assert_eq!(got, json!({"enabled": "true", "threshold": "5", "count": 1}));
}

#[test]
fn a_closed_object_loses_undeclared_fields_and_gains_required_ones() {
    let schema = json!({"type": "object", "additionalProperties": false, "required": ["id", "org_id"],
        "properties": {"id": {"type": "string", "format": "uuid"}, "org_id": {"type": "string", "format": "uuid"}, "name": {"type": "string"}}});
    let got = fit(schema, Some(json!({"name": "lobby", "page": 2})));
    assert_eq!(got["name"], "lobby");
    assert!(got.get("page").is_none());
    assert_eq!(got["org_id"], world().orgs[0].id.as_str(), "the org in focus");
    assert!(
        world().knows(got["id"].as_str().unwrap()),
        "a generated id is accepted later"
    );
}

#[test]
fn a_record_takes_the_branch_its_fixed_fields_name() {
    let branch = |kind: &str, extra: &str| {
        json!({"type": "object", "additionalProperties": false, "properties": {
            "type": {"type": "string", "enum": [kind]}, "mac": {"type": "string"}, extra: {"type": "string"}
        }})
    };
    let schema = json!({"oneOf": [branch("ap", "lldp_port_id"), branch("switch", "role")]});
    let got = fit(
        schema,
        Some(json!({"type": "switch", "mac": "2c6bf5000001", "lldp_port_id": "ge-0/0/1"})),
    );
    assert_eq!(got, json!({"type": "switch", "mac": "2c6bf5000001"}));
}

#[test]
fn generated_text_comes_from_the_world_never_from_the_field_name() {
    let schema = json!({"type": "object", "required": ["ap_mac", "ssid", "portal_url", "note"], "properties": {
        "ap_mac": {"type": "string"}, "ssid": {"type": "string"}, "portal_url": {"type": "string"},
        "note": {"type": "string"}
    }});
    let got = fit(schema, None);
    let w = world();
    assert!(w.devices.iter().any(|d| d.mac == got["ap_mac"]), "{got}");
    assert!(got["portal_url"].as_str().unwrap().starts_with("https://"));
    for v in got.as_object().unwrap().values() {
        let text = v.as_str().unwrap();
        assert!(!text.starts_with("note-") && !text.starts_with("ssid-"), "{got}");
    }
}

#[test]
fn operation_ids_name_their_collection() {
    assert_eq!(key_of("listOrgNacPortals"), "nacportals");
    assert_eq!(key_of("getSiteStats"), "stats");
    assert_eq!(key_of("searchOrgWirelessClients"), "wirelessclients");
}
