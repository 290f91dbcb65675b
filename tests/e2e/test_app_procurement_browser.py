"""E-procurement with an electronic power of attorney (電子委任状) in headless Chromium through
`jpki up`: a representative registers the company and signs a delegation with the card; the
delegate's bid is accepted in scope and refused out of scope, outside the period, from a
resident without a delegation, after the delegation is revoked and after the representative's
certificate is revoked (a move, in a world of its own: the shared world's residents keep their
addresses); every page reads in Japanese."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest

from jpki.profile.numbers import corporate_number_check_digit
from tests.e2e.browser import approve_in_wallet
from tests.e2e.processes import jpki
from tests.e2e.readable import page_problems
from tests.e2e.worlds import up_world_in

JST = dt.timezone(dt.timedelta(hours=9))


def new_corporate_number() -> str:
    body = f"{secrets.randbelow(10**12):012d}"
    return f"{corporate_number_check_digit(body)}{body}"


def register(page, site, boss, number):
    page.goto(f"{site}/?lang=en")
    page.get_by_test_id("company-name").fill("デモ建設株式会社")
    page.get_by_test_id("company-number").fill(number)
    page.get_by_test_id("register").click()
    approve_in_wallet(page, boss, sign_password=boss["sign_password"])
    return page.get_by_test_id("message").inner_text()


def delegate(page, site, boss, number, clerk, scope, start, end):
    page.goto(f"{site}/?lang=en")
    page.get_by_test_id("delegation-company").fill(number)
    page.get_by_test_id("delegate-name").fill(clerk["name"])
    page.get_by_test_id("delegate-birth-date").fill(clerk["birth_date"])
    for category in scope:
        page.get_by_test_id(f"scope-{category}").check()
    page.get_by_test_id("valid-from").fill(start.isoformat())
    page.get_by_test_id("valid-until").fill(end.isoformat())
    page.get_by_test_id("sign-delegation").click()
    approve_in_wallet(page, boss, sign_password=boss["sign_password"])
    return page.get_by_test_id("delegation-number").inner_text()


def bid(page, site, bidder, number, tender="T2026-001", lang="en"):
    page.goto(f"{site}/?lang={lang}")
    page.get_by_test_id(f"bid-company-{tender}").fill(number)
    page.get_by_test_id(f"bid-{tender}").click()
    approve_in_wallet(page, bidder, sign_password=bidder["sign_password"])
    return page.get_by_test_id("verdict").inner_text()


def test_a_delegates_bid_stands_only_under_a_valid_delegation(up_world, browser_page):
    site, page = up_world.url("procurement"), browser_page
    adults = [r for r in up_world.adults() if r.get("birth_date")]
    boss, clerk, other = adults[-1], adults[-2], adults[-3]
    today = dt.datetime.now(JST).date()
    number = new_corporate_number()
    assert "Registered to bid" in register(page, site, boss, number)
    first = delegate(page, site, boss, number, clerk, ["goods", "services"],
                     today - dt.timedelta(days=7), today + dt.timedelta(days=60))  # fmt: skip
    assert page.get_by_test_id("delegate").inner_text() == clerk["name"]

    assert "Bid accepted: signed under a power of attorney" in bid(page, site, clerk, number)
    assert clerk["name"] == page.get_by_test_id("bidder").inner_text()
    assert "does not cover this tender" in bid(page, site, clerk, number, "T2026-003")
    assert "holds no power of attorney" in bid(page, site, other, number)
    assert "signed by the representative" in bid(page, site, boss, number, "T2026-003")
    japanese = bid(page, site, clerk, number, "T2026-002", lang="ja")
    assert "入札書を受け付けました" in japanese
    assert not page_problems(page)

    page.goto(f"{site}/?lang=en")
    page.get_by_test_id(f"revoke-{first}").click()
    approve_in_wallet(page, boss, sign_password=boss["sign_password"])
    assert "revoked" in page.get_by_test_id("message").inner_text()
    assert "was revoked" in bid(page, site, clerk, number)

    delegate(page, site, boss, number, clerk, ["goods"],
             today - dt.timedelta(days=400), today - dt.timedelta(days=100))  # fmt: skip
    assert "not in its period" in bid(page, site, clerk, number)
    delegate(page, site, boss, number, clerk, ["goods"],
             today - dt.timedelta(days=7), today + dt.timedelta(days=60))  # fmt: skip
    assert "Bid accepted" in bid(page, site, clerk, number)

    page.goto(f"{site}/?lang=ja")
    assert "電子委任状" in page.content()
    assert not page_problems(page)
    log = page.get_by_test_id("bid-log").all_inner_texts()
    assert sum("✔" in row for row in log) == 4
    assert sum("✘" in row for row in log) == 4


def test_bad_forms_are_refused_with_a_page_not_a_crash(up_world, browser_page):
    site, page = up_world.url("procurement"), browser_page
    page.goto(f"{site}/?lang=en")
    page.get_by_test_id("company-number").fill("1234567890123")
    page.get_by_test_id("register").click()
    assert "check digit" in page.get_by_test_id("message").inner_text()
    page.goto(f"{site}/?lang=ja")
    page.get_by_test_id("bid-company-T2026-001").fill(new_corporate_number())
    page.get_by_test_id("bid-T2026-001").click()
    assert "入札参加資格の登録がありません" in page.get_by_test_id("message").inner_text()


@pytest.fixture(scope="module")
def small_world(tmp_path_factory):
    """A world of its own: the representative moves, which the shared world's tests would see."""
    yield from up_world_in(tmp_path_factory.mktemp("procurement-move"), residents="5")


def test_a_delegation_falls_when_the_representatives_certificate_is_revoked(
    small_world, browser_page
):
    site, page = small_world.url("procurement"), browser_page
    boss, clerk = [r for r in small_world.adults() if r.get("birth_date")][:2]
    today = dt.datetime.now(JST).date()
    number = new_corporate_number()
    register(page, site, boss, number)
    delegate(page, site, boss, number, clerk, ["goods"],
             today - dt.timedelta(days=7), today + dt.timedelta(days=60))  # fmt: skip
    assert "Bid accepted" in bid(page, site, clerk, number)
    jpki("authority", "event", small_world.directory, "move", boss["id"],
         "--address", "東京都港区芝公園4丁目2番8号")  # fmt: skip
    jpki("authority", "crl", small_world.directory)
    assert small_world.operator_calls("/v1/revocation/refresh")[0]["loaded"] >= 2
    assert "representative's certificate" in bid(page, site, clerk, number)
    assert "入札書を受け付けられません" in bid(page, site, clerk, number, lang="ja")
    assert not page_problems(page)
