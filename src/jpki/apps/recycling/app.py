"""The recycling service's web app: registration with the card, the collection box (PIN-less
card touch), and the holder's page of eco points after a card login with the PIN."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Form, Request, Response

from jpki.apps.kit.card_requests import CardRefusal, CardRequest
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.web import redirect, service_app
from jpki.apps.recycling.service import (
    APPLIANCES,
    BOX_LEVELS,
    REGISTRATION,
    RecyclingService,
    appliance,
    box_name,
)
from jpki.apps.recycling.texts import TEXT
from jpki.protocol.wallet import LoginAnswer, SignatureAnswer

NAME = "家電リサイクル エコポイント / Appliance recycling"
SESSION = "recycling_account"


def build_recycling_app(context: ServiceContext) -> FastAPI:
    service = RecyclingService(context)
    app, web, requests = service_app(NAME, TEXT, context, __file__)

    @requests.on_signature("register")
    def registered(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        return {"account": service.register(answer)}

    @requests.on_login("return")
    def returned(card_request: CardRequest, answer: LoginAnswer) -> dict[str, Any]:
        asked = card_request.context
        return service.returned(asked["challenge"], answer, asked["kind"], asked["box"]).to_json()

    @requests.on_login("login")
    def logged_in(card_request: CardRequest, answer: LoginAnswer) -> dict[str, Any]:
        return {"account": service.log_in(card_request.context["challenge"], answer)}

    @web.continues("register")
    def after_registration(request: Request, card_request: CardRequest) -> Response:
        return web.message(request, web.said(request, "registered"))

    @web.continues("return")
    def after_return(request: Request, card_request: CardRequest) -> Response:
        return web.page(
            request, "box.html", box=card_request.context["box"], appliances=APPLIANCES,
            answer=card_request.outcome, kind=card_request.context["kind"],
            lang_target=f"/box?box={card_request.context['box']}",
        )  # fmt: skip

    @web.continues("login")
    def after_login(request: Request, card_request: CardRequest) -> Response:
        request.session[SESSION] = card_request.outcome["account"]
        return redirect("/me")

    @app.get("/")
    def home(request: Request) -> Response:
        return web.page(request, "home.html")

    @app.post("/register")
    def register(request: Request) -> Response:
        card_request = requests.signature(
            "register", web.browser(request), "エコポイント登録 / Eco-point registration",
            REGISTRATION,
        )  # fmt: skip
        return web.show(request, card_request)

    @app.post("/login")
    def login(request: Request) -> Response:
        challenge = context.login_challenge()
        return web.show(request, requests.login("login", web.browser(request), challenge))

    @app.get("/box")
    def box(request: Request, box: str = "box-1") -> Response:
        return web.page(request, "box.html", box=box_name(box), appliances=APPLIANCES)

    @app.post("/box/return")
    def start_return(request: Request, box: str = Form(...), kind: str = Form(...)) -> Response:
        appliance(kind)
        challenge = context.login_challenge()
        card_request = requests.login(
            "return", web.browser(request), challenge, levels=BOX_LEVELS,
            context={"box": box_name(box), "kind": kind},
        )  # fmt: skip
        return web.show(request, card_request)

    @app.get("/me")
    def me(request: Request) -> Response:
        if SESSION not in request.session:
            raise CardRefusal(web.said(request, "log_in_first"))
        account, returns = service.account(int(request.session[SESSION]))
        return web.page(request, "me.html", account=account, returns=returns, appliances=APPLIANCES)

    @app.post("/logout")
    def logout(request: Request) -> Response:
        request.session.pop(SESSION, None)
        return redirect("/")

    return app


__all__ = ["NAME", "build_recycling_app"]
