"""The information bank's smart drive through `jpki up` (seed 002 No.11): a driver registers,
deposits drives, signs a consent for the insurer naming the data and the period (the wallet
shows the text); the insurer, signed in with its key, receives only the consented items; the
car-sharing company, named in no consent, receives nothing; after the driver withdraws, the
insurer is refused, and the driver sees the one disclosure. Pages in English and Japanese pass
the page checker."""

from __future__ import annotations

import httpx

from tests.e2e.browser import answer_in_wallet, approve_in_wallet, shown_in_wallet
from tests.e2e.readable import page_problems


def recipient_signs_in(page, url, world, recipient):
    key = (world.directory / "apps" / "infobank" / f"recipient-{recipient}-key").read_text()
    page.goto(f"{url}/recipients/{recipient}?lang=en")
    page.get_by_test_id("recipient-key").fill(key.strip())
    page.get_by_test_id("sign-in").click()
    return key.strip()


def driver_consents_to_the_insurer(page, url, driver):
    """Register, log in, deposit two drives, sign a consent for the insurer (distance and
    braking, 30 days) as the wallet shows it."""
    page.goto(f"{url}/?lang=ja")
    assert not page_problems(page)
    page.goto(f"{url}/?lang=en")
    page.get_by_test_id("register").click()
    approve_in_wallet(page, driver, sign_password=driver["sign_password"])
    assert "Account opened" in page.get_by_test_id("message").inner_text()
    page.goto(f"{url}/?lang=en")
    page.get_by_test_id("login").click()
    approve_in_wallet(page, driver, pin=driver["auth_pin"])
    for km, brakes, night in (("42", "3", True), ("18", "0", False)):
        page.get_by_test_id("km").fill(km)
        page.get_by_test_id("hard-brakes").fill(brakes)
        page.get_by_test_id("speeding").fill("1")
        if night:
            page.get_by_test_id("night").check()
        page.get_by_test_id("deposit").click()
    assert page.get_by_test_id("drive").count() == 2

    page.get_by_test_id("consent-recipient").select_option("insurer")
    page.get_by_test_id("item-distance").check()
    page.get_by_test_id("item-braking").check()
    page.get_by_test_id("days").fill("30")
    page.get_by_test_id("consent").click()
    shown = shown_in_wallet(page)
    assert "Recipient / 提供先: Demo Mutual" in shown
    assert "distance driven (km), hard braking (times)" in shown
    assert "Period / 期間:" in shown
    answer_in_wallet(page, driver, sign_password=driver["sign_password"])
    assert page.get_by_test_id("consent-state").inner_text() == "in force"
    page.goto(f"{url}/me?lang=ja")
    assert not page_problems(page)


def test_data_only_under_a_signed_consent_in_force_and_each_disclosure_shown(
    up_world, browser_page
):
    url, page = up_world.url("infobank"), browser_page
    driver = up_world.adults()[2]
    driver_consents_to_the_insurer(page, url, driver)
    page.goto(f"{url}/recipients/insurer?lang=ja")
    assert "recipient-insurer-key" in page.get_by_test_id("key-file").inner_text()
    assert not page_problems(page)
    key = recipient_signs_in(page, url, up_world, "insurer")
    page.get_by_test_id("fetch").click()
    received = page.get_by_test_id("received").inner_text()
    assert "distance driven (km): 60" in received
    assert "hard braking (times): 3" in received
    assert "speeding" not in received
    assert "night" not in received
    assert driver["name"] not in page.content()
    token = page.get_by_test_id("recipient-consent").locator("code").inner_text()
    page.goto(f"{url}/recipients/insurer?lang=ja")
    assert not page_problems(page)
    api = f"{url}/api/recipients/insurer/drivers/{token}"
    assert httpx.get(api).status_code == 401
    given = httpx.get(api, headers={"Authorization": f"Bearer {key}"})
    assert given.json()["values"] == {"distance": 60, "braking": 3}

    recipient_signs_in(page, url, up_world, "carshare")
    assert page.get_by_test_id("recipient-consent").count() == 0
    assert (
        httpx.get(
            f"{url}/api/recipients/carshare/drivers/{token}",
            headers={"Authorization": f"Bearer {key}"},
        ).status_code
        == 401
    )  # the insurer's key is not the car-sharing company's

    page.goto(f"{url}/me?lang=en")
    page.get_by_test_id("withdraw").click()
    assert "withdrawn" in page.get_by_test_id("consent-state").inner_text()
    refused = httpx.get(api, headers={"Authorization": f"Bearer {key}"})
    assert refused.status_code == 403
    assert "withdrew" in refused.json()["message"]
    recipient_signs_in(page, url, up_world, "insurer")
    page.get_by_test_id("fetch").click()
    assert "withdrew this consent" in page.get_by_test_id("message").inner_text()
    page.goto(f"{url}/me?lang=en")
    assert page.get_by_test_id("disclosure").count() == 2  # the page's and the API's
