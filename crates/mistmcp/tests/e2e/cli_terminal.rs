//! A person at a terminal: the banner on a pseudo-terminal, and MCP still answered there.
//!
//! Python's `pty` module gives the binary a real pseudo-terminal as stdin, as a shell would;
//! stdout and stderr stay pipes so the test can read them apart.

use crate::harness::BIN;
use std::process::Stdio;
use tokio::process::Command;

/// Starts the binary on a pseudo-terminal, waits for the banner's last line on stderr, then
/// types an `initialize` request and prints `stderr`, a separator and the first stdout line.
const DRIVER: &str = r#"
import os, pty, subprocess, sys
master, slave = pty.openpty()
child = subprocess.Popen(sys.argv[1:], stdin=slave, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env={"PATH": os.environ.get("PATH", "")})
os.close(slave)
banner = ""
while "Still listening" not in banner:
    line = child.stderr.readline().decode()
    if not line:
        break
    banner += line
request = '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"pty","version":"1"}}}\n'
os.write(master, request.encode())
answer = child.stdout.readline().decode()
os.close(master)
try:
    child.wait(timeout=20)
except subprocess.TimeoutExpired:
    child.kill()
sys.stdout.write(banner + "\n=====\n" + answer)
"#;

#[tokio::test]
async fn a_terminal_on_stdin_gets_the_banner_and_mcp_is_still_served() {
    let out = tokio::time::timeout(
        std::time::Duration::from_secs(60),
        Command::new("python3")
            .args(["-c", DRIVER, BIN, "--demo"])
            .stdin(Stdio::null())
            .output(),
    )
    .await
    .expect("the driver finishes in time")
    .expect("python3 runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let (banner, answer) = text
        .split_once("\n=====\n")
        .expect("driver output has both parts");
    for needle in [
        "an MCP client",
        "\"mcpServers\"",
        "--transport http",
        "mistmcp doctor",
        "mistmcp config claude",
    ] {
        assert!(banner.contains(needle), "banner lacks {needle}:\n{banner}");
    }
    assert!(
        answer.contains("\"serverInfo\"") && answer.contains("mistmcp"),
        "initialize typed on the terminal is answered: {answer}\nstderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn a_client_pipe_gets_no_banner() {
    let launch = crate::harness::stdio::Launch::demo();
    let (_, _, err) = launch.run_to_exit().await;
    assert!(!err.contains("an MCP client"), "banner printed on a pipe: {err}");
}
