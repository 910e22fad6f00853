//! Any text as a pagination cursor: opening it never panics, and a cursor this server seals
//! for a path opens to exactly that path and only for its own tool.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mist_client::{ApiToken, CursorKey, CursorScope, HostPolicy};
use std::sync::OnceLock;

struct Fixture {
    key: CursorKey,
    base: mist_client::MistBase,
    who: mist_client::TokenDigest,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| Fixture {
        key: CursorKey::random(),
        base: HostPolicy::default().resolve("api.mist.com").expect("a Mist cloud"),
        who: ApiToken::new("fuzz-token-0123456789").expect("a token").digest(),
    })
}

fuzz_target!(|data: &[u8]| {
    let f = fixture();
    let text = String::from_utf8_lossy(data);
    let scope = CursorScope {
        tool: "searchOrgDevices",
        base: &f.base,
        who: &f.who,
    };
    let _ = f.key.open(&scope, &text);
    if let Some(cursor) = f.key.seal(&scope, &text) {
        assert_eq!(f.key.open(&scope, &cursor).as_deref(), Ok(&*text));
        let other = CursorScope {
            tool: "searchOrgClients",
            ..scope
        };
        assert!(f.key.open(&other, &cursor).is_err());
    }
});
