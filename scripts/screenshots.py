"""Remake the screenshots in docs/screenshots/: start `jpki up` on a fresh data folder, walk
the main pages in headless Chromium (Japanese and English) and save each as PNG.

    .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
URL = re.compile(r"^\s+(\S+)\s+(https?://\S+)/")


def start(data: Path) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """`jpki up` on `data`, and the URL of each service once it has printed them all."""
    process = subprocess.Popen(
        [sys.executable, "-m", "jpki.cli", "up", "--data", str(data), "--residents", "6"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    urls: dict[str, str] = {}
    assert process.stdout is not None
    for line in process.stdout:
        if match := URL.match(line):
            urls[match.group(1)] = match.group(2)
        if line.startswith("Ctrl-C"):
            return process, urls
    raise SystemExit("jpki up ended before it was up")


def shoot(page: Page, name: str) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=OUT / f"{name}.png", full_page=True)
    print(f"docs/screenshots/{name}.png")


def answer(page: Page, resident: dict[str, str], *, pin: bool, password: bool) -> None:
    page.get_by_test_id("same-device").click()
    page.get_by_test_id("card").select_option(resident["id"])
    if pin:
        page.get_by_test_id("pin").fill(resident["auth_pin"])
    if password:
        page.get_by_test_id("sign-password").fill(resident["sign_password"])


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        process, urls = start(Path(folder))
        try:
            residents = json.loads((Path(folder) / "residents.json").read_text())
            adult = next(r for r in residents if r["sign"])
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
                page = browser.new_context(locale="ja-JP", viewport={"width": 1100, "height": 800}).new_page()
                page.goto(urls["home"] + "/")
                shoot(page, "front-door")
                page.goto(urls["bank"] + "/")
                page.get_by_test_id("open-savings").first.click()
                answer(page, adult, pin=False, password=True)
                shoot(page, "wallet-signing-request")
                page.get_by_test_id("approve").click()
                page.get_by_test_id("opened").wait_for()
                shoot(page, "bank-account-opened")
                page.goto(urls["demo-rp"] + "/?lang=en")
                page.get_by_test_id("login-pin").click()
                answer(page, adult, pin=True, password=True)
                page.get_by_test_id("approve").click()
                page.wait_for_url("**/login/*/continue*")
                page.goto(page.url + ("&" if "?" in page.url else "?") + "lang=en")
                shoot(page, "idp-consent")
                page.get_by_test_id("approve").click()
                page.get_by_test_id("claim-sub").wait_for()
                shoot(page, "demo-rp-claims")
                page.goto(urls["platform"] + "/console?lang=ja")
                shoot(page, "platform-console-login")
                browser.close()
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
            time.sleep(0.1)


if __name__ == "__main__":
    main()
