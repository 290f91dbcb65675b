"""The IdP's OpenID Connect behaviour in-process, against a real authority and platform: the
code flow with a card login, and every refusal the issue names (code reuse, PKCE mismatch,
wrong redirect URI, expired codes), pairwise subjects, renewal, client authentication, keys."""

from __future__ import annotations

import datetime as dt
import time

from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jwk import ECKey

from jpki.idp.app import build_idp_app
from tests.holders import card_key, make_holder
from tests.idp.flow import (
    ISSUER,
    REDIRECT,
    authorize,
    claims_of,
    code_for,
    pkce,
    rp,
    token,
)


def test_code_flow_id_token_userinfo_refresh(any_idp, authority):
    idp = any_idp
    web, holder = TestClient(build_idp_app(idp), base_url=ISSUER), make_holder(authority)
    client_id, secret = rp(idp)
    verifier, challenge = pkce()
    code = code_for(web, client_id, holder, challenge, nonce="n1")
    reply = token(web, client_id, secret, code, verifier)
    assert reply.status_code == 200, reply.text
    issued = reply.json()
    decoded = claims_of(idp, issued["id_token"])
    assert decoded.header["alg"] == "ES256"
    claims = decoded.claims
    assert claims["iss"] == ISSUER
    assert claims["aud"] == client_id
    assert claims["nonce"] == "n1"
    assert claims["acr"] == "urn:jpki:acr:pin"
    assert claims["amr"] == ["hwk", "pin", "card"]  # the medium whose key answered
    info = web.get("/userinfo", headers={"Authorization": f"Bearer {issued['access_token']}"})
    assert info.json()["sub"] == claims["sub"]
    refreshed = web.post(
        "/token", data={"grant_type": "refresh_token", "refresh_token": issued["refresh_token"]},
        auth=(client_id, secret),
    )  # fmt: skip
    assert refreshed.status_code == 200, refreshed.text
    again = web.post(
        "/token", data={"grant_type": "refresh_token", "refresh_token": issued["refresh_token"]},
        auth=(client_id, secret),
    )  # fmt: skip
    assert again.json()["error"] == "invalid_grant"  # rotated: the old one is spent


def test_code_reuse_is_refused_and_revokes_the_tokens(idp, authority):
    web, holder = TestClient(build_idp_app(idp), base_url=ISSUER), make_holder(authority)
    client_id, secret = rp(idp)
    verifier, challenge = pkce()
    code = code_for(web, client_id, holder, challenge)
    first = token(web, client_id, secret, code, verifier).json()
    assert token(web, client_id, secret, code, verifier).json()["error"] == "invalid_grant"
    info = web.get("/userinfo", headers={"Authorization": f"Bearer {first['access_token']}"})
    assert info.status_code == 401


def test_pkce_mismatch_missing_and_plain_are_refused(idp, authority):
    web, holder = TestClient(build_idp_app(idp), base_url=ISSUER), make_holder(authority)
    client_id, secret = rp(idp)
    _, challenge = pkce()
    code = code_for(web, client_id, holder, challenge)
    assert token(web, client_id, secret, code, pkce()[0]).json()["error"] == "invalid_grant"
    missing = web.get(
        "/authorize",
        params={"response_type": "code", "client_id": client_id, "redirect_uri": REDIRECT, "scope": "openid", "state": "s1"},
        follow_redirects=False,
    )  # fmt: skip
    assert missing.status_code == 302
    assert "error=invalid_request" in missing.headers["location"]
    plain = authorize(web, client_id, challenge, code_challenge_method="plain")
    assert "error=invalid_request" in plain.headers["location"]


def test_a_wrong_or_missing_verifier_spends_the_code(idp, authority):
    """RFC 9700 §2.1.1: a code presented with a wrong verifier is revoked (issue 19, defect 6)."""
    holder = make_holder(authority)
    client_id, secret = rp(idp)
    for wrong in (pkce()[0], ""):
        web = TestClient(build_idp_app(idp), base_url=ISSUER)  # no SSO session: a card login
        verifier, challenge = pkce()
        code = code_for(web, client_id, holder, challenge)
        refused = token(web, client_id, secret, code, wrong).json()["error"]
        assert refused in {"invalid_grant", "invalid_request"}
        assert token(web, client_id, secret, code, verifier).json()["error"] == "invalid_grant"


def test_wrong_redirect_uri_is_refused_without_redirecting(idp):
    web = TestClient(build_idp_app(idp), base_url=ISSUER)
    client_id, _ = rp(idp)
    reply = authorize(web, client_id, pkce()[1], redirect_uri="https://evil.example/cb")
    assert reply.status_code == 400
    assert "location" not in reply.headers


def test_expired_code_is_refused(idp, authority, clock):
    web, holder = TestClient(build_idp_app(idp), base_url=ISSUER), make_holder(authority)
    client_id, secret = rp(idp)
    verifier, challenge = pkce()
    code = code_for(web, client_id, holder, challenge)
    clock.advance(idp.settings.code_lifetime)
    assert token(web, client_id, secret, code, verifier).json()["error"] == "invalid_grant"


def subject(idp, web, client_id, secret, holder):
    verifier, challenge = pkce()
    reply = token(web, client_id, secret, code_for(web, client_id, holder, challenge), verifier)
    return claims_of(idp, reply.json()["id_token"]).claims["sub"]


def test_pairwise_subjects_differ_per_rp_and_survive_renewal(idp, authority):
    web, holder = TestClient(build_idp_app(idp), base_url=ISSUER), make_holder(authority)
    first, second = rp(idp, "RP one"), rp(idp, "RP two")
    before = subject(idp, web, *first, holder)
    assert before != subject(idp, web, *second, holder)
    card = holder.issued.card.id
    auth_key, sign_key = card_key(), card_key()
    issued, _ = authority.renew_card(card, auth_key.public_key(), sign_key.public_key())
    renewed = type(holder)(holder.resident, issued, auth_key, sign_key)
    web.cookies.clear()
    assert subject(idp, web, *first, renewed) == before


def test_private_key_jwt_and_rs256(idp, authority):
    web, holder = TestClient(build_idp_app(idp), base_url=ISSUER), make_holder(authority)
    key = ECKey.generate_key("P-256", parameters={"alg": "ES256"}, private=True, auto_kid=True)
    client_id, _ = rp(
        idp, jwks={"keys": [key.as_dict(private=False)]},
        token_endpoint_auth_method="private_key_jwt", id_token_signed_response_alg="RS256",
    )  # fmt: skip
    verifier, challenge = pkce()
    code = code_for(web, client_id, holder, challenge)
    now = int(time.time())
    assertion = jwt.encode(
        {"alg": "ES256", "kid": key.kid},
        {
            "iss": client_id,
            "sub": client_id,
            "aud": f"{ISSUER}/token",
            "exp": now + 60,
            "jti": "a1",
        },
        key,
    )
    form = {
        "grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT,
        "code_verifier": verifier, "client_assertion": assertion,
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    }  # fmt: skip
    reply = web.post("/token", data=form)
    assert reply.status_code == 200, reply.text
    assert claims_of(idp, reply.json()["id_token"]).header["alg"] == "RS256"
    assert web.post("/token", data=form).json()["error"] == "invalid_client"  # jti replayed


def test_discovery_jwks_rotation_and_registration(any_idp, clock):
    idp = any_idp
    web = TestClient(build_idp_app(idp), base_url=ISSUER)
    metadata = web.get("/.well-known/openid-configuration").json()
    assert metadata["issuer"] == ISSUER
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    before = {k["kid"] for k in web.get("/jwks.json").json()["keys"]}
    clock.advance(dt.timedelta(days=90))
    added = set(idp.keys.rotate())
    after = {k["kid"] for k in web.get("/jwks.json").json()["keys"]}
    assert added <= after
    assert before <= after
    clock.advance(dt.timedelta(days=90))
    idp.keys.rotate()
    assert not before & {k["kid"] for k in web.get("/jwks.json").json()["keys"]}
    made = web.post(
        "/register", json={"client_name": "Shop", "redirect_uris": ["https://shop.example/cb"]}
    )
    assert made.status_code == 201
    assert made.json()["client_secret"]
    refused = web.post(
        "/register", json={"client_name": "X", "redirect_uris": ["http://evil.example/cb"]}
    )
    assert refused.status_code == 400
    assert refused.json()["error"] == "invalid_redirect_uri"


def test_removing_a_client_revokes_its_tokens(any_idp, authority):
    idp = any_idp
    web, holder = TestClient(build_idp_app(idp), base_url=ISSUER), make_holder(authority)
    client_id, secret = rp(idp)
    verifier, challenge = pkce()
    issued = token(web, client_id, secret, code_for(web, client_id, holder, challenge), verifier)
    bearer = {"Authorization": f"Bearer {issued.json()['access_token']}"}
    assert web.get("/userinfo", headers=bearer).status_code == 200
    assert idp.clients.remove(client_id)
    assert not idp.clients.remove(client_id)
    assert web.get("/userinfo", headers=bearer).status_code == 401
    refreshed = web.post(
        "/token",
        data={"grant_type": "refresh_token", "refresh_token": issued.json()["refresh_token"]},
        auth=(client_id, secret),
    )
    assert refreshed.json()["error"] == "invalid_client"
