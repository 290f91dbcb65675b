"""The holder's ordinary mistakes in the wallet (issue 20): a PIN or password of the wrong form
never reaches the card (no try is spent), a wrong PIN is corrected on the same page with the
tries left, a card without a signing certificate is named as such in a sentence, the single
method offered is preselected, and every outcome leads back to the service."""

from __future__ import annotations

import datetime as dt
import re

import httpx
from fastapi.testclient import TestClient

from jpki.card.os import Card
from jpki.client.readers import InProcessReader
from jpki.clock import ManualClock
from jpki.protocol.levels import Level
from jpki.protocol.wallet import Challenge, LoginRequest, RelyingParty
from jpki.wallet.app import WalletConfig, build_wallet_app
from jpki.wallet.cards import CardEntry, ListedCards
from tests.holders import AUTH_PIN, SIGN_PASSWORD, START

SERVICE, WALLET = "http://127.0.0.1:8401", "http://testserver"
TARGET = f"{SERVICE}/wallet/v1/logins/abc"


def login_request(levels=(Level.PIN,), consent: str | None = None) -> LoginRequest:
    return LoginRequest.asking(
        "abc", RelyingParty(name="Bank", uri=SERVICE), levels[0], list(levels),
        Challenge(nonce="n" * 43, provider="demo-bank", origin=SERVICE),
        state="pending", expires_at=START + dt.timedelta(minutes=5), signing_consent=consent,
    )  # fmt: skip


def wallet_for(personalised, asked, *, can_sign=True):
    """The wallet holding Taro's card, facing a service that asks `asked`; what it posted."""
    store, _ = personalised
    posted: list[httpx.Request] = []

    def service(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            posted.append(request)
            return httpx.Response(200, json={"state": "done"})
        return httpx.Response(200, json=asked.to_json())

    cards = ListedCards(
        [CardEntry("taro", "Taro", can_sign=can_sign)], lambda _: InProcessReader(Card(store))
    )
    config = WalletConfig([SERVICE], cards, ManualClock(START), WALLET)
    client = httpx.Client(transport=httpx.MockTransport(service))
    return TestClient(build_wallet_app(config, client), base_url=WALLET), posted, store


def tries(store) -> int:
    with store.change() as change:
        return change.image.pins["auth"].tries_left


def answer(wallet, **form):
    return wallet.post(
        "/request", data={"target": TARGET, "card": "taro", "decision": "approve", **form}
    )


def test_a_pin_of_the_wrong_form_is_corrected_in_place_and_spends_no_try(personalised):
    wallet, posted, store = wallet_for(personalised, login_request())
    before = tries(store)
    for pin in ("123", "12345", "abcd", ""):
        shown = answer(wallet, pin=pin, method="pin")
        assert shown.status_code == 400
        assert "The PIN is 4 digits" in shown.text
        assert 'data-testid="approve"' in shown.text  # the request page again, not a dead end
    assert tries(store) == before
    assert posted == []


def test_a_wrong_pin_is_retried_on_the_same_page_with_the_tries_left(personalised):
    wallet, posted, _ = wallet_for(personalised, login_request())
    wrong = "0000" if AUTH_PIN != "0000" else "1111"
    shown = answer(wallet, pin=wrong, method="pin")
    assert shown.status_code == 403
    assert re.search(r'data-testid="tries-left">2<', shown.text)
    assert 'data-testid="approve"' in shown.text
    assert posted == []
    done = answer(wallet, pin=AUTH_PIN, method="pin")  # corrected in place
    assert done.status_code == 200, done.text
    assert len(posted) == 1
    assert f'href="{SERVICE}"' in done.text  # the way back to the service


def test_a_signing_password_of_the_wrong_form_never_reaches_the_card(personalised):
    consent = "Q29uc2VudA=="
    wallet, posted, _ = wallet_for(personalised, login_request(consent=consent))
    for password in ("ABC", "abc123xyz", "ABC-123-XYZ", "A" * 17):
        shown = answer(wallet, pin=AUTH_PIN, method="pin", sign_password=password)
        assert shown.status_code == 400
        assert "6 to 16 capital letters" in shown.text
    assert posted == []
    assert SIGN_PASSWORD  # the right form passes the check (and reaches the card)


def test_a_card_without_a_signing_certificate_says_so_in_a_sentence(personalised):
    wallet, posted, _ = wallet_for(
        personalised, login_request(consent="Q29uc2VudA=="), can_sign=False
    )
    shown = wallet.get("/request", params={"login": TARGET})
    assert "no signing certificate (under 15)" in shown.text
    refused = answer(wallet, pin=AUTH_PIN, method="pin", sign_password=SIGN_PASSWORD)
    assert refused.status_code == 400
    assert "issued only to residents aged 15 or over" in refused.text
    assert "6A82" not in refused.text
    assert posted == []


def test_the_single_method_offered_is_preselected(personalised):
    wallet, _, _ = wallet_for(personalised, login_request(levels=(Level.CERTIFICATE,)))
    shown = wallet.get("/request", params={"login": TARGET}).text
    assert re.search(r'value="certificate" data-testid="method-certificate" checked', shown)


def test_a_refusal_leads_back_to_the_service(personalised):
    wallet, _, _ = wallet_for(personalised, login_request())
    refused = wallet.post("/request", data={"target": TARGET, "decision": "refuse"})
    assert f'href="{SERVICE}"' in refused.text
