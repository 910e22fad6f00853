//! The six workflows offered as prompts. Every tool and argument named here is checked against
//! the catalog by a unit test, so a renamed tool fails the build's tests, not a user's session.

use super::{ArgDef, PromptDef, Step};

const ORG_ID: ArgDef = ArgDef {
    name: "org_id",
    description: "Mist organization id (getSelf lists the orgs this token reaches)",
    default: None,
};

const SITE_ID: ArgDef = ArgDef {
    name: "site_id",
    description: "Mist site id (listOrgSites or getSelf give the ids)",
    default: None,
};

const DURATION: ArgDef = ArgDef {
    name: "duration",
    description: "How far back to look, e.g. 1h, 1d, 7d",
    default: Some("1d"),
};

const SITE_HEALTH: PromptDef = PromptDef {
    name: "site_health_check",
    title: "Site health check",
    description: "Overview of one site: devices, SLEs, alarms and the most affected clients and APs",
    args: &[SITE_ID, DURATION],
    goal: "Give a health overview of Mist site {site_id} over the last {duration}. Work from facts \
           in the answers; say which step an observation comes from.",
    steps: &[
        Step {
            tool: "getSiteHealth",
            args: &[("site_id", "{site_id}"), ("duration", "{duration}")],
            look: "the overview in one call: the site's name, the SLE score of each metric with its \
                   worst classifier (note every score below 90), open alarms by severity, devices \
                   by type and status with those not connected, and the clients most impacted on \
                   the weakest wireless SLE. If its calls list a failed part, get that part with the \
                   tool named there",
        },
        Step {
            tool: "listSiteSleImpactedAps",
            args: &[
                ("site_id", "{site_id}"),
                ("scope", "site"),
                ("scope_id", "{site_id}"),
                ("metric", "<the weakest wireless metric of step 1>"),
                ("duration", "{duration}"),
            ],
            look: "the APs that carry most of the degraded minutes",
        },
        Step {
            tool: "listSiteDevicesStats",
            args: &[
                ("site_id", "{site_id}"),
                ("type", "all"),
                ("status", "disconnected"),
            ],
            look: "only if step 1 counts devices not connected: each one's last_seen and uptime",
        },
        Step {
            tool: "searchSiteAlarms",
            args: &[
                ("site_id", "{site_id}"),
                ("acked", "false"),
                ("severity", "critical"),
                ("duration", "{duration}"),
            ],
            look: "only if step 1 counts critical alarms: which devices they name and how often \
                   each type repeats",
        },
    ],
    report: "Answer with: one line verdict (healthy, degraded or failing), the devices down, the \
             weakest SLEs with their top classifier, the open critical alarms, the most affected \
             APs and clients, and up to three next steps.",
};

const CLIENT_CANNOT_CONNECT: PromptDef = PromptDef {
    name: "client_cannot_connect",
    title: "A client cannot connect",
    description: "Find where a client's connection fails: association, authentication, DHCP, DNS or signal",
    args: &[
        ORG_ID,
        ArgDef {
            name: "client",
            description: "The client's MAC address or host name",
            default: None,
        },
        DURATION,
    ],
    goal: "The client '{client}' in Mist organization {org_id} cannot connect. Find at which stage \
           its connection fails over the last {duration}, and why.",
    steps: &[
        Step {
            tool: "findMistEntity",
            args: &[("org_id", "{org_id}"), ("query", "{client}")],
            look: "whether '{client}' is a wireless or a wired client, its MAC and site_id (a name \
                   may match several: ask which one)",
        },
        Step {
            tool: "searchOrgWirelessClients",
            args: &[
                ("org_id", "{org_id}"),
                ("mac", "{client}"),
                ("duration", "{duration}"),
            ],
            look: "pass the MAC step 1 found if '{client}' is a name. Note the client's last AP, \
                   SSID and band",
        },
        Step {
            tool: "searchOrgWiredClients",
            args: &[
                ("org_id", "{org_id}"),
                ("mac", "<the client's MAC>"),
                ("duration", "{duration}"),
            ],
            look: "only if no wireless client was found: the switch, port and VLAN it was last seen on",
        },
        Step {
            tool: "getSiteEventsForClient",
            args: &[
                ("site_id", "<site_id from step 1>"),
                ("client_mac", "<the client's MAC>"),
                ("duration", "{duration}"),
            ],
            look: "the last events in time order: association rejected, authorization failures, \
                   DHCP timeouts or NAKs, DNS failures, roaming failures; note the reason codes",
        },
        Step {
            tool: "searchOrgNacClientEvents",
            args: &[
                ("org_id", "{org_id}"),
                ("mac", "<the client's MAC>"),
                ("duration", "{duration}"),
            ],
            look: "when 802.1X or NAC is used: rejected authentications, the rule matched and the \
                   reason given",
        },
        Step {
            tool: "getSiteWirelessClientStats",
            args: &[("site_id", "<site_id>"), ("client_mac", "<the client's MAC>")],
            look: "if the client is connected now: RSSI, SNR, band, channel and data rates (RSSI below \
                   -75 dBm points to coverage)",
        },
        Step {
            tool: "getSiteDeviceStats",
            args: &[
                ("site_id", "<site_id>"),
                ("device_id", "<id of the client's last AP>"),
            ],
            look: "whether the AP it uses is up and how loaded it is (clients, channel utilisation)",
        },
    ],
    report: "Answer with: the stage where the connection fails, the evidence (events with their \
             times and reason codes), the likely cause, and the fix to try first.",
};

const DEVICE_DOWN: PromptDef = PromptDef {
    name: "device_down",
    title: "A device is down",
    description: "Why an AP, switch or gateway is disconnected, and since when",
    args: &[
        ORG_ID,
        ArgDef {
            name: "device",
            description: "The device's name, MAC address or serial number",
            default: None,
        },
        DURATION,
    ],
    goal: "The device '{device}' in Mist organization {org_id} appears to be down. Establish since \
           when, what happened just before, and what to check on site.",
    steps: &[
        Step {
            tool: "findMistEntity",
            args: &[("org_id", "{org_id}"), ("query", "{device}")],
            look: "the device '{device}' names (by name, MAC or serial): its MAC, model, type and \
                   site_id; found only in the inventory means it is not assigned to a site",
        },
        Step {
            tool: "listOrgDevicesStats",
            args: &[
                ("org_id", "{org_id}"),
                ("mac", "<the device's MAC>"),
                ("type", "all"),
            ],
            look: "status, last_seen (epoch seconds), uptime, version, and the LLDP neighbour it \
                   uplinks to",
        },
        Step {
            tool: "searchOrgDeviceEvents",
            args: &[
                ("org_id", "{org_id}"),
                ("mac", "<the device's MAC>"),
                ("duration", "{duration}"),
            ],
            look: "the events before it went away: reboots, disconnects, power or PoE changes, \
                   upgrades, configuration failures",
        },
        Step {
            tool: "searchOrgAlarms",
            args: &[
                ("org_id", "{org_id}"),
                ("site_id", "<the device's site_id>"),
                ("duration", "{duration}"),
            ],
            look: "alarms on the device and on its uplink switch or gateway in the same minutes \
                   (several devices down together point to the uplink or power)",
        },
        Step {
            tool: "listSiteDevicesStats",
            args: &[
                ("site_id", "<the device's site_id>"),
                ("type", "all"),
                ("status", "disconnected"),
            ],
            look: "which other devices of the site are down too",
        },
    ],
    report: "Answer with: when the device was last seen, what happened just before, whether other \
             devices went down with it, the likely cause, and what to check on site (uplink port, \
             PoE budget, power, cabling).",
};

const FIRMWARE_COMPLIANCE: PromptDef = PromptDef {
    name: "firmware_compliance",
    title: "Firmware compliance across the organization",
    description: "Which devices run which firmware, against the versions Mist offers for each model",
    args: &[
        ORG_ID,
        ArgDef {
            name: "device_type",
            description: "ap, switch or gateway",
            default: Some("ap"),
        },
    ],
    goal: "Review the firmware of the {device_type} devices of Mist organization {org_id}: how \
           many versions run, which devices lag behind, and what upgrades are under way.",
    steps: &[
        Step {
            tool: "countOrgDevices",
            args: &[("org_id", "{org_id}"), ("distinct", "model")],
            look: "the models in the organization and how many of each",
        },
        Step {
            tool: "countOrgDevices",
            args: &[("org_id", "{org_id}"), ("distinct", "version")],
            look: "the firmware versions running and how many devices run each",
        },
        Step {
            tool: "listOrgAvailableDeviceVersions",
            args: &[
                ("org_id", "{org_id}"),
                ("type", "{device_type}"),
                ("model", "<each model>"),
            ],
            look: "the versions offered per model and which one is tagged as recommended",
        },
        Step {
            tool: "listOrgDevicesStats",
            args: &[("org_id", "{org_id}"), ("type", "{device_type}")],
            look: "each device's model, version and site, to name the devices and sites behind the \
                   recommended version",
        },
        Step {
            tool: "listOrgDeviceUpgrades",
            args: &[("org_id", "{org_id}")],
            look: "upgrades scheduled or in progress, so devices already being upgraded are not \
                   reported as forgotten",
        },
    ],
    report: "Answer with a table per model: recommended version, devices on it, devices behind \
             (with their versions and sites), then the sites to upgrade first and any model whose \
             version is no longer offered.",
};

const ROGUE_AP_REVIEW: PromptDef = PromptDef {
    name: "rogue_ap_review",
    title: "Rogue AP review",
    description: "Sort a site's rogue, honeypot and neighbour APs by risk",
    args: &[SITE_ID, DURATION],
    goal: "Review the rogue access points Mist detected at site {site_id} over the last {duration} \
           and sort them by risk.",
    steps: &[
        Step {
            tool: "listSiteRogueAPs",
            args: &[
                ("site_id", "{site_id}"),
                ("type", "<honeypot, then lan, then spoof: one call each>"),
                ("duration", "{duration}"),
            ],
            look: "honeypots broadcast one of our SSIDs without being ours (the highest risk); lan \
                   rogues are unknown APs seen on our wired network (next); spoof rogues copy our BSSIDs",
        },
        Step {
            tool: "getSiteRogueAP",
            args: &[
                ("site_id", "{site_id}"),
                ("rogue_bssid", "<each BSSID found above>"),
            ],
            look: "where it is heard (which of our APs, at what RSSI) and when it was first and last seen",
        },
        Step {
            tool: "listSiteRogueClients",
            args: &[("site_id", "{site_id}"), ("duration", "{duration}")],
            look: "clients that joined a rogue AP",
        },
        Step {
            tool: "searchSiteRogueEvents",
            args: &[("site_id", "{site_id}"), ("duration", "{duration}")],
            look: "how often each rogue appears and whether it is seen on the LAN",
        },
    ],
    report: "Answer with the rogues grouped by risk (honeypot, on our LAN, spoofing, neighbours), \
             each with its SSID, BSSID, the AP that hears it loudest and the clients on it, then \
             what to do about each group.",
};

const WHAT_CHANGED: PromptDef = PromptDef {
    name: "what_changed",
    title: "What changed",
    description: "Who changed what in the organization (audit logs, device configuration history)",
    args: &[ORG_ID, DURATION],
    goal: "List what changed in Mist organization {org_id} over the last {duration}: who changed \
           what in the configuration, which devices received new configuration, and what \
           followed.",
    steps: &[
        Step {
            tool: "listOrgAuditLogs",
            args: &[("org_id", "{org_id}"), ("duration", "{duration}")],
            look: "each change: time, admin, message, the site it touched; group them by admin and \
                   by site",
        },
        Step {
            tool: "searchSiteDeviceConfigHistory",
            args: &[
                ("site_id", "<each site the audit logs name>"),
                ("duration", "{duration}"),
            ],
            look: "which devices received new configuration and when, to match them to the changes",
        },
        Step {
            tool: "searchOrgDeviceEvents",
            args: &[("org_id", "{org_id}"), ("duration", "{duration}")],
            look: "restarts, configuration failures and upgrades that followed a change",
        },
        Step {
            tool: "searchOrgAlarms",
            args: &[("org_id", "{org_id}"), ("duration", "{duration}")],
            look: "alarms raised soon after a change, which may be its consequence",
        },
    ],
    report: "Answer with a timeline (oldest first) of changes and what followed each, then the \
             changes that look risky or that were followed by alarms.",
};

pub(super) const ALL: &[PromptDef] = &[
    SITE_HEALTH,
    CLIENT_CANNOT_CONNECT,
    DEVICE_DOWN,
    FIRMWARE_COMPLIANCE,
    ROGUE_AP_REVIEW,
    WHAT_CHANGED,
];
