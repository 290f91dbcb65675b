"""The procurement site's web app: bidder registration, delegations signed by the
representative, their revocation, and bids judged under them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Form, Request, Response
from fastapi import Path as PathParameter

from jpki.apps.kit.card_requests import CardRefusal, CardRequest
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.web import service_app
from jpki.apps.procurement.delegation import (
    CATEGORY_LABELS,
    NAME_LENGTH,
    Category,
    DelegationTerms,
    corporate_number,
)
from jpki.apps.procurement.service import MAX_BID, TENDERS, ProcurementSite, tender, when
from jpki.apps.procurement.texts import TEXT
from jpki.protocol.wallet import SignatureAnswer

NAME = "デモ市 電子入札 / Demo City e-procurement"
DELEGATION = Annotated[str, PathParameter(pattern=r"^D[0-9]{9}$")]
Field = Annotated[str, Form(max_length=200)]


def build_procurement_app(context: ServiceContext) -> FastAPI:
    site = ProcurementSite(context)
    app, web, requests = service_app(NAME, TEXT, context, __file__)

    @requests.on_signature("register")
    def registered(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        ctx = card_request.context
        row = site.register(ctx["corporate_number"], ctx["name"], answer, ctx["content"])
        return {"company": row.corporate_number, "receipt": row.receipt}

    @requests.on_signature("delegate")
    def delegated(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        row = site.delegate(card_request.context["terms"], answer)
        return {"delegation": row.id, "receipt": row.receipt}

    @requests.on_signature("revoke")
    def revoked(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        row = site.revoke(card_request.context["delegation"], answer)
        return {"delegation": row.id, "receipt": row.revocation_receipt}

    @requests.on_signature("bid")
    def bid(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        ctx = card_request.context
        row = site.bid(tender(ctx["tender"]), ctx["corporate_number"], ctx["amount"], answer)
        return {"bid": row.id, "receipt": row.receipt}

    @web.continues("register")
    def show_registered(request: Request, card_request: CardRequest) -> Response:
        company = site.company(card_request.outcome["company"])
        return web.message(request, f"{web.said(request, 'registered')}: {company.name}")

    @web.continues("delegate")
    def show_delegation(request: Request, card_request: CardRequest) -> Response:
        row = site.delegation(card_request.outcome["delegation"])
        return web.page(
            request, "delegation.html", delegation=row, company=site.company(row.corporate_number),
            labels=CATEGORY_LABELS, categories=[Category(c) for c in row.scope.split(",")],
        )  # fmt: skip

    @web.continues("revoke")
    def show_revoked(request: Request, card_request: CardRequest) -> Response:
        return web.message(
            request, f"{web.said(request, 'revoked')}: {card_request.outcome['delegation']}"
        )

    @web.continues("bid")
    def show_bid(request: Request, card_request: CardRequest) -> Response:
        row = site.received(card_request.outcome["bid"])
        return web.page(request, "bid.html", bid=row, tender=tender(row.tender))

    @app.get("/")
    def home(request: Request) -> Response:
        return web.page(
            request, "home.html", tenders=TENDERS, companies=site.companies(),
            delegations=site.delegations(), bids=site.bids(), labels=CATEGORY_LABELS,
            categories=list(Category), name_length=NAME_LENGTH,
        )  # fmt: skip

    @app.post("/companies")
    def register(request: Request, name: Field, number: Field) -> Response:
        checked, company = corporate_number(number), name.strip()
        if not company:
            raise CardRefusal("the company's name is required / 法人名を入力してください")
        card_request = requests.signature(
            "register", web.browser(request), "入札参加資格の登録 / Registration to bid",
            site.registration_document(checked, company),
            context={"corporate_number": checked, "name": company},
        )  # fmt: skip
        return web.show(request, card_request)

    @app.post("/delegations")
    def delegate(
        request: Request,
        number: Field,
        delegate_name: Field,
        delegate_birth_date: Field,
        valid_from: Field,
        valid_until: Field,
        delegate_title: Annotated[str, Form(max_length=200)] = "",
        scope: Annotated[list[str] | None, Form(max_length=10)] = None,
    ) -> Response:
        company = site.company(corporate_number(number))
        terms = DelegationTerms.checked(
            site.new_id(), (company.corporate_number, company.name, company.representative_name),
            (delegate_name, when(delegate_birth_date), delegate_title), scope or [],
            (when(valid_from), when(valid_until)),
        )  # fmt: skip
        card_request = requests.signature(
            "delegate", web.browser(request), "委任状 / Power of attorney", terms.document(),
            context={"terms": terms},
        )  # fmt: skip
        return web.show(request, card_request)

    @app.post("/delegations/{delegation_id}/revoke")
    def revoke(request: Request, delegation_id: DELEGATION) -> Response:
        row = site.delegation(delegation_id)
        card_request = requests.signature(
            "revoke", web.browser(request), "委任の撤回 / Revocation",
            site.revocation_document(row), context={"delegation": row.id},
        )  # fmt: skip
        return web.show(request, card_request)

    @app.post("/bids")
    def place_bid(
        request: Request,
        tender_id: Annotated[str, Form(alias="tender", max_length=20)],
        number: Field,
        amount: Annotated[int, Form(ge=1, le=MAX_BID)],
    ) -> Response:
        offer, company = tender(tender_id), site.company(corporate_number(number))
        card_request = requests.signature(
            "bid", web.browser(request), "入札書 / Bid",
            site.bid_document(offer, company, amount),
            context={"tender": offer.id, "corporate_number": company.corporate_number,
                     "amount": amount},
        )  # fmt: skip
        return web.show(request, card_request)

    return app


__all__ = ["NAME", "build_procurement_app"]
