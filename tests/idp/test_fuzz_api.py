"""schemathesis against the IdP's /openapi.json: whatever it sends, never a 5xx, and every
answer as documented (status, media type, body).

Cases are generated for every operation and sent to the ASGI app with an RP's valid access token
(scopes `openid sign`), so the bearer endpoints get past authentication.
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from jpki.idp.app import SESSION_COOKIE, build_idp_app
from tests.holders import make_holder
from tests.idp.da_flow import registered
from tests.idp.flow import ISSUER, code_for, pkce, rp, token
from tests.openapi_fuzz import fuzz_every_operation


def test_every_answer_is_documented_and_none_is_a_server_error(idp, authority):
    app = build_idp_app(idp)
    client_id, secret = rp(idp, scope="openid sign")
    verifier, challenge = pkce()
    web = TestClient(app, base_url=ISSUER)
    code = code_for(web, client_id, make_holder(authority), challenge, scope="openid sign")
    access = token(web, client_id, secret, code, verifier).json()["access_token"]
    headers = {"Authorization": f"Bearer {access}"}
    fuzz_every_operation(app, headers, at_least=15, base_url=ISSUER)


def test_the_digital_agency_profile_answers_as_documented(da, web):
    """The twin's endpoints (its realm paths and signing API), with a client-credentials token
    that may create sign transactions."""
    client = registered(da, web)
    headers = {"Authorization": f"Bearer {client.client_token()}"}
    fuzz_every_operation(build_idp_app(da), headers, at_least=15, base_url=ISSUER)


def test_the_holders_consent_api_answers_as_documented_with_a_session(idp, authority):
    """The same with the holder's IdP session cookie, so the consent API (listing and
    withdrawing) and RP-initiated logout are reached past their authentication."""
    app = build_idp_app(idp)
    client_id, _ = rp(idp, scope="openid")
    web = TestClient(app, base_url=ISSUER)
    code_for(web, client_id, make_holder(authority), pkce()[1])
    headers = {"Cookie": f"{SESSION_COOKIE}={web.cookies[SESSION_COOKIE]}"}
    fuzz_every_operation(app, headers, at_least=15, base_url=ISSUER)
