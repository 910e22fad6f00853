#!/usr/bin/env bash
# Builds a stand-in image for Redis or HAProxy from this machine's Debian binaries, for a dockerd
# that can pull nothing: the binaries and every library ldd lists, imported as one layer, with
# the official images' paths and default command.
#   build.sh redis     ->  mistmcp-standin/redis:debian    (apt-get install redis-server)
#   build.sh haproxy   ->  mistmcp-standin/haproxy:debian  (apt-get install haproxy)
set -euo pipefail
docker="${DOCKER:-docker}"
what="${1:?usage: build.sh redis|haproxy}"
case "$what" in
redis)
  binaries=("/usr/bin/redis-server:/usr/local/bin/redis-server" "/usr/bin/redis-cli:/usr/local/bin/redis-cli")
  changes=(--change 'CMD ["redis-server"]' --change 'USER 999:999')
  ;;
haproxy)
  binaries=("/usr/sbin/haproxy:/usr/local/sbin/haproxy")
  changes=(--change 'CMD ["haproxy", "-W", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]'
    --change 'USER 99:99')
  ;;
*)
  echo "usage: build.sh redis|haproxy" >&2
  exit 2
  ;;
esac

tree="$(mktemp -d)"
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/tmp" "$tree/etc"
chmod 1777 "$tree/tmp"
for pair in "${binaries[@]}"; do
  from="${pair%%:*}"
  to="$tree${pair#*:}"
  [ -x "$from" ] || { echo "$from is missing: install the Debian package" >&2; exit 1; }
  mkdir -p "$(dirname "$to")"
  cp -L "$from" "$to"
  # Each library under the path the loader asks for; the vDSO has no file.
  ldd "$from" | awk '/=>/ && $3 ~ /^\// {print $3} !/=>/ && $1 ~ /^\// {print $1}' | while read -r lib; do
    mkdir -p "$tree$(dirname "$lib")"
    cp -L "$lib" "$tree$lib"
  done
done
tar --numeric-owner --owner=0 --group=0 -C "$tree" -c . |
  "$docker" import "${changes[@]}" --change 'ENV PATH=/usr/local/sbin:/usr/local/bin' \
    - "mistmcp-standin/$what:debian" >/dev/null
echo "mistmcp-standin/$what:debian"
