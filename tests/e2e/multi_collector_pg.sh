#!/usr/bin/env bash
# Several collectors, one PostgreSQL: three kiosk-collector processes share a throwaway database; five kiosk outboxes
# drain through them in turn while one collector is killed with SIGKILL and restarted twice (and the syncing
# processes are killed too). In the end every event is stored exactly once, and no event a kiosk holds as
# acknowledged is missing at the collector.
# Usage: bash tests/e2e/multi_collector_pg.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/collector.sh"

BUILD_DIR=${1:?usage: multi_collector_pg.sh BUILD_DIR SOURCE_DIR}
SOURCE_DIR=${2:?usage: multi_collector_pg.sh BUILD_DIR SOURCE_DIR}
EVENTS_PER_KIOSK=${MULTI_COLLECTOR_EVENTS:-20000}
ROUNDS=8
COLLECTOR="$BUILD_DIR/collector/kiosk-collector"
KIOSKCTL="$BUILD_DIR/kiosk/kioskctl"
FILL="$BUILD_DIR/bench/fill_outbox"
PG="$SOURCE_DIR/scripts/pg-test-server.sh"
for binary in "$COLLECTOR" "$KIOSKCTL" "$FILL"; do
    [[ -x "$binary" ]] || { echo "multi_collector_pg: missing $binary" >&2; exit 1; }
done
command -v psql >/dev/null || { echo "multi_collector_pg: psql is needed (postgresql-client)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/floor-multi-XXXXXX)
chmod 755 "$WORK"  # the PostgreSQL server runs as another user and must reach its data directory
declare -a PIDS=("" "" "")
declare -a URLS=("" "" "")
SYNC_PIDS=()
cleanup() {
    for pid in "${SYNC_PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do [[ -n "$pid" ]] && kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do [[ -n "$pid" ]] && wait "$pid" 2>/dev/null || true; done
    bash "$PG" stop "$WORK/pg" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
    echo "multi_collector_pg: FAIL: $*" >&2
    for i in 0 1 2; do echo "--- collector $i log ---" >&2; tail -n 15 "$WORK/collector-$i.log" >&2 || true; done
    exit 1
}

mkdir -p "$WORK/pg"
DB=$(bash "$PG" start "$WORK/pg") || fail "cannot start PostgreSQL"
echo "multi_collector_pg: PostgreSQL at $DB"

declare -a TOKENS
for k in 1 2 3 4 5; do
    "$FILL" "$WORK/kiosk-$k.db" "$EVENTS_PER_KIOSK" "kiosk-$k" >/dev/null
    TOKENS[$k]=$("$COLLECTOR" --db "$DB" kiosk add --id "kiosk-$k" \
        --department warehouse --department finance --department customer_service | tail -n 1)
done
TOTAL=$(( 5 * EVENTS_PER_KIOSK ))

# Restarting a collector keeps its port, so kiosks find it again (as behind a load balancer).
start() {
    local i=$1 listen=127.0.0.1:0
    [[ -n "${URLS[$i]}" ]] && listen=${URLS[$i]#http://}
    "$COLLECTOR" --db "$DB" --listen "$listen" >>"$WORK/collector-$i.log" 2>&1 &
    PIDS[$i]=$!
    for _ in $(seq 1 200); do
        local url
        url=$(sed -n 's|.*listening on \(http://127\.0\.0\.1:[0-9]*\).*|\1|p' "$WORK/collector-$i.log" | tail -n 1)
        if [[ -n "$url" ]] && curl -fsS "$url/healthz" >/dev/null 2>&1; then URLS[$i]=$url; return 0; fi
        kill -0 "${PIDS[$i]}" 2>/dev/null || fail "collector $i exited at start"
        sleep 0.05
    done
    fail "collector $i did not come up"
}
for i in 0 1 2; do start "$i"; done
echo "multi_collector_pg: collectors at ${URLS[*]}"

kills=0
for (( round = 0; round < ROUNDS; round++ )); do
    # Collector 1 dies in rounds 2 and 5 (SIGKILL, mid-upload) and is back from rounds 3 and 6.
    if (( round == 3 || round == 6 )); then start 1; fi
    # New taps arrive meanwhile, so that the second kill also lands in a drain.
    if (( round == 4 )); then
        for k in 1 2 3 4 5; do "$FILL" "$WORK/kiosk-$k.db" "$EVENTS_PER_KIOSK" "kiosk-$k" >/dev/null; done
        TOTAL=$(( TOTAL * 2 ))
    fi
    SYNC_PIDS=()
    for k in 1 2 3 4 5; do
        url=${URLS[$(( (k + round) % 3 ))]}
        "$KIOSKCTL" --db "$WORK/kiosk-$k.db" --collector "$url" --token "${TOKENS[$k]}" --batch 50 sync-now \
            >/dev/null 2>&1 &
        SYNC_PIDS+=($!)
    done
    sleep 0.6
    if (( round == 2 || round == 5 )); then
        kill -KILL "${PIDS[1]}"
        wait "${PIDS[1]}" 2>/dev/null || true
        PIDS[1]=""
        kills=$(( kills + 1 ))
        waiting=0
        for k in 1 2 3 4 5; do
            waiting=$(( waiting + $(sqlite3 "$WORK/kiosk-$k.db" "SELECT count(*) FROM events WHERE state = 0") ))
        done
        echo "multi_collector_pg: SIGKILL to collector 1 in round $round while $waiting events were still waiting"
        (( waiting > 0 )) || fail "the kill in round $round came after the drain; make MULTI_COLLECTOR_EVENTS larger"
    fi
    sleep 0.4
    for pid in "${SYNC_PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    SYNC_PIDS=()
done
(( kills == 2 )) || fail "collector 1 was killed $kills times, not 2"
[[ -n "${PIDS[1]}" ]] || start 1

# Whatever a kiosk holds as acknowledged (state 1 = sent) must be at the collector already.
psql -qAt "$DB" -c "SELECT id FROM events ORDER BY id" >"$WORK/at-collector.txt"
for k in 1 2 3 4 5; do
    sqlite3 "$WORK/kiosk-$k.db" "SELECT id FROM events WHERE state = 1 ORDER BY id" >"$WORK/acked-$k.txt"
    lost=$(comm -23 "$WORK/acked-$k.txt" "$WORK/at-collector.txt" | wc -l)
    (( lost == 0 )) || fail "kiosk-$k holds $lost events as sent that the collector does not have"
done
echo "multi_collector_pg: after $ROUNDS rounds and $kills SIGKILLs: $(wc -l <"$WORK/at-collector.txt") of $TOTAL events stored, none acknowledged and lost"

# Drain what is left, undisturbed, each kiosk through another collector.
for k in 1 2 3 4 5; do
    "$KIOSKCTL" --db "$WORK/kiosk-$k.db" --collector "${URLS[$(( k % 3 ))]}" --token "${TOKENS[$k]}" sync-now \
        >"$WORK/final-$k.log" 2>&1 || { cat "$WORK/final-$k.log" >&2; fail "the final sync of kiosk-$k failed"; }
    left=$("$KIOSKCTL" --db "$WORK/kiosk-$k.db" --no-probe status | sed -n 's/^backlog: *\([0-9]*\).*/\1/p')
    quarantined=$("$KIOSKCTL" --db "$WORK/kiosk-$k.db" --no-probe status | sed -n 's/^quarantined: *\([0-9]*\).*/\1/p')
    [[ "$left" == 0 && "$quarantined" == 0 ]] || fail "kiosk-$k: backlog $left, quarantined $quarantined"
done

rows=$(psql -qAt "$DB" -c "SELECT count(*) FROM events")
distinct=$(psql -qAt "$DB" -c "SELECT count(DISTINCT id) FROM events")
psql -qAt "$DB" -c "SELECT id FROM events ORDER BY id" >"$WORK/at-collector.txt"
missing=0
for k in 1 2 3 4 5; do
    sqlite3 "$WORK/kiosk-$k.db" "SELECT id FROM events ORDER BY id" >"$WORK/all-$k.txt"
    missing=$(( missing + $(comm -23 "$WORK/all-$k.txt" "$WORK/at-collector.txt" | wc -l) ))
done
echo "multi_collector_pg: collector rows=$rows distinct=$distinct missing=$missing (expected $TOTAL)"
(( rows == TOTAL )) || fail "the collector holds $rows rows for $TOTAL events"
(( distinct == TOTAL )) || fail "the collector holds $distinct distinct ids for $TOTAL events"
(( missing == 0 )) || fail "$missing kiosk events are missing at the collector"
for i in 0 1 2; do curl -fsS "${URLS[$i]}/healthz" >/dev/null || fail "collector $i does not answer at the end"; done
echo "multi_collector_pg: PASS ($TOTAL events from 5 kiosks through 3 collectors exactly once; collector 1 killed twice)"
