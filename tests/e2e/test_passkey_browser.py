"""Passkeys in headless Chromium with a CDP virtual authenticator (WebAuthn domain): a holder
logs in to their account with the card, enrols a passkey on the account page, then logs in to an
RP with it, and the ID token says `urn:jpki:acr:passkey` with `amr` hwk and user.

WebAuthn needs a host name as its RP ID (an IP address is none), so the IdP is served here on
`http://localhost:PORT`, a secure context to Chromium."""

from __future__ import annotations

import re
import socket
import threading
from urllib.parse import urlencode

import httpx
import pytest
import uvicorn

from jpki.idp.app import build_idp_app
from jpki.protocol.levels import Level
from tests.e2e.browser import virtual_authenticator
from tests.e2e.readable import page_problems
from tests.holders import make_holder
from tests.idp.flow import claims_of, open_idp, pkce, wallet_answer

CALLBACK = "http://127.0.0.1:9/callback"


@pytest.fixture
def served(authority, clock, tmp_path):
    """The IdP on a loopback socket at `localhost`, on its own platform."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    base = f"http://localhost:{sock.getsockname()[1]}"
    idp = open_idp(authority, clock, tmp_path, issuer=base)
    server = uvicorn.Server(uvicorn.Config(build_idp_app(idp), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        thread.join(0.05)
    yield idp, base
    server.should_exit = True
    thread.join(10)
    idp.close()
    idp.platform.close()


def test_enrol_a_passkey_after_the_card_and_log_in_with_it(served, authority, browser_page):
    idp, base = served
    page, holder = browser_page, make_holder(authority)
    cdp, authenticator = virtual_authenticator(page)
    wallet = httpx.Client(base_url=base, timeout=30)

    # the card login to the account page (the wallet's part answered as the wallet would)
    page.goto(f"{base}/account")
    page.get_by_test_id("qr").wait_for()
    login_id, answer = wallet_answer(wallet, _Page(page.content()), holder)
    assert answer.status_code == 200, answer.text
    page.goto(f"{base}/login/{login_id}/continue")
    page.get_by_test_id("passkey-enrol").click()
    page.get_by_test_id("passkeys").wait_for()
    assert page.get_by_test_id("passkey-state").inner_text() == "Active"
    assert page_problems(page) == []
    page.goto(f"{base}/account?lang=ja")
    assert page.get_by_test_id("passkey-state").inner_text() == "有効"
    assert page_problems(page) == []
    held = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert len(held["credentials"]) == 1

    # an RP that accepts a passkey; prompt=login so the IdP session does not answer
    client, secret = idp.clients.register({"client_name": "Shop", "redirect_uris": [CALLBACK]})
    verifier, challenge = pkce()
    query = {
        "response_type": "code", "client_id": client.client_id, "redirect_uri": CALLBACK,
        "scope": "openid", "state": "s1", "nonce": "n1", "code_challenge": challenge,
        "code_challenge_method": "S256", "acr_values": Level.PASSKEY.urn, "prompt": "login",
    }  # fmt: skip
    page.route(re.compile(r"http://127\.0\.0\.1:9/.*"), lambda route: route.fulfill(body="back"))
    page.goto(f"{base}/authorize?{urlencode({**query, 'ui_locales': 'ja'})}&lang=ja")
    page.get_by_test_id("passkey-login").wait_for()
    assert page_problems(page) == []
    page.goto(f"{base}/authorize?{urlencode(query)}")
    page.get_by_test_id("passkey-login").click()
    page.wait_for_url(re.compile(r".*/login/.*/continue"))
    page.get_by_test_id("approve").click()
    page.wait_for_url(re.compile(r"http://127\.0\.0\.1:9/callback.*"))
    code = re.search(r"code=([\w-]+)", page.url).group(1)
    tokens = wallet.post(
        "/token",
        data={
            "grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK,
            "code_verifier": verifier,
        },
        auth=(client.client_id, secret),
    ).json()  # fmt: skip
    id_token = claims_of(idp, tokens["id_token"]).claims
    assert id_token["acr"] == Level.PASSKEY.urn
    assert id_token["amr"] == ["hwk", "user"]


class _Page:
    """A page's HTML as the `flow` helpers read it (`.text`)."""

    def __init__(self, text: str) -> None:
        self.text = text
