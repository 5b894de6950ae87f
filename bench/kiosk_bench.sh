#!/usr/bin/env bash
# Runs bench/kiosk_bench under xvfb at 1920x1080 with Mesa llvmpipe: frame times, idle CPU, first frame, memory.
# Usage: bench/kiosk_bench.sh [BUILD_DIR] (default build/)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=$(cd "${1:-build}" && pwd)
cmake --build "$build_dir" -j"$(nproc)" --target kiosk kiosk_bench fill_outbox >/dev/null
export LIBGL_ALWAYS_SOFTWARE=1
timeout 900 xvfb-run -a -s "-screen 0 1920x1080x24" \
    "$build_dir/bench/kiosk_bench" all "$build_dir/kiosk/kiosk" "$build_dir/bench/fill_outbox"
