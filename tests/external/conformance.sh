#!/usr/bin/env bash
# The MCP conformance suite (@modelcontextprotocol/conformance, on Node 22) against
# `mistmcp --demo --transport http`, one line per scenario.
source "$(dirname "$0")/lib.sh"

prefix="$(node_env)"
node="$prefix/node_modules/.bin/node"
cli="$prefix/node_modules/@modelcontextprotocol/conformance/dist/index.js"
port="$(free_port)"
start_server "$port"
trap 'stop_server || true' EXIT
status=0
for scenario in server-initialize ping tools-list dns-rebinding-protection server-sse-multiple-streams; do
  out="$CACHE_DIR/conformance-$scenario.txt"
  if "$node" "$cli" server --url "http://localhost:$port/mcp" --scenario "$scenario" >"$out" 2>&1 \
    && grep -q "Passed: .*, 0 failed" "$out"; then
    echo "PASS conformance: $scenario ($(grep -o 'Passed: .*' "$out" | tail -1))"
  else
    echo "FAIL conformance: $scenario (see $out)"
    sed 's/^/    /' "$out" | tail -25
    status=1
  fi
done
trap - EXIT
stop_server || { echo "FAIL conformance: server exit code on SIGTERM"; status=1; }
exit "$status"
