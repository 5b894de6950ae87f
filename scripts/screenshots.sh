#!/usr/bin/env bash
# Screenshots of every kiosk screen in every language, rendered by the real kiosk under xvfb (Mesa llvmpipe).
# Usage: scripts/screenshots.sh [OUT_DIR] (default out/screenshots); FLOOR_BUILD_DIR picks the build (default build/),
# FLOOR_SCREENSHOT_SIZES the sizes (default "1280x800 1920x1080"). Files: OUT_DIR/LANG-SCREEN-WxH.png.
#
# The content screens (why, news, timeline, training, and home's strip and countdown) show what reached the kiosk
# the real way: a throw-away collector (kiosk-collector serve on a temporary SQLite database, 127.0.0.1, a free
# port), the kiosk registered with it, the sample items of scripts/sample-content/ published with
# `kiosk-collector content add --file`, and `kioskctl sync-now` reading the feed into the kiosk's database.
# Dates in the sample items are relative to today, so the go-live countdown reads "nog 12 dagen".
# The questions screens show questions asked, answered and voted for the real way too: an ambassador added with
# `kiosk-collector ambassador add`, questions asked and answered on the kiosk's database by the e2e driver
# (tests/e2e/kiosk_driver.cpp: the kiosk's real screens without a window), synced with `kioskctl sync-now`.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${FLOOR_BUILD_DIR:-build}
out_dir=${1:-out/screenshots}
if [[ ! -x "$build_dir/kiosk/kiosk" || ! -x "$build_dir/kiosk/kioskctl" || ! -x "$build_dir/collector/kiosk-collector" ||
      ! -x "$build_dir/tests/e2e_kiosk_driver" ]]; then
    echo "screenshots: the kiosk, kioskctl, kiosk-collector or e2e_kiosk_driver is missing in $build_dir; building them" >&2
    cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$build_dir" -j"$(nproc)" --target kiosk kioskctl kiosk-collector e2e_kiosk_driver
fi
build_dir=$(cd "$build_dir" && pwd)
kiosk=$build_dir/kiosk/kiosk
kioskctl=$build_dir/kiosk/kioskctl
collector=$build_dir/collector/kiosk-collector
driver=$build_dir/tests/e2e_kiosk_driver
mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/kiosk-shots.XXXXXX")
collector_pid=
cleanup() {
    if [[ -n "$collector_pid" ]]; then
        kill -TERM "$collector_pid" 2>/dev/null || true
        wait "$collector_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- The collector, and this kiosk registered with it ----
# The shipped config's kiosk id; the department is Warehouse, for which the sample content is written.
kiosk_id=$(sed -n 's/^kiosk_id = "\(.*\)"$/\1/p' config/kiosk.toml)
department=Warehouse
collect() { "$collector" --db "$work/collector.db" "$@"; }
"$collector" serve --db "$work/collector.db" --listen 127.0.0.1:0 >"$work/collector.log" 2>&1 &
collector_pid=$!
collector_url=
for _ in $(seq 1 100); do
    collector_url=$(sed -n 's|^kiosk-collector .* listening on \(http://[^ ]*\) .*|\1|p' "$work/collector.log")
    [[ -n "$collector_url" ]] && break
    kill -0 "$collector_pid" 2>/dev/null || break
    sleep 0.1
done
[[ -n "$collector_url" ]] || { echo "screenshots: the collector did not start:" >&2; cat "$work/collector.log" >&2; exit 1; }
token=$(collect kiosk add --id "$kiosk_id" --department "$department" | tail -n 1)

# ---- The sample content, dates made relative to today, published ----
# {today}, {today+12}, {today-3}: the local date that many days from today.
render_item() {
    local text pattern='\{today([+-][0-9]+)?\}'
    text=$(<"$1")
    while [[ "$text" =~ $pattern ]]; do
        text=${text//"${BASH_REMATCH[0]}"/$(date -d "${BASH_REMATCH[1]:-+0} days" +%F)}
    done
    printf '%s\n' "$text"
}
published=0
while IFS= read -r item; do
    render_item "$item" >"$work/item.toml"
    # (stderr: the collector warns that no kiosk serves Dock or Finance; only this one is registered)
    collect content add --file "$work/item.toml" >/dev/null 2>"$work/publish.log" || {
        echo "screenshots: $item was refused:" >&2; cat "$work/publish.log" >&2; exit 1; }
    published=$((published + 1))
done < <(find scripts/sample-content -name '*.toml' | LC_ALL=C sort)
echo "screenshots: published $published sample items to the collector at $collector_url" >&2

# ---- The kiosk's configs, and its database filled by one sync ----
# The shipped config pointed at the collector and a temporary database; a variant that asks for the department
# (for the department screen); one without content or collector (home as a new kiosk shows it).
sed -e "s|^database_path = .*|database_path = \"$work/kiosk.db\"|" \
    -e "s|^department = .*|department = \"$department\"|" \
    -e "s|^collector_url = .*|collector_url = \"$collector_url/\"|" \
    -e "s|^token = .*|token = \"$token\"|" config/kiosk.toml >"$work/kiosk.toml"
sed -e 's/^department = .*/departments = ["Warehouse", "Customer service", "Finance", "IT"]/' "$work/kiosk.toml" >"$work/departments.toml"
sed -e "s|^database_path = .*|database_path = \"$work/empty.db\"|" config/kiosk.toml >"$work/empty.toml"
# kioskctl works on the database the kiosk made: one frame of the kiosk, without a collector, creates it.
LIBGL_ALWAYS_SOFTWARE=1 timeout 60 xvfb-run -a -s "-screen 0 1280x800x24" \
    "$kiosk" --config "$work/empty.toml" --database "$work/kiosk.db" --exit-after-frames 1 >/dev/null
"$kioskctl" --config "$work/kiosk.toml" sync-now >"$work/sync.log" 2>&1 || {
    echo "screenshots: kioskctl sync-now failed:" >&2; cat "$work/sync.log" >&2; exit 1; }
cached=$("$kioskctl" --config "$work/kiosk.toml" content | grep -c '^[0-9a-f]\{8\}-' || true)
echo "screenshots: the kiosk holds $cached content items ($(grep '^feed:' "$work/sync.log"))" >&2
if [[ "$cached" -ne $((published - 1)) ]]; then  # all but hidden/finance-*, which is for another department
    echo "screenshots: expected $((published - 1)) items on the kiosk:" >&2
    cat "$work/sync.log" >&2
    exit 1
fi

# ---- Questions: asked on this kiosk, answered and published by its ambassador, voted; synced both ways ----
ambassador_pin=8274619305
printf '%s\n' "$ambassador_pin" | collect ambassador add --name Sanne --department "$department" >/dev/null
"$kioskctl" --config "$work/kiosk.toml" sync-now >"$work/sync.log" 2>&1
ask() { "$driver" --config "$work/kiosk.toml" "ask=$1" >>"$work/driver.log"; }
answer() { "$driver" --config "$work/kiosk.toml" "answer=$ambassador_pin|$1|$2" >>"$work/driver.log"; }
# In Dutch, the shipped config's default language.
ask "Wanneer krijgen we uitleg over de nieuwe scanners?"
ask "Kan ik na de livegang mijn oude kastje houden?"
ask "Werkt de handscanner ook met handschoenen aan?"
ask "Wie bel ik als de printer op de vloer vastloopt?"
answer "Wanneer krijgen we uitleg over de nieuwe scanners?" \
    "De eerste trainingen zijn in week 3, in de kantine. Je kunt je aanmelden onder Training."
answer "Werkt de handscanner ook met handschoenen aan?" "Ja, met de dunne werkhandschoenen. We hebben het getest in hal 2."
"$driver" --config "$work/kiosk.toml" "publish=$ambassador_pin|Wie bel ik als de printer op de vloer vastloopt?" >>"$work/driver.log"
"$driver" --config "$work/kiosk.toml" "vote=Wanneer krijgen we uitleg over de nieuwe scanners?" >>"$work/driver.log"
"$kioskctl" --config "$work/kiosk.toml" sync-now >"$work/sync.log" 2>&1 || {
    echo "screenshots: kioskctl sync-now failed:" >&2; cat "$work/sync.log" >&2; exit 1; }
echo "screenshots: $(grep -c '^code ' "$work/driver.log") questions asked, answered and synced" >&2

cat > "$work/inside_x.sh" <<'INNER'
set -euo pipefail
kiosk=$1; work=$2; out_dir=$3; size=$4
export LIBGL_ALWAYS_SOFTWARE=1
width=${size%x*}; height=${size#*x}

# One screen in one language: the kiosk's own --screen sample, saved by --screenshot.
shot() {
    local language=$1 screen=$2 config=$3 name=$4
    "$kiosk" --config "$config" --language "$language" --screen "$screen" --exit-after-frames 3 \
        --screenshot "$out_dir/$name" >/dev/null
    echo "$out_dir/$name"
}

# Taps the on-screen control whose target id is $2 (e.g. why:you) or, for keys, whose label is $2.
tap() {
    local targets=$1 want=$2 x0 y0 x1 y1
    read -r x0 y0 x1 y1 < <(awk -v want="$want" '
        $1 == want { print $2, $3, $4, $5; exit }
        $1 ~ /^key:/ { text = ""; for (i = 6; i <= NF; i++) text = text (i > 6 ? " " : "") $i
                       if (text == want) { print $2, $3, $4, $5; exit } }' "$targets")
    [[ -n "${x0:-}" ]] || { echo "screenshots: no control '$want' on screen" >&2; return 1; }
    xdotool mousemove "$(awk -v a="$x0" -v b="$x1" 'BEGIN {printf "%d", (a + b) / 2}')" \
                      "$(awk -v a="$y0" -v b="$y1" 'BEGIN {printf "%d", (a + b) / 2}')" click 1
    sleep 0.25
}

# A finger dragging the list up by half the screen's height, in small steps like a real drag; $drags times (default 1).
drag_up() {
    local x=$((width / 2)) from=$((height * 3 / 4)) to=$((height / 4)) y i
    local moves=(mousemove "$x" "$from" mousedown 1)
    for ((y = from - 40; y > to; y -= 40)); do moves+=(sleep 0.02 mousemove "$x" "$y"); done
    moves+=(sleep 0.02 mousemove "$x" "$to" sleep 0.05 mouseup 1 sleep 0.1)
    for ((i = 0; i < ${drags:-1}; i++)); do xdotool "${moves[@]}"; done
    sleep 0.2
}

# A running kiosk on screen $2, driven by the commands $4... (run with the targets file as $targets), then a shot.
live_shot() {
    local language=$1 screen=$2 name=$3
    shift 3
    local targets="$work/targets-$language-$screen.txt"
    rm -f "$targets"
    FLOOR_KIOSK_TARGETS_FILE="$targets" "$kiosk" --config "$work/kiosk.toml" --language "$language" \
        --screen "$screen" >/dev/null 2>&1 &
    local pid=$!
    for _ in $(seq 1 200); do [[ -s "$targets" ]] && break; sleep 0.05; done
    sleep 0.5  # a press right after a screen change is ignored
    "$@"
    sleep 0.3
    import -window root "$out_dir/$name"
    kill -TERM "$pid"
    wait "$pid"
    echo "$out_dir/$name"
}

# Text typed on a physical keyboard (plain letters) and on the on-screen keyboard (accents and the euro sign from
# its accents page).
type_question() {
    xdotool type --delay 40 " Caf"
    sleep 0.3
    tap "$targets" "éü€"
    for key in é "," ë ü €; do tap "$targets" "$key"; done
    tap "$targets" "123"
    tap "$targets" "5"
}
show_for_you() { tap "$targets" why:you; }

for language in nl en; do
    for screen in home department follow-up thank-you ask store-error cleaning saving why news timeline training \
                  questions pickup pickup_result pin pin:locked ambassador_queue ambassador_question answer; do
        config="$work/kiosk.toml"
        [[ "$screen" == department ]] && config="$work/departments.toml"
        shot "$language" "$screen" "$config" "$language-${screen//:/-}-$size.png"
    done
    shot "$language" home "$work/empty.toml" "$language-home-no-content-$size.png"
    live_shot "$language" ask "$language-ask-typed-$size.png" type_question
    live_shot "$language" why "$language-why-for-you-$size.png" show_for_you
    # Scrolled by a finger: once (why: its third paragraph, news, timeline: the go-live), to the middle (training: the two-day session and the
    # one without a seat limit), to the end (the sample's twenty news items take some 15 drags, six sessions 5).
    drags=1 live_shot "$language" why "$language-why-drag-$size.png" drag_up
    drags=1 live_shot "$language" news "$language-news-drag-$size.png" drag_up
    drags=1 live_shot "$language" timeline "$language-timeline-drag-$size.png" drag_up
    drags=3 live_shot "$language" training "$language-training-drag-$size.png" drag_up
    drags=18 live_shot "$language" news "$language-news-end-$size.png" drag_up
    drags=7 live_shot "$language" training "$language-training-end-$size.png" drag_up
done
INNER

for size in ${FLOOR_SCREENSHOT_SIZES:-1280x800 1920x1080}; do
    timeout 300 xvfb-run -a -s "-screen 0 ${size}x24" bash "$work/inside_x.sh" "$kiosk" "$work" "$out_dir" "$size"
done
echo "screenshots in $out_dir"
