#!/usr/bin/env bash
# The world a model is measured in: a `mist-sim` (seed 42) and a `mistmcp` HTTP server in front
# of it, both on 127.0.0.1 only, with write tools on and delete tools off.
#
#   world.sh start [--sim-only]   start them; writes $AGENT_WORLD_DIR/state.json
#   world.sh status               print the state file (URLs and pids)
#   world.sh fresh                restart mistmcp on the same URL (a clean slate per question)
#   world.sh stop                 end the processes named in the state file, remove it
#
# AGENT_WORLD_DIR (default: <repo>/target/agent-world) holds the state file and both logs.
# MIST_SIM_BIN and MISTMCP_BIN pick the binaries; by default the workspace's debug builds
# (built when missing). AGENT_MODE picks the tool loading mode the model gets (default managed,
# the server's default).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
DIR="${AGENT_WORLD_DIR:-$REPO/target/agent-world}"
STATE="$DIR/state.json"
SEED=42
# The simulator's fixture token for its main organisation (an admin there); not a secret.
SIM_TOKEN="simtoken-main-7c1f0b9e4d2a6c8e5f3b1d9a7e0c4f2b6d8a1e3c"

say() { echo "[world] $*" >&2; }

binary() { # binary NAME PACKAGE ENV_VALUE
  local name="$1" package="$2" given="$3"
  if [ -n "$given" ]; then echo "$given"; return; fi
  local bin="$REPO/target/debug/$name"
  if [ ! -x "$bin" ]; then
    say "building $package"
    (cd "$REPO" && cargo build -p "$package" --quiet) >&2
  fi
  echo "$bin"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_for URL PID LOG: until URL answers 200, at most 20 s; fails if PID exits first.
wait_for() {
  local url="$1" pid="$2" log="$3"
  for _ in $(seq 1 200); do
    if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1).read()' "$url" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      say "process $pid exited at start; its log:"; cat "$log" >&2
      return 1
    fi
    sleep 0.1
  done
  say "$url did not answer within 20 s"
  return 1
}

# end PID: SIGTERM, then SIGKILL after 10 s; only that process.
end() {
  local pid="$1"
  kill -0 "$pid" 2>/dev/null || return 0
  # The pid may have been reused since the world started: end it only if it is still ours.
  if ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -Eq '(mist-sim|mistmcp)'; then
    say "process $pid is no longer mist-sim or mistmcp; left alone"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  say "process $pid ignored SIGTERM; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

# start_mcp SIM_URL PORT: mistmcp over HTTP in front of the simulator; prints its pid once it
# answers /healthz.
start_mcp() {
  local sim_url="$1" port="$2" bin pid
  bin="$(binary mistmcp mistmcp "${MISTMCP_BIN:-}")"
  # MIST_APITOKEN is left out: over HTTP the token comes with each request (client.py sends it).
  env -u MIST_APITOKEN MIST_HOST="$sim_url" "$bin" --transport http --host 127.0.0.1 --port "$port" \
    --allow-host "${sim_url#http://}" --mode "${AGENT_MODE:-managed}" --enable-write-tools \
    >>"$DIR/mistmcp.log" 2>&1 &
  pid=$!
  wait_for "http://127.0.0.1:$port/healthz" "$pid" "$DIR/mistmcp.log" || { end "$pid"; return 1; }
  echo "$pid"
}

# fresh: restart mistmcp on the same URL, keeping the simulator and what writes changed in it.
# A stateless client's enabled categories and confirmation tokens live in the server, keyed by
# token and endpoint URL: a restart between questions gives each question a clean slate.
fresh() {
  if [ ! -f "$STATE" ]; then say "no world recorded in $STATE"; return 1; fi
  local sim_url mcp_url old port pid
  sim_url="$(field sim_url)"; mcp_url="$(field mcp_url)"; old="$(field mcp_pid)"
  if [ -z "$mcp_url" ]; then say "this world has no mistmcp (started with --sim-only)"; return 1; fi
  [ -n "$old" ] && end "$old"
  port="${mcp_url#http://127.0.0.1:}"; port="${port%%/*}"
  pid="$(start_mcp "$sim_url" "$port")" || return 1
  python3 - "$STATE" "$pid" <<'PY'
import json, sys
path, pid = sys.argv[1:]
with open(path) as f:
    state = json.load(f)
state["mcp_pid"] = int(pid)
with open(path, "w") as f:
    json.dump(state, f, indent=1)
PY
  say "mistmcp restarted at $mcp_url (pid $pid)"
}

field() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1])).get(sys.argv[2]) or "")' "$STATE" "$1"; }

start() {
  local sim_only=false
  [ "${1:-}" = "--sim-only" ] && sim_only=true
  if [ -f "$STATE" ]; then
    say "a world is already recorded in $STATE; run '$0 stop' first"
    return 1
  fi
  mkdir -p "$DIR"
  local sim_bin sim_port sim_url sim_pid
  sim_bin="$(binary mist-sim mist-sim "${MIST_SIM_BIN:-}")"
  sim_port="$(free_port)"
  sim_url="http://127.0.0.1:$sim_port"
  "$sim_bin" --host 127.0.0.1 --port "$sim_port" --seed "$SEED" >"$DIR/mist-sim.log" 2>&1 &
  sim_pid=$!
  wait_for "$sim_url/__sim/info" "$sim_pid" "$DIR/mist-sim.log" || { end "$sim_pid"; return 1; }

  local mcp_url="" mcp_pid=""
  if ! $sim_only; then
    local mcp_port
    mcp_port="$(free_port)"
    mcp_pid="$(start_mcp "$sim_url" "$mcp_port")" || { end "$sim_pid"; return 1; }
    mcp_url="http://127.0.0.1:$mcp_port/mcp"
  fi

  (umask 077 && python3 - "$STATE" "$sim_url" "$sim_pid" "$mcp_url" "$mcp_pid" "$SIM_TOKEN" "$SEED" <<'PY'
import json, sys
path, sim_url, sim_pid, mcp_url, mcp_pid, token, seed = sys.argv[1:]
state = {"sim_url": sim_url, "sim_pid": int(sim_pid), "mcp_url": mcp_url or None,
         "mcp_pid": int(mcp_pid) if mcp_pid else None, "seed": int(seed), "token": token}
with open(path, "w") as f:
    json.dump(state, f, indent=1)
PY
  )
  say "mist-sim $sim_url (pid $sim_pid)${mcp_url:+; mistmcp $mcp_url (pid $mcp_pid)}; state in $STATE"
}

status() {
  if [ ! -f "$STATE" ]; then say "no world recorded in $STATE"; return 1; fi
  python3 -c 'import json, sys; s = json.load(open(sys.argv[1])); s.pop("token"); print(json.dumps(s, indent=1))' "$STATE"
}

stop() {
  if [ ! -f "$STATE" ]; then say "no world recorded in $STATE"; return 0; fi
  local pid
  for key in mcp_pid sim_pid; do
    pid="$(field "$key")"
    [ -n "$pid" ] && end "$pid"
  done
  rm -f "$STATE"
  say "stopped"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  status) status ;;
  fresh) fresh ;;
  stop) stop ;;
  *) echo "usage: $0 start [--sim-only] | status | fresh | stop" >&2; exit 2 ;;
esac
