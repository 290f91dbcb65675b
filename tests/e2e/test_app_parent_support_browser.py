"""Parent support on a TV-style page in headless Chromium through `jpki up`, driven only by the
keys a remote has (arrows and Enter): the notices to every parent, a pregnancy notification in
three choices signed with the card, the personal notices that answer it, shown again at the
notifier's next card login and never to another resident; the pages read in Japanese."""

from __future__ import annotations

import pytest

from tests.e2e.browser import approve_in_wallet
from tests.e2e.readable import page_problems
from tests.e2e.worlds import up_world_in


@pytest.fixture(scope="module")
def tv_world(tmp_path_factory):
    """A world of its own: in the shared one, whichever tests ran first may have moved or locked
    the mother's signing certificate (CI once found the wallet refusing her signature)."""
    yield from up_world_in(tmp_path_factory.mktemp("parent-support"), residents="6")


def focused(page) -> str:
    return str(page.evaluate("document.activeElement.dataset.testid"))


def remote(page, *keys: str) -> None:
    """Press the remote's keys; Enter picks the focused choice and waits for the next page."""
    for key in keys:
        if key == "Enter":
            with page.expect_navigation():
                page.keyboard.press(key)
        else:
            page.keyboard.press(key)


def log_in(page, url, resident):
    page.goto(f"{url}/?lang=en")
    remote(page, "ArrowDown", "ArrowDown")
    assert focused(page) == "login"
    remote(page, "Enter")
    approve_in_wallet(page, resident, pin=resident["auth_pin"])
    page.get_by_test_id("home").wait_for()


def test_a_pregnancy_notification_filed_with_the_remote_brings_personal_notices(
    tv_world, browser_page
):
    url, page = tv_world.url("parent_support"), browser_page
    adults = tv_world.adults()
    mother = next(r for r in reversed(adults) if r.get("sex") == "2")
    neighbour = next(r for r in adults if r["id"] != mother["id"])

    page.goto(f"{url}/?lang=en")
    assert focused(page) == "notices"
    remote(page, "Enter")
    assert page.get_by_test_id("general").count() == 3
    assert page.get_by_test_id("log-in-for-yours").is_visible()
    page.goto(f"{url}/?lang=en")
    remote(page, "ArrowDown")
    assert focused(page) == "apply"
    remote(page, "Enter")
    remote(page, "ArrowDown")  # 2 months → 3 months
    assert focused(page) == "months-3"
    remote(page, "Enter")
    assert focused(page) == "clinic-city-hospital"
    remote(page, "ArrowDown", "ArrowUp", "ArrowUp", "Enter")  # ▲ stops at the first choice
    assert page.get_by_test_id("chosen-months").inner_text() == "3 months"
    assert page.get_by_test_id("chosen-clinic").inner_text() == "Demo City Hospital"
    assert focused(page) == "sign"
    remote(page, "Enter")
    approve_in_wallet(page, mother, sign_password=mother["sign_password"])
    assert "received" in page.get_by_test_id("done").inner_text()
    assert page.get_by_test_id("name").inner_text() == mother["name"]
    assert page.get_by_test_id("address").inner_text() == mother["address"]
    remote(page, "Enter")  # the first choice: the notices
    assert (
        "maternal and child health handbook" in page.get_by_test_id("personal").first.inner_text()
    )

    page.goto(f"{url}/notices?lang=ja")
    assert "母子健康手帳" in page.content()
    assert not page_problems(page)
    page.goto(f"{url}/?lang=en")
    page.get_by_test_id("logout").click()

    log_in(page, url, neighbour)
    page.goto(f"{url}/notices?lang=en")
    assert page.get_by_test_id("none-yours").is_visible()
    assert mother["name"] not in page.content()
    page.goto(f"{url}/?lang=en")
    page.get_by_test_id("logout").click()

    log_in(page, url, mother)
    page.goto(f"{url}/notices?lang=en")
    assert page.get_by_test_id("personal").count() == 2
    page.get_by_test_id("notification").first.click()
    assert page.get_by_test_id("name").inner_text() == mother["name"]
    page.goto(f"{url}/apply?months=3&lang=ja")
    assert "どこで診断を受けましたか" in page.content()
    assert not page_problems(page)
