#!/usr/bin/env bash
# The official Python MCP SDK's Streamable HTTP client against `mistmcp --demo --transport http`:
# in its default (auto) mode, which lands on 2026-07-28 without sessions, and in legacy mode
# (initialize + Mcp-Session-Id).
source "$(dirname "$0")/lib.sh"

python="$(python_env)"
port="$(free_port)"
start_server "$port"
trap 'stop_server || true' EXIT
status=0
for mode in auto legacy; do
  "$python" "$EXTERNAL_DIR/mcp_clients.py" http "http://127.0.0.1:$port/mcp" "$DEMO_TOKEN" "$mode" || status=1
done
trap - EXIT
if stop_server; then echo "PASS python-sdk: server exits 0 on SIGTERM"; else echo "FAIL python-sdk: server exit code on SIGTERM"; status=1; fi
exit "$status"
