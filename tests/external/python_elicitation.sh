#!/usr/bin/env bash
# Writes confirmed through the Python MCP SDK's elicitation callback: over stdio against
# `mistmcp --demo --enable-write-tools`, and over an HTTP session against the same with
# `--transport http` (python_elicitation_client.py, one line per check).
source "$(dirname "$0")/lib.sh"

python="$(python_env)"
port="$(free_port)"
start_server "$port" --enable-write-tools
trap stop_server EXIT
"$python" "$EXTERNAL_DIR/python_elicitation_client.py" "$(mistmcp_bin)" "http://127.0.0.1:$port/mcp" "$DEMO_TOKEN"
