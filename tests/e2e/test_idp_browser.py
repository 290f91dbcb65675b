"""`jpki up` with the IdP, the wallet and the demo RP, driven in headless Chromium as a card
holder would: the RP's login page, the wallet (same device), consent, the RP's page."""

from __future__ import annotations

import base64
import subprocess
from urllib.parse import urlencode

import httpx
import pytest

from tests.e2e.processes import signers_world


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    directory = tmp_path_factory.mktemp("idp-up")
    with signers_world(directory, ("idp", "wallet", "demo-rp")) as (urls, residents):
        yield urls, residents, directory


@pytest.fixture
def page(browser_page):
    return browser_page


def start_login(page, urls, level="pin"):
    page.goto(f"{urls['demo-rp']}/")
    page.get_by_test_id(f"login-{level}").click()
    page.get_by_test_id("same-device").wait_for()
    assert page.get_by_test_id("rp-name").inner_text() == "デモ銀行 / Demo Bank"
    page.get_by_test_id("same-device").click()
    page.get_by_test_id("approve").wait_for()


def wallet_approve(page, resident, *, pin=None, method=None, password=True):
    page.get_by_test_id("card").select_option(resident["id"])
    if method:
        page.get_by_test_id(f"method-{method}").check()
    page.get_by_test_id("pin").fill(pin if pin is not None else resident["auth_pin"])
    if password:
        page.get_by_test_id("sign-password").fill(resident["sign_password"])
    page.get_by_test_id("approve").click()


def decide(page, decision):
    """On the IdP's consent screen (after the wallet sent the browser back)."""
    page.wait_for_url("**/login/*/continue*")
    page.get_by_test_id(decision).click()


def test_login_with_pin_consent_and_claims(world, page):
    urls, residents, _ = world
    holder = residents[0]
    start_login(page, urls)
    assert "Your name" in page.get_by_test_id("items").inner_text()
    wallet_approve(page, holder)
    page.wait_for_url("**/login/*/continue*")
    assert page.get_by_test_id("rp-verified").is_visible()  # the operator's name
    contents = page.get_by_test_id("certificate-contents").inner_text()
    assert holder["name"] in contents  # what the RP gets with each signature, shown
    assert holder["address"] in contents
    decide(page, "approve")
    page.get_by_test_id("claim-sub").wait_for()
    assert page.get_by_test_id("claim-acr").inner_text() == "urn:jpki:acr:pin"
    assert page.get_by_test_id("claim-name").inner_text() == holder["name"]
    shown = page.locator("main, body").first.inner_text()
    for python_object in ("{'", "['", "None"):
        assert python_object not in shown  # claims in words (issue 20)
    assert "JST" in page.get_by_test_id("claim-auth_time").inner_text()
    assert holder["address"] in page.get_by_test_id("claim-address").inner_text()


def test_a_self_registered_name_is_marked_unverified_with_its_host(world, page):
    """A client registering itself as e-Tax is shown as an unverified name at its own host."""
    urls, residents, _ = world
    made = httpx.post(
        f"{urls['idp']}/register",
        json={"client_name": "国税庁 e-Tax", "redirect_uris": ["http://127.0.0.1:9/cb"]},
    ).json()
    query = urlencode(
        {
            "response_type": "code", "client_id": made["client_id"], "scope": "openid",
            "redirect_uri": "http://127.0.0.1:9/cb", "state": "s", "code_challenge_method": "S256",
            "code_challenge": base64.urlsafe_b64encode(b"x" * 32).rstrip(b"=").decode(),
        }
    )  # fmt: skip
    page.goto(f"{urls['idp']}/authorize?{query}")
    assert "127.0.0.1:9" in page.get_by_test_id("rp-unverified").inner_text()
    assert page.get_by_test_id("rp-verified").count() == 0
    page.get_by_test_id("same-device").click()
    assert "未確認の名称" in page.get_by_test_id("rp-name").inner_text()  # in the wallet too
    wallet_approve(page, residents[2], password=False)
    page.wait_for_url("**/login/*/continue*")
    assert page.get_by_test_id("rp-name").inner_text() == "国税庁 e-Tax"
    assert "127.0.0.1:9" in page.get_by_test_id("rp-unverified").inner_text()


def test_consent_denied_returns_access_denied(world, page):
    urls, residents, _ = world
    start_login(page, urls)
    wallet_approve(page, residents[1])
    decide(page, "deny")
    assert "access_denied" in page.get_by_test_id("error").inner_text()


def test_wrong_pin_three_times_then_blocked(world, page):
    urls, residents, _ = world
    holder = residents[2]
    wrong = "0000" if holder["auth_pin"] != "0000" else "1111"
    for tries_left in (2, 1):
        start_login(page, urls)
        wallet_approve(page, holder, pin=wrong)
        assert page.get_by_test_id("tries-left").inner_text() == str(tries_left)
    start_login(page, urls)
    wallet_approve(page, holder, pin=wrong)
    assert page.get_by_test_id("blocked-help").is_visible()
    start_login(page, urls)
    wallet_approve(page, holder)  # even the right PIN: the card is blocked now
    assert "blocked" in page.get_by_test_id("message").inner_text()


@pytest.mark.parametrize("level", ["pinless", "certificate"])
def test_lower_levels_are_reported_in_the_id_token(world, page, level):
    urls, residents, _ = world
    start_login(page, urls, level)
    wallet_approve(page, residents[0], method=level)
    # the holder consented in the first test: remembered, no consent screen this time
    page.get_by_test_id("claim-acr").wait_for()
    assert page.get_by_test_id("claim-acr").inner_text() == f"urn:jpki:acr:{level}"


def test_signing_transaction_verifies_with_openssl(world, page, tmp_path):
    urls, residents, directory = world
    holder = residents[0]
    start_login(page, urls)
    wallet_approve(page, holder)
    page.wait_for_selector("[data-testid=sign], form[action$='/consent']")
    if page.locator("form[action$='/consent']").count():  # unless remembered from before
        page.get_by_test_id("approve").click()
    page.get_by_test_id("sign").click()  # the RP asks; the IdP shows the QR page
    page.wait_for_url("**/sign/*")
    request_id = page.url.rsplit("/", 1)[-1]  # the RP's session cookie is sealed: not from it
    page.get_by_test_id("same-device").click()
    assert page.get_by_test_id("document").inner_text() == "利用規約 / Terms"
    page.get_by_test_id("card").select_option(holder["id"])
    page.get_by_test_id("sign-password").fill(holder["sign_password"])
    page.get_by_test_id("approve").click()
    outcome = page.get_by_test_id("sign-outcome")  # the wallet returns the holder to the RP
    assert outcome.get_attribute("data-state") == "signed"
    assert page.url.startswith(urls["demo-rp"])
    assert page.get_by_test_id("signature-json").is_visible()  # sign_certificate: released
    cookies = {c["name"]: c["value"] for c in page.context.cookies(urls["demo-rp"])}
    rp = httpx.Client(base_url=urls["demo-rp"], cookies=cookies)
    result = rp.get(f"/signatures/{request_id}").json()
    assert result["status"] == "signed"
    (tmp_path / "doc").write_bytes(rp.get(f"/documents/{request_id}").content)
    (tmp_path / "sig.der").write_bytes(base64.b64decode(result["cms"]))
    verified = subprocess.run(
        [
            "openssl", "cms", "-verify", "-inform", "DER", "-in", tmp_path / "sig.der",
            "-content", tmp_path / "doc", "-CAfile", directory / "roots" / "sign-ca.pem",
            "-binary", "-purpose", "any", "-out", "/dev/null",
        ],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert verified.returncode == 0, verified.stderr


def test_consent_withdrawn_on_the_account_page_is_asked_again(world, page):
    urls, residents, _ = world
    holder = residents[1]  # denied in an earlier test: nothing remembered yet
    start_login(page, urls)
    wallet_approve(page, holder)
    decide(page, "approve")
    page.get_by_test_id("claim-sub").wait_for()

    page.goto(f"{urls['idp']}/account")  # the IdP session from the login is still open
    consents = page.get_by_test_id("consents")
    assert "Demo Bank" in consents.inner_text()
    page.get_by_test_id("revoke").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("consents").count() == 0
    assert "not consented to any service" in page.locator("main").inner_text()

    page.context.clear_cookies()  # a new visit: no sessions at the RP or the IdP
    start_login(page, urls)  # the RP asks again: the consent screen is back
    wallet_approve(page, holder)
    decide(page, "approve")
    page.get_by_test_id("claim-sub").wait_for()


def test_rp_initiated_logout_ends_both_sessions(world, page):
    urls, residents, _ = world
    start_login(page, urls)
    wallet_approve(page, residents[0])
    page.wait_for_selector("[data-testid=claim-sub], form[action$='/consent']")
    if page.locator("form[action$='/consent']").count():
        page.get_by_test_id("approve").click()
    page.get_by_test_id("claim-sub").wait_for()
    page.get_by_test_id("logout").click()  # RP -> IdP end_session -> back to the RP
    page.get_by_test_id("login-pin").wait_for()
    assert page.url.startswith(urls["demo-rp"])
    assert page.get_by_test_id("claim-sub").count() == 0
    page.goto(f"{urls['idp']}/account")  # no IdP session either: the card is asked for
    page.get_by_test_id("same-device").wait_for()
    assert page.get_by_test_id("consents").count() == 0
