#!/usr/bin/env bash
# Builds the benchmarks and runs them all, printing the figures each one measures (with baselines from the same run).
# Usage: bench/run.sh [BUILD_DIR] [DATA_DIR]   DATA_DIR holds the databases (default: a temp dir on the disk under /tmp).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
FLOOR_BUILD_DIR=${1:-build} scripts/build.sh --target store_record fill_outbox sync_drain collector_ingest \
  collector_connections collector_feed kiosk kiosk_bench kiosk_ambassador kiosk-collector dashboard_overview
build_dir=$(cd "${1:-build}" && pwd)
data_dir=$(mktemp -d "${2:-/tmp}/floor-bench.XXXXXX")
# A throwaway PostgreSQL on loopback for the PostgreSQL figures (its directory under /tmp: the server user must reach it).
pg_dir=$(mktemp -d /tmp/floor-bench-pg.XXXXXX)
chmod 755 "$pg_dir"
trap 'bash scripts/pg-test-server.sh stop "$pg_dir" >/dev/null 2>&1 || true; rm -rf "$data_dir" "$pg_dir"' EXIT
pg_url=$(bash scripts/pg-test-server.sh start "$pg_dir" 2>/dev/null)

section() { printf '\n== %s ==\n' "$1"; }

section "Recording a tap: Store::append and Recorder vs bare INSERT+COMMIT (WAL, synchronous=FULL)"
"$build_dir/bench/store_record" "$data_dir"

section "Sync drain: 100,000 events kiosk -> collector on loopback vs bare batched insert"
"$build_dir/bench/sync_drain" "$data_dir"

section "Collector ingest: 50 concurrent kiosks vs bare batched insert, on SQLite and on PostgreSQL"
"$build_dir/bench/collector_ingest" "$data_dir" "$pg_url"

section "Collector connections: a burst of 1000 clients vs one at a time; memory with 10,000 idle keep-alive connections"
"$build_dir/bench/collector_connections" "$build_dir" "$data_dir"

section "Collector feed: unchanged polls (304 and 200) from 1,000 kiosks vs /healthz and a one-item poll; 10,000 kiosks every 30 s"
"$build_dir/bench/collector_feed" "$build_dir" "$data_dir"

section "Kiosk: home frame vs empty frame at 1920x1080, home with the content strip vs without; idle CPU without and with content; first frame and memory with 0 and 1,000,000 events and 1,000 content items"
bash bench/kiosk_bench.sh "$build_dir"

section "Ambassadors: unlock to queue with 5,000 questions vs the bare PIN hash; the queue's frame build vs home's"
"$build_dir/bench/kiosk_ambassador" "$data_dir"

section "Dashboard: the overview page (26 weeks, weekly and daily) over 1,000,000 ratings, first byte and full page, vs a bare GROUP BY over the same rating events, on SQLite and on PostgreSQL"
"$build_dir/bench/dashboard_overview" "$data_dir" "$pg_url"
