#!/usr/bin/env bash
# Crash test: SIGKILL the syncing process (kioskctl sync-now) at random moments during uploads of a large backlog,
# at least 50 times; in the end every event is at the collector exactly once and both databases pass integrity_check.
# Usage: bash tests/e2e/sync_crash.sh BUILD_DIR SOURCE_DIR
# Tunables (environment): SYNC_CRASH_EVENTS (default 40000; topped up if the backlog runs low), SYNC_CRASH_KILLS (default 60), SYNC_CRASH_BATCH (100).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/collector.sh"

BUILD_DIR=${1:?usage: sync_crash.sh BUILD_DIR SOURCE_DIR}
EVENTS=${SYNC_CRASH_EVENTS:-40000}
KILLS=${SYNC_CRASH_KILLS:-60}
BATCH=${SYNC_CRASH_BATCH:-100}
TIME_LIMIT=150  # seconds for the whole kill loop
REFILL_BELOW=3000
REFILL=20000

COLLECTOR="$BUILD_DIR/collector/kiosk-collector"
KIOSKCTL="$BUILD_DIR/kiosk/kioskctl"
FILL="$BUILD_DIR/bench/fill_outbox"
for binary in "$COLLECTOR" "$KIOSKCTL" "$FILL"; do
    if [[ ! -x "$binary" ]]; then
        echo "sync_crash: missing $binary (build the kiosk-collector, kioskctl and fill_outbox targets)" >&2
        exit 1
    fi
done
command -v sqlite3 >/dev/null || { echo "sync_crash: the sqlite3 command is needed" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/floor-sync-crash-XXXXXX")
COLLECTOR_PID=""
SYNC_PID=""
cleanup() {
    [[ -n "$SYNC_PID" ]] && kill -KILL "$SYNC_PID" 2>/dev/null || true
    [[ -n "$COLLECTOR_PID" ]] && kill -TERM "$COLLECTOR_PID" 2>/dev/null || true
    [[ -n "$COLLECTOR_PID" ]] && wait "$COLLECTOR_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
    echo "sync_crash: FAIL: $*" >&2
    echo "--- collector log ---" >&2
    tail -n 20 "$WORK/collector.log" >&2 || true
    exit 1
}

KIOSK_DB="$WORK/kiosk.db"
COLLECTOR_DB="$WORK/collector.db"
KIOSK_ID=crash-kiosk

echo "sync_crash: filling an outbox with $EVENTS events"
"$FILL" "$KIOSK_DB" "$EVENTS" "$KIOSK_ID" >/dev/null
# fill_outbox spreads events over these departments (and "prefer not to say").
TOKEN=$("$COLLECTOR" --db "$COLLECTOR_DB" kiosk add --id "$KIOSK_ID" \
    --department warehouse --department finance --department customer_service | tail -n 1)
[[ -n "$TOKEN" ]] || fail "kiosk add printed no token"

start_collector "$COLLECTOR" "$COLLECTOR_DB" "$WORK/collector.log"
URL=$COLLECTOR_URL
echo "sync_crash: collector at $URL"

sync_args=(--db "$KIOSK_DB" --collector "$URL" --token "$TOKEN" --batch "$BATCH")
backlog() { "$KIOSKCTL" --db "$KIOSK_DB" --no-probe status | sed -n 's/^backlog: *\([0-9]*\).*/\1/p'; }

kills=0
runs=0
start=$SECONDS
while (( kills < KILLS )); do
    (( SECONDS - start < TIME_LIMIT )) || fail "only $kills kills within ${TIME_LIMIT}s"
    # Keep the kills landing in uploads: on a fast machine the backlog may run low, so top it up.
    if (( $(backlog) < REFILL_BELOW )); then
        "$FILL" "$KIOSK_DB" "$REFILL" "$KIOSK_ID" >/dev/null
        EVENTS=$(( EVENTS + REFILL ))
        echo "sync_crash: backlog ran low after $kills kills; added $REFILL events"
    fi
    "$KIOSKCTL" "${sync_args[@]}" sync-now >/dev/null 2>&1 &
    SYNC_PID=$!
    # Somewhere between 30 and 400 ms: during process start, store opening, an upload or marking events sent.
    sleep "0.$(printf '%03d' $(( 30 + RANDOM % 370 )))"
    kill -KILL "$SYNC_PID" 2>/dev/null || true
    status=0
    wait "$SYNC_PID" 2>/dev/null || status=$?
    SYNC_PID=""
    runs=$(( runs + 1 ))
    if (( status == 137 )); then
        kills=$(( kills + 1 ))
    elif (( status != 0 && status != 1 )); then
        fail "sync-now exited with status $status (not a kill, not a sync failure)"
    fi
done
echo "sync_crash: $kills SIGKILLs in $runs runs ($(( SECONDS - start )) s); backlog left: $(backlog)"

# Let it finish undisturbed.
"$KIOSKCTL" "${sync_args[@]}" sync-now >"$WORK/final.log" 2>&1 || { cat "$WORK/final.log" >&2; fail "the final sync failed"; }
[[ "$(backlog)" == 0 ]] || fail "backlog not empty after the final sync: $(backlog)"

rows=$(sqlite3 "$COLLECTOR_DB" "SELECT count(*) FROM events")
distinct=$(sqlite3 "$COLLECTOR_DB" "SELECT count(DISTINCT id) FROM events")
missing=$(sqlite3 "$COLLECTOR_DB" "ATTACH '$KIOSK_DB' AS kiosk;
    SELECT count(*) FROM kiosk.events k WHERE NOT EXISTS (SELECT 1 FROM main.events c WHERE c.id = k.id)")
quarantined=$("$KIOSKCTL" --db "$KIOSK_DB" --no-probe status | sed -n 's/^quarantined: *\([0-9]*\).*/\1/p')
echo "sync_crash: collector rows=$rows distinct=$distinct missing=$missing; kiosk quarantined=$quarantined"
(( rows == EVENTS )) || fail "the collector holds $rows rows for $EVENTS events"
(( distinct == EVENTS )) || fail "the collector holds $distinct distinct ids for $EVENTS events"
(( missing == 0 )) || fail "$missing kiosk events are missing at the collector"
(( quarantined == 0 )) || fail "$quarantined events were quarantined"

kiosk_check=$(sqlite3 "$KIOSK_DB" "PRAGMA integrity_check")
collector_check=$(sqlite3 "$COLLECTOR_DB" "PRAGMA integrity_check")
[[ "$kiosk_check" == ok ]] || fail "kiosk database integrity_check: $kiosk_check"
[[ "$collector_check" == ok ]] || fail "collector database integrity_check: $collector_check"
echo "sync_crash: PASS ($EVENTS events exactly once after $kills SIGKILLs; integrity ok on both databases)"
