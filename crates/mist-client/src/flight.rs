//! Single-flight: concurrent identical requests share one trip to Mist.
//!
//! The first caller for a key starts the work; callers arriving while it runs wait for the same
//! outcome instead of sending their own request. The work is a shared future, so it goes on even
//! if the caller that started it is cancelled, as long as someone still waits for it.

use futures_util::FutureExt;
use futures_util::future::{BoxFuture, Shared};
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

/// A running flight and the number that tells it from later flights of the same key.
type Flight<T> = (u64, Shared<BoxFuture<'static, T>>);

/// The flights under way by key, which later identical requests join.
pub(crate) struct Flights<K, T: Clone> {
    /// The last flight number handed out, and the flights under way.
    inner: Mutex<(u64, HashMap<K, Flight<T>>)>,
}

impl<K: Eq + Hash + Clone, T: Clone> Default for Flights<K, T> {
    fn default() -> Self {
        Self {
            inner: Mutex::new((0, HashMap::new())),
        }
    }
}

impl<K: Eq + Hash + Clone, T: Clone> Flights<K, T> {
    /// Runs the future `start` makes, or joins the one already running for `key`. Returns the
    /// outcome and whether this caller joined another's flight.
    pub(crate) async fn run(&self, key: K, start: impl FnOnce() -> BoxFuture<'static, T>) -> (T, bool) {
        let (id, flight, joined) = {
            let mut guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
            let (next_id, flights) = &mut *guard;
            match flights.get(&key) {
                Some((id, flight)) => (*id, flight.clone(), true),
                None => {
                    *next_id += 1;
                    let flight = start().shared();
                    flights.insert(key.clone(), (*next_id, flight.clone()));
                    (*next_id, flight, false)
                }
            }
        };
        let outcome = flight.await;
        let mut guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        // Only this flight's entry is removed; a newer one for the same key may be running.
        if guard.1.get(&key).is_some_and(|(current, _)| *current == id) {
            guard.1.remove(&key);
        }
        (outcome, joined)
    }

    /// Flights under way: lets the tests see that joiners are waiting and that a finished
    /// flight leaves nothing behind.
    #[cfg(test)]
    fn in_flight(&self) -> usize {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).1.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn concurrent_callers_of_one_key_share_one_run() {
        let flights: Arc<Flights<&'static str, u32>> = Arc::default();
        let runs = Arc::new(AtomicUsize::new(0));
        let gate = Arc::new(tokio::sync::Notify::new());
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let (flights, runs, gate) = (flights.clone(), runs.clone(), gate.clone());
            tasks.push(tokio::spawn(async move {
                flights
                    .run("k", move || {
                        async move {
                            runs.fetch_add(1, Ordering::SeqCst);
                            gate.notified().await;
                            7
                        }
                        .boxed()
                    })
                    .await
            }));
        }
        // Every task has either started the flight or joined it before the gate opens.
        while flights.in_flight() == 0 || runs.load(Ordering::SeqCst) == 0 {
            tokio::task::yield_now().await;
        }
        for _ in 0..50 {
            tokio::task::yield_now().await;
        }
        gate.notify_waiters();
        let mut joined = 0;
        for t in tasks {
            let (value, j) = t.await.unwrap();
            assert_eq!(value, 7);
            joined += usize::from(j);
        }
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        assert_eq!(joined, 7);
        assert_eq!(flights.in_flight(), 0);
    }

    #[tokio::test]
    async fn sequential_calls_each_run() {
        let flights: Flights<u8, u8> = Flights::default();
        let (a, joined_a) = flights.run(1, || async { 1 }.boxed()).await;
        let (b, joined_b) = flights.run(1, || async { 2 }.boxed()).await;
        assert_eq!((a, b, joined_a, joined_b), (1, 2, false, false));
    }
}
