#!/usr/bin/env python3
"""Resident memory of `mistmcp --transport http` flooded with `initialize` requests.

Starts `mistmcp --demo --transport http` on a free loopback port, sends N `initialize`
requests without a token (each would open a legacy session) over a few kept-alive
connections, and prints how many were answered 200 and 503, and the server's VmRSS and
VmHWM before and after. Talks to 127.0.0.1 only. Standard library only; Linux only (/proc).

Usage: session_flood.py [--bin PATH] [--requests N] [--connections C] [-- server args]
"""

import argparse
import http.client
import json
import socket
import subprocess
import sys
import threading
import time

INIT = json.dumps({
    "jsonrpc": "2.0", "id": 1, "method": "initialize",
    "params": {"protocolVersion": "2025-06-18", "capabilities": {},
               "clientInfo": {"name": "flood", "version": "1"}},
})
HEADERS = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def memory_kb(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                out[line.split(":")[0]] = int(line.split()[1])
    return out


def wait_ready(port, deadline=30.0):
    start = time.time()
    while time.time() - start < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the server did not answer /healthz")


def flood(port, count, statuses, lock):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for _ in range(count):
        try:
            conn.request("POST", "/mcp", body=INIT, headers=HEADERS)
            resp = conn.getresponse()
            resp.read()
            status = resp.status
            if resp.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        except OSError:
            status = "error"
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        with lock:
            statuses[status] = statuses.get(status, 0) + 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default="target/debug/mistmcp")
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("server_args", nargs="*")
    args = parser.parse_args()
    port = free_port()
    server = subprocess.Popen(
        [args.bin, "--demo", "--transport", "http", "--port", str(port), *args.server_args],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(port)
        before = memory_kb(server.pid)
        statuses, lock = {}, threading.Lock()
        per = args.requests // args.connections
        started = time.time()
        threads = [threading.Thread(target=flood, args=(port, per, statuses, lock))
                   for _ in range(args.connections)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        took = time.time() - started
        time.sleep(0.5)
        after = memory_kb(server.pid)
        print(f"{per * args.connections} initialize requests in {took:.1f} s over "
              f"{args.connections} connections: {dict(sorted(statuses.items(), key=str))}")
        print(f"VmRSS {before['VmRSS'] / 1024:.1f} -> {after['VmRSS'] / 1024:.1f} MiB, "
              f"VmHWM {after['VmHWM'] / 1024:.1f} MiB")
    finally:
        server.terminate()
        server.wait(timeout=15)


if __name__ == "__main__":
    sys.exit(main())
