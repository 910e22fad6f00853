"""The replica deployment of deploy/compose.yaml, brought up with docker-compose on host
networking (deploy/compose.host-network.yaml) with the Debian stand-ins for Redis and HAProxy
(deploy/compose.debian-standins.yaml), in front of mist-sim as the Mist cloud. Through the
balancer only, it shows:

- a session whose requests land on every replica keeps its tools;
- a write planned on one replica and confirmed on another reaches Mist once, and its token
  cannot be spent again on the third;
- a replica killed mid-session is invisible to the client.

Prints the transcript: which replica answered each request, and how.

usage: compose_checks.py MIST_SIM_BINARY   (images: cargo xtask image, deploy/standins/build.sh)
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import mcp
from mcp import Failure, check, run_checks, say
from sim import Sim

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
COMPOSE = os.environ.get("DOCKER_COMPOSE", "docker-compose")
REPLICAS = ["mistmcp-1", "mistmcp-2", "mistmcp-3"]
FILES = ["compose.yaml", "compose.host-network.yaml", "compose.debian-standins.yaml"]
# Bounds far above what each wait needs; reaching one fails the check.
STARTUP_LIMIT_S = 90
DOWN_LIMIT_S = 30


def free_ports(count):
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


class Stack:
    def __init__(self, sim):
        self.work = tempfile.mkdtemp(prefix="mistmcp-compose-")
        self.deploy = os.path.join(self.work, "deploy")
        shutil.copytree(os.path.join(ROOT, "deploy"), self.deploy,
                        ignore=shutil.ignore_patterns("secrets"))
        subprocess.run(["bash", os.path.join(self.deploy, "new-secrets.sh")], check=True,
                       capture_output=True)
        with open(os.path.join(self.deploy, "secrets", "redis.conf")) as conf:
            password = conf.read().split()[1]
        r1, r2, r3, balancer, redis = free_ports(5)
        self.balancer = f"http://127.0.0.1:{balancer}"
        self.env = dict(
            os.environ,
            MISTMCP_1_PORT=str(r1), MISTMCP_2_PORT=str(r2), MISTMCP_3_PORT=str(r3),
            BALANCER_PORT=str(balancer), REDIS_PORT=str(redis), REDIS_PASSWORD=password,
            MIST_UPSTREAM=sim.base, MIST_UPSTREAM_AUTHORITY=sim.authority,
        )
        self.project = f"mistmcpci{os.getpid()}"

    def compose(self, *args, timeout=300):
        argv = [COMPOSE, "-p", self.project]
        for name in FILES:
            argv += ["-f", os.path.join(self.deploy, name)]
        out = subprocess.run([*argv, *args], env=self.env, capture_output=True, text=True,
                             timeout=timeout)
        check(out.returncode == 0, f"docker-compose {' '.join(args)}: {out.stderr.strip()}")
        return out.stdout + out.stderr

    def up(self):
        self.compose("up", "-d")
        deadline = time.monotonic() + STARTUP_LIMIT_S
        seen = set()
        while time.monotonic() < deadline and seen != set(REPLICAS):
            try:
                status, head, _ = mcp.get_with_headers(f"{self.balancer}/healthz", timeout=5)
                if status == 200:
                    seen.add(head.get("X-Served-By"))
            except OSError:
                pass
            time.sleep(0.2)
        check(seen >= set(REPLICAS), f"the balancer reached only {sorted(filter(None, seen))} "
              f"within {STARTUP_LIMIT_S} s:\n{self.compose('logs', '--tail', '20')}")
        say(f"stack up: balancer {self.balancer}, replicas {', '.join(REPLICAS)} healthy behind it")

    def down(self):
        try:
            self.compose("down", "-v", "--timeout", "15")
        finally:
            shutil.rmtree(self.work, ignore_errors=True)


def step(client, label, result):
    """One transcript line: what was asked, which replica answered, what came back."""
    replica = client.served_by[-1] or "?"
    outcome = "error: " + mcp.text_of(result)[:120] if mcp.is_error(result) else "ok"
    say(f"  {label:<44} -> {replica}: {outcome}")
    return replica


def roaming_session(stack, sim):
    say("roaming session (one Mcp-Session-Id, every request to the next replica):")
    client = mcp.Http(f"{stack.balancer}/mcp", token=sim.tokens["main"])
    client.handshake()
    say(f"  initialize                                   -> {client.served_by[-2]}: "
        f"session {client.session[:8]}...")
    enabled = client.call("manageMcpTools", {"enable": "orgs"})
    step(client, "manageMcpTools enable=orgs", enabled)
    check(not mcp.is_error(enabled), mcp.text_of(enabled))
    org_id = sim.main_org
    replicas = set()
    for _ in range(len(REPLICAS)):
        tools = client.tool_names()
        say(f"  {'tools/list':<44} -> {client.served_by[-1]}: {len(tools)} tools, "
            f"getOrg {'listed' if 'getOrg' in tools else 'MISSING'}")
        check("getOrg" in tools, "the session's enabled category is lost on this replica")
        replicas.add(client.served_by[-1])
        org = client.call("getOrg", {"org_id": org_id})
        replicas.add(step(client, "tools/call getOrg", org))
        check(not mcp.is_error(org), mcp.text_of(org))
    check(replicas == set(REPLICAS), f"the session was served by {sorted(replicas)} only")
    return client


def outcome(result):
    if result.get("isError"):
        error = result.get("structuredContent", {}).get("error", {})
        return error.get("reason") or error.get("kind") or "?"
    return "sent"


def write_once(stack, sim):
    say("confirmed write (createSiteWlan, planned, confirmed, replayed):")
    client = mcp.Http(f"{stack.balancer}/mcp?mode=all", token=sim.tokens["main"])
    client.handshake()
    arguments = {"site_id": sim.main_site, "body": {"ssid": "compose-once"}}
    before = sim.tool_count("createSiteWlan")
    plan = client.call("createSiteWlan", arguments)
    planner = step(client, "plan (no confirmation_token)", plan)
    token = plan.get("structuredContent", {}).get("data", {}).get("confirmation_token")
    check(isinstance(token, str), f"the plan carries no confirmation token: {plan}")
    check(sim.tool_count("createSiteWlan") == before, "planning sent nothing")
    confirmed = dict(arguments, confirmation_token=token)
    sent = client.call("createSiteWlan", confirmed)
    confirmer = step(client, "confirm (the plan's token)", sent)
    check(outcome(sent) == "sent", f"the confirmation was refused: {sent}")
    check(confirmer != planner, f"planned and confirmed on the same replica ({planner})")
    again = client.call("createSiteWlan", confirmed)
    step(client, "confirm again (the same token)", again)
    check(outcome(again) == "reused", f"the spent token was not refused as reused: {again}")
    writes = sim.tool_count("createSiteWlan") - before
    check(writes == 1, f"Mist received {writes} creates")
    say(f"  Mist (mist-sim) received createSiteWlan {writes} time(s): planned on {planner}, "
        f"sent by {confirmer}, refused as reused by {client.served_by[-1]}")


def killed_replica(stack, client, sim):
    victim = "mistmcp-2"
    say(f"killed replica: docker-compose kill {victim} (SIGKILL), then the same session:")
    stack.compose("kill", victim)
    answered = []
    for _ in range(2 * len(REPLICAS)):
        org = client.call("getOrg", {"org_id": sim.main_org})
        answered.append(step(client, "tools/call getOrg", org))
        check(not mcp.is_error(org), mcp.text_of(org))
    check(victim not in answered, f"{victim} answered after it was killed")
    logs = stack.compose("logs", "--no-color", "balancer")
    for line in re.findall(r"[^\n]* \d+/\d+/\d+/\d+/\+\d+ [^\n]*", logs):
        say(f"  balancer log, redispatched: {line.split('|', 1)[-1].strip()[:160]}")
    deadline = time.monotonic() + DOWN_LIMIT_S
    while time.monotonic() < deadline:
        logs = stack.compose("logs", "--no-color", "balancer")
        down = re.search(rf"Server mistmcp/{victim} is DOWN[^\n]*", logs)
        if down:
            say(f"  balancer log: {down.group(0).strip()}")
            return
        time.sleep(0.5)
    raise Failure(f"the balancer never marked {victim} down")


def main():
    sim = Sim(sys.argv[1])
    stack = None
    try:
        stack = Stack(sim)
        stack.up()
        client = roaming_session(stack, sim)
        write_once(stack, sim)
        killed_replica(stack, client, sim)
        say("== compose checks passed")
    finally:
        if stack:
            stack.down()
        sim.stop()


if __name__ == "__main__":
    run_checks(main)
