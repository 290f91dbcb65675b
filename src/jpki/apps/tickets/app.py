"""The ticket seller's site and the gate terminal: buy with a card login, enter PIN-less.

`/gate/api/{event}/challenge` and `/gate/api/{event}/admit` are the terminal's API (a gate
machine with a card reader and an institution-code certificate); `/gate/{event}` is the same
terminal as a page, with the wallet standing in for the reader.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Form, Path, Request, Response
from fastapi.responses import JSONResponse
from pydantic import Field

from jpki.apps.kit.card_requests import CardRequest
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.terminal_api import TerminalAnswer
from jpki.apps.kit.web import service_app
from jpki.apps.tickets.service import TicketOffice
from jpki.apps.tickets.texts import TEXT
from jpki.protocol.levels import Level
from jpki.protocol.wallet import LoginAnswer

NAME = "デモチケット / Demo Tickets"
GATE = Annotated[str, Path(pattern=r"^[a-z0-9-]{1,32}$")]


class TerminalAdmission(TerminalAnswer):
    """What a gate terminal sends: the challenge it got and the card's PIN-less answer."""

    gate: str = Field(default="main", pattern=r"^[a-z0-9-]{1,32}$")


def build_tickets_app(context: ServiceContext) -> FastAPI:
    office = TicketOffice(context)
    app, web, requests = service_app(NAME, TEXT, context, __file__)

    @requests.on_login("buy")
    def bought(card_request: CardRequest, answer: LoginAnswer) -> dict[str, Any]:
        ticket = office.buy(
            card_request.context["event"], card_request.context["challenge"], answer
        )
        return {"ticket": ticket.id, "receipt": ticket.receipt}

    @requests.on_login("admit")
    def admitted(card_request: CardRequest, answer: LoginAnswer) -> dict[str, Any]:
        ctx = card_request.context
        return office.admit(ctx["event"], ctx["gate"], ctx["challenge"], answer).to_json()

    @web.continues("buy")
    def show_ticket(request: Request, card_request: CardRequest) -> Response:
        ticket = office.ticket(card_request.outcome["ticket"])
        assert ticket is not None
        return web.page(request, "ticket.html", ticket=ticket, event=office.event(ticket.event))

    @web.continues("admit")
    def verdict(request: Request, card_request: CardRequest) -> Response:
        ctx = card_request.context
        return web.page(
            request, "gate.html", event=office.event(ctx["event"]), gate=ctx["gate"],
            verdict=card_request.outcome, log=office.admissions(ctx["event"]),
        )  # fmt: skip

    @app.get("/")
    def home(request: Request) -> Response:
        return web.page(request, "home.html", events=office.events())

    @app.post("/buy")
    def buy(request: Request, event: str = Form(...)) -> Response:
        challenge = context.platform.challenge(context.origin)  # unreachable: a 502 page
        card_request = requests.login(
            "buy", web.browser(request), challenge, context={"event": office.event(event).id}
        )
        return web.show(request, card_request)

    @app.get("/gate/{event}")
    def gate_page(request: Request, event: str, gate: str = "main") -> Response:
        challenge = context.platform.challenge(context.origin)  # unreachable: a 502 page
        card_request = requests.login(
            "admit", web.browser(request), challenge, levels=(Level.PINLESS,),
            context={"event": office.event(event).id, "gate": gate[:32]},
        )  # fmt: skip
        return web.show(request, card_request)

    @app.post("/gate/api/{event}/challenge")
    def terminal_challenge(event: GATE) -> Response:
        office.event(event)
        return JSONResponse(context.platform.challenge(context.origin), 201)

    @app.post("/gate/api/{event}/admit")
    def terminal_admit(event: GATE, body: TerminalAdmission) -> Response:
        office.event(event)
        return JSONResponse(
            office.admit(event, body.gate, body.challenge(), body.card_answer()).to_json()
        )

    return app


__all__ = ["NAME", "build_tickets_app"]
