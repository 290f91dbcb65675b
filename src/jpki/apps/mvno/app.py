"""The counter's web app (the store PC): choose a plan, the customer signs, the contract."""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import FastAPI, Form, Request, Response

from jpki.apps.kit.card_requests import CardRequest
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.web import service_app
from jpki.apps.mvno.service import PLANS, Counter
from jpki.apps.mvno.texts import TEXT
from jpki.protocol.wallet import SignatureAnswer

NAME = "デモモバイル / Demo Mobile (MVNO)"


def build_mvno_app(context: ServiceContext) -> FastAPI:
    counter = Counter(context)
    app, web, requests = service_app(NAME, TEXT, context, __file__)

    @requests.on_signature("terms")
    def signed(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        row = counter.contract(
            card_request.context["plan"],
            card_request.context["contract"],
            answer.cms or "",
            card_request.context["content"],
        )
        return {"contract": row.id, "receipt": row.receipt}

    @web.continues("terms")
    def concluded(request: Request, card_request: CardRequest) -> Response:
        row = counter.get(card_request.outcome["contract"])
        return web.page(request, "contract.html", contract=row, plans=PLANS)

    @app.get("/")
    def home(request: Request) -> Response:
        return web.page(request, "home.html", plans=PLANS, recent=counter.recent())

    @app.post("/contracts")
    def start(request: Request, plan: str = Form(...)) -> Response:
        contract = f"M{secrets.randbelow(10**9):09d}"
        terms = counter.terms(plan, contract)
        card_request = requests.signature(
            "terms", web.browser(request), "利用規約 / Service terms", terms,
            context={"plan": plan, "contract": contract},
        )  # fmt: skip
        return web.show(request, card_request)

    return app


__all__ = ["NAME", "build_mvno_app"]
