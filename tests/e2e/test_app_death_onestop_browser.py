"""死亡・相続ワンストップ through `jpki up` in headless Chromium: a holder with a bank account and
an insurance policy registers the bank in advance (card login, choice, signature); after the
death is recorded and the platform's change confirmation runs, the bank freezes the account,
the insurer (not chosen) only sees the revocation, and the family follows it with the enquiry
number, in English and Japanese; bad input refused without a 500."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.browser import approve_in_wallet
from tests.e2e.processes import jpki
from tests.e2e.readable import page_problems
from tests.e2e.service_steps import bank_open_account
from tests.e2e.worlds import up_world_in


@pytest.fixture(scope="module")
def onestop_world(tmp_path_factory):
    """A world of its own: its holder dies."""
    yield from up_world_in(tmp_path_factory.mktemp("death-onestop"), residents="3")


def customer_of_bank_and_insurer(page, world, holder):
    """The holder opens a bank account and an insurance policy: (account, policy)."""
    bank_open_account(page, world.url("bank"), holder)
    account = page.get_by_test_id("opened").inner_text().split()[-1]
    page.goto(f"{world.url('insurer')}/")
    page.get_by_test_id("apply").click()
    approve_in_wallet(page, holder, sign_password=holder["sign_password"])
    return account, page.get_by_test_id("message").inner_text().split()[-1]


def register_the_bank(page, desk, holder):
    """At the desk, in Japanese: card login, the bank chosen, signed; the enquiry number."""
    page.goto(f"{desk}/?lang=ja")
    assert page_problems(page) == []
    page.get_by_test_id("login").click()
    approve_in_wallet(page, holder, pin=holder["auth_pin"])
    page.get_by_test_id("not-registered").wait_for()
    assert page_problems(page) == []
    page.get_by_test_id("notify-demo-bank").check()
    assert not page.get_by_test_id("notify-demo-insurer").is_checked()
    page.get_by_test_id("sign").click()
    approve_in_wallet(page, holder, sign_password=holder["sign_password"])
    code = page.get_by_test_id("family-code").inner_text()
    assert page.get_by_test_id("target").all_inner_texts() == ["デモ銀行 / Demo Bank"]
    assert page_problems(page) == []
    return code


def test_the_chosen_bank_freezes_the_account_the_other_business_sees_the_revocation(
    onestop_world, browser_page
):
    world, page = onestop_world, browser_page
    bank, insurer, desk = world.url("bank"), world.url("insurer"), world.url("death_onestop")
    holder = world.adults()[0]
    account, policy = customer_of_bank_and_insurer(page, world, holder)
    code = register_the_bank(page, desk, holder)

    # Signing a new choice with another card neither registers it nor ends the holder's.
    other = world.adults()[1]
    page.goto(f"{desk}/choose?lang=en")
    page.get_by_test_id("notify-demo-insurer").check()
    page.get_by_test_id("sign").click()
    approve_in_wallet(page, other, sign_password=other["sign_password"])
    assert "another card" in page.get_by_test_id("message").inner_text()
    page.goto(f"{desk}/choose")
    assert page.get_by_test_id("family-code").inner_text() == code

    page.goto(f"{desk}/family?lang=en")
    page.get_by_test_id("code").fill(code.lower())
    page.get_by_test_id("look").click()
    assert page.get_by_test_id("no-death").is_visible()

    jpki("authority", "event", world.directory, "die", holder["id"])
    jpki("authority", "crl", world.directory)
    refreshed, watched = world.operator_calls("/v1/revocation/refresh", "/v1/watch")
    assert refreshed["loaded"] >= 2
    assert watched["delivered"] >= 3  # the bank, the insurer and the desk

    page.goto(f"{bank}/inheritance?lang=ja")
    assert "凍結" in page.get_by_test_id(f"procedure-{account}").inner_text()
    assert page_problems(page) == []
    page.goto(f"{bank}/inheritance?lang=en")
    assert "frozen" in page.get_by_test_id(f"procedure-{account}").inner_text()
    page.goto(f"{insurer}/?lang=en")
    situation = page.get_by_test_id(f"policy-{policy}").get_by_test_id("situation").inner_text()
    assert situation in ("died", "died-or-emigrated")  # the revocation only, no claim opened

    page.goto(f"{desk}/family?lang=ja")
    page.get_by_test_id("code").fill(code)
    page.get_by_test_id("look").click()
    assert page.get_by_test_id("notified").all_inner_texts() == ["デモ銀行 / Demo Bank"]
    assert page.get_by_test_id("death-noticed").inner_text().endswith("JST")
    assert page_problems(page) == []


def test_bad_input_is_refused_without_a_500(onestop_world):
    desk = onestop_world.url("death_onestop")
    with httpx.Client(base_url=desk, headers={"Origin": desk, "Accept": "text/html"}) as client:
        cases = [
            client.post("/register", data={"notify": "demo-bank"}),  # no card login first
            client.post("/family", data={"code": "not a code"}),
            client.post("/family", data={"code": "AAAA-AAAA-AAAA"}),
            client.post("/family", data={"code": "x" * 41}),
            client.post("/family", data={}),
            client.post("/hooks/jpki", content=b"{}"),
            client.post("/hooks/jpki", content=b"\xff", headers={"x-jpki-webhook-timestamp": "1"}),
        ]
    for response in cases:
        assert 400 <= response.status_code < 500, (response.request.url, response.text[:200])
