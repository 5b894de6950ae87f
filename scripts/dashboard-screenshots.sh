#!/usr/bin/env bash
# Full-page screenshots of every dashboard page with the demo data, in Debian's headless Chromium, 1280 and 1920 wide.
# Usage: scripts/dashboard-screenshots.sh [OUT_DIR] (default out/dashboard-screenshots); FLOOR_BUILD_DIR picks the
# build (default build/), FLOOR_SCREENSHOT_WIDTHS the widths (default "1280 1920"). Files: OUT_DIR/PAGE-WIDTH.png.
#
# A throw-away collector (kiosk-collector serve on a temporary SQLite database, 127.0.0.1, a free port) filled with
# `kiosk-collector seed-demo`, signed in as its account demo, driven by python3-selenium (Debian's /usr/bin/python3)
# with chromium-driver. Pages: sign-in, overview (weekly, daily, filtered to a site and a department), questions,
# kiosks, alerts, publishing (the list, a new item of each kind, editing one) and ambassadors.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${FLOOR_BUILD_DIR:-build}
out_dir=${1:-out/dashboard-screenshots}
widths=${FLOOR_SCREENSHOT_WIDTHS:-"1280 1920"}
if [[ ! -x "$build_dir/collector/kiosk-collector" ]]; then
    echo "dashboard-screenshots: kiosk-collector is missing in $build_dir; building it" >&2
    cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$build_dir" -j"$(nproc)" --target kiosk-collector
fi
for binary in /usr/bin/chromium /usr/bin/chromedriver /usr/bin/python3; do
    [[ -x "$binary" ]] ||
        { echo "dashboard-screenshots: $binary is missing (chromium, chromium-driver, python3-selenium)" >&2; exit 1; }
done
collector=$(cd "$build_dir" && pwd)/collector/kiosk-collector
mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/dashboard-shots.XXXXXX")
collector_pid=
cleanup() {
    if [[ -n "$collector_pid" ]]; then
        kill -TERM "$collector_pid" 2>/dev/null || true
        wait "$collector_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$collector" --db "$work/collector.db" seed-demo >"$work/seed.out"
password=$(sed -n 's|.* sign in as demo / \([^ ]*\)$|\1|p' "$work/seed.out")
[[ -n "$password" ]] ||
    { echo "dashboard-screenshots: seed-demo printed no password" >&2; cat "$work/seed.out" >&2; exit 1; }
"$collector" --db "$work/collector.db" --listen 127.0.0.1:0 >"$work/collector.log" 2>&1 &
collector_pid=$!
url=""
for _ in $(seq 1 200); do
    url=$(sed -n 's|.*listening on \(http://127\.0\.0\.1:[0-9]*\).*|\1|p' "$work/collector.log")
    [[ -n "$url" ]] && break
    kill -0 "$collector_pid" 2>/dev/null || { cat "$work/collector.log" >&2; exit 1; }
    sleep 0.05
done
[[ -n "$url" ]] || { echo "dashboard-screenshots: the collector did not say where it listens" >&2; exit 1; }

cat >"$work/shots.py" <<'PY'
# Signs in once per width and saves a full-page screenshot of each page (the window made as tall as the page).
import shutil, sys, tempfile, time
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

base, password, out_dir, widths = sys.argv[1], sys.argv[2], sys.argv[3], [int(w) for w in sys.argv[4].split()]
kinds = ["announcement", "why", "milestone", "training", "you_said_we_did"]
pages = ([("overview-weekly", "/dashboard/"),
          ("overview-daily", "/dashboard/?granularity=daily"),
          ("overview-filtered", "/dashboard/?site=Rotterdam&department=Logistics&granularity=weekly"),
          ("questions", "/dashboard/questions"),
          ("kiosks", "/dashboard/kiosks"),
          ("alerts", "/dashboard/alerts"),
          ("publish", "/dashboard/publish")] +
         [(f"publish-new-{kind}", f"/dashboard/publish/new?kind={kind}") for kind in kinds] +
         [("ambassadors", "/dashboard/ambassadors")])

def viewport(driver, width, height):
    # Exactly this viewport (a window's size would include the browser's own frame).
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

def shoot(driver, width, name):
    viewport(driver, width, 800)
    time.sleep(0.3)
    height = driver.execute_script("return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)")
    viewport(driver, width, height)
    time.sleep(0.7)  # the charts redraw for the new size
    driver.save_screenshot(f"{out_dir}/{name}-{width}.png")
    print(f"{name}-{width}.png ({width}x{height})")

for width in widths:
    profile = tempfile.mkdtemp(prefix="floor-dashboard-shots-")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                     "--disable-background-networking", "--hide-scrollbars", f"--user-data-dir={profile}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.get(base + "/dashboard/signin")
        shoot(driver, width, "signin")
        driver.find_element(By.ID, "signin-name").send_keys("demo")
        driver.find_element(By.ID, "signin-password").send_keys(password)
        driver.find_element(By.CSS_SELECTOR, "form.signin-form button[type=submit]").click()
        for name, path in pages:
            driver.get(base + path)
            shoot(driver, width, name)
        # Editing an item: the first Edit link of the publishing list.
        driver.get(base + "/dashboard/publish")
        edit = driver.find_elements(By.CSS_SELECTOR, "a[href^='/dashboard/publish/edit?id=']")
        if edit:
            driver.get(edit[0].get_attribute("href"))
            shoot(driver, width, "publish-edit")
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
PY
timeout 300 /usr/bin/python3 "$work/shots.py" "$url" "$password" "$out_dir" "$widths"
echo "dashboard-screenshots: written to $out_dir"
