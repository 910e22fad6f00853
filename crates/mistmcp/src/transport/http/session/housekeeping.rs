//! The periodic chores of the HTTP server: park idle sessions, forget expired ones, drop
//! stateless callers' idle tool configurations, and give freed memory back to the system.

use super::callers::CallerViews;
use super::manager::ParkingSessions;
use super::table::SessionTable;
use rmcp::transport::streamable_http_server::session::SessionManager;
use std::sync::Arc;
use std::time::Duration;

/// Runs forever; abort the task to stop it.
pub(crate) async fn run<M: SessionManager>(
    records: Arc<SessionTable>,
    sessions: Arc<ParkingSessions<M>>,
    store: Arc<CallerViews>,
) {
    let period = (records.park_after() / 4).clamp(Duration::from_millis(500), Duration::from_secs(15));
    let mut tick = tokio::time::interval(period);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let sweep = records.sweep();
        let closing = sweep.park.len() + sweep.expired.len();
        // Closing rmcp's session ends its worker; the record keeps what brings it back.
        for id in sweep.park.iter().chain(&sweep.expired) {
            if let Err(e) = sessions.close_session(id).await {
                tracing::debug!("closing an idle session failed: {e}");
            }
        }
        let forgotten = store.sweep();
        if closing > 0 || forgotten > 0 {
            tracing::debug!(
                parked = sweep.park.len(),
                expired = sweep.expired.len(),
                sessions = records.len(),
                live = records.live(),
                stateless_forgotten = forgotten,
                "housekeeping"
            );
        }
        if closing > 0 {
            // Let the workers finish unwinding before the heap is trimmed; trimming walks the
            // whole heap, so it runs off the async workers.
            tokio::time::sleep(Duration::from_millis(100)).await;
            let _ = tokio::task::spawn_blocking(release_free_memory).await;
        }
    }
}

/// Returns freed heap pages to the system. A parked session frees ~60 KB in many small blocks;
/// glibc keeps them mapped unless asked, so the process would look as big as at its peak.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)] // the one foreign call of the server; see the SAFETY note
fn release_free_memory() {
    // SAFETY: malloc_trim only walks glibc's own arenas; it has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn release_free_memory() {}
