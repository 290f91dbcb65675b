"""The employer's staff ID (職員証) in headless Chromium through `jpki up`: HR checks the card's
certificate with the PIN and writes the staff ID into the card's free area; the automated gate
opens for that card PIN-less and stays shut for a card without one and for a revoked staff ID;
the JPKI AP of the card is unchanged; both pages read in English and Japanese."""

from __future__ import annotations

import json
from pathlib import Path

from jpki.card.store import ImageStore
from tests.e2e.readable import page_problems

JPKI_PARTS = ("files", "keys", "pins", "card_info_files", "card_face_files", "terminal_ca")


def jpki_state(resident: dict) -> dict:
    document = json.loads(Path(resident["card"]).read_bytes())
    return {part: document[part] for part in JPKI_PARTS}


def issue(page, employer: str, resident: dict, employee: str, pin: str) -> None:
    page.goto(f"{employer}/")
    page.get_by_test_id("reader").select_option(resident["id"])
    page.get_by_test_id("employee").fill(employee)
    page.get_by_test_id("name").fill("山田 花子")
    page.get_by_test_id("pin").fill(pin)
    page.get_by_test_id("issue").click()


def touch(page, employer: str, resident: dict) -> str:
    page.goto(f"{employer}/gate")
    page.get_by_test_id("reader").select_option(resident["id"])
    page.get_by_test_id("touch").click()
    return page.get_by_test_id("verdict").inner_text()


def test_hr_issues_a_staff_id_and_the_gate_opens_pin_less(up_world, browser_page):
    employer, page = up_world.url("employer"), browser_page
    employee, stranger = up_world.adults()[-1], up_world.adults()[-2]
    before = jpki_state(employee)
    issue(page, employer, employee, "E000101", employee["auth_pin"])
    row = page.get_by_test_id("issued").first
    assert "E000101" in row.inner_text()
    assert row.get_by_test_id("state").inner_text() == "active"
    assert ImageStore.open(Path(employee["card"])).current().applets
    after = jpki_state(employee)
    assert after["keys"] == before["keys"]
    assert after["files"] == before["files"]
    assert after["pins"] == before["pins"]  # the PIN's tries came back, as after any login
    assert "the gate opens" in touch(page, employer, employee)
    assert "E000101" in page.get_by_test_id("verdict").inner_text()
    assert "no staff ID on this card" in touch(page, employer, stranger)
    assert page_problems(page) == []
    page.get_by_test_id("lang-ja").click()
    assert "暗証番号不要" in page.content()
    assert page_problems(page) == []
    assert jpki_state(employee) == after  # the gate sent no JPKI AP command that changed it

    page.goto(f"{employer}/")
    page.get_by_test_id("revoke-E000101").click()
    page.get_by_test_id("lang-en").click()
    assert "staff ID revoked" in touch(page, employer, employee)


def test_a_wrong_pin_writes_nothing_and_says_the_tries_left(up_world, browser_page):
    employer, page = up_world.url("employer"), browser_page
    resident = up_world.adults()[-3]
    issue(page, employer, resident, "E000202", "0000" if resident["auth_pin"] != "0000" else "1111")
    assert "2 tries left" in page.locator("main").inner_text()
    assert not ImageStore.open(Path(resident["card"])).current().applets
    issue(page, employer, resident, "E000202", resident["auth_pin"])  # the tries come back
    assert "E000202" in page.get_by_test_id("issued").first.inner_text()
    page.get_by_test_id("lang-ja").click()
    assert "人事部窓口" in page.content()
    assert page_problems(page) == []
