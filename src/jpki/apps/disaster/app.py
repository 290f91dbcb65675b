"""The disaster service's web app: the resident's registration, the shelters' check-in
terminals (pages and API), and the municipality's desk (declaration, safety, relief goods)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Form, Request, Response
from fastapi import Path as PathParameter
from fastapi.responses import JSONResponse

from jpki.apps.disaster import allocation
from jpki.apps.disaster.service import SHELTERS, DisasterService, Registration, known_shelter
from jpki.apps.kit.card_requests import CardRefusal, CardRequest
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.terminal_api import TerminalAnswer
from jpki.apps.kit.web import redirect, service_app
from jpki.protocol.levels import Level
from jpki.protocol.wallet import LoginAnswer, SignatureAnswer

NAME = "災害時住民支援 / Disaster support"
SHELTER = Annotated[str, PathParameter(pattern=r"^[a-z0-9-]{1,32}$")]
TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Disaster support for residents", "ja": "災害時住民支援情報サービス"},
    "intro": {
        "en": "Register in normal times with your card; in a disaster, shelters check you in with the card and the municipality knows you are safe and what you need.",
        "ja": "平常時にカードで登録すると、災害時には避難所でカードをかざすだけで受付され、市区町村があなたの無事と必要な支援を把握します。",
    },
    "household": {"en": "People in your household", "ja": "世帯人数"},
    "family": {"en": "Family members", "ja": "家族情報"},
    "conditions": {"en": "Chronic conditions, regular treatment", "ja": "持病・通院歴"},
    "needs": {"en": "Special needs", "ja": "必要な物資"},
    "register": {
        "en": "Register with my card (signing password)",
        "ja": "カードで登録(署名用パスワード)",
    },
    "registered": {"en": "Registered:", "ja": "登録しました:"},
    "shelter": {"en": "Shelter", "ja": "避難所"},
    "checked_in": {"en": "Checked in", "ja": "受付しました"},
    "unregistered": {
        "en": "Card valid, but not registered: please see the desk.",
        "ja": "カードは有効ですが未登録です。受付窓口へお越しください。",
    },
    "next": {"en": "Next person", "ja": "次の方"},
    "municipality": {"en": "Municipality desk", "ja": "市区町村 災害対策本部"},
    "declare": {"en": "Declare a disaster", "ja": "災害を発令"},
    "disaster": {"en": "Disaster", "ja": "災害"},
    "none": {"en": "No disaster declared.", "ja": "発令中の災害はありません。"},
    "safety": {"en": "Safety of registered residents", "ja": "登録住民の安否"},
    "safe_at": {"en": "safe at", "ja": "避難中:"},
    "unknown": {"en": "not confirmed", "ja": "未確認"},
    "headcount": {"en": "People per shelter", "ja": "避難所ごとの人数"},
    "medical": {"en": "Medical support (往診・処方)", "ja": "医療支援(往診・処方)"},
    "relief": {"en": "Relief goods", "ja": "支援物資"},
    "stock": {"en": "Arrived stock", "ja": "到着した在庫"},
    "allocate": {"en": "Allocate to shelters", "ja": "避難所へ割り振る"},
    "demand": {"en": "needed", "ja": "必要数"},
    "quantity": {"en": "allocated", "ja": "割当数"},
    "name": {"en": "Name", "ja": "氏名"},
    "address": {"en": "Address", "ja": "住所"},
}


class ShelterCheckin(TerminalAnswer):
    pass


def build_disaster_app(context: ServiceContext) -> FastAPI:
    service = DisasterService(context)
    app, web, requests = service_app(NAME, TEXT, context)

    @requests.on_signature("register")
    def registered(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        registration = Registration.from_json(card_request.context["registration"])
        return {"name": service.register(answer.cms or "", registration).name}

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
            request, "disaster_checkin.html", shelters=SHELTERS, checkin=card_request.outcome,
            shelter=card_request.context["shelter"],
        )  # fmt: skip

    @app.get("/")
    def home(request: Request) -> Response:
        return web.page(
            request, "disaster_home.html", special=allocation.SPECIAL, shelters=SHELTERS
        )

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
            registration.document(), context={"registration": registration.to_json()},
        )  # fmt: skip
        return web.show(request, card_request)

    @app.get("/shelter/{shelter}")
    def shelter_terminal(request: Request, shelter: SHELTER) -> Response:
        service.current_or_refuse()
        challenge = context.platform.challenge(context.origin)
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
            "disaster_municipality.html",
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
