"""The wallet seals a 代行 service's login and signature to the platform it is configured
with: the service receives one JWE and nothing in the clear, which only the platform's key
opens; a service that names another platform (itself) gets nothing."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib

import httpx
import pytest
from fastapi.testclient import TestClient
from joserfc.jwk import ECKey

from jpki.card.os import Card
from jpki.client.readers import InProcessReader
from jpki.clock import ManualClock
from jpki.protocol.levels import Level
from jpki.protocol.sealing import (
    SEALING_KEY_PATH,
    SealedLogin,
    SealedSignature,
    SealRefused,
    open_sealed,
)
from jpki.protocol.wallet import (
    Challenge,
    LoginRequest,
    RelyingParty,
    SealTo,
    SignatureAnswer,
    SignatureRequest,
)
from jpki.wallet.app import WalletConfig, build_wallet_app
from jpki.wallet.cards import CardEntry, ListedCards
from jpki.wallet.sealing import sealed_signature
from tests.holders import AUTH_PIN, SIGN_PASSWORD, START

SERVICE, PLATFORM, WALLET = "http://127.0.0.1:8401", "http://127.0.0.1:8402", "http://testserver"
TARGET = f"{SERVICE}/wallet/v1/logins/abc"
SIGNING = f"{SERVICE}/wallet/v1/signatures/abc"
APPLICATION = "Demo Bank account application / 口座開設申込".encode()
NONCE = "n" * 43
"""base64url of 256 bits."""


def login_request(seal_to: str | None) -> LoginRequest:
    return LoginRequest.asking(
        "abc", RelyingParty(name="Bank", uri=SERVICE), Level.PIN, [Level.PIN],
        Challenge(nonce=NONCE, provider="demo-bank", origin=SERVICE),
        state="pending", expires_at=START + dt.timedelta(minutes=5),
        seal_to=SealTo(platform=seal_to) if seal_to else None,
    )  # fmt: skip


def signature_request(
    seal_to: str | None, *, pdf: bool = False, tenant: str | None = "demo-bank"
) -> SignatureRequest:
    return SignatureRequest(
        id="abc", relying_party=RelyingParty(name="Bank", uri=SERVICE),
        document_name="application", digest=hashlib.sha256(APPLICATION).hexdigest(),
        text=APPLICATION.decode(), pdf=pdf, state="pending",
        expires_at=START + dt.timedelta(minutes=5),
        seal_to=SealTo(platform=seal_to, tenant=tenant) if seal_to else None,
    )  # fmt: skip


def answered(
    personalised, asked: LoginRequest | SignatureRequest, key: ECKey
) -> tuple[httpx.Response, list]:  # type: ignore[no-untyped-def]
    """The wallet's page after answering `asked` with Taro's card, and what the service got."""
    store, _ = personalised
    posted: list[httpx.Request] = []

    def world(request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        if url == PLATFORM + SEALING_KEY_PATH:
            return httpx.Response(200, json=key.as_dict(private=False))
        if request.method == "POST":
            posted.append(request)
            return httpx.Response(200, json={"state": "done"})
        return httpx.Response(200, json=asked.to_json())

    config = WalletConfig(
        [SERVICE], ListedCards([CardEntry("taro", "Taro")], lambda _: InProcessReader(Card(store))),
        ManualClock(START), WALLET, platform=PLATFORM,
    )  # fmt: skip
    wallet = TestClient(
        build_wallet_app(config, httpx.Client(transport=httpx.MockTransport(world)))
    )
    target = TARGET if isinstance(asked, LoginRequest) else SIGNING
    form = {"target": target, "card": "taro", "pin": AUTH_PIN, "sign_password": SIGN_PASSWORD}
    page = wallet.post("/request", data=form, headers={"Origin": WALLET})
    return page, posted


def test_the_service_receives_only_what_the_platform_opens(personalised):
    _, issued = personalised
    key = ECKey.generate_key("P-256", private=True)
    page, posted = answered(personalised, login_request(PLATFORM), key)
    assert page.status_code == 200, page.text
    body = httpx.Response(200, content=posted[0].content).json()
    assert [field for field, value in body.items() if value is not None] == ["sealed"]
    login = open_sealed(body["sealed"], key, SealedLogin)
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


def test_a_daiko_signature_reaches_the_service_only_sealed(personalised):
    _, issued = personalised
    key = ECKey.generate_key("P-256", private=True)
    page, posted = answered(personalised, signature_request(PLATFORM), key)
    assert page.status_code == 200, page.text
    body = httpx.Response(200, content=posted[0].content).json()
    assert [field for field, value in body.items() if value is not None] == ["sealed"]
    signed = open_sealed(body["sealed"], key, SealedSignature)
    assert (signed.request, signed.tenant, signed.origin) == ("abc", "demo-bank", SERVICE)
    assert signed.digest == hashlib.sha256(APPLICATION).hexdigest()
    sign = next(c for c in issued.certificates if c.purpose.value == "sign")
    assert sign.der in base64.b64decode(signed.cms)  # the CMS carries the certificate ...
    assert sign.der.hex() not in posted[0].content.hex()  # ... which the service never sees


def test_a_signature_for_another_platform_is_not_sent(personalised):
    key = ECKey.generate_key("P-256", private=True)
    page, posted = answered(personalised, signature_request(SERVICE), key)
    assert (page.status_code, posted) == (400, [])
    assert "does not know" in page.text


def test_a_signed_pdf_or_a_signature_for_no_tenant_is_never_sealed():
    key = ECKey.generate_key("P-256", private=True)
    published = httpx.MockTransport(lambda _: httpx.Response(200, json=key.as_dict(private=False)))
    for answer, asked in (
        (SignatureAnswer(pdf="JVBERi0="), signature_request(PLATFORM, pdf=True)),
        (SignatureAnswer(cms="MIIC"), signature_request(PLATFORM, tenant=None)),
    ):
        with pytest.raises(SealRefused) as refused:
            sealed_signature(answer, asked, SIGNING, PLATFORM, httpx.Client(transport=published))
        assert refused.value.code == "not-sealable"


def test_a_signature_that_names_no_platform_is_answered_in_the_clear(personalised):
    key = ECKey.generate_key("P-256", private=True)
    page, posted = answered(personalised, signature_request(None), key)
    assert page.status_code == 200, page.text
    assert "cms" in httpx.Response(200, content=posted[0].content).json()
