"""The disaster service's web app: the resident's registration, the shelters' check-in
terminals (pages and API), and the municipality's desk (declaration, safety, relief goods)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Form, Request, Response
from fastapi import Path as PathParameter
from fastapi.responses import JSONResponse

from jpki.apps.disaster import allocation
from jpki.apps.disaster.service import SHELTERS, DisasterService, Registration, known_shelter
from jpki.apps.disaster.texts import TEXT
from jpki.apps.kit.card_requests import CardRefusal, CardRequest
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.terminal_api import TerminalAnswer
from jpki.apps.kit.web import redirect, service_app
from jpki.protocol.levels import Level
from jpki.protocol.wallet import LoginAnswer, SignatureAnswer

NAME = "災害時住民支援 / Disaster support"
SHELTER = Annotated[str, PathParameter(pattern=r"^[a-z0-9-]{1,32}$")]


class ShelterCheckin(TerminalAnswer):
    pass


def build_disaster_app(context: ServiceContext) -> FastAPI:
    service = DisasterService(context)
    app, web, requests = service_app(NAME, TEXT, context, __file__)

    @requests.on_signature("register")
    def registered(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        registration = Registration.from_json(card_request.context["registration"])
        resident = service.register(answer, card_request.context["content"], registration)
        return {"name": resident.name}

    @requests.on_login("check-in")
    def checked_in(card_request: CardRequest, answer: LoginAnswer) -> dict[str, Any]:
        shelter = card_request.context["shelter"]
        return service.check_in(shelter, card_request.context["challenge"], answer).to_json()

    @web.continues("register")
    def show_registered(request: Request, card_request: CardRequest) -> Response:
        said = web.said(request, "registered")
        return web.message(request, f"{said} {card_request.outcome['name']}")

    @web.continues("check-in")
    def show_checked_in(request: Request, card_request: CardRequest) -> Response:
        return web.page(
            request, "checkin.html", shelters=SHELTERS, checkin=card_request.outcome,
            shelter=card_request.context["shelter"],
        )  # fmt: skip

    @app.get("/")
    def home(request: Request) -> Response:
        return web.page(request, "home.html", special=allocation.SPECIAL, shelters=SHELTERS)

    @app.post("/register")
    def register(
        request: Request,
        household: int = Form(1),
        family: str = Form(""),
        conditions: str = Form(""),
        needs: list[str] = Form([]),
    ) -> Response:
        registration = Registration(household, family.strip(), conditions.strip(), frozenset(needs))
        card_request = requests.signature(
            "register", web.browser(request), "災害時住民支援 登録 / Disaster support registration",
            service.consent(registration), context={"registration": registration.to_json()},
        )  # fmt: skip
        return web.show(request, card_request)

    @app.get("/shelter/{shelter}")
    def shelter_terminal(request: Request, shelter: SHELTER) -> Response:
        service.current_or_refuse()
        challenge = context.login_challenge()
        card_request = requests.login(
            "check-in", web.browser(request), challenge, levels=(Level.PINLESS, Level.PIN),
            context={"shelter": known_shelter(shelter)},
        )  # fmt: skip
        return web.show(request, card_request)

    @app.post("/api/shelter/{shelter}/challenge")
    def api_challenge(shelter: SHELTER) -> Response:
        known_shelter(shelter)
        return JSONResponse(context.platform.challenge(context.origin), 201)

    @app.post("/api/shelter/{shelter}/checkin")
    def api_check_in(shelter: SHELTER, body: ShelterCheckin) -> Response:
        checkin = service.check_in(shelter, body.challenge(), body.card_answer())
        return JSONResponse(checkin.to_json() | {"receipt": checkin.receipt})

    @app.get("/municipality")
    def municipality(request: Request) -> Response:
        safety = service.safety()
        return web.page(
            request,
            "municipality.html",
            disaster=service.current(),
            safety=safety,
            headcount=service.headcount(safety),
            allocations=service.allocations(),
            shelters=SHELTERS,
            items=allocation.ITEMS,
        )

    @app.post("/municipality/disasters")
    def declare(name: str = Form(...)) -> Response:
        service.declare(name)
        return redirect("/municipality")

    @app.post("/municipality/allocations")
    async def allocate(request: Request) -> Response:
        form = await request.form()
        stock = {}
        for item in allocation.ITEMS:
            raw = str(form.get(item) or "0").strip()
            if not raw.isdigit() or len(raw) > 9:
                raise CardRefusal(f"{item}: a whole number of units / 数量は整数で")
            stock[item] = int(raw)
        service.allocate(stock)
        return redirect("/municipality")

    return app


__all__ = ["NAME", "build_disaster_app"]
