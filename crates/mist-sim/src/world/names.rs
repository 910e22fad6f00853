//! Word lists that make the synthetic organisation look like a real one.

/// (name, country code, timezone, street address, latitude, longitude)
pub(crate) const SITES: &[(&str, &str, &str, &str, f64, f64)] = &[
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

pub(crate) const SECOND_ORG_SITES: &[(&str, &str, &str, &str, f64, f64)] = &[
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

pub(crate) const ORG_NAMES: [&str; 2] = ["Acme Retail Group", "Globex Health"];

pub(crate) const AP_MODELS: &[&str] = &["AP45", "AP34", "AP43", "AP32", "AP12"];
pub(crate) const AP_VERSIONS: &[&str] = &["0.14.29313", "0.14.29411", "0.12.27452"];
pub(crate) const SWITCH_MODELS: &[&str] = &["EX4100-48P", "EX2300-24P", "EX4400-48P"];
pub(crate) const SWITCH_VERSIONS: &[&str] = &["22.4R3-S2.11", "23.4R2-S3.9"];
pub(crate) const GATEWAY_MODELS: &[&str] = &["SRX320", "SSR120", "SRX345"];
pub(crate) const SRX_VERSIONS: &[&str] = &["22.4R3-S1.2", "23.2R2.21"];
pub(crate) const SSR_VERSIONS: &[&str] = &["6.2.5-5.r2", "6.3.0-107.r1"];

/// OUIs used for generated device and client MAC addresses.
/// Words for text fields nothing more is known about.
pub(crate) const PLAIN_WORDS: &[&str] = &[
    "default", "corp", "guest", "primary", "branch", "lab", "main", "backup",
];

pub(crate) const AP_OUI: &str = "5c5b35";
pub(crate) const SWITCH_OUI: &str = "2c6bf5";
pub(crate) const GATEWAY_OUI: &str = "f01c2d";
pub(crate) const CLIENT_OUIS: &[&str] = &["a4c3f0", "f0d5bf", "8c79f5", "3c6aa7", "b083fe", "dca632"];

/// (hostname stem, os, manufacture, family, model)
pub(crate) const CLIENT_KINDS: &[(&str, &str, &str, &str, &str)] = &[
    ("iPhone", "iOS 17.4", "Apple", "iPhone", "iPhone 15"),
    ("MacBook-Pro", "macOS 14.3", "Apple", "Mac", "MacBookPro18,3"),
    ("Galaxy-S23", "Android 14", "Samsung", "Phone", "SM-S911B"),
    ("LAPTOP", "Windows 11", "Intel", "Windows", "Latitude 7440"),
    ("iPad", "iPadOS 17.3", "Apple", "iPad", "iPad Air"),
    ("Pixel-8", "Android 14", "Google", "Phone", "Pixel 8"),
];

pub(crate) const FIRST_NAMES: &[&str] = &[
    "marie", "jean", "alice", "omar", "yuki", "lena", "carlos", "priya", "tom", "sofia", "ken", "ines",
];

/// (ssid, vlan, auth type)
pub(crate) const WLANS: &[(&str, u16, &str)] =
    &[("Corp", 10, "eap"), ("Guest", 30, "open"), ("IoT", 40, "psk")];

pub(crate) const WIRED_HOSTS: &[&str] = &["printer", "desk-phone", "camera", "badge-reader", "kiosk"];

/// Client event types with what each means, in this project's words: `(key, display, group)`.
pub(crate) const CLIENT_EVENTS: &[(&str, &str, &str)] = &[
    (
        "CLIENT_AUTH_ASSOCIATION",
        "Client associated to the AP",
        "connection",
    ),
    (
        "CLIENT_AUTHENTICATED",
        "Client passed authentication",
        "connection",
    ),
    (
        "CLIENT_IP_ASSIGNED",
        "Client got an IP address from DHCP",
        "connection",
    ),
    ("CLIENT_DNS_OK", "Client resolved names through DNS", "connection"),
    (
        "CLIENT_AUTH_ASSOCIATION_11R",
        "Client roamed to this AP with fast transition",
        "roaming",
    ),
    (
        "CLIENT_DEAUTHENTICATION",
        "Client was deauthenticated",
        "connection",
    ),
    (
        "MARVIS_EVENT_CLIENT_AUTH_FAILURE",
        "Client failed authentication",
        "failure",
    ),
    (
        "MARVIS_EVENT_CLIENT_DHCP_STUCK",
        "Client got no answer from DHCP",
        "failure",
    ),
];

/// Device event types, `(key, display, device type, lifecycle)`: lifecycle events (boot,
/// connect, disconnect) are placed by a device's status and uptime, the others anywhere in the
/// time it was up.
pub(crate) const DEVICE_EVENTS: &[(&str, &str, &str, bool)] = &[
    ("AP_CONNECTED", "AP connected to the cloud", "ap", true),
    (
        "AP_DISCONNECTED",
        "AP lost its connection to the cloud",
        "ap",
        true,
    ),
    ("AP_RESTARTED", "AP restarted", "ap", true),
    ("AP_CONFIGURED", "AP received a new configuration", "ap", false),
    (
        "AP_RADAR_DETECTED",
        "AP detected radar and left the channel",
        "ap",
        false,
    ),
    ("SW_CONNECTED", "Switch connected to the cloud", "switch", true),
    (
        "SW_DISCONNECTED",
        "Switch lost its connection to the cloud",
        "switch",
        true,
    ),
    ("SW_RESTARTED", "Switch restarted", "switch", true),
    (
        "SW_CONFIGURED",
        "Switch received a new configuration",
        "switch",
        false,
    ),
    ("SW_PORT_UP", "A switch port came up", "switch", false),
    ("SW_PORT_DOWN", "A switch port went down", "switch", false),
    (
        "SW_DOT1X_AUTH_FAIL",
        "An 802.1X supplicant failed on a switch port",
        "switch",
        false,
    ),
    ("GW_CONNECTED", "Gateway connected to the cloud", "gateway", true),
    (
        "GW_DISCONNECTED",
        "Gateway lost its connection to the cloud",
        "gateway",
        true,
    ),
    ("GW_RESTARTED", "Gateway restarted", "gateway", true),
    (
        "GW_CONFIGURED",
        "Gateway received a new configuration",
        "gateway",
        false,
    ),
    ("GW_VPN_PEER_UP", "A VPN peer path came up", "gateway", false),
    ("GW_VPN_PEER_DOWN", "A VPN peer path went down", "gateway", false),
    ("GW_PORT_UP", "A gateway port came up", "gateway", false),
    (
        "GW_DHCP_POOL_EXHAUSTED",
        "A DHCP pool of the gateway ran out of addresses",
        "gateway",
        false,
    ),
];

/// Alarm types: `(key, display, group, severity, the device list it names)`. The `*_down`
/// alarms are raised for disconnected devices only.
pub(crate) const ALARMS: &[(&str, &str, &str, &str, &str)] = &[
    ("device_down", "AP offline", "infrastructure", "critical", "aps"),
    ("rogue_ap", "Rogue AP seen on the LAN", "security", "warn", "aps"),
    (
        "dhcp_failure",
        "Clients fail DHCP through this AP",
        "marvis",
        "major",
        "aps",
    ),
    (
        "switch_down",
        "Switch offline",
        "infrastructure",
        "critical",
        "switches",
    ),
    (
        "port_flapping",
        "A switch port goes up and down",
        "infrastructure",
        "major",
        "switches",
    ),
    (
        "bad_cable",
        "A cable on a switch port is faulty",
        "marvis",
        "minor",
        "switches",
    ),
    (
        "gateway_down",
        "Gateway offline",
        "infrastructure",
        "critical",
        "gateways",
    ),
    (
        "vpn_peer_down",
        "A VPN peer of the gateway is down",
        "infrastructure",
        "major",
        "gateways",
    ),
];

pub(crate) const ADMINS: &[(&str, &str, &str)] = &[
    ("Ada", "Lovelace", "ada.lovelace@example.com"),
    ("Grace", "Hopper", "grace.hopper@example.com"),
    ("Alan", "Turing", "alan.turing@example.com"),
];

/// The admin a token of `role` belongs to: each role is held by one person of [`ADMINS`], in
/// the same order as the admin list gives them.
pub(crate) fn admin_for(role: crate::config::Role) -> (&'static str, &'static str, &'static str) {
    use crate::config::Role;
    let i = match role {
        Role::Admin => 0,
        Role::Write => 1,
        Role::ReadOnly => 2,
    };
    ADMINS[i % ADMINS.len()]
}

pub(crate) const AUDIT_MESSAGES: &[&str] = &[
    "Update WLAN \"Corp\"",
    "Accessed Org \"Acme Retail Group\"",
    "Upgrade device firmware",
    "Update site setting",
    "Add admin",
    "Claim devices",
    "Update switch port profile",
];

/// SLE metrics (as the cloud names them) and their classifiers, by the scope they are measured
/// on.
pub(crate) const WIFI_SLES: &[(&str, &[&str])] = &[
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
        "failed-to-connect",
        &["association", "authorization", "dhcp", "dns", "arp"],
    ),
    ("roaming", &["latency", "signal-quality", "stability"]),
    (
        "throughput",
        &["capacity", "coverage", "device-capability", "network-issues"],
    ),
    ("ap-availability", &["ap-disconnected", "ap-reboot", "site-down"]),
];
pub(crate) const WIRED_SLES: &[(&str, &[&str])] = &[
    ("switch_health", &["cpu", "memory", "power", "temperature"]),
    (
        "switch_throughput",
        &["cable-issues", "congestion", "interface-anomalies"],
    ),
    ("switch_stc", &["authentication", "dhcp"]),
];
pub(crate) const WAN_SLES: &[(&str, &[&str])] = &[
    ("gateway-health", &["cpu", "memory", "power", "temperature"]),
    ("wan-link-health", &["interface", "isp-reachability", "network"]),
    (
        "application_health",
        &["application-services", "jitter", "latency", "loss"],
    ),
];

pub(crate) const APPS: &[(&str, &str)] = &[
    ("zoom", "Conferencing"),
    ("teams", "Conferencing"),
    ("office365", "Productivity"),
    ("salesforce", "Business"),
    ("youtube", "Streaming"),
    ("slack", "Collaboration"),
];

/// Names for objects of collections that have no richer generator, by collection key.
pub(crate) fn object_names(key: &str) -> &'static [&'static str] {
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

/// Vendors of the rogue and neighbour APs a site hears: `(OUI, manufacturer)` (registered OUIs).
pub(crate) const ROGUE_VENDORS: &[(&str, &str)] = &[
    ("00156d", "Ubiquiti"),
    ("f09fc2", "Ubiquiti"),
    ("0024a5", "Buffalo"),
    ("50c7bf", "TP-Link"),
    ("a06391", "Netgear"),
    ("001d7e", "Cisco-Linksys"),
];

/// SSIDs of neighbours' networks, heard through the walls.
pub(crate) const NEIGHBOUR_SSIDS: &[&str] = &[
    "CafeNet",
    "HP-Print-4F-LaserJet",
    "DIRECT-7A-Printer",
    "Lobby-WiFi",
    "NETGEAR-5G",
    "TP-Link_Guest",
    "Conf-Room-Hotspot",
    "Dental-Office",
];

/// SSIDs of consumer APs someone plugged into the wired LAN.
pub(crate) const LAN_ROGUE_SSIDS: &[&str] = &["linksys", "TP-Link_2.4GHz", "Dev-Lab-AP", "test-ap"];
