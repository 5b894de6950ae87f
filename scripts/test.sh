#!/usr/bin/env bash
# Quick start, second command: installs what is missing, builds, and runs every test (CTest). CI runs exactly this.
# CTest's pg_server fixture starts a throwaway PostgreSQL for the collector_postgres run and stops it afterwards; the
# trap below stops it too if this script is interrupted.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
scripts/build.sh
trap 'bash tests/pg_fixture.sh stop "$PWD/build" >/dev/null 2>&1 || true' EXIT
cd build
ctest --output-on-failure --timeout 900 -j1 "$@"
