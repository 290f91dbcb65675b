"""Fee reduction through `jpki up` (seed 002 No.12): the welfare office issues the 減免事由証明書
after a card login (an attribute certificate from the attribute authority, bound to the
holder through the platform's stable ID), the nursery-fee desk accepts it with the same card
and refuses it with another resident's card, with something that is not a certificate, and
once the office revoked it; in English and in Japanese, every page readable."""

from __future__ import annotations

from tests.e2e.browser import approve_in_wallet
from tests.e2e.readable import page_problems


def apply_with(page, desk, pem, resident, lang="en"):
    page.goto(f"{desk}/nursery?lang={lang}")
    assert page_problems(page) == []
    page.get_by_test_id("paste").fill(pem)
    page.get_by_test_id("apply").click()
    approve_in_wallet(page, resident, pin=resident["auth_pin"])
    page.get_by_test_id("decision").wait_for()
    assert page_problems(page) == []
    return page.get_by_test_id("decision").inner_text(), page.get_by_test_id("reason").inner_text()


def test_certificate_of_grounds_issued_accepted_and_refused(up_world, browser_page):
    desk, page = up_world.url("fee_reduction"), browser_page
    holder, other = up_world.adults()[2], up_world.adults()[3]
    page.goto(f"{up_world.url('home')}/?lang=ja")  # the front door lists both new parties
    assert page.get_by_text("属性認証局").count() >= 1
    assert page_problems(page) == []
    for lang in ("ja", "en"):  # the last one stays the session's language
        for path in ("/", "/welfare"):
            page.goto(f"{desk}{path}?lang={lang}")
            assert page_problems(page) == []
    page.goto(f"{desk}/")
    page.get_by_test_id("welfare").click()
    page.get_by_test_id("grounds").select_option("single-parent")
    page.get_by_test_id("issue").click()
    approve_in_wallet(page, holder, pin=holder["auth_pin"])
    page.get_by_test_id("issued").wait_for()
    assert page_problems(page) == []
    pem = page.get_by_test_id("certificate").input_value()
    assert pem.startswith("-----BEGIN ATTRIBUTE CERTIFICATE-----")
    issued_page = page.url

    decision, reason = apply_with(page, desk, pem, holder)
    assert decision == "Reduction accepted"
    decision, reason = apply_with(page, desk, pem, other, "ja")
    assert decision == "減免を受け付けられません"
    assert "名義人" in reason
    decision, reason = apply_with(page, desk, "not a certificate", holder)
    assert decision == "Reduction refused"
    assert "base64" in reason

    page.goto(f"{issued_page}?lang=ja")
    assert page_problems(page) == []
    page.get_by_test_id("revoke").click()
    assert "失効" in page.get_by_test_id("message").inner_text()
    decision, reason = apply_with(page, desk, pem, holder)
    assert decision == "Reduction refused"
    assert "revoked" in reason
