"""An RP's end of single logout: the IdP tells it a holder's IdP session ended, over the back
channel (OpenID Connect Back-Channel Logout 1.0: a logout token posted to
`/backchannel-logout`) or the front channel (Front-Channel Logout 1.0: `/frontchannel-logout`
loaded in a frame of the IdP's logout page, with `iss` and `sid`).

The RP's own sessions live in the browser's sealed cookie, which neither channel can reach (the
back channel has no browser; a cross-site frame gets no SameSite=Lax cookie), so the RP keeps
what ended: the session IDs (`sid`) and, for a token that names only `sub`, the subject and
when. Each request's session is checked against them (`LoggedOutSessions`) and emptied if its
IdP session ended. Kept in memory: the RP runs as one process (jpki up); an RP behind several
workers would keep them in its database.

A logout token is refused (400 `invalid_request`) unless (Back-Channel Logout 1.0 §2.6): it is a
JWT signed by the IdP (a key of its JWKS, ES256 or RS256; `typ`, if present, `logout+jwt`),
`iss` is the IdP, `aud` names this RP, `iat` is present and not in the future (a minute's
leeway) nor older than `MAX_AGE`, an `exp` has not passed, `events` holds the back-channel
logout event as an object, `sub` or `sid` is present (`sid` always: the RP registers
`backchannel_logout_session_required`), there is no `nonce`, and its `jti` was never seen.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from joserfc import jws, jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from starlette.types import ASGIApp, Receive, Scope, Send

BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout"
ALGORITHMS = ["ES256", "RS256"]
MAX_AGE = 300.0
"""Seconds after `iat` a logout token is still taken (the IdP signs a fresh one per try)."""
LEEWAY = 60.0
KEEP = 8 * 3600.0
"""How long an ended `sid` or `sub` is remembered: as long as an RP session lasts."""


class LogoutRefused(ValueError):
    """A logout token or front-channel request the RP refuses (answered 400)."""


class KeysUnavailable(RuntimeError):
    """The IdP's JWKS could not be fetched: no fault of the token (answered 503, so the IdP's
    outbox tries again later)."""


@dataclasses.dataclass
class EndedSessions:
    """What the IdP said has ended, and the logout token IDs already used."""

    now: Callable[[], float] = time.time
    sids: dict[str, float] = dataclasses.field(default_factory=dict)
    """sid -> when it ended."""
    subs: dict[str, float] = dataclasses.field(default_factory=dict)
    """sub -> when every session of it ended."""
    jtis: dict[str, float] = dataclasses.field(default_factory=dict)
    """jti -> until when it is remembered."""

    def end_sid(self, sid: str) -> None:
        self._sweep()
        self.sids[sid] = self.now()

    def end_sub(self, sub: str) -> None:
        self._sweep()
        self.subs[sub] = self.now()

    def first_use(self, jti: str, until: float) -> bool:
        """Whether `jti` is new (and remember it until `until`)."""
        self._sweep()
        if jti in self.jtis:
            return False
        self.jtis[jti] = until
        return True

    def ended(self, session: dict[str, Any]) -> bool:
        """Whether the RP session `session` (its `sid`, `sub` and login time `since`) belongs
        to an IdP session that has ended."""
        sid = session.get("sid")
        if isinstance(sid, str) and sid in self.sids:
            return True
        user = session.get("user") or {}
        ended_at = self.subs.get(str(user.get("sub", "")))
        return ended_at is not None and float(session.get("since", 0)) <= ended_at

    def _sweep(self) -> None:
        now = self.now()
        for table, keep in ((self.sids, KEEP), (self.subs, KEEP)):
            for key in [k for k, at in table.items() if now - at > keep]:
                del table[key]
        for key in [k for k, until in self.jtis.items() if until < now]:
            del self.jtis[key]


@dataclasses.dataclass
class LogoutReceiver:
    """Checks logout tokens and front-channel requests for one RP."""

    issuer: str
    client_id: str
    keys: Callable[[], Awaitable[dict[str, Any]]]
    """The IdP's JWKS (cached by the OIDC client; fetched again when a `kid` is unknown)."""
    ended: EndedSessions

    async def back_channel(self, token: str, *, refresh: Callable[[], Awaitable[Any]]) -> None:
        """Validate a logout token and end what it names; raises LogoutRefused."""
        try:
            header = jws.extract_compact(token.encode()).protected
        except (JoseError, ValueError, TypeError):
            raise LogoutRefused("logout_token is not a JWT") from None
        if header.get("alg") not in ALGORITHMS:
            raise LogoutRefused("logout_token must be signed with ES256 or RS256")
        if header.get("typ", "logout+jwt") != "logout+jwt":
            raise LogoutRefused("logout_token's typ must be logout+jwt")
        claims = await self._verified(token, refresh)
        now = self.ended.now()
        if claims.get("iss") != self.issuer:
            raise LogoutRefused("logout_token is not from the IdP (iss)")
        audience = claims.get("aud")
        if self.client_id not in ([audience] if isinstance(audience, str) else audience or []):
            raise LogoutRefused("logout_token is not for this RP (aud)")
        issued = claims.get("iat")
        if not isinstance(issued, int | float) or isinstance(issued, bool):
            raise LogoutRefused("logout_token needs iat")
        if issued > now + LEEWAY or now - issued > MAX_AGE:
            raise LogoutRefused("logout_token's iat is out of range")
        expires = claims.get("exp")
        if expires is not None and (not isinstance(expires, int | float) or expires < now):
            raise LogoutRefused("logout_token has expired")
        events = claims.get("events")
        if not isinstance(events, dict) or not isinstance(events.get(BACKCHANNEL_EVENT), dict):
            raise LogoutRefused("logout_token's events must name the back-channel logout event")
        if "nonce" in claims:
            raise LogoutRefused("logout_token must not carry a nonce")
        sid, sub = claims.get("sid"), claims.get("sub")
        if not isinstance(sid, str) or not sid:
            raise LogoutRefused("logout_token needs sid (this RP requires it)")
        if sub is not None and not isinstance(sub, str):
            raise LogoutRefused("logout_token's sub must be a string")
        jti = claims.get("jti")
        if not isinstance(jti, str) or not jti:
            raise LogoutRefused("logout_token needs jti")
        if not self.ended.first_use(jti, now + MAX_AGE + LEEWAY):
            raise LogoutRefused("logout_token was used before (jti)")
        self.ended.end_sid(sid)

    async def _verified(self, token: str, refresh: Callable[[], Awaitable[Any]]) -> dict[str, Any]:
        for attempt in range(2):
            try:
                fetched = await (self.keys() if attempt == 0 else refresh())
                keys = KeySet.import_key_set(fetched)  # type: ignore[arg-type]
            except (httpx.HTTPError, JoseError, ValueError, TypeError, KeyError) as failure:
                raise KeysUnavailable(f"the IdP's keys could not be read: {failure}") from None
            try:
                return dict(jwt.decode(token, keys, algorithms=ALGORITHMS).claims)
            except InvalidKeyIdError:
                if attempt == 1:  # not even after the IdP's keys were fetched again
                    raise LogoutRefused("logout_token is signed with an unknown key") from None
            except (JoseError, ValueError) as error:
                raise LogoutRefused(f"logout_token's signature: {error}") from None
        raise LogoutRefused("logout_token's signature")  # pragma: no cover

    def front_channel(self, iss: str | None, sid: str | None) -> str:
        """Check a front-channel logout request and end its `sid`; raises LogoutRefused."""
        if iss != self.issuer:
            raise LogoutRefused("iss is not the IdP")
        if not sid:
            raise LogoutRefused("sid is required")
        self.ended.end_sid(sid)
        return sid


class LoggedOutSessions:
    """ASGI middleware inside the session middleware: a request whose RP session belongs to
    an IdP session that ended finds it empty (and its cookie is cleared on the answer)."""

    def __init__(self, app: ASGIApp, ended: EndedSessions) -> None:
        self.app, self.ended = app, ended

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        session = scope.get("session") if scope["type"] == "http" else None
        if session and self.ended.ended(session):
            session.clear()
        await self.app(scope, receive, send)


__all__ = [
    "BACKCHANNEL_EVENT",
    "EndedSessions",
    "KeysUnavailable",
    "LoggedOutSessions",
    "LogoutReceiver",
    "LogoutRefused",
]
