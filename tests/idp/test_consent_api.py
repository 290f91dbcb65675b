"""The holder's consents as an API (issue 23 item 4): listed with claims and times in JST,
withdrawn one RP at a time (its refresh tokens revoked, its sessions ended over the back
channel), with the holder's own IdP session; another holder's consent cannot be touched."""

from __future__ import annotations

import datetime as dt

import httpx
from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jwk import KeySet

from jpki.clock import JST
from jpki.idp.app import build_idp_app
from tests.holders import make_holder
from tests.idp.flow import ISSUER, claims_of, code_for, pkce, rp, token
from tests.idp.logout_flow import BACK, Recorder

API = "/account/api/consents"


def signed_in(idp, authority, client_id, secret, holder, scope="openid"):
    web = TestClient(build_idp_app(idp), base_url=ISSUER)
    verifier, challenge = pkce()
    code = code_for(web, client_id, holder, challenge, scope=scope)
    return web, token(web, client_id, secret, code, verifier).json()


def test_without_an_idp_session_the_api_answers_401(idp):
    web = TestClient(build_idp_app(idp), base_url=ISSUER)
    assert web.get(API).status_code == 401
    assert web.get(API).json()["error"] == "login_required"
    assert web.delete(f"{API}/anyone").status_code == 401


def test_consents_are_listed_with_claims_and_jst_times(idp, authority, clock):
    client_id, secret = rp(idp, "Shop", scope="openid name sign")
    web, _ = signed_in(idp, authority, client_id, secret, make_holder(authority))
    listed = web.get(API)
    assert listed.status_code == 200
    [item] = listed.json()["consents"]
    assert item["client_id"] == client_id
    assert item["client_name"] == "Shop"
    assert item["verified"] is True  # the operator registered it
    assert item["scopes"] == ["openid"]
    assert item["claims"] == ["sub"]
    granted = dt.datetime.fromisoformat(item["granted_at"])
    assert granted.utcoffset() == dt.timedelta(hours=9)
    assert granted == clock.now()
    assert item["granted_at_jst"] == clock.now().astimezone(JST).strftime("%Y-%m-%d %H:%M:%S JST")


def test_withdrawing_revokes_refresh_tokens_and_ends_the_rps_sessions(idp, authority):
    recorder = Recorder()
    idp.logouts.http = httpx.Client(transport=httpx.MockTransport(recorder))
    client_id, secret = rp(
        idp, backchannel_logout_uri=BACK, backchannel_logout_session_required=True
    )
    web, tokens = signed_in(idp, authority, client_id, secret, make_holder(authority))
    sid = claims_of(idp, tokens["id_token"]).claims["sid"]
    answer = web.delete(f"{API}/{client_id}")
    assert answer.status_code == 200
    assert answer.json() == {"client_id": client_id, "withdrawn": True}
    assert web.get(API).json()["consents"] == []
    refreshed = web.post(
        "/token",
        data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
        auth=(client_id, secret),
    )
    assert refreshed.json()["error"] == "invalid_grant"
    [(uri, logout_token)] = recorder.posts
    claims = jwt.decode(logout_token, KeySet.import_key_set(idp.keys.public_jwks())).claims
    assert (uri, claims["aud"], claims["sid"]) == (BACK, client_id, sid)
    assert idp.sessions.clients_of(sid) == []  # the RP left the session
    assert web.delete(f"{API}/{client_id}").status_code == 404  # nothing left to withdraw


def test_another_holders_consent_cannot_be_withdrawn(idp, authority):
    client_id, secret = rp(idp, "Shop")
    other_id, other_secret = rp(idp, "Other")
    alice, _ = signed_in(idp, authority, client_id, secret, make_holder(authority))
    bob, _ = signed_in(idp, authority, other_id, other_secret, make_holder(authority))
    assert alice.delete(f"{API}/{other_id}").status_code == 404  # Bob's RP, not Alice's
    assert [c["client_id"] for c in bob.get(API).json()["consents"]] == [other_id]
    assert [c["client_id"] for c in alice.get(API).json()["consents"]] == [client_id]
