"""A small MCP client for the container checks, on the standard library alone: JSON-RPC over a
child process's stdin/stdout (a `docker run -i`), and Streamable HTTP over urllib. Every read
has a time-out, so a server that hangs fails the check instead of the CI run."""

import json
import queue
import subprocess
import sys
import threading
import urllib.error
import urllib.request

PROTOCOL = "2025-06-18"
CLIENT = {"name": "mistmcp-container-checks", "version": "1"}


class Failure(Exception):
    """A check that did not hold."""


def check(condition, message):
    if not condition:
        raise Failure(message)


def say(line):
    print(line, flush=True)


def run_checks(main):
    """Runs a checks script's `main`: a check that does not hold ends it with its message and
    exit status 1."""
    try:
        main()
    except Failure as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        sys.exit(1)


def initialize_params():
    return {"protocolVersion": PROTOCOL, "capabilities": {}, "clientInfo": CLIENT}


class Stdio:
    """An MCP session with a child process speaking newline-delimited JSON-RPC."""

    def __init__(self, argv, env=None, timeout=30):
        self.timeout = timeout
        self.proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.next_id = 0

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def send(self, message):
        self.proc.stdin.write(json.dumps(message) + "\n")
        self.proc.stdin.flush()

    def request(self, method, params=None):
        self.next_id += 1
        message = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)
        while True:
            try:
                line = self.lines.get(timeout=self.timeout)
            except queue.Empty:
                raise Failure(f"no answer to {method} within {self.timeout} s") from None
            if line is None:
                raise Failure(f"the server closed stdout before answering {method}")
            answer = json.loads(line)
            if answer.get("id") == self.next_id:
                check("result" in answer, f"{method} failed: {answer}")
                return answer["result"]

    def handshake(self):
        result = self.request("initialize", initialize_params())
        self.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        return result

    def call(self, name, arguments):
        return self.request("tools/call", {"name": name, "arguments": arguments})

    def close(self):
        """Closes stdin, as a client does when it quits; the server's exit code."""
        self.proc.stdin.close()
        try:
            return self.proc.wait(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise Failure("the server did not exit when stdin closed") from None


class Http:
    """An MCP session over Streamable HTTP; remembers which upstream answered each request when
    a balancer names it in X-Served-By."""

    def __init__(self, url, token=None, timeout=30):
        self.url = url
        self.token = token
        self.timeout = timeout
        self.session = None
        self.next_id = 0
        self.served_by = []

    def post(self, message):
        """POSTs one message; (status, headers, JSON-RPC answer or None)."""
        headers = {
            "Content-Type": "application/json",
            "Accept": "application/json, text/event-stream",
            "MCP-Protocol-Version": PROTOCOL,
        }
        if self.token:
            headers["X-Authorization"] = self.token
        if self.session:
            headers["Mcp-Session-Id"] = self.session
        request = urllib.request.Request(
            self.url, data=json.dumps(message).encode(), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as reply:
                status, head, body = reply.status, reply.headers, reply.read().decode()
        except urllib.error.HTTPError as err:
            status, head, body = err.code, err.headers, err.read().decode()
        self.served_by.append(head.get("X-Served-By"))
        return status, head, parse_body(head.get("Content-Type", ""), body, message.get("id"))

    def request(self, method, params=None):
        self.next_id += 1
        message = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            message["params"] = params
        status, _, answer = self.post(message)
        check(status == 200, f"{method}: HTTP {status} {answer}")
        check(answer is not None and "result" in answer, f"{method} failed: {answer}")
        return answer["result"]

    def handshake(self):
        self.next_id += 1
        message = {"jsonrpc": "2.0", "id": self.next_id, "method": "initialize"}
        message["params"] = initialize_params()
        status, head, answer = self.post(message)
        check(status == 200 and answer and "result" in answer, f"initialize: HTTP {status} {answer}")
        self.session = head.get("Mcp-Session-Id")
        check(self.session, "initialize answered without an Mcp-Session-Id")
        status, _, _ = self.post({"jsonrpc": "2.0", "method": "notifications/initialized"})
        check(status in (200, 202), f"notifications/initialized: HTTP {status}")
        return answer["result"]

    def call(self, name, arguments):
        return self.request("tools/call", {"name": name, "arguments": arguments})

    def tool_names(self):
        return [tool["name"] for tool in self.request("tools/list")["tools"]]


def parse_body(content_type, body, wanted_id):
    """The JSON-RPC answer with `wanted_id` from a JSON or an event-stream body."""
    if not body.strip():
        return None
    if "text/event-stream" not in content_type:
        try:
            return json.loads(body)
        except json.JSONDecodeError:
            # Refusals before MCP (a bad header, a shutting-down server) answer in plain text.
            return {"error": {"message": body.strip()}}
    for line in body.splitlines():
        if line.startswith("data:") and line[5:].strip():
            event = json.loads(line[5:])
            if event.get("id") == wanted_id:
                return event
    return None


def get(url, timeout=10):
    """A plain GET: (status, body)."""
    status, _, body = get_with_headers(url, timeout)
    return status, body


def get_with_headers(url, timeout=10):
    """A plain GET: (status, headers, body)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as reply:
            return reply.status, reply.headers, reply.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read().decode()


def is_error(result):
    return result.get("isError") is True


def text_of(result):
    return " ".join(part.get("text", "") for part in result.get("content", []))
