"""Logging in with the card through the IdP, as any relying party does: Authlib's OpenID
Connect client (discovery, PKCE, full ID-token validation) and the session that follows.

Nothing of the IdP is imported: an RP is configuration plus Authlib, as any company's site
would be. The demo RP and the government SSO sites build on it.
"""

from __future__ import annotations

import dataclasses
import secrets
import warnings
from typing import Any
from urllib.parse import urlencode

from authlib.deprecate import AuthlibDeprecationWarning

with warnings.catch_warnings():  # Authlib 1.9 warns on import about its own httpx shim
    warnings.simplefilter("ignore", AuthlibDeprecationWarning)
    from authlib.integrations.starlette_client import OAuth, OAuthError
from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

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
    claims and tokens) and
    `/logout` (RP-initiated logout at the IdP). `failed(request, error)` renders a refusal."""
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
        return RedirectResponse("/", 303)

    @app.get("/logout")
    async def logout(request: Request) -> Response:
        id_token = request.session.get("id_token")
        request.session.clear()
        metadata = await oauth.jpki.load_server_metadata()
        query = urlencode(
            {
                "id_token_hint": id_token or "",
                "post_logout_redirect_uri": f"{config.base_url}/",
                "client_id": config.client_id,
            }
        )
        return RedirectResponse(f"{metadata['end_session_endpoint']}?{query}", 303)

    return oauth


def rp_metadata(config: RelyingPartyConfig) -> dict[str, Any]:
    """What the RP registers at the IdP."""
    return {
        "client_name": config.name,
        "redirect_uris": [f"{config.base_url}/callback"],
        "post_logout_redirect_uris": [f"{config.base_url}/"],
        "client_uri": config.base_url,
        "token_endpoint_auth_method": "client_secret_basic",
    }


__all__ = ["RelyingPartyConfig", "add_card_login", "rp_metadata"]
