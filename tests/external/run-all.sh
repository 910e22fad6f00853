#!/usr/bin/env bash
# Runs every third-party client check against `mistmcp --demo --transport http`, checks the MCP Apps views (their bundle regenerates to the same bytes; they work in headless Chromium), validates the MCP bundle manifest with the official mcpb command line, and checks the ground truth of the model-in-the-loop harness (tests/agent); exits non-zero
# if any check failed. Needs python3 (3.10+), npm and network access to PyPI and npm.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
status=0
for suite in agent_ground_truth.sh apps_bundle.sh apps_browser.sh python_stdio.sh python_elicitation.sh python_sdk.sh mcp_remote.sh conformance.sh mcpb_validate.sh; do
  echo "== $suite"
  bash "$here/$suite" || status=1
done
if [ "$status" -eq 0 ]; then echo "== all third-party client checks passed"; else echo "== some third-party client checks FAILED"; fi
exit "$status"
