"""The PHR's web app: join (terms signed), log in (card or phone), the person's own page
(records, consents, the disclosure log) and the pages a consented viewer sees."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Form, Request, Response
from fastapi import Path as PathParameter

from jpki.apps.kit.card_requests import CardRefusal, CardRequest
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.web import redirect, service_app
from jpki.apps.phr.records import UNITS, Kind
from jpki.apps.phr.service import PURPOSE_LENGTH, Phr
from jpki.apps.phr.texts import TEXT
from jpki.protocol.wallet import LoginAnswer, SignatureAnswer

NAME = "デモPHR / Demo PHR"
CONSENT = Annotated[int, PathParameter(ge=1, le=2**31 - 1)]
Field = Annotated[str, Form(max_length=200)]


def build_phr_app(context: ServiceContext) -> FastAPI:
    phr = Phr(context)
    app, web, requests = service_app(NAME, TEXT, context, __file__)

    def person(request: Request) -> str:
        reference = request.session.get("phr")
        if not isinstance(reference, str):
            raise CardRefusal("log in first / ログインしてください")
        return phr.account(reference).reference

    @requests.on_signature("join")
    def joined(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        row = phr.join(answer, card_request.context["content"])
        return {"account": row.reference, "receipt": row.terms_receipt, "medium": "card"}

    @requests.on_login("login")
    def logged_in(card_request: CardRequest, answer: LoginAnswer) -> dict[str, Any]:
        account, medium = phr.login(card_request.context["challenge"], answer)
        return {"account": account.reference, "medium": medium}

    def enter(request: Request, card_request: CardRequest) -> Response:
        request.session["phr"] = card_request.outcome["account"]
        request.session["medium"] = card_request.outcome["medium"]
        return redirect("/me")

    web.continues("join")(enter)
    web.continues("login")(enter)

    @app.get("/")
    def home(request: Request) -> Response:
        return web.page(request, "home.html")

    @app.post("/join")
    def join(request: Request) -> Response:
        card_request = requests.signature(
            "join", web.browser(request), "デモPHR 利用規約 / Demo PHR terms", phr.terms()
        )
        return web.show(request, card_request)

    @app.post("/login")
    def login(request: Request) -> Response:
        card_request = requests.login("login", web.browser(request), context.login_challenge())
        return web.show(request, card_request)

    @app.post("/logout")
    def logout(request: Request) -> Response:
        request.session.pop("phr", None)
        return redirect("/")

    @app.get("/me")
    def me(request: Request) -> Response:
        reference = person(request)
        return web.page(
            request, "me.html", account=phr.account(reference), records=phr.records(reference),
            consents=phr.consents(reference), shared=phr.shared_with(reference),
            disclosures=phr.disclosures(reference), kinds=list(Kind), units=UNITS,
            medium=request.session.get("medium", "card"), purpose_length=PURPOSE_LENGTH,
        )  # fmt: skip

    @app.post("/records")
    def add(request: Request, kind: Field, value: Field, day: Field) -> Response:
        phr.add(person(request), kind, value, day)
        return redirect("/me")

    @app.post("/consents")
    def grant(request: Request, code: Field, purpose: Field) -> Response:
        phr.grant(person(request), code, purpose)
        return redirect("/me")

    @app.post("/consents/{consent_id}/withdraw")
    def withdraw(request: Request, consent_id: CONSENT) -> Response:
        phr.withdraw(person(request), consent_id)
        return redirect("/me")

    @app.get("/shared/{consent_id}")
    def shared(request: Request, consent_id: CONSENT) -> Response:
        owner, records = phr.view(person(request), consent_id)
        return web.page(request, "shared.html", owner=owner, records=records, units=UNITS)

    return app


__all__ = ["NAME", "build_phr_app"]
