"""The hotel smart key in headless Chromium through `jpki up`: check-in with the card (only the
register's items kept), the key issued to the same guest's phone (the card refused as a key),
the door opened PIN-less by that phone only, and not after check-out; the pages read in
Japanese."""

from __future__ import annotations

import sqlite3

from tests.e2e.browser import approve_in_wallet
from tests.e2e.readable import page_problems


def as_phone(resident):
    phone = resident["phone"]
    return resident | {"id": f"{resident['id']}-phone", "auth_pin": phone["auth_pin"]}


def at_door(page, hotel, room, resident):
    page.goto(f"{hotel}/door/{room}?lang=en")
    assert "touch your phone" in page.get_by_test_id("card-request").inner_text()
    approve_in_wallet(page, resident, method="pinless")
    return page.get_by_test_id("verdict").inner_text()


def test_the_room_opens_for_the_guests_phone_during_the_stay(up_world, browser_page):
    hotel, page = up_world.url("hotel"), browser_page
    phones = [r for r in up_world.adults()[:-3] if r.get("phone")]
    guest, other = phones[-2], phones[-3]
    page.goto(f"{hotel}/?lang=en")
    page.get_by_test_id("nights").fill("2")
    page.get_by_test_id("check-in").click()
    approve_in_wallet(page, guest, sign_password=guest["sign_password"])
    assert page.get_by_test_id("guest").inner_text() == guest["name"]
    room = page.get_by_test_id("room").inner_text()

    page.get_by_test_id("issue-key").click()
    approve_in_wallet(page, guest, pin=guest["auth_pin"])  # the card, not the phone
    assert "not the card" in page.get_by_test_id("message").inner_text()
    page.goto(f"{hotel}/?lang=en")
    page.locator("a[href^='/stays/']").first.click()
    page.get_by_test_id("issue-key").click()
    approve_in_wallet(page, as_phone(other), pin=other["phone"]["auth_pin"])
    assert "not the guest's" in page.get_by_test_id("message").inner_text()
    page.goto(f"{hotel}/?lang=en")
    page.locator("a[href^='/stays/']").first.click()
    page.get_by_test_id("issue-key").click()
    approve_in_wallet(page, as_phone(guest), pin=guest["phone"]["auth_pin"])
    assert "Room key on your phone" in page.get_by_test_id("key").inner_text()

    assert "Door open" in at_door(page, hotel, room, as_phone(guest))
    assert "not the card" in at_door(page, hotel, room, guest)
    assert "no key to this room" in at_door(page, hotel, room, as_phone(other))
    page.goto(f"{hotel}/door/{room}?lang=ja")
    assert not page_problems(page)

    with sqlite3.connect(up_world.directory / "apps" / "apps.db") as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(hotel_stays)")]
        kept = db.execute("SELECT * FROM hotel_stays WHERE room = ?", (room,)).fetchone()
    assert "birth_date" not in columns
    assert "sex" not in columns
    assert guest["birth_date"] not in " ".join(map(str, kept))

    page.goto(f"{hotel}/?lang=en")
    page.locator("a[href^='/stays/']").first.click()
    page.get_by_test_id("check-out").click()
    assert "Checked out" in page.get_by_test_id("message").inner_text()
    assert "the stay is over" in at_door(page, hotel, room, as_phone(guest))
    page.goto(f"{hotel}/?lang=ja")
    assert "マイナンバーカードでチェックイン" in page.content()
    assert not page_problems(page)
