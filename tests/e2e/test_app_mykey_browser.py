"""The MyKey platform through `jpki up` (seed 000): a holder registers and gets the MyKey ID
of the card's authentication certificate; the library links its card number and looks it up
by card; shopping-street points become local-government points; the holder reserves an ID
of their own, a municipal counter writes it into the card, and the next login confirms it
with the service IDs kept; a lost card ends the MyKey ID and the partners are told."""

from __future__ import annotations

import re

import httpx

from tests.e2e.browser import approve_in_wallet
from tests.e2e.processes import jpki
from tests.e2e.service_steps import mykey_log_in as log_in


def at_counter(page, url, service, action, resident, pinless=False, **fields):
    page.goto(f"{url}/services/{service}")
    for field, value in fields.items():
        page.get_by_test_id(field).fill(value)
    page.get_by_test_id(action).click()
    if pinless:
        approve_in_wallet(page, resident, method="pinless")
    else:
        approve_in_wallet(page, resident, pin=resident["auth_pin"])
    return page.get_by_test_id("done").inner_text()


def test_mykey_id_services_points_chosen_id_and_revocation(up_world, browser_page):
    url, page = up_world.url("mykey"), browser_page
    holder = up_world.adults()[9]
    assert not holder["name"].isascii()
    page.goto(f"{url}/")
    page.get_by_test_id("register").click()
    approve_in_wallet(page, holder, sign_password=holder["sign_password"])
    approve_in_wallet(page, holder, pin=holder["auth_pin"])  # the login that reads the MyKey ID
    default_id = page.get_by_test_id("mykey-id").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{14}", default_id)  # given by the service, not the card's CN

    said = at_counter(page, url, "library", "link", holder, **{"service-id": "LIB-000123"})
    assert said == f"Linked: LIB-000123 → {default_id}"
    assert (
        at_counter(page, url, "library", "lookup", holder, pinless=True)
        == "Service ID: LIB-000123 (0)"
    )
    at_counter(page, url, "shopping", "link", holder, **{"service-id": "SHOP-77"})
    said = at_counter(page, url, "shopping", "earn", holder, pinless=True, **{"earn-points": "500"})
    assert said == "Balance: 500"

    log_in(page, url, holder)
    page.get_by_test_id("link-shopping").get_by_test_id("convert-points").fill("300")
    page.get_by_test_id("link-shopping").get_by_test_id("convert").click()
    assert page.get_by_test_id("message").inner_text().endswith("300")
    page.goto(f"{url}/me")
    assert page.get_by_test_id("local-points").inner_text() == "300"
    assert page.get_by_test_id("link-shopping").get_by_test_id("points").inner_text() == "200"

    page.get_by_test_id("chosen").fill("HANAKOLIBRARY1")
    page.get_by_test_id("reserve").click()
    assert "HANAKOLIBRARY1" in page.get_by_test_id("provisional").inner_text()
    jpki("authority", "mykey", up_world.directory, holder["id"], "--id", "HANAKOLIBRARY1")
    # The new certificate replaces the old one: the platform learns it from the CRLs.
    jpki("authority", "crl", up_world.directory)
    up_world.operator_calls("/v1/revocation/refresh", "/v1/linkage/follow")
    log_in(page, url, holder)
    assert page.get_by_test_id("mykey-id").inner_text() == "HANAKOLIBRARY1"
    assert "confirmed with your card" in page.get_by_test_id("kind").inner_text()
    assert (
        at_counter(page, url, "library", "lookup", holder, pinless=True)
        == "Service ID: LIB-000123 (0)"
    )

    jpki("authority", "event", up_world.directory, "lose-card", holder["id"])
    jpki("authority", "crl", up_world.directory)
    up_world.operator_calls("/v1/revocation/refresh", "/v1/watch")
    notices = httpx.get(f"{url}/api/services/library/notices").json()
    assert [(n["service_id"], n["situation"]) for n in notices] == [("LIB-000123", "card-lost")]
    page.goto(f"{url}/services/shopping")
    assert "SHOP-77" in page.get_by_test_id("notice").inner_text()
