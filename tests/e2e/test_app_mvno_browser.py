"""The MVNO counter in headless Chromium through `jpki up`: the customer signs the terms with
the card, the contract carries the certificate's 4 information, and the kept signature is
checked again by `openssl cms`."""

from __future__ import annotations

import sqlite3

from tests.e2e.browser import approve_in_wallet
from tests.openssl_cli import openssl


def test_terms_signed_at_the_counter_make_the_contract(up_world, browser_page, tmp_path):
    counter, page = up_world.url("mvno"), browser_page
    customer = up_world.adults()[2]
    page.goto(f"{counter}/")
    page.get_by_test_id("plan-20gb").check()
    page.get_by_test_id("sign-terms").click()
    approve_in_wallet(page, customer, sign_password=customer["sign_password"])
    assert "Contract concluded" in page.get_by_test_id("done").inner_text()
    assert page.get_by_test_id("name").inner_text() == customer["name"]
    assert page.get_by_test_id("address").inner_text() == customer["address"]
    phone = page.get_by_test_id("phone").inner_text()
    assert phone.startswith("070-")
    page.get_by_test_id("next").click()
    assert phone in page.get_by_test_id("recent").first.inner_text()

    with sqlite3.connect(up_world.directory / "apps" / "apps.db") as db:
        terms, signature, serial = db.execute(
            "SELECT signed_terms, signature, certificate_serial FROM mvno_contracts"
            " WHERE phone_number = ?",
            (phone,),
        ).fetchone()
    assert serial == customer["sign"]["serial"]
    (tmp_path / "terms").write_bytes(terms)
    (tmp_path / "terms.p7s").write_bytes(signature)
    checked = openssl(
        "cms", "-verify", "-binary", "-inform", "DER", "-in", tmp_path / "terms.p7s",
        "-content", tmp_path / "terms", "-CAfile", up_world.directory / "roots" / "sign-ca.pem",
        "-purpose", "any", "-out", "/dev/null",
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr


def test_a_wrong_password_concludes_nothing(up_world, browser_page):
    counter, page = up_world.url("mvno"), browser_page
    customer = up_world.adults()[3]
    page.goto(f"{counter}/?lang=ja")
    assert "カードで利用規約に署名" in page.get_by_test_id("sign-terms").inner_text()
    page.get_by_test_id("sign-terms").click()
    approve_in_wallet(page, customer, sign_password="BAD999")
    # the wallet keeps the request open for a corrected password, saying the tries left
    assert page.get_by_test_id("tries-left").inner_text() == "4"
    page.goto(f"{counter}/")
    assert customer["name"] not in page.content()
