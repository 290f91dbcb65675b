"""The payment relay through `jpki up` (seed 004): a holder links a credit card and a cash
card to the My Number card; at a store the relay asks which one, the credit issuer approves
a small amount without its PIN, the bank asks its own PIN for a larger debit (a wrong one
declined first); at the ATM only the cash card serves; a card with nothing linked is
refused."""

from __future__ import annotations

from tests.e2e.service_steps import payments_enrol as enrol
from tests.e2e.service_steps import payments_open_account as open_account
from tests.e2e.service_steps import payments_start as start


def test_store_debit_and_atm_through_the_relay(up_world, browser_page):
    url, page = up_world.url("payments"), browser_page
    holder, stranger = up_world.adults()[10], up_world.adults()[1]
    credit = open_account(page, url, "democard", "1111")
    cash = open_account(page, url, "bankx", "2222")
    assert enrol(page, url, holder, "democard", credit, "1111").endswith(credit[-4:])
    assert enrol(page, url, holder, "bankx", cash, "2222").endswith(cash[-4:])

    start(page, url, holder, "store", 3000)
    page.get_by_test_id("choose-democard").click()
    assert page.get_by_test_id("result").inner_text() == "Approved ¥3,000"

    start(page, url, holder, "store", 20000)
    page.get_by_test_id("choose-bankx").click()
    page.get_by_test_id("issuer-pin").fill("9999")
    page.get_by_test_id("authorise").click()
    assert "tries left: 2" in page.get_by_test_id("wrong-pin").inner_text()
    page.get_by_test_id("issuer-pin").fill("2222")
    page.get_by_test_id("authorise").click()
    assert page.get_by_test_id("result").inner_text() == "Approved ¥20,000"

    start(page, url, holder, "atm", 90000)  # only the cash card serves: no question asked
    page.get_by_test_id("issuer-pin").fill("2222")
    page.get_by_test_id("authorise").click()
    assert page.get_by_test_id("result").inner_text() == "Declined: insufficient funds"

    start(page, url, stranger, "store", 500)
    assert "no linked account" in page.get_by_test_id("message").inner_text()
    page.goto(f"{url}/")
    log = " ".join(page.get_by_test_id("log").all_inner_texts())
    assert "Demo Card (credit)" in log
    assert "wrong PIN" in log
    assert cash not in log
