"""The wallet protocol's messages and routes, on their own: JSON round trips, the wallet link,
and the refusals every party answers alike (here over a service's `CardRequests`)."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import parse_qs, urlsplit

from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from jpki.apps.kit.card_requests import CardRequests
from jpki.clock import ManualClock
from jpki.protocol.levels import Level
from jpki.protocol.wallet import (
    Challenge,
    Kind,
    LoginAnswer,
    LoginRequest,
    RelyingParty,
    Settled,
    SignatureAnswer,
    same_device,
    wallet_link,
)
from jpki.protocol.wallet_routes import mount_wallet_routes
from tests.certificates import stranger_b64

ORIGIN = "http://127.0.0.1:8400"
NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
TEXT = st.text(max_size=40)
LEVELS = st.lists(st.sampled_from(list(Level)), min_size=1, max_size=4, unique=True)


@given(
    name=TEXT, request_id=st.text(min_size=1, max_size=30), levels=LEVELS, nonce=TEXT,
    consent=st.none() | TEXT, seconds=st.integers(0, 10**9),
)  # fmt: skip
def test_a_login_request_survives_its_json(name, request_id, levels, nonce, consent, seconds):
    asked = LoginRequest.asking(
        request_id,
        RelyingParty(name=name, uri=ORIGIN),
        levels[0],
        levels,
        Challenge(nonce=nonce, provider="tenant/rp", origin=ORIGIN),
        state="pending",
        expires_at=NOW + dt.timedelta(seconds=seconds),
        signing_consent=consent,
    )
    again = LoginRequest.model_validate(json.loads(json.dumps(asked.to_json())))
    assert again == asked
    assert again.acr_required == levels[0].urn
    assert again.acr_label.ja == levels[0].label["ja"]


def test_settled_speaks_continue_on_the_wire_and_omits_what_it_lacks():
    settled = Settled(state="authenticated", continue_url=f"{ORIGIN}/card/x/continue")
    assert settled.to_json() == {"state": "authenticated", "continue": f"{ORIGIN}/card/x/continue"}
    assert Settled.model_validate(settled.to_json()) == settled


@given(request_id=st.text(min_size=1, max_size=30))
def test_the_wallet_link_names_the_request_url(request_id):
    link = wallet_link("http://127.0.0.1:8500/", ORIGIN, Kind.SIGN, request_id)
    query = parse_qs(urlsplit(link).query)
    assert query["signature"] == [f"{ORIGIN}/wallet/v1/signatures/{request_id}"]
    assert parse_qs(urlsplit(same_device(link)).query)["same_device"] == ["1"]


def service() -> tuple[TestClient, CardRequests]:
    requests = CardRequests("Demo / デモ", ORIGIN, ManualClock(NOW))

    @requests.on_signature("contract")
    def signed(card_request, answer: SignatureAnswer) -> dict[str, str]:
        return {"cms": answer.cms_der.hex()}

    @requests.on_login("login")
    def logged_in(card_request, answer: LoginAnswer) -> dict[str, str]:
        raise ValueError("the platform did not accept the card / 受け付けられませんでした")

    app = FastAPI()
    mount_wallet_routes(app, requests)
    return TestClient(app, base_url=ORIGIN), requests


def test_malformed_answers_are_refused_before_the_service_sees_them():
    web, requests = service()
    asked = requests.signature("contract", "browser", "terms.txt", b"terms")
    path = f"/wallet/v1/signatures/{asked.id}"
    for body in (b"not json", b"[1]", json.dumps({"cms": 5}).encode()):
        reply = web.post(path, content=body)
        assert reply.status_code == 400, body
        assert reply.json()["error"] == "bad-request"
    assert web.get(path).json()["state"] == "pending"  # garbage settles nothing
    assert web.post(path, json={"cms": "AAEC"}).json() == {
        "state": "signed",
        "continue": f"{ORIGIN}/card/{asked.id}/continue",
    }
    assert requests.take(asked.id, "browser").outcome == {"cms": "000102"}
    again = web.post(path, json={"cms": "AAEC"})
    assert (again.status_code, again.json()["error"]) == (400, "not-pending")


def test_unknown_requests_kinds_and_documents_are_404_and_refusals_settle():
    web, requests = service()
    assert web.get("/wallet/v1/logins/nothing").json()["error"] == "unknown-request"
    asked = requests.signature("contract", "browser", "terms.txt", b"terms")
    assert web.get(f"/wallet/v1/logins/{asked.id}").status_code == 404  # not a login
    assert web.get(f"/wallet/v1/signatures/{asked.id}/document").status_code == 404  # digest only
    refused = web.post(f"/wallet/v1/signatures/{asked.id}", json={"refuse": True})
    assert refused.json() == {"state": "refused"}
    assert web.get(f"/wallet/v1/signatures/{asked.id}").json()["state"] == "failed"


def test_a_handler_refusal_fails_the_login_with_its_message():
    web, requests = service()
    challenge = {"nonce": "bm9uY2U", "provider": "demo", "origin": ORIGIN}
    asked = requests.login("login", "browser", challenge)
    shown = web.get(f"/wallet/v1/logins/{asked.id}").json()
    assert shown["levels"] == [Level.PIN.urn]
    assert shown["relying_party"]["client_id"] is None
    reply = web.post(
        f"/wallet/v1/logins/{asked.id}", json={"certificate": stranger_b64(), "signature": "AA=="}
    )
    assert reply.status_code == 400
    assert "受け付けられませんでした" in reply.json()["message"]
    assert requests.get(asked.id).state == "failed"
