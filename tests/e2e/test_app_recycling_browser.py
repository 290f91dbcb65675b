"""Appliance recycling with eco points through `jpki up` (seed 002 No.15): a holder registers
with the signing password, returns a television and a phone at the collection box with a
PIN-less card touch, and sees the points only after a card login with the PIN; an unregistered
card earns nothing; once the card is reported lost the box refuses it. Pages in English and
Japanese pass the page checker."""

from __future__ import annotations

import pytest

from tests.e2e.browser import approve_in_wallet
from tests.e2e.processes import jpki
from tests.e2e.readable import page_problems
from tests.e2e.worlds import up_world_in


@pytest.fixture(scope="module")
def small_world(tmp_path_factory):
    """A world of its own, where a holder may lose their card without another test's noticing."""
    yield from up_world_in(tmp_path_factory.mktemp("recycling"), residents="3")


def at_box(page, url, resident, kind, lang="en"):
    page.goto(f"{url}/box?box=box-7&lang={lang}")
    page.get_by_test_id("kind").select_option(kind)
    page.get_by_test_id("return").click()
    approve_in_wallet(page, resident, method="pinless")
    return page.get_by_test_id("outcome").inner_text()


def test_box_credits_pinless_points_shown_with_pin_lost_card_refused(small_world, browser_page):
    url, page = small_world.url("recycling"), browser_page
    holder, other = small_world.adults()[0], small_world.adults()[1]
    page.goto(f"{url}/?lang=ja")
    assert not page_problems(page)
    page.goto(f"{url}/?lang=en")
    page.get_by_test_id("register").click()
    approve_in_wallet(page, holder, sign_password=holder["sign_password"])
    assert "Registered" in page.get_by_test_id("message").inner_text()

    assert at_box(page, url, holder, "tv").startswith("Thank you. Eco points credited: 200")
    assert holder["name"] not in page.content()
    said = at_box(page, url, holder, "phone", lang="ja")
    assert "加算したエコポイント: 50" in said
    assert not page_problems(page)
    assert "not registered" in at_box(page, url, other, "tv")

    page.goto(f"{url}/?lang=en")
    page.get_by_test_id("login").click()
    approve_in_wallet(page, holder, pin=holder["auth_pin"])
    assert page.get_by_test_id("balance").inner_text() == "250"
    assert page.get_by_test_id("return-row").count() == 2
    assert "JST" in page.get_by_test_id("return-row").first.inner_text()
    page.goto(f"{url}/me?lang=ja")
    assert not page_problems(page)

    jpki("authority", "event", small_world.directory, "lose-card", holder["id"])
    jpki("authority", "crl", small_world.directory)
    small_world.operator_calls("/v1/revocation/refresh")
    said = at_box(page, url, holder, "fridge")
    assert said.startswith("Card refused: the card's certificate is not valid"), said
    page.goto(f"{url}/me")
    assert page.get_by_test_id("balance").inner_text() == "250"
