# Sourced inside the X server by the kiosk e2e scripts: tap a control as a touch screen does, read the outbox.
# move_to_target ID TARGETS_FILE: moves the pointer to the centre of control ID (from the kiosk's targets file).
move_to_target() {
    local x0 y0 x1 y1
    read -r x0 y0 x1 y1 < <(awk -v id="$1" '$1 == id {print $2, $3, $4, $5}' "$2")
    [[ -n "${x0:-}" ]] || return 1
    xdotool mousemove "$(awk -v a="$x0" -v b="$x1" 'BEGIN {printf "%d", (a + b) / 2}')" \
        "$(awk -v a="$y0" -v b="$y1" 'BEGIN {printf "%d", (a + b) / 2}')"
    sleep 0.1
}

# tap_target ID TARGETS_FILE: moves to the centre of control ID, presses, releases.
tap_target() {
    move_to_target "$1" "$2" || return 1
    xdotool click 1
}

# first_rating DB: prints the payload of the first rating in the kiosk database, waiting up to 10 s (empty: none).
first_rating() {
    local rating=""
    for _ in $(seq 1 100); do
        rating=$(sqlite3 "file:$1?mode=ro" "SELECT payload FROM events WHERE type = 'rating' ORDER BY seq LIMIT 1;" 2>/dev/null || true)
        [[ -n "$rating" ]] && break
        sleep 0.1
    done
    echo "$rating"
}

# wait_for_screen NAME TARGETS_FILE [SECONDS]: waits (default 10 s) until the targets file says screen NAME is shown.
wait_for_screen() {
    local tries=$(( ${3:-10} * 20 ))
    for _ in $(seq 1 "$tries"); do
        [[ "$(head -n 1 "$2" 2>/dev/null)" == "screen $1" ]] && return 0
        sleep 0.05
    done
    return 1
}

# wait_for_target ID TARGETS_FILE [SECONDS]: waits (default 10 s) until control ID is in the targets file.
wait_for_target() {
    local tries=$(( ${3:-10} * 20 ))
    for _ in $(seq 1 "$tries"); do
        awk -v id="$1" '$1 == id {found = 1} END {exit !found}' "$2" 2>/dev/null && return 0
        sleep 0.05
    done
    return 1
}

# target_label ID TARGETS_FILE: prints the label of control ID (empty when the screen has no such control).
target_label() {
    awk -v id="$1" '$1 == id {sub(/^[^ ]+ [^ ]+ [^ ]+ [^ ]+ [^ ]+ ?/, ""); print; exit}' "$2"
}

# double_tap_target ID TARGETS_FILE: a quick double tap (two clicks 150 ms apart) on the centre of control ID.
double_tap_target() {
    move_to_target "$1" "$2" || return 1
    xdotool click --repeat 2 --delay 150 1
}
