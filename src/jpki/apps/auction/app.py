"""The auction platform's web app: seller registration (the signed agreement), listings with
the card and PIN, the items on sale, and the platform's change notifications."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Form, Request, Response

from jpki.apps.auction.service import AGREEMENT, AuctionService, item_of, nickname_of
from jpki.apps.auction.texts import TEXT
from jpki.apps.kit.card_requests import CardRequest
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.web import service_app
from jpki.apps.kit.webhooks import add_hook_route
from jpki.profile.status import Situation
from jpki.protocol.wallet import LoginAnswer, SignatureAnswer

NAME = "デモオークション / Demo Auction"
SITUATIONS = {s.value: {"en": s.label_en, "ja": s.label_ja} for s in Situation}
"""How a stopped seller's situation reads in each language."""


def build_auction_app(context: ServiceContext) -> FastAPI:
    service = AuctionService(context)
    app, web, requests = service_app(NAME, TEXT, context, __file__)

    @requests.on_signature("register")
    def registered(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        return {"seller": service.register(answer, card_request.context["nickname"])}

    @requests.on_login("list")
    def listed(card_request: CardRequest, answer: LoginAnswer) -> dict[str, Any]:
        asked = card_request.context
        listing = service.list_item(asked["challenge"], answer, asked["item"], asked["price"])
        return {"item": listing.item, "price": listing.price, "receipt": listing.receipt}

    @web.continues("register")
    def after_registration(request: Request, card_request: CardRequest) -> Response:
        return web.message(request, web.said(request, "registered"))

    @web.continues("list")
    def after_listing(request: Request, card_request: CardRequest) -> Response:
        outcome = card_request.outcome
        return web.message(
            request, f"{web.said(request, 'listed')} {outcome['item']} ({outcome['price']:,})"
        )

    @app.get("/")
    def home(request: Request) -> Response:
        service.subscription.ensure()
        return web.page(
            request, "home.html", listings=service.listings(), stopped=service.stopped_sellers(),
            situations=SITUATIONS,
        )  # fmt: skip

    @app.post("/register")
    def register(request: Request, nickname: str = Form(...)) -> Response:
        card_request = requests.signature(
            "register", web.browser(request), "出品者規約 / Seller agreement", AGREEMENT,
            context={"nickname": nickname_of(nickname)},
        )  # fmt: skip
        return web.show(request, card_request)

    @app.get("/sell")
    def sell(request: Request) -> Response:
        return web.page(request, "sell.html")

    @app.post("/sell")
    def start_listing(request: Request, item: str = Form(...), price: int = Form(...)) -> Response:
        item, price = item_of(item, price)
        card_request = requests.login(
            "list", web.browser(request), context.login_challenge(),
            context={"item": item, "price": price},
        )  # fmt: skip
        return web.show(request, card_request)

    add_hook_route(app, service.notified, "stopped")
    return app


__all__ = ["NAME", "build_auction_app"]
