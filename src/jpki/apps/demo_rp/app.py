"""A demo relying party: "log in with My Number card" through the IdP with Authlib's OIDC
client (discovery, PKCE, full ID-token validation), and a document signed with the card.

Nothing of the IdP is imported: the RP is configuration plus Authlib, as any company's site
would be. The card login itself is `jpki.apps.kit.oidc`, shared with the government SSO sites.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from jpki.apps.demo_rp.claims import WORDS, meaning, shown
from jpki.apps.demo_rp.texts import TEXT
from jpki.apps.kit.oidc import RelyingPartyConfig, add_card_login, logged_out
from jpki.protocol.codec import encode_b64
from jpki.protocol.levels import OIDC_LEVELS
from jpki.web import language, party_app, render_page, templates_beside

TEMPLATES = templates_beside(__file__)


def _page(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    return render_page(TEMPLATES, TEXT, request, template, status, **context)


def _refused(request: Request, reply: httpx.Response, status: int) -> Response:
    """The IdP's refusal of a request, shown with its words (its body, when it has one)."""
    return _page(request, "rp_message.html", status, message=reply.text, heading="idp_refused")


def build_rp_app(config: RelyingPartyConfig, http: httpx.AsyncClient | None = None) -> FastAPI:
    app = party_app(config.name, docs_url=None, redoc_url=None)
    add_card_login(app, config, lambda request, error: _page(  # a callback without state: 400
        request, "rp_message.html", 400, message=error
    ))  # fmt: skip
    api = http or httpx.AsyncClient(timeout=30.0)

    @app.get("/")
    def home(request: Request) -> Response:
        user = request.session.get("user")
        if not user:
            notice = logged_out(request)  # back from the IdP's logout, with our state
            return _page(request, "rp_home.html", levels=OIDC_LEVELS, claims=None, notice=notice)
        lang = language(request)
        claims = [(k, shown(k, v, lang), meaning(k, v, lang), k in WORDS) for k, v in user.items()]
        return _page(request, "rp_home.html", claims=claims)

    @app.get("/sign")
    async def sign(request: Request) -> Response:
        access = request.session.get("access_token")
        if not access:
            return RedirectResponse("/", 303)
        document = f"{config.name}: terms accepted by {request.session['user']['sub']}\n".encode()
        names = TEXT["document_name"]
        reply = await api.post(
            f"{config.issuer}/sign/requests",
            json={
                "document_name": f"{names['ja']} / {names['en']}",
                "digest": hashlib.sha256(document).hexdigest(),
                "return_to": f"{config.base_url}/signed",
            },
            headers={"Authorization": f"Bearer {access}"},
        )
        if reply.status_code != 201:
            return _refused(request, reply, 502)
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
            return _refused(request, reply, 502)
        result = reply.json()
        return _page(
            request, "rp_signed.html", request_id=request_id, result=result,
            state=str(result.get("status")),
        )  # fmt: skip

    @app.get("/signatures/{request_id}")
    async def signature(request: Request, request_id: str) -> Response:
        access = request.session.get("access_token")
        if not access:  # no session: nothing to ask the IdP for
            message = f"{TEXT['not_logged_in']['ja']} / {TEXT['not_logged_in']['en']}"
            return JSONResponse({"error": "not-logged-in", "message": message}, 400)
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
