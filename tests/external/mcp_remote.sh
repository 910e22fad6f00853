#!/usr/bin/env bash
# mcp-remote (the stdio-to-HTTP bridge the seed's README recommends) in front of
# `mistmcp --demo --transport http`, with the token in `--header X-Authorization:<token>`,
# driven by the Python SDK's stdio client.
source "$(dirname "$0")/lib.sh"

python="$(python_env)"
prefix="$(node_env)"
port="$(free_port)"
start_server "$port"
trap 'stop_server || true' EXIT
status=0
# mcp-remote logs every message to stderr: kept in a file, shown only on failure.
bridge_log="$CACHE_DIR/mcp-remote.log"
if ! "$python" "$EXTERNAL_DIR/mcp_clients.py" remote "$prefix/node_modules/.bin/node" \
  "$prefix/node_modules/mcp-remote/dist/proxy.js" "http://127.0.0.1:$port/mcp" "$DEMO_TOKEN" 2>"$bridge_log"; then
  status=1
  tail -40 "$bridge_log" | sed 's/^/    /'
fi
trap - EXIT
stop_server || { echo "FAIL mcp-remote: server exit code on SIGTERM"; status=1; }
exit "$status"
