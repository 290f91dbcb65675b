"""The wallet facing a service that answers something other than its JSON: a clear page,
never a server error."""

from __future__ import annotations

import datetime as dt
import hashlib

import httpx
import pytest
from fastapi.testclient import TestClient

from jpki.clock import ManualClock
from jpki.protocol.wallet import RelyingParty, SignatureRequest
from jpki.wallet.app import WalletConfig, build_wallet_app
from jpki.wallet.cards import ListedCards
from jpki.wallet.holder import answer_signature

SERVICE = "http://127.0.0.1:9"
TARGET = f"{SERVICE}/wallet/v1/logins/abc"


def wallet_facing(handler) -> TestClient:
    http = httpx.Client(transport=httpx.MockTransport(handler))
    config = WalletConfig(
        [SERVICE],
        ListedCards([], lambda _: None),
        ManualClock(dt.datetime(2026, 11, 23, tzinfo=dt.UTC)),
        "http://testserver",
    )
    return TestClient(build_wallet_app(config, http), raise_server_exceptions=False)


def test_a_service_error_page_is_reported_not_crashed_on() -> None:
    wallet = wallet_facing(lambda request: httpx.Response(500, text="Internal Server Error"))
    shown = wallet.get("/request", params={"login": TARGET})
    assert shown.status_code == 400
    assert "without JSON" in shown.text


def test_a_service_answering_a_json_list_is_refused() -> None:
    wallet = wallet_facing(lambda request: httpx.Response(200, json=["not", "an", "object"]))
    shown = wallet.get("/request", params={"login": TARGET})
    assert shown.status_code == 400
    assert "not a JSON object" in shown.text


CONSENT = "Consent to release the basic 4 information / 基本4情報の提供に関する同意\n提供先: Demo\n"


def signature_request(text: str, digest: str) -> SignatureRequest:
    return SignatureRequest(
        id="abc",
        relying_party=RelyingParty(name="Demo", uri=SERVICE),
        document_name="consent",
        digest=digest,
        text=text,
        pdf=False,
        state="pending",
        expires_at=dt.datetime(2026, 11, 23, 0, 5, tzinfo=dt.UTC),
    )


def test_the_holder_reads_the_text_they_are_asked_to_sign() -> None:
    """Issue 25 item 5: the wallet showed only a document name and a digest."""
    asked = signature_request(CONSENT, hashlib.sha256(CONSENT.encode()).hexdigest())
    wallet = wallet_facing(lambda request: httpx.Response(200, json=asked.model_dump(mode="json")))
    shown = wallet.get("/request", params={"signature": f"{SERVICE}/wallet/v1/signatures/abc"})
    assert shown.status_code == 200, shown.text
    assert 'data-testid="document-text"' in shown.text
    assert "基本4情報の提供に関する同意" in shown.text


def test_a_text_that_is_not_the_signed_document_is_refused_before_the_card() -> None:
    asked = signature_request(CONSENT, hashlib.sha256(b"something else").hexdigest())
    with pytest.raises(ValueError, match="not the document signed"):
        answer_signature(
            None,  # type: ignore[arg-type]  # never reached: the card is not touched
            asked,
            None,
            sign_password="",
            now=dt.datetime(2026, 11, 23, tzinfo=dt.UTC),
        )
