"""OIDC abuse probes against the IdP (issue 19's campaign): codes reused, taken by another
client, or presented with a wrong, missing or changed PKCE verifier or redirect URI; injected
redirect URIs at /authorize; replayed, misaddressed, expired and forged `private_key_jwt`
assertions; refresh tokens used twice; wrong client secrets. Bounded here (seeded); ten times
the rounds under the `fuzz` marker. A probe not refused as expected is an escape: none may be."""

from __future__ import annotations

import random
import re
import secrets
import time

import pytest
from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jwk import ECKey

from jpki.idp.app import build_idp_app
from tests.holders import make_holder
from tests.idp.flow import ISSUER, REDIRECT, authorize, code_for, pkce, rp, token

SCALES = [pytest.param(1, id="bounded"), pytest.param(10, id="long", marks=pytest.mark.fuzz)]
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
INJECTIONS = [
    "\r\nSet-Cookie: a=1", "\n", "\x00", "%0d%0aLocation:%20https://evil.example", "@evil.example",
    "/../../evil", "?next=https://evil.example", "#frag", "x", "/", " ", '"', "\\", "コ", "\x7f",
]  # fmt: skip
# (An empty redirect_uri is an omitted one: the client's single registered URI, RFC 6749 3.1.2.3.)
SWAPS = ["https://evil.example/callback", "http://127.0.0.1:9998/callback",
         "http://localhost:9999/callback", "HTTP://127.0.0.1:9999/callback", "javascript:alert(1)",
         "//evil.example/callback", "http://127.0.0.1:9999/CALLBACK"]  # fmt: skip


class Probes:
    """Counts probes and those refused as expected."""

    def __init__(self) -> None:
        self.sent = self.refused = 0

    def expect(self, refused: bool) -> None:
        self.sent += 1
        self.refused += bool(refused)


def next_code(web, client_id, holder, challenge):
    """A code by the single sign-on session when it answers at once, else by a card login."""
    page = authorize(web, client_id, challenge)
    if page.status_code == 302 and "code=" in page.headers["location"]:
        return re.search(r"code=([\w-]+)", page.headers["location"]).group(1)
    return code_for(web, client_id, holder, challenge)


def assertion(key, client_id, *, audience=f"{ISSUER}/token", expires_in=60, jti=None):
    now = int(time.time())
    claims = {"iss": client_id, "sub": client_id, "aud": audience, "exp": now + expires_in,
              "jti": jti or secrets.token_urlsafe(8)}  # fmt: skip
    return jwt.encode({"alg": "ES256", "kid": key.kid}, claims, key)


def jwt_form(code, verifier, client_assertion):
    return {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT,
            "code_verifier": verifier, "client_assertion": client_assertion,
            "client_assertion_type": ASSERTION_TYPE}  # fmt: skip


def error_of(reply) -> str:
    return reply.json().get("error", "") if reply.status_code >= 400 else ""


@pytest.mark.parametrize("scale", SCALES)
def test_codes_pkce_and_refresh_tokens_cannot_be_abused(idp, authority, scale):
    web, holder, probes = (
        TestClient(build_idp_app(idp), base_url=ISSUER),
        make_holder(authority),
        Probes(),
    )
    client_id, secret = rp(idp)
    other_id, other_secret = rp(idp, "Other RP")
    for _ in range(2 * scale):
        verifier, challenge = pkce()
        code = next_code(web, client_id, holder, challenge)
        probes.expect(
            error_of(token(web, other_id, other_secret, code, verifier)) == "invalid_grant"
        )
        probes.expect(
            error_of(token(web, client_id, "wrong-secret", code, verifier)) == "invalid_client"
        )
        mismatch = web.post("/token", data={"grant_type": "authorization_code", "code": code,
                                            "redirect_uri": REDIRECT + "x", "code_verifier": verifier},
                            auth=(client_id, secret))  # fmt: skip
        probes.expect(error_of(mismatch) == "invalid_grant")
        first = token(web, client_id, secret, code, verifier)
        assert first.status_code == 200, first.text  # the refusals above did not spend it
        issued = first.json()
        probes.expect(error_of(token(web, client_id, secret, code, verifier)) == "invalid_grant")
        bearer = {"Authorization": f"Bearer {issued['access_token']}"}
        probes.expect(web.get("/userinfo", headers=bearer).status_code == 401)  # reuse revoked it

        for wrong in (pkce()[0], "", verifier[:-1]):
            verifier, challenge = pkce()
            code = next_code(web, client_id, holder, challenge)
            probes.expect(
                error_of(token(web, client_id, secret, code, wrong))
                in {"invalid_grant", "invalid_request"}
            )
            probes.expect(
                error_of(token(web, client_id, secret, code, verifier)) == "invalid_grant"
            )

        verifier, challenge = pkce()
        issued = token(
            web, client_id, secret, next_code(web, client_id, holder, challenge), verifier
        ).json()
        refresh = {"grant_type": "refresh_token", "refresh_token": issued["refresh_token"]}
        assert web.post("/token", data=refresh, auth=(client_id, secret)).status_code == 200
        probes.expect(
            error_of(web.post("/token", data=refresh, auth=(client_id, secret))) == "invalid_grant"
        )
        probes.expect(
            error_of(web.post("/token", data=refresh, auth=(other_id, other_secret)))
            == "invalid_grant"
        )
    print(f"codes/PKCE/refresh: {probes.sent} probes, {probes.refused} refused as expected")
    assert probes.refused == probes.sent


@pytest.mark.parametrize("scale", SCALES)
def test_injected_and_swapped_redirect_uris_never_redirect(idp, scale):
    web, probes, rng = (
        TestClient(build_idp_app(idp), base_url=ISSUER),
        Probes(),
        random.Random(9700),
    )
    client_id, _ = rp(idp)
    candidates = [*SWAPS]
    for _ in range(28 * scale - len(SWAPS)):
        junk = "".join(rng.choice(INJECTIONS) for _ in range(rng.randint(1, 3)))
        at = rng.randint(len("http://"), len(REDIRECT))
        candidates.append(
            REDIRECT[:at] + junk + REDIRECT[at:] if rng.random() < 0.5 else REDIRECT + junk
        )
    for candidate in candidates:
        reply = authorize(web, client_id, pkce()[1], redirect_uri=candidate)
        location = reply.headers.get("location", "")
        probes.expect(reply.status_code == 400 and not location)
    print(f"redirect_uri injection: {probes.sent} probes, {probes.refused} refused as expected")
    assert probes.refused == probes.sent


@pytest.mark.parametrize("scale", SCALES)
def test_private_key_jwt_assertions_are_single_use_and_checked(idp, authority, scale):
    web, holder, probes = (
        TestClient(build_idp_app(idp), base_url=ISSUER),
        make_holder(authority),
        Probes(),
    )
    key = ECKey.generate_key("P-256", parameters={"alg": "ES256"}, private=True, auto_kid=True)
    stranger = ECKey.generate_key("P-256", parameters={"alg": "ES256"}, private=True, auto_kid=True)
    client_id, _ = rp(idp, jwks={"keys": [key.as_dict(private=False)]},
                      token_endpoint_auth_method="private_key_jwt")  # fmt: skip
    for _ in range(2 * scale):
        verifier, challenge = pkce()
        code = next_code(web, client_id, holder, challenge)
        bad = [
            assertion(key, client_id, audience="https://elsewhere.example/token"),
            assertion(key, client_id, expires_in=-120),
            jwt.encode({"alg": "ES256", "kid": key.kid},
                       {"iss": client_id, "sub": client_id, "aud": f"{ISSUER}/token",
                        "exp": int(time.time()) + 60, "jti": "j"}, stranger),
        ]  # fmt: skip
        for forged in bad:
            probes.expect(
                error_of(web.post("/token", data=jwt_form(code, verifier, forged)))
                == "invalid_client"
            )
        used = assertion(key, client_id)
        assert web.post("/token", data=jwt_form(code, verifier, used)).status_code == 200
        verifier, challenge = pkce()
        code = next_code(web, client_id, holder, challenge)
        probes.expect(
            error_of(web.post("/token", data=jwt_form(code, verifier, used))) == "invalid_client"
        )
        assert (
            web.post("/token", data=jwt_form(code, verifier, assertion(key, client_id))).status_code
            == 200
        )
    print(f"private_key_jwt: {probes.sent} probes, {probes.refused} refused as expected")
    assert probes.refused == probes.sent
