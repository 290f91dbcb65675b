"""The exam office's site and the exam room door: apply with a card login, check in at the door
with the admission ticket's number and the same card with its PIN.

`/door/{exam}?room=A101` is the door's terminal as a page (the proctor types the examinee number
from the ticket, the examinee answers with the card in the wallet)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Form, Path, Request, Response

from jpki.apps.exam.service import ExamOffice
from jpki.apps.exam.texts import TEXT
from jpki.apps.kit.card_requests import CardRefusal, CardRequest
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.web import service_app
from jpki.protocol.levels import Level
from jpki.protocol.wallet import LoginAnswer

NAME = "デモ入試 / Demo Entrance Exams"
EXAM = Annotated[str, Path(pattern=r"^[a-z0-9-]{1,32}$")]
ROOM_PATTERN = r"^[A-Z0-9-]{1,16}$"
NUMBER_PATTERN = r"^[0-9]{8}$"


def build_exam_app(context: ServiceContext) -> FastAPI:
    office = ExamOffice(context)
    app, web, requests = service_app(NAME, TEXT, context, __file__)

    @requests.on_login("apply")
    def applied(card_request: CardRequest, answer: LoginAnswer) -> dict[str, Any]:
        ctx = card_request.context
        ticket = office.apply(ctx["exam"], ctx["name"], ctx["challenge"], answer)
        return {"number": ticket.number}

    @requests.on_login("door")
    def checked(card_request: CardRequest, answer: LoginAnswer) -> dict[str, Any]:
        ctx = card_request.context
        verdict = office.check_at_door(
            ctx["exam"], ctx["room"], ctx["number"], ctx["challenge"], answer
        )
        return verdict.to_json()

    @web.continues("apply")
    def show_ticket(request: Request, card_request: CardRequest) -> Response:
        ticket = office.ticket(card_request.outcome["number"])
        assert ticket is not None
        return web.page(request, "ticket.html", ticket=ticket, exam=office.exam(ticket.exam))

    @web.continues("door")
    def verdict(request: Request, card_request: CardRequest) -> Response:
        ctx = card_request.context
        return web.page(
            request, "door.html", exam=office.exam(ctx["exam"]), room=ctx["room"],
            verdict=card_request.outcome, log=office.door_log(ctx["exam"], ctx["room"]),
        )  # fmt: skip

    @app.get("/")
    def home(request: Request) -> Response:
        return web.page(request, "home.html", exams=office.exams())

    @app.post("/apply")
    def apply(
        request: Request,
        exam: str = Form(..., max_length=32),
        name: str = Form(..., max_length=400),
    ) -> Response:
        chosen = office.exam(exam)
        card_request = requests.login(
            "apply", web.browser(request), context.login_challenge(),
            context={"exam": chosen.id, "name": office.checked_name(name)},
        )  # fmt: skip
        return web.show(request, card_request)

    @app.get("/door/{exam}")
    def door(request: Request, exam: EXAM, room: str = "") -> Response:
        chosen = office.exam(exam)
        rooms = chosen.rooms.split(",")
        if room not in rooms:
            raise CardRefusal(
                f"no room {room[:16]!r} for this exam / この試験の試験室ではありません"
            )
        return web.page(
            request, "door.html", exam=chosen, room=room, verdict=None,
            log=office.door_log(chosen.id, room),
        )  # fmt: skip

    @app.post("/door/{exam}")
    def door_check(
        request: Request,
        exam: EXAM,
        room: str = Form(..., pattern=ROOM_PATTERN),
        number: str = Form(..., max_length=40),
    ) -> Response:
        chosen = office.exam(exam)
        if room not in chosen.rooms.split(","):
            raise CardRefusal("no such room for this exam / この試験の試験室ではありません")
        number = number.strip()
        if not number.isascii() or not number.isdigit() or len(number) != 8:
            raise CardRefusal("an examinee number is 8 digits / 受験番号は8桁の数字です")
        card_request = requests.login(
            "door", web.browser(request), context.login_challenge(), levels=(Level.PIN,),
            context={"exam": chosen.id, "room": room, "number": number},
        )  # fmt: skip
        return web.show(request, card_request)

    return app


__all__ = ["NAME", "build_exam_app"]
