#!/usr/bin/env bash
# CTest fixture: starts a fresh throwaway PostgreSQL for the collector_postgres tests, and stops and removes it.
# Usage: tests/pg_fixture.sh start|stop BUILD_DIR
# The server's directory is under /tmp (the server runs as the unprivileged 'postgres' user when we are root, and a
# clone under /root would not be reachable for it); BUILD_DIR/pg-test/ holds its path (dir) and URL (url).
set -euo pipefail
action=$1
state="$2/pg-test"
script="$(cd "$(dirname "$0")/.." && pwd)/scripts/pg-test-server.sh"

stop_previous() {
  if [ -f "$state/dir" ]; then
    local dir
    dir=$(cat "$state/dir")
    if [ -d "$dir" ]; then
      bash "$script" stop "$dir" >/dev/null
      rm -rf "$dir"
    fi
  fi
  rm -rf "$state"
}

case "$action" in
  start)
    stop_previous  # left by a run that was killed
    mkdir -p "$state"
    dir=$(mktemp -d /tmp/floor-pg-XXXXXX)
    chmod 755 "$dir"
    echo "$dir" >"$state/dir"
    url=$(bash "$script" start "$dir")
    echo "$url" >"$state/url"
    echo "PostgreSQL for the tests: $url (data in $dir)"
    ;;
  stop) stop_previous ;;
  *) echo "usage: $0 start|stop BUILD_DIR" >&2; exit 2 ;;
esac
