//! Any text as a Mist host (`MIST_HOST`, `?cloud=`) or an allowed host: parsing never
//! panics, and a host that resolves yields an origin whose URLs keep that host and port.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mistmcp::mist::{AllowedHost, HostPolicy};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (allow, host) = text.split_once('\n').unwrap_or(("127.0.0.1", &text));
    let mut policy = HostPolicy::default();
    if let Ok(allowed) = AllowedHost::parse(allow) {
        policy.allow(allowed);
    }
    if let Ok(base) = policy.resolve(host) {
        let url = url::Url::parse(&base.url("/api/v1/self")).expect("an origin makes a URL");
        assert_eq!(url.path(), "/api/v1/self");
        assert_eq!(url.port_or_known_default(), Some(base.port()));
        let shown = url.host_str().unwrap_or_default().trim_matches(['[', ']']);
        assert!(shown.eq_ignore_ascii_case(base.host()), "{shown} vs {}", base.host());
    }
});
