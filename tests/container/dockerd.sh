#!/usr/bin/env bash
# Starts or stops a dockerd of the checks' own: no bridge and no iptables rules (containers use
# the host's network or only their own loopback), its own socket, data and state under one
# directory, so it neither needs nor touches a daemon the machine may run.
#   dockerd.sh start DIR   starts it in the background; prints `export DOCKER_HOST=...`
#   dockerd.sh stop DIR    stops it (SIGTERM, then SIGKILL after 30 s), its containers and DIR
set -euo pipefail
action="${1:?usage: dockerd.sh start|stop DIR}"
dir="${2:?usage: dockerd.sh start|stop DIR}"
socket="unix://$dir/docker.sock"

case "$action" in
start)
  mkdir -p "$dir"
  setsid dockerd --bridge=none --iptables=false --ip6tables=false \
    --host "$socket" --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/dockerd.pid" \
    >"$dir/dockerd.log" 2>&1 </dev/null &
  echo $! >"$dir/dockerd.launcher.pid"
  for _ in $(seq 1 120); do
    if DOCKER_HOST="$socket" docker version >/dev/null 2>&1; then
      echo "export DOCKER_HOST=$socket"
      exit 0
    fi
    sleep 0.5
  done
  echo "dockerd did not answer within 60 s; its log:" >&2
  tail -n 30 "$dir/dockerd.log" >&2
  exit 1
  ;;
stop)
  if [ -f "$dir/dockerd.pid" ]; then
    pid="$(cat "$dir/dockerd.pid")"
    DOCKER_HOST="$socket" docker ps -aq 2>/dev/null | xargs -r env DOCKER_HOST="$socket" docker rm -f >/dev/null 2>&1 || true
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  # dockerd leaves its network namespace files mounted under DIR; then its images and layers go,
  # once nothing of it is mounted any more.
  awk -v prefix="$dir/" 'index($2, prefix) == 1 {print $2}' /proc/mounts | sort -r | xargs -r -n 1 umount 2>/dev/null || true
  grep -q " $dir/" /proc/mounts || rm -rf "$dir"
  ;;
*)
  echo "usage: dockerd.sh start|stop DIR" >&2
  exit 2
  ;;
esac
