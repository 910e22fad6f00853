//! Peak resident memory of a stdio server in `all` mode after `tools/list` (and after some
//! tool calls, for context).

use crate::cli::Args;
use crate::env::Env;
use crate::procfs;
use crate::report::{Check, Figure, Stat};
use crate::stdio::StdioServer;
use serde_json::json;

const SUITE: &str = "memory";

pub fn run(env: &Env, args: &Args) -> Vec<Figure> {
    let label = "peak memory, stdio, all mode, after tools/list";
    let label_calls = "peak memory, stdio, all mode, + 100 tool calls";
    let mut started = Vec::new();
    let mut split = Vec::new();
    let mut listed = Vec::new();
    let mut called = Vec::new();
    for _ in 0..args.memory_runs.max(1) {
        match one(env) {
            Ok((init, a, b, parts)) => {
                started.push(init);
                split.push(parts);
                listed.push(a);
                called.push(b);
            }
            Err(e) => {
                return vec![
                    Figure::failed(SUITE, label, "MB", e.clone()),
                    Figure::failed(SUITE, label_calls, "MB", e),
                ];
            }
        }
    }
    vec![
        Figure::new(SUITE, label, "MB")
            .samples(&listed)
            .check(Check::AtMost(Stat::Median, 10.0))
            .original("90 MB")
            .note(format!(
                "VmHWM of the server process (MB = 10^6 bytes); {:.1} MB already after initialize; resident \
                 after tools/list: {:.1} MB mapped from the binary (shared, clean), {:.1} MB anonymous (heap, stacks)",
                super::median(&started),
                super::median(&split.iter().map(|p: &(f64, f64)| p.0).collect::<Vec<_>>()),
                super::median(&split.iter().map(|p| p.1).collect::<Vec<_>>()),
            )),
        Figure::new(SUITE, label_calls, "MB")
            .samples(&called)
            .note("50 × getOrg and 50 × searchOrgDevices (limit 100), cache on"),
    ]
}

/// Peak after `initialize`, after `tools/list`, after 100 tool calls; and (file, anonymous)
/// resident MB after `tools/list`.
fn one(env: &Env) -> Result<(f64, f64, f64, (f64, f64)), String> {
    let (mut server, _) = StdioServer::start(env.stdio_command(&["--mode", "all"]))?;
    let initialized = peak_mb(server.pid())?;
    server.request("tools/list", &json!({}))?.result()?;
    let listed = peak_mb(server.pid())?;
    let m = procfs::memory(server.pid()).map_err(|e| e.to_string())?;
    let parts = (m.file_kib as f64 * 1024.0 / 1e6, m.anon_kib as f64 * 1024.0 / 1e6);
    let org = json!({"org_id": env.org_id()});
    let search = json!({"org_id": env.org_id(), "limit": 100});
    for _ in 0..50 {
        server.call_tool("getOrg", &org)?.tool_result()?;
        server.call_tool("searchOrgDevices", &search)?.tool_result()?;
    }
    Ok((initialized, listed, peak_mb(server.pid())?, parts))
}

pub fn peak_mb(pid: u32) -> Result<f64, String> {
    let m = procfs::memory(pid).map_err(|e| e.to_string())?;
    Ok(m.peak_kib as f64 * 1024.0 / 1e6)
}
