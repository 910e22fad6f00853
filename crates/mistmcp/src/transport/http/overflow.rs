//! The slots of the connections served past the cap, oldest first.
//!
//! Past `--max-connections` a few more connections are still served, so that `/healthz`
//! answers and the rest hear 503 rather than a reset (see [`super::connections`]). When
//! these slots are full too, a new connection takes the slot of the oldest one: a peer that
//! has held an overflow slot the longest without finishing its request is the likeliest to be
//! stalled, and a fresh load-balancer probe should not be turned away because of it.

use std::collections::VecDeque;
use std::sync::{Arc, Weak};
use tokio_util::sync::CancellationToken;

/// The overflow connections still open, oldest first.
pub(super) struct OverflowSlots {
    limit: usize,
    open: VecDeque<Slot>,
}

struct Slot {
    evict: CancellationToken,
    /// Gone once the connection's task has ended.
    alive: Weak<()>,
}

/// What an overflow connection holds: the signal that it was evicted, and a marker that
/// keeps its slot counted while the connection lives.
pub(super) struct Held {
    pub evicted: CancellationToken,
    pub alive: Arc<()>,
}

impl OverflowSlots {
    pub(super) fn new(limit: usize) -> Self {
        Self {
            limit: limit.max(1),
            open: VecDeque::new(),
        }
    }

    /// A slot for a new connection. When every slot is held, the oldest connection is told to
    /// close and the new one takes its place.
    pub(super) fn take(&mut self) -> Held {
        self.forget_closed();
        if self.open.len() >= self.limit
            && let Some(oldest) = self.open.pop_front()
        {
            tracing::debug!("overflow slots full: the oldest overflow connection is closed for a new one");
            oldest.evict.cancel();
        }
        let held = Held {
            evicted: CancellationToken::new(),
            alive: Arc::new(()),
        };
        self.open.push_back(Slot {
            evict: held.evicted.clone(),
            alive: Arc::downgrade(&held.alive),
        });
        held
    }

    /// Drops the slots of connections that have ended.
    fn forget_closed(&mut self) {
        self.open.retain(|slot| slot.alive.strong_count() > 0);
    }

    /// Overflow connections still open.
    #[cfg(test)]
    fn len(&mut self) -> usize {
        self.forget_closed();
        self.open.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_under_the_limit_keep_their_slots() {
        let mut slots = OverflowSlots::new(3);
        let held: Vec<Held> = (0..3).map(|_| slots.take()).collect();
        assert!(held.iter().all(|h| !h.evicted.is_cancelled()));
        assert_eq!(slots.len(), 3);
    }

    #[test]
    fn a_connection_past_the_limit_evicts_the_oldest_only() {
        let mut slots = OverflowSlots::new(3);
        let first = slots.take();
        let second = slots.take();
        let third = slots.take();
        let fourth = slots.take();
        assert!(first.evicted.is_cancelled());
        assert!(
            ![&second, &third, &fourth]
                .iter()
                .any(|h| h.evicted.is_cancelled())
        );
        // The evicted task ends and lets its marker go.
        drop(first);
        assert_eq!(slots.len(), 3);
        let fifth = slots.take();
        assert!(second.evicted.is_cancelled());
        assert!(!fifth.evicted.is_cancelled());
    }

    #[test]
    fn a_closed_connection_frees_its_slot_without_evicting_anyone() {
        let mut slots = OverflowSlots::new(2);
        let first = slots.take();
        let second = slots.take();
        drop(second);
        let third = slots.take();
        assert!(!first.evicted.is_cancelled());
        assert!(!third.evicted.is_cancelled());
        assert_eq!(slots.len(), 2);
    }
}
