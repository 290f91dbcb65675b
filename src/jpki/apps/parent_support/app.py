"""The parent-support TV app: every page is a few large choices a remote moves between with
its arrow keys and picks with Enter (the `tv.html` layout), so a parent can read the notices and
file a pregnancy notification from the living-room TV; the card answers through the phone that
scans the TV's QR code.

The notification is chosen step by step (`/apply`: months of pregnancy, then where it was
diagnosed, then confirm), each step a page of its own, so that no step needs typing."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Form, Request, Response
from fastapi import Path as PathParameter

from jpki.apps.kit.card_requests import CardRefusal, CardRequest
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.web import redirect, service_app
from jpki.apps.parent_support.notification import CLINICS, GENERAL, MONTHS, Choices
from jpki.apps.parent_support.service import ParentSupport
from jpki.apps.parent_support.texts import TEXT
from jpki.protocol.wallet import LoginAnswer, SignatureAnswer

NAME = "デモ市 子育て支援 / Demo City parent support"
NOTIFICATION = Annotated[str, PathParameter(pattern=r"^P[0-9]{9}$")]
Choice = Annotated[str, Form(max_length=20)]


def build_parent_support_app(context: ServiceContext) -> FastAPI:
    desk = ParentSupport(context)
    app, web, requests = service_app(NAME, TEXT, context, __file__)

    def mine(request: Request) -> list[str]:
        return [r for r in request.session.get("parent", []) if isinstance(r, str)]

    @requests.on_signature("notify")
    def notified(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        ctx = card_request.context
        row = desk.file(ctx["choices"], answer, ctx["content"])
        return {"notification": row.number, "reference": row.reference, "receipt": row.receipt}

    @requests.on_login("login")
    def logged_in(card_request: CardRequest, answer: LoginAnswer) -> dict[str, Any]:
        return {"references": desk.log_in(card_request.context["challenge"], answer)}

    @web.continues("notify")
    def after_notify(request: Request, card_request: CardRequest) -> Response:
        outcome = card_request.outcome
        request.session["parent"] = sorted({*mine(request), outcome["reference"]})
        request.session["logged_in"] = True
        row = desk.notification(outcome["notification"])
        return web.page(request, "filed.html", notification=row, clinics=CLINICS,
                        months=Choices(row.months, row.clinic).months_label)  # fmt: skip

    @web.continues("login")
    def after_login(request: Request, card_request: CardRequest) -> Response:
        request.session["parent"] = card_request.outcome["references"]
        request.session["logged_in"] = True
        return redirect("/notices")

    @app.get("/")
    def home(request: Request) -> Response:
        return web.page(request, "home.html", logged_in=bool(request.session.get("logged_in")))

    @app.get("/notices")
    def notices(request: Request) -> Response:
        references = mine(request)
        return web.page(
            request, "notices.html", general=GENERAL, personal=desk.notices(references),
            notifications=desk.notifications(references),
            logged_in=bool(request.session.get("logged_in")),
        )  # fmt: skip

    @app.post("/login")
    def login(request: Request) -> Response:
        card_request = requests.login("login", web.browser(request), context.login_challenge())
        return web.show(request, card_request)

    @app.post("/logout")
    def logout(request: Request) -> Response:
        request.session.pop("parent", None)
        request.session.pop("logged_in", None)
        return redirect("/")

    @app.get("/apply")
    def apply(request: Request, months: str | None = None, clinic: str | None = None) -> Response:
        if months is not None and months not in MONTHS:
            raise CardRefusal("choose from the list / 一覧から選んでください")
        if months is None:
            return web.page(request, "apply.html", step="months", choices=MONTHS)
        if clinic is None:
            return web.page(request, "apply.html", step="clinic", months=months, choices=CLINICS)
        chosen = Choices.checked(months, clinic)
        return web.page(request, "apply.html", step="confirm", chosen=chosen, clinics=CLINICS)

    @app.post("/apply")
    def sign(request: Request, months: Choice, clinic: Choice) -> Response:
        chosen = Choices.checked(months, clinic)
        card_request = requests.signature(
            "notify", web.browser(request), "妊娠届出書 / Pregnancy notification",
            desk.document(chosen), context={"choices": chosen},
        )  # fmt: skip
        return web.show(request, card_request)

    @app.get("/notifications/{number}")
    def notification(request: Request, number: NOTIFICATION) -> Response:
        row = desk.notification(number)
        if row.reference not in mine(request):
            raise CardRefusal(
                "log in with the card that filed it / 届け出たカードでログインしてください"
            )
        return web.page(request, "filed.html", notification=row, clinics=CLINICS,
                        months=Choices(row.months, row.clinic).months_label)  # fmt: skip

    return app


__all__ = ["NAME", "build_parent_support_app"]
