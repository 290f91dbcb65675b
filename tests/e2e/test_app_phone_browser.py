"""The phone (スマホ用電子証明書) at the services through `jpki up`, in headless Chromium: an
account opened with the card is the same customer when the holder logs in with the phone; a
ticket bought with the phone admits the phone PIN-less at the gate; the wallet's "issue from my
card" screen refuses a second phone while one is in use. Service code is unchanged: the
platform's linkage makes card and phone one customer."""

from __future__ import annotations

from typing import Any

from tests.e2e.browser import approve_in_wallet
from tests.e2e.service_steps import bank_log_in, bank_open_account


def with_phone(up_world: Any, skip: int = 0) -> dict[str, Any]:
    """An adult of the sandbox holding a phone (not the ones other tests use first)."""
    holders = [r for r in up_world.adults()[2:] if r.get("phone")]
    return holders[skip]


def as_phone(resident: dict[str, Any]) -> dict[str, Any]:
    """The resident as the wallet lists their phone: its entry and its own PIN and password."""
    phone = resident["phone"]
    return resident | {
        "id": f"{resident['id']}-phone",
        "auth_pin": phone["auth_pin"],
        "sign_password": phone["sign_password"],
    }


def test_the_bank_knows_the_card_holder_by_the_phone(up_world, browser_page):
    bank, page = up_world.url("bank"), browser_page
    resident = with_phone(up_world)
    bank_open_account(page, bank, resident)
    assert "Your account is open" in page.get_by_test_id("opened").inner_text()
    bank_log_in(page, bank, as_phone(resident))
    assert page.get_by_test_id("holder").inner_text() == resident["name"]
    assert page.get_by_test_id("account").count() >= 1


def test_a_ticket_bought_with_the_phone_admits_the_phone_at_the_gate(up_world, browser_page):
    tickets, page = up_world.url("tickets"), browser_page
    phone = as_phone(with_phone(up_world, 1))
    page.goto(f"{tickets}/")
    page.get_by_test_id("buy-budokan-live").click()
    approve_in_wallet(page, phone, pin=phone["auth_pin"])
    assert page.get_by_test_id("seat").inner_text()
    page.goto(f"{tickets}/gate/budokan-live?gate=east-1")
    approve_in_wallet(page, phone, method="pinless")
    assert "admitted" in page.get_by_test_id("verdict").inner_text().lower()


def test_the_wallet_refuses_a_second_phone_while_one_is_in_use(up_world, browser_page):
    wallet, page = up_world.url("wallet"), browser_page
    resident = with_phone(up_world)
    page.goto(f"{wallet}/phone")
    page.get_by_test_id("card").select_option(resident["id"])
    page.get_by_test_id("sign-password").fill(resident["sign_password"])
    page.get_by_test_id("phone-pin").fill("2468")
    page.get_by_test_id("phone-password").fill("NEWPHONE1")
    page.get_by_test_id("issue").click()
    assert "another phone already holds" in page.get_by_test_id("message").inner_text()
    page.goto(f"{wallet}/phone?lang=ja")
    assert "カードからスマホに発行する" in page.content()


def test_mynaportal_logs_the_holder_in_with_the_phone(up_world, browser_page):
    portal, page = up_world.url("mynaportal"), browser_page
    phone = as_phone(with_phone(up_world))
    page.goto(f"{portal}/")
    approve_in_wallet(page, phone, pin=phone["auth_pin"])
    page.get_by_test_id("logout").wait_for()
    assert phone["my_number"] not in page.content()
