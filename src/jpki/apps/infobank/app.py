"""The information bank's web app: the driver's pages (registration, card login, drives,
signed consents, withdrawal, disclosures) and the recipients' pages and API, which give data
only under a consent in force."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import FastAPI, Form, Header, Request, Response
from fastapi import Path as PathParameter
from fastapi.responses import JSONResponse

from jpki.apps.infobank.service import (
    DATA,
    RECIPIENTS,
    REGISTRATION,
    InformationBank,
    recipient_of,
)
from jpki.apps.infobank.texts import TEXT
from jpki.apps.kit.card_requests import CardRefusal, CardRequest
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.web import ROW_ID, redirect, service_app
from jpki.protocol.wallet import LoginAnswer, SignatureAnswer

NAME = "情報銀行 スマートドライブ / Information bank (smart drive)"
SESSION = "infobank_driver"
RECIPIENT = Annotated[str, PathParameter(pattern=r"^[a-z]{1,16}$")]


def recipient_key_file(recipient: str) -> str:
    """The file in the service's folder holding `recipient`'s key (mode 0600)."""
    return f"recipient-{recipient}-key"


def build_infobank_app(context: ServiceContext) -> FastAPI:
    bank = InformationBank(context)
    app, web, requests = service_app(NAME, TEXT, context, __file__)
    keys = {name: context.bearer_token(recipient_key_file(name)) for name in RECIPIENTS}

    def driver(request: Request) -> int:
        if SESSION not in request.session:
            raise CardRefusal(web.said(request, "log_in_first"))
        return int(request.session[SESSION])

    def signed_in(request: Request, recipient: str) -> bool:
        return request.session.get("infobank_recipient") == recipient

    @requests.on_signature("register")
    def registered(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        return {"driver": bank.register(answer)}

    @requests.on_login("login")
    def logged_in(card_request: CardRequest, answer: LoginAnswer) -> dict[str, Any]:
        return {"driver": bank.log_in(card_request.context["challenge"], answer)}

    @requests.on_signature("consent")
    def consented(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        asked = card_request.context
        return {"consent": bank.consent(asked["driver"], answer, asked["terms"])}

    @web.continues("register")
    def after_registration(request: Request, card_request: CardRequest) -> Response:
        return web.message(request, web.said(request, "registered"))

    @web.continues("login")
    def after_login(request: Request, card_request: CardRequest) -> Response:
        request.session[SESSION] = card_request.outcome["driver"]
        return redirect("/me")

    @web.continues("consent")
    def after_consent(request: Request, card_request: CardRequest) -> Response:
        return redirect("/me")

    @app.get("/")
    def home(request: Request) -> Response:
        return web.page(request, "home.html", recipients=RECIPIENTS)

    @app.post("/register")
    def register(request: Request) -> Response:
        card_request = requests.signature(
            "register", web.browser(request), "情報銀行 登録 / Information bank registration",
            REGISTRATION,
        )  # fmt: skip
        return web.show(request, card_request)

    @app.post("/login")
    def login(request: Request) -> Response:
        challenge = context.login_challenge()
        return web.show(request, requests.login("login", web.browser(request), challenge))

    @app.get("/me")
    def me(request: Request) -> Response:
        drives, consents, disclosures = bank.account(driver(request))
        return web.page(
            request, "me.html", drives=drives, consents=consents, disclosures=disclosures,
            recipients=RECIPIENTS, data=DATA,
        )  # fmt: skip

    @app.post("/me/drives")
    def deposit(
        request: Request,
        km: int = Form(...),
        hard_brakes: int = Form(0),
        speeding: int = Form(0),
        night: bool = Form(False),
    ) -> Response:
        bank.deposit(driver(request), km, hard_brakes, speeding, night)
        return redirect("/me")

    @app.post("/me/consents")
    def propose(
        request: Request,
        recipient: str = Form(...),
        items: list[str] = Form([]),
        days: int = Form(...),
    ) -> Response:
        signer = driver(request)
        terms = bank.propose(recipient, items, days)
        card_request = requests.signature(
            "consent", web.browser(request), "運転データ提供への同意 / Consent to provide driving data",
            terms["text"].encode(), context={"driver": signer, "terms": terms},
        )  # fmt: skip
        return web.show(request, card_request)

    @app.post("/me/consents/{consent_id}/withdraw")
    def withdraw(request: Request, consent_id: ROW_ID) -> Response:
        bank.withdraw(driver(request), consent_id)
        return redirect("/me")

    @app.post("/logout")
    def logout(request: Request) -> Response:
        request.session.pop(SESSION, None)
        return redirect("/")

    @app.get("/recipients/{recipient}")
    def recipient_page(request: Request, recipient: RECIPIENT) -> Response:
        label = recipient_of(recipient)
        if not signed_in(request, recipient):
            return web.page(request, "recipient.html", recipient=recipient, label=label)
        return web.page(
            request, "recipient.html", recipient=recipient, label=label,
            consents=bank.consents_for(recipient), data=DATA,
        )  # fmt: skip

    @app.post("/recipients/{recipient}/sign-in")
    def recipient_sign_in(request: Request, recipient: RECIPIENT, key: str = Form(...)) -> Response:
        recipient_of(recipient)
        if not secrets.compare_digest(key.strip().encode(), keys[recipient].encode()):
            raise CardRefusal(web.said(request, "bad_key"))
        request.session["infobank_recipient"] = recipient
        return redirect(f"/recipients/{recipient}")

    @app.post("/recipients/{recipient}/fetch")
    def fetch(request: Request, recipient: RECIPIENT, token: str = Form(...)) -> Response:
        if not signed_in(request, recipient):
            raise CardRefusal(web.said(request, "bad_key"))
        disclosure = bank.disclose(recipient, token)
        return web.page(
            request, "recipient.html", recipient=recipient, label=recipient_of(recipient),
            consents=bank.consents_for(recipient), data=DATA, disclosure=disclosure,
            lang_target=f"/recipients/{recipient}",
        )  # fmt: skip

    @app.get("/api/recipients/{recipient}/drivers/{token}")
    def api_fetch(recipient: RECIPIENT, token: str, authorization: str = Header("")) -> Response:
        recipient_of(recipient)
        if not secrets.compare_digest(authorization.encode(), f"Bearer {keys[recipient]}".encode()):
            return JSONResponse({"error": "unauthorized"}, 401)
        try:
            disclosure = bank.disclose(recipient, token)
        except CardRefusal as refusal:
            return JSONResponse({"error": "no-consent", "message": str(refusal)}, 403)
        return JSONResponse(disclosure.to_json())

    return app


__all__ = ["NAME", "build_infobank_app", "recipient_key_file"]
