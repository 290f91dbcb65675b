"""The steps of the services' use cases that more than one end-to-end test takes (their own
tests and the privacy probe, tests/e2e/test_privacy_probe.py): each drives the service's page in
the browser and answers with the card in the wallet."""

from __future__ import annotations

from tests.e2e.browser import approve_in_wallet


def bank_open_account(page, bank, resident, button="open-savings", password=None):
    page.goto(f"{bank}/")
    page.get_by_test_id(button).first.click()
    approve_in_wallet(page, resident, sign_password=password or resident["sign_password"])


def bank_log_in(page, bank, resident):
    page.goto(f"{bank}/login")
    approve_in_wallet(page, resident, pin=resident["auth_pin"])


def clinic_reception(page, clinic, resident, method="pin"):
    page.goto(f"{clinic}/reception?terminal=desk-1")
    approve_in_wallet(page, resident, pin=resident["auth_pin"], method=method)
    return page.get_by_test_id("outcome").inner_text()


def disaster_register(page, url, resident, household, conditions="", needs=()):
    page.goto(f"{url}/")
    page.get_by_test_id("household").fill(str(household))
    page.get_by_test_id("conditions").fill(conditions)
    for need in needs:
        page.get_by_test_id(f"need-{need}").check()
    page.get_by_test_id("register").click()
    approve_in_wallet(page, resident, sign_password=resident["sign_password"])
    return page.get_by_test_id("message").inner_text()


def disaster_check_in(page, url, shelter, resident):
    page.goto(f"{url}/shelter/{shelter}")
    approve_in_wallet(page, resident, method="pinless")
    return page.get_by_test_id("checkin").inner_text()


def mykey_log_in(page, url, resident):
    page.goto(f"{url}/")
    page.get_by_test_id("login").click()
    approve_in_wallet(page, resident, pin=resident["auth_pin"])


def payments_open_account(page, url, issuer, pin):
    page.goto(f"{url}/")
    page.get_by_test_id(f"open-pin-{issuer}").fill(pin)
    page.get_by_test_id(f"open-{issuer}").click()
    return page.get_by_test_id("message").inner_text().split()[-1]


def payments_enrol(page, url, holder, issuer, number, pin):
    page.goto(f"{url}/")
    page.get_by_test_id("enrol-issuer").select_option(issuer)
    page.get_by_test_id("enrol-number").fill(number)
    page.get_by_test_id("enrol-pin").fill(pin)
    page.get_by_test_id("enrol").click()
    approve_in_wallet(page, holder, sign_password=holder["sign_password"])
    return page.get_by_test_id("message").inner_text()


def payments_start(page, url, holder, where, amount):
    page.goto(f"{url}/")
    page.get_by_test_id(f"{where}-amount").fill(str(amount))
    page.get_by_test_id("pay" if where == "store" else "withdraw").click()
    approve_in_wallet(page, holder, pin=holder["auth_pin"])


__all__ = [
    "bank_log_in",
    "bank_open_account",
    "clinic_reception",
    "disaster_check_in",
    "disaster_register",
    "mykey_log_in",
    "payments_enrol",
    "payments_open_account",
    "payments_start",
]
