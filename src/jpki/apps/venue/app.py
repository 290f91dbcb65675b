"""The venue's web app: registration (consent to the birth date only), the signed
self-exclusion, the entry gate (PIN-less card touch) and its counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import FastAPI, Form, Request, Response

from jpki.apps.kit.card_requests import CardRequest
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.web import service_app
from jpki.apps.venue.rules import EXCLUSION_MONTHS, limits_in_words
from jpki.apps.venue.service import OUTCOMES, Venue, declaration
from jpki.apps.venue.texts import TEXT
from jpki.protocol.levels import Level
from jpki.protocol.wallet import LoginAnswer, SignatureAnswer

NAME = "デモ施設 入場確認 / Demo Venue entry check"


def build_venue_app(context: ServiceContext) -> FastAPI:
    venue = Venue(context)
    app, web, requests = service_app(NAME, TEXT, context, __file__)

    @requests.on_signature("register")
    def registered(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        venue.register(answer, card_request.context["content"])
        return {}

    @requests.on_signature("exclude")
    def excluded(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        asked = card_request.context
        until = venue.exclude(answer, asked["content"], dt.date.fromisoformat(asked["until"]))
        return {"until": until.isoformat()}

    @requests.on_login("check")
    def checked(card_request: CardRequest, answer: LoginAnswer) -> dict[str, Any]:
        return venue.check(card_request.context["challenge"], answer).to_json()

    @web.continues("register")
    def after_registration(request: Request, card_request: CardRequest) -> Response:
        return web.message(request, web.said(request, "registered"))

    @web.continues("exclude")
    def after_exclusion(request: Request, card_request: CardRequest) -> Response:
        until = card_request.outcome["until"]
        return web.message(request, f"{web.said(request, 'excluded_until')} {until}")

    @web.continues("check")
    def show_answer(request: Request, card_request: CardRequest) -> Response:
        return web.page(
            request, "gate.html", answer=card_request.outcome, lang_target="/gate",
            limits=limits_in_words(),
        )  # fmt: skip

    @app.get("/")
    def home(request: Request) -> Response:
        return web.page(
            request, "home.html", months=EXCLUSION_MONTHS, stats=venue.statistics(),
            outcomes=OUTCOMES, limits=limits_in_words(),
        )  # fmt: skip

    @app.post("/register")
    def register(request: Request) -> Response:
        card_request = requests.signature(
            "register", web.browser(request), "入場確認の登録 / Entry check registration",
            venue.consent(),
        )  # fmt: skip
        return web.show(request, card_request)

    @app.post("/exclusion")
    def exclude(request: Request, months: int = Form(...)) -> Response:
        until = venue.until_for(months)
        card_request = requests.signature(
            "exclude", web.browser(request), "入場制限の申告 / Self-exclusion declaration",
            declaration(until), context={"until": until.isoformat()},
        )  # fmt: skip
        return web.show(request, card_request)

    @app.get("/gate")
    def gate(request: Request) -> Response:
        card_request = requests.login(
            "check", web.browser(request), context.login_challenge(),
            levels=(Level.PINLESS, Level.PIN),
        )  # fmt: skip
        return web.show(request, card_request)

    return app


__all__ = ["NAME", "build_venue_app"]
