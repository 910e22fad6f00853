//! What Linux tells about a process: peak and current resident memory, CPU time used.

use std::io;

/// Memory of a process, in KiB, from `/proc/<pid>/status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Memory {
    /// Peak resident set (`VmHWM`).
    pub peak_kib: u64,
    /// Current resident set (`VmRSS`).
    pub rss_kib: u64,
    /// Of the resident set, pages mapped from files (the binary's code and data: shared,
    /// clean, reclaimable) and anonymous pages (heap, stacks: what the process really costs).
    pub file_kib: u64,
    pub anon_kib: u64,
}

pub fn memory(pid: u32) -> io::Result<Memory> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .ok_or_else(|| io::Error::other(format!("/proc/{pid}/status has no {name}")))
    };
    Ok(Memory {
        peak_kib: field("VmHWM:")?,
        rss_kib: field("VmRSS:")?,
        file_kib: field("RssFile:")?,
        anon_kib: field("RssAnon:")?,
    })
}

/// CPU seconds the live threads of a process have run so far, with nanosecond resolution
/// (`/proc/<pid>/task/*/schedstat`); threads that already exited are not counted, which is
/// why the server's long-lived runtime threads are what this is meant for.
pub fn cpu_seconds(pid: u32) -> io::Result<f64> {
    let mut total_ns: u64 = 0;
    for task in std::fs::read_dir(format!("/proc/{pid}/task"))? {
        // A thread may end between the listing and the read.
        if let Ok(text) = std::fs::read_to_string(task?.path().join("schedstat")) {
            total_ns += run_ns(&text)?;
        }
    }
    Ok(total_ns as f64 / 1e9)
}

/// The first field of a `schedstat` file: nanoseconds the task has run on a CPU.
fn run_ns(schedstat: &str) -> io::Result<u64> {
    schedstat
        .split_whitespace()
        .next()
        .and_then(|f| f.parse::<u64>().ok())
        .ok_or_else(|| io::Error::other("schedstat is not in the expected form"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_has_a_resident_set_no_larger_than_its_peak() {
        let m = memory(std::process::id()).unwrap();
        assert!(m.rss_kib > 0);
        assert!(m.rss_kib <= m.peak_kib);
        assert!(m.anon_kib > 0 && m.file_kib + m.anon_kib <= m.rss_kib);
    }

    /// CPU seconds the calling thread has run, the one count here that only grows while it
    /// is read: the process total drops whenever another test thread exits.
    fn this_thread_cpu_seconds() -> f64 {
        let text = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap();
        run_ns(&text).unwrap() as f64 / 1e9
    }

    #[test]
    fn cpu_time_of_a_thread_grows_with_its_work() {
        let before = this_thread_cpu_seconds();
        let mut x = 0u64;
        // Spin until time is charged; the cap only keeps a broken reader from hanging.
        let cap = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while this_thread_cpu_seconds() <= before && std::time::Instant::now() < cap {
            for _ in 0..100_000 {
                x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
            }
        }
        assert!(this_thread_cpu_seconds() > before);
    }

    #[test]
    fn cpu_time_of_a_process_counts_at_least_its_live_thread() {
        let mine = this_thread_cpu_seconds();
        assert!(cpu_seconds(std::process::id()).unwrap() >= mine);
    }

    #[test]
    fn a_schedstat_line_that_is_not_numbers_is_an_error() {
        assert_eq!(run_ns("123 45 6\n").unwrap(), 123);
        assert!(run_ns("").is_err());
        assert!(run_ns("x 1 2").is_err());
    }
}
