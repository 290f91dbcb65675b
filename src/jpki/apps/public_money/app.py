"""The public-money registry's pages and a municipality's benefit desk: register a receiving
account with the card (signing password), see it after a card login (PIN), and the
municipality's payment run into the registered accounts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Form, Request, Response

from jpki.apps.kit.card_requests import CardRefusal, CardRequest
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.web import service_app
from jpki.apps.public_money.service import (
    BANKS,
    BENEFITS,
    KINDS,
    AccountForm,
    PublicMoney,
    masked,
)
from jpki.apps.public_money.texts import TEXT
from jpki.protocol.wallet import LoginAnswer, SignatureAnswer

NAME = "公金受取口座 / Public-money account"
Short = Annotated[str, Form(max_length=100)]


def build_public_money_app(context: ServiceContext) -> FastAPI:
    registry = PublicMoney(context)
    app, web, requests = service_app(NAME, TEXT, context, __file__)
    shown: dict[str, Any] = {"banks": BANKS, "kinds": KINDS, "benefits": BENEFITS, "masked": masked}

    @requests.on_signature("register")
    def registered(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        form = AccountForm(**card_request.context["form"])
        row = registry.register(form, answer.cms or "", card_request.context["content"])
        return {"reference": row.reference}

    @requests.on_login("mine")
    def logged_in(card_request: CardRequest, answer: LoginAnswer) -> dict[str, Any]:
        return {"reference": registry.mine(card_request.context["challenge"], answer)}

    @web.continues("register")
    @web.continues("mine")
    def show_mine(request: Request, card_request: CardRequest) -> Response:
        reference = card_request.outcome["reference"]
        account = registry.account(reference) if reference else None
        payments = registry.payments_of(reference) if reference else []
        return web.page(request, "mine.html", account=account, payments=payments, **shown)

    @app.get("/")
    def home(request: Request) -> Response:
        return web.page(request, "home.html", **shown)

    @app.post("/register")
    def register(
        request: Request,
        bank: Short,
        branch: Short,
        kind: Short,
        number: Short,
        holder_kana: Short,
    ) -> Response:
        form = AccountForm.checked(bank, branch, kind, number, holder_kana)
        card_request = requests.signature(
            "register", web.browser(request), "公金受取口座の登録 / Public-money account",
            registry.application(form), context={"form": form.to_json()},
        )  # fmt: skip
        return web.show(request, card_request)

    @app.post("/mine")
    def mine(request: Request) -> Response:
        card_request = requests.login("mine", web.browser(request), context.login_challenge())
        return web.show(request, card_request)

    @app.get("/municipality")
    def desk(request: Request, benefit: str = "price-relief") -> Response:
        if benefit not in BENEFITS:
            raise CardRefusal("no such benefit / 該当する給付金がありません")
        return web.page(
            request, "municipality.html", municipalities=registry.municipalities(),
            benefit=benefit, run=None, payments=registry.payments(benefit), **shown,
        )  # fmt: skip

    @app.post("/municipality/pay")
    def pay(
        request: Request, municipality: Short, benefit: Annotated[str, Form(max_length=32)]
    ) -> Response:
        run = registry.pay(municipality, benefit)
        return web.page(
            request, "municipality.html", municipalities=registry.municipalities(),
            benefit=benefit, run=run, payments=registry.payments(benefit), **shown,
        )  # fmt: skip

    return app


__all__ = ["NAME", "build_public_money_app"]
