#!/usr/bin/env bash
# End-to-end: published content reaches its audience's kiosks, edits and withdrawals follow, it shows offline, and
# "I'll be there" is counted once despite a lost reply.
# Usage: bash tests/e2e/content_feed.sh BUILD_DIR SOURCE_DIR
#
# On loopback with a real collector (SQLite), two kiosk configs (departments Warehouse and Office, own databases and
# tokens) synced with `kioskctl sync-now`, the real kiosk under xvfb-run (Mesa llvmpipe) driven by xdotool, and
# tests/e2e/lib/lossy_proxy.py, which loses the collector's reply to the first upload.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/collector.sh"

BUILD_DIR=$(cd "${1:?usage: content_feed.sh BUILD_DIR SOURCE_DIR}" && pwd)
SOURCE_DIR=$(cd "${2:?usage: content_feed.sh BUILD_DIR SOURCE_DIR}" && pwd)
COLLECTOR="$BUILD_DIR/collector/kiosk-collector"
KIOSKCTL="$BUILD_DIR/kiosk/kioskctl"
KIOSK="$BUILD_DIR/kiosk/kiosk"
for binary in "$COLLECTOR" "$KIOSKCTL" "$KIOSK"; do
    [[ -x "$binary" ]] || { echo "content_feed: FAIL: missing $binary (build kiosk, kioskctl and kiosk-collector)"; exit 1; }
done
for tool in xvfb-run xdotool sqlite3 python3 timeout; do
    command -v "$tool" >/dev/null || { echo "content_feed: FAIL: $tool is not installed"; exit 1; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/floor-content-feed-XXXXXX")
COLLECTOR_PID=""
PROXY_PID=""
X_PID=""
cleanup() {
    if [[ -n "$X_PID" ]]; then
        kill -TERM "$X_PID" 2>/dev/null || true
        wait "$X_PID" 2>/dev/null || true
    fi
    if [[ -n "$PROXY_PID" ]]; then
        kill -TERM "$PROXY_PID" 2>/dev/null || true
        wait "$PROXY_PID" 2>/dev/null || true
    fi
    stop_collector
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
    echo "content_feed: FAIL: $*"
    echo "--- last command output:"; cat "$WORK/out" "$WORK/err" 2>/dev/null || true
    echo "--- collector log (tail):"; tail -n 20 "$WORK/collector.log" 2>/dev/null || true
    [[ -s "$WORK/proxy.log" ]] && { echo "--- proxy log:"; cat "$WORK/proxy.log"; }
    exit 1
}
pass() { echo "content_feed: PASS: $*"; }

COLLECTOR_DB="$WORK/collector.db"
C=("$COLLECTOR" --db "$COLLECTOR_DB")
DEPT_A=Warehouse
DEPT_B=Office
DEPT_OTHER=Finance  # no kiosk serves it: its items must reach neither kiosk

# run WANT_STATUS COMMAND...: runs it with its standard output in $WORK/out (errors and warnings in $WORK/err),
# fails unless it exits with WANT_STATUS.
run() {
    local want=$1 got=0
    shift
    "$@" >"$WORK/out" 2>"$WORK/err" || got=$?
    (( got == want )) || fail "'$*' exited $got, expected $want"
}
# kiosk_ids DB: the ids of the content items the kiosk's database holds, sorted, space-separated.
kiosk_ids() { sqlite3 "file:$1?mode=ro" "SELECT id FROM content ORDER BY id;" | tr '\n' ' ' | sed 's/ $//'; }
sorted() { printf '%s\n' "$@" | sort | tr '\n' ' ' | sed 's/ $//'; }
# kiosk_text DB ID JSON_PATH: one field of a cached item's document, e.g. '$.translations.en.title'.
kiosk_text() { sqlite3 "file:$1?mode=ro" "SELECT json_extract(document, '$3') FROM content WHERE id = '$2';"; }
# collector_revision ID: the item's revision as `content show` prints it.
collector_revision() { "${C[@]}" content show "$1" | sed -n 's/^ *"revision": *\([0-9]*\).*/\1/p'; }

# ---- a. Publish from the command line: for the Warehouse, for everyone, for a department no kiosk serves; nl and en.
SESSION_AT=$(date -u -d '+30 days' +%Y-%m-%dT09:00:00Z)
SESSION_UNTIL=$(date -u -d '+30 days' +%Y-%m-%dT12:00:00Z)
cat >"$WORK/why.toml" <<'EOF'
# The why of the change, for the whole organisation, in two languages.
kind = "why"
audience = "all"
default_language = "nl"

[translations.nl]
title = "Waarom we overstappen"
body = "Het oude systeem wordt na 2026 niet meer onderhouden."
detail = "Minder dubbel invoeren op de vloer."

[translations.en]
title = "Why we are switching"
body = "The old system is no longer maintained after 2026."
detail = "Less double entry on the floor."
EOF
cat >"$WORK/training.toml" <<EOF
# A training session for everyone, a month from now, in two languages.
kind = "training"
audience = "all"
default_language = "nl"
at = "$SESSION_AT"
until = "$SESSION_UNTIL"
place = "Kantine, zaal 2"
seats = 20

[translations.nl]
title = "SAP voor de vloer"
body = "Twee uur oefenen met de handscanner."

[translations.en]
title = "SAP for the floor"
body = "Two hours of practice with the hand scanner."
EOF
run 0 "${C[@]}" content add --file "$WORK/why.toml"; WHY=$(cat "$WORK/out")
run 0 "${C[@]}" content add --file "$WORK/training.toml"; TRAINING=$(cat "$WORK/out")
run 0 "${C[@]}" content add --kind announcement --audience "$DEPT_A" --lang nl --title "Nieuwe handscanners vanaf maandag" \
    --body "Je teamleider deelt ze uit bij de start van je dienst."
NEWS_A=$(cat "$WORK/out")
run 0 "${C[@]}" content edit "$NEWS_A" --lang en --title "New hand scanners from Monday" \
    --body "Your team lead hands them out at the start of your shift."
run 0 "${C[@]}" content add --kind announcement --audience all --lang nl --title "Kantine dicht op vrijdag"
NEWS_ALL=$(cat "$WORK/out")
run 0 "${C[@]}" content add --kind announcement --audience "$DEPT_OTHER" --lang en --title "Month-end close moves"
NEWS_OTHER=$(cat "$WORK/out")
for id in "$WHY" "$TRAINING" "$NEWS_A" "$NEWS_ALL" "$NEWS_OTHER"; do
    [[ "$id" =~ ^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$ ]] || fail "content add printed '$id', not an id"
done
run 0 "${C[@]}" content list
(( $(grep -c ' published ' "$WORK/out") == 5 )) || fail "content list does not show the 5 items as published"
grep -E "^$NEWS_A .* $DEPT_A +en,nl " "$WORK/out" >/dev/null || fail "the Warehouse item is not listed with audience $DEPT_A in en,nl"
grep -E "^$TRAINING .*interest 0 / 20 seats" "$WORK/out" >/dev/null || fail "the training is not listed with interest 0 / 20 seats"
pass "a. 5 items published by the command line (Warehouse, all, Finance; nl and en, from files and options)"

# ---- b. Two kiosks, Warehouse and Office, with their own tokens and databases, sync once.
start_collector "$COLLECTOR" "$COLLECTOR_DB" "$WORK/collector.log"
FIRST_URL=$COLLECTOR_URL
# make_kiosk NAME KIOSK_ID DEPARTMENT: registers the kiosk, writes $WORK/NAME.toml (the shipped config with its id,
# department, token, collector and database) and an empty database file (as before the kiosk's first start; the
# store creates its schema on open).
make_kiosk() {
    local name=$1 id=$2 department=$3 token
    run 0 "${C[@]}" kiosk add --id "$id" --department "$department"
    token=$(tail -n 1 "$WORK/out")
    [[ -n "$token" ]] || fail "kiosk add printed no token"
    sed -e "s/^kiosk_id = .*/kiosk_id = \"$id\"/" -e "s/^department = .*/department = \"$department\"/" \
        -e "s|^collector_url = .*|collector_url = \"$FIRST_URL\"|" -e "s|^token = .*|token = \"$token\"|" \
        -e "s|^database_path = .*|database_path = \"$WORK/$name.db\"|" "$SOURCE_DIR/config/kiosk.toml" >"$WORK/$name.toml"
    grep -q "^department = \"$department\"" "$WORK/$name.toml" || fail "the shipped config has no 'department' line to set"
    "$KIOSK" --config "$WORK/$name.toml" --check-config >"$WORK/out" 2>&1 || fail "the kiosk refuses the config $name.toml"
    : >"$WORK/$name.db"
}
make_kiosk a feed-kiosk-a "$DEPT_A"
make_kiosk b feed-kiosk-b "$DEPT_B"
A_DB="$WORK/a.db"
B_DB="$WORK/b.db"

run 0 "$KIOSKCTL" --config "$WORK/a.toml" sync-now
grep -q "^feed: ok: " "$WORK/out" || fail "kiosk A's feed poll did not succeed"
run 0 "$KIOSKCTL" --config "$WORK/b.toml" sync-now
grep -q "^feed: ok: " "$WORK/out" || fail "kiosk B's feed poll did not succeed"
[[ "$(kiosk_ids "$A_DB")" == "$(sorted "$WHY" "$TRAINING" "$NEWS_A" "$NEWS_ALL")" ]] ||
    fail "kiosk A ($DEPT_A) holds [$(kiosk_ids "$A_DB")], expected its own and the organisation's 4 items"
[[ "$(kiosk_ids "$B_DB")" == "$(sorted "$WHY" "$TRAINING" "$NEWS_ALL")" ]] ||
    fail "kiosk B ($DEPT_B) holds [$(kiosk_ids "$B_DB")], expected only the organisation's 3 items"
[[ "$(kiosk_text "$A_DB" "$NEWS_A" '$.translations.en.title')" == "New hand scanners from Monday" ]] ||
    fail "kiosk A's copy of the Warehouse item lacks its English title"
[[ "$(kiosk_text "$B_DB" "$WHY" '$.translations.nl.title')" == "Waarom we overstappen" ]] ||
    fail "kiosk B's copy of the why lacks its Dutch title"
run 0 "$KIOSKCTL" --config "$WORK/a.toml" content
grep -Fq "\"Nieuwe handscanners vanaf maandag\"" "$WORK/out" || fail "kioskctl content on A does not list the Warehouse item"
grep -Fq "\"Month-end close moves\"" "$WORK/out" && fail "kiosk A lists the Finance item"
run 0 "$KIOSKCTL" --config "$WORK/b.toml" content
grep -Fq "\"SAP voor de vloer\"" "$WORK/out" || fail "kioskctl content on B does not list the training"
grep -Fq "handscanners" "$WORK/out" && fail "kiosk B lists the Warehouse item"
pass "b. after sync-now A holds A's and the organisation's 4 items, B only the organisation's 3 (none for Finance)"

# ---- c. An edit and a withdrawal reach both kiosks with their next sync.
run 0 "${C[@]}" content edit "$WHY" --lang en --title "Why we are switching systems"
WHY_REVISION=$(collector_revision "$WHY")
run 0 "${C[@]}" content withdraw "$NEWS_ALL"
for kiosk in a b; do
    run 0 "$KIOSKCTL" --config "$WORK/$kiosk.toml" sync-now
    grep -Eq "^ +changed: +$WHY \(rev [0-9]+ -> $WHY_REVISION\)" "$WORK/out" || fail "kiosk $kiosk's sync did not report the edit"
    grep -Eq "^ +withdrawn: +$NEWS_ALL" "$WORK/out" || fail "kiosk $kiosk's sync did not report the withdrawal"
    db="$WORK/$kiosk.db"
    [[ "$(kiosk_text "$db" "$WHY" '$.translations.en.title')" == "Why we are switching systems" ]] ||
        fail "kiosk $kiosk does not hold the edited English title"
    [[ "$(kiosk_text "$db" "$WHY" '$.translations.nl.title')" == "Waarom we overstappen" ]] ||
        fail "the edit changed kiosk $kiosk's Dutch title"
    [[ "$(sqlite3 "file:$db?mode=ro" "SELECT revision FROM content WHERE id = '$WHY';")" == "$WHY_REVISION" ]] ||
        fail "kiosk $kiosk does not hold revision $WHY_REVISION of the why"
done
[[ "$(kiosk_ids "$A_DB")" == "$(sorted "$WHY" "$TRAINING" "$NEWS_A")" ]] || fail "kiosk A holds [$(kiosk_ids "$A_DB")] after the withdrawal"
[[ "$(kiosk_ids "$B_DB")" == "$(sorted "$WHY" "$TRAINING")" ]] || fail "kiosk B holds [$(kiosk_ids "$B_DB")] after the withdrawal"
pass "c. the edit (revision $WHY_REVISION) and the withdrawal arrived at both kiosks with their next sync-now"

# ---- d. The collector stops; the real kiosk A starts offline and shows its cached content.
stop_collector
run 0 "$KIOSKCTL" --config "$WORK/a.toml" status
grep -Eq "^link: +offline" "$WORK/out" || fail "kiosk A still reaches a collector after it stopped"
# The titles kiosk A shows in its default language (nl): the strip must show one of them.
"$KIOSKCTL" --config "$WORK/a.toml" content | sed -n 's/^[0-9a-f-]\{36\}  .*  rev [0-9]*  "\(.*\)"$/\1/p' >"$WORK/titles.txt"
(( $(wc -l <"$WORK/titles.txt") == 3 )) || fail "kioskctl content on A lists $(wc -l <"$WORK/titles.txt") titles, expected 3"

# Runs inside the X server that xvfb-run starts; everything it starts it also stops.
cat >"$WORK/inside_x.sh" <<'INNER'
# Inside xvfb-run: kiosk A offline shows the cached content on home; "I'll be there" tapped once, twice more, stored once.
set -euo pipefail
kiosk=$1 work=$2 source_dir=$3 session=$4
source "$source_dir/tests/e2e/lib/kiosk_x11.sh"
export LIBGL_ALWAYS_SOFTWARE=1
targets="$work/targets.txt"
FLOOR_KIOSK_TARGETS_FILE="$targets" "$kiosk" --config "$work/a.toml" >"$work/kiosk.out" 2>&1 &
pid=$!
stop_kiosk() { kill -KILL "$pid" 2>/dev/null || true; }
trap stop_kiosk EXIT
trap 'exit 130' INT TERM
fail() {
    echo "content_feed: FAIL: $*"
    echo "--- targets:"; cat "$targets" 2>/dev/null || true
    echo "--- kiosk output:"; cat "$work/kiosk.out" || true
    exit 1
}
pass() { echo "content_feed: PASS: $*"; }
interest_rows() { sqlite3 "file:$work/a.db?mode=ro" "SELECT count(*) FROM events WHERE type = 'training_interest';"; }
# A press within 350 ms of a screen change is ignored by design (README, "Touch and keyboard"): let that pass.
settle() { sleep 0.5; }

wait_for_screen home "$targets" 30 || fail "no home screen drawn within 30 s"
wait_for_target strip "$targets" || fail "the offline kiosk shows no content strip on home"
strip=$(target_label strip "$targets")
shown=""
while IFS= read -r title; do [[ "$strip" == *"$title"* ]] && shown=$title; done <"$work/titles.txt"
[[ -n "$shown" ]] || fail "the strip '$strip' holds none of the cached titles"
for button in open:news open:training; do
    wait_for_target "$button" "$targets" 2 || fail "home has no '$button' button"
done
pass "d. kiosk A restarted offline: strip '$strip', open:news and open:training on home"

settle
tap_target open:training "$targets" || fail "open:training vanished"
wait_for_screen training "$targets" || fail "open:training did not open the training screen"
wait_for_target "attend:$session" "$targets" || fail "the training screen has no attend:$session"
before=$(target_label "attend:$session" "$targets")
settle
tap_target "attend:$session" "$targets" || fail "attend:$session vanished"
for _ in $(seq 1 200); do [[ "$(interest_rows)" -ge 1 ]] && break; sleep 0.05; done
[[ "$(interest_rows)" == 1 ]] || fail "$(interest_rows) training_interest events in the outbox 10 s after the tap, expected 1"
for _ in $(seq 1 200); do [[ "$(target_label "attend:$session" "$targets")" != "$before" ]] && break; sleep 0.05; done
after=$(target_label "attend:$session" "$targets")
[[ "$after" != "$before" ]] || fail "the button still says '$before' after the tap was stored"

# A quick double tap on the same button must add nothing.
double_tap_target "attend:$session" "$targets" || fail "attend:$session vanished"
# Then a rating from home: the kiosk records in input order, so once it is stored, anything the double tap
# would have stored is there too.
tap_target back "$targets" || fail "the training screen has no back button"
wait_for_screen home "$targets" || fail "back did not return home"
settle
tap_target face:3 "$targets" || fail "home has no face:3"
[[ -n "$(first_rating "$work/a.db")" ]] || fail "the rating tapped after the double tap was not stored within 10 s"
[[ "$(interest_rows)" == 1 ]] || fail "$(interest_rows) training_interest events after the double tap, expected 1"
pass "e. 'I'll be there' tapped ('$before' -> '$after'), then double-tapped: 1 training_interest event in the outbox"

kill -TERM "$pid"
for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "the kiosk did not exit within 10 s of SIGTERM"
status=0
wait "$pid" || status=$?
trap - EXIT
(( status == 0 )) || fail "the kiosk exited with status $status after SIGTERM"
INNER
# In the background so that an INT/TERM of this script is handled at once: cleanup stops `timeout`, which passes the
# signal to its whole process group (xvfb-run, Xvfb, the inner script, the kiosk).
timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" bash "$WORK/inside_x.sh" "$KIOSK" "$WORK" "$SOURCE_DIR" "$TRAINING" &
X_PID=$!
x_status=0
wait "$X_PID" || x_status=$?
X_PID=""
(( x_status == 0 )) || { echo "content_feed: FAIL: the kiosk part failed (status $x_status, above)"; exit 1; }

# ---- e. Deliver it through a proxy that loses the collector's first reply; the resend is a duplicate.
pending=$(sqlite3 "file:$A_DB?mode=ro" "SELECT id FROM events WHERE type = 'training_interest' AND state = 0;")
[[ "$pending" =~ ^[0-9a-f-]{36}$ ]] || fail "the outbox does not hold exactly one pending training_interest event: '$pending'"
[[ "$(sqlite3 "file:$A_DB?mode=ro" "SELECT json_extract(payload, '$.session') || ' ' || department FROM events WHERE id = '$pending';")" \
    == "$TRAINING $DEPT_A" ]] || fail "the training_interest event does not name session $TRAINING and department $DEPT_A"
interest_at_collector() { sqlite3 "file:$COLLECTOR_DB?mode=ro" "SELECT count(*) FROM events WHERE type = 'training_interest';"; }

start_collector "$COLLECTOR" "$COLLECTOR_DB" "$WORK/collector.log"
python3 "$SOURCE_DIR/tests/e2e/lib/lossy_proxy.py" "${COLLECTOR_URL#http://}" "$WORK/proxy.port" "$WORK/proxy.log" \
    >"$WORK/proxy.out" 2>&1 &
PROXY_PID=$!
for _ in $(seq 1 200); do
    [[ -s "$WORK/proxy.port" ]] && break
    kill -0 "$PROXY_PID" 2>/dev/null || { cat "$WORK/proxy.out"; fail "the proxy exited at start"; }
    sleep 0.05
done
[[ -s "$WORK/proxy.port" ]] || fail "the proxy did not say where it listens within 10 s"
PROXY_URL="http://127.0.0.1:$(cat "$WORK/proxy.port")"

run 1 "$KIOSKCTL" --config "$WORK/a.toml" --collector "$PROXY_URL" sync-now
grep -q "^dropped POST /api/v1/events 200 " "$WORK/proxy.log" || fail "the proxy did not lose the collector's reply to the upload"
grep -Eq "^backlog now: 2 event" "$WORK/out" || fail "after the lost reply the events should still wait (rating and interest)"
[[ "$(sqlite3 "file:$A_DB?mode=ro" "SELECT state FROM events WHERE id = '$pending';")" == 0 ]] ||
    fail "the training_interest event is no longer pending after a lost reply"
# The collector committed the batch before its reply was lost.
[[ "$(interest_at_collector)" == 1 ]] ||
    fail "the collector holds $(interest_at_collector) training_interest rows after the lost reply, expected 1"
pass "e. the reply to the upload was lost: sync-now exited 1, the event is pending, the collector stored it"

run 0 "$KIOSKCTL" --config "$WORK/a.toml" --collector "$PROXY_URL" sync-now
grep -Eq "^sync: ok: 2 delivered \(0 new, 2 already there\)" "$WORK/out" || fail "the resend was not answered as 2 duplicates"
grep "^forwarded POST /api/v1/events 200 " "$WORK/proxy.log" | grep -Eq "\"id\": *\"$pending\", *\"status\": *\"duplicate\"" ||
    fail "the collector did not answer 'duplicate' for the resent training_interest event"
[[ "$(sqlite3 "file:$A_DB?mode=ro" "SELECT state FROM events WHERE id = '$pending';")" == 1 ]] || fail "the event is not marked sent"
[[ "$(interest_at_collector)" == 1 ]] || fail "the collector holds $(interest_at_collector) training_interest rows, expected 1"
[[ "$(sqlite3 "file:$COLLECTOR_DB?mode=ro" "SELECT id || ' ' || json_extract(payload, '$.session') FROM events WHERE type = 'training_interest';")" \
    == "$pending $TRAINING" ]] || fail "the collector's training_interest row is not the kiosk's event for session $TRAINING"
run 0 "${C[@]}" content show "$TRAINING"
grep -Eq '^ *"interest": 1,?$' "$WORK/out" || fail "content show does not say interest 1"
run 0 "${C[@]}" content list
grep -Eq "^$TRAINING .*interest 1 / 20 seats" "$WORK/out" || fail "content list does not show interest 1 / 20 seats"
pass "e. the resend was a duplicate: 1 training_interest row at the collector, content show/list say interest 1 / 20 seats"

echo "content_feed: PASS"
