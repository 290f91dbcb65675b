"""Driving-licence data on the card (マイナ免許証) in headless Chromium through `jpki up`: the
licensing centre checks the card's certificate with the PIN and records the signed licence in
the card's free area; the counter reads it with the holder's licence PIN and shows it verified;
an altered record and a record copied onto another card are refused; English and Japanese."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from jpki.card.store import ImageStore
from jpki.clock import JST
from jpki.profile.licence import LICENCE_AID, RECORD_FILE
from tests.e2e.readable import page_problems

EXPIRY = (dt.datetime.now(JST).date() + dt.timedelta(days=1000)).isoformat()
"""An expiry well after today, whatever day the test runs."""


def record_licence(page, licence: str, resident: dict, number: str) -> None:
    page.goto(f"{licence}/")
    page.get_by_test_id("reader").select_option(resident["id"])
    page.get_by_test_id("pin").fill(resident["auth_pin"])
    page.get_by_test_id("number").fill(number)
    page.get_by_test_id("category-ORDINARY").check()
    page.get_by_test_id("category-ORDINARY_MOTORCYCLE").check()
    page.get_by_test_id("conditions").fill("眼鏡等")
    page.get_by_test_id("expires-on").fill(EXPIRY)
    page.get_by_test_id("licence-pin").fill("2468")
    page.get_by_test_id("write").click()


def read_at_counter(page, licence: str, resident: dict, pin: str = "2468") -> str:
    page.goto(f"{licence}/counter")
    page.get_by_test_id("reader").select_option(resident["id"])
    page.get_by_test_id("licence-pin").fill(pin)
    page.get_by_test_id("read").click()
    return page.locator("main").inner_text()


def test_the_commission_records_a_licence_and_the_counter_verifies_it(up_world, browser_page):
    licence, page = up_world.url("licence"), browser_page
    holder = up_world.adults()[-4]
    record_licence(page, licence, holder, "301234567890")
    assert "301234567890" in page.get_by_test_id("written").first.inner_text()
    read_at_counter(page, licence, holder)
    assert page.get_by_test_id("verdict").inner_text() == "Valid driving licence"
    assert page.get_by_test_id("number").inner_text() == "301234567890"
    assert "ordinary vehicle" in page.get_by_test_id("categories").inner_text()
    assert page.get_by_test_id("expires-on").inner_text() == EXPIRY
    assert page_problems(page) == []
    page.get_by_test_id("lang-ja").click()
    assert page.get_by_test_id("verdict").inner_text() == "有効な運転免許です"
    assert "普通" in page.get_by_test_id("categories").inner_text()
    assert page_problems(page) == []
    page.get_by_test_id("next").click()
    assert "暗証番号" in page.content()
    assert page_problems(page) == []

    page.get_by_test_id("lang-en").click()
    assert "2 tries left" in read_at_counter(page, licence, holder, "0000")
    for path in ("/", "/counter"):
        page.goto(f"{licence}{path}?lang=ja")
        assert page_problems(page) == [], path


def test_an_altered_or_copied_licence_is_refused(up_world, browser_page):
    licence, page = up_world.url("licence"), browser_page
    holder, other = up_world.adults()[-5], up_world.adults()[-6]
    record_licence(page, licence, holder, "309999999999")
    holder_store = ImageStore.open(Path(holder["card"]))
    applet = holder_store.current().applets[LICENCE_AID]
    with ImageStore.open(Path(other["card"])).change() as change:  # copied onto another card
        change.image.applets[LICENCE_AID] = applet
    read_at_counter(page, licence, other)
    assert "another card" in page.get_by_test_id("verdict").inner_text()
    with holder_store.change() as change:  # the expiry year altered on the holder's card
        record = change.image.applets[LICENCE_AID].files[RECORD_FILE]
        at = record.find(EXPIRY.replace("-", "").encode())
        year = str(int(EXPIRY[:4]) + 5).encode()
        change.image.applets[LICENCE_AID].files[RECORD_FILE] = record[:at] + year + record[at + 4 :]
    read_at_counter(page, licence, holder)
    assert "signature does not hold" in page.get_by_test_id("verdict").inner_text()
    page.get_by_test_id("lang-ja").click()
    assert "改ざん" in page.get_by_test_id("verdict").inner_text()
    assert page_problems(page) == []


def test_a_card_without_licence_data_is_told_so(up_world, browser_page):
    licence, page = up_world.url("licence"), browser_page
    assert "no licence data" in read_at_counter(page, licence, up_world.adults()[-7])
