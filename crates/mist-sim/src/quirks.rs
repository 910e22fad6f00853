//! The real cloud's quirks: ways its answers depart from what the spec leads a client to
//! expect, which a client must meet all the same. The simulator makes each one on some records
//! (never all), the same on every run of a seed, at the place named in [`Quirk::made`], where
//! a comment names the quirk again. Some the spec allows (a null, a key with a dot); the others
//! its schemas forbid, and a validator reports them: the spec-shape test sets those aside by
//! [`Quirk::forbidden_value`], counts them under their name, and fails on anything else.

/// One quirk of the real cloud the simulator reproduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quirk {
    /// Short name, as reports give it.
    pub name: &'static str,
    /// Which records carry it, and where the simulator makes it.
    pub made: &'static str,
    /// The fields it sits in.
    pub fields: &'static [&'static str],
    /// The operations whose answers carry it.
    pub operations: &'static [&'static str],
    /// The value it gives those fields where the spec's schema forbids it (`""` where an
    /// object is declared, `ap` in a field a closed schema does not declare); `None` when the
    /// spec allows it.
    pub forbidden_value: Option<&'static str>,
}

/// `""` for an object the cloud has nothing to report in.
pub(crate) const EMPTY_OBJECT: Quirk = Quirk {
    name: "empty string for an object",
    made: "world/device_stats: a standalone gateway's cluster_config, and the LLDP neighbour of \
           an AP that dropped (lldp_stat), are \"\"",
    fields: &["cluster_config", "lldp_stat"],
    operations: &[
        "listOrgDevicesStats",
        "listSiteDevicesStats",
        "getSiteDeviceStats",
    ],
    forbidden_value: Some(""),
};

/// A null template id on objects no template made.
pub(crate) const NULL_TEMPLATE_ID: Quirk = Quirk {
    name: "null template_id",
    made: "world/objects: a site's own WLAN has template_id null, the org's WLANs name their \
           template",
    fields: &["template_id"],
    operations: &["listSiteWlans", "listSiteWlansDerived", "getSiteWlan"],
    forbidden_value: None,
};

/// Map keys that hold a dot: interfaces keyed `port.unit`.
pub(crate) const DOTTED_KEYS: Quirk = Quirk {
    name: "keys that hold a dot",
    made: "world/device_stats: switches' and gateways' if_stat keys are port.unit (ge-0/0/3.30)",
    fields: &["if_stat"],
    operations: &[
        "listOrgDevicesStats",
        "listSiteDevicesStats",
        "getSiteDeviceStats",
    ],
    forbidden_value: None,
};

/// Timestamps finer than a second: seconds with a microsecond fraction in the device and
/// client events, whole microseconds in the fast-roaming events.
pub(crate) const MICROSECOND_TIMESTAMPS: Quirk = Quirk {
    name: "microsecond timestamps",
    made: "world/activity: device and client events are timed to the microsecond (seconds with \
           six decimals); world/synth: fast-roaming events count microseconds (an integer); \
           alarms and audit logs keep whole seconds",
    fields: &["timestamp"],
    operations: &[
        "searchOrgDeviceEvents",
        "searchSiteDeviceEvents",
        "searchOrgWirelessClientEvents",
        "searchSiteWirelessClientEvents",
        "listSiteRoamingEvents",
    ],
    forbidden_value: None,
};

/// The `/self` of an org API token: privileges, no person.
pub(crate) const ORG_TOKEN_SELF: Quirk = Quirk {
    name: "org token /self",
    made: "respond/objects: /self of an org API token (crate::ORG_TOKEN) has its privileges and \
           a name, no email and no person's names",
    fields: &["privileges"],
    operations: &["getSelf"],
    forbidden_value: None,
};

/// `type` on the AP items of the device search, which the spec's AP item leaves out.
pub(crate) const AP_SEARCH_TYPE: Quirk = Quirk {
    name: "type on AP device-search items",
    made: "world/infra: every device record has its type; shape keeps it on the device \
           search's AP items, whose closed schema does not declare it",
    fields: &["type"],
    operations: &["searchOrgDevices", "searchSiteDevices"],
    forbidden_value: Some("ap"),
};

/// Every quirk the simulator makes.
pub const QUIRKS: &[Quirk] = &[
    EMPTY_OBJECT,
    NULL_TEMPLATE_ID,
    DOTTED_KEYS,
    MICROSECOND_TIMESTAMPS,
    ORG_TOKEN_SELF,
    AP_SEARCH_TYPE,
];

/// Fields a closed schema does not declare that the answers of `operation_id` keep anyway,
/// because the cloud sends them.
pub(crate) fn kept_undeclared(operation_id: &str) -> &'static [&'static str] {
    if AP_SEARCH_TYPE.operations.contains(&operation_id) {
        AP_SEARCH_TYPE.fields
    } else {
        &[]
    }
}
