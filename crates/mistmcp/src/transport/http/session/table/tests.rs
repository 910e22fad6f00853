//! The session table's own tests: binding, parking, expiry, client counts, read-only.
use super::*;
use mist_client::ApiToken;

const S1: &str = "0b6f3a52-6a43-4e0e-9a55-8c1d2e3f4a5b";
const S2: &str = "7e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";

fn digest(t: &str) -> Option<TokenDigest> {
    Some(ApiToken::new(t).unwrap().digest())
}

fn minute() -> SessionTable {
    SessionTable::new(Duration::from_secs(60), Duration::from_secs(60))
}

#[test]
fn uuid_ids_are_kept_as_numbers_and_given_back_unchanged() {
    assert!(matches!(key(S1), Key::Uuid(_)));
    assert_eq!(session_id(&key(S1)).as_ref(), S1);
    assert_eq!(session_id(&key("not-a-uuid")).as_ref(), "not-a-uuid");
}

#[test]
fn a_session_admits_only_the_token_that_opened_it() {
    let r = minute();
    r.open(S1, digest("a"));
    assert_eq!(r.admit(S1, digest("a")), Ok(true));
    assert_eq!(r.admit(S1, digest("b")), Err(Refused));
    assert_eq!(
        r.admit(S1, None),
        Err(Refused),
        "dropping the token is refused too"
    );
}

#[test]
fn a_session_opened_without_a_token_is_bound_by_the_first_one() {
    let r = minute();
    r.open(S2, None);
    assert_eq!(r.admit(S2, None), Ok(true));
    assert_eq!(r.admit(S2, digest("a")), Ok(true));
    assert_eq!(r.admit(S2, digest("b")), Err(Refused));
    assert_eq!(r.admit(S2, digest("a")), Ok(true));
}

#[test]
fn unknown_and_removed_sessions_pass_to_rmcp() {
    let r = minute();
    r.open(S1, digest("a"));
    r.remove(S1);
    assert!(r.is_empty());
    assert_eq!(r.admit(S1, digest("b")), Ok(false));
}

#[test]
fn idle_sessions_are_parked_then_expire_but_busy_ones_stay() {
    let r = SessionTable::new(Duration::from_secs(3600), Duration::ZERO);
    r.open(S1, None);
    r.open(S2, None);
    r.admit(S2, None).unwrap();
    assert_eq!(
        r.sweep(),
        Sweep {
            park: vec![SessionId::from(S1)],
            expired: vec![]
        }
    );
    r.set_live(S1, false);
    assert_eq!(
        r.sweep(),
        Sweep::default(),
        "a parked session is not parked twice"
    );
    assert_eq!(r.live(), 1);

    let r = SessionTable::new(Duration::ZERO, Duration::ZERO);
    r.open(S1, None);
    r.open(S2, None);
    r.admit(S2, None).unwrap();
    assert_eq!(
        r.sweep(),
        Sweep {
            park: vec![],
            expired: vec![SessionId::from(S1)]
        }
    );
    r.done(S2, false);
    assert_eq!(r.sweep().expired, vec![SessionId::from(S2)]);
}

#[test]
fn a_client_holds_its_sessions_until_they_are_removed_or_expire() {
    let client = Some(ClientKey::of("192.0.2.1".parse().unwrap()));
    let r = SessionTable::new(Duration::ZERO, Duration::ZERO);
    r.open_from(S1, None, client);
    r.open_from(S2, None, client);
    assert_eq!(r.holding(client), (2, 2));
    r.remove(S1);
    assert_eq!(r.holding(client), (1, 1));
    r.sweep();
    assert_eq!(r.holding(client), (0, 0), "an expired session frees its place");
    assert_eq!(r.holding(None), (0, 0));
}

#[test]
fn a_session_opened_read_only_stays_so_when_parked() {
    let r = minute();
    r.open(S1, None);
    r.open(S2, None);
    r.keep_read_only(S1);
    r.set_live(S1, false);
    assert!(r.is_read_only(S1));
    assert!(!r.is_read_only(S2));
    assert!(!r.is_read_only("unknown"));
}

#[test]
fn a_parked_session_comes_back_with_its_categories() {
    let r = minute();
    r.open(S1, None);
    let live = Arc::new(ToolView::new(ToolMode::Managed, CategorySet::EMPTY.with(3)));
    r.attach(S1, live);
    r.set_live(S1, false);
    let back = r.tools(S1).unwrap();
    assert_eq!(
        (back.mode(), back.enabled()),
        (ToolMode::Managed, CategorySet::EMPTY.with(3))
    );
    assert!(
        Arc::ptr_eq(&back, &r.tools(S1).unwrap()),
        "one session object while live"
    );
}
