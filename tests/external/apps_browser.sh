#!/usr/bin/env bash
# The MCP Apps views in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core
# from ui/'s pinned packages), each fed a real answer of `mistmcp --demo` through a host page
# built on the SDK's AppBridge (apps/browser_test.mjs, one line per check). Screenshots go to
# target/apps-browser/; APPS_SCREENSHOTS=update also copies them to docs/screenshots/ for the
# README.
source "$(dirname "$0")/lib.sh"

if [ ! -x /usr/bin/chromium ]; then
  echo "FAIL apps_browser: /usr/bin/chromium is missing (apt-get install -y chromium; .ci/run does)"
  exit 1
fi
cd "$REPO_DIR"
if [ ! -d ui/node_modules/playwright-core ]; then
  log "installing ui/'s pinned packages"
  (cd ui && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >&2
fi
out="$REPO_DIR/target/apps-browser"
mkdir -p "$out"
node ui/build.mjs --host tests/external/apps/host.js "$out/host.js"
shots=()
if [ "${APPS_SCREENSHOTS:-}" = "update" ]; then shots=(--screenshots "$REPO_DIR/docs/screenshots"); fi
node tests/external/apps/browser_test.mjs --bin "$(mistmcp_bin)" --host-js "$out/host.js" --out "$out" "${shots[@]}"
