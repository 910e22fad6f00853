//! `/api/v1/const/...`: definitions that do not depend on any organisation.

use super::Ctx;
use crate::reply::Reply;
use crate::route::Scope;
use crate::world::{names, radio};
use serde_json::{Value, json};

pub(super) fn answer(ctx: &Ctx<'_>) -> Option<Reply> {
    // MSP and installer paths share the scope but list real objects: they are answered below.
    if ctx.op.scope != Scope::Const || !ctx.op.tool.path.starts_with("/api/v1/const/") {
        return None;
    }
    let body = match ctx.op.key.as_str() {
        "ap_channels" => ap_channels(),
        "ap_led_status" => ap_leds(),
        "fingerprint_types" => fingerprint_types(),
        "insight_metrics" => insight_metrics(),
        "license_types" => license_types(),
        "webhook_topics" => webhook_topics(),
        "alarm_defs" => alarm_defs(),
        "device_events" => device_events(),
        "client_events" => client_events(),
        "device_models" => device_models(),
        _ if ctx.wants_array() => json!([]),
        _ => json!({}),
    };
    Some(Reply::json(&body))
}

fn ap_channels() -> Value {
    json!({
        "band24": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
        "band24_40mhz_allowed": false,
        "band5": [36, 40, 44, 48, 52, 56, 60, 64, 100, 104, 108, 112, 116, 132, 136, 140, 149, 153, 157, 161, 165],
        "band5_dfs": [52, 56, 60, 64, 100, 104, 108, 112, 116, 132, 136, 140],
        "band6": [1, 5, 9, 13, 17, 21, 25, 29, 33, 37, 41, 45, 49, 53, 57, 61, 65, 69, 73, 77, 81, 85, 89, 93],
        "certified": true,
        "key": "US",
        "name": "United States",
        "uses": "US",
    })
}

fn ap_leds() -> Value {
    let rows = [
        ("green", "solid", "connected to the cloud"),
        ("green", "blinking", "connected, locating"),
        ("yellow", "blinking 2", "no IP address from DHCP"),
        ("yellow", "blinking 3", "no default gateway"),
        ("yellow", "blinking 4", "DNS lookup failed"),
        ("yellow", "blinking 5", "cannot reach the cloud"),
        ("yellow", "blinking 6", "cloud rejected the device"),
        ("white", "solid", "booting"),
    ];
    rows.iter()
        .map(|(color, pattern, meaning)| json!({"color": color, "pattern": pattern, "status": meaning}))
        .collect()
}

fn fingerprint_types() -> Value {
    let families: Vec<&str> = names::CLIENT_KINDS.iter().map(|k| k.3).collect();
    let mfgs: Vec<&str> = names::CLIENT_KINDS.iter().map(|k| k.2).collect();
    let models: Vec<&str> = names::CLIENT_KINDS.iter().map(|k| k.4).collect();
    json!({
        "family": families, "mfg": mfgs, "model": models,
        "os_type": ["iOS", "macOS", "Android", "Windows", "Linux", "Embedded"],
    })
}

fn insight_metrics() -> Value {
    let mut m = serde_json::Map::new();
    for (name, unit, what) in [
        ("num_clients", "count", "clients connected"),
        ("bytes", "bytes", "traffic volume"),
        ("tx_bps", "bps", "transmit rate"),
        ("rx_bps", "bps", "receive rate"),
        ("rssi", "dBm", "client signal strength"),
        ("retry_rate", "%", "retransmitted frames"),
        ("cpu_util", "%", "device CPU use"),
    ] {
        m.insert(
            name.to_string(),
            json!({"unit": unit, "description": what, "intervals": ["10m", "1h", "1d"]}),
        );
    }
    Value::Object(m)
}

fn license_types() -> Value {
    let rows = [
        ("SUB-MAN", "Wi-Fi Management and Assurance"),
        ("SUB-VNA", "Marvis Virtual Network Assistant"),
        ("SUB-EX24", "Wired Assurance, 24-port switch"),
        ("SUB-EX48", "Wired Assurance, 48-port switch"),
        ("SUB-WAN1", "WAN Assurance, small branch"),
        ("SUB-AST", "Asset visibility"),
    ];
    rows.iter()
        .map(|(key, name)| json!({"key": key, "name": name, "description": name}))
        .collect()
}

fn webhook_topics() -> Value {
    [
        ("alarms", true),
        ("audits", false),
        ("device-updowns", true),
        ("device-events", true),
        ("client-join", true),
        ("occupancy-alerts", true),
        ("ping", true),
    ]
    .iter()
    .map(|(key, for_site)| json!({"key": key, "for_org": true, "for_site": for_site}))
    .collect()
}

/// Every alarm type the world raises, with the device list each names.
fn alarm_defs() -> Value {
    names::ALARMS
        .iter()
        .map(|(key, display, group, severity, list)| {
            json!({"key": key, "display": display, "group": group, "severity": severity, "fields": [list, "hostnames"]})
        })
        .collect()
}

/// Every device event type the world emits.
fn device_events() -> Value {
    names::DEVICE_EVENTS
        .iter()
        .map(|(key, display, device_type, _)| {
            json!({"key": key, "display": display, "group": device_type, "description": display})
        })
        .collect()
}

/// Every client event type the world emits.
fn client_events() -> Value {
    names::CLIENT_EVENTS
        .iter()
        .map(|(key, display, group)| json!({"key": key, "display": display, "group": group, "description": display}))
        .collect()
}

/// The device models of the world, APs with the bands they have radios for.
fn device_models() -> Value {
    let aps = names::AP_MODELS.iter().map(|model| {
        let bands = radio::model_bands(model);
        json!({
            "model": model, "type": "ap", "display": model, "description": format!("Mist {model} access point"),
            "has_wifi_band24": bands.contains(&"24"), "has_wifi_band5": bands.contains(&"5"),
            "has_wifi_band6": bands.contains(&"6"), "has_11ax": true,
            "band24": {"max_clients": 128}, "band5": {"max_clients": 128},
        })
    });
    let switches = names::SWITCH_MODELS
        .iter()
        .map(|model| json!({"model": model, "type": "switch", "display": model, "description": format!("Juniper {model} switch")}));
    let gateways = names::GATEWAY_MODELS
        .iter()
        .map(|model| json!({"model": model, "type": "gateway", "display": model, "description": format!("{model} WAN edge")}));
    aps.chain(switches).chain(gateways).collect()
}
