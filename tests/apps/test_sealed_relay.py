"""A 代行 service relays sealed logins and signatures unread: its wallet logins ask for a
sealed challenge and name the platform as `seal_to`, its signature requests name the platform
and its tenant, and what it posts to the platform is the sealed token alone (beside the signed
content); a signature answered in the clear is refused before it reaches a handler; a 委託
service (no `seal_to`) asks for none of it."""

from __future__ import annotations

import base64
import json

import httpx
import pytest

from jpki.apps.kit.card_requests import SEALING_REQUIRED, CardRefusal, CardRequests
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.database import AppsDatabase
from jpki.apps.kit.platform_api import PlatformApi, PlatformRefusedInput
from jpki.clock import ManualClock
from jpki.protocol.wallet import LoginAnswer, SealTo, SignatureAnswer
from tests.holders import START

ORIGIN, PLATFORM = "http://127.0.0.1:8401", "http://127.0.0.1:8402"
NONCE = "n" * 43


SEAL_TO = SealTo(platform=PLATFORM, tenant="demo-bank")
APPLICATION = "Demo Bank account application / 口座開設申込".encode()


def service(tmp_path, seal_to: SealTo | None) -> tuple[ServiceContext, list[dict]]:  # type: ignore[no-untyped-def]
    """A service context whose platform records every body it is sent."""
    sent: list[dict] = []

    def platform(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        sent.append(body)
        if request.url.path == "/v1/challenges":
            issued = {"nonce": NONCE, "provider": "demo-bank", "origin": ORIGIN}
            return httpx.Response(201, json=issued | {"sealed": body["sealed"]})
        return httpx.Response(400, json={"error": "sealed-unreadable: ..."})

    context = ServiceContext(
        origin=ORIGIN, wallet_url="http://127.0.0.1:8403",
        platform=PlatformApi(PLATFORM, "key", httpx.Client(transport=httpx.MockTransport(platform))),
        database=AppsDatabase(f"sqlite:///{tmp_path / 'apps.db'}"), clock=ManualClock(START),
        session_secret="s" * 32, folder=tmp_path, seal_to=seal_to,
    )  # fmt: skip
    return context, sent


def asked(context: ServiceContext):  # type: ignore[no-untyped-def]
    requests = CardRequests("Bank", ORIGIN, context.clock, seal_to=context.seal_to)
    requests.on_login("login")(lambda request, answer: {})
    return requests.login("login", "browser", context.login_challenge()).asked


def test_a_daiko_service_asks_for_a_sealed_login_and_relays_only_the_token(tmp_path):
    context, sent = service(tmp_path, SEAL_TO)
    request = asked(context)
    assert sent[0] == {"origin": ORIGIN, "sealed": True}
    assert request.seal_to is not None
    assert request.seal_to.platform == PLATFORM
    challenge = {"nonce": NONCE, "origin": ORIGIN}
    with pytest.raises(PlatformRefusedInput):  # the platform's 400; what was sent is the point
        context.platform.authenticate(challenge, LoginAnswer(sealed="a.b.c.d.e"))
    assert sent[1] == {"nonce": NONCE, "origin": ORIGIN, "sealed": "a.b.c.d.e"}


def test_an_itaku_service_asks_for_answers_in_the_clear(tmp_path):
    context, sent = service(tmp_path, None)
    request = asked(context)
    assert sent[0] == {"origin": ORIGIN, "sealed": False}
    assert request.seal_to is None


def signing(context: ServiceContext) -> tuple[CardRequests, str]:
    """A service whose signature handler registers the signer, as every 代行 service's does."""
    requests = CardRequests("Bank", ORIGIN, context.clock, seal_to=context.seal_to)

    @requests.on_signature("open")
    def _open(request, answer):  # type: ignore[no-untyped-def]
        registered = context.platform.register_customer("R1", answer, request.context["content"])
        return {"receipt": registered.receipt}

    return requests, requests.signature("open", "browser", "application", APPLICATION).id


def test_a_daiko_service_relays_a_sealed_signature_and_refuses_one_in_the_clear(tmp_path):
    context, sent = service(tmp_path, SEAL_TO)
    requests, request_id = signing(context)
    assert requests.signature_request(request_id).seal_to == SEAL_TO
    with pytest.raises(CardRefusal) as clear:
        requests.answer_signature(request_id, SignatureAnswer(cms="MIIC"))
    assert clear.value.code == SEALING_REQUIRED
    assert sent == []  # nothing in the clear reached the platform ...
    assert requests.signature_request(request_id).state == "pending"  # ... nor spent the request
    with pytest.raises(CardRefusal):  # the platform's 400; what was sent is the point
        requests.answer_signature(request_id, SignatureAnswer(sealed="a.b.c.d.e"))
    content = base64.b64encode(APPLICATION).decode()
    assert sent == [{"reference": "R1", "sealed": "a.b.c.d.e", "content": content}]


def test_an_itaku_service_and_a_pdf_ask_for_signatures_in_the_clear(tmp_path):
    context, _ = service(tmp_path, None)
    requests, request_id = signing(context)
    assert requests.signature_request(request_id).seal_to is None
    daiko, _ = service(tmp_path, SEAL_TO)
    pdf_requests = CardRequests("Bank", ORIGIN, daiko.clock, seal_to=daiko.seal_to)
    pdf_requests.on_signature("contract")(lambda request, answer: {})
    pdf = pdf_requests.signature("contract", "browser", "contract.pdf", b"%PDF-1.7", pdf=True)
    assert pdf_requests.signature_request(pdf.id).seal_to is None
