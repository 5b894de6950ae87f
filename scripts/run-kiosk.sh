#!/usr/bin/env bash
# Quick start, first command: installs what is missing, builds, and runs the kiosk (extra arguments go to the kiosk).
# Without --config the kiosk runs on its embedded default config (config/kiosk.toml).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh build
scripts/build.sh --target kiosk kioskctl kiosk-collector
exec build/kiosk/kiosk "$@"
