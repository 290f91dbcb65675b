"""Government SSO through `jpki up` in Chromium: one card login at the IdP serves two
ministries' e-application sites and a private site (each with its own pairwise subject), an
application filed at each, and a logout that ends the IdP session."""

from __future__ import annotations

from tests.e2e.browser import approve_in_wallet


def consent_if_asked(page):
    page.wait_for_url("**/login/*/continue*")
    page.get_by_test_id("approve").click()


def log_in(page, site):
    page.goto(f"{site}/")
    page.get_by_test_id("login").click()


def test_one_card_login_serves_every_site(up_world, browser_page):
    page = browser_page
    holder = up_world.adults()[8]
    etax, mhlw, shop = (up_world.url(f"gov-{key}") for key in ("etax", "mhlw", "shop"))

    log_in(page, etax)
    approve_in_wallet(page, holder, pin=holder["auth_pin"])
    consent_if_asked(page)
    first = page.get_by_test_id("sub").inner_text()
    page.get_by_test_id("procedure").select_option("medical-deduction")
    page.get_by_test_id("file").click()
    assert "Medical expense deduction" in page.get_by_test_id("filed").first.inner_text()

    subjects = {first}
    for site in (mhlw, shop):
        log_in(page, site)  # single sign-on: no card this time, only this site's consent
        assert page.get_by_test_id("same-device").count() == 0
        consent_if_asked(page)
        subjects.add(page.get_by_test_id("sub").inner_text())
        page.get_by_test_id("file").click()
        assert page.get_by_test_id("filed").count() == 1
    assert len(subjects) == 3  # pairwise: the sites cannot join their users

    page.get_by_test_id("logout").click()  # at the private site: ends the IdP session too
    log_in(page, shop)
    page.get_by_test_id("same-device").wait_for()  # no single sign-on now: the card again
