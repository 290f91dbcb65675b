"""A 代行 service relays sealed logins unread: its wallet logins ask for a sealed challenge and
name the platform as `seal_to`, and what it posts to the platform is the sealed token alone;
a 委託 service (no `seal_to`) asks for neither."""

from __future__ import annotations

import json

import httpx
import pytest

from jpki.apps.kit.card_requests import CardRequests
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.database import AppsDatabase
from jpki.apps.kit.platform_api import PlatformApi, PlatformRefusedInput
from jpki.clock import ManualClock
from jpki.protocol.wallet import LoginAnswer
from tests.holders import START

ORIGIN, PLATFORM = "http://127.0.0.1:8401", "http://127.0.0.1:8402"
NONCE = "n" * 43


def service(tmp_path, seal_to: str | None) -> tuple[ServiceContext, list[dict]]:  # type: ignore[no-untyped-def]
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
    context, sent = service(tmp_path, PLATFORM)
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
