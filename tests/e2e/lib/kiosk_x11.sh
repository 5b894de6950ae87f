# Sourced inside the X server by the kiosk e2e scripts: tap a control as a touch screen does, read the outbox.
# tap_target ID TARGETS_FILE: moves to the centre of control ID (from the kiosk's targets file), presses, releases.
tap_target() {
    local x0 y0 x1 y1
    read -r x0 y0 x1 y1 < <(awk -v id="$1" '$1 == id {print $2, $3, $4, $5}' "$2")
    [[ -n "${x0:-}" ]] || return 1
    xdotool mousemove "$(awk -v a="$x0" -v b="$x1" 'BEGIN {printf "%d", (a + b) / 2}')" \
        "$(awk -v a="$y0" -v b="$y1" 'BEGIN {printf "%d", (a + b) / 2}')"
    sleep 0.1
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
