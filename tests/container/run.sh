#!/usr/bin/env bash
# The container checks, on a dockerd already running (DOCKER_HOST set; see dockerd.sh): the
# image, the compose deployment, the Kubernetes manifests and the release tarball. Needs the
# release build (cargo build --release -p mistmcp) and mist-sim (cargo build -p mist-sim); the
# image and the tarball reuse that build as it is.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
sim="${MIST_SIM:-$root/target/debug/mist-sim}"

echo "-- image (cargo xtask image)"
image="$(cargo xtask image)"
python3 "$here/image_checks.py" "$image" "$sim"

echo "-- replica deployment (deploy/compose.yaml)"
bash deploy/standins/build.sh redis
bash deploy/standins/build.sh haproxy
python3 "$here/compose_checks.py" "$sim"

echo "-- Kubernetes manifests (deploy/kubernetes)"
bash "$here/kubernetes.sh"

echo "-- release tarball (cargo xtask dist)"
bash "$here/dist.sh"
