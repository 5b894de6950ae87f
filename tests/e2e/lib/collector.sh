# Sourced by the e2e scripts: starts the real kiosk-collector on a free loopback port and waits for its address.
# start_collector COLLECTOR_BINARY DB_PATH LOG_PATH: sets COLLECTOR_PID and COLLECTOR_URL, or calls fail.
start_collector() {
    local binary=$1 db=$2 log=$3
    "$binary" --db "$db" --listen 127.0.0.1:0 >"$log" 2>&1 &
    COLLECTOR_PID=$!
    COLLECTOR_URL=""
    for _ in $(seq 1 200); do
        COLLECTOR_URL=$(sed -n 's|.*listening on \(http://127\.0\.0\.1:[0-9]*\).*|\1|p' "$log")
        [[ -n "$COLLECTOR_URL" ]] && return 0
        kill -0 "$COLLECTOR_PID" 2>/dev/null || fail "the collector exited at start"
        sleep 0.05
    done
    fail "the collector did not say where it listens"
}

# stop_collector: SIGTERM to COLLECTOR_PID, waits up to 10 s for it to exit (then SIGKILL), clears COLLECTOR_PID.
stop_collector() {
    [[ -n "${COLLECTOR_PID:-}" ]] || return 0
    kill -TERM "$COLLECTOR_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$COLLECTOR_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$COLLECTOR_PID" 2>/dev/null || true
    wait "$COLLECTOR_PID" 2>/dev/null || true
    COLLECTOR_PID=""
}
