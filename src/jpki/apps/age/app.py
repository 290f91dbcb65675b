"""The age service's web app: registration with the card (consent to the birth date only),
the terminal's yes/no and the terminal API. The check log is the service's own record and is
not published: the home page shows only counts."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from jpki.apps.age.service import AgeService
from jpki.apps.age.texts import TEXT
from jpki.apps.kit.card_requests import CardRequest
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.terminal_api import TerminalAnswer
from jpki.apps.kit.web import service_app
from jpki.protocol.levels import Level
from jpki.protocol.wallet import LoginAnswer, SignatureAnswer

NAME = "年齢確認サービス / Age verification"


def build_age_app(context: ServiceContext) -> FastAPI:
    service = AgeService(context)
    app, web, requests = service_app(NAME, TEXT, context, __file__)

    @requests.on_signature("register")
    def registered(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        service.register(answer, card_request.context["content"])
        return {}

    @requests.on_login("check")
    def checked(card_request: CardRequest, answer: LoginAnswer) -> dict[str, Any]:
        return service.check(card_request.context["challenge"], answer).to_json()

    @web.continues("register")
    def show_registered(request: Request, card_request: CardRequest) -> Response:
        return web.message(request, web.said(request, "registered"))

    @web.continues("check")
    def show_answer(request: Request, card_request: CardRequest) -> Response:
        return web.page(
            request,
            "answer.html",
            adult=card_request.outcome["adult"],
            terminal=card_request.context["terminal"],
        )

    @app.get("/")
    def home(request: Request) -> Response:
        return web.page(request, "home.html", stats=service.statistics())

    @app.post("/register")
    def register(request: Request) -> Response:
        card_request = requests.signature(
            "register", web.browser(request), "年齢確認の登録 / Age registration", service.consent()
        )
        return web.show(request, card_request)

    @app.get("/terminal")
    def terminal_page(request: Request, machine: str = "vending-1") -> Response:
        challenge = context.login_challenge()
        card_request = requests.login(
            "check", web.browser(request), challenge, levels=(Level.PINLESS, Level.PIN),
            context={"terminal": machine[:32]},
        )  # fmt: skip
        return web.show(request, card_request)

    @app.post("/api/terminal/challenge")
    def api_challenge() -> Response:
        return JSONResponse(context.platform.challenge(context.origin), 201)

    @app.post("/api/terminal/check")
    def api_check(body: TerminalAnswer) -> Response:
        return JSONResponse(service.check(body.challenge(), body.card_answer()).to_json())

    return app


__all__ = ["NAME", "build_age_app"]
