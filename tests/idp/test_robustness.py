"""Whatever the wallet API, registration, signing and token endpoints are sent, the IdP answers
with a clear 4xx and loses nothing: the login or signing request stays answerable."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jpki.idp.app import build_idp_app
from jpki.idp.service import Idp
from jpki.idp.settings import IdpSettings
from jpki.platform.service import Platform
from jpki.platform.settings import PlatformSettings
from jpki.verifier.setup import build_verifier
from tests.holders import make_holder
from tests.idp.flow import (
    ISSUER,
    REDIRECT,
    authorize,
    card_login,
    code_for,
    pkce,
    rp,
    token,
    wallet_answer,
)

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=3)
    ),
    max_leaves=8,
)
FIELDS = st.sampled_from(
    ["certificate", "signature", "pinless", "acr", "refuse", "cms", "digest", "pdf",
     "document_name", "redirect_uris", "client_name", "jwks", "token_endpoint_auth_method"]
)  # fmt: skip
BODIES = (
    st.dictionaries(FIELDS, JSON_VALUES, max_size=4).map(lambda d: json.dumps(d).encode())
    | st.binary(max_size=64)
    | JSON_VALUES.map(lambda v: json.dumps(v).encode())
)
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def assert_clear_refusal(reply):
    assert 400 <= reply.status_code < 500, (reply.status_code, reply.text)
    assert reply.headers["content-type"].startswith("application/json")


def test_wallet_login_answers_that_are_not_card_answers_are_refused(idp, authority):
    web, holder = TestClient(build_idp_app(idp), base_url=ISSUER), make_holder(authority)
    client_id, _ = rp(idp)
    page = authorize(web, client_id, pkce()[1])
    login_id = page.text.split("logins%2F", 1)[1].split("&", 1)[0].split('"', 1)[0]

    @FUZZ
    @given(body=BODIES)
    def post(body):
        reply = web.post(f"/wallet/v1/logins/{login_id}", content=body)
        assert_clear_refusal(reply)

    post()
    assert web.get(f"/wallet/v1/logins/{login_id}").status_code == 200
    assert card_login(web, page, holder) == login_id  # the real answer still lands


def test_injected_redirect_uris_get_the_error_page_not_a_redirect(idp):
    """CR/LF, NUL, quotes, spaces or non-ASCII in `redirect_uri` (Authlib raised a ValueError
    on its own error description: a 500) are a 400 page (issue 19, defect 4)."""
    web = TestClient(build_idp_app(idp), base_url=ISSUER)
    client_id, _ = rp(idp)
    for junk in ("\r\nSet-Cookie: a=1", "\n", "\x00", '"', "\\", " x", "コールバック", "\x7f"):
        for name in ("redirect_uri", "response_type"):
            value = REDIRECT + junk if name == "redirect_uri" else "code" + junk
            reply = authorize(web, client_id, pkce()[1], **{name: value})
            assert reply.status_code == 400, (name, junk, reply.text)
            assert "location" not in reply.headers
            assert reply.headers["content-type"].startswith("text/html")


def test_plain_http_is_served_on_loopback_only(idp, authority):
    """`jpki idp serve` on 127.0.0.1 answers /token over plain HTTP; plain HTTP to any other
    host is a clear 400 `insecure_transport` (Authlib's error raised as a 500 before)."""
    holder = make_holder(authority)
    client_id, secret = rp(idp)
    loopback = TestClient(build_idp_app(idp), base_url=ISSUER)
    verifier, challenge = pkce()
    code = code_for(loopback, client_id, holder, challenge)
    assert token(loopback, client_id, secret, code, verifier).status_code == 200
    remote = TestClient(build_idp_app(idp), base_url="http://idp.example")
    reply = token(remote, client_id, secret, code, verifier)
    assert reply.status_code == 400
    assert reply.json()["error"] == "insecure_transport"
    page = authorize(remote, client_id, challenge)
    assert page.status_code == 400
    assert "location" not in page.headers


def test_registration_and_token_endpoints_refuse_garbage(idp):
    web = TestClient(build_idp_app(idp), base_url=ISSUER)
    before = len(idp.clients.all())

    @FUZZ
    @given(body=BODIES, form=st.dictionaries(st.text(max_size=10), st.text(max_size=20)))
    def post(body, form):
        assert_clear_refusal(web.post("/register", content=body))
        assert_clear_refusal(web.post("/token", data=form))

    post()
    assert len(idp.clients.all()) == before


def test_signing_endpoints_refuse_garbage_and_keep_the_request(idp, authority):
    web, holder = TestClient(build_idp_app(idp), base_url=ISSUER), make_holder(authority)
    client_id, secret = rp(idp, scope="openid sign")
    verifier, challenge = pkce()
    code = code_for(web, client_id, holder, challenge, scope="openid sign")
    bearer = {
        "Authorization": f"Bearer {token(web, client_id, secret, code, verifier).json()['access_token']}"
    }
    made = web.post(
        "/sign/requests",
        json={"document_name": "contract.txt", "digest": "ab" * 32},
        headers=bearer,
    )
    assert made.status_code == 201, made.text
    request_id = made.json()["id"]

    @FUZZ
    @given(body=BODIES)
    def post(body):
        assert_clear_refusal(web.post("/sign/requests", content=body, headers=bearer))
        reply = web.post(f"/wallet/v1/signatures/{request_id}", content=body)
        if reply.status_code == 200:  # a body with a true "refuse" refuses, as the holder may
            assert reply.json() == {"state": "refused"}
        else:
            assert_clear_refusal(reply)

    post()
    assert web.get(f"/sign/requests/{request_id}", headers=bearer).status_code == 200


def test_a_platform_that_cannot_check_is_a_502_not_a_crash(authority, clock, tmp_path):
    """A platform without an authority cannot learn the holder's linkage: the wallet is told
    so, the login is marked failed, and the IdP keeps serving."""
    authority.publish_crls()
    crls = authority.settings.crl_dir
    verifier = build_verifier(
        clock, [authority.settings.roots_dir], crls=[crls / "auth.crl", crls / "sign.crl"]
    )
    platform = Platform.initialise(PlatformSettings(data_dir=tmp_path), clock, verifier=verifier)
    idp = Idp(IdpSettings(data_dir=tmp_path, issuer=ISSUER), clock, platform)
    try:
        web, holder = TestClient(build_idp_app(idp), base_url=ISSUER), make_holder(authority)
        client_id, _ = rp(idp)
        page = authorize(web, client_id, pkce()[1])
        login_id, reply = wallet_answer(web, page, holder)
        assert reply.status_code == 502
        assert reply.json()["error"] == "platform-failed"
        assert "authority" in reply.json()["message"]
        answered = web.get(f"/login/{login_id}/status").json()
        assert answered["state"] == "failed"
        assert web.get("/.well-known/openid-configuration").status_code == 200
    finally:
        idp.close()
        platform.close()
