"""The bank's loan web app: the terms, the borrower's card signature, the concluded contract
and its long-term signed PDF."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import FastAPI, Form, Request, Response
from fastapi import Path as PathParameter

from jpki.apps.kit.card_requests import CardRefusal, CardRequest
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.web import service_app
from jpki.apps.loan.service import LoanDesk
from jpki.apps.loan.terms import MAX_YEARS, RATE_BP, LoanTerms
from jpki.apps.loan.texts import TEXT
from jpki.protocol.wallet import SignatureAnswer

NAME = "デモ銀行 住宅ローン / Demo Bank housing loan"
CONTRACT = Annotated[str, PathParameter(pattern=r"^L[0-9]{9}$")]


def build_loan_app(context: ServiceContext) -> FastAPI:
    desk = LoanDesk(context)
    app, web, requests = service_app(NAME, TEXT, context, __file__)

    @requests.on_signature("contract")
    def signed(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        terms = card_request.context["terms"]
        row = desk.conclude(terms, card_request.context["content"], answer.pdf or "")
        return {"contract": row.number, "receipt": row.preservation_receipt}

    @web.continues("contract")
    def concluded(request: Request, card_request: CardRequest) -> Response:
        number = card_request.outcome["contract"]
        request.session.setdefault("contracts", []).append(number)
        return web.page(request, "contract.html", contract=desk.get(number))

    @app.get("/")
    def home(request: Request) -> Response:
        return web.page(
            request, "home.html", rate=RATE_BP / 100, max_years=MAX_YEARS,
            recent=desk.recent(),
        )  # fmt: skip

    @app.post("/contracts")
    def start(
        request: Request,
        amount: int = Form(...),
        years: int = Form(...),
        property_address: str = Form(...),
    ) -> Response:
        number = f"L{secrets.randbelow(10**9):09d}"
        terms = LoanTerms.checked(number, amount, years, property_address)
        card_request = requests.signature(
            "contract", web.browser(request), "住宅ローン契約書 / Housing loan agreement",
            desk.draft(terms), pdf=True, timestamp_url=context.platform.timestamp_url,
            context={"terms": terms},
        )  # fmt: skip
        return web.show(request, card_request)

    @app.get("/contracts/{number}.pdf")
    def contract_pdf(request: Request, number: CONTRACT) -> Response:
        if number not in request.session.get("contracts", []):
            raise CardRefusal("this contract was not concluded on this screen / 表示できません")
        return Response(desk.get(number).pdf, media_type="application/pdf")

    @app.get("/seals/ca.pem")
    def seal_ca() -> Response:
        return Response(desk.seal_ca(), media_type="application/x-pem-file")

    return app


__all__ = ["NAME", "build_loan_app"]
