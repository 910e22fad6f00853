#!/usr/bin/env bash
# Validates the MCP bundle manifest with the official command line, @anthropic-ai/mcpb.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
cargo xtask bundle --manifest-only
npx --yes @anthropic-ai/mcpb@2.1.2 validate target/bundle/manifest.json
