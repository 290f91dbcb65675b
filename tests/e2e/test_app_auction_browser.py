"""Auction seller checks through `jpki up` (seed 002 No.17): a seller signs the seller
agreement once (the wallet shows it), lists items each with the card and PIN, an unregistered
holder cannot list, and once the seller's card is reported lost the platform's change
notification stops the seller: their items leave the sale and a listing is refused. Pages in
English and Japanese pass the page checker."""

from __future__ import annotations

import pytest

from tests.e2e.browser import answer_in_wallet, approve_in_wallet, shown_in_wallet
from tests.e2e.processes import jpki
from tests.e2e.readable import page_problems
from tests.e2e.worlds import up_world_in


@pytest.fixture(scope="module")
def small_world(tmp_path_factory):
    """A world of its own, where a seller may lose their card without another test's noticing."""
    yield from up_world_in(tmp_path_factory.mktemp("auction"), residents="3")


def list_item(page, url, resident, item, price):
    page.goto(f"{url}/sell?lang=en")
    page.get_by_test_id("item").fill(item)
    page.get_by_test_id("price").fill(str(price))
    page.get_by_test_id("list").click()
    approve_in_wallet(page, resident, pin=resident["auth_pin"])
    return page.get_by_test_id("message").inner_text()


def test_signed_registration_pin_per_listing_and_a_lost_card_stops_the_seller(
    small_world, browser_page
):
    url, page = small_world.url("auction"), browser_page
    seller, stranger = small_world.adults()[0], small_world.adults()[1]
    page.goto(f"{url}/?lang=ja")
    assert not page_problems(page)
    page.goto(f"{url}/?lang=en")
    page.get_by_test_id("nickname").fill("camera-shop")
    page.get_by_test_id("register").click()
    assert "Demo Auction seller agreement" in shown_in_wallet(page)
    answer_in_wallet(page, seller, sign_password=seller["sign_password"])
    assert "Registered as a seller" in page.get_by_test_id("message").inner_text()

    assert list_item(page, url, seller, "Film camera", 12000) == "Listed: Film camera (12,000)"
    assert list_item(page, url, seller, "Lens 50mm", 8000).startswith("Listed: Lens 50mm")
    assert "not a registered seller" in list_item(page, url, stranger, "Bicycle", 5000)
    page.goto(f"{url}/?lang=en")
    assert page.get_by_test_id("listing").count() == 2
    assert "camera-shop" in page.get_by_test_id("listing").first.inner_text()
    assert seller["name"] not in page.content()
    page.goto(f"{url}/sell?lang=ja")
    assert not page_problems(page)

    jpki("authority", "event", small_world.directory, "lose-card", seller["id"])
    jpki("authority", "crl", small_world.directory)
    small_world.operator_calls("/v1/revocation/refresh", "/v1/watch")
    page.goto(f"{url}/?lang=en")
    assert page.get_by_test_id("listing").count() == 0
    assert "card-lost" in page.get_by_test_id("stopped").inner_text()
    page.goto(f"{url}/?lang=ja")
    assert not page_problems(page)
    refused = list_item(page, url, seller, "Tripod", 3000)
    assert "certificate-rejected" in refused, refused
