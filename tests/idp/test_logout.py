"""Logout at the IdP (issue 23 item 4): RP-initiated logout with `id_token_hint`, registered
post-logout URIs and `state`; back-channel logout tokens from an outbox with retries; front-
channel frames with `iss` and `sid`; and the refusals (a forged or another RP's hint, an
unregistered post-logout URI)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from joserfc import jws, jwt
from joserfc.jwk import ECKey, KeySet

from jpki.idp.app import SESSION_COOKIE, build_idp_app
from jpki.idp.clients import InvalidClientMetadata
from jpki.idp.logout import BACKCHANNEL_EVENT, RETRY_DELAYS
from jpki.idp.profiles import DA_REALM
from tests.holders import make_holder
from tests.idp.da_flow import browser_login
from tests.idp.documented_rp import DocumentedRp
from tests.idp.flow import ISSUER, REDIRECT, authorize, claims_of, code_for, pkce, rp, token
from tests.idp.logout_flow import AFTER, BACK, FRONT, RP_BASE, Recorder


@pytest.fixture
def recorder(idp):
    recording = Recorder()
    idp.logouts.http = httpx.Client(transport=httpx.MockTransport(recording))
    return recording


def logout_rp(idp, name="RP", **metadata):
    return rp(
        idp,
        name,
        post_logout_redirect_uris=[AFTER],
        backchannel_logout_uri=BACK,
        backchannel_logout_session_required=True,
        frontchannel_logout_uri=FRONT,
        frontchannel_logout_session_required=True,
        **metadata,
    )


def logged_in(idp, web, authority, client_id, secret, holder=None):
    """A card login at `client_id` in `web`'s browser; the token answer."""
    holder = holder or make_holder(authority)
    verifier, challenge = pkce()
    code = code_for(web, client_id, holder, challenge)
    answer = token(web, client_id, secret, code, verifier)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_the_id_token_names_the_session_and_discovery_says_which_logouts(idp, authority):
    client_id, secret = logout_rp(idp)
    web = TestClient(build_idp_app(idp), base_url=ISSUER)
    tokens = logged_in(idp, web, authority, client_id, secret)
    claims = claims_of(idp, tokens["id_token"]).claims
    assert isinstance(claims["sid"], str)
    assert len(claims["sid"]) >= 20
    found = web.get("/.well-known/openid-configuration").json()
    for name in (
        "backchannel_logout_supported",
        "backchannel_logout_session_supported",
        "frontchannel_logout_supported",
        "frontchannel_logout_session_supported",
    ):
        assert found[name] is True
    assert found["end_session_endpoint"] == f"{ISSUER}/logout"


def test_rp_initiated_logout_ends_the_session_and_returns_with_state(idp, authority, recorder):
    client_id, secret = rp(idp, post_logout_redirect_uris=[AFTER])
    web = TestClient(build_idp_app(idp), base_url=ISSUER)
    tokens = logged_in(idp, web, authority, client_id, secret)
    cookie = web.cookies[SESSION_COOKIE]
    answer = web.get(
        "/logout",
        params={
            "id_token_hint": tokens["id_token"],
            "post_logout_redirect_uri": AFTER,
            "state": "bye-1",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 302
    assert answer.headers["location"] == f"{AFTER}?state=bye-1"
    assert SESSION_COOKIE not in web.cookies
    web.cookies.set(SESSION_COOKIE, cookie)  # the old cookie, kept: its session has ended
    assert authorize(web, client_id, pkce()[1]).status_code == 200  # the card is asked again
    refreshed = web.post(
        "/token",
        data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
        auth=(client_id, secret),
    )
    assert refreshed.json()["error"] == "invalid_grant"  # no offline_access: ended with it
    assert recorder.posts == []  # this RP registered no back channel


def test_back_channel_logout_tokens_go_to_every_rp_of_the_session(idp, authority, recorder):
    first, first_secret = logout_rp(idp, "First")
    second, second_secret = logout_rp(idp, "Second")
    web = TestClient(build_idp_app(idp), base_url=ISSUER)
    holder = make_holder(authority)
    tokens = logged_in(idp, web, authority, first, first_secret, holder)
    other = logged_in(idp, web, authority, second, second_secret, holder)  # single sign-on
    sid = claims_of(idp, tokens["id_token"]).claims["sid"]
    assert claims_of(idp, other["id_token"]).claims["sid"] == sid
    web.get(
        "/logout",
        params={"id_token_hint": tokens["id_token"], "post_logout_redirect_uri": AFTER},
        follow_redirects=False,
    )
    assert len(recorder.posts) == 2  # sent after the answer, one per RP
    keys = KeySet.import_key_set(idp.keys.public_jwks())
    audiences = set()
    id_tokens = {first: tokens["id_token"], second: other["id_token"]}
    for uri, logout_token in recorder.posts:
        assert uri == BACK
        header = jws.extract_compact(logout_token.encode()).protected
        assert header["typ"] == "logout+jwt"
        claims = jwt.decode(logout_token, keys, algorithms=["ES256"]).claims
        id_token = id_tokens[claims["aud"]]
        assert claims["iss"] == ISSUER
        assert claims["sid"] == sid
        assert claims["sub"] == claims_of(idp, id_token).claims["sub"]
        assert claims["events"] == {BACKCHANNEL_EVENT: {}}
        assert "nonce" not in claims
        assert claims["exp"] - claims["iat"] == 120
        assert claims["jti"]
        audiences.add(claims["aud"])
    assert audiences == {first, second}
    assert all(d.delivered for d in idp.logouts.deliveries())


def test_front_channel_frames_carry_iss_and_sid_then_the_browser_goes_back(idp, authority):
    client_id, secret = logout_rp(idp)
    web = TestClient(build_idp_app(idp), base_url=ISSUER)
    tokens = logged_in(idp, web, authority, client_id, secret)
    sid = claims_of(idp, tokens["id_token"]).claims["sid"]
    page = web.get(
        "/logout",
        params={
            "id_token_hint": tokens["id_token"],
            "post_logout_redirect_uri": AFTER,
            "state": "s2",
        },
    )
    assert page.status_code == 200
    frame = f'src="{FRONT}?iss={ISSUER.replace(":", "%3A").replace("/", "%2F")}&amp;sid={sid}"'
    assert frame in page.text
    assert f"{AFTER}?state=s2" in page.text  # where the page goes once the frames loaded


def test_a_failed_back_channel_is_retried_later_and_does_not_hold_up_the_holder(
    any_idp, authority, clock
):
    """On SQLite and PostgreSQL (the outbox's lease is a conditional update)."""
    idp = any_idp
    refusing = Recorder(503, 503)
    idp.logouts.http = httpx.Client(transport=httpx.MockTransport(refusing))
    client_id, secret = logout_rp(idp)
    web = TestClient(build_idp_app(idp), base_url=ISSUER)
    tokens = logged_in(idp, web, authority, client_id, secret)
    answer = web.get(
        "/logout",
        params={"id_token_hint": tokens["id_token"], "post_logout_redirect_uri": AFTER},
        follow_redirects=False,
    )
    assert answer.status_code == 200  # the holder is answered (the front channel's page)
    [delivery] = idp.logouts.deliveries()
    assert (delivery.attempts, delivery.delivered, delivery.last_error) == (1, False, "HTTP 503")
    assert idp.logouts.deliver_due() == 0
    assert len(refusing.posts) == 1
    clock.advance(RETRY_DELAYS[0])
    assert idp.logouts.deliver_due() == 0  # the second try is refused too
    clock.advance(RETRY_DELAYS[1])
    assert idp.logouts.deliver_due() == 1
    assert len(refusing.posts) == 3
    first, _, third = (p[1] for p in refusing.posts)
    assert first != third  # each try signs a fresh token (its own jti and iat)
    [delivery] = idp.logouts.deliveries()
    assert delivery.delivered
    assert delivery.attempts == 3


def test_an_unreachable_rp_is_given_up_after_the_last_retry(idp, authority, clock):
    def unreachable(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    idp.logouts.http = httpx.Client(transport=httpx.MockTransport(unreachable))
    client_id, secret = logout_rp(idp)
    web = TestClient(build_idp_app(idp), base_url=ISSUER)
    tokens = logged_in(idp, web, authority, client_id, secret)
    web.get("/logout", params={"id_token_hint": tokens["id_token"]})
    for delay in RETRY_DELAYS:
        clock.advance(delay)
        idp.logouts.deliver_due()
    [delivery] = idp.logouts.deliveries()
    assert delivery.given_up
    assert not delivery.delivered
    assert delivery.attempts == len(RETRY_DELAYS) + 1
    assert "ConnectError" in delivery.last_error
    clock.advance(dt.timedelta(days=1))
    assert idp.logouts.deliver_due() == 0


def test_a_forged_hint_is_refused_and_the_session_stays(idp, authority):
    client_id, secret = logout_rp(idp)
    web = TestClient(build_idp_app(idp), base_url=ISSUER)
    tokens = logged_in(idp, web, authority, client_id, secret)
    claims = dict(claims_of(idp, tokens["id_token"]).claims)
    stranger = ECKey.generate_key("P-256", parameters={"kid": idp.keys.signing_key("ES256").kid})
    forged = jwt.encode({"alg": "ES256", "kid": stranger.kid}, claims, stranger)
    header, _, signature = tokens["id_token"].split(".")
    altered = {**claims, "sub": "someone-else"}
    body = jwt.encode({"alg": "none"}, altered, None, ["none"]).split(".")[1]
    tampered = f"{header}.{body}.{signature}"  # another holder's sub under the IdP's signature
    for hint in (forged, tampered, "not-a-jwt"):
        answer = web.get(
            "/logout",
            params={"id_token_hint": hint, "post_logout_redirect_uri": AFTER},
            follow_redirects=False,
        )
        assert answer.status_code == 400
        assert "invalid_request" in answer.text
    assert authorize(web, client_id, pkce()[1]).status_code in (302, 303)  # still signed on


def test_another_rps_hint_or_an_unregistered_uri_is_refused(idp, authority):
    first, first_secret = logout_rp(idp, "First")
    second, _ = rp(idp, "Second", post_logout_redirect_uris=[f"{RP_BASE}/second"])
    web = TestClient(build_idp_app(idp), base_url=ISSUER)
    tokens = logged_in(idp, web, authority, first, first_secret)
    hint = tokens["id_token"]
    for params in (
        {"id_token_hint": hint, "client_id": second},  # the second RP presents the first's
        {"id_token_hint": hint, "post_logout_redirect_uri": f"{RP_BASE}/second"},
        {"id_token_hint": hint, "post_logout_redirect_uri": "https://evil.example/"},
        {"client_id": first, "post_logout_redirect_uri": "https://evil.example/"},
        {"post_logout_redirect_uri": AFTER},  # no hint, no client: whose URI?
    ):
        answer = web.get("/logout", params=params, follow_redirects=False)
        assert answer.status_code == 400, params
        assert "invalid_request" in answer.text
        assert "location" not in answer.headers
    assert authorize(web, first, pkce()[1]).status_code in (302, 303)  # nothing ended


def test_a_logout_without_hint_is_confirmed_by_the_holder_first(idp, authority):
    client_id, secret = logout_rp(idp)
    web = TestClient(build_idp_app(idp), base_url=ISSUER)
    logged_in(idp, web, authority, client_id, secret)
    asked = web.get(
        "/logout",
        params={"client_id": client_id, "post_logout_redirect_uri": AFTER, "state": "s3"},
    )
    assert asked.status_code == 200
    assert 'data-testid="logout-confirm"' in asked.text
    assert authorize(web, client_id, pkce()[1]).status_code in (302, 303)  # not yet
    confirmed = web.post(
        "/logout",
        data={
            "client_id": client_id,
            "post_logout_redirect_uri": AFTER,
            "state": "s3",
            "confirm": "yes",
        },
        headers={"Origin": ISSUER},
    )
    assert confirmed.status_code == 200
    assert f"{AFTER}?state=s3" in confirmed.text
    assert authorize(web, client_id, pkce()[1]).status_code == 200  # the card again


def test_a_hint_of_another_holder_leaves_this_browsers_session(idp, authority, recorder):
    client_id, secret = logout_rp(idp)
    alice, bob = (
        TestClient(build_idp_app(idp), base_url=ISSUER),
        TestClient(build_idp_app(idp), base_url=ISSUER),
    )
    alices = logged_in(idp, alice, authority, client_id, secret)
    logged_in(idp, bob, authority, client_id, secret)
    answer = bob.get(
        "/logout", params={"id_token_hint": alices["id_token"]}, follow_redirects=False
    )
    assert answer.status_code == 200
    assert authorize(bob, client_id, pkce()[1]).status_code in (302, 303)  # Bob still in
    assert authorize(alice, client_id, pkce()[1]).status_code == 200  # Alice's session ended


@pytest.mark.parametrize(
    "metadata",
    [
        {"backchannel_logout_uri": "ftp://rp.example/logout"},
        {"backchannel_logout_uri": "http://rp.example/logout"},  # plain HTTP off loopback
        {"frontchannel_logout_uri": "https://rp.example/logout#frag"},
        {"frontchannel_logout_uri": 7},
        {"backchannel_logout_session_required": "yes"},
        {"post_logout_redirect_uris": "https://rp.example/"},
    ],
)
def test_bad_logout_metadata_is_refused(idp, metadata):
    with pytest.raises(InvalidClientMetadata):
        rp(idp, **metadata)


def test_logout_metadata_is_registered_dynamically(idp):
    web = TestClient(build_idp_app(idp), base_url=ISSUER)
    answer = web.post(
        "/register",
        json={
            "client_name": "RP",
            "redirect_uris": [REDIRECT],
            "backchannel_logout_uri": BACK,
            "backchannel_logout_session_required": True,
        },
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["backchannel_logout_uri"] == BACK
    assert urlsplit(answer.json()["backchannel_logout_uri"]).path == "/backchannel"


def test_the_digital_agency_profile_logs_out_at_its_realm_path(da, web, authority):
    """The twin: discovery's logout metadata, RP-initiated logout at Keycloak's path, and the
    back-channel logout token naming the realm as issuer."""
    recording = Recorder()
    da.logouts.http = httpx.Client(transport=httpx.MockTransport(recording))
    rp_key = DocumentedRp(web, ISSUER, "", REDIRECT)
    da.clients.register(
        {
            "client_name": "RP00000001",
            "redirect_uris": [REDIRECT],
            "post_logout_redirect_uris": [AFTER],
            "backchannel_logout_uri": BACK,
            "backchannel_logout_session_required": True,
            "scope": "openid",
            "token_endpoint_auth_method": "private_key_jwt",
            "jwks": rp_key.public_jwks,
        },
        client_id="RP00000001",
    )
    rp_key.client_id = "RP00000001"
    found = web.get(f"{DA_REALM}/.well-known/openid-configuration").json()
    assert found["backchannel_logout_supported"] is True
    assert found["end_session_endpoint"] == f"{ISSUER}{DA_REALM}/protocol/openid-connect/logout"
    url, pending = rp_key.authorization_url("openid")
    _, back = browser_login(web, url, make_holder(authority))
    signed_in = rp_key.callback(back.headers["location"], pending)
    answer = web.get(
        found["end_session_endpoint"],
        params={
            "id_token_hint": signed_in["tokens"]["id_token"],
            "post_logout_redirect_uri": AFTER,
            "state": "da-1",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 302
    assert answer.headers["location"] == f"{AFTER}?state=da-1"
    [(_, logout_token)] = recording.posts
    claims = jwt.decode(logout_token, KeySet.import_key_set(da.keys.public_jwks())).claims
    assert claims["iss"] == f"{ISSUER}{DA_REALM}"
    assert claims["sid"] == signed_in["id_token"]["sid"]
