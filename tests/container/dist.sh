#!/usr/bin/env bash
# Makes the release tarball (cargo xtask dist) and checks it as a user would: its listing, the
# tarball's checksum, SHA256SUMS of its contents, the SBOM, and the binary runs.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
tarball="$(cargo xtask dist | tail -n 1)"
name="$(basename "$tarball" .tar.gz)"
echo "$(basename "$tarball"): $(stat -c %s "$tarball") bytes"
tar -tzvf "$tarball"
(cd "$(dirname "$tarball")" && sha256sum -c "$name.tar.gz.sha256")
unpacked="$(mktemp -d)"
trap 'rm -rf "$unpacked"' EXIT
tar -xzf "$tarball" -C "$unpacked"
cd "$unpacked/$name"
for file in mistmcp README.md LICENSE mistmcp.cdx.json SHA256SUMS; do
  [ -f "$file" ] || { echo "the tarball lacks $file" >&2; exit 1; }
done
sha256sum -c SHA256SUMS
python3 - <<'PY'
import json
bom = json.load(open("mistmcp.cdx.json"))
assert bom["bomFormat"] == "CycloneDX", bom.get("bomFormat")
component = bom["metadata"]["component"]
assert component["name"] == "mistmcp", component["name"]
names = {c["name"] for c in bom["components"]}
for needed in ("rmcp", "tokio", "rustls", "mist-catalog"):
    assert needed in names, f"the SBOM misses {needed}"
print(f"SBOM: CycloneDX {bom['specVersion']}, {component['name']} {component['version']}, "
      f"{len(bom['components'])} components")
PY
./mistmcp --version
