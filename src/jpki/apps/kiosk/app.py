"""The kiosk's web app: the copier's screen (record copy, identification number), the sealed
PDF, the municipalities' seal CAs, a demo online service without a card reader, and the
identification API for online services."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import FastAPI, Form, Header, Request, Response
from fastapi import Path as PathParameter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from jpki.apps.kiosk.service import Kiosk, identification_document, record_application
from jpki.apps.kiosk.texts import TEXT
from jpki.apps.kit.card_requests import CardRefusal, CardRequest
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.web import service_app
from jpki.protocol.wallet import SignatureAnswer

NAME = "コンビニ交付 / Convenience-store kiosk"
KIOSK_ID = "store-0001"
DEMO_SERVICE = "デモ証券 / Demo Securities (online)"
NUMBER = Annotated[str, PathParameter(pattern=r"^[0-9]{12}$")]
RECORD = Annotated[str, PathParameter(pattern=r"^[0-9]{6}-[0-9]{8}$")]


class IdentificationRequest(BaseModel):
    service: str = Field(min_length=1, max_length=100)


def build_kiosk_app(context: ServiceContext) -> FastAPI:
    kiosk = Kiosk(context)
    app, web, requests = service_app(NAME, TEXT, context, __file__)
    token = context.bearer_token("api-token")
    """The online services' token for the identification API."""

    @requests.on_signature("record")
    def issued(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        application = card_request.context["content"]
        return {"number": kiosk.issue_record(answer.cms or "", KIOSK_ID, application)}

    @requests.on_signature("identify")
    def identified(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        row = kiosk.complete(card_request.context["number"], answer.cms or "")
        return {"service": row.service}

    @web.continues("record")
    def show_record(request: Request, card_request: CardRequest) -> Response:
        number = card_request.outcome["number"]
        request.session.setdefault("records", []).append(number)
        return web.page(request, "issued.html", number=number)

    @web.continues("identify")
    def show_identified(request: Request, card_request: CardRequest) -> Response:
        return web.message(
            request, f"{web.said(request, 'identified')} {card_request.outcome['service']}"
        )

    @app.get("/")
    def home(request: Request) -> Response:
        return web.page(request, "home.html")

    @app.post("/records")
    def request_record(request: Request) -> Response:
        application = record_application(KIOSK_ID, kiosk.today())
        card_request = requests.signature(
            "record", web.browser(request), "住民票の写し 交付申請 / Resident record", application
        )
        return web.show(request, card_request)

    @app.get("/records/{number}.pdf")
    def record_pdf(request: Request, number: RECORD) -> Response:
        if number not in request.session.get("records", []):
            raise CardRefusal(
                "this copy was not issued to this screen / この端末の発行ではありません"
            )
        return Response(kiosk.record(number), media_type="application/pdf")

    @app.get("/seals/ca.pem")
    def seal_roots() -> Response:
        return Response(kiosk.seal_roots(), media_type="application/x-pem-file")

    @app.post("/identify")
    def identify(request: Request, number: str = Form(...)) -> Response:
        row = kiosk.pending(number)
        card_request = requests.signature(
            "identify", web.browser(request), "本人確認 / Identity check",
            identification_document(row.number, row.service), context={"number": row.number},
        )  # fmt: skip
        return web.show(request, card_request)

    @app.get("/online")
    def online(request: Request, number: str | None = None) -> Response:
        status = kiosk.identification(number) if number else None
        return web.page(request, "online.html", identification=status)

    @app.post("/online/apply")
    def online_apply(request: Request) -> Response:
        row = kiosk.new_identification(DEMO_SERVICE)
        return web.page(request, "online.html", identification=kiosk.identification(row.number))

    def authorised(authorization: str | None) -> None:
        if not secrets.compare_digest(authorization or "", f"Bearer {token}"):
            raise CardRefusal("a service's bearer token is required")

    @app.post("/api/identifications", status_code=201)
    def api_new(
        body: IdentificationRequest, authorization: Annotated[str | None, Header()] = None
    ) -> Response:
        authorised(authorization)
        row = kiosk.new_identification(body.service)
        return JSONResponse(kiosk.identification(row.number), 201)

    @app.get("/api/identifications/{number}")
    def api_status(
        number: NUMBER, authorization: Annotated[str | None, Header()] = None
    ) -> Response:
        authorised(authorization)
        return JSONResponse(kiosk.identification(number))

    return app


__all__ = ["NAME", "build_kiosk_app"]
