//! Any text as a Mist host (`MIST_HOST`, `?cloud=`) or an allowed host: parsing never
//! panics, and a host that resolves yields an origin only: its URLs keep the path they are
//! given, the port, and carry no user, query or fragment smuggled in through the host text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mist_client::{AllowedHost, HostPolicy};

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
        assert!(url.username().is_empty() && url.password().is_none(), "{url}");
        assert!(url.query().is_none() && url.fragment().is_none(), "{url}");
        assert!(url.host_str().is_some_and(|h| !h.is_empty()), "{url}");
    }
});
