//! Criterion settings shared by the micro-benchmarks, so their numbers are taken alike.

use criterion::Criterion;
use std::time::Duration;

/// Short warm-up and measurement: each benchmark is a small, steady piece of CPU work.
pub fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30)
}
