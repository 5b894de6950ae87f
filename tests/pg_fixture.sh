#!/usr/bin/env bash
# CTest fixture: starts a fresh throwaway PostgreSQL for the collector_postgres tests, and stops and removes it.
# Usage: tests/pg_fixture.sh start|stop BUILD_DIR   (the URL goes to BUILD_DIR/pg-test/url, read by the tests)
set -euo pipefail
action=$1
dir="$2/pg-test"
script="$(cd "$(dirname "$0")/.." && pwd)/scripts/pg-test-server.sh"
case "$action" in
  start)
    if [ -d "$dir/data" ]; then bash "$script" stop "$dir" >/dev/null 2>&1 || true; fi  # left by a killed run
    rm -rf "$dir"
    mkdir -p "$dir"
    bash "$script" start "$dir"
    ;;
  stop)
    if [ -d "$dir" ]; then
      bash "$script" stop "$dir"
      rm -rf "$dir"
    fi
    ;;
  *) echo "usage: $0 start|stop BUILD_DIR" >&2; exit 2 ;;
esac
