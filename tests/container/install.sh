#!/usr/bin/env bash
# Installs what tests/container needs and a CI machine lacks: Debian's docker.io (dockerd and
# the client), docker-compose, haproxy and redis-server (the stand-in images are made from their
# binaries), and cargo-cyclonedx for the SBOM. kubernetes.sh installs its own validator.
set -euo pipefail
as_root=""
[ "$(id -u)" -eq 0 ] || as_root="sudo"
packages=()
command -v dockerd >/dev/null 2>&1 || packages+=(docker.io)
command -v docker-compose >/dev/null 2>&1 || packages+=(docker-compose)
[ -x /usr/sbin/haproxy ] || packages+=(haproxy)
[ -x /usr/bin/redis-server ] || packages+=(redis-server)
command -v nsenter >/dev/null 2>&1 || packages+=(util-linux)
if [ "${#packages[@]}" -gt 0 ]; then
  echo "installing ${packages[*]}"
  apt_install() {
    DEBIAN_FRONTEND=noninteractive $as_root apt-get -o DPkg::Lock::Timeout=300 install -y \
      --no-install-recommends "${packages[@]}" >/dev/null
  }
  apt_install || { $as_root apt-get -o DPkg::Lock::Timeout=300 update >/dev/null && apt_install; } \
    || { echo "CI: cannot install ${packages[*]}" >&2; exit 1; }
fi
if ! cargo cyclonedx --version >/dev/null 2>&1; then
  echo "installing cargo-cyclonedx"
  cargo install --locked cargo-cyclonedx || { echo "CI: cannot install cargo-cyclonedx" >&2; exit 1; }
fi
dockerd --version
docker-compose --version
/usr/sbin/haproxy -v | sed -n 1p
cargo cyclonedx --version
