#!/usr/bin/env python3
"""Resident memory of `mistmcp --transport http` per idle legacy session.

Starts `mistmcp --demo --transport http` on a free port, reads its RSS, opens N sessions
(initialize, notifications/initialized, tools/list each; then left idle), and reads the RSS
twice: right after the sessions opened (while they are live in memory) and after they have
been idle long enough to be parked (--idle seconds; the server parks after 60 s by default,
see --session-park-after). Prints the extra RSS per session for both. Standard library only;
Linux only (/proc).

Usage: measure_idle_sessions.py [--bin PATH] [--sessions N] [--idle SECONDS] [-- server args]
"""

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def post(conn, body, session=None):
    headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
    if session:
        headers["Mcp-Session-Id"] = session
        headers["MCP-Protocol-Version"] = "2025-06-18"
    conn.request("POST", "/mcp", body=json.dumps(body), headers=headers)
    resp = conn.getresponse()
    data = resp.read()
    if resp.status not in (200, 202):
        raise RuntimeError(f"HTTP {resp.status}: {data[:200]!r}")
    return resp.getheader("Mcp-Session-Id"), data


def open_session(conn, n):
    init = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {},
        "clientInfo": {"name": "rss-probe", "version": "1"}}}
    session, _ = post(conn, init)
    post(conn, {"jsonrpc": "2.0", "method": "notifications/initialized"}, session)
    _, data = post(conn, {"jsonrpc": "2.0", "id": 2, "method": "tools/list", "params": {}}, session)
    if b"getSelf" not in data:
        raise RuntimeError(f"session {n}: tools/list lacks getSelf")
    return session


def settle(pid, seconds=3.0):
    """RSS after the process has had a moment to finish background work."""
    time.sleep(seconds)
    return rss_kb(pid)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_bin = os.path.join(here, "..", "..", "target", "debug", "mistmcp")
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=os.environ.get("MISTMCP_BIN", default_bin))
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--idle", type=float, default=80.0, help="seconds to wait before the last reading")
    parser.add_argument("extra", nargs="*")
    args = parser.parse_args()

    port = free_port()
    server = subprocess.Popen(
        # Every session comes from this one address: the caps are raised to hold them all.
        [args.bin, "--demo", "--transport", "http", "--port", str(port),
         f"--max-sessions={args.sessions + 16}", f"--max-sessions-per-client={args.sessions + 16}",
         *args.extra],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                c.request("GET", "/healthz")
                if c.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.05)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        # One session first, so lazily built state (tool list, allocator arenas) is not counted.
        open_session(conn, 0)
        before = settle(server.pid)
        sessions = [open_session(conn, n) for n in range(1, args.sessions + 1)]
        live = settle(server.pid)
        idle = settle(server.pid, args.idle)
        # Every session must still work after the idle time (parked sessions resume).
        for n, session in enumerate(sessions[:50]):
            _, data = post(conn, {"jsonrpc": "2.0", "id": 3, "method": "tools/list", "params": {}}, session)
            if b"getSelf" not in data:
                raise RuntimeError(f"session {n} no longer answers after idling")
        count = len(sessions)
        print(f"sessions={count} rss_before_kb={before} rss_live_kb={live} rss_idle_kb={idle} "
              f"live_extra_per_session_kb={(live - before) / count:.1f} "
              f"idle_extra_per_session_kb={(idle - before) / count:.1f}")
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    sys.exit(main())
