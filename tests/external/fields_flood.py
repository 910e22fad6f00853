#!/usr/bin/env python3
"""Time of a `tools/call` whose `fields` lists N names, over stdio against the demo world.

Starts `mistmcp --demo --mode all`, initializes, and calls searchOrgWirelessClientEvents
(1000 events) with fields of 1, 100 (the cap), 5,000 and 30,000 names, three times each;
prints the median time and the answer's size. 30,000 names used to take over a minute of
CPU; past the cap the call is now refused at once with the limit. Standard library only.

Usage: fields_flood.py [--bin PATH]
"""

import argparse
import json
import subprocess
import time

ORG = "6f4bb2a1-3c5d-4e8f-9a01-2b3c4d5e6f70"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default="target/debug/mistmcp")
    args = parser.parse_args()
    server = subprocess.Popen([args.bin, "--demo", "--mode", "all"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)

    def send(message):
        server.stdin.write(json.dumps(message) + "\n")
        server.stdin.flush()

    def answer(wanted):
        while True:
            message = json.loads(server.stdout.readline())
            if message.get("id") == wanted:
                return message

    try:
        send({"jsonrpc": "2.0", "id": 0, "method": "initialize",
              "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                         "clientInfo": {"name": "fields-flood", "version": "1"}}})
        answer(0)
        send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        request = 1
        for count in (1, 100, 5000, 30000):
            names = ",".join(f"f{k}" for k in range(count))
            times = []
            for _ in range(3):
                started = time.perf_counter()
                send({"jsonrpc": "2.0", "id": request, "method": "tools/call",
                      "params": {"name": "searchOrgWirelessClientEvents",
                                 "arguments": {"org_id": ORG, "limit": 1000, "fields": names}}})
                reply = answer(request)
                request += 1
                times.append(time.perf_counter() - started)
            refused = reply.get("result", {}).get("isError", False)
            print(f"{count:>6} names: median {sorted(times)[1] * 1000:.1f} ms, "
                  f"{len(json.dumps(reply))} B answer{' (refused)' if refused else ''}")
    finally:
        server.kill()


if __name__ == "__main__":
    main()
