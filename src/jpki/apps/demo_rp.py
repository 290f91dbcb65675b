"""A demo relying party: "log in with My Number card" through the IdP with Authlib's OIDC
client (discovery, PKCE, full ID-token validation), and a document signed with the card.

Nothing of the IdP is imported: the RP is configuration plus Authlib, as any company's site
would be. The bank of the use cases builds on it.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import html
import secrets
import warnings
from typing import Any
from urllib.parse import urlencode

import httpx
from authlib.deprecate import AuthlibDeprecationWarning

with warnings.catch_warnings():  # Authlib 1.9 warns on import about its own httpx shim
    warnings.simplefilter("ignore", AuthlibDeprecationWarning)
    from authlib.integrations.starlette_client import OAuth, OAuthError
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.middleware.sessions import SessionMiddleware

ACR = {
    "pin": "urn:jpki:acr:pin",
    "pinless": "urn:jpki:acr:pinless",
    "certificate": "urn:jpki:acr:certificate",
}


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


def _page(title: str, body: str) -> HTMLResponse:
    return HTMLResponse(
        f"""<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto}}
.button{{padding:.5rem 1rem;background:#0b6b2a;color:#fff;text-decoration:none;border-radius:.3rem}}</style>
</head><body><h1>{html.escape(title)}</h1>{body}</body></html>"""
    )


def build_rp_app(config: RelyingPartyConfig, http: httpx.AsyncClient | None = None) -> FastAPI:
    app = FastAPI(title=config.name, docs_url=None, redoc_url=None)
    app.add_middleware(SessionMiddleware, secret_key=config.session_secret, same_site="lax")
    oauth = OAuth()
    oauth.register(
        "jpki",
        client_id=config.client_id,
        client_secret=config.client_secret,
        server_metadata_url=f"{config.issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": config.scope, "code_challenge_method": "S256"},
    )
    api = http or httpx.AsyncClient(timeout=30.0)

    @app.get("/")
    def home(request: Request) -> Response:
        user = request.session.get("user")
        if not user:
            links = " ".join(
                f'<a class="button" data-testid="login-{level}" href="/login?acr={level}">'
                f"マイナンバーカードでログイン / Log in with My Number card ({level})</a><br><br>"
                for level in ACR
            )
            return _page(config.name, f"<p>{links}</p>")
        claims = "".join(
            f"<tr><th>{html.escape(k)}</th><td data-testid='claim-{html.escape(k)}'>{html.escape(str(v))}</td></tr>"
            for k, v in user.items()
        )
        return _page(
            config.name,
            f"<p>ようこそ / Welcome</p><table>{claims}</table>"
            '<p><a href="/sign" data-testid="sign">文書に署名 / Sign a document</a></p>'
            '<p><a href="/logout" data-testid="logout">ログアウト / Log out</a></p>',
        )

    @app.get("/login")
    async def login(request: Request, acr: str = "pin", scope: str | None = None) -> Response:
        extra: dict[str, Any] = {"acr_values": ACR.get(acr, ACR["pin"])}
        if scope:
            extra["scope"] = scope
        return await oauth.jpki.authorize_redirect(request, f"{config.base_url}/callback", **extra)  # type: ignore[no-any-return]

    @app.get("/callback")
    async def callback(request: Request) -> Response:
        try:
            token = await oauth.jpki.authorize_access_token(request)
        except OAuthError as error:
            return _page(
                config.name,
                f"<p role='alert' data-testid='error'>{html.escape(error.error)}: {html.escape(error.description or '')}</p>",
            )
        request.session["user"] = dict(token["userinfo"])
        request.session["access_token"] = token["access_token"]
        request.session["id_token"] = token["id_token"]
        return RedirectResponse("/", 303)

    @app.get("/sign")
    async def sign(request: Request) -> Response:
        access = request.session.get("access_token")
        if not access:
            return RedirectResponse("/", 303)
        document = f"{config.name}: terms accepted by {request.session['user']['sub']}\n".encode()
        reply = await api.post(
            f"{config.issuer}/sign/requests",
            json={
                "document_name": "Terms / 利用規約",
                "digest": hashlib.sha256(document).hexdigest(),
            },
            headers={"Authorization": f"Bearer {access}"},
        )
        if reply.status_code != 201:
            return _page(config.name, f"<p role='alert'>{html.escape(reply.text)}</p>")
        created = reply.json()
        request.session.setdefault("documents", {})[created["id"]] = base64.b64encode(
            document
        ).decode()
        return RedirectResponse(created["approve_url"], 303)

    @app.get("/signatures/{request_id}")
    async def signature(request: Request, request_id: str) -> Response:
        access = request.session.get("access_token", "")
        reply = await api.get(
            f"{config.issuer}/sign/requests/{request_id}",
            headers={"Authorization": f"Bearer {access}"},
        )
        return Response(reply.content, reply.status_code, media_type="application/json")

    @app.get("/documents/{request_id}")
    def document(request: Request, request_id: str) -> Response:
        stored = request.session.get("documents", {}).get(request_id)
        if stored is None:
            return Response(status_code=404)
        return Response(base64.b64decode(stored), media_type="text/plain")

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

    return app


def rp_metadata(config: RelyingPartyConfig) -> dict[str, Any]:
    """What the RP registers at the IdP."""
    return {
        "client_name": config.name,
        "redirect_uris": [f"{config.base_url}/callback"],
        "post_logout_redirect_uris": [f"{config.base_url}/"],
        "client_uri": config.base_url,
        "token_endpoint_auth_method": "client_secret_basic",
    }


__all__ = ["RelyingPartyConfig", "build_rp_app", "rp_metadata"]
