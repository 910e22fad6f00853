#!/usr/bin/env bash
# Writes confirmed through the Python MCP SDK's elicitation callback, over stdio against
# `mistmcp --demo --enable-write-tools` (python_elicitation_client.py, one line per check).
source "$(dirname "$0")/lib.sh"

python="$(python_env)"
"$python" "$EXTERNAL_DIR/python_elicitation_client.py" "$(mistmcp_bin)"
