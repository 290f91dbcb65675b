"""A demo relying party: "log in with My Number card" through the IdP with Authlib's OIDC
client (discovery, PKCE, full ID-token validation), and a document signed with the card.

Nothing of the IdP is imported: the RP is configuration plus Authlib, as any company's site
would be. The card login itself is `jpki.apps.kit.oidc`, shared with the government SSO sites.
"""

from __future__ import annotations

import base64
import hashlib
import html

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from jpki.apps.demo_rp_claims import meaning, shown
from jpki.apps.kit.oidc import RelyingPartyConfig, add_card_login
from jpki.protocol.codec import encode_b64
from jpki.protocol.levels import OIDC_LEVELS
from jpki.web import party_app


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(
        status_code=status,
        content=f"""<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto}}
.button{{padding:.5rem 1rem;background:#0b6b2a;color:#fff;text-decoration:none;border-radius:.3rem}}</style>
</head><body><h1>{html.escape(title)}</h1>{body}</body></html>""",
    )


NOT_LOGGED_IN = "ログインしていません / You are not logged in"
STATES = {
    "signed": "署名されました / signed",
    "refused": "拒否されました / refused by you",
    "pending": "署名待ち / waiting for the card",
    "expired": "期限切れ / expired",
}


def _signed_body(request_id: str, result: dict[str, object]) -> str:
    """The outcome of a signing request as the RP shows it: the state in words, the platform's
    receipt, the signer's ID here, and the signature to download when the holder released it."""
    state = str(result.get("status"))
    rows = [
        ("文書 / document", str(result.get("document_name", ""))),
        ("結果 / outcome", STATES.get(state, state)),
        ("受付番号 / receipt", str(result.get("receipt") or "—")),
        ("署名者 / signer (your ID here)", str(result.get("signer") or "—")),
    ]
    table = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)
    links = f'<a href="/documents/{html.escape(request_id)}">文書 / the document</a>'
    if result.get("cms"):
        links += (
            f' · <a href="/signatures/{html.escape(request_id)}" data-testid="signature-json">'
            "署名 (CMS) と証明書 / the signature (CMS) and certificate</a>"
        )
    return (
        f'<p data-testid="sign-outcome" data-state="{html.escape(state)}">{STATES.get(state, state)}</p>'
        f"<table>{table}</table><p>{links}</p>"
        '<p><a href="/" data-testid="home">戻る / Back</a></p>'
    )


def build_rp_app(config: RelyingPartyConfig, http: httpx.AsyncClient | None = None) -> FastAPI:
    app = party_app(config.name, docs_url=None, redoc_url=None)
    add_card_login(app, config, lambda _request, error: _page(  # a callback without state: 400
        config.name, f"<p role='alert' data-testid='error'>{html.escape(error)}</p>", 400
    ))  # fmt: skip
    api = http or httpx.AsyncClient(timeout=30.0)

    @app.get("/")
    def home(request: Request) -> Response:
        user = request.session.get("user")
        if not user:
            links = " ".join(
                f'<a class="button" data-testid="login-{level}" href="/login?acr={level}">'
                f"マイナンバーカードでログイン / Log in with My Number card ({level})</a><br><br>"
                for level in OIDC_LEVELS
            )
            return _page(config.name, f"<p>{links}</p>")
        claims = "".join(
            f"<tr><th>{html.escape(k)}</th><td data-testid='claim-{html.escape(k)}'>"
            f"{html.escape(shown(k, v))}</td><td><small>{html.escape(meaning(k, v))}</small></td></tr>"
            for k, v in user.items()
        )
        return _page(
            config.name,
            f"<p>ようこそ / Welcome</p><table>{claims}</table>"
            '<p><a class="button" href="/sign" data-testid="sign">文書に署名 / Sign a document</a></p>'
            '<p><a href="/logout" data-testid="logout">ログアウト / Log out</a></p>',
        )

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
                "return_to": f"{config.base_url}/signed",
            },
            headers={"Authorization": f"Bearer {access}"},
        )
        if reply.status_code != 201:
            return _page(config.name, f"<p role='alert'>{html.escape(reply.text)}</p>")
        created = reply.json()
        request.session.setdefault("documents", {})[created["id"]] = encode_b64(document)
        request.session["signing"] = created["id"]
        return RedirectResponse(created["approve_url"], 303)

    @app.get("/signed")
    async def signed(request: Request) -> Response:
        """Where the IdP sends the holder back: the outcome of the last signing request."""
        access, request_id = request.session.get("access_token"), request.session.get("signing")
        if not access or not request_id:
            return RedirectResponse("/", 303)
        reply = await api.get(
            f"{config.issuer}/sign/requests/{request_id}",
            headers={"Authorization": f"Bearer {access}"},
        )
        if reply.status_code != 200:
            return _page(config.name, f"<p role='alert'>{html.escape(reply.text)}</p>", 502)
        return _page(config.name, _signed_body(request_id, reply.json()))

    @app.get("/signatures/{request_id}")
    async def signature(request: Request, request_id: str) -> Response:
        access = request.session.get("access_token")
        if not access:  # no session: nothing to ask the IdP for
            return JSONResponse({"error": "not-logged-in", "message": NOT_LOGGED_IN}, 400)
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

    return app


__all__ = ["build_rp_app"]
