//! Process start → `initialize` answered, over stdio.

use super::ms;
use crate::cli::Args;
use crate::env::Env;
use crate::report::{Check, Figure, Stat};
use crate::stdio::StdioServer;

const SUITE: &str = "startup";

pub fn run(env: &Env, args: &Args) -> Vec<Figure> {
    [
        ("start → initialize answered (stdio, managed)", &[][..]),
        ("start → initialize answered (stdio, all)", &["--mode", "all"][..]),
    ]
    .into_iter()
    .map(|(label, extra)| match starts(env, extra, args.starts) {
        Ok(samples) => Figure::new(SUITE, label, "ms")
            .samples(&samples)
            .check(Check::AtMost(Stat::Median, 5.0))
            .original("1.27–1.35 s")
            .note(format!(
                "spawn to the answer line; {} starts after one unmeasured",
                samples.len()
            )),
        Err(e) => Figure::failed(SUITE, label, "ms", e),
    })
    .collect()
}

fn starts(env: &Env, extra: &[&str], n: usize) -> Result<Vec<f64>, String> {
    let mut samples = Vec::with_capacity(n);
    // The first start warms the page cache with the binary; it is not what a user sees twice.
    for i in 0..=n {
        let (server, elapsed) = StdioServer::start(env.stdio_command(extra))?;
        drop(server);
        if i > 0 {
            samples.push(ms(elapsed));
        }
    }
    Ok(samples)
}
