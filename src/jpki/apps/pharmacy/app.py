"""The pharmacy's web app: registration with the card, the counter (a signed prescription
checked, then the patient's card login, then the dispensing recorded), and the medicine
notebook behind a card login."""

from __future__ import annotations

import base64
from typing import Any

from fastapi import FastAPI, Request, Response, UploadFile
from fastapi.concurrency import run_in_threadpool

from jpki.apps.kit.card_requests import CardRequest
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.prescriptions import MAX_PRESCRIPTION, Verdict
from jpki.apps.kit.web import service_app
from jpki.apps.pharmacy.service import PharmacyService
from jpki.apps.pharmacy.texts import TEXT
from jpki.protocol.wallet import LoginAnswer, SignatureAnswer

NAME = "薬局 / Pharmacy"


def build_pharmacy_app(context: ServiceContext, service: PharmacyService | None = None) -> FastAPI:
    service = service or PharmacyService(context)
    app, web, requests = service_app(NAME, TEXT, context, __file__)

    def refused(request: Request, verdict: Verdict) -> Response:
        return web.page(
            request,
            "refused.html",
            400 if verdict is not Verdict.NO_REVOCATION_INFO else 503,
            verdict=verdict.value,
        )

    @requests.on_signature("register")
    def registered(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        service.register(answer, card_request.context["content"])
        return {}

    @requests.on_login("dispense")
    def dispensed(card_request: CardRequest, answer: LoginAnswer) -> dict[str, Any]:
        ctx = card_request.context
        return service.dispense(base64.b64decode(ctx["signed"]), ctx["challenge"], answer).to_json()

    @requests.on_login("notebook")
    def notebook_login(card_request: CardRequest, answer: LoginAnswer) -> dict[str, Any]:
        return {"patient": service.notebook_owner(card_request.context["challenge"], answer)}

    @web.continues("register")
    def show_registered(request: Request, card_request: CardRequest) -> Response:
        return web.message(request, web.said(request, "registered"))

    @web.continues("dispense")
    def show_dispensed(request: Request, card_request: CardRequest) -> Response:
        verdict = Verdict(card_request.outcome["verdict"])
        if verdict is not Verdict.VALID:
            return refused(request, verdict)
        return web.page(request, "dispensed.html", number=card_request.outcome["number"])

    @web.continues("notebook")
    def show_notebook(request: Request, card_request: CardRequest) -> Response:
        patient, history = service.notebook(card_request.outcome["patient"])
        return web.page(request, "notebook.html", patient=patient, history=history)

    @app.get("/")
    def home(request: Request) -> Response:
        return web.page(request, "home.html", count=service.count())

    @app.post("/register")
    def register(request: Request) -> Response:
        card_request = requests.signature(
            "register",
            web.browser(request),
            "薬局の利用登録 / Pharmacy registration",
            service.consent(),
        )
        return web.show(request, card_request)

    def start_dispensing(request: Request, signed: bytes) -> Response:
        check = service.check(signed)
        if not check.valid:
            return refused(request, check.verdict)
        card_request = requests.login(
            "dispense", web.browser(request), context.login_challenge(),
            context={"signed": base64.b64encode(signed).decode()},
        )  # fmt: skip
        return web.show(request, card_request)

    @app.post("/dispense")
    async def dispense(request: Request, prescription: UploadFile) -> Response:
        signed = await prescription.read(MAX_PRESCRIPTION + 1)
        # The check fetches the HPKI CRL and asks the platform for a challenge over HTTP: off
        # the event loop, which may serve both (`jpki up` serves every party from one loop).
        return await run_in_threadpool(start_dispensing, request, signed)

    @app.get("/notebook")
    def notebook(request: Request) -> Response:
        card_request = requests.login("notebook", web.browser(request), context.login_challenge())
        return web.show(request, card_request)

    return app


__all__ = ["NAME", "build_pharmacy_app"]
