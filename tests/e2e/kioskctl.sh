#!/usr/bin/env bash
# kioskctl end to end: a kiosk config pointing at a real collector; status, sync-now, quarantined, requeue, errors,
# exit codes.
# Usage: bash tests/e2e/kioskctl.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/collector.sh"

BUILD_DIR=${1:?usage: kioskctl.sh BUILD_DIR SOURCE_DIR}
SOURCE_DIR=${2:?usage: kioskctl.sh BUILD_DIR SOURCE_DIR}
COLLECTOR="$BUILD_DIR/collector/kiosk-collector"
KIOSKCTL="$BUILD_DIR/kiosk/kioskctl"
FILL="$BUILD_DIR/bench/fill_outbox"
for binary in "$COLLECTOR" "$KIOSKCTL" "$FILL"; do
    [[ -x "$binary" ]] || { echo "kioskctl test: missing $binary" >&2; exit 1; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/floor-kioskctl-XXXXXX")
COLLECTOR_PID=""
cleanup() {
    [[ -n "$COLLECTOR_PID" ]] && kill -TERM "$COLLECTOR_PID" 2>/dev/null && wait "$COLLECTOR_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { echo "kioskctl test: FAIL: $*" >&2; exit 1; }
# expect EXIT_CODE PATTERN COMMAND...: runs it, checks the exit code and that the output matches PATTERN.
expect() {
    local want=$1 pattern=$2
    shift 2
    local got=0
    "$@" >"$WORK/out" 2>&1 || got=$?
    (( got == want )) || { cat "$WORK/out" >&2; fail "'$*' exited $got, expected $want"; }
    grep -Eq -- "$pattern" "$WORK/out" || { cat "$WORK/out" >&2; fail "'$*' printed no line matching /$pattern/"; }
}

KIOSK_DB="$WORK/kiosk.db"
# Registered for two of the three departments fill_outbox uses: events of the third are rejected and quarantined.
TOKEN=$("$COLLECTOR" --db "$WORK/collector.db" kiosk add --id ctl-kiosk --department warehouse --department finance | tail -n 1)
start_collector "$COLLECTOR" "$WORK/collector.db" "$WORK/collector.log"
URL=$COLLECTOR_URL

# The shipped default config with this collector, token and database.
sed -e "s|^collector_url = .*|collector_url = \"$URL\"|" -e "s|^token = .*|token = \"$TOKEN\"|" \
    -e "s|^database_path = .*|database_path = \"$KIOSK_DB\"|" "$SOURCE_DIR/config/kiosk.toml" >"$WORK/kiosk.toml"
CONFIG=(--config "$WORK/kiosk.toml")

expect 0 "Usage: kioskctl" "$KIOSKCTL" --help
expect 0 "^kioskctl [0-9]" "$KIOSKCTL" --version
expect 2 "unknown command 'frobnicate'" "$KIOSKCTL" "${CONFIG[@]}" frobnicate
expect 2 "no command given" "$KIOSKCTL" "${CONFIG[@]}"
expect 2 "--batch needs a whole number" "$KIOSKCTL" --batch 0 status
expect 2 "kioskctl\.sh:[0-9]+: " "$KIOSKCTL" --config "$SOURCE_DIR/tests/e2e/kioskctl.sh" status
expect 1 "no kiosk database at" "$KIOSKCTL" "${CONFIG[@]}" status

"$FILL" "$KIOSK_DB" 2000 ctl-kiosk >/dev/null
expect 0 "^backlog: +2000 " "$KIOSKCTL" "${CONFIG[@]}" status
grep -Eq "^last sync: +never" "$WORK/out" || fail "status should say the kiosk never synced"
grep -Eq "^link: +online" "$WORK/out" || fail "status should probe the collector and find it online"

expect 0 "^sync: ok: [0-9]+ delivered" "$KIOSKCTL" "${CONFIG[@]}" sync-now
grep -Eq "^backlog now: 0 event" "$WORK/out" || fail "sync-now left a backlog"
quarantined=$(sed -n 's/.* delivered .*), \([0-9]*\) quarantined/\1/p' "$WORK/out")
(( quarantined > 0 )) || fail "events of a department the token does not allow should be quarantined"

expect 0 "^quarantined: +$quarantined event" "$KIOSKCTL" "${CONFIG[@]}" status --check-integrity
grep -Eq "^integrity: +ok" "$WORK/out" || fail "integrity check not ok"
grep -Eq "^last sync: .*: ok \([0-9]+ delivered, $quarantined quarantined\)" "$WORK/out" || fail "last sync not shown"
expect 0 "reason: rejected by the collector: .*customer_service" "$KIOSKCTL" "${CONFIG[@]}" quarantined --limit 3
grep -Fq "(3 of $quarantined shown" "$WORK/out" || fail "quarantined --limit should say how many are not shown"

# A token given on the command line overrides the config; a wrong one is refused, and nothing is quarantined.
"$FILL" "$KIOSK_DB" 5 ctl-kiosk >/dev/null
expect 1 "^error: kiosk token refused" "$KIOSKCTL" "${CONFIG[@]}" --token wrong sync-now
expect 0 "^backlog: +5 " "$KIOSKCTL" "${CONFIG[@]}" --no-probe status
grep -Eq "^quarantined: +$quarantined event" "$WORK/out" || fail "a refused token must not quarantine events"
expect 0 "^backlog now: 0 event" "$KIOSKCTL" "${CONFIG[@]}" --token "$TOKEN" sync-now

# The cause fixed at the collector (the kiosk may now send for customer_service too): requeue and they arrive.
expect 2 "--id only goes with requeue" "$KIOSKCTL" "${CONFIG[@]}" --id x status
expect 1 "no quarantined event with id 00000000-" "$KIOSKCTL" "${CONFIG[@]}" requeue --id 00000000-0000-7000-8000-000000000000
expect 0 "may now send events for: warehouse, finance, customer_service" "$COLLECTOR" --db "$WORK/collector.db" \
    kiosk set-departments --id ctl-kiosk --department warehouse --department finance --department customer_service
quarantined=$("$KIOSKCTL" "${CONFIG[@]}" --no-probe status | sed -n 's/^quarantined: *\([0-9]*\) .*/\1/p')
one=$("$KIOSKCTL" "${CONFIG[@]}" quarantined --limit 1 | head -n 1 | cut -d' ' -f1)
expect 0 "^requeued 1 event" "$KIOSKCTL" "${CONFIG[@]}" requeue --id "$one"
expect 0 "^requeued $((quarantined - 1)) event" "$KIOSKCTL" "${CONFIG[@]}" requeue
expect 0 "^sync: ok: $quarantined delivered \($quarantined new, 0 already there\), 0 quarantined" \
    "$KIOSKCTL" "${CONFIG[@]}" sync-now
expect 0 "^quarantined: +0 event" "$KIOSKCTL" "${CONFIG[@]}" --no-probe status
expect 0 "^No quarantined events" "$KIOSKCTL" "${CONFIG[@]}" requeue

# Collector gone: sync-now fails with exit 1 and says offline; status shows it and keeps the last success.
kill -TERM "$COLLECTOR_PID"
wait "$COLLECTOR_PID" 2>/dev/null || true
COLLECTOR_PID=""
"$FILL" "$KIOSK_DB" 10 ctl-kiosk >/dev/null
expect 1 "^sync: offline" "$KIOSKCTL" "${CONFIG[@]}" sync-now
expect 0 "^link: +offline" "$KIOSKCTL" "${CONFIG[@]}" status
grep -Eq "^backlog: +10 " "$WORK/out" || fail "the new events should wait in the backlog"
grep -Eq "^last success: +[0-9]{4}-" "$WORK/out" || fail "the last success should survive a failed sync"

echo "kioskctl test: PASS"
