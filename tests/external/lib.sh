# Shared helpers for the third-party client checks; sourced by the scripts beside it.
# Each check prints one line: "PASS <suite>: <what>" or "FAIL <suite>: <what> (<why>)".

set -euo pipefail

EXTERNAL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$EXTERNAL_DIR/../.." && pwd)"
CACHE_DIR="${MISTMCP_EXTERNAL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mistmcp-external}"
# The demo simulator's token for its main organisation (a fixture, not a secret).
DEMO_TOKEN="simtoken-main-7c1f0b9e4d2a6c8e5f3b1d9a7e0c4f2b6d8a1e3c"

# Pinned so a run today and a run next month test the same clients.
PYTHON_MCP_VERSION="2.3.0"
NODE_VERSION="22"
CONFORMANCE_VERSION="0.1.16"
MCP_REMOTE_VERSION="0.15.1"

log() { echo "[external] $*" >&2; }

# The mistmcp binary: $MISTMCP_BIN, or the workspace's debug build (built if missing).
mistmcp_bin() {
  if [ -n "${MISTMCP_BIN:-}" ]; then
    echo "$MISTMCP_BIN"
    return
  fi
  local bin="$REPO_DIR/target/debug/mistmcp"
  if [ ! -x "$bin" ]; then
    log "building mistmcp"
    (cd "$REPO_DIR" && cargo build -p mistmcp --quiet) >&2
  fi
  echo "$bin"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_server PORT [args...]: `mistmcp --demo --transport http` in the background; sets
# SERVER_PID and waits for /healthz.
start_server() {
  local port="$1"
  shift
  local bin
  bin="$(mistmcp_bin)"
  "$bin" --demo --transport http --port "$port" "$@" 2>"$CACHE_DIR/server-$port.log" &
  SERVER_PID=$!
  for _ in $(seq 1 200); do
    if python3 - "$port" <<'PY' 2>/dev/null; then
import sys, urllib.request
urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/healthz", timeout=1).read()
PY
      return 0
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      log "mistmcp exited at start:"; cat "$CACHE_DIR/server-$port.log" >&2
      return 1
    fi
    sleep 0.1
  done
  log "mistmcp did not answer /healthz"
  return 1
}

# stop_server: SIGTERM, then wait; fails unless the exit code is 0.
stop_server() {
  if [ -z "${SERVER_PID:-}" ]; then return 0; fi
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  local code=0
  wait "$SERVER_PID" || code=$?
  SERVER_PID=""
  return "$code"
}

# A virtualenv with the Python MCP SDK; prints its python.
python_env() {
  local venv="$CACHE_DIR/venv-mcp-$PYTHON_MCP_VERSION"
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import mcp" 2>/dev/null; then
    log "installing the Python MCP SDK $PYTHON_MCP_VERSION"
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet "mcp==$PYTHON_MCP_VERSION" >&2
  fi
  echo "$venv/bin/python"
}

# A local npm prefix with Node 22, the conformance suite and mcp-remote; prints the prefix.
node_env() {
  local prefix="$CACHE_DIR/node-$NODE_VERSION-conf-$CONFORMANCE_VERSION-remote-$MCP_REMOTE_VERSION"
  if [ ! -x "$prefix/node_modules/.bin/node" ] || [ ! -d "$prefix/node_modules/mcp-remote" ]; then
    log "installing node@$NODE_VERSION, @modelcontextprotocol/conformance@$CONFORMANCE_VERSION, mcp-remote@$MCP_REMOTE_VERSION"
    mkdir -p "$prefix"
    # The node package installs its binary from a preinstall script; newer npm versions run
    # dependency scripts only when package.json allows them.
    echo '{"private": true, "allowScripts": {"node": true}}' >"$prefix/package.json"
    npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error \
      "node@$NODE_VERSION" "@modelcontextprotocol/conformance@$CONFORMANCE_VERSION" \
      "mcp-remote@$MCP_REMOTE_VERSION" >&2
  fi
  local version
  version="$("$prefix/node_modules/.bin/node" --version)"
  case "$version" in
    v"$NODE_VERSION".*) ;;
    *) log "expected Node $NODE_VERSION in $prefix, got $version"; return 1 ;;
  esac
  echo "$prefix"
}

mkdir -p "$CACHE_DIR"
