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
from jpki.protocol.wallet import SignatureAnswer

NAME = "デモ銀行 住宅ローン / Demo Bank housing loan"
CONTRACT = Annotated[str, PathParameter(pattern=r"^L[0-9]{9}$")]
TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Demo Bank — housing loan e-contract", "ja": "デモ銀行 住宅ローン電子契約"},
    "intro": {
        "en": "Sign the loan agreement with your card's signing password: no paper, no seal, no stamp duty. The bank countersigns and the contract is kept verifiable for the life of the loan (PAdES B-LT).",
        "ja": "署名用パスワードで金銭消費貸借契約書に電子署名します。紙・印鑑・印紙は不要です。銀行が電子署名し、返済期間を通じて検証できる長期署名(PAdES B-LT)で保管します。",
    },
    "amount": {"en": "Amount (yen)", "ja": "借入金額(円)"},
    "years": {"en": "Term (years)", "ja": "返済期間(年)"},
    "property": {"en": "Property address", "ja": "物件所在地"},
    "rate": {"en": "Annual rate (variable)", "ja": "金利(変動)"},
    "sign": {"en": "Sign the agreement with the card", "ja": "カードで契約書に署名"},
    "concluded": {"en": "Contract concluded", "ja": "契約が成立しました"},
    "borrower": {
        "en": "Borrower (from the signing certificate)",
        "ja": "借入人(署名用電子証明書より)",
    },
    "monthly": {"en": "Monthly payment", "ja": "毎月返済額"},
    "download": {
        "en": "Download the signed agreement (PDF: your signature, the bank's seal, validation data, time-stamps)",
        "ja": "署名済み契約書をダウンロード(PDF:お客様の署名・銀行の電子署名・検証情報・タイムスタンプ)",
    },
    "signature_receipt": {"en": "Signature check receipt", "ja": "署名検証の受付処理番号"},
    "preservation_receipt": {"en": "Long-term signature receipt", "ja": "長期署名化の受付処理番号"},
    "recent": {"en": "Concluded contracts", "ja": "締結済みの契約"},
    "seal_ca": {"en": "The bank seal's CA certificate", "ja": "銀行の電子署名の認証局証明書"},
}


def build_loan_app(context: ServiceContext) -> FastAPI:
    desk = LoanDesk(context)
    app, web, requests = service_app(NAME, TEXT, context)

    @requests.on_signature("contract")
    def signed(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        terms = card_request.context["terms"]
        row = desk.conclude(terms, card_request.context["content"], answer.pdf or "")
        return {"contract": row.number, "receipt": row.preservation_receipt}

    @web.continues("contract")
    def concluded(request: Request, card_request: CardRequest) -> Response:
        number = card_request.outcome["contract"]
        request.session.setdefault("contracts", []).append(number)
        return web.page(request, "loan_contract.html", contract=desk.get(number))

    @app.get("/")
    def home(request: Request) -> Response:
        return web.page(
            request, "loan_home.html", rate=RATE_BP / 100, max_years=MAX_YEARS,
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
