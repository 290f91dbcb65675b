"""The life insurer through `jpki up`: a policy applied for with the card in Chromium, a
move at the authority, then the change notification (signed webhook) and the batch status
check before a mailing both saying "details changed" (seed 002's table)."""

from __future__ import annotations

import json

import httpx

from tests.e2e.browser import approve_in_wallet
from tests.e2e.processes import jpki


def test_policy_then_move_seen_by_notification_and_status_check(up_world, browser_page):
    insurer, page = up_world.url("insurer"), browser_page
    holder = up_world.adults()[6]
    page.goto(f"{insurer}/")
    page.get_by_test_id("apply").click()
    approve_in_wallet(page, holder, sign_password=holder["sign_password"])
    number = page.get_by_test_id("message").inner_text().split()[-1]
    page.goto(f"{insurer}/")
    assert "alive-unchanged" in page.get_by_test_id(f"policy-{number}").inner_text()

    jpki("authority", "event", up_world.directory, "move", holder["id"],
         "--address", "神奈川県横浜市中区山下町２番地")  # fmt: skip
    jpki("authority", "crl", up_world.directory)
    platform = up_world.url("platform")
    settings = json.loads((up_world.directory / "platform" / "settings.json").read_text())
    operator = {"Authorization": f"Bearer {settings['admin_token']}"}
    with httpx.Client(timeout=30) as client:
        assert (
            client.post(f"{platform}/v1/revocation/refresh", headers=operator).json()["loaded"] >= 2
        )
        watched = client.post(f"{platform}/v1/watch", headers=operator).json()
    assert watched["delivered"] >= 1

    page.goto(f"{insurer}/")
    assert "details-changed" in page.get_by_test_id(f"policy-{number}").inner_text()
    assert number in page.get_by_test_id("notification").first.inner_text()

    page.get_by_test_id("status-check").click()
    assert page.get_by_test_id("summary-details-changed").is_visible()
    assert page.get_by_test_id("report-receipt").inner_text()


def test_a_forged_notification_is_refused(up_world):
    insurer = up_world.url("insurer")
    forged = httpx.post(f"{insurer}/hooks/jpki", content=b'{"data": {}}',
                        headers={"x-jpki-webhook-timestamp": "1", "x-jpki-webhook-signature": "v1=00"})  # fmt: skip
    assert forged.status_code == 400
