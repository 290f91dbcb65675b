"""The IdP's OpenID Connect behaviour in-process, against a real authority and platform: the
code flow with a card login, and every refusal the issue names (code reuse, PKCE mismatch,
wrong redirect URI, expired codes), pairwise subjects, renewal, client authentication, keys."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
import secrets
import time

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, utils
from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jwk import ECKey, KeySet

from conftest import card_key, make_holder
from jpki.authority.api.app import build_app
from jpki.idp.app import build_idp_app
from jpki.idp.service import Idp
from jpki.idp.settings import IdpSettings
from jpki.platform.service import Platform
from jpki.platform.settings import PlatformSettings
from jpki.profile.challenge import authentication_digest
from jpki.verifier.setup import build_verifier

ISSUER = "http://127.0.0.1:8200"
REDIRECT = "http://127.0.0.1:9999/callback"


@pytest.fixture
def idp(authority, clock, tmp_path):
    authority.publish_crls()
    _, key = authority.accredit_verifier("platform")
    authority_http = TestClient(
        build_app(authority, background=False), base_url="http://authority.test"
    )
    crls = authority.settings.crl_dir
    verifier = build_verifier(
        clock, [authority.settings.roots_dir], crls=[crls / "auth.crl", crls / "sign.crl"]
    )
    settings = PlatformSettings(
        data_dir=tmp_path, authority_url="http://authority.test", verifier_api_key=key
    )
    platform = Platform.initialise(
        settings, clock, verifier=verifier, authority_http=authority_http
    )
    provider = Idp(IdpSettings(data_dir=tmp_path, issuer=ISSUER), clock, platform)
    yield provider
    provider.close()
    platform.close()


def rp(idp, name="RP", **metadata):
    client, secret = idp.clients.register(
        {"client_name": name, "redirect_uris": [REDIRECT], **metadata}
    )
    return client.client_id, secret


def pkce():
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    return verifier, challenge.decode()


def authorize(web, client_id, challenge, **extra):
    params = {
        "response_type": "code", "client_id": client_id, "redirect_uri": REDIRECT,
        "scope": "openid", "state": "s1", "nonce": secrets.token_urlsafe(8), "code_challenge": challenge,
        "code_challenge_method": "S256", **extra,
    }  # fmt: skip
    return web.get("/authorize", params=params, follow_redirects=False)


def card_login(web, page, holder):
    """What the wallet does: read the request, sign its challenge with the card's key."""
    login_id = re.search(r"logins%2F([\w-]+)", page.text).group(1)
    asked = web.get(f"/wallet/v1/logins/{login_id}").json()
    challenge = asked["challenge"]
    nonce = base64.urlsafe_b64decode(challenge["nonce"] + "=" * (-len(challenge["nonce"]) % 4))
    digest = authentication_digest(challenge["provider"], challenge["origin"], nonce)
    signature = holder.auth_key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
    answer = web.post(
        f"/wallet/v1/logins/{login_id}",
        json={
            "certificate": base64.b64encode(holder.auth.der).decode(),
            "signature": base64.b64encode(signature).decode(),
        },
    )
    assert answer.status_code == 200, answer.text
    return login_id


def code_for(web, client_id, holder, challenge, **extra):
    page = authorize(web, client_id, challenge, **extra)
    assert page.status_code == 200, page.headers.get("location")
    login_id = card_login(web, page, holder)
    shown = web.get(f"/login/{login_id}/continue", follow_redirects=False)
    if shown.status_code == 200:  # the consent screen
        shown = web.post(
            f"/login/{login_id}/consent", data={"decision": "approve"}, follow_redirects=False
        )
    assert shown.status_code == 302, shown.text
    location = shown.headers["location"]
    assert location.startswith(REDIRECT)
    assert "state=s1" in location
    return re.search(r"code=([\w-]+)", location).group(1)


def token(web, client_id, secret, code, verifier):
    return web.post(
        "/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "code_verifier": verifier,
        },
        auth=(client_id, secret),
    )


def claims_of(idp, id_token):
    keys = KeySet.import_key_set(idp.keys.public_jwks())
    return jwt.decode(id_token, keys, algorithms=["ES256", "RS256"])


def test_code_flow_id_token_userinfo_refresh(idp, authority):
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
    assert claims["amr"] == ["hwk", "pin"]
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


def test_discovery_jwks_rotation_and_registration(idp, clock):
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
