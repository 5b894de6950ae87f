#!/usr/bin/env bash
# End-to-end: a question asked on one kiosk of a department is answered by an ambassador on another, reaches every
# kiosk of that department (and no other), and the asker reads the answer with the pickup code; also offline, with
# two ambassadors answering one question, with a forged action, on the real kiosk under Xvfb tapped like a finger,
# and with PINs nowhere in clear.
# Usage: bash tests/e2e/ambassadors.sh BUILD_DIR SOURCE_DIR
#
# On loopback with a real collector (SQLite) and three kiosk outboxes: A1 and A2 in the Warehouse, B1 in the Office.
# tests/e2e/kiosk_driver.cpp is the finger: the kiosk's real Shell, Recorder, SecretWorker (Argon2id) and store,
# without a window; `kioskctl sync-now` is the network, when the script says so.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/collector.sh"

BUILD_DIR=$(cd "${1:?usage: ambassadors.sh BUILD_DIR SOURCE_DIR}" && pwd)
SOURCE_DIR=$(cd "${2:?usage: ambassadors.sh BUILD_DIR SOURCE_DIR}" && pwd)
COLLECTOR="$BUILD_DIR/collector/kiosk-collector"
KIOSKCTL="$BUILD_DIR/kiosk/kioskctl"
KIOSK="$BUILD_DIR/kiosk/kiosk"
DRIVER="$BUILD_DIR/tests/e2e_kiosk_driver"
for binary in "$COLLECTOR" "$KIOSKCTL" "$KIOSK" "$DRIVER"; do
    [[ -x "$binary" ]] || { echo "ambassadors: FAIL: missing $binary (build kiosk, kioskctl, kiosk-collector, e2e_kiosk_driver)"; exit 1; }
done
for tool in sqlite3 timeout grep sed xvfb-run xdotool; do
    command -v "$tool" >/dev/null || { echo "ambassadors: FAIL: $tool is not installed"; exit 1; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/floor-ambassadors-XXXXXX")
COLLECTOR_PID=""
cleanup() {
    stop_collector
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
    echo "ambassadors: FAIL: $*"
    echo "--- last command output:"; cat "$WORK/out" "$WORK/err" 2>/dev/null || true
    echo "--- collector logs (tail):"; tail -n 20 "$WORK"/collector*.log 2>/dev/null || true
    exit 1
}
pass() { echo "ambassadors: PASS: $*"; }

COLLECTOR_DB="$WORK/collector.db"
C=("$COLLECTOR" --db "$COLLECTOR_DB")
DEPT_A=Warehouse
DEPT_B=Office
# Long PINs: a 10-digit string cannot turn up by chance in the hex of keys and proofs.
PIN_SANNE=8274619305  # Warehouse
PIN_PIET=5190372846   # Warehouse
PIN_BO=6649301857     # Office

run() {
    local want=$1 got=0
    shift
    timeout 60 "$@" >"$WORK/out" 2>"$WORK/err" || got=$?
    (( got == want )) || fail "'$*' exited $got, expected $want"
}
# drive KIOSK STEP...: the driver on that kiosk's config; output in $WORK/out.
drive() {
    local kiosk=$1
    shift
    run 0 "$DRIVER" --config "$WORK/$kiosk.toml" "$@"
}
sync_kiosk() {
    run 0 "$KIOSKCTL" --config "$WORK/$1.toml" sync-now
    grep -q "^feed: ok: " "$WORK/out" || fail "kiosk $1's feed poll did not succeed"
}
expect_line() { grep -Fxq -- "$1" "$WORK/out" || fail "expected the line '$1'"; }
refuse_line() { grep -Fq -- "$1" "$WORK/out" && fail "did not expect '$1'"; return 0; }
# collector_sql SQL: one value from the collector's SQLite database (read-only).
collector_sql() { sqlite3 "file:$COLLECTOR_DB?mode=ro" "$1"; }

# restart_collector: the collector again on the same database, on a new free port (the old one may be taken by now);
# every kiosk config follows it.
restart_collector() {
    start_collector "$COLLECTOR" "$COLLECTOR_DB" "$WORK/collector.$((++RESTARTS)).log"
    URL=$COLLECTOR_URL
    for kiosk in a1 a2 b1; do sed -i "s|^collector_url = .*|collector_url = \"$URL\"|" "$WORK/$kiosk.toml"; done
}
RESTARTS=0

# ---- a. Three kiosks and three ambassadors; the credentials reach their department's kiosks only.
start_collector "$COLLECTOR" "$COLLECTOR_DB" "$WORK/collector.log"
URL=$COLLECTOR_URL
make_kiosk() {
    local name=$1 id=$2 department=$3 token
    run 0 "${C[@]}" kiosk add --id "$id" --department "$department"
    token=$(tail -n 1 "$WORK/out")
    sed -e "s/^kiosk_id = .*/kiosk_id = \"$id\"/" -e "s/^department = .*/department = \"$department\"/" \
        -e "s|^collector_url = .*|collector_url = \"$URL\"|" -e "s|^token = .*|token = \"$token\"|" \
        -e "s|^database_path = .*|database_path = \"$WORK/$name.db\"|" "$SOURCE_DIR/config/kiosk.toml" >"$WORK/$name.toml"
    "$KIOSK" --config "$WORK/$name.toml" --check-config >"$WORK/out" 2>&1 || fail "the kiosk refuses the config $name.toml"
    : >"$WORK/$name.db"  # as before the kiosk's first start: the store creates its schema on open
}
make_kiosk a1 amb-a1 "$DEPT_A"
make_kiosk a2 amb-a2 "$DEPT_A"
make_kiosk b1 amb-b1 "$DEPT_B"
add_ambassador() {
    printf '%s\n' "$3" | timeout 60 "${C[@]}" ambassador add --name "$1" --department "$2" >"$WORK/out" 2>"$WORK/err" ||
        fail "ambassador add $1 failed"
}
add_ambassador Sanne "$DEPT_A" "$PIN_SANNE"
add_ambassador Piet "$DEPT_A" "$PIN_PIET"
add_ambassador Bo "$DEPT_B" "$PIN_BO"
# The same PIN twice in one department would not name one person.
printf '%s\n' "$PIN_SANNE" | timeout 60 "${C[@]}" ambassador add --name Kim --department "$DEPT_A" >"$WORK/out" 2>"$WORK/err" &&
    fail "a second Warehouse ambassador with Sanne's PIN was accepted"
run 0 "${C[@]}" ambassador list
(( $(grep -c "$DEPT_A" "$WORK/out") == 2 )) || fail "ambassador list does not show the two Warehouse ambassadors"
for kiosk in a1 a2 b1; do sync_kiosk $kiosk; done
[[ "$(sqlite3 "$WORK/a1.db" "SELECT count(*) FROM ambassadors;")" == 2 ]] || fail "A1 does not hold the 2 Warehouse credentials"
[[ "$(sqlite3 "$WORK/b1.db" "SELECT count(*) FROM ambassadors WHERE department = '$DEPT_B';")" == 1 ]] || fail "B1 lacks Bo's credential"
[[ "$(sqlite3 "$WORK/b1.db" "SELECT count(*) FROM ambassadors WHERE department <> '$DEPT_B';")" == 0 ]] || fail "B1 holds another department's credential"
drive b1 "pin=$PIN_SANNE"
expect_line "pin refused"
pass "a. 3 ambassadors; A1 and A2 hold the 2 Warehouse credentials, B1 only Bo's; Sanne's PIN does not open B1"

# ---- b. A question asked on A1 is new: not on any public screen; the pickup code is shown.
Q1="When do we get the new scanners?"
drive a1 "ask=$Q1"
CODE1=$(sed -n 's/^code \([A-Z0-9]\{4\}-[A-Z0-9]\{4\}\)$/\1/p' "$WORK/out")
[[ -n "$CODE1" ]] || fail "the thank-you showed no pickup code"
drive a1 questions
refuse_line "$Q1"
sync_kiosk a1
[[ "$(collector_sql "SELECT state FROM questions WHERE text = '$Q1';")" == new ]] || fail "the collector does not hold the question as new"
pass "b. asked on A1 with pickup code $CODE1; new at the collector, on no public screen"

# ---- c. Sanne unlocks A2, sees it and answers; A1 shows the answer; the code on A2 finds it; B1 never receives it.
sync_kiosk a2
drive a2 "queue=$PIN_SANNE"
expect_line "queue new 0 $Q1"
drive a2 "answer=$PIN_SANNE|$Q1|In week 3, at the start of your shift."
sync_kiosk a2
sync_kiosk a1
drive a1 questions
expect_line "public $Q1 | In week 3, at the start of your shift. | Sanne | 0"
drive a2 "pickup=$CODE1"
expect_line "pickup public_answer | $Q1 | In week 3, at the start of your shift."
drive a1 "vote=$Q1"
sync_kiosk a1
sync_kiosk a2
drive a2 questions
expect_line "public $Q1 | In week 3, at the start of your shift. | Sanne | 1"
sync_kiosk b1
[[ "$(sqlite3 "$WORK/b1.db" "SELECT count(*) FROM questions;")" == 0 ]] || fail "B1 received a Warehouse question"
grep -aFq "new scanners" "$WORK/b1.db" "$WORK/b1.db-wal" 2>/dev/null && fail "the question's text is in B1's database"
drive b1 questions
refuse_line "$Q1"
drive b1 "pickup=$CODE1"
expect_line "pickup refused"
pass "c. answered on A2, shown on A1 with its author, found by its code on A2, voted; B1 never received it"

# ---- d. A2 offline: a private answer is stored and synced later; only the code reads it, on any Warehouse kiosk.
Q2="Can I keep my old locker after go-live?"
drive a1 "ask=$Q2"
CODE2=$(sed -n 's/^code \([A-Z0-9]\{4\}-[A-Z0-9]\{4\}\)$/\1/p' "$WORK/out")
sync_kiosk a1
sync_kiosk a2
stop_collector
drive a2 "answer_private=$PIN_SANNE|$Q2|Yes, ask Jan at the front desk."
run 0 "$KIOSKCTL" --config "$WORK/a2.toml" status --no-probe
grep -Eq "^backlog: +[1-9]" "$WORK/out" || fail "the offline answer is not waiting in A2's outbox"
drive a2 "pickup=$CODE2"
expect_line "pickup private_answer | $Q2 | Yes, ask Jan at the front desk."
restart_collector
sync_kiosk a2
sync_kiosk a1
[[ "$(collector_sql "SELECT state FROM questions WHERE text = '$Q2';")" == answered_privately ]] ||
    fail "the collector does not hold the offline private answer"
grep -aFq "front desk" "$COLLECTOR_DB" "$COLLECTOR_DB-wal" 2>/dev/null && fail "the private answer is in clear at the collector"
drive a1 questions
refuse_line "$Q2"
drive a1 "pickup=$CODE2"
expect_line "pickup private_answer | $Q2 | Yes, ask Jan at the front desk."
pass "d. answered privately on A2 while offline, synced later; readable with the code on A1, in clear nowhere else"

# ---- e. Two ambassadors answer one question on A1 and A2: the later answer shows everywhere, both are kept.
Q3="Who do I call when the scanner fails?"
drive a1 "ask=$Q3"
sync_kiosk a1
sync_kiosk a2
drive a1 "answer=$PIN_PIET|$Q3|Call the helpdesk on 1234."
sleep 0.05
drive a2 "answer=$PIN_SANNE|$Q3|Ask your floor ambassador first."
sync_kiosk a2  # the later answer reaches the collector first,
sync_kiosk a1  # the earlier one last: the later one still wins
sync_kiosk a2
for kiosk in a1 a2; do
    drive $kiosk questions
    expect_line "public $Q3 | Ask your floor ambassador first. | Sanne | 0"
done
[[ "$(collector_sql "SELECT count(*) FROM question_actions WHERE question = (SELECT id FROM questions WHERE text = '$Q3');")" == 2 ]] ||
    fail "the collector does not keep both answers"
pass "e. Piet (A1) and Sanne (A2, later) answered: Sanne's shows on both kiosks, both kept at the collector"

# ---- f. A forged action is refused: the answer's text changed in A2's outbox after it was signed.
Q4="Is there a manual in Polish?"
drive a1 "ask=$Q4"
sync_kiosk a1
sync_kiosk a2
stop_collector
drive a2 "answer=$PIN_SANNE|$Q4|Yes, on the intranet."
sqlite3 "$WORK/a2.db" "UPDATE events SET payload = json_set(payload, '$.text', 'No.') WHERE type = 'question_moderation' AND state = 0;"
restart_collector
run 0 "$KIOSKCTL" --config "$WORK/a2.toml" sync-now
run 0 "$KIOSKCTL" --config "$WORK/a2.toml" quarantined
grep -q "proof" "$WORK/out" || fail "the forged answer is not quarantined with a reason about its proof"
[[ "$(collector_sql "SELECT state FROM questions WHERE text = '$Q4';")" == new ]] || fail "the forged answer changed the question"
pass "f. an answer altered after signing is refused by the collector and quarantined on A2"

# ---- g. The real kiosk A2 under xvfb-run, tapped like a finger: the Ambassador button (double-tapped: its second
# half must not type a digit on the PIN pad), Sanne's PIN on the pad (dots only), her queue; Lock returns home.
NEWEST_ID=$(collector_sql "SELECT id FROM questions WHERE text = '$Q4';")  # newest first: the top row
cat >"$WORK/inside_x.sh" <<'INNER'
set -euo pipefail
kiosk=$1 work=$2 source_dir=$3 pin=$4 question=$5
source "$source_dir/tests/e2e/lib/kiosk_x11.sh"
export LIBGL_ALWAYS_SOFTWARE=1
targets="$work/targets.txt"
FLOOR_KIOSK_TARGETS_FILE="$targets" "$kiosk" --config "$work/a2.toml" >"$work/kiosk.out" 2>&1 &
pid=$!
trap 'kill -KILL "$pid" 2>/dev/null || true' EXIT
fail() {
    echo "ambassadors: FAIL: $*"
    echo "--- targets:"; cat "$targets" 2>/dev/null || true
    echo "--- kiosk output:"; cat "$work/kiosk.out" || true
    exit 1
}
settle() { sleep 0.5; }  # a press within 350 ms of a screen change is ignored by design
wait_for_screen home "$targets" 30 || fail "no home screen within 30 s"
settle
double_tap_target ambassador "$targets" || fail "home has no Ambassador button"
wait_for_screen pin "$targets" || fail "the Ambassador button did not open the PIN pad"
sleep 0.5
[[ "$(target_label pin:entered "$targets")" != *●* ]] || fail "the second half of the double tap typed a digit"
for ((i = 0; i < ${#pin}; i++)); do
    tap_target "pin:${pin:i:1}" "$targets" || fail "the pad has no key ${pin:i:1}"
    sleep 0.15
done
dots=$(target_label pin:entered "$targets")
[[ "$dots" == "$(printf '●%.0s' $(seq 1 ${#pin}))" ]] || fail "the pad shows '$dots' after ${#pin} digits"
grep -q "$pin" "$targets" && fail "the PIN is in the targets file"
tap_target pin:ok "$targets" || fail "the pad has no OK"
wait_for_screen ambassador_queue "$targets" 15 || fail "the right PIN did not open the queue"
wait_for_target "question:$question" "$targets" || fail "the queue does not show the newest question on top"
settle
tap_target lock "$targets" || fail "the queue has no Lock button"
wait_for_screen home "$targets" || fail "Lock did not return home"
kill -TERM "$pid"
wait "$pid" || fail "the kiosk exited with an error after SIGTERM"
trap - EXIT
INNER
timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" bash "$WORK/inside_x.sh" "$KIOSK" "$WORK" "$SOURCE_DIR" "$PIN_SANNE" "$NEWEST_ID" ||
    fail "the real kiosk part failed (above)"
pass "g. the real kiosk A2 under Xvfb: Ambassador double-tapped, the PIN tapped as dots, Sanne's queue, Lock"

# ---- h. No PIN in clear in any database, log or config.
for pin in "$PIN_SANNE" "$PIN_PIET" "$PIN_BO"; do
    if grep -raFl -- "$pin" "$WORK" >"$WORK/found"; then
        fail "PIN found in clear in: $(tr '\n' ' ' <"$WORK/found")"
    fi
done
pass "h. no PIN in any database, WAL, log or config file"
