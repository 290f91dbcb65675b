"""The licensing service's web app: the licensing centre's desk (`/`) and a counter that
reads the licence (`/counter`), each a PC with a card reader attached."""

from __future__ import annotations

import datetime as dt

from fastapi import FastAPI, Form, Request, Response

from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.web import ROW_ID, redirect, service_app
from jpki.apps.licence.service import Licensing
from jpki.apps.licence.texts import TEXT
from jpki.clock import in_jst
from jpki.profile.licence import Category

NAME = "東京都公安委員会 マイナ免許証 / Tokyo Public Safety Commission, licence on the card"
"""The tenant's bilingual name (`日本語 / English`, as `in_language` splits it)."""


def build_licence_app(context: ServiceContext) -> FastAPI:
    licensing = Licensing(context)
    app, web, _ = service_app(NAME, TEXT, context, __file__)

    @app.get("/")
    def home(request: Request) -> Response:
        return web.page(
            request, "home.html", readers=licensing.reader_names(), categories=list(Category),
            written=licensing.writes(), jst=in_jst,
        )  # fmt: skip

    @app.post("/write")
    def write(
        request: Request,
        reader: str = Form(..., max_length=200),
        pin: str = Form(..., max_length=16),
        number: str = Form(..., max_length=12),
        category: list[str] = Form(..., max_length=20),
        conditions: str = Form("", max_length=400),
        expires_on: str = Form(..., max_length=10),
        licence_pin: str = Form(..., max_length=4),
    ) -> Response:
        try:
            expiry = dt.date.fromisoformat(expires_on)
        except ValueError:
            raise CardRefusal("the expiry is a date / 有効期間の末日は日付です") from None
        parts = [c.strip() for c in conditions.replace("、", ",").split(",")]
        licensing.write(
            reader, pin.strip(), number.strip(), category[:15], parts, expiry, licence_pin
        )
        return redirect("/")

    @app.get("/counter")
    def counter(request: Request) -> Response:
        return web.page(request, "counter.html", readers=licensing.reader_names())

    @app.post("/counter")
    def check(
        request: Request,
        reader: str = Form(..., max_length=200),
        licence_pin: str = Form(..., max_length=8),
    ) -> Response:
        row = licensing.check(reader, licence_pin.strip())
        return redirect(f"/counter/{row.id}")

    @app.get("/counter/{check_id}")
    def shown(request: Request, check_id: ROW_ID) -> Response:
        row = licensing.get(check_id)
        if row is None:
            return web.message(request, "no such check / 該当する確認がありません", 404)
        names = {c.value: c.name for c in Category}
        return web.page(request, "check.html", check=row, names=names)

    return app


__all__ = ["NAME", "build_licence_app"]
