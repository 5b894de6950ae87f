#!/usr/bin/env bash
# End-to-end: the real kiosk fullscreen under a window manager (openbox) stays in service when another window takes
# the focus and closes again: not minimised, still fullscreen, and a tapped rating is stored.
# Usage: bash tests/e2e/kiosk_window_manager.sh BUILD_DIR SOURCE_DIR
set -euo pipefail

build_dir=$(cd "$1" && pwd)
source_dir=$(cd "$2" && pwd)
kiosk="$build_dir/kiosk/kiosk"
[[ -x "$kiosk" ]] || { echo "FAIL: $kiosk not built"; exit 1; }
for tool in xvfb-run xdotool xprop xwininfo xmessage openbox sqlite3; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed"; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/kiosk-wm.XXXXXX")
trap 'rm -rf "$work"' EXIT
sed -e 's/^kiosk_id = .*/kiosk_id = "wm-kiosk"/' \
    -e "s|^database_path = .*|database_path = \"$work/kiosk.db\"|" \
    "$source_dir/config/kiosk.toml" > "$work/kiosk.toml"

cat > "$work/inside_x.sh" <<'INNER'
set -euo pipefail
kiosk=$1; work=$2
source "$3/tests/e2e/lib/kiosk_x11.sh"
export LIBGL_ALWAYS_SOFTWARE=1
openbox --sm-disable >"$work/openbox.out" 2>&1 &
wm=$!
popup=""
pid=""
stop_all() {
    [[ -n "$popup" ]] && kill -KILL "$popup" 2>/dev/null || true
    [[ -n "$pid" ]] && kill -KILL "$pid" 2>/dev/null || true
    kill -TERM "$wm" 2>/dev/null || true
}
trap stop_all EXIT
fail() { echo "FAIL: $*"; echo "--- kiosk output:"; cat "$work/kiosk.out" || true; exit 1; }
for _ in $(seq 1 100); do xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q window && break; sleep 0.05; done
xprop -root _NET_SUPPORTING_WM_CHECK | grep -q window || fail "openbox did not start"

FLOOR_KIOSK_TARGETS_FILE="$work/targets.txt" "$kiosk" --config "$work/kiosk.toml" >"$work/kiosk.out" 2>&1 &
pid=$!
for _ in $(seq 1 200); do [[ -s "$work/targets.txt" ]] && break; sleep 0.05; done
[[ -s "$work/targets.txt" ]] || fail "no frame drawn within 10 s"
window=""
for _ in $(seq 1 100); do window=$(xdotool search --pid "$pid" --onlyvisible 2>/dev/null | head -n 1 || true); [[ -n "$window" ]] && break; sleep 0.05; done
[[ -n "$window" ]] || fail "the kiosk has no visible window"

# state: "Normal" or "Iconic" (ICCCM WM_STATE, set by the window manager); viewable: mapped on screen.
state() { xprop -id "$window" WM_STATE | sed -n 's/.*window state: *//p'; }
viewable() { xwininfo -id "$window" | grep -q 'Map State: IsViewable'; }
size() { xwininfo -id "$window" | awk '/Width:/ {w=$2} /Height:/ {h=$2} END {print w "x" h}'; }
echo "kiosk window $window: $(state), $(size)"
[[ "$(state)" == Normal ]] || fail "the kiosk did not start in the normal state: $(state)"

# Another program opens a window and takes the focus (a popup, an update notice), then closes.
xmessage -center "Another program wants your attention" &
popup=$!
for _ in $(seq 1 100); do xdotool search --pid "$popup" >/dev/null 2>&1 && break; sleep 0.05; done
sleep 1
echo "with the popup open: $(state), focus on $(xdotool getwindowfocus)"
[[ "$(state)" == Normal ]] || fail "the kiosk went $(state) when another window took the focus"
kill -TERM "$popup"; wait "$popup" 2>/dev/null || true; popup=""
sleep 0.5
echo "after the popup closed: $(state), $(size)"
[[ "$(state)" == Normal ]] || fail "the kiosk stayed $(state) after the popup closed"
viewable || fail "the kiosk window is not viewable after the popup closed"
# GLFW's default (GLFW_AUTO_ICONIFY) minimises a fullscreen window that loses the focus; where the window manager
# lets it, the terminal shows the desktop and ignores taps. The kiosk must not even try.
! grep -q "Iconification" "$work/kiosk.out" || fail "the kiosk tried to minimise itself when it lost the focus"
[[ "$(size)" == "1280x800" ]] || fail "the kiosk is not fullscreen any more: $(size)"

# And it still takes a tap.
tap_target face:4 "$work/targets.txt" || fail "face:4 is not on the home screen"
rating=$(first_rating "$work/kiosk.db")
[[ "$rating" == *'"score":4'* ]] || fail "no rating of face 4 stored after the tap (got '$rating')"
echo "stored rating after the popup: $rating"
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=""
(( status == 0 )) || fail "exit status $status after SIGTERM"
INNER

timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" bash "$work/inside_x.sh" "$kiosk" "$work" "$source_dir"
echo "PASS"
