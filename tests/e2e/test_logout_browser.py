"""Logout through `jpki up` (issue 23 item 4), in headless Chromium and over HTTP to the real
servers: the demo RP's logout button does RP-initiated logout at the IdP, whose logout page
loads the demo RP's front-channel logout in a frame (with `iss` and `sid`) and posts it a
back-channel logout token, then returns to the RP with its `state`. A cookie of the RP kept
from before opens nothing afterwards (its IdP session ended); bad logout tokens are refused 400.
"""

from __future__ import annotations

import secrets
import time
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import ECKey
from schemathesis.checks import not_a_server_error
from sqlalchemy import select

from jpki.clock import SystemClock
from jpki.idp.keys import KeyRing
from jpki.idp.logout import BACKCHANNEL_EVENT
from jpki.idp.settings import IdpSettings
from jpki.idp.store.database import Database
from jpki.idp.store.models import LogoutDeliveryRow
from jpki.world.idp import DEMO_RP_ID
from tests.e2e.browser import demo_rp_login_with_claims
from tests.e2e.processes import signers_world
from tests.e2e.readable import page_problems
from tests.openapi_fuzz import fuzz_served


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    directory = tmp_path_factory.mktemp("logout-up")
    with signers_world(directory, ("idp", "wallet", "demo-rp")) as (urls, residents):
        yield urls, residents, directory


def logged_in(page, urls, holder):
    demo_rp_login_with_claims(page, urls["demo-rp"], holder)


def delivered_logouts(directory):
    """The IdP's back-channel outbox rows delivered to the demo RP (read from its database)."""
    database = Database(IdpSettings.load(directory).resolved_database_url)
    try:
        with database.transaction() as session:
            return session.scalars(
                select(LogoutDeliveryRow.delivered_at).where(
                    LogoutDeliveryRow.client_id == DEMO_RP_ID,
                    LogoutDeliveryRow.delivered_at.is_not(None),
                )
            ).all()
    finally:
        database.dispose()


def test_the_logout_button_logs_out_everywhere_through_both_channels(world, browser_page):
    urls, residents, directory = world
    before = len(delivered_logouts(directory))
    page = browser_page
    logged_in(page, urls, residents[0])
    kept = [c for c in page.context.cookies() if urls["demo-rp"].split("//")[1].split(":")[0]
            in c["domain"]]  # fmt: skip
    assert kept
    frames: list[str] = []
    page.on(
        "request",
        lambda request: (
            frames.append(request.url) if "/frontchannel-logout" in request.url else None
        ),
    )
    page.get_by_test_id("logout").click()  # RP -> IdP end_session (frames) -> back to the RP
    page.get_by_test_id("logged-out").wait_for()
    assert page.url.startswith(urls["demo-rp"])
    assert "state=" in page.url  # the RP's state came back, and matched (the notice)
    [frame] = frames
    query = parse_qs(urlsplit(frame).query)
    assert query["iss"] == [urls["idp"]]
    assert len(query["sid"][0]) >= 20
    deadline = time.monotonic() + 30
    while len(delivered_logouts(directory)) == before and time.monotonic() < deadline:
        time.sleep(0.5)
    assert len(delivered_logouts(directory)) == before + 1  # the back channel answered 200

    page.context.add_cookies(kept)  # the RP's session cookie from before the logout
    page.goto(f"{urls['demo-rp']}/")
    page.get_by_test_id("login-pin").wait_for()  # its IdP session ended: nobody here
    assert page.get_by_test_id("claim-sub").count() == 0
    page.goto(f"{urls['idp']}/account")
    page.get_by_test_id("same-device").wait_for()  # and no IdP session either


def test_the_logout_pages_read_well_in_both_languages(world, browser_page):
    urls, residents, _ = world
    page = browser_page
    for lang, words in (("en", "Log out?"), ("ja", "ログアウトしますか")):
        page.goto(f"{urls['idp']}/logout?client_id={DEMO_RP_ID}&lang={lang}")
        assert words in page.locator("main, body").first.inner_text()
        assert page_problems(page) == []
    logged_in(page, urls, residents[1])
    page.route("**/frontchannel-logout*", lambda route: route.abort())  # stay on the page
    page.goto(f"{urls['demo-rp']}/logout")
    page.get_by_test_id("logged-out").wait_for()  # frames failing does not hold the holder
    page.goto(f"{urls['demo-rp']}/?lang=ja")
    assert page_problems(page) == []


def idp_key(directory):
    settings = IdpSettings.load(directory)
    database = Database(settings.resolved_database_url)
    try:
        return KeyRing(database, SystemClock()).signing_key("ES256"), settings.issuer
    finally:
        database.dispose()


def logout_token(key, issuer, **changes):
    now = int(time.time())
    claims = {
        "iss": issuer, "aud": DEMO_RP_ID, "iat": now, "exp": now + 120,
        "jti": secrets.token_urlsafe(12), "sid": secrets.token_urlsafe(18),
        "events": {BACKCHANNEL_EVENT: {}}, **changes,
    }  # fmt: skip
    claims = {k: v for k, v in claims.items() if v is not None}
    return jwt.encode({"alg": "ES256", "kid": key.kid, "typ": "logout+jwt"}, claims, key)


def test_the_demo_rp_refuses_bad_logout_tokens(world):
    urls, _, directory = world
    key, issuer = idp_key(directory)
    endpoint = f"{urls['demo-rp']}/backchannel-logout"

    def post(token):
        return httpx.post(endpoint, data={"logout_token": token}, timeout=30)

    valid = logout_token(key, issuer)
    assert post(valid).status_code == 200
    replayed = post(valid)
    assert replayed.status_code == 400
    assert "jti" in replayed.json()["error_description"]
    assert replayed.headers["cache-control"] == "no-store"
    stranger = ECKey.generate_key("P-256", parameters={"kid": key.kid})
    for bad in (
        logout_token(stranger, issuer),  # not the IdP's signature
        logout_token(key, issuer, events=None),
        logout_token(key, issuer, nonce="n"),
        logout_token(key, issuer, aud="another-rp"),
        "garbage",
    ):
        answer = post(bad)
        assert answer.status_code == 400, answer.text
        assert answer.json()["error"] == "invalid_request"
    assert httpx.post(endpoint, json={"logout_token": valid}, timeout=30).status_code == 400
    assert httpx.get(f"{urls['demo-rp']}/frontchannel-logout?sid=x", timeout=30).status_code == 400


def test_no_input_makes_the_demo_rps_logout_endpoints_fail(world):
    """schemathesis over the demo RP (its logout endpoints among them), served by jpki up."""
    urls, _, _ = world
    assert fuzz_served(urls["demo-rp"], [not_a_server_error], at_least=8, examples=30) >= 8
