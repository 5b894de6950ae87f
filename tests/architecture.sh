#!/usr/bin/env bash
# Checks the #include lines of every folder against the dependency rules of docs/ARCHITECTURE.md.
# Usage: tests/architecture.sh SOURCE_DIR. Prints each violation as FILE:LINE: RULE and exits 1 if there is any.
set -euo pipefail
cd "$1"
violations=0

# check GLOB_DESCRIPTION PATTERN_OF_FORBIDDEN_INCLUDES RULE FILES...
check() {
  local forbidden=$1 rule=$2
  shift 2
  local file line
  for file in "$@"; do
    [ -f "$file" ] || continue
    while IFS= read -r line; do
      echo "$file:${line%%:*}: $rule"
      violations=$((violations + 1))
    done < <(grep -nE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($forbidden)" "$file" || true)
  done
}

shopt -s nullglob globstar
shared=(sync/shared/*.cpp sync/shared/*.hpp)
sqlite=(sync/sqlite.cpp sync/sqlite.hpp sync/store_error.hpp)
kiosk_sync=()
for f in sync/*.cpp sync/*.hpp; do
  case "$f" in sync/sqlite.cpp | sync/sqlite.hpp | sync/store_error.hpp) ;; *) kiosk_sync+=("$f") ;; esac
done
collector=(collector/**/*.cpp collector/**/*.hpp)
logic=(kiosk/logic/*.cpp kiosk/logic/*.hpp kiosk/kioskctl.cpp)
ui=(kiosk/ui/*.cpp kiosk/ui/*.hpp)
platform=(kiosk/platform/*.cpp kiosk/platform/*.hpp kiosk/main.cpp)

check 'sync/(sqlite|store|recorder|http_client|retry|uploader|sync_engine|paths)|collector/|kiosk/|imgui|GLFW|curl/|sqlite3|libpq|boost/' \
  "floor_shared (what kiosk and collector agree on) depends on nothing of ours" "${shared[@]}"
check 'sync/shared/|sync/(store\.|recorder|http_client|retry|uploader|sync_engine|paths)|collector/|kiosk/|imgui|GLFW|curl/' \
  "floor_sqlite is only the SQLite RAII layer" "${sqlite[@]}"
check 'collector/|kiosk/|imgui|GLFW|libpq|boost/' \
  "floorsync (the kiosk's sync layer) never uses collector or kiosk code, ImGui, GLFW, libpq or Boost" "${kiosk_sync[@]}"
check 'kiosk/|imgui|GLFW|curl/|sync/(store\.|recorder|http_client|retry|uploader|sync_engine|paths)' \
  "floor_collector uses only floor_shared and floor_sqlite of the sync layer, never the kiosk's" "${collector[@]}"
# The template engine is heavy to compile and is the one place markup is made: one file of the dashboard includes it.
not_renderer=()
for f in "${collector[@]}"; do
  [ "$f" = collector/dashboard/template_renderer.cpp ] || not_renderer+=("$f")
done
check 'kainjow/' "only collector/dashboard/template_renderer.cpp uses the template engine" "${not_renderer[@]}"
# Nothing of the kiosk or the shared layer uses the template engine either.
check 'kainjow/' "the template engine belongs to the collector's dashboard" "${shared[@]}" "${kiosk_sync[@]}"
check 'collector/|kiosk/ui/|kiosk/platform/|imgui|GLFW|GL/' \
  "kiosk_logic is plain C++: no collector, no ImGui, no GLFW" "${logic[@]}"
check 'collector/|kiosk/platform/|GLFW|GL/' \
  "kiosk_ui draws with ImGui only: no collector, no GLFW" "${ui[@]}"
check 'collector/' "the kiosk app never links the collector" "${platform[@]}"

if [ "$violations" -gt 0 ]; then
  echo "$violations include(s) break the dependency rules of docs/ARCHITECTURE.md"
  exit 1
fi
echo "architecture: every #include follows docs/ARCHITECTURE.md (${#shared[@]} shared, ${#collector[@]} collector, ${#kiosk_sync[@]} sync, $(( ${#logic[@]} + ${#ui[@]} + ${#platform[@]} )) kiosk files)"
