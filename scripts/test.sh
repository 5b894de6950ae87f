#!/usr/bin/env bash
# Quick start, second command: installs what is missing, builds, and runs every test (CTest). CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
scripts/build.sh
cd build
ctest --output-on-failure --timeout 900 -j1 "$@"
