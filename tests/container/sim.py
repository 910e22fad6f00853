"""The simulated Mist cloud (`mist-sim`, a build of crates/mist-sim) as the upstream of the
containers: started on a free loopback port, read through its control API, stopped at the end.
With host networking the containers reach it at the same address."""

import json
import re
import subprocess
import threading
import time
import urllib.request

from mcp import Failure


class Control:
    """A running mist-sim's control API at `base` (`http://127.0.0.1:PORT`)."""

    def __init__(self, base):
        self.base = base

    def control(self, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.base}/__sim/{path}",
            data=data,
            headers={"Content-Type": "application/json"},
            method="GET" if body is None else "POST",
        )
        with urllib.request.urlopen(request, timeout=10) as reply:
            return json.loads(reply.read())

    def stats(self):
        return self.control("stats")

    def wait_for(self, predicate, what, limit=30.0):
        """Polls the statistics until `predicate` holds; a bound far above any delivery."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if predicate(self.stats()):
                return
            time.sleep(0.05)
        raise Failure(f"mist-sim never saw {what}")


class Sim(Control):
    """A mist-sim started for the checks, and its control API."""

    def __init__(self, binary, latency_ms=0):
        self.proc = subprocess.Popen(
            [binary, "--port", "0", "--latency-ms", str(latency_ms)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        super().__init__(None)
        self.tokens = {}
        self.orgs = {}
        ready = threading.Event()
        threading.Thread(target=self._read, args=(ready,), daemon=True).start()
        if not ready.wait(timeout=30) or not self.base:
            self.stop()
            raise Failure("mist-sim did not start within 30 s")

    def _read(self, ready):
        for line in self.proc.stderr:
            listening = re.search(r"listening on (http://\S+?)/?$", line.strip())
            token = re.match(r"\s*token (\S+)\s+org (\S+)\s+(\S+)", line)
            if listening:
                self.base = listening.group(1)
            elif token:
                self.tokens[token.group(1)] = token.group(3)
                self.orgs[token.group(1)] = token.group(2)
            elif line.strip().startswith("site ") and self.base:
                ready.set()
        ready.set()

    @property
    def main_org(self):
        return self.orgs["main"]

    @property
    def main_site(self):
        """A site of the main token's organisation."""
        info = self.control("info")
        return next(s["id"] for s in info["sites"] if s["org_id"] == self.main_org)

    @property
    def authority(self):
        return self.base.removeprefix("http://")

    def tool_count(self, tool):
        return self.stats().get("by_tool", {}).get(tool, 0)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
