//! rmcp's session store, served from the session table: the `initialize` parameters of the
//! sessions rmcp may bring back from parking (see [`super::table`]).

use super::table::SessionTable;
use rmcp::transport::streamable_http_server::session::{SessionState, SessionStore, SessionStoreError};
use std::sync::Arc;

/// rmcp's view of the records: the `initialize` parameters of sessions it may bring back.
pub(crate) struct HandshakeStore(pub Arc<SessionTable>);

#[async_trait::async_trait]
impl SessionStore for HandshakeStore {
    async fn load(&self, session_id: &str) -> Result<Option<SessionState>, SessionStoreError> {
        Ok(self.0.handshake(session_id))
    }

    async fn store(&self, session_id: &str, state: &SessionState) -> Result<(), SessionStoreError> {
        self.0.keep_handshake(session_id, state);
        Ok(())
    }

    async fn delete(&self, session_id: &str) -> Result<(), SessionStoreError> {
        self.0.remove(session_id);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mistmcp_engine::ToolView;
    use mistmcp_engine::{CategorySet, ToolMode};
    use std::time::Duration;

    const S1: &str = "0b6f3a52-6a43-4e0e-9a55-8c1d2e3f4a5b";
    const S2: &str = "7e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";

    fn minute() -> SessionTable {
        SessionTable::new(Duration::from_secs(60), Duration::from_secs(60))
    }

    #[tokio::test]
    async fn only_sessions_with_a_working_handshake_can_come_back() {
        let records = Arc::new(minute());
        let store = HandshakeStore(records.clone());
        let state = SessionState::new(Default::default());
        records.open(S1, None);
        store.store(S1, &state).await.unwrap();
        assert!(store.load(S1).await.unwrap().is_none());

        records.open(S2, None);
        records.attach(S2, Arc::new(ToolView::new(ToolMode::Managed, CategorySet::EMPTY)));
        store.store(S2, &state).await.unwrap();
        records.set_live(S2, false);
        let loaded = store.load(S2).await.unwrap().expect("parked handshake loads");
        assert_eq!(
            loaded.initialize_params.protocol_version,
            state.initialize_params.protocol_version
        );
        store.delete(S2).await.unwrap();
        assert!(store.load(S2).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn parked_sessions_of_one_client_share_one_handshake() {
        let records = Arc::new(minute());
        let store = HandshakeStore(records.clone());
        for id in [S1, S2] {
            records.open(id, None);
            records.attach(id, Arc::new(ToolView::new(ToolMode::All, CategorySet::EMPTY)));
            store
                .store(id, &SessionState::new(Default::default()))
                .await
                .unwrap();
            records.set_live(id, false);
        }
        assert_eq!(records.handshakes_held(), 1);
        records.remove(S1);
        records.remove(S2);
        records.sweep();
        assert!(records.handshakes_held() == 0, "unused handshakes are dropped");
    }
}
