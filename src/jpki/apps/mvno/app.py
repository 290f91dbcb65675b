"""The counter's web app (the store PC): choose a plan, the customer signs, the contract."""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import FastAPI, Form, Request, Response

from jpki.apps.kit.card_requests import CardRequest
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.web import service_app
from jpki.apps.mvno.service import PLANS, Counter
from jpki.protocol.wallet import SignatureAnswer

NAME = "デモモバイル / Demo Mobile (MVNO)"
TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Demo Mobile — store counter", "ja": "デモモバイル 店頭受付"},
    "intro": {
        "en": "The customer places the card on the reader and signs the terms with the signing password. No form, no photocopy.",
        "ja": "お客様がカードをリーダーに置き、署名用パスワードで利用規約に電子署名します。申込書の記入もコピーも不要です。",
    },
    "sign_terms": {"en": "Sign the terms with the card", "ja": "カードで利用規約に署名"},
    "contract": {"en": "Contract", "ja": "契約"},
    "done": {"en": "Contract concluded", "ja": "契約が成立しました"},
    "verified": {
        "en": "Identity verified from the signing certificate:",
        "ja": "署名用電子証明書で本人確認済み:",
    },
    "phone": {"en": "Phone number", "ja": "電話番号"},
    "recent": {"en": "Today's contracts", "ja": "本日の契約"},
    "name": {"en": "Name", "ja": "氏名"},
    "address": {"en": "Address", "ja": "住所"},
    "birth_date": {"en": "Date of birth", "ja": "生年月日"},
}


def build_mvno_app(context: ServiceContext) -> FastAPI:
    counter = Counter(context)
    app, web, requests = service_app(NAME, TEXT, context)

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
        return web.page(request, "mvno_contract.html", contract=row, plans=PLANS)

    @app.get("/")
    def home(request: Request) -> Response:
        return web.page(request, "mvno_home.html", plans=PLANS, recent=counter.recent())

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
