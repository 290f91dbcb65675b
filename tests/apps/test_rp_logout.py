"""An RP's checks of the IdP's logout (`jpki.apps.kit.rp_logout`): a logout token is taken only
signed by the IdP, from its issuer, for this RP, fresh, with the back-channel event, a `sid`, no
`nonce`, and a `jti` never seen; a front-channel request only with the IdP's `iss` and a `sid`;
and what ended empties the sessions it names."""

from __future__ import annotations

import asyncio
import secrets

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from joserfc import jwt
from joserfc.jwk import ECKey, KeySet

from jpki.apps.kit.rp_logout import (
    BACKCHANNEL_EVENT,
    EndedSessions,
    LogoutReceiver,
    LogoutRefused,
)

ISSUER = "http://127.0.0.3:8200"
CLIENT = "demo-bank-web"
NOW = 1_800_000_000.0
KEY = ECKey.generate_key("P-256", parameters={"kid": "idp-1"})
STRANGER = ECKey.generate_key("P-256", parameters={"kid": "idp-1"})


def claims(**changes):
    base = {
        "iss": ISSUER,
        "aud": CLIENT,
        "iat": int(NOW),
        "exp": int(NOW) + 120,
        "jti": secrets.token_urlsafe(12),
        "sub": "pairwise-sub",
        "sid": "session-1",
        "events": {BACKCHANNEL_EVENT: {}},
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def signed(payload, key=KEY, header=None):
    return jwt.encode(header or {"alg": "ES256", "kid": key.kid, "typ": "logout+jwt"}, payload, key)


def receiver(keys=(KEY,)):
    jwks = KeySet(list(keys)).as_dict(private=False)

    async def fetch():
        return jwks

    return LogoutReceiver(ISSUER, CLIENT, fetch, EndedSessions(now=lambda: NOW))


def accept(rp, token):
    asyncio.run(rp.back_channel(token, refresh=rp.keys))


def test_a_valid_logout_token_ends_its_session():
    rp = receiver()
    accept(rp, signed(claims()))
    assert "session-1" in rp.ended.sids
    assert rp.ended.ended({"sid": "session-1", "user": {"sub": "x"}})
    assert not rp.ended.ended({"sid": "session-2", "user": {"sub": "x"}})


@pytest.mark.parametrize(
    ("token", "why"),
    [
        (signed(claims(), key=STRANGER), "signature"),
        (signed(claims(iss="http://127.0.0.9:8200")), "iss"),
        (signed(claims(aud="another-rp")), "aud"),
        (signed(claims(iat=None)), "iat"),
        (signed(claims(iat=int(NOW) + 3600)), "iat"),
        (signed(claims(iat=int(NOW) - 3600, exp=int(NOW) + 60)), "iat"),
        (signed(claims(exp=int(NOW) - 1)), "expired"),
        (signed(claims(events=None)), "events"),
        (signed(claims(events={"http://example.com/other": {}})), "events"),
        (signed(claims(events={BACKCHANNEL_EVENT: "yes"})), "events"),
        (signed(claims(sid=None)), "sid"),
        (signed(claims(nonce="n")), "nonce"),
        (signed(claims(jti=None)), "jti"),
        (signed(claims(), header={"alg": "ES256", "kid": "idp-1", "typ": "JWT"}), "typ"),
        (jwt.encode({"alg": "none"}, claims(), None, ["none"]), "ES256"),
        ("not.a.jwt", "JWT"),
    ],
)
def test_a_bad_logout_token_is_refused(token, why):
    rp = receiver()
    with pytest.raises(LogoutRefused, match=why):
        accept(rp, token)
    assert rp.ended.sids == {}


def test_a_replayed_jti_is_refused():
    rp = receiver()
    token = signed(claims())
    accept(rp, token)
    with pytest.raises(LogoutRefused, match="used before"):
        accept(rp, token)


def test_an_unknown_kid_fetches_the_idps_keys_again():
    rotated = ECKey.generate_key("P-256", parameters={"kid": "idp-2"})
    rp = receiver()
    fresh = KeySet([KEY, rotated]).as_dict(private=False)

    async def refresh():
        return fresh

    asyncio.run(rp.back_channel(signed(claims(), key=rotated), refresh=refresh))
    assert "session-1" in rp.ended.sids


def test_front_channel_needs_the_idps_iss_and_a_sid():
    rp = receiver()
    with pytest.raises(LogoutRefused):
        rp.front_channel("http://127.0.0.9:8200", "session-1")
    with pytest.raises(LogoutRefused):
        rp.front_channel(ISSUER, None)
    assert rp.front_channel(ISSUER, "session-1") == "session-1"
    assert rp.ended.ended({"sid": "session-1"})


def test_a_sub_wide_logout_ends_only_sessions_from_before_it():
    ended = EndedSessions(now=lambda: NOW)
    ended.end_sub("pairwise-sub")
    assert ended.ended({"user": {"sub": "pairwise-sub"}, "since": NOW - 10})
    assert not ended.ended({"user": {"sub": "pairwise-sub"}, "since": NOW + 10})


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_as_a_logout_token_is_a_refusal_never_a_crash(text):
    rp = receiver()
    with pytest.raises(LogoutRefused):
        accept(rp, text)
