"""Logging in with the card through the IdP, as any relying party does: Authlib's OpenID
Connect client (discovery, PKCE, full ID-token validation) and the session that follows.

Nothing of the IdP is imported: an RP is configuration plus Authlib, as any company's site
would be. The demo RP and the government SSO sites build on it.
"""

from __future__ import annotations

import dataclasses
import secrets
import time
import warnings
from typing import Any
from urllib.parse import urlencode

from authlib.deprecate import AuthlibDeprecationWarning

with warnings.catch_warnings():  # Authlib 1.9 warns on import about its own httpx shim
    warnings.simplefilter("ignore", AuthlibDeprecationWarning)
    from authlib.integrations.starlette_client import OAuth, OAuthError
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from jpki.apps.kit.rp_logout import (
    EndedSessions,
    KeysUnavailable,
    LoggedOutSessions,
    LogoutReceiver,
    LogoutRefused,
)
from jpki.protocol.levels import OIDC_LEVELS, Level
from jpki.web_session import EncryptedSessions


@dataclasses.dataclass(frozen=True)
class RelyingPartyConfig:
    name: str
    issuer: str
    client_id: str
    client_secret: str
    base_url: str
    """Where this RP answers (its redirect URI is `<base_url>/callback`)."""
    scope: str = "openid sign"
    session_secret: str = dataclasses.field(default_factory=lambda: secrets.token_hex(32))


def add_card_login(app: FastAPI, config: RelyingPartyConfig, failed: Any) -> OAuth:
    """`/login` (to the IdP), `/callback` (the session, encrypted in its cookie, gets the user's
    claims and tokens), `/logout` (RP-initiated logout at the IdP, with `state`), and the IdP's
    single logout: `/backchannel-logout` and `/frontchannel-logout` (`jpki.apps.kit.rp_logout`).
    `failed(request, error)` renders a refusal."""
    ended = EndedSessions()
    app.add_middleware(LoggedOutSessions, ended=ended)  # inside the sessions: sees them
    app.add_middleware(EncryptedSessions, secret=config.session_secret, origin=config.base_url)
    oauth = OAuth()
    oauth.register(
        "jpki",
        client_id=config.client_id,
        client_secret=config.client_secret,
        server_metadata_url=f"{config.issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": config.scope, "code_challenge_method": "S256"},
    )

    @app.get("/login")
    async def login(request: Request, acr: str = "pin", scope: str | None = None) -> Response:
        level = Level(acr) if acr in OIDC_LEVELS else Level.PIN
        extra: dict[str, Any] = {"acr_values": level.urn}
        if scope:
            extra["scope"] = scope
        return await oauth.jpki.authorize_redirect(request, f"{config.base_url}/callback", **extra)  # type: ignore[no-any-return]

    @app.get("/callback")
    async def callback(request: Request) -> Response:
        try:
            token = await oauth.jpki.authorize_access_token(request)
        except OAuthError as error:
            return failed(request, f"{error.error}: {error.description or ''}")  # type: ignore[no-any-return]
        request.session["user"] = dict(token["userinfo"])
        request.session["access_token"] = token["access_token"]
        request.session["id_token"] = token["id_token"]
        request.session["sid"] = token["userinfo"].get("sid")
        request.session["since"] = time.time()
        return RedirectResponse("/", 303)

    @app.get("/logout")
    async def logout(request: Request) -> Response:
        """RP-initiated logout: the RP's session ends here, the IdP's there; the IdP sends the
        browser back to `/` with the `state` kept for it (checked by `logged_out`)."""
        id_token = request.session.get("id_token")
        request.session.clear()
        state = secrets.token_urlsafe(16)
        request.session["logout_state"] = state
        metadata = await oauth.jpki.load_server_metadata()
        query = {
            "post_logout_redirect_uri": f"{config.base_url}/",
            "client_id": config.client_id,
            "state": state,
        }
        if id_token:
            query["id_token_hint"] = id_token
        return RedirectResponse(f"{metadata['end_session_endpoint']}?{urlencode(query)}", 303)

    _add_logout_routes(app, config, oauth, ended)
    return oauth


def _add_logout_routes(
    app: FastAPI, config: RelyingPartyConfig, oauth: OAuth, ended: EndedSessions
) -> None:
    """The IdP's single logout reaching this RP: back channel and front channel."""

    async def keys() -> dict[str, Any]:
        return dict(await oauth.jpki.fetch_jwk_set())

    async def fresh_keys() -> dict[str, Any]:
        return dict(await oauth.jpki.fetch_jwk_set(force=True))

    receiver = LogoutReceiver(config.issuer, config.client_id, keys, ended)

    @app.post(
        "/backchannel-logout",
        responses={
            200: {"description": "The IdP session's RP sessions are ended"},
            400: {"description": "The logout token is refused"},
            503: {"description": "The IdP's keys could not be fetched; the IdP retries"},
        },
    )
    async def backchannel_logout(request: Request) -> Response:
        """Back-Channel Logout 1.0 §2.5: the IdP posts `logout_token`; 200 once done, 400
        `invalid_request` for a token that does not validate (§2.8)."""
        form = await request.form() if _is_form(request) else None
        token = form.get("logout_token") if form is not None else None
        try:
            if not isinstance(token, str) or not token:
                raise LogoutRefused("send logout_token (application/x-www-form-urlencoded)")
            await receiver.back_channel(token, refresh=fresh_keys)
        except LogoutRefused as refused:
            return JSONResponse(
                {"error": "invalid_request", "error_description": str(refused)},
                400,
                headers=NO_STORE,
            )
        except KeysUnavailable as unavailable:
            return JSONResponse(
                {"error": "temporarily_unavailable", "error_description": str(unavailable)},
                503,
                headers={**NO_STORE, "Retry-After": "10"},
            )
        return Response(status_code=200, headers=NO_STORE)

    @app.get(
        "/frontchannel-logout",
        response_class=HTMLResponse,
        responses={400: {"description": "Not from the IdP, or no sid"}},
    )
    async def frontchannel_logout(
        request: Request, iss: str | None = None, sid: str | None = None
    ) -> Response:
        """Front-Channel Logout 1.0 §2: loaded by the IdP's logout page in a frame, with
        `iss` and `sid` (the RP registers `frontchannel_logout_session_required`)."""
        try:
            receiver.front_channel(iss, sid)
        except LogoutRefused as refused:
            return HTMLResponse(str(refused), 400, headers=NO_STORE)
        if request.session.get("sid") == sid:
            request.session.clear()
        return HTMLResponse("<!doctype html><title>logged out</title>", headers=NO_STORE)


NO_STORE = {"Cache-Control": "no-store"}
"""Logout answers are never cached (Back-Channel §2.8, Front-Channel §2)."""


def _is_form(request: Request) -> bool:
    return request.headers.get("content-type", "").split(";")[0].strip().lower() == (
        "application/x-www-form-urlencoded"
    )


def logged_out(request: Request) -> bool:
    """Whether this visit is the IdP's return after the RP-initiated logout this browser
    started here (its `state` matches the one kept for it; used once)."""
    expected = request.session.pop("logout_state", None)
    given = request.query_params.get("state")
    return bool(expected and given and secrets.compare_digest(str(expected), given))


def rp_metadata(config: RelyingPartyConfig) -> dict[str, Any]:
    """What the RP registers at the IdP."""
    return {
        "client_name": config.name,
        "redirect_uris": [f"{config.base_url}/callback"],
        "post_logout_redirect_uris": [f"{config.base_url}/"],
        "backchannel_logout_uri": f"{config.base_url}/backchannel-logout",
        "backchannel_logout_session_required": True,
        "frontchannel_logout_uri": f"{config.base_url}/frontchannel-logout",
        "frontchannel_logout_session_required": True,
        "client_uri": config.base_url,
        "token_endpoint_auth_method": "client_secret_basic",
    }


__all__ = ["RelyingPartyConfig", "add_card_login", "logged_out", "rp_metadata"]
