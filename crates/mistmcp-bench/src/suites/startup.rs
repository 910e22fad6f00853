//! Process start → `initialize` answered, over stdio; and, since work can be moved past the
//! handshake, start → first `tools/list` answered.

use super::ms;
use crate::cli::Args;
use crate::env::Env;
use crate::report::{Check, Figure, Stat};
use crate::stdio::StdioServer;
use serde_json::json;
use std::time::Instant;

const SUITE: &str = "startup";
const FIRST_LIST: &str = "start → first tools/list answered (stdio, all)";

pub fn run(env: &Env, args: &Args) -> Vec<Figure> {
    let mut figures = Vec::new();
    for (label, extra) in [
        ("start → initialize answered (stdio, managed)", &[][..]),
        ("start → initialize answered (stdio, all)", &["--mode", "all"][..]),
    ] {
        let all = !extra.is_empty();
        match starts(env, extra, args.starts, all) {
            Ok((init, lists)) => {
                figures.push(
                    Figure::new(SUITE, label, "ms")
                        .samples(&init)
                        .check(Check::AtMost(Stat::Median, 5.0))
                        .original("1.27–1.35 s")
                        .note(format!(
                            "spawn to the answer line; {} starts after one unmeasured",
                            init.len()
                        )),
                );
                if all {
                    figures.push(Figure::new(SUITE, FIRST_LIST, "ms").samples(&lists).note(
                        "spawn, initialize, notifications/initialized, tools/list: what a client waits for before it can show tools",
                    ));
                }
            }
            Err(e) => figures.push(Figure::failed(SUITE, label, "ms", e)),
        }
    }
    figures
}

/// Times to the `initialize` answer and, if `list`, to the first `tools/list` answer.
fn starts(env: &Env, extra: &[&str], n: usize, list: bool) -> Result<(Vec<f64>, Vec<f64>), String> {
    let (mut init, mut lists) = (Vec::with_capacity(n), Vec::with_capacity(n));
    // The first start warms the page cache with the binary; it is not what a user sees twice.
    for i in 0..=n {
        let started = Instant::now();
        let (mut server, elapsed) = StdioServer::start(env.stdio_command(extra))?;
        if list {
            server.request("tools/list", &json!({}))?.result()?;
        }
        let listed = started.elapsed();
        drop(server);
        if i > 0 {
            init.push(ms(elapsed));
            lists.push(ms(listed));
        }
    }
    Ok((init, lists))
}
