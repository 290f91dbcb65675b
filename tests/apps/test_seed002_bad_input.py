"""A stranger's nonsense at the recycling box, the auction, the information bank or the venue
gets a 4xx, never a 5xx: unknown appliances and boxes, bad prices and names, pages that need a
login or a recipient's key, forged notifications, unknown card requests."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from schemathesis.checks import not_a_server_error

from jpki.apps.auction.app import build_auction_app
from jpki.apps.infobank.app import build_infobank_app
from jpki.apps.recycling.app import build_recycling_app
from jpki.apps.venue.app import build_venue_app
from tests.apps.fake_platform import ORIGIN, fake_context
from tests.holders import START
from tests.openapi_fuzz import fuzz_every_operation

HTML = {"accept": "text/html"}
COMMON = [
    ("GET", "/card/unknown/continue", None),
    ("GET", "/card/unknown/status", None),
    ("GET", "/wallet/v1/logins/unknown", None),
    ("GET", "/wallet/v1/signatures/unknown", None),
]
ASKED = {
    build_recycling_app: [
        ("GET", "/box?box=../../etc", None),
        ("GET", "/box?box=" + "x" * 40, None),
        ("POST", "/box/return", {"box": "box-1", "kind": "nuclear-reactor"}),
        ("POST", "/box/return", {"box": "<script>", "kind": "tv"}),
        ("POST", "/box/return", {}),
        ("GET", "/me", None),
    ],
    build_auction_app: [
        ("POST", "/register", {"nickname": ""}),
        ("POST", "/register", {"nickname": "x" * 33}),
        ("POST", "/register", {"nickname": "bell\x07"}),
        ("POST", "/sell", {"item": "Camera", "price": "abc"}),
        ("POST", "/sell", {"item": "Camera", "price": "-5"}),
        ("POST", "/sell", {"item": "Camera", "price": "100000001"}),
        ("POST", "/sell", {"item": "", "price": "100"}),
        ("POST", "/hooks/jpki", {"forged": "1"}),
    ],
    build_infobank_app: [
        ("GET", "/me", None),
        ("POST", "/me/drives", {"km": "10"}),
        ("POST", "/me/consents", {"recipient": "insurer", "items": "distance", "days": "7"}),
        ("POST", "/me/consents/1/withdraw", None),
        ("POST", "/me/consents/nope/withdraw", None),
        ("GET", "/recipients/stranger", None),
        ("GET", "/recipients/INSURER", None),
        ("POST", "/recipients/insurer/sign-in", {"key": "guess"}),
        ("POST", "/recipients/insurer/fetch", {"token": "x"}),
        ("GET", "/api/recipients/insurer/drivers/x", None),
        ("GET", "/api/recipients/stranger/drivers/x", None),
    ],
    build_venue_app: [
        ("POST", "/exclusion", {"months": "5"}),
        ("POST", "/exclusion", {"months": "forever"}),
        ("POST", "/exclusion", {}),
    ],
}


@pytest.mark.parametrize("build", list(ASKED), ids=lambda build: build.__name__)
def test_nonsense_is_answered_with_a_4xx(tmp_path, build):
    context, _ = fake_context(tmp_path, START)
    client = TestClient(build(context), base_url=ORIGIN, headers={"origin": ORIGIN})
    assert client.get("/").status_code == 200
    for method, path, form in ASKED[build] + COMMON:
        for headers in (HTML, {}):
            reply = client.request(method, path, data=form, headers=headers)
            assert 400 <= reply.status_code < 500, (method, path, form, reply.status_code)


def test_a_recipient_without_its_key_gets_nothing_and_with_a_wrong_token_is_refused(tmp_path):
    context, _ = fake_context(tmp_path, START)
    client = TestClient(build_infobank_app(context), base_url=ORIGIN, headers={"origin": ORIGIN})
    key = (tmp_path / "recipient-insurer-key").read_text().strip()
    api = "/api/recipients/insurer/drivers/unknown"
    assert client.get(api, headers={"authorization": "Bearer wrong"}).status_code == 401
    reply = client.get(api, headers={"authorization": f"Bearer {key}"})
    assert reply.status_code == 403
    assert reply.json()["error"] == "no-consent"
    carshare = "/api/recipients/carshare/drivers/unknown"
    assert client.get(carshare, headers={"authorization": f"Bearer {key}"}).status_code == 401


@pytest.mark.parametrize("build", list(ASKED), ids=lambda build: build.__name__)
def test_no_generated_request_makes_a_service_answer_a_server_error(tmp_path, build):
    context, _ = fake_context(tmp_path, START)
    fuzz_every_operation(
        build(context), {"origin": ORIGIN}, at_least=5, base_url=ORIGIN,
        checks=[not_a_server_error], examples=8,
    )  # fmt: skip
