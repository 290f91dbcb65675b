"""The hotel's web app: check-in with the card, the key issued to the phone, the door's
reader (the phone touched PIN-less) and check-out."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import FastAPI, Form, Request, Response
from fastapi import Path as PathParameter

from jpki.apps.hotel.service import MAX_NIGHTS, Hotel
from jpki.apps.hotel.texts import TEXT
from jpki.apps.kit.card_requests import CardRefusal, CardRequest
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.web import service_app
from jpki.protocol.levels import Level
from jpki.protocol.wallet import LoginAnswer, SignatureAnswer

NAME = "デモホテル / Demo Hotel"
STAY = Annotated[str, PathParameter(pattern=r"^[A-Za-z0-9_-]{16,32}$")]
ROOM = Annotated[str, PathParameter(pattern=r"^[0-9]{3}$")]


def build_hotel_app(context: ServiceContext) -> FastAPI:
    hotel = Hotel(context)
    app, web, requests = service_app(NAME, TEXT, context, __file__)

    def own(request: Request, reference: str) -> str:
        """A stay this browser checked in (the key and check-out are the guest's only)."""
        if reference not in request.session.get("stays", []):
            raise CardRefusal(
                "this stay was not checked in on this screen / この画面の宿泊ではありません"
            )
        return hotel.stay(reference).reference

    def show_stay(request: Request, reference: str) -> Response:
        return web.page(request, "stay.html", stay=hotel.stay(reference))

    @requests.on_signature("checkin")
    def checked_in(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        ctx = card_request.context
        row = hotel.check_in(ctx["nights"], answer, ctx["content"])
        return {"stay": row.reference, "receipt": row.receipt}

    @requests.on_login("key")
    def key(card_request: CardRequest, answer: LoginAnswer) -> dict[str, Any]:
        ctx = card_request.context
        return {"stay": hotel.issue_key(ctx["stay"], ctx["challenge"], answer).reference}

    @requests.on_login("door")
    def door(card_request: CardRequest, answer: LoginAnswer) -> dict[str, Any]:
        ctx = card_request.context
        return dataclasses.asdict(hotel.door(ctx["room"], ctx["challenge"], answer))

    @web.continues("checkin")
    def after_check_in(request: Request, card_request: CardRequest) -> Response:
        reference = card_request.outcome["stay"]
        request.session["stays"] = [*request.session.get("stays", [])[-4:], reference]
        return show_stay(request, reference)

    @web.continues("key")
    def after_key(request: Request, card_request: CardRequest) -> Response:
        return show_stay(request, card_request.outcome["stay"])

    @web.continues("door")
    def after_door(request: Request, card_request: CardRequest) -> Response:
        room = card_request.context["room"]
        return web.page(request, "door.html", room=room, verdict=card_request.outcome,
                        log=hotel.log(room))  # fmt: skip

    @app.get("/")
    def home(request: Request) -> Response:
        stays = [hotel.stay(r) for r in request.session.get("stays", [])]
        return web.page(request, "home.html", max_nights=MAX_NIGHTS, stays=stays)

    @app.post("/checkin")
    def check_in(request: Request, nights: Annotated[int, Form(ge=1, le=MAX_NIGHTS)]) -> Response:
        card_request = requests.signature(
            "checkin", web.browser(request), "宿泊者名簿 / Guest register",
            hotel.register_card(nights), context={"nights": nights},
        )  # fmt: skip
        return web.show(request, card_request)

    @app.get("/stays/{reference}")
    def stay(request: Request, reference: STAY) -> Response:
        return show_stay(request, own(request, reference))

    @app.post("/stays/{reference}/key")
    def issue_key(request: Request, reference: STAY) -> Response:
        card_request = requests.login(
            "key", web.browser(request), context.login_challenge(),
            context={"stay": own(request, reference)},
        )  # fmt: skip
        return web.show(request, card_request)

    @app.post("/stays/{reference}/checkout")
    def check_out(request: Request, reference: STAY) -> Response:
        hotel.check_out(own(request, reference))
        return web.message(request, web.said(request, "checked_out"))

    @app.get("/door/{room}")
    def door_reader(request: Request, room: ROOM) -> Response:
        hotel.room(room)
        card_request = requests.login(
            "door", web.browser(request), context.login_challenge(), levels=(Level.PINLESS,),
            context={"room": room},
        )  # fmt: skip
        return web.show(request, card_request)

    return app


__all__ = ["NAME", "build_hotel_app"]
