#!/usr/bin/env bash
# Screenshots of every kiosk screen in every language, rendered by the real kiosk under xvfb (Mesa llvmpipe).
# Usage: scripts/screenshots.sh [OUT_DIR] (default out/screenshots); FLOOR_BUILD_DIR picks the build (default build/).
set -euo pipefail
cd "$(dirname "$0")/.."
source_dir=$(pwd)
build_dir=${FLOOR_BUILD_DIR:-build}
out_dir=${1:-out/screenshots}
kiosk="$build_dir/kiosk/kiosk"
if [[ ! -x "$kiosk" ]]; then
    echo "screenshots: $kiosk is missing; building it" >&2
    cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$build_dir" -j"$(nproc)" --target kiosk
fi
kiosk=$(cd "$(dirname "$kiosk")" && pwd)/kiosk
mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/kiosk-shots.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The shipped config, and a variant that asks for the department (for the department screen).
sed -e "s|^database_path = .*|database_path = \"$work/kiosk.db\"|" config/kiosk.toml > "$work/kiosk.toml"
sed -e 's/^department = .*/departments = ["Warehouse", "Customer service", "Finance", "IT"]/' "$work/kiosk.toml" > "$work/departments.toml"

cat > "$work/inside_x.sh" <<'INNER'
set -euo pipefail
kiosk=$1; work=$2; out_dir=$3; size=$4
export LIBGL_ALWAYS_SOFTWARE=1

# One screen in one language: the kiosk's own --screen sample, saved by --screenshot.
shot() {
    local language=$1 screen=$2 config=$3 name=$4
    "$kiosk" --config "$config" --language "$language" --screen "$screen" --exit-after-frames 3 \
        --screenshot "$out_dir/$name" >/dev/null
    echo "$out_dir/$name"
}

# Taps the on-screen key labelled $1, found in the targets file the kiosk keeps up to date.
tap_key() {
    local targets=$1 label=$2 x0 y0 x1 y1
    read -r x0 y0 x1 y1 < <(awk -v want="$label" '$1 ~ /^key:/ {
        text = ""; for (i = 6; i <= NF; i++) text = text (i > 6 ? " " : "") $i
        if (text == want) { print $2, $3, $4, $5; exit } }' "$targets")
    [[ -n "${x0:-}" ]] || { echo "screenshots: no key '$label' on screen" >&2; return 1; }
    xdotool mousemove "$(awk -v a="$x0" -v b="$x1" 'BEGIN {printf "%d", (a + b) / 2}')" \
                      "$(awk -v a="$y0" -v b="$y1" 'BEGIN {printf "%d", (a + b) / 2}')" click 1
    sleep 0.25
}

# The ask screen with text typed on a physical keyboard (plain letters) and on the on-screen keyboard
# (accents and the euro sign from its accents page).
typed_shot() {
    local language=$1 name=$2 targets="$work/targets-$1.txt"
    FLOOR_KIOSK_TARGETS_FILE="$targets" "$kiosk" --config "$work/kiosk.toml" --language "$language" \
        --screen ask >/dev/null 2>&1 &
    local pid=$!
    for _ in $(seq 1 200); do [[ -s "$targets" ]] && break; sleep 0.05; done
    sleep 0.3
    xdotool type --delay 40 " Caf"
    sleep 0.3
    tap_key "$targets" "éü€"
    for key in é "," ë ü €; do tap_key "$targets" "$key"; done
    tap_key "$targets" "123"
    tap_key "$targets" "5"
    sleep 0.3
    import -window root "$out_dir/$name"
    kill -TERM "$pid"
    wait "$pid"
    echo "$out_dir/$name"
}

for language in nl en; do
    for screen in home department follow-up thank-you ask store-error cleaning saving; do
        config="$work/kiosk.toml"
        [[ "$screen" == department ]] && config="$work/departments.toml"
        shot "$language" "$screen" "$config" "$language-$screen-$size.png"
    done
    typed_shot "$language" "$language-ask-typed-$size.png"
done
INNER

for size in ${FLOOR_SCREENSHOT_SIZES:-1280x800 1920x1080}; do
    timeout 300 xvfb-run -a -s "-screen 0 ${size}x24" bash "$work/inside_x.sh" "$kiosk" "$work" "$out_dir" "$size"
done
echo "screenshots in $out_dir"
