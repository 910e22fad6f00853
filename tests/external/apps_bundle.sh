#!/usr/bin/env bash
# The MCP Apps views checked in under crates/mistmcp/ui/ are what ui/ builds, byte for byte:
# `cargo xtask ui --check` installs ui/'s pinned packages (npm ci) and bundles the views again.
source "$(dirname "$0")/lib.sh"

cd "$REPO_DIR"
if cargo xtask ui --check; then
  echo "PASS apps_bundle: the checked-in views are what ui/ builds"
else
  echo "FAIL apps_bundle: the checked-in views differ from what ui/ builds (run cargo xtask ui)"
  exit 1
fi
