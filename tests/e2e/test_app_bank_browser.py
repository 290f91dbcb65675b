"""The bank in headless Chromium through `jpki up`: eKYC account opening with the signing
certificate (a Japanese and a foreign resident), card login, two linked accounts to choose
from, a wrong password that opens nothing, and the pages in Japanese."""

from __future__ import annotations

import httpx

from tests.e2e.browser import answer_in_wallet, approve_in_wallet, shown_in_wallet
from tests.e2e.service_steps import bank_log_in as log_in
from tests.e2e.service_steps import bank_open_account as open_account


def test_account_opening_fills_in_the_four_information(up_world, browser_page):
    bank, page = up_world.url("bank"), browser_page
    resident = up_world.adults()[0]
    page.goto(f"{bank}/")
    page.get_by_test_id("open-savings").first.click()
    shown = shown_in_wallet(page)  # the holder reads the platform's consent text (issue 25)
    assert "Recipient / 提供先: デモ銀行" in shown
    assert "Items / 提供する情報: name, address, date of birth, sex" in shown
    assert "Consent ID / 同意番号" in shown
    answer_in_wallet(page, resident, sign_password=resident["sign_password"])
    assert "Your account is open" in page.get_by_test_id("opened").inner_text()
    assert page.get_by_test_id("name").inner_text() == resident["name"]
    assert page.get_by_test_id("address").inner_text() == resident["address"]
    assert page.get_by_test_id("birth-date").inner_text() == resident["birth_date"]
    assert page.get_by_test_id("foreign").count() == 0
    assert page.get_by_test_id("receipt").inner_text()

    log_in(page, bank, resident)
    assert page.get_by_test_id("holder").inner_text() == resident["name"]
    assert page.get_by_test_id("account").count() == 1
    assert "PIN authentication" in page.get_by_test_id("login-row").first.inner_text()

    page.get_by_test_id("open-securities").click()
    approve_in_wallet(page, resident, sign_password=resident["sign_password"])
    assert "securities" in page.get_by_test_id("opened").inner_text()
    log_in(page, bank, resident)
    page.get_by_test_id("choose").wait_for()
    page.get_by_test_id("choose-securities").click()
    assert page.get_by_test_id("account").count() == 2
    assert "✔" in page.get_by_test_id("account").nth(1).inner_text()


def test_a_foreign_resident_opens_an_account(up_world, browser_page):
    bank, page = up_world.url("bank"), browser_page
    foreign = next(r for r in up_world.adults() if r["name"].isascii())
    open_account(page, bank, foreign)
    assert page.get_by_test_id("name").inner_text() == foreign["name"]
    assert page.get_by_test_id("foreign").is_visible()


def test_a_wrong_password_opens_nothing_and_a_stranger_cannot_log_in(up_world, browser_page):
    bank, page = up_world.url("bank"), browser_page
    resident = up_world.adults()[1]
    open_account(page, bank, resident, password="WRONG1")
    assert "tries" in page.content().lower() or "残り" in page.content()
    log_in(page, bank, resident)
    assert "no account" in page.content()
    with httpx.Client() as client:
        assert client.get(f"{bank}/card/unknown/continue").status_code == 400
        assert client.post(f"{bank}/wallet/v1/logins/unknown", json={}).status_code == 400


def test_pages_in_japanese(up_world, browser_page):
    bank, page = up_world.url("bank"), browser_page
    page.goto(f"{bank}/?lang=ja")
    assert "普通預金口座を開設" in page.get_by_test_id("open-savings").inner_text()
