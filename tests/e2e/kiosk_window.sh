#!/usr/bin/env bash
# End-to-end: the real kiosk binary under xvfb-run with Mesa llvmpipe renders home, records a tapped face, exits 0 on SIGTERM.
# Usage: bash tests/e2e/kiosk_window.sh BUILD_DIR SOURCE_DIR
set -euo pipefail

build_dir=$(cd "$1" && pwd)
source_dir=$(cd "$2" && pwd)
kiosk="$build_dir/kiosk/kiosk"
[[ -x "$kiosk" ]] || { echo "FAIL: $kiosk not built"; exit 1; }
for tool in xvfb-run xdotool import convert sqlite3; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed"; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/kiosk-e2e.XXXXXX")
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

# A temporary config: the shipped one with this test's kiosk id and a database in the temp dir.
sed -e 's/^kiosk_id = .*/kiosk_id = "e2e-kiosk"/' \
    -e "s|^database_path = .*|database_path = \"$work/kiosk.db\"|" \
    "$source_dir/config/kiosk.toml" > "$work/kiosk.toml"
"$kiosk" --config "$work/kiosk.toml" --check-config

# Runs inside the X server that xvfb-run starts; everything it starts it also stops.
cat > "$work/inside_x.sh" <<'INNER'
set -euo pipefail
kiosk=$1; work=$2
source "$3/tests/e2e/lib/kiosk_x11.sh"
export LIBGL_ALWAYS_SOFTWARE=1
FLOOR_KIOSK_TARGETS_FILE="$work/targets.txt" "$kiosk" --config "$work/kiosk.toml" >"$work/kiosk.out" 2>&1 &
pid=$!
stop_kiosk() { kill -KILL "$pid" 2>/dev/null || true; }
trap stop_kiosk EXIT

fail() { echo "FAIL: $*"; echo "--- kiosk output:"; cat "$work/kiosk.out" || true; exit 1; }

# The first frame writes where every control is.
for _ in $(seq 1 200); do [[ -s "$work/targets.txt" ]] && break; sleep 0.05; done
[[ -s "$work/targets.txt" ]] || fail "no frame drawn within 10 s"
grep -q '^screen home' "$work/targets.txt" || fail "the kiosk did not start on the home screen"
sleep 0.3

# The screen is not blank: the faces, text and buttons make many distinct colours.
import -window root "$work/home.png"
colours=$(convert "$work/home.png" -format %k info:)
echo "home screen: $colours distinct colours"
(( colours > 50 )) || fail "the screenshot looks blank ($colours colours)"

# Tap the "confident" face (4) the way a touch screen does on X11: move there, press, release.
tap_target face:4 "$work/targets.txt" || fail "face:4 is not on the home screen"
rating=$(first_rating "$work/kiosk.db")
[[ -n "$rating" ]] || fail "no rating in the database 10 s after the tap"
echo "stored rating: $rating"
[[ "$rating" == *'"score":4'* ]] || fail "the stored rating is not the tapped face 4: $rating"
kiosk_id=$(sqlite3 "file:$work/kiosk.db?mode=ro" "SELECT kiosk_id FROM events WHERE type = 'rating';")
[[ "$kiosk_id" == "e2e-kiosk" ]] || fail "rating stored with kiosk id '$kiosk_id'"

# Escape must not end a fullscreen kiosk.
xdotool key Escape
sleep 0.3
kill -0 "$pid" 2>/dev/null || fail "the kiosk exited on Escape in fullscreen"

# SIGTERM: a clean exit with status 0, threads joined, within 10 s.
kill -TERM "$pid"
status=0
for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "the kiosk did not exit within 10 s of SIGTERM"
wait "$pid" || status=$?
trap - EXIT
(( status == 0 )) || fail "exit status $status after SIGTERM"
echo "kiosk exited with status 0 after SIGTERM"
INNER

timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" bash "$work/inside_x.sh" "$kiosk" "$work" "$source_dir"
echo "PASS"
