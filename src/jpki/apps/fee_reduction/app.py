"""The fee-reduction service's web app: the welfare office's desk (issue and revoke the
certificate of grounds) and the nursery-fee desk (apply with the certificate and the card)."""

from __future__ import annotations

import base64
from typing import Any

from fastapi import FastAPI, Form, Request, Response

from jpki.apps.fee_reduction.service import GROUNDS, FeeReductionService, pem_of
from jpki.apps.fee_reduction.texts import TEXT
from jpki.apps.kit.card_requests import CardRequest
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.web import redirect, service_app
from jpki.protocol.wallet import LoginAnswer

NAME = "手数料減免 / Fee reduction"
MAX_PASTE = 20_000


def build_fee_reduction_app(context: ServiceContext) -> FastAPI:
    service = FeeReductionService(context)
    app, web, requests = service_app(NAME, TEXT, context, __file__)

    @requests.on_login("issue")
    def issued(card_request: CardRequest, answer: LoginAnswer) -> dict[str, Any]:
        challenge, grounds = card_request.context["challenge"], card_request.context["grounds"]
        return {"serial": service.issue(challenge, answer, grounds)}

    @requests.on_login("apply")
    def applied(card_request: CardRequest, answer: LoginAnswer) -> dict[str, Any]:
        decision = service.apply(
            card_request.context["challenge"], answer, card_request.context["pasted"]
        )
        return {
            "accepted": decision.accepted,
            "reason_en": decision.reason_en,
            "reason_ja": decision.reason_ja,
            "grounds": decision.grounds,
            "receipt": decision.receipt,
        }

    @web.continues("issue")
    def show_issued(request: Request, card_request: CardRequest) -> Response:
        serial = card_request.outcome["serial"]
        request.session["issued"] = [*request.session.get("issued", [])[-9:], serial]
        return redirect(f"/welfare/certificates/{serial}")

    @web.continues("apply")
    def show_decision(request: Request, card_request: CardRequest) -> Response:
        return web.page(request, "decision.html", decision=card_request.outcome, known=GROUNDS)

    @app.get("/")
    def home(request: Request) -> Response:
        return web.page(request, "home.html", stats=service.statistics())

    @app.get("/welfare")
    def welfare(request: Request) -> Response:
        return web.page(request, "welfare.html", grounds=GROUNDS)

    @app.post("/welfare/issue")
    def issue(request: Request, grounds: str = Form(max_length=32)) -> Response:
        card_request = requests.login(
            "issue", web.browser(request), service.welfare_challenge(), context={"grounds": grounds}
        )
        return web.show(request, card_request)

    def own(request: Request, serial: str) -> Any:
        """The office's copy of a certificate this browser's holder was issued, or None."""
        if serial not in request.session.get("issued", []):
            return None
        return service.certificate(serial)

    @app.get("/welfare/certificates/{serial}")
    def certificate_page(request: Request, serial: str) -> Response:
        row = own(request, serial)
        if row is None:
            return web.message(request, web.said(request, "back"), 404)
        pem = pem_of(base64.b64decode(row.certificate))
        return web.page(request, "issued.html", row=row, pem=pem)

    @app.get("/welfare/certificates/{serial}.der")
    def certificate_file(request: Request, serial: str) -> Response:
        row = own(request, serial)
        if row is None:
            return Response(status_code=404)
        return Response(
            base64.b64decode(row.certificate),
            media_type="application/octet-stream",
            headers={"Content-Disposition": f'attachment; filename="fee-reduction-{serial}.der"'},
        )

    @app.post("/welfare/certificates/{serial}/revoke")
    def revoke(request: Request, serial: str) -> Response:
        if own(request, serial) is None:
            return web.message(request, web.said(request, "back"), 404)
        service.revoke(serial)
        return web.message(request, web.said(request, "revoked"))

    @app.get("/nursery")
    def nursery(request: Request) -> Response:
        return web.page(request, "nursery.html")

    @app.post("/nursery/apply")
    def apply(request: Request, certificate: str = Form(max_length=MAX_PASTE)) -> Response:
        card_request = requests.login(
            "apply", web.browser(request), context.login_challenge(),
            context={"pasted": certificate},
        )  # fmt: skip
        return web.show(request, card_request)

    return app


__all__ = ["NAME", "build_fee_reduction_app"]
