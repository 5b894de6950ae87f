#!/usr/bin/env bash
# End-to-end: the central team's dashboard in a real browser against a real collector on loopback, with the demo
# data: sign in, the overview with figures and drawn charts, a news item published through the form that reaches a
# kiosk's outbox with its next sync, a question answered, an alert acknowledged, sign-out; a form without its CSRF
# token refused with 403; an expired session sent to sign-in; no request of the browser leaves loopback.
# Usage: bash tests/e2e/dashboard.sh BUILD_DIR SOURCE_DIR
#
# Debian's chromium and chromium-driver, driven by python3-selenium (tests/e2e/dashboard_browser.py, with Debian's
# /usr/bin/python3: the packaged selenium is there); the kiosk side is `kioskctl sync-now` on a kiosk config.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/collector.sh"

BUILD_DIR=$(cd "${1:?usage: dashboard.sh BUILD_DIR SOURCE_DIR}" && pwd)
SOURCE_DIR=$(cd "${2:?usage: dashboard.sh BUILD_DIR SOURCE_DIR}" && pwd)
COLLECTOR="$BUILD_DIR/collector/kiosk-collector"
KIOSKCTL="$BUILD_DIR/kiosk/kioskctl"
PYTHON=/usr/bin/python3
for binary in "$COLLECTOR" "$KIOSKCTL" /usr/bin/chromium /usr/bin/chromedriver "$PYTHON"; do
    [[ -x "$binary" ]] ||
        { echo "dashboard: FAIL: missing $binary (build kioskctl, kiosk-collector; install chromium-driver)"; exit 1; }
done
for tool in sqlite3 timeout; do
    command -v "$tool" >/dev/null || { echo "dashboard: FAIL: $tool is not installed"; exit 1; }
done
"$PYTHON" -c "import selenium" 2>/dev/null || { echo "dashboard: FAIL: python3-selenium is not installed"; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/floor-dashboard-XXXXXX")
COLLECTOR_PID=""
BROWSER_PID=""
cleanup() {
    if [[ -n "$BROWSER_PID" ]]; then
        kill -TERM "$BROWSER_PID" 2>/dev/null || true
        wait "$BROWSER_PID" 2>/dev/null || true
    fi
    stop_collector
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
    echo "dashboard: FAIL: $*"
    echo "--- last command output:"; cat "$WORK/out" "$WORK/err" 2>/dev/null || true
    echo "--- collector log (tail):"; tail -n 20 "$WORK/collector.log" 2>/dev/null || true
    exit 1
}
pass() { echo "dashboard: PASS: $*"; }

# run WANT_STATUS COMMAND...: its output in $WORK/out and $WORK/err; fails unless it exits with WANT_STATUS.
run() {
    local want=$1 got=0
    shift
    "$@" >"$WORK/out" 2>"$WORK/err" || got=$?
    (( got == want )) || fail "'$*' exited $got, expected $want"
}

DB="$WORK/collector.db"
C=("$COLLECTOR" --db "$DB")

# ---- a. The demo data and its account; the password is printed once.
run 0 "${C[@]}" seed-demo
PASSWORD=$(sed -n 's|.* sign in as demo / \([^ ]*\)$|\1|p' "$WORK/out")
[[ -n "$PASSWORD" ]] || fail "seed-demo printed no password for the account demo"
run 0 "${C[@]}" user list
grep -q "demo" "$WORK/out" || fail "user list does not show the account demo"
pass "a. seed-demo filled the collector and made the account demo"

# ---- b. A kiosk of the demo's Logistics, registered with `kiosk add`, synced once before anything is published.
start_collector "$COLLECTOR" "$DB" "$WORK/collector.log"
run 0 "${C[@]}" kiosk add --id e2e-dashboard-kiosk --department Logistics
TOKEN=$(tail -n 1 "$WORK/out")
[[ -n "$TOKEN" ]] || fail "kiosk add printed no token"
sed -e 's/^kiosk_id = .*/kiosk_id = "e2e-dashboard-kiosk"/' -e 's/^department = .*/department = "Logistics"/' \
    -e "s|^collector_url = .*|collector_url = \"$COLLECTOR_URL\"|" -e "s|^token = .*|token = \"$TOKEN\"|" \
    -e "s|^database_path = .*|database_path = \"$WORK/kiosk.db\"|" "$SOURCE_DIR/config/kiosk.toml" >"$WORK/kiosk.toml"
: >"$WORK/kiosk.db"
run 0 "$KIOSKCTL" --config "$WORK/kiosk.toml" sync-now
grep -q "^feed: ok: " "$WORK/out" || fail "the kiosk's first feed poll did not succeed"
NEWS_TITLE="Nieuws uit de browsertest $(date +%s)"
titled() {
    sqlite3 "file:$WORK/kiosk.db?mode=ro" \
        "SELECT count(*) FROM content WHERE json_extract(document, '$.translations.nl.title') = '$NEWS_TITLE';"
}
(( $(sqlite3 "file:$WORK/kiosk.db?mode=ro" "SELECT count(*) FROM content;") > 0 )) ||
    fail "the kiosk got none of the demo's items"
[[ "$(titled)" == 0 ]] || fail "the kiosk holds the news item before it was published"
pass "b. kiosk e2e-dashboard-kiosk synced the demo's items"

# ---- c. The browser (bounded: chromium start plus a few pages; in the background so INT/TERM stop it at once).
timeout 150 "$PYTHON" "$SOURCE_DIR/tests/e2e/dashboard_browser.py" "$COLLECTOR_URL" demo "$PASSWORD" "$DB" \
    "$NEWS_TITLE" &
BROWSER_PID=$!
browser_status=0
wait "$BROWSER_PID" || browser_status=$?
BROWSER_PID=""
(( browser_status == 0 )) || fail "the browser part failed (status $browser_status, above)"

# ---- d. The news item published in the browser reaches the kiosk with its next sync.
run 0 "$KIOSKCTL" --config "$WORK/kiosk.toml" sync-now
grep -q "^feed: ok: " "$WORK/out" || fail "the kiosk's second feed poll did not succeed"
[[ "$(titled)" == 1 ]] || fail "the kiosk does not hold the news item '$NEWS_TITLE' after sync-now"
pass "d. the news item published in the browser is in the kiosk's outbox database after sync-now"

echo "dashboard: PASS"
