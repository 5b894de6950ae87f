#!/usr/bin/env bash
# Configures and builds everything into build/ (Release with debug info), using both cores.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${FLOOR_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build_dir" -j"$(nproc)" "$@"
