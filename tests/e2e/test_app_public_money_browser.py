"""Public-money receiving accounts (公金受取口座) through `jpki up` in headless Chromium: an
account registered with the card's signature, a municipality's benefit paid into it without
asking for it (and not twice), the holder seeing it after a card login in Japanese; a death
holds the payment after the platform's status check; bad input refused without a 500."""

from __future__ import annotations

import httpx
import pytest

from jpki.apps.public_money.service import municipality_of
from tests.e2e.browser import approve_in_wallet
from tests.e2e.processes import jpki
from tests.e2e.readable import page_problems
from tests.e2e.worlds import up_world_in


@pytest.fixture(scope="module")
def money_world(tmp_path_factory):
    """A world of its own, where a registrant may die without another test's holder dying."""
    yield from up_world_in(tmp_path_factory.mktemp("public-money"), residents="4")


def register(page, url, resident, number, lang="en"):
    page.goto(f"{url}/?lang={lang}")
    assert page_problems(page) == []
    page.get_by_test_id("bank").select_option("0397")
    page.get_by_test_id("branch").fill("001")
    page.get_by_test_id("number").fill(number)
    page.get_by_test_id("holder-kana").fill("ヤマダ　タロウ")
    page.get_by_test_id("register").click()
    approve_in_wallet(page, resident, sign_password=resident["sign_password"])
    account = page.get_by_test_id("account").inner_text()  # waits for the wallet's way back
    assert page_problems(page) == []
    return account


def pay(page, url, municipality, benefit, lang="en"):
    page.goto(f"{url}/municipality?benefit={benefit}&lang={lang}")
    page.get_by_test_id("municipality").select_option(municipality)
    page.get_by_test_id("pay").click()
    run = page.get_by_test_id("run").inner_text()  # waits for the run's page
    assert page_problems(page) == []
    return run


def test_a_benefit_goes_to_the_registered_account_without_asking(money_world, browser_page):
    url, page = money_world.url("public_money"), browser_page
    holder = money_world.adults()[0]
    assert "****567" in register(page, url, holder, "1234567")
    assert "****999" in register(page, url, holder, "7654999")  # a change, still one account
    municipality = municipality_of(holder["address"])

    assert pay(page, url, municipality, "price-relief") == "1"
    outcomes = page.get_by_test_id("outcome").all_inner_texts()
    assert outcomes == ["paid"]
    assert "****999" in page.get_by_test_id("payment").first.inner_text()
    assert pay(page, url, municipality, "price-relief") == "Nobody left to pay."  # not twice

    page.goto(f"{url}/?lang=ja")
    page.get_by_test_id("see-mine").click()
    approve_in_wallet(page, holder, pin=holder["auth_pin"])
    assert "****999" in page.get_by_test_id("account").inner_text()
    assert page_problems(page) == []
    received = page.get_by_test_id("received").inner_text()
    assert "30,000" in received
    assert "振込済み" in received


def test_a_death_holds_the_payment(money_world, browser_page):
    url, page = money_world.url("public_money"), browser_page
    holder = money_world.adults()[1]
    register(page, url, holder, "2222222", lang="ja")
    jpki("authority", "event", money_world.directory, "die", holder["id"])
    jpki("authority", "crl", money_world.directory)
    assert money_world.operator_calls("/v1/revocation/refresh")[0]["loaded"] >= 2
    pay(page, url, municipality_of(holder["address"]), "child-support", lang="ja")
    mine = [
        row
        for row in page.get_by_test_id("payment").all_inner_texts()
        if municipality_of(holder["address"]) in row
    ]
    assert any("保留: 死亡" in row for row in mine), mine


def test_bad_input_is_refused_without_a_500(money_world):
    url = money_world.url("public_money")
    good = {"bank": "0397", "branch": "001", "kind": "ordinary", "number": "1234567",
            "holder_kana": "ヤマダ　タロウ"}  # fmt: skip
    with httpx.Client(base_url=url, headers={"Origin": url, "Accept": "text/html"}) as client:
        cases = [
            client.post("/register", data={**good, "bank": "9999"}),
            client.post("/register", data={**good, "branch": "1"}),
            client.post("/register", data={**good, "kind": "gold"}),
            client.post("/register", data={**good, "number": "12345678"}),
            client.post("/register", data={**good, "holder_kana": "Yamada"}),
            client.post("/register", data={"bank": "0397"}),
            client.post("/register", data={**good, "holder_kana": "ア" * 200}),
            client.get("/municipality?benefit=nothing"),
            client.post("/municipality/pay", data={"municipality": "x", "benefit": "nothing"}),
            client.post("/municipality/pay", data={"municipality": "x"}),
        ]
    for response in cases:
        assert 400 <= response.status_code < 500, (response.request.url, response.text[:200])
