"""The entrance exam in headless Chromium through `jpki up` (替え玉受験対策): an admission ticket
from a card login, checked at the room's door with the same card and its PIN; another
person's card, another room and a second check refused; pages readable in both languages; bad
input refused without a 500."""

from __future__ import annotations

import httpx

from tests.e2e.browser import approve_in_wallet
from tests.e2e.readable import page_problems


def apply(page, exam, resident, name, lang="en"):
    page.goto(f"{exam}/?lang={lang}")
    assert page_problems(page) == []
    page.get_by_test_id("name-univ-2027").fill(name)
    page.get_by_test_id("apply-univ-2027").click()
    approve_in_wallet(page, resident, pin=resident["auth_pin"])
    assert page_problems(page) == []
    return page.get_by_test_id("number").inner_text(), page.get_by_test_id("room").inner_text()


def at_the_door(page, exam, room, number, resident, lang="en"):
    page.goto(f"{exam}/door/univ-2027?room={room}&lang={lang}")
    page.get_by_test_id("number").fill(number)
    page.get_by_test_id("check").click()
    asked = page.get_by_test_id("card-request").inner_text()
    assert ("PIN" if lang == "en" else "暗証番号") in asked  # the door asks for the PIN
    approve_in_wallet(page, resident, pin=resident["auth_pin"])
    assert page_problems(page) == []
    return page.get_by_test_id("verdict").inner_text()


def test_the_ticket_admits_only_its_applicants_card_at_its_door(up_world, browser_page):
    exam, page = up_world.url("exam"), browser_page
    applicant, stand_in = up_world.adults()[0], up_world.adults()[1]
    number, room = apply(page, exam, applicant, "受験　花子")
    again, _ = apply(page, exam, applicant, "受験　花子")
    assert again == number  # one ticket per card and exam

    refused = at_the_door(page, exam, room, number, stand_in)  # 替え玉: another card
    assert "not the one the ticket is bound to" in refused
    other_room = "A102" if room == "A101" else "A101"
    assert "another room" in at_the_door(page, exam, other_room, number, applicant)
    admitted = at_the_door(page, exam, room, number, applicant, lang="ja")
    assert admitted.startswith("入室できます")
    assert "受験　花子" in admitted
    assert "入室済み" in at_the_door(page, exam, room, number, applicant, lang="ja")
    log = page.get_by_test_id("log").all_inner_texts()
    assert sum("✔" in row for row in log) == 1


def test_a_japanese_applicant_gets_a_japanese_ticket(up_world, browser_page):
    exam, page = up_world.url("exam"), browser_page
    applicant = up_world.adults()[2]
    number, _ = apply(page, exam, applicant, "試験　太郎", lang="ja")
    assert len(number) == 8
    assert "受験票" in page.locator("main").inner_text()


def test_bad_input_is_refused_without_a_500(up_world):
    exam = up_world.url("exam")
    with httpx.Client(base_url=exam, headers={"Origin": exam, "Accept": "text/html"}) as client:
        cases = [
            client.post("/apply", data={"exam": "nowhere", "name": "x"}),
            client.post("/apply", data={"exam": "univ-2027", "name": "   "}),
            client.post("/apply", data={"exam": "univ-2027", "name": "x" * 101}),
            client.post("/apply", data={"exam": "univ-2027"}),
            client.get("/door/univ-2027?room=Z999"),
            client.get("/door/NOT%20AN%20EXAM?room=A101"),
            client.post("/door/univ-2027", data={"room": "A101", "number": "12ab"}),
            client.post("/door/univ-2027", data={"room": "Z999", "number": "12345678"}),
            client.post("/door/univ-2027", data={"room": "a;b", "number": "12345678"}),
            client.post("/door/univ-2027", content=b"\xff\xfe", headers={"Content-Type": "application/x-www-form-urlencoded"}),
        ]  # fmt: skip
    for response in cases:
        assert 400 <= response.status_code < 500, (response.request.url, response.text[:200])
