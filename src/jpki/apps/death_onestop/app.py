"""The death one-stop desk's pages: the holder's advance registration (card login, choice,
signature) and a family member's status page (enquiry number), and the platform's notifications."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Form, Request, Response

from jpki.apps.death_onestop.service import DeathOnestop, participants_of
from jpki.apps.death_onestop.texts import TEXT
from jpki.apps.kit.card_requests import CardRequest
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.web import redirect, service_app
from jpki.apps.kit.webhooks import add_hook_route
from jpki.protocol.wallet import LoginAnswer, SignatureAnswer

NAME = "死亡・相続ワンストップ / Death one-stop"
SESSION = "death_onestop_login"


def build_death_onestop_app(context: ServiceContext) -> FastAPI:
    desk = DeathOnestop(context)
    app, web, requests = service_app(NAME, TEXT, context, __file__)

    @requests.on_login("login")
    def logged_in(card_request: CardRequest, answer: LoginAnswer) -> dict[str, Any]:
        return desk.log_in(card_request.context["challenge"], answer)

    @requests.on_signature("register")
    def signed(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        ctx = card_request.context
        chosen = desk.chosen(ctx["chosen"])
        row, signer = desk.register(chosen, answer, ctx["content"], ctx["previous"], ctx["user_id"])
        return {"reference": row.reference, "user_id": signer}

    @web.continues("login")
    def chosen_page(request: Request, card_request: CardRequest) -> Response:
        request.session[SESSION] = card_request.outcome
        return redirect("/choose")

    @web.continues("register")
    def show_registered(request: Request, card_request: CardRequest) -> Response:
        login = request.session.get(SESSION) or {"user_id": None, "references": []}
        login["references"] = [*login["references"], card_request.outcome["reference"]]
        login["user_id"] = login["user_id"] or card_request.outcome["user_id"]
        request.session[SESSION] = login
        return redirect("/choose")

    @app.get("/")
    def home(request: Request) -> Response:
        desk.subscription.ensure()
        return web.page(request, "home.html")

    @app.post("/login")
    def login(request: Request) -> Response:
        card_request = requests.login("login", web.browser(request), context.login_challenge())
        return web.show(request, card_request)

    @app.get("/choose")
    def choose(request: Request) -> Response:
        desk.subscription.ensure()
        login = request.session.get(SESSION)
        if login is None:
            return redirect("/")
        current = desk.current(login["references"])
        return web.page(
            request, "choose.html", current=current, participants=desk.participants(),
            chosen={p.tenant for p in participants_of(current.targets)} if current else set(),
            targets=participants_of(current.targets) if current else [],
        )  # fmt: skip

    @app.post("/register")
    def register(
        request: Request, notify: Annotated[list[str] | None, Form(max_length=20)] = None
    ) -> Response:
        login = request.session.get(SESSION)
        if login is None:
            return web.message(request, web.said(request, "login_first"), 403)
        chosen = desk.chosen([tenant[:40] for tenant in notify or []])
        content = desk.document(chosen)
        card_request = requests.signature(
            "register", web.browser(request), "死亡・相続ワンストップ事前登録 / Death one-stop registration",
            content, context={
                "chosen": [p.tenant for p in chosen], "previous": login["references"],
                "user_id": login["user_id"],
            },
        )  # fmt: skip
        return web.show(request, card_request)

    @app.get("/family")
    def family_form(request: Request) -> Response:
        return web.page(request, "family.html", row=None)

    @app.post("/family")
    def family(request: Request, code: Annotated[str, Form(max_length=40)]) -> Response:
        row = desk.by_family_code(code)
        return web.page(
            request, "family.html", row=row, targets=participants_of(row.targets),
            notified=participants_of(row.notified),
        )  # fmt: skip

    add_hook_route(app, desk.notified, "recorded")

    return app


__all__ = ["NAME", "build_death_onestop_app"]
