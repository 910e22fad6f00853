#!/usr/bin/env bash
# The Python MCP SDK over stdio against `mistmcp --demo` (python_stdio_client.py, one line per check).
source "$(dirname "$0")/lib.sh"

python="$(python_env)"
"$python" "$EXTERNAL_DIR/python_stdio_client.py" "$(mistmcp_bin)"
