"""The MyKey platform's web app: the holder's registration and page (MyKey ID, chosen ID,
linked services, points), the partners' counter terminals (link, look up, grant points), the
partners' notices, and the platform's change notifications."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import FastAPI, Form, Request, Response
from fastapi import Path as PathParameter
from fastapi.responses import JSONResponse

from jpki.apps.kit.card_requests import CardRefusal, CardRequest
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.web import redirect, service_app
from jpki.apps.kit.webhooks import add_hook_route
from jpki.apps.mykey.service import PARTNERS, REGISTRATION, Login, MyKeyPlatform, partner
from jpki.apps.mykey.texts import TEXT
from jpki.protocol.levels import Level
from jpki.protocol.wallet import LoginAnswer, SignatureAnswer

NAME = "マイキープラットフォーム / MyKey platform"
CardLogin = Callable[..., Response]
"""Starts a card login for a purpose: (request, purpose, pinless, **context)."""
SERVICE = Annotated[str, PathParameter(pattern=r"^[a-z]{1,16}$")]


def build_mykey_app(context: ServiceContext) -> FastAPI:
    platform = MyKeyPlatform(context)
    app, web, requests = service_app(NAME, TEXT, context, __file__)

    def card_login(request: Request, purpose: str, pinless: bool, **extra: Any) -> Response:
        challenge = context.login_challenge()
        levels = (Level.PINLESS, Level.PIN) if pinless else (Level.PIN,)
        card_request = requests.login(
            purpose, web.browser(request), challenge, levels=levels, context=extra
        )
        return web.show(request, card_request)

    def logged_in(card_request: CardRequest, answer: LoginAnswer) -> Login:
        return platform.log_in(card_request.context["challenge"], answer)

    @requests.on_signature("register")
    def registered(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        return {"account": platform.register(answer).id}

    @requests.on_login("login")
    def login(card_request: CardRequest, answer: LoginAnswer) -> dict[str, Any]:
        return {"account": logged_in(card_request, answer).account_id}

    @requests.on_login("link")
    def link(card_request: CardRequest, answer: LoginAnswer) -> dict[str, Any]:
        service, service_id = card_request.context["service"], card_request.context["service_id"]
        holder = logged_in(card_request, answer)
        platform.link(service, service_id, holder)
        return {"text": f"{service_id} → {holder.mykey_id}"}

    @requests.on_login("lookup")
    def lookup(card_request: CardRequest, answer: LoginAnswer) -> dict[str, Any]:
        found = platform.service_id_of(
            card_request.context["service"], logged_in(card_request, answer)
        )
        return {"text": f"{found.service_id} ({found.points})"}

    @requests.on_login("earn")
    def earn(card_request: CardRequest, answer: LoginAnswer) -> dict[str, Any]:
        service, points = card_request.context["service"], card_request.context["points"]
        balance = platform.earn(service, points, logged_in(card_request, answer))
        return {"text": str(balance)}

    @web.continues("register")
    def after_registration(request: Request, card_request: CardRequest) -> Response:
        return card_login(request, "login", pinless=False)

    @web.continues("login")
    def after_login(request: Request, card_request: CardRequest) -> Response:
        request.session["mykey_account"] = card_request.outcome["account"]
        return redirect("/me")

    for purpose, label in (("link", "linked"), ("lookup", "found"), ("earn", "balance")):

        def said(request: Request, card_request: CardRequest, label: str = label) -> Response:
            service = card_request.context["service"]
            return web.page(
                request, "counter.html", service=service, partner=PARTNERS[service],
                done=f"{web.said(request, label)}: {card_request.outcome['text']}",
            )  # fmt: skip

        web.continues(purpose)(said)

    @app.get("/")
    def home(request: Request) -> Response:
        platform.subscription.ensure()
        return web.page(request, "home.html", partners=PARTNERS)

    @app.post("/register")
    def register(request: Request) -> Response:
        card_request = requests.signature(
            "register", web.browser(request), "マイキーID登録 / MyKey registration", REGISTRATION
        )
        return web.show(request, card_request)

    @app.post("/login")
    def start_login(request: Request) -> Response:
        return card_login(request, "login", pinless=False)

    def account_id(request: Request) -> int:
        if "mykey_account" not in request.session:
            raise CardRefusal("log in with your card first / カードでログインしてください")
        return int(request.session["mykey_account"])

    @app.get("/me")
    def me(request: Request) -> Response:
        account, links = platform.account(account_id(request))
        return web.page(request, "me.html", account=account, links=links, partners=PARTNERS)

    @app.post("/me/chosen")
    def choose(request: Request, chosen: str = Form(...)) -> Response:
        platform.reserve(account_id(request), chosen)
        return redirect("/me")

    @app.post("/me/convert")
    def convert(request: Request, service: str = Form(...), points: int = Form(...)) -> Response:
        local = platform.convert(account_id(request), service, points)
        return web.message(request, f"{web.said(request, 'converted')} {local}")

    @app.post("/logout")
    def logout(request: Request) -> Response:
        request.session.pop("mykey_account", None)
        return redirect("/")

    @app.get("/services/{service}")
    def counter(request: Request, service: SERVICE) -> Response:
        return web.page(
            request, "counter.html", service=service, partner=partner(service),
            notices=platform.notices(service),
        )  # fmt: skip

    _partner_routes(app, platform, card_login)
    return app


def _partner_routes(app: FastAPI, platform: MyKeyPlatform, card_login: CardLogin) -> None:
    """The partners' counter actions, their notices, and the platform's notifications."""

    @app.post("/services/{service}/link")
    def start_link(request: Request, service: SERVICE, service_id: str = Form(...)) -> Response:
        partner(service)
        return card_login(request, "link", False, service=service, service_id=service_id[:32])

    @app.post("/services/{service}/lookup")
    def start_lookup(request: Request, service: SERVICE) -> Response:
        partner(service)
        return card_login(request, "lookup", True, service=service)

    @app.post("/services/{service}/earn")
    def start_earn(request: Request, service: SERVICE, points: int = Form(...)) -> Response:
        partner(service)
        return card_login(request, "earn", True, service=service, points=points)

    @app.get("/api/services/{service}/notices")
    def notices(service: SERVICE) -> Response:
        return JSONResponse(
            [
                {"service_id": n.service_id, "situation": n.situation, "at": n.at.isoformat()}
                for n in platform.notices(service)
            ]
        )

    add_hook_route(app, platform.notified, "notices")


__all__ = ["NAME", "build_mykey_app"]
