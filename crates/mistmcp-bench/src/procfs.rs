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
        let path = task?.path().join("schedstat");
        // A thread may end between the listing and the read.
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let run_ns = text.split_whitespace().next().and_then(|f| f.parse::<u64>().ok());
        total_ns += run_ns.ok_or_else(|| io::Error::other("schedstat is not in the expected form"))?;
    }
    Ok(total_ns as f64 / 1e9)
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

    #[test]
    fn cpu_time_of_this_process_grows_with_work() {
        let pid = std::process::id();
        let before = cpu_seconds(pid).unwrap();
        let mut x = 0u64;
        // Spin until time is charged; the cap only keeps a broken reader from hanging.
        let cap = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while cpu_seconds(pid).unwrap() <= before && std::time::Instant::now() < cap {
            for _ in 0..100_000 {
                x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
            }
        }
        assert!(cpu_seconds(pid).unwrap() > before);
    }
}
