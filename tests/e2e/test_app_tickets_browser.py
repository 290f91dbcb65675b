"""Tickets and the gate in headless Chromium through `jpki up`: a ticket bought with a card
login, admitted PIN-less once at the gate; a resold ticket (another card) and a second entry
refused; the terminal API refusing malformed answers without a 500."""

from __future__ import annotations

import httpx

from tests.certificates import stranger_b64
from tests.e2e.browser import approve_in_wallet


def touch_at_gate(page, tickets, resident):
    page.goto(f"{tickets}/gate/yokohama-night?gate=east-1")
    assert page.get_by_test_id("card-request").inner_text().startswith("Entrance")  # not "Log in"
    approve_in_wallet(page, resident, method="pinless")
    return page.get_by_test_id("verdict").inner_text()


def test_bought_with_the_card_admitted_pinless_once(up_world, browser_page):
    tickets, page = up_world.url("tickets"), browser_page
    buyer, stranger = up_world.adults()[0], up_world.adults()[1]
    page.goto(f"{tickets}/")
    page.get_by_test_id("buy-yokohama-night").click()
    approve_in_wallet(page, buyer, pin=buyer["auth_pin"])
    seat = page.get_by_test_id("seat").inner_text()
    assert seat

    assert "no ticket for this card" in touch_at_gate(page, tickets, stranger)  # resold
    verdict = touch_at_gate(page, tickets, buyer)
    assert "Admitted" in verdict
    assert seat in verdict
    assert "already admitted" in touch_at_gate(page, tickets, buyer)
    log = page.get_by_test_id("log").all_inner_texts()
    assert any("1310100001" in row and "✔" in row for row in log)  # the terminal's code


def test_the_terminal_api_refuses_bad_answers(up_world):
    tickets = up_world.url("tickets")
    with httpx.Client() as client:
        challenge = client.post(f"{tickets}/gate/api/yokohama-night/challenge").json()
        answer = {"nonce": challenge["nonce"], "origin": challenge["origin"], "signature": "AAAA"}
        garbage = client.post(
            f"{tickets}/gate/api/yokohama-night/admit", json={**answer, "certificate": "AAAA"}
        )
        assert garbage.status_code == 422  # not a certificate: malformed before any check
        bad = client.post(
            f"{tickets}/gate/api/yokohama-night/admit",
            json={**answer, "certificate": stranger_b64()},
        )
        assert bad.status_code in (200, 400, 502)
        if bad.status_code == 200:
            assert bad.json()["admitted"] is False
        assert client.post(f"{tickets}/gate/api/yokohama-night/admit", json=[]).status_code == 422
        assert client.post(f"{tickets}/gate/api/nowhere/challenge").status_code in (400, 404)
