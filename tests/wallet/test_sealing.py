"""The wallet seals a 代行 service's login to the platform it is configured with: the service
receives one JWE and nothing in the clear, which only the platform's key opens; a service that
names another platform (itself) gets nothing."""

from __future__ import annotations

import datetime as dt

import httpx
from fastapi.testclient import TestClient
from joserfc.jwk import ECKey

from jpki.card.os import Card
from jpki.client.readers import InProcessReader
from jpki.clock import ManualClock
from jpki.protocol.levels import Level
from jpki.protocol.sealing import SEALING_KEY_PATH, open_sealed
from jpki.protocol.wallet import Challenge, LoginRequest, RelyingParty, SealTo
from jpki.wallet.app import WalletConfig, build_wallet_app
from jpki.wallet.cards import CardEntry, ListedCards
from tests.holders import AUTH_PIN, START

SERVICE, PLATFORM, WALLET = "http://127.0.0.1:8401", "http://127.0.0.1:8402", "http://testserver"
TARGET = f"{SERVICE}/wallet/v1/logins/abc"
NONCE = "n" * 43
"""base64url of 256 bits."""


def login_request(seal_to: str | None) -> LoginRequest:
    return LoginRequest.asking(
        "abc", RelyingParty(name="Bank", uri=SERVICE), Level.PIN, [Level.PIN],
        Challenge(nonce=NONCE, provider="demo-bank", origin=SERVICE),
        state="pending", expires_at=START + dt.timedelta(minutes=5),
        seal_to=SealTo(platform=seal_to) if seal_to else None,
    )  # fmt: skip


def answered(personalised, asked: LoginRequest, key: ECKey) -> tuple[httpx.Response, list]:  # type: ignore[no-untyped-def]
    """The wallet's page after answering `asked` with Taro's card, and what the service got."""
    store, _ = personalised
    posted: list[httpx.Request] = []

    def world(request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        if url == PLATFORM + SEALING_KEY_PATH:
            return httpx.Response(200, json=key.as_dict(private=False))
        if request.method == "POST":
            posted.append(request)
            return httpx.Response(200, json={"state": "authenticated"})
        return httpx.Response(200, json=asked.to_json())

    config = WalletConfig(
        [SERVICE], ListedCards([CardEntry("taro", "Taro")], lambda _: InProcessReader(Card(store))),
        ManualClock(START), WALLET, platform=PLATFORM,
    )  # fmt: skip
    wallet = TestClient(
        build_wallet_app(config, httpx.Client(transport=httpx.MockTransport(world)))
    )
    form = {"target": TARGET, "card": "taro", "pin": AUTH_PIN}
    page = wallet.post("/request", data=form, headers={"Origin": WALLET})
    return page, posted


def test_the_service_receives_only_what_the_platform_opens(personalised):
    _, issued = personalised
    key = ECKey.generate_key("P-256", private=True)
    page, posted = answered(personalised, login_request(PLATFORM), key)
    assert page.status_code == 200, page.text
    body = httpx.Response(200, content=posted[0].content).json()
    assert [field for field, value in body.items() if value is not None] == ["sealed"]
    login = open_sealed(body["sealed"], key)
    assert (login.nonce, login.provider, login.origin) == (NONCE, "demo-bank", SERVICE)
    auth = next(c for c in issued.certificates if c.purpose.value == "auth")
    assert login.certificate
    assert login.signature
    assert auth.der.hex() not in posted[0].content.hex()


def test_a_service_naming_another_platform_gets_nothing(personalised):
    key = ECKey.generate_key("P-256", private=True)
    page, posted = answered(personalised, login_request(SERVICE), key)
    assert page.status_code == 400
    assert "does not know" in page.text
    assert posted == []


def test_a_login_that_names_no_platform_is_answered_in_the_clear(personalised):
    key = ECKey.generate_key("P-256", private=True)
    page, posted = answered(personalised, login_request(None), key)
    assert page.status_code == 200, page.text
    assert "certificate" in httpx.Response(200, content=posted[0].content).json()
