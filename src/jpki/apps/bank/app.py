"""The bank's web app: open an account with the signing certificate, log in with the
authentication certificate, choose among linked accounts."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Form, Request, Response

from jpki.apps.bank.service import ACCOUNT_KINDS, Bank
from jpki.apps.bank.texts import TEXT
from jpki.apps.kit.card_requests import CardRequest
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.web import redirect, service_app
from jpki.apps.kit.webhooks import add_hook_route
from jpki.protocol.wallet import LoginAnswer, SignatureAnswer

NAME = "デモ銀行・デモ証券 / Demo Bank & Securities"


def build_bank_app(context: ServiceContext) -> FastAPI:
    bank = Bank(context)
    app, web, requests = service_app(NAME, TEXT, context, __file__)

    @requests.on_signature("open")
    def opened(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        row = bank.open_account(
            card_request.context["kind"],
            card_request.context["number"],
            answer,
            card_request.context["content"],
        )
        return {"number": row.number, "receipt": row.receipt}

    @requests.on_login("login")
    def logged_in(card_request: CardRequest, answer: LoginAnswer) -> dict[str, Any]:
        login = bank.log_in(card_request.context["challenge"], answer)
        return {
            "accounts": [row.number for row in login.accounts],
            "assurance": login.assurance,
            "receipt": login.receipt,
        }

    @web.continues("open")
    def show_opened(request: Request, card_request: CardRequest) -> Response:
        account = bank.accounts([card_request.outcome["number"]])[0]
        return web.page(request, "opened.html", account=account, kinds=ACCOUNT_KINDS)

    @web.continues("login")
    def enter(request: Request, card_request: CardRequest) -> Response:
        outcome = card_request.outcome
        request.session["bank_login"] = outcome
        if len(outcome["accounts"]) == 1:
            return choose_account(request, outcome["accounts"][0])
        accounts = bank.accounts(outcome["accounts"])
        return web.page(request, "choose.html", accounts=accounts, kinds=ACCOUNT_KINDS)

    def choose_account(request: Request, number: str) -> Response:
        login = request.session.get("bank_login") or {}
        if number not in login.get("accounts", []):
            return web.message(request, "not an account of this login", 403)
        bank.record_login(number, login)
        request.session["bank_account"] = number
        return redirect("/")

    @app.get("/")
    def home(request: Request) -> Response:
        bank.subscription.ensure()
        number = request.session.get("bank_account")
        if not number:
            return web.page(request, "home.html", account=None)
        accounts = bank.accounts(request.session["bank_login"]["accounts"])
        current = next(a for a in accounts if a.number == number)
        return web.page(
            request, "home.html", account=current, accounts=accounts,
            kinds=ACCOUNT_KINDS, logins=bank.logins(number),
        )  # fmt: skip

    @app.post("/open")
    def open_account(request: Request, kind: str = Form("savings")) -> Response:
        number = bank.new_account_number()
        content = bank.application(kind, number)
        label = ACCOUNT_KINDS[kind]
        card_request = requests.signature(
            "open", web.browser(request), f"{label['ja']} / {label['en']} application",
            content, context={"kind": kind, "number": number},
        )  # fmt: skip
        return web.show(request, card_request)

    @app.get("/login")
    def login(request: Request) -> Response:
        challenge = context.login_challenge()  # unreachable: a 502 page
        return web.show(request, requests.login("login", web.browser(request), challenge))

    @app.post("/choose")
    def choose(request: Request, account: str = Form(...)) -> Response:
        return choose_account(request, account)

    @app.get("/inheritance")
    def inheritance(request: Request) -> Response:
        """The inheritance desk (相続手続): the death notices the platform sent, and the
        accounts frozen because their holders chose the bank in the death one-stop."""
        return web.page(
            request, "inheritance.html", notices=bank.death_notices(), kinds=ACCOUNT_KINDS
        )

    add_hook_route(app, bank.notified, "applied")

    @app.post("/logout")
    def logout(request: Request) -> Response:
        request.session.pop("bank_account", None)
        request.session.pop("bank_login", None)
        return redirect("/")

    return app


__all__ = ["NAME", "build_bank_app"]
