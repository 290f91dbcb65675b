"""The insurer's web app: applications signed with the card, the status check before a
mailing (report by seed 002's table), and the endpoint the platform notifies."""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI, Request, Response

from jpki.apps.insurer.service import ACTIONS, Insurer
from jpki.apps.insurer.texts import TEXT
from jpki.apps.kit.card_requests import CardRequest
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.web import service_app
from jpki.apps.kit.webhooks import add_hook_route
from jpki.protocol.wallet import SignatureAnswer

NAME = "デモ生命 / Demo Life Insurance"


def build_insurer_app(context: ServiceContext) -> FastAPI:
    insurer = Insurer(context)
    app, web, requests = service_app(NAME, TEXT, context, __file__)

    @requests.on_signature("apply")
    def enrolled(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        row = insurer.enrol(
            card_request.context["number"],
            answer.cms or "",
            card_request.context["content"],
        )
        return {"number": row.number, "receipt": row.receipt}

    @web.continues("apply")
    def show_enrolled(request: Request, card_request: CardRequest) -> Response:
        return web.message(
            request, f"{web.said(request, 'enrolled')} {card_request.outcome['number']}"
        )

    def home_page(request: Request, report: Any = None, items: Any = None) -> Response:
        insurer.subscription.ensure()
        return web.page(
            request, "home.html", policies=insurer.policies(), actions=ACTIONS,
            report=report, summary=json.loads(report.summary) if report else None, items=items,
            reports=insurer.reports(), notifications=insurer.notifications(),
        )  # fmt: skip

    @app.get("/")
    def home(request: Request) -> Response:
        return home_page(request)

    @app.post("/apply")
    def apply(request: Request) -> Response:
        number = insurer.new_policy_number()
        card_request = requests.signature(
            "apply", web.browser(request), "保険契約申込書 / Insurance application",
            insurer.application(number), context={"number": number},
        )  # fmt: skip
        return web.show(request, card_request)

    @app.post("/status-check")
    def status_check(request: Request) -> Response:
        report, items = insurer.status_check()
        return home_page(request, report, items)

    add_hook_route(app, insurer.notified, "applied")

    return app


__all__ = ["NAME", "build_insurer_app"]
