#!/usr/bin/python3
# The dashboard in Debian's headless Chromium (python3-selenium, chromium-driver), driven like a person would: sign in,
# read the overview, publish a news item, answer a question, acknowledge an alert, sign out; a form without its CSRF
# token is refused; an expired session goes to sign-in; every request the browser made stayed on loopback.
# Usage: dashboard_browser.py BASE_URL NAME PASSWORD COLLECTOR_DB NEWS_TITLE
# (run by tests/e2e/dashboard.sh; COLLECTOR_DB is the collector's SQLite file, to expire the session in it).
import json
import re
import shutil
import sqlite3
import sys
import tempfile
import urllib.parse

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BASE, NAME, PASSWORD, DB, NEWS_TITLE = sys.argv[1:6]
ORIGIN = urllib.parse.urlsplit(BASE)


def fail(message):
    print(f"dashboard: FAIL: {message}")
    sys.exit(1)


def passed(message):
    print(f"dashboard: PASS: {message}")


def start_browser(profile):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
                     "--disable-sync", "--metrics-recording-only", "--no-default-browser-check",
                     f"--user-data-dir={profile}", "--window-size=1280,1000"):
        options.add_argument(argument)
    # Every network event of the page, to check afterwards that nothing left loopback.
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


class Recorder:
    """Keeps every request URL and response status the browser's performance log reports."""

    def __init__(self, driver):
        self.driver = driver
        self.requests = []   # every URL requested
        self.responses = []  # (url, status)

    def collect(self):
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            params = message.get("params", {})
            if message.get("method") == "Network.requestWillBeSent":
                self.requests.append(params["request"]["url"])
            elif message.get("method") == "Network.responseReceived":
                self.responses.append((params["response"]["url"], params["response"]["status"]))

    def status_of(self, path):
        self.collect()
        found = [status for url, status in self.responses if urllib.parse.urlsplit(url).path == path]
        return found[-1] if found else None


def wait_for(driver, condition, what, seconds=10):
    try:
        return WebDriverWait(driver, seconds).until(lambda d: condition(d))
    except TimeoutException:
        fail(f"{what} (at {driver.current_url}); the page says: {driver.find_element(By.TAG_NAME, 'body').text[:600]}")


def path_of(driver):
    return urllib.parse.urlsplit(driver.current_url).path


def sign_in(driver):
    driver.get(BASE + "/dashboard/")
    wait_for(driver, lambda d: path_of(d) == "/dashboard/signin", "the overview did not send a new browser to sign-in")
    driver.find_element(By.ID, "signin-name").send_keys(NAME)
    driver.find_element(By.ID, "signin-password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form.signin-form button[type=submit]").click()
    wait_for(driver, lambda d: path_of(d) == "/dashboard/", "signing in did not lead to the overview")


def check_overview(driver):
    # A figure cell: "3.6 (245)" or a count; "too few responses" cells do not count.
    cells = [cell.text.strip() for cell in driver.find_elements(By.CSS_SELECTOR, "main table td")]
    figures = [text for text in cells if re.fullmatch(r"\d\.\d \(\d+\)", text)]
    if not figures:
        fail(f"the overview shows no confidence figure in its tables (cells: {cells[:20]})")
    if "too few responses" not in cells:
        fail("the overview hides nothing, but the demo has a department below the threshold")
    # The charts are drawn by the collector's own script from the page's JSON blocks: count painted pixels.
    painted = wait_for(driver, lambda d: d.execute_script("""
        const canvases = Array.from(document.querySelectorAll('canvas'));
        if (canvases.length === 0) return null;
        return canvases.map(c => {
            const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) n++;
            return n;
        });""") or None, "the overview has no chart canvas")
    if min(painted) < 1000:
        fail(f"a chart is not drawn (painted pixels per canvas: {painted})")
    passed(f"the overview shows figures ({figures[0]}, ...) and {len(painted)} drawn charts")


def publish_news(driver):
    driver.get(BASE + "/dashboard/publish")
    driver.find_element(By.CSS_SELECTOR, "a[href='/dashboard/publish/new?kind=announcement']").click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "title-nl") or d.find_elements(By.ID, "title-new"),
             "the news form has no title field")
    everyone = driver.find_elements(By.CSS_SELECTOR, "input[name=audience_scope][value=everyone]")
    if everyone:
        everyone[0].click()
    titles = driver.find_elements(By.ID, "title-nl")
    if titles:
        titles[0].send_keys(NEWS_TITLE)
        driver.find_element(By.ID, "body-nl").send_keys("Gepubliceerd vanuit de browsertest.")
    else:
        driver.find_element(By.ID, "new-language").clear()
        driver.find_element(By.ID, "new-language").send_keys("nl")
        driver.find_element(By.ID, "title-new").send_keys(NEWS_TITLE)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait_for(driver, lambda d: path_of(d) == "/dashboard/publish" and NEWS_TITLE in d.page_source,
             "the published news item is not in the publishing list")
    passed(f"published the news item '{NEWS_TITLE}' through the form")


def answer_question(driver):
    driver.get(BASE + "/dashboard/questions")
    forms = driver.find_elements(By.CSS_SELECTOR, "form.answer-form")
    if not forms:
        fail("the questions page offers no answer form")
    form = forms[0]
    question_id = form.find_element(By.CSS_SELECTOR, "input[name=id]").get_attribute("value")
    details = form.find_element(By.XPATH, "ancestor::details[1]")
    if details.get_attribute("open") is None:
        details.find_element(By.TAG_NAME, "summary").click()
    answer = "Beantwoord vanuit de browsertest."
    form.find_element(By.NAME, "text").send_keys(answer)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(driver, lambda d: path_of(d) == "/dashboard/questions" and "notice=" in d.current_url,
             "answering did not return to the questions page with a notice")
    with sqlite3.connect(f"file:{DB}?mode=ro", uri=True) as db:
        row = db.execute("SELECT state, answer FROM questions WHERE id = ?", (question_id,)).fetchone()
    if row is None or row[1] != answer:
        fail(f"question {question_id} holds {row} after answering it in the browser")
    passed(f"answered question {question_id} (now '{row[0]}')")


def alert_keys(driver):
    keys = driver.find_elements(By.CSS_SELECTOR, "form[action='/dashboard/alerts/ack'] input[name=key]")
    return [key.get_attribute("value") for key in keys]


def refuse_without_csrf(driver, recorder):
    driver.get(BASE + "/dashboard/alerts")
    keys = alert_keys(driver)
    if not keys:
        fail("the alerts page shows no alert to acknowledge (the demo has several)")
    # The same form, its hidden token removed, posted by the browser itself.
    driver.execute_script("""
        const form = document.querySelector("form[action='/dashboard/alerts/ack']");
        form.querySelector("input[name=csrf]").remove();
        form.submit();""")
    wait_for(driver, lambda d: recorder.status_of("/dashboard/alerts/ack") is not None,
             "the form without its token got no reply")
    status = recorder.status_of("/dashboard/alerts/ack")
    if status != 403:
        fail(f"the acknowledgement without its CSRF token was answered {status}, not 403")
    driver.get(BASE + "/dashboard/alerts")
    if alert_keys(driver) != keys:
        fail("the refused form changed the alerts")
    with sqlite3.connect(f"file:{DB}?mode=ro", uri=True) as db:
        if db.execute("SELECT count(*) FROM alert_acks").fetchone()[0] != 0:
            fail("the refused form stored an acknowledgement")
    passed("a form posted without its CSRF token was refused with 403, nothing changed")
    return keys


def acknowledge_alert(driver, keys):
    driver.get(BASE + "/dashboard/alerts")
    key = keys[0]
    driver.find_element(By.XPATH, f"//form[@action='/dashboard/alerts/ack'][input[@name='key'][@value='{key}']]"
                                  "//button[@type='submit']").click()
    wait_for(driver, lambda d: path_of(d) == "/dashboard/alerts" and key not in alert_keys(d),
             f"alert {key} is still open after acknowledging it")
    with sqlite3.connect(f"file:{DB}?mode=ro", uri=True) as db:
        row = db.execute("SELECT by_name FROM alert_acks WHERE alert_key = ?", (key,)).fetchone()
    if row is None or row[0] != NAME:
        fail(f"alert {key} is not acknowledged by {NAME} in the database ({row})")
    if NAME not in driver.find_element(By.TAG_NAME, "main").text:
        fail("the alerts page does not say who acknowledged")
    passed(f"acknowledged alert {key}; the page and the database say by {NAME}")


def sign_out(driver):
    driver.find_element(By.CSS_SELECTOR, "form.signout-form button[type=submit]").click()
    wait_for(driver, lambda d: path_of(d) == "/dashboard/signin", "signing out did not lead to sign-in")
    driver.get(BASE + "/dashboard/kiosks")
    wait_for(driver, lambda d: path_of(d) == "/dashboard/signin", "after sign-out the kiosks page is still shown")
    passed("signed out; the pages send to sign-in again")


def expire_session(driver):
    sign_in(driver)
    # Idle for longer than session_idle_minutes, as the collector sees it: its last use long ago (the sessions live in
    # the database). Waiting the real minutes would make the test slow.
    with sqlite3.connect(DB) as db:
        changed = db.execute("UPDATE sessions SET last_used = '2020-01-01T00:00:00.000Z'").rowcount
    if changed != 1:
        fail(f"expected one session in the database, found {changed}")
    driver.get(BASE + "/dashboard/kiosks")
    wait_for(driver, lambda d: path_of(d) == "/dashboard/signin", "an expired session still sees the kiosks page")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(driver.current_url).query)
    if query.get("next") != ["/dashboard/kiosks"]:
        fail(f"sign-in after expiry does not return to the kiosks page: {driver.current_url}")
    passed(f"an expired session was sent to sign-in ({driver.current_url})")


def check_loopback(recorder):
    recorder.collect()
    # chrome://, data: and about: are the browser's own pages (its start page), never the network; everything else
    # must be the collector on loopback.
    local_schemes = ("chrome", "chrome-untrusted", "devtools", "data", "about", "blob")
    outside = [url for url in recorder.requests
               if urllib.parse.urlsplit(url).scheme not in local_schemes and
               urllib.parse.urlsplit(url).hostname != "127.0.0.1"]
    if outside:
        fail(f"the browser requested outside loopback: {sorted(set(outside))[:10]}")
    if not recorder.requests:
        fail("the performance log recorded no requests")
    network = [url for url in recorder.requests if urllib.parse.urlsplit(url).scheme not in local_schemes]
    hosts = sorted({urllib.parse.urlsplit(url).netloc for url in network})
    if hosts != [ORIGIN.netloc]:
        fail(f"the pages were loaded from {hosts}, expected only {ORIGIN.netloc}")
    passed(f"all {len(network)} network requests of the browser went to {ORIGIN.netloc}")


def main():
    profile = tempfile.mkdtemp(prefix="floor-dashboard-chromium-")
    driver = None
    try:
        driver = start_browser(profile)
        driver.set_page_load_timeout(30)
        recorder = Recorder(driver)
        sign_in(driver)
        passed(f"signed in as {NAME}")
        check_overview(driver)
        publish_news(driver)
        answer_question(driver)
        keys = refuse_without_csrf(driver, recorder)
        acknowledge_alert(driver, keys)
        sign_out(driver)
        expire_session(driver)
        check_loopback(recorder)
    finally:
        if driver is not None:
            driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


main()
