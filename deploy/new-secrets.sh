#!/usr/bin/env bash
# Writes this deployment's secrets into deploy/secrets/ (kept out of git): a cursor key shared by
# the replicas and a Redis password. Refuses to overwrite them: replacing the cursor key
# invalidates every open cursor.
#   secrets/mistmcp.env  MISTMCP_CURSOR_KEY and MISTMCP_REDIS_URL, read by compose (env_file)
#   secrets/redis.conf   requirepass, mounted into Redis as a compose secret
set -euo pipefail
dir="${1:-$(cd "$(dirname "$0")" && pwd)/secrets}"
if [ -e "$dir/mistmcp.env" ]; then
  echo "$dir/mistmcp.env exists; remove $dir to make new secrets" >&2
  exit 1
fi
random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
key="$(random_hex 32)"
password="$(random_hex 24)"
mkdir -p "$dir"
chmod 700 "$dir"
umask 077
printf 'MISTMCP_CURSOR_KEY=%s\nMISTMCP_REDIS_URL=redis://:%s@redis:6379/0\n' "$key" "$password" >"$dir/mistmcp.env"
printf 'requirepass %s\n' "$password" >"$dir/redis.conf"
# Redis reads it as its own user through the bind mount; the directory above stays private.
chmod 644 "$dir/redis.conf"
echo "wrote $dir/mistmcp.env and $dir/redis.conf"
