"""Checks of the mistmcp image (`cargo xtask image`) on a running dockerd:

- its size, layers, labels and user;
- stdio in demo mode, read-only and without capabilities: the handshake and one tool call;
- stdio against a Mist upstream with the token passed through the environment, as the
  README's Claude Desktop line runs it;
- HTTP as the README runs it (`--transport http --host 0.0.0.0`), inside the container's own
  network namespace: /healthz and a tool call, a non-root process, and `docker stop` letting a
  call in flight finish before the process exits 0.

usage: image_checks.py IMAGE MIST_SIM_BINARY
"""

import json
import os
import re
import subprocess
import sys
import threading

import mcp
from mcp import Failure, check, run_checks, say
from sim import Control, Sim

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DOCKER = os.environ.get("DOCKER", "docker")
LIMIT_MB = 40
UID = 65532
HARDENED = ["--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges"]
# A call the drain must wait for: long enough to be surely in flight when the signal comes,
# well within the server's 10 s drain.
SLOW_UPSTREAM_MS = 3000


def docker(*args, timeout=120):
    out = subprocess.run([DOCKER, *args], capture_output=True, text=True, timeout=timeout)
    check(out.returncode == 0, f"docker {' '.join(args)}: {out.stderr.strip()}")
    return out.stdout.strip()


def image_facts(image):
    info = json.loads(docker("image", "inspect", image))[0]
    size_mb = info["Size"] / 1e6
    layers = info["RootFS"]["Layers"]
    say(f"image {image}: {size_mb:.1f} MB, {len(layers)} filesystem layer(s); docker history:")
    for line in docker("history", "--format", "{{.Size}}\t{{.CreatedBy}}", image).splitlines():
        say(f"  {line}")
    check(size_mb <= LIMIT_MB, f"the image is {size_mb:.1f} MB, over {LIMIT_MB} MB")
    config = info["Config"]
    check(config["User"] == f"{UID}:{UID}", f"the image runs as {config['User']!r}")
    labels = config["Labels"]
    entry = json.load(open(os.path.join(ROOT, "server.json")))
    revision = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    expected = {
        "io.modelcontextprotocol.server.name": entry["name"],
        "org.opencontainers.image.version": entry["version"],
        "org.opencontainers.image.revision": revision,
        "org.opencontainers.image.licenses": "MIT",
        "org.opencontainers.image.source": entry["repository"]["url"],
    }
    for key, value in expected.items():
        check(labels.get(key) == value, f"label {key} is {labels.get(key)!r}, not {value!r}")
        say(f"  label {key}={value}")


def stdio_demo(image):
    session = mcp.Stdio([DOCKER, "run", "-i", "--rm", *HARDENED, image, "--demo"])
    info = session.handshake()["serverInfo"]
    tools = [tool["name"] for tool in session.request("tools/list")["tools"]]
    check("getSelf" in tools, f"tools/list: {tools}")
    me = session.call("getSelf", {})
    check(not mcp.is_error(me), f"getSelf: {mcp.text_of(me)}")
    email = me["structuredContent"]["data"]["email"]
    code = session.close()
    check(code == 0, f"the stdio server exited {code} when stdin closed")
    say(f"stdio --demo (read-only, no capabilities): {info['name']} {info['version']}, "
        f"{len(tools)} tools, getSelf -> {email}, exit {code} at end of input")


def self_calls(sim, label):
    return sim.stats()["by_token"].get(label, {}).get("/api/v1/self", 0)


def stdio_with_token(image, sim):
    # `-e NAME` without a value: docker copies it from its own environment, so the token is
    # never on a command line.
    env = dict(os.environ, MIST_APITOKEN=sim.tokens["main"], MIST_HOST=sim.base)
    argv = [DOCKER, "run", "-i", "--rm", *HARDENED, "--network", "host",
            "-e", "MIST_APITOKEN", "-e", "MIST_HOST", image, "--allow-host", sim.authority]
    session = mcp.Stdio(argv, env=env)
    session.handshake()
    before = self_calls(sim, "main")
    me = session.call("getSelf", {})
    check(not mcp.is_error(me), f"getSelf with the token: {mcp.text_of(me)}")
    check(self_calls(sim, "main") == before + 1, "getSelf reached Mist with the main token")
    check(session.close() == 0, "the server exits 0 at end of input")
    say("stdio with MIST_APITOKEN passed through the environment (-e NAME): getSelf reached "
        "the upstream once, with that token")


def process_uid(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("Uid:"):
                return [int(field) for field in line.split()[1:]]
    raise Failure(f"no Uid line for process {pid}")


def http(image):
    name = f"mistmcp-check-http-{os.getpid()}"
    docker("run", "-d", "--name", name, *HARDENED, image, "--demo", "--transport", "http",
           "--host", "0.0.0.0", "--allowed-hostname", "mcp.example.com")
    try:
        pid = docker("inspect", "--format", "{{.State.Pid}}", name)
        uids = process_uid(pid)
        check(all(uid == UID for uid in uids), f"the process runs as uids {uids}")
        say(f"http: process {pid} runs as uid {uids[0]} (real, effective, saved, fs)")
        sim_url = wait_for_log(name, r"simulated Mist cloud started url=(\S+)")
        # The container has only its own loopback: the client joins its network namespace.
        inside = subprocess.run(
            ["nsenter", f"--net=/proc/{pid}/ns/net", sys.executable, __file__, "inside",
             name, sim_url],
            capture_output=True, text=True, timeout=120,
        )
        say(inside.stdout.rstrip())
        check(inside.returncode == 0, f"the checks inside the container's network failed: "
              f"{inside.stderr.strip()}")
        state = json.loads(docker("inspect", "--format", "{{json .State}}", name))
        check(state["ExitCode"] == 0 and not state["OOMKilled"],
              f"after docker stop the process exited {state['ExitCode']}")
        logs = subprocess.run([DOCKER, "logs", name], capture_output=True, text=True).stderr
        check("terminated; shutting down" in logs, f"no shutdown line in the logs:\n{logs}")
        say(f"http: docker stop -> exit code {state['ExitCode']}, "
            f"log says \"terminated; shutting down\"")
    finally:
        subprocess.run([DOCKER, "rm", "-f", name], capture_output=True)


def wait_for_log(name, pattern, tries=100):
    for _ in range(tries):
        logs = subprocess.run([DOCKER, "logs", name], capture_output=True, text=True)
        found = re.search(pattern, logs.stdout + logs.stderr)
        if found:
            return found.group(1)
        threading.Event().wait(0.1)
    raise Failure(f"{name} never logged {pattern}")


def inside(name, sim_url):
    """Runs in the container's network namespace: the HTTP checks and the drain."""
    status, body = mcp.get("http://127.0.0.1:8000/healthz")
    check(status == 200 and json.loads(body) == {"status": "ok"}, f"/healthz: {status} {body}")
    say(f"http: GET /healthz -> {status} {body}")
    client = mcp.Http("http://127.0.0.1:8000/mcp")
    client.handshake()
    tools = client.tool_names()
    listed = client.call("searchMistTools", {"query": "device stats"})
    check(not mcp.is_error(listed), f"searchMistTools: {mcp.text_of(listed)}")
    say(f"http: session {client.session[:8]}..., {len(tools)} tools, searchMistTools answered")

    upstream = Control(sim_url)
    upstream.control("latency", {"ms": SLOW_UPSTREAM_MS})
    answer = {}

    def slow_call():
        try:
            answer["result"] = client.call("getSelf", {})
        except Exception as err:  # the thread reports whatever went wrong
            answer["error"] = repr(err)

    caller = threading.Thread(target=slow_call)
    caller.start()
    upstream.wait_for(lambda stats: any("/api/v1/self" in paths for paths in stats["by_token"].values()),
                      "/api/v1/self")
    stopped = subprocess.run([DOCKER, "stop", name], capture_output=True, text=True, timeout=60)
    check(stopped.returncode == 0, f"docker stop: {stopped.stderr}")
    caller.join(timeout=30)
    check("result" in answer, f"the call in flight at SIGTERM got no answer: {answer}")
    check(not mcp.is_error(answer["result"]), f"getSelf: {mcp.text_of(answer['result'])}")
    say(f"http: a getSelf held {SLOW_UPSTREAM_MS} ms by the upstream was in flight at "
        "docker stop (SIGTERM) and was answered before the process exited")


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "inside":
        inside(sys.argv[2], sys.argv[3])
        return
    image, sim_binary = sys.argv[1], sys.argv[2]
    image_facts(image)
    stdio_demo(image)
    sim = Sim(sim_binary)
    try:
        stdio_with_token(image, sim)
    finally:
        sim.stop()
    http(image)
    say("== image checks passed")


if __name__ == "__main__":
    run_checks(main)
