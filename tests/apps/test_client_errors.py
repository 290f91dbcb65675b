"""A service's client who sends nonsense gets a 4xx, never a 5xx (issue 19, defect 4): the age
terminal relaying an answer the platform refuses as malformed, and the demo RP called without
a session (a callback without state or cookie, a signature asked for without logging in)."""

from __future__ import annotations

import httpx
import pytest
from fastapi.testclient import TestClient

from jpki.apps.age.app import build_age_app
from jpki.apps.demo_rp.app import build_rp_app
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.database import AppsDatabase
from jpki.apps.kit.oidc import RelyingPartyConfig
from jpki.apps.kit.platform_api import PlatformApi
from jpki.clock import ManualClock
from tests.certificates import stranger_b64
from tests.holders import START

ANSWER = {
    "nonce": "n", "origin": "http://age.test", "certificate": stranger_b64(), "signature": "AA==",
}  # fmt: skip


def age_terminal(tmp_path, platform_status):
    """The age service whose platform answers every call with `platform_status`."""

    def platform(request: httpx.Request) -> httpx.Response:
        return httpx.Response(platform_status, json={"error": "certificate is not base64 DER"})

    database = AppsDatabase(f"sqlite:///{tmp_path / 'apps.sqlite3'}")
    database.migrate()
    context = ServiceContext(
        origin="http://age.test",
        wallet_url="http://wallet.test",
        platform=PlatformApi("http://platform.test", "key", httpx.Client(transport=httpx.MockTransport(platform))),
        database=database,
        clock=ManualClock(START),
        session_secret="s" * 32,
        folder=tmp_path,
    )  # fmt: skip
    return TestClient(build_age_app(context), base_url="http://age.test")


@pytest.mark.parametrize("refused", [400, 404, 409, 422])
def test_the_age_terminal_answers_its_clients_bad_input_with_a_4xx(tmp_path, refused):
    reply = age_terminal(tmp_path, refused).post("/api/terminal/check", json=ANSWER)
    assert reply.status_code == 400, reply.text
    assert "certificate is not base64 DER" in reply.json()["message"]


@pytest.mark.parametrize("failing", [403, 500, 503])
def test_the_age_terminal_answers_502_when_the_platform_fails(tmp_path, failing):
    assert (
        age_terminal(tmp_path, failing).post("/api/terminal/check", json=ANSWER).status_code == 502
    )


def test_the_demo_rp_without_a_session_answers_400_and_asks_the_idp_nothing():
    asked: list[httpx.Request] = []

    def idp(request: httpx.Request) -> httpx.Response:
        asked.append(request)
        return httpx.Response(500)

    config = RelyingPartyConfig("RP", "http://idp.test", "client", "secret", "http://rp.test")
    rp = TestClient(build_rp_app(config, httpx.AsyncClient(transport=httpx.MockTransport(idp))))
    for callback in ("/callback", "/callback?state=forged&code=c", "/callback?error=access_denied"):
        page = rp.get(callback)
        assert page.status_code == 400, callback
        assert 'data-testid="error"' in page.text or "data-testid='error'" in page.text
    signature = rp.get("/signatures/someone-elses")
    assert signature.status_code == 400
    assert signature.json()["error"] == "not-logged-in"
    assert rp.get("/sign", follow_redirects=False).status_code == 303
    assert asked == []
