"""The payment relay's web app: issuers' counters (a demo account with its PIN), enrolment
(link an account to the card), the store terminal and the ATM, "which card?", the issuer's
PIN, and the relay's log."""

from __future__ import annotations

import dataclasses
from typing import Any

from fastapi import FastAPI, Form, Request, Response

from jpki.apps.kit.card_requests import CardRefusal, CardRequest
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.web import ServiceWeb, service_app
from jpki.apps.payments import issuers
from jpki.apps.payments.relay import Relay, enrolment
from jpki.apps.payments.texts import TEXT
from jpki.protocol.wallet import LoginAnswer, SignatureAnswer

NAME = "決済中継サービス / Payment relay"
MAX_AMOUNT = 10_000_000


@dataclasses.dataclass
class Payment:
    """A payment between the card login and the issuer's decision (in the session)."""

    flow: str
    terminal: str
    amount: int
    receipt: str = ""
    choices: list[dict[str, str]] = dataclasses.field(default_factory=list)

    @classmethod
    def of(cls, request: Request) -> Payment:
        if "payment" not in request.session:
            raise CardRefusal("no payment in progress / 支払い手続きがありません")
        return cls(**request.session["payment"])

    def keep(self, request: Request) -> None:
        request.session["payment"] = dataclasses.asdict(self)


def build_payments_app(context: ServiceContext) -> FastAPI:
    relay = Relay(context)
    app, web, requests = service_app(NAME, TEXT, context, __file__)

    @requests.on_signature("enrol")
    def enrolled(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        issuer, number = card_request.context["issuer"], card_request.context["number"]
        return {"masked": relay.enrol(answer, issuer, number).masked_number}

    @requests.on_login("pay")
    def identified(card_request: CardRequest, answer: LoginAnswer) -> dict[str, Any]:
        found = relay.identify(
            card_request.context["flow"], card_request.context["challenge"], answer
        )
        return {"receipt": found.receipt, "choices": [dataclasses.asdict(c) for c in found.choices]}

    @web.continues("enrol")
    def after_enrol(request: Request, card_request: CardRequest) -> Response:
        return web.message(
            request, f"{web.said(request, 'enrolled')} {card_request.outcome['masked']}"
        )

    @web.continues("pay")
    def after_login(request: Request, card_request: CardRequest) -> Response:
        payment = Payment(**card_request.context["payment"])
        payment.receipt, payment.choices = (
            card_request.outcome["receipt"],
            card_request.outcome["choices"],
        )
        payment.keep(request)
        if len(payment.choices) == 1:
            return _decide(web, relay, request, payment, payment.choices[0]["reference"], None)
        return web.page(request, "choose.html", payment=payment, issuers=issuers.ISSUERS)

    @app.get("/")
    def home(request: Request) -> Response:
        return web.page(request, "home.html", issuers=issuers.ISSUERS, log=relay.transactions())

    @app.post("/issuers/{issuer}/accounts")
    def open_account(request: Request, issuer: str, pin: str = Form(...)) -> Response:
        number = relay.open_account(issuer, pin)
        return web.page(
            request, "app_message.html", message=f"{web.said(request, 'opened')} {number}", ok=True
        )

    @app.post("/enrol")
    def enrol(
        request: Request, issuer: str = Form(...), number: str = Form(...), pin: str = Form(...)
    ) -> Response:
        relay.prove_account(issuer, number.strip(), pin)
        card_request = requests.signature(
            "enrol", web.browser(request), "決済中継 利用申込 / Relay enrolment",
            enrolment(issuer, number.strip()), context={"issuer": issuer, "number": number.strip()},
        )  # fmt: skip
        return web.show(request, card_request)

    def start(request: Request, flow: str, terminal: str, amount: int) -> Response:
        if not 1 <= amount <= MAX_AMOUNT:
            raise CardRefusal(f"amount: 1 to {MAX_AMOUNT:,} yen / 金額が不正です")
        challenge = context.login_challenge()
        payment = Payment(flow, terminal[:32], amount)
        card_request = requests.login(
            "pay", web.browser(request), challenge,
            context={"flow": flow, "payment": dataclasses.asdict(payment)},
        )  # fmt: skip
        return web.show(request, card_request)

    @app.post("/store")
    def store(
        request: Request, amount: int = Form(...), terminal: str = Form("store-1")
    ) -> Response:
        return start(request, "store", terminal, amount)

    @app.post("/atm")
    def atm(request: Request, amount: int = Form(...), terminal: str = Form("atm-1")) -> Response:
        return start(request, "atm", terminal, amount)

    @app.post("/payment/authorise")
    def authorise(
        request: Request, reference: str = Form(...), pin: str | None = Form(None)
    ) -> Response:
        return _decide(web, relay, request, Payment.of(request), reference, pin or None)

    return app


def _decide(
    web: ServiceWeb,
    relay: Relay,
    request: Request,
    payment: Payment,
    reference: str,
    pin: str | None,
) -> Response:
    """Ask the issuer; on its PIN prompt (or a wrong PIN) show the PIN form, otherwise the
    decision, and end the payment."""
    if reference not in {c["reference"] for c in payment.choices}:
        raise CardRefusal("not an account of this card / このカードの口座ではありません")
    decision = relay.authorise(
        payment.flow, payment.terminal, payment.amount, reference, pin, payment.receipt
    )
    if decision.reason in ("pin-required", "wrong-pin"):
        return web.page(
            request, "pin.html", payment=payment, reference=reference, decision=decision
        )
    request.session.pop("payment", None)
    return web.page(request, "result.html", payment=payment, decision=decision)


__all__ = ["NAME", "build_payments_app"]
