"""Passkeys in `jpki up` (issue 23): the IdP is served as `http://localhost:PORT` (a host name,
so a valid WebAuthn RP ID, and a secure context), so a holder who logged in at the demo RP with
the card enrols a passkey on the IdP's account page and later logs in to the demo RP with it,
in headless Chromium with a CDP virtual authenticator."""

from __future__ import annotations

import pytest

from tests.e2e.browser import demo_rp_login_with_claims, virtual_authenticator
from tests.e2e.processes import signers_world


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    directory = tmp_path_factory.mktemp("passkey-up")
    with signers_world(directory, ("idp", "wallet", "demo-rp")) as (urls, residents):
        yield urls, residents


def test_a_passkey_is_enrolled_and_used_in_jpki_up(world, browser_page):
    urls, residents = world
    assert urls["idp"].startswith("http://localhost:")
    page = browser_page
    cdp, authenticator = virtual_authenticator(page)
    demo_rp_login_with_claims(page, urls["demo-rp"], residents[0])  # the card, with its PIN

    page.goto(f"{urls['idp']}/account")  # the IdP session of that login
    page.get_by_test_id("passkey-enrol").click()
    page.get_by_test_id("passkeys").wait_for()
    assert page.get_by_test_id("passkey-state").inner_text() == "Active"
    held = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert len(held["credentials"]) == 1
    assert held["credentials"][0]["rpId"] == "localhost"

    page.goto(f"{urls['demo-rp']}/logout")  # a new login is needed
    page.get_by_test_id("logged-out").wait_for()
    page.goto(f"{urls['demo-rp']}/login?acr=certificate&scope=openid")  # accepts a passkey
    page.get_by_test_id("passkey-login").click()
    page.get_by_test_id("claim-acr").wait_for()
    assert page.get_by_test_id("claim-acr").inner_text() == "urn:jpki:acr:passkey"
