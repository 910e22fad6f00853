//! Word lists that make the synthetic organisation look like a real one.

/// (name, country code, timezone, street address, latitude, longitude)
pub const SITES: &[(&str, &str, &str, &str, f64, f64)] = &[
    (
        "Paris-HQ",
        "FR",
        "Europe/Paris",
        "12 Rue de la Paix, 75002 Paris",
        48.8686,
        2.3310,
    ),
    (
        "London-Office",
        "GB",
        "Europe/London",
        "30 St Mary Axe, London EC3A 8BF",
        51.5145,
        -0.0803,
    ),
    (
        "NewYork-Branch",
        "US",
        "America/New_York",
        "350 5th Ave, New York, NY 10118",
        40.7484,
        -73.9857,
    ),
    (
        "Tokyo-Lab",
        "JP",
        "Asia/Tokyo",
        "1-1-2 Oshiage, Sumida, Tokyo",
        35.7101,
        139.8107,
    ),
    (
        "Sydney-Store",
        "AU",
        "Australia/Sydney",
        "200 George St, Sydney NSW 2000",
        -33.8615,
        151.2079,
    ),
    (
        "Berlin-DC",
        "DE",
        "Europe/Berlin",
        "Alexanderplatz 1, 10178 Berlin",
        52.5219,
        13.4132,
    ),
    (
        "Madrid-Retail",
        "ES",
        "Europe/Madrid",
        "Gran Via 32, 28013 Madrid",
        40.4200,
        -3.7025,
    ),
    (
        "Toronto-Campus",
        "CA",
        "America/Toronto",
        "290 Bremner Blvd, Toronto, ON",
        43.6426,
        -79.3871,
    ),
    (
        "Singapore-Hub",
        "SG",
        "Asia/Singapore",
        "10 Bayfront Ave, Singapore 018956",
        1.2834,
        103.8607,
    ),
    (
        "Chicago-Warehouse",
        "US",
        "America/Chicago",
        "233 S Wacker Dr, Chicago, IL 60606",
        41.8789,
        -87.6359,
    ),
];

pub const SECOND_ORG_SITES: &[(&str, &str, &str, &str, f64, f64)] = &[
    (
        "Lyon-Clinic",
        "FR",
        "Europe/Paris",
        "5 Place Bellecour, 69002 Lyon",
        45.7578,
        4.8320,
    ),
    (
        "Geneva-Annex",
        "CH",
        "Europe/Zurich",
        "Rue du Rhone 48, 1204 Geneve",
        46.2035,
        6.1480,
    ),
];

pub const ORG_NAMES: [&str; 2] = ["Acme Retail Group", "Globex Health"];

pub const AP_MODELS: &[&str] = &["AP45", "AP34", "AP43", "AP32", "AP12"];
pub const AP_VERSIONS: &[&str] = &["0.14.29313", "0.14.29411", "0.12.27452"];
pub const SWITCH_MODELS: &[&str] = &["EX4100-48P", "EX2300-24P", "EX4400-48P"];
pub const SWITCH_VERSIONS: &[&str] = &["22.4R3-S2.11", "23.4R2-S3.9"];
pub const GATEWAY_MODELS: &[&str] = &["SRX320", "SSR120", "SRX345"];
pub const SRX_VERSIONS: &[&str] = &["22.4R3-S1.2", "23.2R2.21"];
pub const SSR_VERSIONS: &[&str] = &["6.2.5-5.r2", "6.3.0-107.r1"];

/// OUIs used for generated device and client MAC addresses.
/// Words for text fields nothing more is known about.
pub const PLAIN_WORDS: &[&str] = &[
    "default", "corp", "guest", "primary", "branch", "lab", "main", "backup",
];

pub const AP_OUI: &str = "5c5b35";
pub const SWITCH_OUI: &str = "2c6bf5";
pub const GATEWAY_OUI: &str = "f01c2d";
pub const CLIENT_OUIS: &[&str] = &["a4c3f0", "f0d5bf", "8c79f5", "3c6aa7", "b083fe", "dca632"];

/// (hostname stem, os, manufacture, family, model)
pub const CLIENT_KINDS: &[(&str, &str, &str, &str, &str)] = &[
    ("iPhone", "iOS 17.4", "Apple", "iPhone", "iPhone 15"),
    ("MacBook-Pro", "macOS 14.3", "Apple", "Mac", "MacBookPro18,3"),
    ("Galaxy-S23", "Android 14", "Samsung", "Phone", "SM-S911B"),
    ("LAPTOP", "Windows 11", "Intel", "Windows", "Latitude 7440"),
    ("iPad", "iPadOS 17.3", "Apple", "iPad", "iPad Air"),
    ("Pixel-8", "Android 14", "Google", "Phone", "Pixel 8"),
];

pub const FIRST_NAMES: &[&str] = &[
    "marie", "jean", "alice", "omar", "yuki", "lena", "carlos", "priya", "tom", "sofia", "ken", "ines",
];

/// (ssid, vlan, auth type)
pub const WLANS: &[(&str, u16, &str)] = &[("Corp", 10, "eap"), ("Guest", 30, "open"), ("IoT", 40, "psk")];

pub const WIRED_HOSTS: &[&str] = &["printer", "desk-phone", "camera", "badge-reader", "kiosk"];

pub const CLIENT_EVENT_TYPES: &[&str] = &[
    "CLIENT_ASSOCIATION",
    "CLIENT_AUTHENTICATED",
    "CLIENT_DHCP_SUCCESS",
    "CLIENT_DNS_OK",
    "CLIENT_ROAMED",
    "CLIENT_DEAUTHENTICATED",
    "CLIENT_AUTH_FAILURE",
    "CLIENT_DHCP_FAILURE",
];

pub const AP_EVENT_TYPES: &[&str] = &[
    "AP_CONNECTED",
    "AP_DISCONNECTED",
    "AP_RESTARTED",
    "AP_CONFIGURED",
    "AP_RADAR_DETECTED",
];
pub const SWITCH_EVENT_TYPES: &[&str] = &[
    "SW_CONFIGURED",
    "SW_PORT_UP",
    "SW_PORT_DOWN",
    "SW_RESTARTED",
    "SW_DOT1X_AUTH_FAIL",
];
pub const GATEWAY_EVENT_TYPES: &[&str] = &[
    "GW_CONFIGURED",
    "GW_VPN_PEER_UP",
    "GW_VPN_PEER_DOWN",
    "GW_PORT_UP",
    "GW_DHCP_POOL_EXHAUSTED",
];

/// (type, group, severity)
pub const ALARM_TYPES: &[(&str, &str, &str)] = &[
    ("device_down", "infrastructure", "critical"),
    ("switch_down", "infrastructure", "critical"),
    ("gateway_down", "infrastructure", "critical"),
    ("port_flapping", "infrastructure", "major"),
    ("rogue_ap", "security", "warn"),
    ("vpn_peer_down", "infrastructure", "major"),
    ("bad_cable", "marvis", "minor"),
    ("dhcp_failure", "marvis", "major"),
];

pub const ADMINS: &[(&str, &str, &str)] = &[
    ("Ada", "Lovelace", "ada.lovelace@example.com"),
    ("Grace", "Hopper", "grace.hopper@example.com"),
    ("Alan", "Turing", "alan.turing@example.com"),
];

pub const AUDIT_MESSAGES: &[&str] = &[
    "Update WLAN \"Corp\"",
    "Accessed Org \"Acme Retail Group\"",
    "Upgrade device firmware",
    "Update site setting",
    "Add admin",
    "Claim devices",
    "Update switch port profile",
];

/// SLE metrics and their classifiers, by the scope they are measured on.
pub const WIFI_SLES: &[(&str, &[&str])] = &[
    (
        "coverage",
        &["asymmetry-downlink", "asymmetry-uplink", "weak-signal"],
    ),
    (
        "capacity",
        &[
            "client-count",
            "client-usage",
            "non-wifi-interference",
            "wifi-interference",
        ],
    ),
    (
        "time-to-connect",
        &["association", "authorization", "dhcp", "internet-services"],
    ),
    (
        "successful-connect",
        &["association", "authorization", "dhcp", "dns", "arp"],
    ),
    ("roaming", &["latency", "signal-quality", "stability"]),
    (
        "throughput",
        &["capacity", "coverage", "device-capability", "network-issues"],
    ),
    ("ap-availability", &["ap-disconnected", "ap-reboot", "site-down"]),
];
pub const WIRED_SLES: &[(&str, &[&str])] = &[
    ("switch-health", &["cpu", "memory", "power", "temperature"]),
    (
        "switch-throughput",
        &["cable-issues", "congestion", "interface-anomalies"],
    ),
    ("switch-stc", &["authentication", "dhcp"]),
];
pub const WAN_SLES: &[(&str, &[&str])] = &[
    ("gateway-health", &["cpu", "memory", "power", "temperature"]),
    ("wan-link-health", &["interface", "isp-reachability", "network"]),
    (
        "application-health",
        &["application-services", "jitter", "latency", "loss"],
    ),
];

pub const APPS: &[(&str, &str)] = &[
    ("zoom", "Conferencing"),
    ("teams", "Conferencing"),
    ("office365", "Productivity"),
    ("salesforce", "Business"),
    ("youtube", "Streaming"),
    ("slack", "Collaboration"),
];

/// Names for objects of collections that have no richer generator, by collection key.
pub fn object_names(key: &str) -> &'static [&'static str] {
    match key {
        "nacrules" => &[
            "Corp EAP-TLS",
            "Guest Portal",
            "IoT MAB",
            "Contractors",
            "Quarantine",
        ],
        "nactags" => &["Corp-Users", "Printers", "Cameras", "VLAN-40", "Deny"],
        "networks" => &["corp-lan", "guest-lan", "iot-lan", "voice", "mgmt"],
        "services" => &["any-web", "office365", "zoom", "dns", "ntp"],
        "servicepolicies" => &["corp-to-internet", "guest-to-internet", "iot-to-cloud"],
        "vpns" => &["hub-spoke", "dc-mesh"],
        "sitegroups" => &["Europe", "Americas", "APAC", "Retail", "Offices"],
        "rftemplates" => &["High-Density", "Warehouse", "Default-RF"],
        "aptemplates" => &["Office-AP", "Retail-AP"],
        "gatewaytemplates" => &["Branch-SRX", "Branch-SSR"],
        "networktemplates" => &["Campus-Switching", "Branch-Switching"],
        "sitetemplates" => &["Standard-Office", "Standard-Store"],
        "templates" => &["Corp-WLANs", "Guest-WLANs", "IoT-WLANs"],
        "deviceprofiles" => &["Lobby-AP", "Warehouse-AP", "Access-Switch"],
        "alarmtemplates" => &["Default Alarms", "Critical Only"],
        "evpn_topologies" => &["Campus-Fabric", "DC-Fabric"],
        "idpprofiles" => &["Strict", "Standard"],
        "avprofiles" => &["Default-AV", "Strict-AV"],
        "secpolicies" => &["Default-Sec", "PCI"],
        "aamwprofiles" => &["Default-ATP"],
        "secintelprofiles" => &["Default-SecIntel"],
        "wxrules" => &["Block-Streaming", "Allow-Corp", "Rate-Limit-Guest"],
        "wxtags" => &["Streaming", "Corp-Apps", "Guest-Users"],
        "psks" => &["front-desk", "scanners", "conference-room", "contractor"],
        "maps" => &["Ground Floor", "First Floor", "Second Floor"],
        "mxclusters" => &["MxCluster-EU", "MxCluster-US"],
        "mxedges" => &["mxedge-01", "mxedge-02"],
        "mxtunnels" => &["mxtunnel-corp", "mxtunnel-guest"],
        "webhooks" => &["SIEM Alarms", "Audit Export", "Device Updowns"],
        _ => &[],
    }
}
