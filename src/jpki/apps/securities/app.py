"""The securities company's web app (account opening, the TLS endpoint's address and server
certificate, the access log), its account API for desktop clients with a card reader, and the
trading API served over TLS client authentication."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from jpki.apps.kit.card_requests import CardRefusal, CardRequest
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.tls import ClientAuthEndpoint, client_certificate, server_certificate
from jpki.apps.kit.web import service_app
from jpki.apps.securities.service import Securities
from jpki.apps.securities.texts import TEXT
from jpki.protocol.codec import encode_b64
from jpki.protocol.wallet import SignatureAnswer
from jpki.web import party_app

NAME = "デモ証券 / Demo Securities"


class AccountOpening(BaseModel):
    number: str = Field(pattern=r"^S[0-9]{9}$")
    application: str = Field(max_length=4096, description="The signed application, base64")
    signature: str = Field(max_length=65536, description="Detached CMS over it, base64")


def _server_certificate(context: ServiceContext) -> tuple[Path, Path]:
    """The TLS endpoint's certificate and key, for the address it is served at."""
    address = urlsplit(context.tls_origin or context.origin).hostname or "127.0.0.1"
    return server_certificate(context.folder, context.clock.now(), address)


def build_securities_app(context: ServiceContext) -> FastAPI:
    securities = Securities(context)
    app, web, requests = service_app(NAME, TEXT, context, __file__)
    certificate, _ = _server_certificate(context)

    @requests.on_signature("open")
    def signed(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        row = securities.open_account(
            card_request.context["number"],
            answer,
            card_request.context["content"],
        )
        return {"account": row.number, "receipt": row.receipt}

    @web.continues("open")
    def opened(request: Request, card_request: CardRequest) -> Response:
        return web.message(
            request, f"{web.said(request, 'opened')} {card_request.outcome['account']}"
        )

    @app.get("/")
    def home(request: Request) -> Response:
        return web.page(
            request, "home.html", endpoint=context.tls_origin,
            accounts=securities.accounts(), access=securities.access_log(),
        )  # fmt: skip

    @app.post("/open")
    def open_account(request: Request) -> Response:
        number = securities.new_account_number()
        card_request = requests.signature(
            "open", web.browser(request), "証券口座開設申込書 / Securities account application",
            securities.application(number), context={"number": number},
        )  # fmt: skip
        return web.show(request, card_request)

    @app.get("/tls/server.pem")
    def server_pem() -> Response:
        return Response(certificate.read_bytes(), media_type="application/x-pem-file")

    @app.get("/api/accounts/application")
    def application() -> dict[str, str]:
        """A new account number and the application to sign for it (desktop clients)."""
        number = securities.new_account_number()
        return {
            "number": number,
            "application": encode_b64(securities.application(number)),
            "endpoint": context.tls_origin or "",
        }

    @app.post("/api/accounts", status_code=201)
    def api_open(body: AccountOpening) -> dict[str, str]:
        try:
            content = base64.b64decode(body.application, validate=True)
        except ValueError as exc:  # binascii.Error, or text that is not ASCII
            raise CardRefusal("the application is not base64") from exc
        row = securities.open_account(body.number, body.signature, content)
        return {"account": row.number, "name": row.name, "receipt": row.receipt}

    return app


def build_securities_tls(context: ServiceContext) -> ClientAuthEndpoint:
    """The trading API: served only over TLS with a JPKI authentication client certificate."""
    securities = Securities(context)
    app = party_app("Demo Securities trading API (TLS client authentication)")
    certificate, key = _server_certificate(context)

    @app.get("/")
    def accounts(request: Request) -> Response:
        try:
            access = securities.tls_access(client_certificate(request))
        except CardRefusal as refusal:
            return JSONResponse({"error": "no-client-certificate", "message": str(refusal)}, 400)
        return JSONResponse(access.body, access.status)

    return ClientAuthEndpoint(app, certificate, key)


__all__ = ["NAME", "build_securities_app", "build_securities_tls"]
