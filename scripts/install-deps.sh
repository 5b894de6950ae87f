#!/usr/bin/env bash
# Installs the Debian packages the kiosk, the collector and the tests need, only those that are missing.
# Usage: scripts/install-deps.sh [build|test]   (test adds Xvfb, xdotool, ImageMagick, the sqlite3 CLI and PostgreSQL)
set -euo pipefail

build_packages=(
  build-essential cmake pkg-config
  libimgui-dev libglfw3-dev libgl-dev libfreetype-dev libstb-dev
  libsqlite3-dev libcurl4-openssl-dev libssl-dev libboost-dev libpq-dev
  nlohmann-json3-dev libtomlplusplus-dev libsodium-dev libcpp-httplib-dev
  fonts-dejavu-core fonts-noto-core
  libgl1-mesa-dri libglx-mesa0 ca-certificates doctest-dev
  libkainjow-mustache-dev libjs-chart.js
)
# postgresql: the collector suite also runs against a throwaway PostgreSQL server (tests/pg_fixture.sh); chromium,
# chromium-driver and python3-selenium: the dashboard's browser test.
test_packages=(xvfb xauth xdotool imagemagick sqlite3 x11-utils openbox procps curl postgresql postgresql-client openssl python3
  chromium chromium-driver python3-selenium)

wanted=("${build_packages[@]}")
if [ "${1:-build}" = test ]; then
  wanted+=("${test_packages[@]}")
fi

missing=()
for package in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing missing Debian packages: ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
